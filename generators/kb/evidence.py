"""Which sources a fact rests on, defined once: first-party or secondary, and which of disagreeing facts leads.

A lab's own paper, card, docs, pricing or deprecations page outranks a restatement of it (a catalogue, an article, a
leaderboard). Summaries show the leading fact and keep the others beside it; a fact only secondary sources give is
marked as such wherever it is shown.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

from .link import KB
from .records import Offering, Source
from .records.base import Sourced, TokensFact
from .records.offering import PLANNING_DATES

SECONDARY_SOURCES = frozenset({"textbook", "dataset", "aggregator", "article", "leaderboard"})
"""Source types that restate others' facts. A lab's paper, card, docs, pricing page or announcement outranks them."""


def is_primary(kb: KB, source_ids: Sequence[str]) -> bool:
    """Whether any of the sources is first-party (not a textbook, dataset, aggregator, article or leaderboard)."""
    for source_id in source_ids:
        source = kb.get("sources", source_id)
        if isinstance(source, Source) and source.type not in SECONDARY_SOURCES:
            return True
    return False


F = TypeVar("F", bound=Sourced)


def rank(kb: KB, fact: Sourced) -> tuple[bool, int]:
    """Where a fact stands among others of its kind, lowest first: primary sources before secondary ones, then the
    most recently dated (undated last). Facts of equal rank keep the order their record lists them in."""
    return not is_primary(kb, fact.sources), -(fact.as_of or datetime.date.min).toordinal()


def ranked(kb: KB, facts: Sequence[F]) -> list[F]:
    """Facts best first, by `rank`."""
    return sorted(facts, key=lambda f: rank(kb, f))


@dataclass(frozen=True)
class Headline:
    """The fact a summary shows, and the facts that disagree with it (shown beside it, never dropped)."""

    fact: TokensFact
    primary: bool
    disagreeing: tuple[TokensFact, ...]

    @property
    def value(self) -> int:
        return self.fact.value


def headline(kb: KB, facts: Sequence[TokensFact]) -> Headline | None:
    if not facts:
        return None
    best, *rest = ranked(kb, facts)
    return Headline(best, is_primary(kb, best.sources), tuple(f for f in rest if f.value != best.value))


def unordered(kb: KB, facts: Sequence[TokensFact]) -> tuple[Headline, TokensFact] | None:
    """The headline and a first-party fact that disagrees with it and ranks equal with it, so that only the order the
    record lists them in decides which a page shows; None when the headline does not depend on that order (or is not
    first-party: a catalogue's figures are ordered by date alone, and a first-party one always leads them)."""
    lead = headline(kb, facts)
    if lead is None or not lead.primary:
        return None
    other = next((f for f in lead.disagreeing if rank(kb, f) == rank(kb, lead.fact)), None)
    return (lead, other) if other is not None else None


def dates_first_party(kb: KB, offering: Offering) -> bool | None:
    """Whether a first-party page gives the offering's lifecycle dates (its `lifecycle.sources` name one), or only
    catalogues and articles do; None when it has no date to plan by. Every page showing such a date says which."""
    cycle = offering.lifecycle
    if not any(getattr(cycle, name) for name in PLANNING_DATES):
        return None
    return is_primary(kb, cycle.sources)


def no_date_on(offering: Offering) -> datetime.date | None:
    """The newest day a first-party page listed the offering with no retirement date (`lifecycle.no_date_on`, which
    only a date resting on secondary sources may carry: rules.offerings.pages_without_date); None without one."""
    pages = offering.lifecycle.no_date_on
    return max(page.as_of for page in pages) if pages else None


def disagreement(offering: Offering) -> str:
    """What every page adds after saying a date rests on secondary sources only, when a first-party page listed the
    offering without it ("; the provider listed none on 2026-09-28"); else nothing. A date and fixed words:
    safe in every sink as it is."""
    return no_date_words(no_date_on(offering))


def no_date_words(day: datetime.date | str | None) -> str:
    """The words of `disagreement` for the day a first-party page listed no date (choose.js says the same)."""
    return f"; the provider listed none on {day}" if day else ""
