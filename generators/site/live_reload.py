"""`mkdocs serve` as `kb serve` runs it: told of a changed page by the file system's change notices instead of
finding it by polling, and rebuilding 0.02 s after the last change seen instead of 0.1 s.

mkdocs' live-reload server polls the folders it watches (the docs folder, the configuration and the theme's
folders) every half second, so the page of an edited record waited a quarter of a second on average before mkdocs
even noticed it was rewritten, and an idle preview spent about a fifth of a core on the polls (measured at catalogue
scale: 18% of a core while nothing changed, polling every 0.1 s). `NoticeObserver` takes the notices instead (inotify
on Linux, through watchdog, which mkdocs already uses), for written files only; where notices cannot be had it polls
every POLLING_SECONDS. mkdocs' `serve` takes no option for either, so `python -m generators.site.live_reload serve
...` gives mkdocs' serve command a server built this way, then runs mkdocs' own command line as it is.
"""

from __future__ import annotations

from typing import Any

import mkdocs.commands.serve as serve_command
from mkdocs.livereload import LiveReloadServer
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

POLLING_SECONDS = 0.1
"""How often the watched folders are polled where the file system sends no change notices (mkdocs: 0.5 s)."""
QUIET_SECONDS = 0.02
"""How long the server waits, once it saw a change, for the changes to stop before it rebuilds (mkdocs: 0.1 s).
`kb serve` writes each page in one call, so a longer wait only delayed the edited page (measured with `kb serve` at
catalogue scale: 0.10 s from "Detected file changes" to "Building documentation"); a page written after the rebuild
began is a change the next rebuild takes."""
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


class PromptReloadServer(LiveReloadServer):
    """mkdocs' live-reload server, watching its folders through a NoticeObserver and rebuilding QUIET_SECONDS after
    the last change it saw."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["polling_interval"] = POLLING_SECONDS
        super().__init__(*args, **kwargs)
        self.observer = NoticeObserver(POLLING_SECONDS)  # type: ignore[assignment]  # what mkdocs calls, it has
        self.build_delay = QUIET_SECONDS


def install() -> None:
    """Make mkdocs' serve command build its server as a PromptReloadServer (the name it builds it by)."""
    if not hasattr(serve_command, "LiveReloadServer"):
        return  # another mkdocs, serving some other way: it keeps its own watching
    serve_command.LiveReloadServer = PromptReloadServer


def main() -> None:
    from mkdocs.__main__ import cli

    install()
    cli()


if __name__ == "__main__":
    main()
