"""How a reading of prices relates to the snapshot before it and to its check: what it carries, leaves out, or
adds that no check confirmed. What `kb import`, `kb refresh` and the pages' "checked (not its ...)" share."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .price import CARRIABLE, Snapshot, stated


def unconfirmed(check: Snapshot, snapshot: Snapshot) -> list[str]:
    """The prices of `snapshot` (besides input and output) that its check (`PriceHistory.last_check`) did not
    confirm: those the checked reading carried from before, and those a later, unchecked reading added to."""
    return [field for field in CARRIABLE if stated(getattr(snapshot, field))
            and (field in check.carried or getattr(check, field) != getattr(snapshot, field))]


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
