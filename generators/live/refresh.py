"""`kb refresh`: what the live checks establish, written into the KB as one reviewable change.

The checks only say what differs; this turns each statement into the record edit a curator would make, and
nothing else:
- a price that differs upstream becomes a new snapshot at the end of its history, `basis: observed` on the list's
  date (the list shows it in force; it never says since when), citing the list's source record;
- the upstream id an offering was matched to is kept in `external_ids`, so the next run sees it vanish or move;
- an expiration date, or a matched id gone from the list, becomes a lifecycle proposal citing the list;
- ids the list shows for a known lab that no offering names are reported as discovered, never created.
An aggregator never makes a price `checked`: that needs the provider's own page. The change is planned from the
linked KB (pure), rendered with ruamel.yaml so comments and key order survive, and written through one
transaction whose check is the whole KB's validation: it lands whole or not at all. A second run finds nothing.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ..kb.current import has_retired
from ..kb.link import KB
from ..kb.records import Offering, Provider
from ..kb.records.price_readings import carrying
from ..kb.units import decimal
from .aggregator import AGGREGATOR, gone_words, price_drifts, priced_offerings
from .dialects import ListedModel
from .matching import Index, Match, match

LIST_SOURCE = "openrouter-models-api"
LIST_URL = "https://openrouter.ai/api/v1/models"


@dataclass(frozen=True)
class ListSource:
    """The source record of one list a refresh read: created with these fields, or its `accessed` date moved."""

    id: str
    type: str
    title: str
    url: str
    publisher: str
    summary: str


OPENROUTER_LIST = ListSource(
    LIST_SOURCE, "aggregator", "OpenRouter model list (GET /api/v1/models)", LIST_URL, "OpenRouter",
    "OpenRouter's public list of the models it routes, with per-token prices, cache prices, long-prompt overrides "
    "and expiration dates. An aggregator: a price seen there is observed in force, never checked at the provider.")


@dataclass
class Change:
    """Every edit one refresh makes, by record, and what it reports without writing."""

    snapshots: dict[str, dict[str, Any]] = field(default_factory=dict)
    """Price-history id -> the observed snapshot to append."""
    external_ids: dict[str, str] = field(default_factory=dict)
    """Offering id -> the aggregator id it was matched to."""
    lifecycle: dict[str, dict[str, Any]] = field(default_factory=dict)
    """Offering id -> lifecycle fields to set (status, retires, seen_gone), each with the list cited; a field set to
    None is dropped from the record."""
    cited: dict[str, str] = field(default_factory=dict)
    """Offering id -> the source id its lifecycle proposal cites (OpenRouter's list unless a provider's own)."""
    confirmed: dict[str, tuple[int, str]] = field(default_factory=dict)
    """Price-history id -> (index of the snapshot in force, source id): a provider's own list shows exactly its
    figures, so it gets that list's day as its `checked` date."""
    lists: dict[str, ListSource] = field(default_factory=lambda: {LIST_SOURCE: OPENROUTER_LIST})
    """Every list read, by source id: the source records a written change creates or updates."""
    discovered: list[str] = field(default_factory=list)
    unread: list[str] = field(default_factory=list)
    """Providers' own lists that were not read, and why (no key, an API error): they establish nothing."""
    ambiguous: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    """Statements for the reviewer: why each edit was made."""


def propose(change: Change, offering_id: str, fields: dict[str, Any], source: str = LIST_SOURCE) -> None:
    change.lifecycle[offering_id] = fields
    change.cited[offering_id] = source


def money(value: float | Decimal) -> Decimal:
    """A listed price as the number a record holds: exact to a millionth of a dollar, trailing zeros dropped."""
    exact = decimal(value).quantize(Decimal("0.000001")).normalize()
    return exact if exact != exact.to_integral_value() else exact.quantize(Decimal("1.0"))


def observed(entry: ListedModel, as_of: datetime.date) -> dict[str, Any]:
    assert entry.input_price is not None and entry.output_price is not None
    snapshot: dict[str, Any] = {"effective": as_of, "basis": "observed", "input": money(entry.input_price),
                                "output": money(entry.output_price)}
    if entry.cached_price is not None:
        snapshot["cached_input"] = money(entry.cached_price)
    if entry.cache_write_price is not None:
        snapshot["cache_write"] = money(entry.cache_write_price)
    tiers = [{"above_tokens": above, "input": money(i), "output": money(o)} for above, i, o in entry.tiers
             if i is not None and o is not None]
    if tiers:
        snapshot["tiers"] = tiers
    snapshot["sources"] = [LIST_SOURCE]
    where = f"at {entry.host}'s endpoint of `{entry.id}` among OpenRouter's endpoints" if entry.host else \
        f"in OpenRouter's model list (`{entry.id}`)"
    snapshot["note"] = f"Seen in force {where} on {as_of}; when it began is unknown."
    return snapshot


def plan(kb: KB, listed: list[ListedModel], as_of: datetime.date, drift: float) -> Change:
    """The change the list establishes, as of `as_of` (the day the list was read)."""
    change, index, matched = Change(), Index(listed), set()
    for offering, snapshot, _ in priced_offerings(kb, as_of):
        found = match(kb, offering, index, AGGREGATOR)
        if found.ambiguous:
            change.ambiguous.append(f"{offering.id}: {found.conflict or ', '.join(found.candidates)}")
            continue
        if found.entry is None:
            if found.how.startswith("gone"):
                propose_gone(change, offering, found)
            continue
        matched.add(found.entry.id)
        if offering.external_ids.get(AGGREGATOR) != found.entry.id and offering.provider != AGGREGATOR:
            change.external_ids[offering.id] = found.entry.id
        drifts = price_drifts(found, snapshot, drift)
        history = kb.price_history(offering.id)
        if drifts and history is not None and snapshot.effective < as_of:
            change.snapshots[history.id] = carrying(observed(found.entry, as_of), snapshot)
            change.notes += [message for _, message in drifts]
        propose_expiry(change, offering, found.entry, as_of)
    change.discovered = discovered(kb, listed, matched)
    return change


def propose_gone(change: Change, offering: Offering, found: Match) -> None:
    """An id matched before and missing now: withdrawn or renamed. Proposed `deprecated` (a reviewer finds the
    dates on the provider's page, or records the new id); said either way."""
    gone = f"{offering.id}: at OpenRouter, {gone_words(found)}"
    if offering.lifecycle.status in ("active", "preview"):
        propose(change, offering.id, {"status": "deprecated"})
        change.notes.append(f"{gone}; proposed `deprecated` (withdrawn, or renamed: see the discovered ids)")
    else:
        change.notes.append(f"{gone}; it is already `{offering.lifecycle.status}`")


def propose_expiry(change: Change, offering: Offering, entry: ListedModel, as_of: datetime.date) -> None:
    cycle = offering.lifecycle
    if entry.retires is None or cycle.status == "retired" or cycle.retires == entry.retires:
        return
    status = "retired" if has_retired(entry.retires, as_of) else "deprecated"
    propose(change, offering.id, {"status": status, "retires": entry.retires})
    change.notes.append(f"{offering.id}: OpenRouter lists `{entry.id}` as expiring on {entry.retires}; proposed "
                        f"`{status}`, retiring {entry.retires}")


def discovered(kb: KB, listed: list[ListedModel], matched: set[str]) -> list[str]:
    """Listed ids under a known lab's prefix that no offering names or matched."""
    prefixes = {p.aggregator_ids[AGGREGATOR] for p in kb.providers if isinstance(p, Provider)
                and AGGREGATOR in p.aggregator_ids}
    named = {i for o in kb.offerings for i in o.external_ids.values()}
    return sorted(m.id for m in listed if m.id.partition("/")[0] in prefixes and m.id not in matched | named
                  and ":" not in m.id and not m.id.startswith("~"))


__all__ = ["LIST_SOURCE", "Change", "ListSource", "money", "plan", "propose"]
