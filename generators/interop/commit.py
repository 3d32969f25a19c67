"""Check an import's result once, in memory, then write it.

The staged records were each validated when staged; here the whole resulting KB (existing entries, staged
records, histories with appended snapshots) goes through the cross-record rules once, without copying the KB to
disk. Only then is every file written, each atomically; for real writes each file's text is first parsed back
with the KB's own loader, so what lands on disk is what was validated, and all files land as one step
(kb/transaction.py).
"""

from __future__ import annotations

import dataclasses
import datetime
import decimal
import functools
from pathlib import Path
from typing import Any

import yaml

from ..collector import collector_paused
from ..kb import rules
from ..kb.history_text import appended, in_order
from ..kb.issues import Issue, display_path
from ..kb.link import Entry, link
from ..kb.load import parse_text
from ..kb.migrate import round_tripped
from ..kb.records import PriceHistory
from ..kb.records.base import yaml_number
from ..kb.schemas import header
from ..kb.transaction import apply
from ..kb.validate import judged_on
from .plan import Plan
from .report import ImportReport

Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class PlainDumper(Dumper):  # type: ignore[misc, valid-type]
    """Writes shared Python objects out in full: records may not contain anchors and aliases."""

    def ignore_aliases(self, data: object) -> bool:
        return True


PlainDumper.add_representer(decimal.Decimal, lambda dumper, value: dumper.represent_scalar(
    "tag:yaml.org,2002:float", yaml_number(value)))


class StagedRaw:
    """Stands in for the parsed file of a record not yet written: its issues point at the top of the file it will
    be. The path is only made when an issue asks for it (an import can stage 300,000 records)."""

    __slots__ = ("folder", "kind", "record_id", "root")
    data: dict[str, object] = {}

    def __init__(self, root: Path, kind: str, record_id: str, folder: str) -> None:
        self.root, self.kind, self.record_id, self.folder = root, kind, record_id, folder

    @property
    def file(self) -> Path:
        return self.root / self.kind / self.folder / f"{self.record_id}.yaml" if self.folder else \
            self.root / self.kind / f"{self.record_id}.yaml"

    def locate(self, path: tuple[str | int, ...]) -> tuple[int, int]:
        return 1, 1


def path_of(plan: Plan, kind: str, record_id: str, folder: str) -> Path:
    return StagedRaw(plan.root, kind, record_id, folder).file


def issues_in_memory(plan: Plan, today: datetime.date) -> list[Issue]:
    with collector_paused():
        entries = [e for e in plan.kb.entries.values() if not (e.key[0] == "prices" and e.key[1] in plan.appends)]
        for history_id, snapshots in plan.appends.items():
            entry = plan.kb.entries[("prices", history_id)]
            # the whole history validated again, as its file will be read: a snapshot's `carried` prices are filled in
            data = {**entry.raw.data, "snapshots": list(entry.raw.data["snapshots"])}
            in_order(data["snapshots"], snapshots)
            entries.append(Entry(PriceHistory.model_validate(data), dataclasses.replace(entry.raw, data=data)))
        for (kind, record_id), staged in plan.new.items():
            raw = StagedRaw(plan.root, kind, record_id, staged.folder)
            entries.append(Entry(staged.record, raw))  # type: ignore[arg-type]  # StagedRaw duck-types RawRecord
        return rules.check(link(entries), entries, today, set())


def snapshots_in_order(document: Any, added: list[Any]) -> None:
    """A round-tripped price history with the `added` snapshots put in date order among its own."""
    in_order(document["snapshots"], added)


def files(plan: Plan) -> dict[Path, str]:
    """Path -> full text of every file the import writes (new records, and price files with appends)."""
    out: dict[Path, str] = {}
    schemas = plan.root.parent / "schemas"
    for (kind, record_id), staged in sorted(plan.new.items()):
        path = path_of(plan, kind, record_id, staged.folder)
        text = yaml.dump(staged.body, Dumper=PlainDumper, sort_keys=False, allow_unicode=True, width=110)
        out[path] = header(kind, path, schemas) + "\n" + text
    for history_id, snapshots in sorted(plan.appends.items()):
        entry = plan.kb.entries[(PriceHistory.kind, history_id)]
        original = entry.file.read_text(encoding="utf-8")
        out[entry.file] = appended(original, snapshots) or round_tripped(
            original, functools.partial(snapshots_in_order, added=snapshots))
    return out


def reread_issues(plan: Plan, texts: dict[Path, str]) -> list[str]:
    """Problems the KB's loader finds in the texts about to be written (none, unless dumping went wrong)."""
    problems = []
    for path, text in texts.items():
        kind = path.relative_to(plan.root).parts[0]
        _, issues = parse_text(text, path, kind)
        problems += [f"{display_path(path)}:{i.line}: {i.message}" for i in issues]
    return problems


def drop_uncited_sources(plan: Plan) -> None:
    """A source record an entry staged that no record or reading of the import cites (the entry's price turned out
    unchanged) is not written: an import adds only what it uses."""
    used = {target for staged in plan.new.values() for _, kind, target in staged.record.references()
            if kind == "sources"}
    used |= {source for readings in plan.appends.values() for reading in readings
             for source in reading.get("sources", [])}
    for key in [key for key in plan.new if key[0] == "sources" and key[1] not in used]:
        del plan.new[key]
        plan.report.created["sources"] -= 1


def commit(plan: Plan, today: datetime.date, dry_run: bool = False) -> ImportReport:
    report = plan.report
    drop_uncited_sources(plan)
    if not plan.new and not plan.appends:
        return report
    if not plan.appends and set(plan.new) <= plan.preamble:
        report.created.clear()
        report.aborted = "no entry of the feed could be imported"
        return report
    issues = issues_in_memory(plan, judged_on(today))  # the KB may hold facts newer than the feed's day
    if issues:
        shown = [f"{display_path(i.file)}:{i.line}: {i.message}" for i in sorted(set(issues))[:10]]
        report.aborted = f"the imported KB would not validate ({len(issues)} problem(s)); first: " + " | ".join(shown)
        return report
    texts = files(plan)
    problems = reread_issues(plan, texts)  # a dry run too, so it says what the real run would
    if problems:
        report.aborted = f"{len(problems)} file(s) would not read back as written; first: " + " | ".join(problems[:5])
        return report
    report.new = new_records(plan)
    if dry_run:
        report.aborted = "dry run"
        return report
    apply(plan.root, texts)  # every file or none: an interrupted import leaves the KB as it was
    report.written = len(texts)
    return report


def new_records(plan: Plan) -> dict[str, list[str]]:
    """Kind -> sorted ids of the records the plan writes (the ones `ImportReport.created` counts)."""
    named: dict[str, list[str]] = {}
    for kind, record_id in sorted(plan.new):
        named.setdefault(kind, []).append(record_id)
    return named
