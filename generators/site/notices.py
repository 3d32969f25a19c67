"""The file system's change notices that say a file was written, and an observer of them that mkdocs' live-reload
server can use in place of its polling one (live_reload.py).

A notice is taken for a change only when a file's text or place changed (`WRITES`): a build reads every page it
converts, and `kb serve` reads every record it re-checks, so an open or an unwritten close taken for a change would
start the next build for ever, or wake kb serve's loop for a change it made itself (preview.woken_on_change).
"""

from __future__ import annotations

from watchdog.events import (
    FileClosedEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver, ObservedWatch
from watchdog.observers.polling import PollingObserver

WRITES: list[type[FileSystemEvent]] = [FileCreatedEvent, FileModifiedEvent, FileClosedEvent, FileMovedEvent,
                                       FileDeletedEvent]
"""The notices that say a file's text or place changed. Not a file opened, nor closed unwritten: a build reads every
page it converts, and each read taken for a change would start the next build, for ever."""


class NoticeObserver:
    """What mkdocs' server watches its folders through (it calls `schedule`, `unschedule`, `start`, `stop` and
    `join`): the file system's change notices for written files where the system gives them, else a poll of the
    folders every `interval` seconds (inotify refuses an instance or a watch past the user's limits)."""

    def __init__(self, interval: float) -> None:
        self.interval = interval
        self.observer: BaseObserver = Observer()
        self.watches: dict[int, tuple[FileSystemEventHandler, str, bool, ObservedWatch]] = {}

    def schedule(self, handler: FileSystemEventHandler, path: str, *, recursive: bool = False) -> int:
        """Watch `path` (and below it, when `recursive`); the number to `unschedule` it by."""
        number = max(self.watches, default=-1) + 1
        try:
            watch = self.watch(handler, path, recursive)
        except OSError:  # no notices to be had (inotify: no instance left): every folder polled instead
            self.poll_instead()
            watch = self.watch(handler, path, recursive)
        self.watches[number] = (handler, path, recursive, watch)
        return number

    def watch(self, handler: FileSystemEventHandler, path: str, recursive: bool) -> ObservedWatch:
        return self.observer.schedule(handler, path, recursive=recursive, event_filter=WRITES)

    def unschedule(self, number: int) -> None:
        self.observer.unschedule(self.watches.pop(number)[3])

    @property
    def polling(self) -> bool:
        """Whether the folders are polled rather than watched through notices."""
        return isinstance(self.observer, PollingObserver)

    def start(self) -> None:
        try:
            self.observer.start()
        except OSError:  # no notices to be had (inotify: a watch refused at the user's limit)
            self.poll_instead()
            self.observer.start()

    def poll_instead(self) -> None:
        """Watch every folder scheduled so far by polling it every `interval` seconds, from now on."""
        running = self.observer.is_alive()
        self.observer.unschedule_all()
        if running:
            self.observer.stop()
        self.observer = PollingObserver(timeout=self.interval)
        for number, (handler, path, recursive, _) in self.watches.items():
            self.watches[number] = (handler, path, recursive, self.watch(handler, path, recursive))
        if running:
            self.observer.start()

    def stop(self) -> None:
        self.observer.stop()

    def join(self, timeout: float | None = None) -> None:
        self.observer.join(timeout)
