"""Price histories: the dated, append-only price snapshots of one offering."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Annotated, Literal

from pydantic import Field

from .base import KBModel, Path, Record, Reference, Slug, SourceRefs, Text, TokenCount, UsdPerMTok, source_refs


class Tier(KBModel):
    """Prices that apply instead of the base prices once a prompt is longer than a threshold."""

    above_tokens: TokenCount
    """The tier applies to prompts longer than this many tokens (e.g. 200000)."""
    input: UsdPerMTok
    """USD per 1M input tokens in this tier."""
    output: UsdPerMTok
    """USD per 1M output tokens in this tier."""
    cached_input: UsdPerMTok | None = None
    """USD per 1M cached input tokens in this tier."""


class Snapshot(KBModel):
    """The prices of an offering from one date on, as one or more sources state them."""

    effective: datetime.date
    """The date from which these prices apply (when the source gives only a period, its start)."""
    checked: datetime.date | None = None
    """The date someone last confirmed these prices at the source; omit if never checked."""
    input: UsdPerMTok
    """USD per 1M input tokens."""
    output: UsdPerMTok
    """USD per 1M output tokens."""
    cached_input: UsdPerMTok | None = None
    """USD per 1M input tokens read from the prompt cache."""
    cache_write: UsdPerMTok | None = None
    """USD per 1M input tokens written to the prompt cache, where charged separately."""
    batch_input: UsdPerMTok | None = None
    """USD per 1M input tokens through the batch API."""
    batch_output: UsdPerMTok | None = None
    """USD per 1M output tokens through the batch API."""
    tiers: list[Tier] = []
    """Long-context tiers, ascending by threshold."""
    sources: SourceRefs
    """Sources that state these prices."""
    disputed: Text | None = None
    """Why this figure is doubted (e.g. a source quotes a price the provider's own page contradicts).
    A disputed snapshot stays in the history, but is never used as the current price."""
    correction: Text | None = None
    """Set when an existing snapshot is edited after the fact: what was wrong and why (history is append-only)."""
    note: Text | None = None
    """Anything a reader needs to know about these prices."""


class PriceHistory(Record):
    """Every known price of one offering, oldest first. A price change is a new snapshot; old ones stay."""

    kind = "prices"

    offering: Slug
    """Id of the offering these prices are for."""
    currency: Literal["USD"] = "USD"
    """Currency of every price below."""
    unit: Literal["per_1m_tokens"] = "per_1m_tokens"
    """Every price is per one million tokens."""
    snapshots: Annotated[list[Snapshot], Field(min_length=1)]
    """Dated snapshots, in ascending `effective` order."""

    def current(self, on: datetime.date) -> Snapshot | None:
        """The undisputed snapshot in force on a date."""
        valid = [s for s in self.snapshots if s.disputed is None and s.effective <= on]
        return valid[-1] if valid else None

    def references(self) -> Iterator[Reference]:
        yield ("offering",), "offerings", self.offering
        for index, snapshot in enumerate(self.snapshots):
            yield from source_refs(("snapshots", index, "sources"), snapshot.sources)

    def dates(self) -> Iterator[tuple[Path, datetime.date]]:
        for index, snapshot in enumerate(self.snapshots):
            yield ("snapshots", index, "effective"), snapshot.effective
            if snapshot.checked:
                yield ("snapshots", index, "checked"), snapshot.checked
