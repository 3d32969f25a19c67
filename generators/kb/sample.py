"""A random sample of the facts the site states, each with the file it lives in and the sources it cites, for
someone to try against the newest pages as a reader would (`kb sample`).

An audit of a sample finds what a rule cannot: a price the provider changed, a date that was a placeholder, a score
given to the wrong model. The facts are the ones a reader acts on, as the single definitions in `current` and
`evidence` give them: a live offering's price in force and its lifecycle, a model's release date and headline
context window, a benchmark claim. The same KB, day and seed give the same sample.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from . import current, evidence
from .issues import display_path
from .link import KB
from .records.offering import PLANNING_DATES
from .records.price import Snapshot, price_names
from .records.price_readings import unconfirmed
from .units import usd

KINDS = ("price", "lifecycle", "release", "limits", "claim")
"""The kinds of fact a sample draws from."""


@dataclass(frozen=True)
class Fact:
    """One fact as the site states it, and where to check it from."""

    kind: str
    subject: str
    """What the fact is about, in words (a model, or a model at a provider)."""
    states: str
    """What the KB says, in words."""
    file: Path
    """The record file holding it."""
    sources: tuple[str, ...]
    """The ids of the source records it cites."""

    def as_json(self) -> dict[str, object]:
        return {"kind": self.kind, "subject": self.subject, "states": self.states, "file": display_path(self.file),
                "sources": list(self.sources)}


def draw(kb: KB, on: datetime.date, size: int, seed: int, kinds: tuple[str, ...] = KINDS) -> list[Fact]:
    """`size` facts of `kinds` picked at random by `seed` (all of them when there are fewer), in the order drawn."""
    population = [fact for fact in facts(kb, on) if fact.kind in kinds]
    return random.Random(seed).sample(population, min(size, len(population)))


def facts(kb: KB, on: datetime.date) -> list[Fact]:
    """Every fact a sample draws from, in a fixed order (kind, then file)."""
    found = [*offering_facts(kb, on), *model_facts(kb), *claim_facts(kb)]
    return sorted(found, key=lambda fact: (KINDS.index(fact.kind), fact.file, fact.states))


def file_of(kb: KB, kind: str, record_id: str) -> Path:
    return kb.entries[(kind, record_id)].file


def offering_facts(kb: KB, on: datetime.date) -> Iterator[Fact]:
    """A live offering's price in force (with the day it was last checked, if it was) and its lifecycle."""
    for offering in kb.offerings:
        if not current.is_live(offering, on):
            continue
        cycle = offering.lifecycle
        dates = ", ".join(f"{name.replace('_', ' ')} {getattr(cycle, name)}"
                          for name in PLANNING_DATES if getattr(cycle, name))
        status = current.offering_status(offering, on)  # as the site shows it (`retiring` within 90 days)
        yield Fact("lifecycle", kb.offering_label(offering), f"{status}{f' ({dates})' if dates else ''}, called as "
                   f"{', '.join(offering.api_ids)}", file_of(kb, "offerings", offering.id),
                   tuple(cycle.sources or offering.sources))
        snapshot = current.current_price(kb, offering, on)
        history = kb.price_history(offering.id)
        if snapshot is None or history is None:
            continue
        cached = f", {usd(snapshot.cached_input)} cached input" if snapshot.cached_input is not None else ""
        yield Fact("price", kb.offering_label(offering),
                   f"{usd(snapshot.input)} input, {usd(snapshot.output)} output{cached} per 1M tokens "
                   f"({snapshot.basis} {snapshot.effective}; {checked_words(kb, offering.id, snapshot)})",
                   file_of(kb, "prices", history.id), tuple(current.price_sources(kb, offering.id, snapshot)))


def checked_words(kb: KB, offering_id: str, snapshot: Snapshot) -> str:
    """When a first-party page last showed the price, and which of its prices no check confirmed, as the pricing
    page says it ("checked 2026-10-05 (not its cached input)"): an auditor is shown no more than the site claims."""
    check = current.price_check(kb, offering_id, snapshot)
    if check is None:
        return "never checked"
    left = unconfirmed(check, snapshot)
    return f"checked {check.checked}{f' (not its {price_names(left)})' if left else ''}"


def model_facts(kb: KB) -> Iterator[Fact]:
    """A model's release date and its headline context window (the fact summaries show)."""
    for model in kb.models:
        where = file_of(kb, "models", model.id)
        if model.released:
            yield Fact("release", model.name, f"released {model.released}", where, tuple(model.sources))
        window = evidence.headline(kb, model.context_window)
        if window:
            yield Fact("limits", model.name, f"context window {window.value:,} tokens", where,
                       tuple(window.fact.sources))


def claim_facts(kb: KB) -> Iterator[Fact]:
    for claim in kb.claims:
        yield Fact("claim", kb.name_of("models", claim.model),
                   f"{claim.score if claim.score is not None else claim.qualitative} {claim.metric} on "
                   f"{kb.name_of('benchmarks', claim.benchmark)} ({claim.reported_by}: {claim.reporter}, {claim.when})",
                   file_of(kb, "claims", claim.id), tuple(claim.sources))
