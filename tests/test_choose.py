"""`kb.choose`: the constraint rules, and `kb choose` on the command line."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal
from pathlib import Path

import pytest
from choose_kb import choose_kb
from click.testing import CliRunner
from conftest import KB_VALIDATES, REPO, TODAY

from generators.cli import main
from generators.kb.choose import Constraints, choose
from generators.kb.choose_results import as_json
from generators.kb.link import KB
from generators.kb.presets import PRESETS, all_presets
from generators.kb.validate import validate_kb


@pytest.fixture(scope="module")
def kb_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return choose_kb(tmp_path_factory.mktemp("choose") / "kb")


@pytest.fixture(scope="module")
def kb(kb_root: Path) -> KB:
    linked, issues = validate_kb(kb_root, TODAY)
    assert not issues, issues
    return linked


def run(kb: KB, **query: str) -> dict:
    return as_json(choose(kb, Constraints.from_query(query), TODAY), kb, TODAY)


def ranked(result: dict) -> list[str]:
    return [r["offering"] for r in result["ranked"]]


def excluded(result: dict) -> dict[str, int]:
    return {e["constraint"]: e["count"] for e in result["excluded"]}


def test_ranking_is_by_monthly_cost_of_the_workload(kb: KB) -> None:
    result = run(kb, calls="100", days="10")
    costs = [r["monthly_usd"] for r in result["ranked"]]
    assert costs == sorted(costs) and len(costs) == 5
    # gemini-2.0-flash: (1000 x 0.10 + 500 x 0.40) / 1M = $0.0003 a call, x 100 calls x 10 days
    assert result["ranked"][0] == {**result["ranked"][0], "offering": "google--gemini-2.0-flash", "monthly_usd": 0.3}


def test_each_excluded_offering_is_counted_once_against_the_first_constraint_it_fails(kb: KB) -> None:
    # Mistral serves only the EU: its three offerings fail region=US, and mistral-7b's 8K context also fails
    # `context`, yet it is counted once, under region (the earlier constraint).
    result = run(kb, region="US", context="100000")
    counts = excluded(result)
    assert counts == {"region": 3, "context": 0, "fits": 0}
    # In the EU, Claude Sonnet 4 (US only) fails the region and mistral-7b, now in the region, fails the context.
    assert excluded(run(kb, region="EU", context="100000")) == {"region": 1, "context": 1, "fits": 0}
    assert result["candidates"] == sum(counts.values()) + len(result["ranked"]) + len(result["not_enough_data"])
    assert run(kb, context="100000")["excluded"][0] == {
        "constraint": "context", "count": 1, "reason": "context below 100,000"}


def test_an_offering_without_a_published_context_is_listed_apart_never_ranked_as_fitting(kb: KB) -> None:
    result = run(kb, context="100000")
    assert "mistral--mystery-1" not in ranked(result)
    assert {"offering": "mistral--mystery-1", "unknown": ["context", "fits"]} in result["not_enough_data"]


def test_an_offering_without_a_price_is_listed_apart_never_ranked_as_free(kb: KB) -> None:
    result = run(kb, budget="1")
    assert "anthropic--claude-sonnet-4" not in ranked(result)
    assert {"offering": "anthropic--claude-sonnet-4", "unknown": ["budget", "price"]} in result["not_enough_data"]


def test_a_failed_constraint_outweighs_an_unknown_one(kb: KB) -> None:
    # claude-sonnet-4 has no price (unknown) but its 200K context cannot hold 300K tokens: excluded, not "no data".
    result = run(kb, **{"in": "300000"})
    assert "anthropic--claude-sonnet-4" not in [u["offering"] for u in result["not_enough_data"]]
    assert excluded(result)["fits"] == 4


def test_budget_excludes_offerings_costing_more_a_month(kb: KB) -> None:
    result = run(kb, budget="13.5")
    assert ranked(result) == ["google--gemini-2.0-flash", "mistral--mistral-7b", "openai--gpt-4o-mini"]
    assert excluded(result)["budget"] == 2
    assert result["excluded"][-1]["reason"] == "over $13.5/month"


def test_cached_share_is_billed_at_the_tier_cached_price_once_the_prompt_passes_the_tier(kb: KB) -> None:
    result = choose(kb, Constraints(input_tokens=250_000, output_tokens=1_000, calls_per_day=1, days_per_month=1,
                                    cached_share=Decimal("0.5")), TODAY)
    row = next(r for r in result.ranked if r.candidate.offering.id == "mistral--longctx-1")
    assert row.monthly == Decimal("0.283")  # (125K x $2 + 125K x $0.20 + 1K x $8) / 1M


def test_cached_share_without_a_cached_price_is_billed_as_input(kb: KB) -> None:
    plain = run(kb, providers="mistral")
    cached = run(kb, providers="mistral", cached="0.5")
    cost = {r["offering"]: r["monthly_usd"] for r in cached["ranked"]}
    assert cost["mistral--mistral-7b"] == {r["offering"]: r["monthly_usd"] for r in plain["ranked"]}[
        "mistral--mistral-7b"]
    assert cost["mistral--longctx-1"] < 90.0


def test_region_matches_the_offering_regions_or_the_provider_data_residency(kb: KB) -> None:
    assert ranked(run(kb, region="eu")) == ["google--gemini-2.0-flash", "mistral--mistral-7b", "openai--gpt-4o-mini",
                                           "mistral--longctx-1", "openai--gpt-4o"]
    assert ranked(run(kb, region="Mars")) == []


def test_weights_open_with_restrictions_takes_restricted_and_unknown_weights_are_unknown(kb: KB) -> None:
    assert ranked(run(kb, weights="open")) == ["mistral--mistral-7b"]
    result = run(kb, weights="open-with-restrictions")
    assert ranked(result) == ["mistral--mistral-7b", "mistral--longctx-1"]
    assert {"offering": "mistral--mystery-1", "unknown": ["weights", "fits"]} in result["not_enough_data"]


def test_modalities_and_capabilities_must_all_be_present(kb: KB) -> None:
    result = run(kb, inputs="text,image", caps="structured_output,tool_use")
    assert ranked(result) == ["google--gemini-2.0-flash", "openai--gpt-4o-mini", "openai--gpt-4o"]
    assert {"offering": "mistral--longctx-1", "unknown": ["capabilities"]} in result["not_enough_data"]
    assert excluded(result)["inputs"] == 1
    assert excluded(run(kb, outputs="audio"))["outputs"] == 5


def test_providers_include_and_exclude(kb: KB) -> None:
    assert ranked(run(kb, providers="openai,mistral", exclude="mistral")) == ["openai--gpt-4o-mini", "openai--gpt-4o"]


def test_score_beside_each_and_the_pareto_front(kb: KB) -> None:
    result = run(kb, benchmark="mmlu")
    scored = {r["offering"]: (r["score"], r["pareto"]) for r in result["ranked"]}
    assert scored["openai--gpt-4o-mini"] == ({"score": 82.0, "reported_by": "vendor", "reporter": "OpenAI",
                                              "date": "2024-07-18", "date_basis": "published", "when": "2024-07-18",
                                              "claim": "gpt-4o-mini--mmlu-launch",
                                              "sources": ["gpt-4o-mini-announcement"]}, True)
    assert scored["openai--gpt-4o"][1] is True
    assert scored["google--gemini-2.0-flash"] == (None, False)
    # The highest of its three claims, the earlier of the two equal ones; it ties a cheaper score: off the front.
    assert scored["mistral--longctx-1"] == ({"score": 82.0, "reported_by": "vendor", "reporter": "Mistral AI",
                                             "date": "2025-01-15", "date_basis": "published", "when": "2025-01-15",
                                             "claim": "longctx-1--mmlu-vendor",
                                             "sources": ["mistral-models-docs"]}, False)


def test_constraints_round_trip_through_the_url_query() -> None:
    k = Constraints(input_tokens=5, min_context=10, capabilities=("tool_use", "vision"), budget=Decimal("2.5"),
                    region="EU", cached_share=Decimal("0.25"))
    assert Constraints.from_query(k.query()) == k
    assert k.query()["caps"] == "tool_use,vision"


def test_every_preset_is_a_seed_row_of_the_real_kb() -> None:
    real, _ = validate_kb(REPO / "kb", KB_VALIDATES)
    assert set(PRESETS) <= {a.id for a in real.assessments}
    assert {"eu-data-residency", "open-weights-on-premises", "decision-long-documents"} <= set(all_presets())


def test_cli_json_is_the_library_result(kb_root: Path, kb: KB) -> None:
    out = CliRunner().invoke(main, ["choose", "--kb", str(kb_root), "--today", str(TODAY), "--context", "100000",
                                    "--benchmark", "mmlu", "--format", "json"])
    assert out.exit_code == 0, out.output
    assert json.loads(out.output) == run(kb, context="100000", benchmark="mmlu")


def test_cli_text_and_markdown_show_exclusions_and_the_ranking(kb_root: Path) -> None:
    args = ["choose", "--kb", str(kb_root), "--today", str(TODAY), "--workload", "document-50k-in-2k-out",
            "--budget", "100"]
    text = CliRunner().invoke(main, args).output
    assert "excluded: over $100/month" in text and "1  google--gemini-2.0-flash" in text
    markdown = CliRunner().invoke(main, [*args, "--format", "markdown"]).output
    assert "| 1 | google--gemini-2.0-flash |" in markdown and "- mistral--mystery-1: unknown fits" in markdown


@pytest.mark.parametrize("args", [["--preset", "nope"], ["--caps", "telepathy"], ["--budget", "lots"],
                                  ["--cached", "2"], ["--workload", "nope"]])
def test_cli_refuses_bad_constraints_with_a_sentence(kb_root: Path, args: list[str]) -> None:
    out = CliRunner().invoke(main, ["choose", "--kb", str(kb_root), "--today", str(TODAY), *args])
    assert out.exit_code == 2 and "Traceback" not in out.output and "Error:" in out.output


def test_retired_offerings_are_not_candidates(kb: KB) -> None:
    assert "anthropic--claude-3-5-sonnet" not in [o for o in ranked(run(kb))]
    assert run(kb)["candidates"] == 7
    assert choose(kb, Constraints(), datetime.date(2024, 6, 1)).candidates >= 4


def test_pareto_front_leaves_out_a_dearer_offering_that_only_ties_the_score() -> None:
    from types import SimpleNamespace

    from generators.kb.choose import Row, pareto

    def row(offering: str, monthly: str, score: float | None) -> Row:
        candidate = SimpleNamespace(offering=SimpleNamespace(id=offering))
        return Row(candidate, Decimal(monthly), {"score": score} if score is not None else None)  # type: ignore[arg-type]

    rows = [row("a", "1", 50), row("b", "2", 50), row("c", "3", 70), row("d", "4", 60), row("e", "0.5", None)]
    assert pareto(rows) == {"a", "c"}


# Scores in the choose KB: gpt-4o 88.7 (vendor), gpt-4o-mini 82.0 (vendor), longctx-1 82.0 (vendor, 2025-01-15),
# 80.0 and 82.0 (independent, 2025-02-01 and by 2025-03-01, a copy's date); gemini-2.0-flash none. gpt-4o-mini is
# cheaper than longctx-1 at the default workload.


def test_ranking_by_score_puts_the_best_first_then_the_cheapest_and_the_unscored_last(kb: KB) -> None:
    order = ranked(run(kb, benchmark="mmlu", rank="score"))
    assert order[:3] == ["openai--gpt-4o", "openai--gpt-4o-mini", "mistral--longctx-1"]
    assert order.index("google--gemini-2.0-flash") > 2


def test_independent_scores_alone_when_asked(kb: KB) -> None:
    result = run(kb, benchmark="mmlu", reporter="independent", rank="score")
    scored = {r["offering"]: r["score"] for r in result["ranked"]}
    assert scored["mistral--longctx-1"] == {"score": 82.0, "reported_by": "independent", "reporter": "A lab",
                                            "date": "2025-03-01", "date_basis": "shown_by", "when": "by 2025-03-01",
                                            "claim": "longctx-1--mmlu-independent",
                                            "sources": ["mistral-models-docs"]}
    assert scored["openai--gpt-4o"] is None and ranked(result)[0] == "mistral--longctx-1"
    assert result["mixed_reporters"] is False


@pytest.mark.parametrize(("floor", "kept"), [("82", {"openai--gpt-4o", "openai--gpt-4o-mini", "mistral--longctx-1"}),
                                             ("82.1", {"openai--gpt-4o"})])
def test_a_minimum_score_keeps_those_at_or_above_it(kb: KB, floor: str, kept: set[str]) -> None:
    result = run(kb, benchmark="mmlu", minscore=floor)
    assert set(ranked(result)) == kept
    [score] = [e for e in result["excluded"] if e["constraint"] == "score"]
    assert score["reason"] == f"scores below {floor} on mmlu" and score["count"] == 3 - len(kept)
    assert any("score" in u["unknown"] for u in result["not_enough_data"])  # no claim: not enough data


def test_rows_carry_the_facts_a_reader_decides_on(kb: KB) -> None:
    [row] = [r for r in run(kb)["ranked"] if r["offering"] == "openai--gpt-4o"]
    assert (row["context_window"], row["input_per_m"], row["output_per_m"], row["weights"], row["status"],
            row["checked"], row["retires_within_month"]) == (128000, 2.5, 10.0, "closed", "active", None, False)


@pytest.mark.parametrize(("days", "within"), [("30", True), ("29", False)])
def test_a_retirement_on_the_last_day_of_the_workloads_month_is_within_it(kb: KB, days: str, within: bool) -> None:
    """mistral--longctx-1 retires 2026-12-21, 30 days after TODAY (2026-11-21); within 90 days, so `retiring`."""
    [row] = [r for r in run(kb, days=days)["ranked"] if r["offering"] == "mistral--longctx-1"]
    assert (row["status"], row["retires"], row["retires_within_month"], row["license"]) == (
        "retiring", "2026-12-21", within, "Longctx Research Licence")
    assert row["retires_first_party"] is False  # the date cites a textbook alone


def test_kb_choose_text_shows_the_licence_and_whose_score(kb_root: Path) -> None:
    out = CliRunner().invoke(main, ["choose", "--kb", str(kb_root), "--today", TODAY.isoformat(), "--benchmark",
                                    "mmlu", "--format", "markdown"])
    assert out.exit_code == 0, out.output
    [row] = [line for line in out.output.splitlines() if "mistral--longctx-1" in line]
    assert "restricted · `Longctx Research Licence`" in row
    # a textbook alone gives the date, Mistral's models page listed none
    assert "retiring 2026-12-21 (secondary sources only; the provider listed none on 2026-06-01) !" in row
    assert "82 (vendor: `Mistral AI`, 2025-01-15)" in row


def test_ranking_by_score_needs_a_benchmark(kb: KB) -> None:
    with pytest.raises(ValueError, match="needs a benchmark"):
        choose(kb, Constraints(rank="score"), TODAY)


def test_the_largest_workload_still_prints_valid_json(kb_root: Path) -> None:
    out = CliRunner().invoke(main, ["choose", "--kb", str(kb_root), "--today", TODAY.isoformat(), "--in",
                                    "100000000", "--out", "100000000", "--calls", "1000000000", "--days", "31",
                                    "--format", "json"])
    assert out.exit_code == 0, out.output
    json.loads(out.output, parse_constant=lambda name: pytest.fail(f"{name} is not JSON"))


def test_the_coding_preset_answers_with_the_best_coding_score_not_the_smallest_model() -> None:
    """kb/ on 2026-12-06: Claude Fable 5's 95.8 on SWE-bench Verified (OpenHands Index, 2026-06-16) is the highest
    claim of a live priced model with tool use; by cost alone the row answered Llama 3.2 3B at $13.20 a month."""
    from conftest import KB_TODAY

    result = CliRunner().invoke(main, ["choose", "--kb", str(REPO / "kb"), "--preset",
                                       "use-case-senior-coding-assistant", "--format", "json", "--today",
                                       KB_TODAY.isoformat()])
    assert result.exit_code == 0, result.output
    first = json.loads(result.output)["ranked"][0]
    assert (first["model"], first["score"]["score"], first["score"]["claim"]) == (
        "claude-fable-5", 95.8, "claude-fable-5--swe-bench-verified-openhands")


def test_a_preset_passes_over_an_offering_retiring_within_the_month(scratch_kb: Path) -> None:
    """The fixture's Gemini 2.0 Flash at Google ($0.10 / $0.40) is its only priced offering with a 150K window. Retiring
    ten days after TODAY, it still ranks first for Long document Q&A, with its date; the preset's pick passes over it
    to a second host at $0.20 / $0.80 that retires on no known day."""
    from conftest import second_offering, write_record

    from generators.site.preset_rows import choose_presets

    retires = (TODAY + datetime.timedelta(days=10)).isoformat()
    google = scratch_kb / "offerings" / "google--gemini-2.0-flash.yaml"
    google.write_text(google.read_text(encoding="utf-8").replace(
        "  announced: 2025-02-05\n", f"  announced: 2025-02-05\n  retires: {retires}\n"), encoding="utf-8")
    write_record(scratch_kb, "assessments", "use-case-long-document-qa", """schema_version: 1
id: use-case-long-document-qa
type: use-case
topic: Long document Q&A
picks: [{role: best, model: gemini-2.0-flash}]
order: 1
as_of: 2026-01-01
sources: [seed-frontier-gemini-architecture-benchmarks]
""")
    second_offering(scratch_kb, "gemini-2.0-flash")
    write_record(scratch_kb, "prices", "mistral--gemini-2.0-flash", """schema_version: 2
id: mistral--gemini-2.0-flash
offering: mistral--gemini-2.0-flash
currency: USD
unit: per_1m_tokens
snapshots:
- {effective: 2025-06-01, input: 0.2, output: 0.8, sources: [mistral-models-docs]}
""")
    kb, issues = validate_kb(scratch_kb, TODAY)
    assert issues == []
    ranked = as_json(choose(kb, PRESETS["use-case-long-document-qa"], TODAY), kb, TODAY)["ranked"]
    assert [(r["offering"], r["retires"]) for r in ranked] == [("google--gemini-2.0-flash", retires),
                                                              ("mistral--gemini-2.0-flash", None)]
    [row] = [p for p in choose_presets(kb, TODAY) if p.label == "Long document Q&A"]
    assert row.today is not None and row.today.candidate.offering.id == "mistral--gemini-2.0-flash"


def run_cli_json(args: list[str]) -> dict[str, object]:
    from conftest import KB_TODAY

    result = CliRunner().invoke(main, ["choose", "--kb", str(REPO / "kb"), *args, "--format", "json", "--today",
                                       KB_TODAY.isoformat()])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)
