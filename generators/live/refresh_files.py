"""`kb refresh`, second half: the planned change as file texts, written in one transaction checked by validation.

A price history is edited as text (kb/history_text.py): a new reading appended, a confirmed one re-written alone, every
other line as it was. Other edits go through ruamel.yaml's round trip, which keeps comments and key order (long
notes may re-wrap). Each cited list's source record is created, or
its `accessed` date moved to the list's date; nothing else in it changes. A confirmed price gets the list's day as
`checked` and cites it.
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

from ..kb.history_text import appended, in_order, with_snapshot
from ..kb.link import KB
from ..kb.migrate import dumped, round_tripped
from ..kb.schemas import header
from ..kb.transaction import apply
from ..kb.validate import judged_on, validate_kb
from .aggregator import AGGREGATOR
from .refresh import LIST_SOURCE, Change, ListSource


def edited(file: Path, edit: Any) -> str:
    return round_tripped(file.read_text(encoding="utf-8"), edit)


def source_text(kb: KB, root: Path, listed: ListSource, as_of: datetime.date) -> tuple[Path, str] | None:
    """A list's source record, created or with `accessed` moved to `as_of`; None when it already says so."""
    entry = kb.entries.get(("sources", listed.id))
    if entry is None:
        path = root / "sources" / f"{listed.id}.yaml"
        body = dumped({"schema_version": 1, "id": listed.id, "type": listed.type, "title": listed.title,
                     "url": listed.url, "publisher": listed.publisher, "accessed": as_of, "summary": listed.summary})
        return path, header("sources", path, root.parent / "schemas") + "\n" + body
    accessed = getattr(entry.record, "accessed", None)
    if accessed is not None and accessed >= as_of:
        return None
    return entry.file, edited(entry.file, lambda doc: doc.__setitem__("accessed", as_of))


def cited(change: Change) -> set[str]:
    """The lists the change cites: their source records are written with it."""
    out = {source for snapshot in change.snapshots.values() for source in snapshot["sources"]}
    return out | {change.cited.get(o, LIST_SOURCE) for o in change.lifecycle} | {
        source for _, source in change.confirmed.values()}


def texts(kb: KB, root: Path, change: Change, as_of: datetime.date) -> dict[Path, str]:
    """Path -> full new text of every file the change touches."""
    out: dict[Path, str] = {}
    for history_id in sorted(set(change.snapshots) | set(change.confirmed)):
        file = kb.entries[("prices", history_id)].file
        out[file] = history_text(file.read_text(encoding="utf-8"), change, history_id, as_of) or edited(
            file, lambda doc, h=history_id: edit_history(doc, change, h, as_of))
    for offering_id in sorted(set(change.external_ids) | set(change.lifecycle)):
        file = kb.entries[("offerings", offering_id)].file
        out[file] = edited(file, lambda doc, o=offering_id: edit_offering(doc, change, o))
    for source_id in sorted(cited(change)):
        found = source_text(kb, root, change.lists[source_id], as_of)
        if found:
            out[found[0]] = found[1]
    return out


def history_text(text: str, change: Change, history_id: str, as_of: datetime.date) -> str | None:
    """The history's text with only the confirmed reading re-written and the new one appended (kb/history_text.py), so
    no other line re-wraps; None when that cannot be done, and the file is written whole."""
    if history_id in change.confirmed:
        index, source = change.confirmed[history_id]
        edited_text = with_snapshot(text, index, lambda snapshot: confirm(snapshot, source, as_of))
        if edited_text is None:
            return None
        text = edited_text
    return appended(text, [change.snapshots[history_id]]) if history_id in change.snapshots else text


def confirm(snapshot: Any, source: str, as_of: datetime.date) -> None:
    """A reading the provider's own list showed: checked on the day read, citing the list."""
    snapshot["checked"] = as_of
    sources = snapshot.setdefault("sources", [])
    if source not in sources:
        sources.append(source)


def edit_history(document: Any, change: Change, history_id: str, as_of: datetime.date) -> None:
    if history_id in change.confirmed:
        index, source = change.confirmed[history_id]
        confirm(document["snapshots"][index], source, as_of)
    if history_id in change.snapshots:
        in_order(document["snapshots"], [change.snapshots[history_id]])


def edit_offering(document: Any, change: Change, offering_id: str) -> None:
    if offering_id in change.external_ids:
        ids = document.setdefault("external_ids", {})
        ids[AGGREGATOR] = change.external_ids[offering_id]
    proposal = change.lifecycle.get(offering_id)
    if proposal:
        cycle = document["lifecycle"]
        for key, value in proposal.items():
            if value is None:  # a field the proposal drops
                cycle.pop(key, None)
            else:
                cycle[key] = value
        sources = cycle.setdefault("sources", [])
        source = change.cited.get(offering_id, LIST_SOURCE)
        if source not in sources:
            sources.append(source)


def write(kb: KB, root: Path, change: Change, as_of: datetime.date, today: datetime.date) -> int:
    """Write the change as one step, only if the whole resulting KB validates as of `today`; the files written."""
    files = texts(kb, root, change, as_of)
    if not files:
        return 0

    def problems(staged: Path) -> list[str]:
        _, issues = validate_kb(staged, judged_on(today))
        return [f"{i.file.relative_to(staged)}:{i.line}: {i.message}" for i in issues]

    apply(root, files, check=problems)
    return len(files)
