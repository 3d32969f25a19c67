"""OpenRouter: a public model list with per-token prices as strings (`"-1"` for routers without a fixed price),
cache prices, long-prompt `overrides` and `expiration_date`.

Fields as in the recorded `GET /api/v1/models` bodies (shared/data/provider-api/openrouter_models_list and
openrouter_models_subset_genai_prices).
"""

from __future__ import annotations

from typing import Any

from ...kb.units import UnitError, per_million, per_token_text, tokens
from .base import Dialect, ListedModel, day


def price(value: Any) -> float | None:
    """A listed per-token price as USD per 1M tokens; None when absent, `-1`, or not a plausible price."""
    if value is None or str(value).strip() == "-1":
        return None
    try:
        return per_million(value)
    except UnitError:
        return None


class OpenRouter(Dialect):
    name = "openrouter"
    public_list = True

    def parse(self, item: Any) -> ListedModel:
        model = super().parse(item)
        pricing = item.get("pricing") if isinstance(item.get("pricing"), dict) else {}
        tiers = []
        for override in pricing.get("overrides") or []:
            try:
                above = tokens(override.get("min_prompt_tokens"), "min_prompt_tokens") \
                    if isinstance(override, dict) else None
            except UnitError:
                above = None
            if above is not None:
                tiers.append((above, price(override.get("prompt")), price(override.get("completion"))))
        created = item.get("created")
        return ListedModel(model.id, created=created if isinstance(created, int) and not isinstance(created, bool)
                           else 0, retires=day(item.get("expiration_date")),
                           input_price=price(pricing.get("prompt")), output_price=price(pricing.get("completion")),
                           cached_price=price(pricing.get("input_cache_read")),
                           cache_write_price=price(pricing.get("input_cache_write")), tiers=tuple(sorted(tiers)))

    def item(self, provider: str, m: ListedModel) -> dict[str, Any]:
        pricing: dict[str, Any] = {"prompt": text(m.input_price), "completion": text(m.output_price)}
        if m.cached_price is not None:
            pricing["input_cache_read"] = text(m.cached_price)
        if m.cache_write_price is not None:
            pricing["input_cache_write"] = text(m.cache_write_price)
        if m.tiers:
            pricing["overrides"] = [{"min_prompt_tokens": above, "prompt": text(i), "completion": text(o)}
                                    for above, i, o in m.tiers]
        return {"id": m.id, "canonical_slug": m.id, "name": m.id, "created": m.created, "description": "",
                "context_length": m.context,
                "architecture": {"modality": "text->text", "input_modalities": ["text"], "output_modalities": ["text"],
                                 "tokenizer": "Other", "instruct_type": None},
                "pricing": pricing, "expiration_date": m.retires.isoformat() if m.retires else None}

    def list_page(self, provider: str, models: list[ListedModel], query: dict[str, str]) -> Any:
        return {"data": [self.item(provider, m) for m in models]}

    def auth_error(self, missing: bool) -> tuple[int, dict[str, Any]]:
        return 401, {"error": {"message": "No auth credentials found", "code": 401}}

    def unknown_model(self, model: str) -> tuple[int, dict[str, Any]]:
        return 400, {"error": {"message": f"{model} is not a valid model ID", "code": 400}}

    def rate_limited(self) -> dict[str, Any]:
        return {"error": {"code": 429, "message": "Provider returned error",
                          "metadata": {"provider_name": "Fake", "raw": "rate-limited upstream"}}}


def text(value: float | None) -> str:
    return "-1" if value is None else per_token_text(value)
