"""`kb serve`: render once, run `mkdocs serve --dirty`, and re-render what a changed record affects.

This module watches kb/ (woken by the file system's change notices through watchdog, which mkdocs' own serve already
uses, and polling as well, since a network file system may send none: often until a notice has come with a change,
then seldom). When record files change it re-reads only those files, re-links and re-checks the KB, then renders in
two passes: first the changed records' own pages, then every other page that read something of the KB that changed
(each page notes what it reads, reads.py, as an incremental build's do). A page is rewritten only when its text
changed, so mkdocs, run with `--dirty`, rebuilds just those: the edited record's page is served first, and the pages
that list it catch up soon after. The pages live in a private temporary folder for the session, so a preview never
touches a build's files.
"""

from __future__ import annotations

import datetime
import os
import signal
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import click

from ..collector import collector_paused
from ..kb import rules
from ..kb.issues import Issue, KBUsageError
from ..kb.link import KB, Entry, Key, link
from ..kb.load import RawRecord, is_note, load_file, record_file_names
from ..kb.reads import Digests, Token
from ..kb.records import Record
from ..kb.validate import validate_kb, validate_record
from . import urls
from .api_parts import Kept, Parts
from .build import write_config
from .export import write_api
from .render import Rendered, render_pages, render_site
from .shards import environment_for
from .site_files import site_files

Stamp = tuple[str, int, int]
"""A record file's kind, size and mtime."""
POLL_SECONDS = 0.25
"""How often kb/ is polled while its file system has not yet shown that it sends change notices (a network file
system may send none). A poll stats every record file: at catalogue scale 0.07 s, so about a quarter of a core."""
NOTICED_POLL_SECONDS = 5.0
"""How often kb/ is polled once a change notice came with a change: the notices then wake the preview, and the poll
is only a net for a change they missed."""


@dataclass
class Parsed:
    stamp: Stamp
    raw: RawRecord | None
    record: Record | None
    issues: list[Issue]


@dataclass
class Records:
    """The KB's record files, each parsed and checked against its schema again only when its size or mtime
    changes; linking and the cross-record rules run over the whole KB every time, as `kb validate` does."""

    root: Path
    parsed: dict[Path, Parsed] = field(default_factory=dict)
    paths: dict[str, Path] = field(default_factory=dict)

    def stamps(self) -> dict[Path, Stamp] | None:
        """Size and mtime of every record file; None when a folder holds a file that is not YAML (the full
        validation reports it). Called four times a second: plain string paths and one stat each (Path objects
        made this take 0.3 s at 11,000 records, and so most of a core)."""
        found = {}
        for kind, path in record_file_names(self.root):  # the order `kb validate` reads them in
            if os.path.splitext(path)[1] != ".yaml":
                if is_note(os.path.basename(path)):
                    continue
                return None
            try:
                stat = os.stat(path)
            except OSError:  # a dangling link or a file removed mid-poll: the full validation reports it
                return None
            found[self.paths.get(path) or self.paths.setdefault(path, Path(path))] = (
                kind, stat.st_size, stat.st_mtime_ns)
        return found

    def validate(self, today: datetime.date, stamps: dict[Path, Stamp] | None) -> tuple[KB, list[Issue], set[Key]]:
        """The linked KB, its issues, and the keys of the records whose files changed since the last call;
        `stamps` are the files' stamps now (from `stamps()`)."""
        if stamps is None:
            kb, issues = validate_kb(self.root, today)
            return kb, issues, set(kb.entries)
        changed: set[Key] = set()
        for file in set(self.parsed) - set(stamps):
            gone = self.parsed.pop(file)
            if gone.raw is not None:
                changed.add((gone.raw.kind, file.stem))
        with collector_paused():
            for file, stamp in stamps.items():
                if file in self.parsed and self.parsed[file].stamp == stamp:
                    continue
                raw, issues = load_file(file, stamp[0])
                record, record_issues = validate_record(raw) if raw is not None else (None, [])
                self.parsed[file] = Parsed(stamp, raw, record, issues + record_issues)
                changed.add((stamp[0], file.stem))
            entries = [Entry(p.record, p.raw) for p in self.parsed.values() if p.record is not None and p.raw]
            kb = link(entries)
            invalid = {(p.raw.kind, p.raw.file.stem) for p in self.parsed.values() if p.raw} - set(kb.entries)
            issues = [issue for p in self.parsed.values() for issue in p.issues]
            issues.extend(rules.check(kb, entries, today, invalid, jobs=2))  # the edited page waits for them
        return kb, sorted(set(issues)), changed


def own_pages(kb: KB, changed: set[Key]) -> set[str]:
    """The pages that show the changed records themselves (an offering or a price is shown on its model's page)."""
    return {urls.citing(kb, key).page + ".md" for key in changed if key in kb.entries}


@dataclass
class Preview:
    """The session's docs folder, the text last written to each of its files, and what each page read of the KB
    when it was last rendered."""

    records: Records
    docs: Path
    today: datetime.date
    written: dict[Path, str] = field(default_factory=dict)
    reads: dict[str, tuple[Token, ...]] = field(default_factory=dict)
    """Each page (its path under the docs folder) and the reads of the KB it was last rendered from."""
    digests: dict[Token, str] = field(default_factory=dict)
    """Each of those reads' digest in the KB the page was rendered from."""
    api_parts: Kept = field(default_factory=dict)
    """The JSON API's parts as last written (api_parts.py), each with what it read."""

    def stale(self, now: Digests) -> Callable[[str], bool]:
        """Whether a page must be rendered again in the KB `now` answers for: new, or some read of it changed."""
        def changed(path: str) -> bool:
            tokens = self.reads.get(path)
            return tokens is None or any(now(token) != self.digests.get(token) for token in tokens)
        return changed

    def remember(self, rendered: list[Rendered], now: Digests) -> None:
        """Note what the `rendered` pages read, with the digests in the KB `now` answers for. A page not rendered
        again read nothing that changed (`stale` compared each of its reads), so its digests stay as they are."""
        for page in rendered:
            reads = page.reads or ()
            self.reads[page.path.relative_to(self.docs).as_posix()] = reads
            self.digests.update((token, now(token)) for token in reads)

    def start(self) -> bool:
        return self.update(self.records.stamps(), first=True)

    def update(self, stamps: dict[Path, Stamp] | None, first: bool = False) -> bool:
        """Re-render after a change: the changed records' own pages first (mkdocs serves them while the rest
        renders), then every other page, each rewritten only if its text changed."""
        kb, issues, changed = self.records.validate(self.today, stamps)
        for issue in issues:
            click.echo(str(issue), err=True)
        if issues:
            click.echo(f"{len(issues)} problem(s): the preview keeps the last good pages until they are fixed.",
                       err=True)
            return False
        now = Digests(kb)
        if first:
            rendered = render_site(kb, self.docs, self.today, previous=self.written, reuse={})
        else:
            quick, stale = own_pages(kb, changed), self.stale(now)
            rendered = render_pages(kb, self.docs, self.today, wanted=quick.__contains__, previous=self.written,
                                    record=True)
            rendered += render_pages(kb, self.docs, self.today, wanted=lambda path: path not in quick and stale(path),
                                     previous=self.written, record=True)
        self.remember(rendered, now)
        parts = Parts(now, self.api_parts)  # each record's JSON made again only when what it read changed
        write_api(kb, self.docs / urls.API, self.today, parts, previous=self.written)
        self.api_parts = parts.kept
        return True


def serve(root: Path, port: int, today: datetime.date) -> None:
    records = Records(root)
    with tempfile.TemporaryDirectory(prefix="kb-serve-") as private, site_files(root) as found:
        base = found.base_in(Path(private))
        docs = Path(private) / "docs"
        preview = Preview(records, docs, today)
        if not preview.start():
            raise click.ClickException("the KB has problems; fix them (`kb validate`) and start the preview again")
        found.copy_into(docs)
        # --dirty: a rebuild re-renders only the pages whose Markdown changed. mkdocs warns about every dirty build,
        # so the preview is not strict (it prints warnings; `kb build` stays strict). Its search index then holds
        # only the rebuilt pages, which a complete `kb build` does not suffer from.
        # mkdocs serve mounts the site under site_url's path; the preview serves at the root of its own address.
        config = write_config(docs, base, Path(private) / "mkdocs.yml", ("strict: false",),
                              site_url=f"http://127.0.0.1:{port}/")
        # mkdocs' own `serve`, polling the docs folder every 0.1 s rather than 0.5 s (live_reload.py). Each rebuild
        # loads the configuration afresh, and with it a new theme environment: through a folder of compiled templates
        # (template_cache.py) a rebuild loads Material's templates instead of compiling them, half its time.
        templates = Path(private) / "templates"
        templates.mkdir()
        server = subprocess.Popen([sys.executable, "-m", "generators.site.live_reload", "serve", "--dirty",
                                   "--dev-addr", f"127.0.0.1:{port}", "--config-file", str(config)], cwd=private,
                                  env=environment_for(templates))
        # Stopped with SIGTERM (a supervisor, a benchmark), still stop mkdocs and remove the private folder.
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
        try:
            with woken_on_change(root) as changed:
                follow(server, records, preview, changed)
        except KeyboardInterrupt:
            pass
        finally:
            server.terminate()
            server.wait(timeout=10)


def follow(server: subprocess.Popen[bytes], records: Records, preview: Preview, changed: threading.Event) -> None:
    """Until mkdocs stops: on each change notice (or each poll: `next_poll`), re-render what the changed records
    affect."""
    seen, said, interval = records.stamps(), "", POLL_SECONDS
    while server.poll() is None:
        woken = changed.wait(interval)
        changed.clear()  # before reading the stamps: a change after this is seen now, or wakes the next turn
        try:
            current = records.stamps()
            said = ""
            interval = next_poll(interval, woken, current != seen)
            if current != seen:
                seen = current
                click.echo("kb/ changed: re-rendering")
                preview.update(current)
        except KBUsageError as error:  # e.g. a folder linked in while serving: say so once, keep serving
            if str(error) != said:
                said = str(error)
                click.echo(f"kb/ cannot be read: {error}", err=True)


def next_poll(interval: float, woken: bool, found: bool) -> float:
    """The poll's interval after a turn that a notice `woken` (or the poll) started and that `found` a change or not:
    NOTICED_POLL_SECONDS once a notice came with a change, else as it was."""
    return NOTICED_POLL_SECONDS if woken and found else interval


@contextmanager
def woken_on_change(root: Path) -> Iterator[threading.Event]:
    """An event the file system's change notices under `root` set (inotify on Linux, through watchdog), so a
    change is seen at once rather than at the next poll; without notices (too many watches, a file system that
    sends none) the event is never set and the poll alone sees changes. Only a written file's notice sets it
    (notices.WRITES): the preview reads each changed record, and a read taken for a notice would wake the loop again
    and, coming with a change no notice told of, make `next_poll` trust notices on a file system that sends none."""
    from watchdog.events import FileSystemEvent, FileSystemEventHandler
    from watchdog.observers import Observer

    from .notices import WRITES

    changed = threading.Event()

    class Notice(FileSystemEventHandler):
        def on_any_event(self, event: FileSystemEvent) -> None:
            changed.set()

    observer = Observer()
    try:
        observer.schedule(Notice(), str(root), recursive=True, event_filter=WRITES)
        observer.start()
    except OSError:
        yield changed
        return
    try:
        yield changed
    finally:
        observer.stop()
        observer.join(timeout=5)
