"""How numbers read on the site: prices as recorded, costs that never round a real cost to zero, token counts.

Money is formatted from `Decimal(str(value))`, so a price of 0.075 prints as $0.075, never as a rounded $0.07.
"""

from __future__ import annotations

import datetime
import functools
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Protocol

NONE = "—"


def exact(value: object) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))


@functools.lru_cache(maxsize=4096, typed=True)  # a page prints the same few hundred prices thousands of times
def price(value: object) -> str:
    """A USD price as recorded: at least two decimals, more where the record has them (trailing zeros trimmed).
    Values that compare equal print the same (1.5 and 1.50 both as $1.50), so one cached text serves them all."""
    if value is None:
        return NONE
    number = exact(value)
    if number == 0:
        return "$0.00"  # also turns -0.0 into a plain zero
    places = max(2, -number.normalize().as_tuple().exponent)  # type: ignore[operator]
    return f"${number:,.{places}f}"


def cost(value: object, significant: int = 3) -> str:
    """A computed cost: cents from $1 up; below that enough significant figures that it never reads $0.00."""
    if value is None:
        return NONE
    number = exact(value)
    if number == 0:
        return "$0.00"
    if abs(number) >= 1:
        return f"${number.quantize(Decimal('0.01'), ROUND_HALF_EVEN):,.2f}"
    digits = significant - number.adjusted() - 1
    rounded = number.quantize(Decimal(1).scaleb(-digits), ROUND_HALF_EVEN).normalize()
    return price(rounded)


def tokens(value: int | None) -> str:
    return NONE if value is None else f"{value:,}"


def number(value: float | int | None) -> str:
    """A score or other measured number: as recorded, with thousands separators."""
    if value is None:
        return NONE
    if isinstance(value, int):
        return f"{value:,}"
    text = f"{exact(value).normalize():f}"
    whole, _, fraction = text.partition(".")
    return f"{int(whole):,}" + (f".{fraction}" if fraction else "") if whole.lstrip("-").isdigit() else text


class Dated(Protocol):
    """What `price_date` reads of a price snapshot (its `basis` too, where it has one)."""

    @property
    def effective(self) -> datetime.date: ...


def price_date(snapshot: Dated) -> str:
    """When a price holds, said honestly: "since DATE" only where the snapshot's start is known (it took effect
    then); a price only seen in force is "observed DATE, start unknown"."""
    effective, basis = snapshot.effective, getattr(snapshot, "basis", "effective")
    return f"since {effective}" if basis == "effective" else f"observed {effective}, start unknown"
