"""What a workload costs on an offering, from the price snapshot in force on a date.

Arithmetic is in Decimal so that a seed's four-decimal figures are reproduced exactly, not to within float noise.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Literal, assert_never

from .records import Snapshot, Workload
from .units import MILLION, decimal


@dataclass(frozen=True)
class Cost:
    """The cost of one call of a workload, and the snapshot it was computed from."""

    per_call: Decimal
    snapshot: Snapshot
    tier_above: int | None
    """The long-context tier threshold that applied, if any."""

    def per_day(self, workload: Workload) -> Decimal:
        return self.per_call * workload.calls_per_day

    def per_month(self, workload: Workload) -> Decimal:
        return self.per_day(workload) * workload.days_per_month


def call_cost(snapshot: Snapshot, input_tokens: int, output_tokens: int, cached_share: Decimal = Decimal(0)) -> Cost:
    """Price one call. A long-context tier applies to the whole call once the prompt passes its threshold.

    `cached_share` of the input tokens (0 to 1) is billed at the cached-input price in force (the tier's, else the
    snapshot's); where none is published those tokens are billed as ordinary input, never as free."""
    input_price, output_price, tier_above = snapshot.input, snapshot.output, None
    cached_price = snapshot.cached_input
    for tier in sorted(snapshot.tiers, key=lambda t: t.above_tokens):
        if input_tokens > tier.above_tokens:
            input_price, output_price, tier_above = tier.input, tier.output, tier.above_tokens
            cached_price = tier.cached_input
    cached = Decimal(input_tokens) * cached_share
    # records hold prices as Decimal already (records.base.exact_amount): no conversion here
    total = ((Decimal(input_tokens) - cached) * input_price
             + cached * (input_price if cached_price is None else cached_price)
             + Decimal(output_tokens) * output_price) / MILLION
    return Cost(total, snapshot, tier_above)


def workload_cost(workload: Workload, snapshot: Snapshot) -> Cost:
    return call_cost(snapshot, workload.input_tokens, workload.output_tokens)


Period = Literal["call", "day", "month"]


def for_period(cost: Cost, workload: Workload, period: Period) -> Decimal:
    match period:
        case "call":
            return cost.per_call
        case "day":
            return cost.per_day(workload)
        case "month":
            return cost.per_month(workload)
        case _:
            assert_never(period)


def percent_change(old: float | Decimal | None, new: float | Decimal) -> Decimal | None:
    """How much `new` differs from `old`, in percent of `old`; None when there is no old price to compare."""
    if old is None or old == 0:
        return None
    return (decimal(new) - decimal(old)) / decimal(old) * 100


def reproduces(computed: Decimal, stated: Decimal) -> bool:
    """Whether a cost a source printed is what the records give. Sources print four decimals; a difference below
    half of that last digit is rounding, not a mismatch."""
    return abs(computed - stated) < Decimal("0.00005")
