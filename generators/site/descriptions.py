"""Each page's one-sentence description (`<meta name="description">`, Open Graph): what a search result or a link
preview shows, so it says what the page answers, from the same rows the page is made of. Plain text here; the
front matter escapes it (render.front_matter)."""

from __future__ import annotations

import datetime

from ..kb import current
from ..kb.link import KB
from ..kb.records import Provider
from . import numbers
from .summary_rows import ModelRow

SECTIONS = {
    "index.md": "The frontier LLM landscape, dated and sourced: the best current model for coding, long documents, "
                "cheap chat and open weights, what retires soon, and the latest price and lifecycle changes.",
    "models/index.md": "Every frontier LLM recorded: lab, release date, context window, max output, modalities, "
                       "cheapest current price and lifecycle status, sortable and filterable.",
    "pricing/index.md": "Current list prices of every live LLM offering in USD per 1M tokens (input, output, cached, "
                        "batch, long-context tiers), with the date each took effect and when it was last checked.",
    "providers/index.md": "The labs and cloud platforms that train or serve frontier LLMs, with their models and "
                          "where they keep data.",
    "choose/index.md": "Pick an LLM by constraints (context, modalities, weights, region, budget, benchmark score) "
                       "and see the cheapest or best-scoring live offerings for your workload.",
    "compare/index.md": "Two to four LLMs side by side: facts, every host's current price, benchmark claims with "
                        "their sources, and lifecycle dates.",
    "cost-vs-quality/index.md": "Which LLMs no other model beats on both price and benchmark score: cost for a "
                                "workload plotted against claimed scores, with the Pareto front.",
    "benchmarks/index.md": "Benchmark claims for frontier LLMs, vendor-reported and independent kept apart, each "
                           "dated and linked to its source.",
    "attention/index.md": "Attention variants (MHA, MQA, GQA, MLA, sliding-window, sparse, hybrid linear) and what "
                          "each costs in KV cache per token and per GPU.",
    "changelog/index.md": "Dated changes to the LLM landscape: releases, price changes, deprecations, retirements "
                          "and new benchmark claims, also as an Atom feed.",
}


def model(row: ModelRow) -> str:
    """E.g. "GPT-4o, OpenAI's model released 2024-05-13: 128,000-token context; from $2.50 / $10.00 per 1M tokens
    (input / output) at the cheapest live host; live."."""
    m = row.model
    made = f"{m.name}, {row.lab.name}'s model" + (f" released {m.released}" if m.released else "")
    facts = [f"{numbers.tokens(row.context.value)}-token context"] if row.context else []
    if row.price:
        facts.append(f"from {numbers.price(row.price.input)} / {numbers.price(row.price.output)} per 1M tokens "
                     f"(input / output) at the cheapest live host")
    return f"{made}: {'; '.join([*facts, row.status])}."


def provider(kb: KB, item: Provider, today: datetime.date) -> str:
    offerings = kb.offerings_of_provider(item.id)
    live = sum(1 for o in offerings if current.is_live(o, today))
    trained = len(kb.models_of_lab(item.id))
    parts = [f"{len(offerings)} model offering{'s' * (len(offerings) != 1)} ({live} live)"] if offerings else []
    if trained:
        parts.append(f"{trained} model{'s' * (trained != 1)} trained")
    what = ", ".join(parts) or "no offering recorded"
    return f"{item.name}: {what}; API ids, current prices, lifecycle dates and how to call its API."
