"""`kb refresh`, second half: the planned change as file texts, written in one transaction checked by validation.

Edits go through ruamel.yaml's round trip, so a record keeps its comments, key order and line breaks and a
reviewer's diff shows only what changed. The list's source record is created, or its `accessed` date moved to the
list's date; nothing else in it changes.
"""

from __future__ import annotations

import datetime
import io
from pathlib import Path
from typing import Any

from ..kb.link import KB
from ..kb.migrate import yaml_round_trip
from ..kb.schemas import header
from ..kb.transaction import apply
from ..kb.validate import validate_kb
from .aggregator import AGGREGATOR
from .refresh import LIST_SOURCE, LIST_URL, Change


def dump(document: Any) -> str:
    buffer = io.StringIO()
    yaml_round_trip().dump(document, buffer)
    return buffer.getvalue()


def edited(file: Path, edit: Any) -> str:
    document = yaml_round_trip().load(file.read_text(encoding="utf-8"))
    edit(document)
    return dump(document)


def source_text(kb: KB, root: Path, as_of: datetime.date) -> tuple[Path, str] | None:
    """The list's source record, created or with `accessed` moved to `as_of`; None when it already says so."""
    entry = kb.entries.get(("sources", LIST_SOURCE))
    if entry is None:
        path = root / "sources" / f"{LIST_SOURCE}.yaml"
        body = dump({"schema_version": 1, "id": LIST_SOURCE, "type": "aggregator",
                     "title": "OpenRouter model list (GET /api/v1/models)", "url": LIST_URL,
                     "publisher": "OpenRouter", "accessed": as_of,
                     "summary": "OpenRouter's public list of the models it routes, with per-token prices, cache "
                                "prices, long-prompt overrides and expiration dates. An aggregator: a price seen "
                                "there is observed in force, never checked at the provider."})
        return path, header("sources", path, root.parent / "schemas") + "\n" + body
    accessed = getattr(entry.record, "accessed", None)
    if accessed is not None and accessed >= as_of:
        return None
    return entry.file, edited(entry.file, lambda doc: doc.__setitem__("accessed", as_of))


def texts(kb: KB, root: Path, change: Change, as_of: datetime.date) -> dict[Path, str]:
    """Path -> full new text of every file the change touches."""
    out: dict[Path, str] = {}
    for history_id, snapshot in sorted(change.snapshots.items()):
        file = kb.entries[("prices", history_id)].file
        out[file] = edited(file, lambda doc, s=snapshot: doc["snapshots"].append(s))
    for offering_id in sorted(set(change.external_ids) | set(change.lifecycle)):
        file = kb.entries[("offerings", offering_id)].file
        out[file] = edited(file, lambda doc, o=offering_id: edit_offering(doc, change, o))
    if change.snapshots or change.lifecycle:
        found = source_text(kb, root, as_of)
        if found:
            out[found[0]] = found[1]
    return out


def edit_offering(document: Any, change: Change, offering_id: str) -> None:
    if offering_id in change.external_ids:
        ids = document.setdefault("external_ids", {})
        ids[AGGREGATOR] = change.external_ids[offering_id]
    proposal = change.lifecycle.get(offering_id)
    if proposal:
        cycle = document["lifecycle"]
        for key, value in proposal.items():
            cycle[key] = value
        sources = cycle.setdefault("sources", [])
        if LIST_SOURCE not in sources:
            sources.append(LIST_SOURCE)


def write(kb: KB, root: Path, change: Change, as_of: datetime.date, today: datetime.date) -> int:
    """Write the change as one step, only if the whole resulting KB validates as of `today`; the files written."""
    files = texts(kb, root, change, as_of)
    if not files:
        return 0

    def problems(staged: Path) -> list[str]:
        _, issues = validate_kb(staged, today)
        return [f"{i.file.relative_to(staged)}:{i.line}: {i.message}" for i in issues]

    apply(root, files, check=problems)
    return len(files)
