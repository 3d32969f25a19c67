"""The parts of a snapshot's price beyond standard input and output: service tiers and long-context tiers."""

from __future__ import annotations

from pydantic import model_validator

from .base import KBModel, TokenCount, UsdPerMTok


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


class ServicePrice(KBModel):
    """Prices of a service tier other than the standard one (batch, priority, flex)."""

    input: UsdPerMTok | None = None
    """USD per 1M input tokens in this tier."""
    output: UsdPerMTok | None = None
    """USD per 1M output tokens in this tier."""

    @model_validator(mode="after")
    def _some_price(self) -> ServicePrice:
        if self.input is None and self.output is None:
            raise ValueError("a service tier needs an `input` or an `output` price")
        return self
