"""Export the KB as a LiteLLM cost map: per-token prices, limits, `litellm_provider`, `mode`, `supports_*`."""

from __future__ import annotations

import datetime
from typing import Any

from ..kb import current
from ..kb.link import KB
from ..kb.records import Model, Offering, Snapshot, Source
from ..kb.units import per_token
from .litellm import SOURCE_ID
from .litellm_names import CAPABILITIES, PROVIDERS


def litellm_provider(offering: Offering) -> str:
    reverse = {kb_id: name for name, kb_id in PROVIDERS.items()
               if name not in ("text-completion-openai", "codestral", "cohere", "bedrock_converse", "azure_ai")
               and not name.startswith("vertex_ai-")}
    return reverse.get(offering.provider, offering.provider)


def export_key(offering: Offering) -> str:
    if "litellm" in offering.external_ids:
        return offering.external_ids["litellm"]
    provider = litellm_provider(offering)
    api_id = offering.api_ids[0]
    return api_id if provider in ("openai", "anthropic") else f"{provider}/{api_id}"


def export_entry(kb: KB, offering: Offering, snapshot: Snapshot) -> dict[str, Any]:
    model = kb.get("models", offering.model)
    # The figures the site shows (primary sources first), so the exported map and the pages never disagree.
    context, output = current.context_window(kb, offering), current.max_output(kb, offering)
    entry: dict[str, Any] = {"input_cost_per_token": per_token(snapshot.input),
                             "output_cost_per_token": per_token(snapshot.output)}
    if snapshot.cached_input is not None:
        entry["cache_read_input_token_cost"] = per_token(snapshot.cached_input)
    if snapshot.cache_write is not None:
        entry["cache_creation_input_token_cost"] = per_token(snapshot.cache_write)
    for suffix, tier in (("batches", snapshot.batch), ("priority", snapshot.priority), ("flex", snapshot.flex)):
        for side in ("input", "output"):
            value = getattr(tier, side) if tier else None
            if value is not None:
                entry[f"{side}_cost_per_token_{suffix}"] = per_token(value)
    for long in snapshot.tiers:
        k = long.above_tokens // 1000
        entry[f"input_cost_per_token_above_{k}k_tokens"] = per_token(long.input)
        entry[f"output_cost_per_token_above_{k}k_tokens"] = per_token(long.output)
        if long.cached_input is not None:
            entry[f"cache_read_input_token_cost_above_{k}k_tokens"] = per_token(long.cached_input)
    entry["litellm_provider"] = litellm_provider(offering)
    entry["mode"] = "chat"
    if context:
        entry["max_input_tokens"] = context.value
    if output:
        entry["max_output_tokens"] = output.value
    if isinstance(model, Model) and model.capabilities:
        for flag, field in CAPABILITIES.items():
            value = getattr(model.capabilities, field)
            if value is not None:
                entry[flag] = value
    if offering.lifecycle.retires:
        entry["deprecation_date"] = offering.lifecycle.retires.isoformat()
    if offering.regions:
        entry["supported_regions"] = list(offering.regions)
    first = kb.get("sources", snapshot.sources[0])
    if isinstance(first, Source) and snapshot.sources[0] != SOURCE_ID and first.url:
        entry["source"] = first.url
    return entry


def export_litellm(kb: KB, today: datetime.date) -> dict[str, dict[str, Any]]:
    """Every offering with a current price, as LiteLLM cost-map entries keyed as LiteLLM keys them."""
    out: dict[str, dict[str, Any]] = {}
    for offering in kb.offerings:
        history = kb.price_history(offering.id)
        snapshot = history.current(today) if history else None
        if snapshot is None:
            continue
        out.setdefault(export_key(offering), export_entry(kb, offering, snapshot))
    return dict(sorted(out.items()))


__all__ = ["export_litellm"]
