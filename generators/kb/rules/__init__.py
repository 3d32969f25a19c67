"""Cross-record rules: what no single record's schema can say (references, dates, uniqueness, arithmetic).

One module per subject: `offerings` (lifecycles, API ids, replacements), `prices` (histories, tiers, reported
costs), `models` (limits, labs, claims, assessments). Each rule yields issues; `check` runs them all.
"""

from __future__ import annotations

import datetime
import difflib
import functools
from collections.abc import Callable, Iterator

from ...forked import run_parts
from ..issues import Issue
from ..link import KB, Entry
from ..records import SINGULAR
from . import consistency, models, offerings, prices
from .common import at


def check(kb: KB, entries: list[Entry], today: datetime.date,
          invalid: set[tuple[str, str]] | None = None, jobs: int = 1) -> list[Issue]:
    """Issues with the linked KB. `invalid` names records whose files exist but failed validation: references to
    them are not reported as dangling, since the real problem is already reported in their own file. With `jobs` 2,
    the records' own rules and the models' run in a forked process beside the offerings' and prices' (about half the
    time each at catalogue scale: `kb serve` waits for them before it shows an edited page)."""
    unknown = invalid or set()
    parts: list[Callable[[], list[Issue]]] = [functools.partial(records_and_models, kb, entries, today, unknown),
                                              functools.partial(offerings_and_prices, kb, today, unknown)]
    found = run_parts(parts) if jobs > 1 else [part() for part in parts]
    return [issue for part in found for issue in part]


def records_and_models(kb: KB, entries: list[Entry], today: datetime.date,
                       invalid: set[tuple[str, str]]) -> list[Issue]:
    issues = list(duplicate_ids(entries))
    for entry in kb.all_entries():
        issues.extend(dangling_references(kb, entry, invalid))
        issues.extend(future_dates(entry, today))
    issues.extend(models.check(kb))
    return issues


def offerings_and_prices(kb: KB, today: datetime.date, invalid: set[tuple[str, str]]) -> list[Issue]:
    return [*offerings.check(kb, today), *prices.check(kb, invalid), *consistency.check(kb)]


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
