"""Build step: the KB a build starts from, each file checked, with the cross-record rules running beside the build.

The rules (kb/rules) read the whole linked KB, and nothing a build does next needs their answer until it publishes:
a build starts them in a forked process and goes on to check which pages it can reuse and to render, work that does
not touch what it would publish (pages go into a private folder). Their issues are asked for before mkdocs runs; any
stops the build exactly as `kb validate`'s do, and a page that fails to render on a KB the rules refuse is reported
by the rules' issues, which say what to fix.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..collector import collector_paused
from ..forked import Started, started
from ..kb import parse_cache
from ..kb.issues import Issue
from ..kb.link import KB
from ..kb.validate import judged_on, linked_kb
from .incremental import Cache


class BuildError(Exception):
    """The site could not be built: invalid KB, mkdocs failure, or a broken link in the output."""

    def __init__(self, message: str, issues: list[Issue] | None = None) -> None:
        super().__init__(message)
        self.issues = issues or []


def checked_kb(kb_root: Path, today: datetime.date, kept: Cache | None) -> tuple[KB, Started[list[Issue]]]:
    """The KB linked from its records, each file checked against its schema, and the cross-record rules started
    beside the build (`rules_passed` asks for their issues before mkdocs runs, so before anything is published).
    Problems in the files raise BuildError, the rules' own named with them."""
    with collector_paused():
        kb, issues, rules_of = linked_kb(kb_root, judged_on(today),
                                         parse_cache.read(kept.records_file) if kept else None)
        if issues:
            issues = sorted(set(issues + rules_of()))
            raise BuildError(f"{len(issues)} problem(s) in the knowledge base; nothing was built", issues)
        return kb, started(rules_of)


def rules_passed(pending: Started[list[Issue]]) -> None:
    """Wait for the cross-record rules (`checked_kb`); their issues, if any, stop the build as `validate_kb`'s do."""
    issues = sorted(set(pending.result()))
    if issues:
        raise BuildError(f"{len(issues)} problem(s) in the knowledge base; nothing was built", issues)


@contextmanager
def pending_rules(pending: Started[list[Issue]]) -> Iterator[None]:
    """The block of a build that may end early (a failure): the rules' process is then stopped, not left behind."""
    try:
        yield
    finally:
        pending.cancel()
