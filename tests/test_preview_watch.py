"""How `kb serve` learns of a change: mkdocs' server through change notices for written files (or a poll where none
can be had), and kb serve's own loop, which polls kb/ often only until a notice has come with a change."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from watchdog.events import FileSystemEvent, FileSystemEventHandler

from generators.site import live_reload
from generators.site.notices import NoticeObserver
from generators.site.preview import follow, next_poll, woken_on_change

PATIENCE = 30.0
"""How long a test waits for a notice that should come (it comes within milliseconds; a loaded machine is slow)."""
QUIET = 1.0
"""How long a test waits to see that no notice comes."""


class Seen(FileSystemEventHandler):
    def __init__(self) -> None:
        self.paths: list[str] = []
        self.any = threading.Event()

    def on_any_event(self, event: FileSystemEvent) -> None:
        if not event.is_directory:
            self.paths.append(str(event.src_path))
            self.any.set()


def watching(folder: Path, seen: Seen) -> NoticeObserver:
    observer = NoticeObserver(0.1)
    observer.schedule(seen, str(folder), recursive=True)
    observer.start()
    return observer


def test_mkdocs_serve_gets_a_server_that_watches_through_notices_and_rebuilds_promptly(tmp_path: Path) -> None:
    import mkdocs.commands.serve as serve_command

    original = serve_command.LiveReloadServer
    try:
        live_reload.install()
        assert serve_command.LiveReloadServer is live_reload.PromptReloadServer
        server = serve_command.LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path))
        assert isinstance(server.observer, NoticeObserver) and server.observer.interval == 0.1
        assert server.build_delay == 0.02  # mkdocs' own: 0.1
    finally:
        serve_command.LiveReloadServer = original


def test_a_page_written_is_a_notice_and_a_page_read_is_none(tmp_path: Path) -> None:
    (tmp_path / "models").mkdir()
    page = tmp_path / "models" / "m1.md"
    page.write_text("# M1\n", encoding="utf-8")
    seen = Seen()
    observer = watching(tmp_path, seen)
    try:
        assert not observer.polling
        assert page.read_text(encoding="utf-8") == "# M1\n"  # what mkdocs' build does to every page it converts
        assert not seen.any.wait(QUIET), f"a read was taken for a change: {seen.paths}"
        page.write_text("# M1, edited\n", encoding="utf-8")
        assert seen.any.wait(PATIENCE)
        assert set(seen.paths) == {str(page)}
    finally:
        observer.stop()
        observer.join()


def test_where_notices_are_refused_the_same_folders_are_polled(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from watchdog.observers import Observer

    def refuse(self: object) -> None:
        raise OSError(28, "inotify watch limit reached")

    monkeypatch.setattr(Observer, "start", refuse)
    seen = Seen()
    observer = watching(tmp_path, seen)
    try:
        assert observer.polling
        (tmp_path / "index.md").write_text("# Home\n", encoding="utf-8")
        assert seen.any.wait(PATIENCE)
        assert str(tmp_path / "index.md") in seen.paths
    finally:
        observer.stop()
        observer.join()


@pytest.mark.parametrize("running", [False, True])  # a folder refused before the observer starts, or after
def test_where_no_notices_can_be_had_at_all_the_folders_are_polled(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                   running: bool) -> None:
    from watchdog.observers import Observer

    (tmp_path / "docs").mkdir()
    seen = Seen()
    observer = NoticeObserver(0.1)
    observer.schedule(seen, str(tmp_path / "docs"), recursive=True)  # through notices
    if running:
        observer.start()

    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError(24, "inotify instance limit reached")

    monkeypatch.setattr(Observer, "schedule", refuse)
    observer.schedule(seen, str(tmp_path), recursive=False)
    assert observer.polling  # the first folder too
    if not running:
        observer.start()
    try:
        (tmp_path / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
        assert seen.any.wait(PATIENCE)
        assert str(tmp_path / "docs" / "index.md") in seen.paths
    finally:
        observer.stop()
        observer.join()


def test_an_unscheduled_folder_is_no_longer_watched(tmp_path: Path) -> None:
    seen = Seen()
    observer = NoticeObserver(0.1)
    number = observer.schedule(seen, str(tmp_path), recursive=True)
    observer.start()
    try:
        observer.unschedule(number)
        (tmp_path / "index.md").write_text("# Home\n", encoding="utf-8")
        assert not seen.any.wait(QUIET)
    finally:
        observer.stop()
        observer.join()


@pytest.mark.parametrize(("interval", "woken", "found", "after"), [
    (0.25, True, True, 5.0),  # a notice came with a change: this file system sends them
    (0.25, True, False, 0.25),  # a notice for a file that is not a record
    (0.25, False, True, 0.25),  # the poll found a change no notice told of
    (0.25, False, False, 0.25),
    (5.0, False, True, 5.0),  # once notices came, a change they missed is still found, by the slower poll
])
def test_the_poll_slows_once_a_notice_came_with_a_change(interval: float, woken: bool, found: bool,
                                                         after: float) -> None:
    assert next_poll(interval, woken, found) == after


def test_the_serve_loop_waits_as_long_as_the_poll_says_and_re_renders_each_change() -> None:
    # Each turn: whether a notice woke it, and the stamps the records have then
    turns = [(False, "a"), (True, "a"), (False, "b"), (True, "c"), (False, "c")]
    waits: list[float | None] = []
    updates: list[str] = []

    class Notices(threading.Event):
        def wait(self, timeout: float | None = None) -> bool:
            waits.append(timeout)
            return turns[len(waits) - 1][0]

    class Records:
        asked = 0

        def stamps(self) -> str:
            Records.asked += 1
            return "a" if Records.asked == 1 else turns[Records.asked - 2][1]

    class Server:
        def poll(self) -> int | None:
            return None if len(waits) < len(turns) else 0

    class Shown:
        def update(self, stamps: str) -> None:
            updates.append(stamps)

    follow(Server(), Records(), Shown(), Notices())  # type: ignore[arg-type]  # the parts follow() calls
    assert waits == [0.25, 0.25, 0.25, 0.25, 5.0]
    assert updates == ["b", "c"]


def test_kb_serve_is_woken_by_a_record_written_and_not_by_its_own_read_of_one(tmp_path: Path) -> None:
    (tmp_path / "models").mkdir()
    record = tmp_path / "models" / "m1.yaml"
    record.write_text("id: m1\n", encoding="utf-8")
    with woken_on_change(tmp_path) as changed:
        assert record.read_text(encoding="utf-8") == "id: m1\n"  # what the preview does to each changed record
        assert not changed.wait(QUIET)
        record.write_text("id: m1\nname: M1\n", encoding="utf-8")
        assert changed.wait(PATIENCE)
