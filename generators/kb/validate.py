"""Validate step: check each parsed record against its pydantic model, then run the cross-record rules.

`validate_kb` is the whole pipeline up to a linked KB: load -> validate -> link -> rules.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Callable
from pathlib import Path

from pydantic import ValidationError

from ..collector import collector_paused
from ..forked import started
from . import rules
from .issues import Issue
from .link import KB, Entry, link
from .load import RawRecord, find_record_files, load_files
from .messages import describe
from .parse_cache import Parsed
from .records import KINDS, SINGULAR, Record


def judged_on(asked: datetime.date) -> datetime.date:
    """The day a command that answers for the day `asked` judges the records valid on: the real today, or `asked`
    when later. Asking about a past day (`kb choose --today 2025-06-01`) must not make every newer fact an error
    "in the future"; only `kb validate --today` judges as of exactly the day given."""
    return max(asked, datetime.date.today())


def validate_kb(root: Path, today: datetime.date, parsed: Parsed | None = None) -> tuple[KB, list[Issue]]:
    """Everything `kb validate` checks, as one sorted list of issues, and the KB linked from the valid records.
    `parsed` is a build cache's data of the files as they were (parse_cache.py): those not changed since are not
    parsed again, and then one process does it all (what a second would save is less than the trip back)."""
    with collector_paused():
        kb, issues, rules_of = linked_kb(root, today, parsed)
        issues.extend(rules_of())
    return kb, sorted(set(issues))


def linked_kb(root: Path, today: datetime.date, parsed: Parsed | None = None
              ) -> tuple[KB, list[Issue], Callable[[], list[Issue]]]:
    """`validate_kb` up to the cross-record rules: the KB linked from the valid records, each file's own issues, and
    the rules as a call still to make (a build runs them beside its rendering: build.py). Call with the collector
    paused."""
    files = find_record_files(root)
    if len(files) < PARALLEL_FROM or parsed:
        raw_records, entries, issues = checked_files(files, parsed)
    else:  # the other process only parses: its records come back as plain data, checked here (see OWN_SHARE)
        cut = round(len(files) * OWN_SHARE)
        parsing = started(functools.partial(load_files, files[cut:]))
        try:
            raw_records, entries, issues = checked_files(files[:cut])
            others, found = parsing.result()
        finally:
            parsing.cancel()  # after a failure here, the other process is not left running
        checked, found = checked_records(others, found)
        raw_records, entries, issues = raw_records + others, entries + checked, issues + found
    kb = link(entries)
    invalid = {(raw.kind, raw.file.stem) for raw in raw_records} - set(kb.entries)
    return kb, issues, functools.partial(rules.check, kb, entries, today, invalid)


PARALLEL_FROM = 2000
"""Record files from which a KB is parsed in two processes: below it, the fork and the parsed data's trip back cost
more than the halved parse saves."""
OWN_SHARE = 0.55
"""Of a KB parsed in two processes, the share of its files this process parses and checks. The other process parses
the rest and sends back plain data, checked against the schemas here: validated records would come back as pickled
pydantic objects, which cost more to send and to unpickle (0.9 s for 4,000 records) than validating them here.
At 11,157 records `linked_kb` took a median 1.93-1.96 s at 0.55, 2.0-2.1 s at 0.6 and at 0.5, 2.1-2.2 s at 0.65;
sending validated records back and taking 0.64 of the files here, 2.05-2.09 s."""


def checked_files(files: list[tuple[str, Path]], parsed: Parsed | None = None
                  ) -> tuple[list[RawRecord], list[Entry], list[Issue]]:
    """The files parsed (or found in `parsed`) and each checked against its schema: every parsed record, the valid
    ones as entries, and the issues, all in file order (so one process or two give the same KB)."""
    raw_records, issues = load_files(files, parsed)
    entries, issues = checked_records(raw_records, issues)
    return raw_records, entries, issues


def checked_records(raw_records: list[RawRecord], issues: list[Issue]) -> tuple[list[Entry], list[Issue]]:
    """Each parsed record checked against its schema: the valid ones as entries, and `issues` (the parse's) with
    each record's own after them, in file order."""
    entries: list[Entry] = []
    for raw in raw_records:
        record, record_issues = validate_record(raw)
        issues.extend(record_issues)
        if record is not None:
            entries.append(Entry(record, raw))
    return entries, issues


def validate_record(raw: RawRecord) -> tuple[Record | None, list[Issue]]:
    cls = KINDS[raw.kind]
    issues = id_issues(raw)
    version, current = raw.data.get("schema_version"), cls.current_version()
    if isinstance(version, int) and not isinstance(version, bool) and 0 < version < current:
        line, column = raw.locate(("schema_version",))
        return None, [*issues, Issue(raw.file, line, column,
                                     f"this record follows schema version {version}; {SINGULAR[raw.kind]} records "
                                     f"are now at version {current}", "run `kb migrate` to upgrade it in place")]
    try:
        record = cls.model_validate(raw.data)
    except ValidationError as error:
        issues.extend(describe(raw, cls, err) for err in error.errors(include_url=False))
        return None, issues
    return (None if issues else record), issues


def id_issues(raw: RawRecord) -> list[Issue]:
    record_id = raw.data.get("id")
    if isinstance(record_id, str) and record_id != raw.file.stem:
        line, column = raw.locate(("id",))
        return [Issue(raw.file, line, column,
                      f"id `{record_id}` does not match the file name `{raw.file.name}`",
                      f"rename the file to `{record_id}.yaml` or set `id: {raw.file.stem}`")]
    return []
