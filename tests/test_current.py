"""The single definitions of what is live, current, cheapest, fitting and headline, checked against oracles written
from the records directly (never against the function under test), plus the arithmetic readers rely on."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from conftest import FIXTURE_KB, KB_TODAY, KB_VALIDATES, REPO, TODAY

from generators.kb import current, evidence
from generators.kb.costs import call_cost
from generators.kb.link import KB
from generators.kb.records import Snapshot
from generators.kb.validate import validate_kb
from generators.site import charts, kv_cache


@pytest.fixture(scope="module")
def real() -> KB:
    return validate_kb(REPO / "kb", KB_VALIDATES)[0]


def test_the_cheapest_live_offering_is_the_cheapest_of_the_live_priced_ones(real: KB) -> None:
    compared = 0
    for model in real.models:
        candidates = []
        for offering in real.offerings_of_model(model.id):
            cycle, history = offering.lifecycle, real.price_history(offering.id)
            gone = cycle.status == "retired" or (cycle.retires is not None and cycle.retires <= KB_TODAY)
            valid = [s for s in (history.snapshots if history else []) if not s.disputed and s.effective <= KB_TODAY]
            seen = history.withdrawn.observed if history and history.withdrawn else None  # no public price since
            unpriced = seen is not None and seen <= KB_TODAY and not any(seen < s.effective for s in valid)
            if not gone and valid and not unpriced:
                candidates.append((valid[-1].input, valid[-1].output, offering.id))
        chosen = current.cheapest_live(real, model, KB_TODAY)
        assert (chosen.offering.id if chosen else None) == (min(candidates)[2] if candidates else None), model.id
        compared += len(candidates) > 1
    assert compared >= 10, "models with several priced hosts exercise the choice"


def test_retired_offerings_are_never_live_and_future_retirements_still_are(real: KB) -> None:
    day = datetime.date(2026, 11, 22)
    for offering in real.offerings:
        cycle = offering.lifecycle
        # a record retired since (its date after the day) was still callable on the day
        undated = cycle.status == "retired" and cycle.retires is None
        expected = not undated and not (cycle.retires and cycle.retires <= day) and not (
            cycle.announced and cycle.announced > day)
        assert current.is_live(offering, day) is bool(expected), offering.id
    o3 = real.get("offerings", "openai--o3")  # deprecated, retires 2026-12-11
    assert o3.lifecycle.retires == datetime.date(2026, 12, 11)
    assert current.is_live(o3, day) and not current.is_live(o3, datetime.date(2026, 12, 11))


def test_a_workload_fits_only_within_context_and_max_output() -> None:
    kb, _ = validate_kb(FIXTURE_KB, TODAY)
    gpt4o = kb.get("offerings", "openai--gpt-4o")  # 128,000 context, 16,384 max output
    assert current.fits(kb, gpt4o, 100_000, 2_000).fits is True
    assert current.fits(kb, gpt4o, 150_000, 2_000).fits is False
    assert current.fits(kb, gpt4o, 127_000, 2_000).fits is False, "input + output must fit"
    assert current.fits(kb, gpt4o, 10_000, 20_000).fits is False, "output within max output"


def test_the_lab_s_own_figure_outranks_a_textbook_s_later_one() -> None:
    kb, _ = validate_kb(REPO / "kb", KB_VALIDATES)
    ultra = kb.get("models", "gemini-ultra")
    facts = {fact.value: fact for fact in ultra.context_window}
    assert {32_768, 1_000_000} <= set(facts), "both the report's and the seed's figures are kept"
    chosen = evidence.headline(kb, ultra.context_window)
    assert chosen is not None and chosen.value == 32_768 and chosen.primary
    assert 1_000_000 in [f.value for f in chosen.disagreeing], "the disagreement is shown, not dropped"


def snapshot(**prices: object) -> Snapshot:
    return Snapshot.model_validate({"effective": "2025-01-01", "sources": ["x"], **prices})


def test_a_long_context_tier_prices_the_whole_call_once_the_prompt_passes_it() -> None:
    tiered = snapshot(input=1.25, output=10.0, tiers=[{"above_tokens": 200_000, "input": 2.5, "output": 15.0}])
    assert call_cost(tiered, 200_000, 1_000).per_call == Decimal("0.26")  # 0.25 + 0.01, base prices
    assert call_cost(tiered, 200_001, 1_000).per_call == Decimal("0.5150025")  # 0.5000025 + 0.015, tier prices
    assert call_cost(tiered, 200_001, 1_000).tier_above == 200_000


def test_the_pareto_front_leaves_out_dominated_points() -> None:
    points = [charts.Point("cheap-weak", 1, 50), charts.Point("dear-strong", 10, 90),
              charts.Point("dominated", 5, 40), charts.Point("equal-cost-worse", 10, 80)]
    assert [p.label for p in charts.pareto_front(points)] == ["cheap-weak", "dear-strong"]


def test_sessions_per_gpu_respect_the_sliding_window_and_short_contexts() -> None:
    kb, _ = validate_kb(REPO / "kb", KB_VALIDATES)
    mistral = kv_cache.figures(kb, kb.get("models", "mistral-7b"))  # 32 layers, 8 KV heads, 128 dims, window 4,096
    assert mistral is not None and mistral.bytes_per_token == 2 * 32 * 8 * 128 * 2
    assert mistral.cached_tokens == 4_096
    assert mistral.sessions_per_gpu == 80 * 10**9 // (131_072 * 4_096)
    llama = kv_cache.figures(kb, kb.get("models", "llama-3.1-70b"))
    assert llama is not None and llama.weights_gb == pytest.approx(140.0) and llama.sessions_beside_weights is None
    llama2 = kv_cache.figures(kb, kb.get("models", "llama-2-70b"))  # a 4,096-token context window
    assert llama2 is not None and llama2.session_tokens == llama2.cached_tokens == 4_096
