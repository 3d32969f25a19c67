"""`kb refresh`, the providers' own lists: what a provider's model API says about its own offerings.

A provider's list is first-party, so it outranks OpenRouter's for that provider's offerings:
- a price the list publishes (Together's) that equals the one in force confirms it: that snapshot gets the list's
  day as its `checked` date, citing the list; a different price becomes an observed snapshot checked that day,
  replacing any the aggregator's list planned for the same history;
- a deprecation or retirement date the list states (Mistral's `deprecation`, with its replacement) becomes a
  lifecycle proposal citing the list;
- a live offering none of whose ids the list shows any more is proposed `retired`, seen gone on the day the list
  was read (`seen_gone`: withdrawn, or renamed; the provider's page may give the day it stopped).
Only lists that were read are planned from: a provider whose key is missing, or whose API failed, says nothing.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from decimal import Decimal
from typing import Any
from urllib.parse import urlsplit

from ..kb.current import current_price, has_retired, is_live
from ..kb.link import KB
from ..kb.records import Offering, Provider
from ..kb.records.price_readings import carrying
from ..kb.units import usd
from .dialects import ListedModel
from .refresh import Change, ListSource, money, observed, propose


def list_source(provider: Provider) -> ListSource:
    """The source record of a provider's own model list (one per provider)."""
    path = urlsplit(provider.models_endpoint or "").path or "/models"
    return ListSource(
        f"{provider.id}-models-api", "docs", f"{provider.name} model list (GET {path})",
        provider.models_endpoint or "", provider.name,
        f"{provider.name}'s own API list of the models it serves, read with a key: ids, and where the API "
        "publishes them, prices and deprecation dates. First-party: a price it shows is checked on the day read.")


def plan_provider(kb: KB, provider: Provider, listed: list[ListedModel], as_of: datetime.date,
                  change: Change) -> None:
    """Add to `change` what `provider`'s own list, read on `as_of`, establishes about its offerings."""
    source = list_source(provider)
    change.lists[source.id] = source
    by_id = {entry.id: entry for entry in listed}
    for offering in kb.offerings_of_provider(provider.id):
        if not is_live(offering, as_of):
            continue
        entry = next((by_id[i] for i in offering.all_api_ids() if i in by_id), None)
        if entry is None:
            withdrawn(change, provider, offering, as_of, source.id)
            continue
        lifecycle(kb, change, provider, offering, entry, as_of, source.id)
        price(kb, change, provider, offering, entry, as_of, source.id)


def withdrawn(change: Change, provider: Provider, offering: Offering, as_of: datetime.date, source: str) -> None:
    """The provider's own list, read on `as_of`, shows none of the offering's ids: a first-party page seen without it,
    so it is gone from that day. A retirement planned for later did not hold, and is dropped."""
    ids = ", ".join(f"`{i}`" for i in offering.all_api_ids())
    dropped = {"retires": None} if offering.lifecycle.retires else {}
    propose(change, offering.id, {"status": "retired", "seen_gone": as_of, **dropped}, source)
    change.notes.append(f"{offering.id}: {provider.name}'s own list no longer shows {ids}; proposed `retired`, seen "
                        f"gone on {as_of} (withdrawn, or renamed: find the day it stopped, or its new id, on the "
                        "provider's page)")


def lifecycle(kb: KB, change: Change, provider: Provider, offering: Offering, entry: ListedModel,
              as_of: datetime.date, source: str) -> None:
    cycle, fields = offering.lifecycle, dict[str, Any]()
    if entry.retires is not None and entry.retires != cycle.retires:
        fields = {"status": "retired" if has_retired(entry.retires, as_of) else "deprecated", "retires": entry.retires}
    elif entry.deprecated is not None and cycle.status in ("active", "preview"):
        fields = {"status": "deprecated", "deprecated": entry.deprecated}
    if not fields:
        return
    replacement = next((o.id for o in kb.offerings_of_provider(provider.id)
                        if entry.replacement and entry.replacement in o.all_api_ids()), None)
    if replacement and replacement != cycle.replacement and replacement != offering.id:
        fields["replacement"] = replacement
    propose(change, offering.id, fields, source)
    when = f", retiring {entry.retires}" if entry.retires else f", deprecated {entry.deprecated}"
    instead = f", replacement {replacement}" if "replacement" in fields else ""
    change.notes.append(f"{offering.id}: {provider.name}'s own list marks `{entry.id}` for retirement{when}"
                        f"{instead}; proposed `{fields['status']}`")


def listed_prices(entry: ListedModel) -> dict[str, Decimal] | None:
    if entry.input_price is None or entry.output_price is None:
        return None
    shown = {"input": money(entry.input_price), "output": money(entry.output_price)}
    if entry.cached_price is not None:
        shown["cached_input"] = money(entry.cached_price)
    return shown


def price(kb: KB, change: Change, provider: Provider, offering: Offering, entry: ListedModel,
          as_of: datetime.date, source: str) -> None:
    shown, snapshot, history = listed_prices(entry), current_price(kb, offering, as_of), kb.price_history(offering.id)
    if shown is None or snapshot is None or history is None:
        return
    held = {name: getattr(snapshot, name) for name in shown}
    if all(held[name] is not None and Decimal(held[name]) == value for name, value in shown.items()):
        if snapshot.cached_input is not None and "cached_input" not in shown:
            change.notes.append(f"{offering.id}: {provider.name}'s own list shows the input and output prices "
                                "in force but no cached price, so the snapshot stays unchecked")
        elif snapshot.checked is None or snapshot.checked < as_of:
            change.confirmed[history.id] = (history.snapshots.index(snapshot), source)
        if change.snapshots.pop(history.id, None) is not None:
            change.notes.append(f"{offering.id}: {provider.name}'s own list shows the price in force, so the "
                                "aggregator's different figure is not written")
        return
    if snapshot.effective >= as_of:
        return
    change.snapshots[history.id] = carrying(observed_first_party(provider, entry, as_of, source), snapshot)
    change.notes.append(f"{offering.id}: {provider.name}'s own list shows `{entry.id}` at "
                        f"{describe(shown)}, the KB {describe(held)} per 1M tokens; a snapshot observed and "
                        f"checked on {as_of} (the provider's own list outranks any aggregator's)")


def observed_first_party(provider: Provider, entry: ListedModel, as_of: datetime.date,
                         source: str) -> dict[str, Any]:
    """The snapshot refresh writes for a listed price (`refresh.observed`), checked on the day read and citing the
    provider's own list."""
    seen = {k: v for k, v in observed(entry, as_of).items() if k not in ("effective", "basis", "sources", "note")}
    return {"effective": as_of, "basis": "observed", "checked": as_of, **seen, "sources": [source],
            "note": f"Seen in force in {provider.name}'s own model list (`{entry.id}`) on {as_of}; when it began "
                    "is unknown."}


def describe(prices: Mapping[str, Decimal | None]) -> str:
    words = {"input": "in", "output": "out", "cached_input": "cached"}
    return " / ".join(f"{usd(value)} {words[name]}" for name, value in prices.items() if value is not None)


__all__ = ["list_source", "plan_provider"]
