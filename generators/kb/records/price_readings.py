"""How a reading of prices relates to the snapshot before it and to its check: what it carries, leaves out, or
adds that no check confirmed. What `kb import`, `kb refresh` and the pages' "checked (not its ...)" share."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .price import CARRIABLE, PRICE_FIELDS, Snapshot, stated


def unconfirmed(check: Snapshot, snapshot: Snapshot) -> list[str]:
    """The prices of `snapshot` (besides input and output) that its check (`PriceHistory.last_check`) did not
    confirm: those the checked reading carried from before or names `unchecked`, and those a later, unchecked reading
    added to."""
    return [field for field in CARRIABLE if stated(getattr(snapshot, field)) and (
        field in check.carried or field in check.unchecked or getattr(check, field) != getattr(snapshot, field))]


def left_out(previous: Snapshot, value_of: Callable[[str], object]) -> list[str]:
    """The prices besides input and output that `previous` states and a reading (`value_of` a field's name gives
    its value there) does not."""
    return [field for field in CARRIABLE if stated(getattr(previous, field)) and not stated(value_of(field))]


def carrying(reading: dict[str, Any], current: Snapshot | None) -> dict[str, Any]:
    """A new reading's snapshot (as a record states it) with `carried` naming the prices in force it does not state,
    when it repeats their input and output: a feed or a list that shows no cached or Batch price ends none
    (rules/prices.py refuses an unchecked reading that drops one). What `kb import` and `kb refresh` write."""
    if current is None or (reading.get("input"), reading.get("output")) != (current.input, current.output):
        return reading
    kept = left_out(current, reading.get)
    return {**reading, "carried": kept} if kept else reading


def stated_prices(prices: dict[str, Any]) -> dict[str, Any]:
    """The prices a reading (as a record or a feed states it) gives, each field with a value."""
    return {k: v for k, v in prices.items() if k in PRICE_FIELDS and stated(v)}


def same_prices(current: dict[str, Any], incoming: dict[str, Any]) -> bool:
    """Equal on every price both sides state: a feed that omits (say) the cached price is not a price change."""
    ours, theirs = stated_prices(current), stated_prices(incoming)
    return all(ours[k] == theirs[k] for k in ours.keys() & theirs.keys())


def adds(current: dict[str, Any], incoming: dict[str, Any]) -> list[str]:
    """The prices the feed states that the KB's price in force does not (a cached rate, a Batch price): news."""
    ours = stated_prices(current)
    return [k for k in stated_prices(incoming) if k not in ours]
