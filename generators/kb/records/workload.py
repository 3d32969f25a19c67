"""Workloads: named cost scenarios that price tables are computed for."""

from __future__ import annotations

import decimal
from collections.abc import Iterator
from typing import Annotated, Literal

from pydantic import BeforeValidator, Field, PlainSerializer, WithJsonSchema

from .base import (
    Date,
    KBModel,
    Prose,
    Record,
    Reference,
    Slug,
    SourceRefs,
    Text,
    empty,
    exact_amount,
    json_number,
    source_refs,
)


class ReportedCost(KBModel):
    """A cost that a source computed for this workload, kept so the KB can be checked against it."""

    offering: Slug
    """Id of the offering the source priced."""
    usd: Annotated[decimal.Decimal, BeforeValidator(exact_amount), Field(ge=0, le=1_000_000_000),
                   PlainSerializer(json_number, when_used="json"),
                   WithJsonSchema({"type": "number", "minimum": 0, "maximum": 1_000_000_000})]
    """The cost the source states, in USD, for one `period`."""
    period: Literal["call", "day", "month"]
    """What the cost covers."""
    as_of: Date
    """The date whose prices the source used; the KB's snapshots in force that day must reproduce `usd`."""
    sources: SourceRefs
    """Where the figure is stated."""


class Workload(Record):
    """A named cost scenario: tokens in and out per call, and how many calls."""

    kind = "workloads"

    name: Text
    """Short name, e.g. `50K-token document, 2K-token response`."""
    description: Prose
    """What the scenario represents."""
    input_tokens: Annotated[int, Field(ge=0, le=100_000_000)]
    """Input (prompt) tokens per call."""
    output_tokens: Annotated[int, Field(ge=0, le=100_000_000)]
    """Output tokens per call."""
    calls_per_day: Annotated[int, Field(gt=0, le=1_000_000_000)] = 1
    """Calls per day, for daily and monthly totals."""
    days_per_month: Annotated[int, Field(gt=0, le=31)] = 30
    """Days in a billing month for monthly totals."""
    reported_costs: list[ReportedCost] = empty()
    """Costs a source computed for this scenario; the validator recomputes each from the price records."""
    sources: SourceRefs
    """Where the scenario comes from."""

    def references(self) -> Iterator[Reference]:
        for index, cost in enumerate(self.reported_costs):
            yield ("reported_costs", index, "offering"), "offerings", cost.offering
            yield from source_refs(("reported_costs", index, "sources"), cost.sources)
        yield from source_refs(("sources",), self.sources)
