"""Cross-record rules: what no single record's schema can say (references, dates, uniqueness, arithmetic).

One module per subject: `offerings` (lifecycles, API ids, replacements), `prices` (histories, tiers, reported
costs), `models` (limits, labs, claims, assessments). Each rule yields issues; `check` runs them all.
"""

from __future__ import annotations

import datetime
import difflib
from collections.abc import Iterator

from ..issues import Issue
from ..link import KB, Entry
from ..records import SINGULAR
from . import consistency, models, offerings, prices
from .common import at


def check(kb: KB, entries: list[Entry], today: datetime.date,
          invalid: set[tuple[str, str]] | None = None) -> list[Issue]:
    """Issues with the linked KB. `invalid` names records whose files exist but failed validation: references to
    them are not reported as dangling, since the real problem is already reported in their own file."""
    issues = list(duplicate_ids(entries))
    for entry in kb.all_entries():
        issues.extend(dangling_references(kb, entry, invalid or set()))
        issues.extend(future_dates(entry, today))
    issues.extend(models.check(kb))
    issues.extend(offerings.check(kb, today))
    issues.extend(prices.check(kb, invalid or set()))
    issues.extend(consistency.check(kb))
    return issues


def duplicate_ids(entries: list[Entry]) -> Iterator[Issue]:
    seen: dict[tuple[str, str], Entry] = {}
    for entry in entries:
        first = seen.setdefault(entry.key, entry)
        if first is not entry:
            yield at(entry, ("id",), f"id `{entry.record.id}` is already used by {first.file}",
                     "ids must be unique within a kind: rename one of the two files (and its id)")


def dangling_references(kb: KB, entry: Entry, invalid: set[tuple[str, str]]) -> Iterator[Issue]:
    for path, kind, target in entry.record.references():
        if (kind, target) in kb.entries or (kind, target) in invalid:
            continue
        known = [key[1] for key in kb.entries if key[0] == kind]
        close = difflib.get_close_matches(target, known, n=1)
        hint = f"did you mean `{close[0]}`? Otherwise c" if close else "C"
        yield at(entry, path, f"`{'.'.join(map(str, path))}` refers to {SINGULAR[kind]} `{target}`, "
                 "which does not exist",
                 f"{hint}reate kb/{kind}/{target}.yaml (`kb new {SINGULAR[kind]} {target}`)")


def future_dates(entry: Entry, today: datetime.date) -> Iterator[Issue]:
    for path, date in entry.record.dates():
        if date > today:
            scheduled = " (prices announced to take effect later also take `announced`, the day they were stated)" \
                if path[-1] == "effective" else ""
            yield at(entry, path, f"`{'.'.join(map(str, path))}` is {date}, in the future (today is {today})",
                     f"record only what has happened; check the year{scheduled}")


__all__ = ["check"]
