"""The real knowledge base: valid, complete against the seeds, and faithful to their figures."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from conftest import KB_TODAY, KB_VALIDATES, REPO

from generators.kb.costs import workload_cost
from generators.kb.link import KB
from generators.kb.records import Model, PriceHistory, Workload
from generators.kb.validate import validate_kb

SEED_DAY = datetime.date(2025, 6, 1)


@pytest.fixture(scope="module")
def kb() -> KB:
    linked, issues = validate_kb(REPO / "kb", KB_VALIDATES)
    assert issues == [], "\n".join(map(str, issues))
    return linked


def model(kb: KB, model_id: str) -> Model:
    record = kb.get("models", model_id)
    assert isinstance(record, Model)
    return record


def test_every_model_the_seeds_name_is_a_record(kb: KB) -> None:
    named = ["gpt-4o", "gpt-4o-mini", "o1", "o3", "gpt-4", "gpt-4v", "gpt-3", "claude-3-5-sonnet", "claude-3-5-haiku",
             "claude-sonnet-4", "claude-opus-4", "claude-haiku-4-5", "claude-opus-4-5", "gemini-2.5-pro",
             "gemini-2.0-flash", "gemini-2.0-pro", "gemini-ultra", "gemini-1.5-pro", "grok-2", "grok-3",
             "command-r-plus", "mistral-7b", "mistral-large-2", "mixtral-8x7b", "mixtral-8x22b", "llama-3.1-8b",
             "llama-3.1-70b", "llama-3.1-405b", "llama-3-8b", "llama-2-70b", "chinchilla", "qwen2.5-1.5b",
             "qwen2.5-7b", "qwen2.5-14b", "qwen2.5-32b", "qwen2.5-72b", "phi-3-mini", "phi-3-small", "phi-3-medium"]
    assert [m for m in named if kb.get("models", m) is None] == []


def test_every_provider_and_attention_variant_the_seeds_name_is_a_record(kb: KB) -> None:
    providers = ["openai", "anthropic", "google", "xai", "cohere", "mistral", "meta", "alibaba", "microsoft",
                 "together", "groq", "fireworks"]
    assert [p for p in providers if kb.get("providers", p) is None] == []
    assert {"GQA", "MHA", "MQA", "SWA"} <= {v.abbreviation for v in kb.attention}  # the seeds'; newer designs too


def test_every_reference_the_seeds_list_is_a_source(kb: KB) -> None:
    arxiv = {s.arxiv for s in kb.sources}
    assert {"2312.11805", "2212.08073", "2305.13245", "1911.02150", "2310.06825", "2005.14165", "2307.09288",
            "2203.15556", "2401.04088"} <= arxiv
    titles = {s.title for s in kb.sources}
    assert {"GPT-4o System Card", "Claude 3.5 Sonnet Model Card", "The Claude Model Spec",
            "Learning to Reason with LLMs"} <= titles


def test_the_two_gpt_4o_prices_of_the_seeds_are_both_kept_with_their_dates(kb: KB) -> None:
    """$5/$15 belongs to gpt-4o-2024-05-13 and $2.50/$10 to gpt-4o-2024-08-06: one offering per dated version."""
    first, history = kb.price_history("openai--gpt-4o-2024-05-13"), kb.price_history("openai--gpt-4o")
    assert isinstance(first, PriceHistory) and isinstance(history, PriceHistory)
    launch = next(s for s in first.snapshots if (s.input, s.output) == (5.0, 15.0))
    later = next(s for s in history.snapshots if (s.input, s.output) == (2.5, 10.0))
    assert launch.effective < later.effective
    assert [c.effective for c in history.corrections] == [launch.effective], "the move is recorded as a correction"
    assert "seed-llm-foundations-frontier-models" in launch.sources
    assert "seed-frontier-gemini-architecture-benchmarks" in later.sources
    # Prompt caching (OpenAI's announcement of 2024-10-01) added a cached rate at the same input and output; OpenAI's
    # pricing page as captured on 2025-09-07 shows them still, with Priority beside Batch, and a screenshot of it dated
    # 2026-01-24 again
    caching = next(s for s in history.snapshots if s.effective.isoformat() == "2024-10-01")
    assert (caching.input, caching.output, caching.cached_input) == (2.5, 10.0, 1.25)
    current = history.current(KB_TODAY)
    assert current is not None and (current.effective.isoformat(), current.input, current.output,
                                    current.cached_input) == ("2026-01-24", 2.5, 10.0, 1.25)


def test_gemini_1_5_pro_keeps_both_context_windows_with_their_sources(kb: KB) -> None:
    windows = {fact.value: fact.sources for fact in model(kb, "gemini-1.5-pro").context_window}
    assert set(windows) == {1_000_000, 2_000_000}
    assert "seed-llm-foundations-frontier-models" in windows[2_000_000]


def test_a_seed_price_the_provider_contradicts_is_kept_but_never_current(kb: KB) -> None:
    history = kb.price_history("anthropic--claude-haiku-4-5")
    assert history is not None
    disputed = [s for s in history.snapshots if s.disputed]
    assert [(s.input, s.output) for s in disputed] == [(0.25, 1.25)]
    current = history.current(KB_TODAY)
    assert current is not None and (current.input, current.output) == (1.0, 5.0)


SEED_TABLE = {"openai--gpt-4o": "$0.1450", "openai--gpt-4o-mini": "$0.0087", "openai--o1": "$0.8700",
              "anthropic--claude-3-5-sonnet": "$0.1800", "anthropic--claude-opus-4": "$0.9000",
              "google--gemini-2.0-flash": "$0.0058", "google--gemini-2.5-pro": "$0.0825"}


def test_the_seed_cost_table_is_reproduced_to_the_cent_from_the_records(kb: KB) -> None:
    workload = kb.get("workloads", "document-50k-in-2k-out")
    assert isinstance(workload, Workload)
    printed = {}
    for offering in SEED_TABLE:
        history = kb.price_history(offering)
        assert history is not None
        snapshot = history.current(SEED_DAY)
        assert snapshot is not None
        printed[offering] = f"${workload_cost(workload, snapshot).per_call:.4f}"
    assert printed == SEED_TABLE


def test_the_monthly_contract_costs_of_the_seed_are_reproduced(kb: KB) -> None:
    workload = kb.get("workloads", "contracts-500-a-day-150k")
    assert isinstance(workload, Workload)
    monthly = {}
    for offering in ("google--gemini-2.0-flash", "anthropic--claude-3-5-sonnet", "openai--gpt-4o"):
        history = kb.price_history(offering)
        assert history is not None
        snapshot = history.current(SEED_DAY)
        assert snapshot is not None
        monthly[offering] = workload_cost(workload, snapshot).per_month(workload)
    assert monthly == {"google--gemini-2.0-flash": Decimal(225), "anthropic--claude-3-5-sonnet": Decimal(6750),
                       "openai--gpt-4o": Decimal(5625)}


def test_every_fact_cites_a_source_that_exists(kb: KB) -> None:
    for entry in kb.all_entries():
        for _, kind, target in entry.record.references():
            assert (kind, target) in kb.entries, f"{entry.file} cites missing {kind}/{target}"
    cited = {target for entry in kb.all_entries() for _, kind, target in entry.record.references() if kind == "sources"}
    assert [s.id for s in kb.sources if s.id not in cited] == [], "every source is cited by something"


def test_every_record_file_names_its_schema_on_line_one(kb: KB) -> None:
    for entry in kb.all_entries():
        first = entry.file.read_text(encoding="utf-8").split("\n", 1)[0]
        assert first.startswith("# yaml-language-server: $schema=../../schemas/"), entry.file
        assert (entry.file.parent / first.split("=", 1)[1]).resolve().is_file(), entry.file
