"""Live checks against hostile or broken upstreams, and the aggregator comparison: matching, every price, coverage."""
# ruff: noqa: F811  (the `kb` and `fakes` fixtures are shared with test_check)

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import TODAY
from test_check import SECRET, fakes, kb, live, waits  # noqa: F401

from generators.cli import main
from generators.kb.link import KB
from generators.live.check import Report
from generators.live.fakes.providers import FakeModel, FakeProviders, Scenario
from generators.live.reports import FORMATS
from generators.live.upstream import excerpt


def drift_messages(report: Report) -> list[str]:
    return [f.message for f in report.findings if f.code == "price-drift"]


def test_an_error_body_is_redacted_before_it_is_cut() -> None:
    body = "x" * 290 + f'{{"error": "bad key {SECRET}"}}'
    quoted = excerpt(body, [SECRET])
    assert SECRET[:8] not in quoted and quoted.endswith("…") and len(quoted) == 301


def test_upstream_text_is_escaped_for_each_report_format() -> None:
    hostile = "openai: 400: <script>alert(1)</script> [click](javascript:alert(1)) \x1b[31mred\x1b[0m @everyone"
    report = Report("2026-11-21", live=True, errors=[hostile])
    markdown, text = FORMATS["markdown"](report), FORMATS["text"](report)
    assert "<script" not in markdown and "[click](" not in markdown and "\\[click\\]" in markdown
    assert "\\@everyone" in markdown
    assert "\x1b" not in text and "\\u001b[31mred" in text
    assert "\x1b" not in FORMATS["github"](report) and "\x1b" not in markdown


@pytest.mark.parametrize("origin", ["http://127.0.0.1:1@evil.example:8080", "http://evil.example:80",
                                    "http://user:pw@127.0.0.1:8080",
                                    "https://127.0.0.1:8080", "http://127.0.0.1.evil.example:80",
                                    "http://127.0.0.1:8080/path?x=1", "http://127.0.0.1"])
def test_against_accepts_only_a_loopback_origin(origin: str, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["check", "--live", "--against", origin, "--kb", "tests/fixtures/kb",
                                       "--today", "2026-11-21"])
    assert result.exit_code == 2 and "is not a loopback origin" in result.output


def test_a_server_dripping_bytes_cannot_outlast_the_timeout(kb: KB, today, fakes: FakeProviders) -> None:
    fakes.scenarios["openai"] = Scenario("drip", delay=0.4)
    report = live(kb, today, fakes, providers=("openai",), timeout=1.0, retries=0)
    assert [e for e in report.errors if e.startswith("openai: timed out")], report.errors  # not a slow success


def test_a_long_retry_after_is_capped_by_the_timeout(kb: KB, today, fakes: FakeProviders, waits: list[float]) -> None:
    fakes.scenarios["openai"] = Scenario("429", retry_after=3600, times=1)
    report = live(kb, today, fakes, providers=("openai",), timeout=1.0, max_wait=30.0)
    assert report.errors == [] and waits == [1.0]  # 3,600 s asked, capped to the 1 s timeout


def test_an_empty_list_is_a_check_error_not_every_model_gone(kb: KB, today, fakes: FakeProviders) -> None:
    fakes.catalog["openai"] = []
    report = live(kb, today, fakes, providers=("openai",))
    assert [e for e in report.errors if "answered 200 with an empty model list" in e]
    assert not [f for f in report.findings if f.code == "missing-upstream"]


def test_anthropic_lists_are_read_page_by_page_with_after_id(kb: KB, today, fakes: FakeProviders) -> None:
    fakes.catalog["anthropic"] += [FakeModel(f"claude-extra-{i:03}") for i in range(230)]
    report = live(kb, today, fakes, providers=("anthropic",))
    assert report.errors == [] and not [f for f in report.findings if f.code == "missing-upstream"]
    pages = [q for p, path, q in fakes.queries if p == "anthropic" and path == "/anthropic/v1/models"]
    ids = [m.id for m in fakes.catalog["anthropic"]]
    assert pages == [{"limit": "100"}, {"limit": "100", "after_id": ids[99]}, {"limit": "100", "after_id": ids[199]}]


def test_offerings_match_through_normalised_and_undated_ids(kb: KB, today, fakes: FakeProviders) -> None:
    mini = next(m for m in fakes.catalog["openrouter"] if m.id.startswith("openai/gpt-4o-mini"))
    mini.id = "openai/GPT-4o.mini"  # dots and case differ from the KB's id
    mini.input_price = 0.3
    report = live(kb, today, fakes, providers=())
    assert [m for m in drift_messages(report) if "openai--gpt-4o-mini input" in m and "normalised id" in m]
    assert report.coverage.startswith("compared 3 of 3 priced offerings; 0 unmatched")


def test_an_undated_entry_is_not_used_when_dated_ones_exist(kb: KB, today, fakes: FakeProviders) -> None:
    fakes.catalog["openrouter"] = [FakeModel("openai/gpt-4o", input_price=9.0, output_price=9.0),
                                   FakeModel("openai/gpt-4o-2024-05-13", input_price=5.0, output_price=15.0),
                                   FakeModel("openai/gpt-4o-mini", input_price=9.0, output_price=9.0),
                                   FakeModel("openai/gpt-4o-mini-2024-07-18", input_price=0.15, output_price=0.6)]
    report = live(kb, today, fakes, providers=())
    assert not [m for m in drift_messages(report) if "openai--gpt-4o-mini" in m], "its own dated entry matched"


def test_a_dated_id_falls_back_to_the_undated_entry_only_without_dated_ones(kb: KB) -> None:
    from generators.live.matching import Index, match

    mini = kb.get("offerings", "openai--gpt-4o-mini").model_copy(update={"aliases": []})
    assert mini.api_ids == ["gpt-4o-mini-2024-07-18"]
    alone = match(kb, mini, Index([FakeModel("openai/gpt-4o-mini")]), "openrouter")
    assert (alone.entry and alone.entry.id, alone.how) == ("openai/gpt-4o-mini", "undated id")
    others = Index([FakeModel("openai/gpt-4o-mini"), FakeModel("openai/gpt-4o-mini-2025-01-01")])
    assert match(kb, mini, others, "openrouter").entry is None, "another snapshot is listed: undated may be it"


def test_ambiguous_entries_are_reported_not_guessed(kb: KB, today, fakes: FakeProviders) -> None:
    fakes.catalog["openrouter"] = [FakeModel("google/Gemini-2.0-Flash", input_price=1.0, output_price=1.0),
                                   FakeModel("google/gemini-2-0-flash", input_price=2.0, output_price=2.0)]
    found = [f for f in live(kb, today, fakes, providers=()).findings if f.code == "ambiguous-match"]
    [gemini] = [f for f in found if "google--gemini-2.0-flash" in f.message]
    assert "(`google/Gemini-2.0-Flash`, `google/gemini-2-0-flash`)" in gemini.message


def test_cached_cache_write_and_tier_prices_are_compared(kb: KB, today, fakes: FakeProviders) -> None:
    gpt4o = next(m for m in fakes.catalog["openrouter"] if m.id.startswith("openai/gpt-4o-2"))
    gpt4o.cached_price, gpt4o.cache_write_price = 0.125, 9.0
    report = live(kb, today, fakes, providers=())
    assert report.findings == [] or all(f.code != "price-drift" for f in report.findings), \
        "the KB states no cached or cache-write price for gpt-4o: nothing to compare"
    for model in fakes.catalog["openrouter"]:
        if model.cached_price is not None and model.id != gpt4o.id:
            model.cached_price *= 3
    messages = drift_messages(live(kb, today, fakes, providers=()))
    assert any("cached input: upstream $0.075 " in m and "the KB $0.025 per 1M tokens: upstream is 200% higher" in m
               for m in messages), messages


def test_every_long_context_tier_is_compared(scratch_kb: Path, kb: KB, today) -> None:
    from test_check import edit

    from generators.kb.validate import validate_kb
    edit(scratch_kb / "prices" / "openai--gpt-4o-mini.yaml", "  input: 0.15\n",
         "  input: 0.15\n  tiers:\n  - above_tokens: 64000\n    input: 0.3\n    output: 1.2\n")
    kb_, issues = validate_kb(scratch_kb, today)
    assert issues == []
    server = FakeProviders.from_kb(kb_, on=TODAY)
    server.start()
    try:
        mini = next(m for m in server.catalog["openrouter"] if m.id.startswith("openai/gpt-4o-mini"))
        mini.tiers = ((64000, 0.45, 1.2),)
        messages = drift_messages(live(kb_, today, server, providers=()))
    finally:
        server.stop()
    assert [m for m in messages
            if "input above 64,000 tokens: upstream $0.45" in m and "upstream is 50% higher" in m], messages


def test_an_external_id_that_disappeared_is_a_lifecycle_finding(scratch_kb: Path, kb: KB, today) -> None:
    from test_check import edit

    from generators.kb.validate import validate_kb
    edit(scratch_kb / "offerings" / "openai--gpt-4o-mini.yaml", "\nsources:", "\nexternal_ids:\n  openrouter: "
         "openai/gpt-4o-mini\nsources:")
    kb_, issues = validate_kb(scratch_kb, today)
    assert issues == []
    server = FakeProviders.from_kb(kb_, on=TODAY)
    server.start()
    try:
        server.catalog["openrouter"] = [m for m in server.catalog["openrouter"] if m.id != "openai/gpt-4o-mini"] \
            or [FakeModel("acme/other", input_price=1.0, output_price=1.0)]
        report = live(kb_, today, server, providers=())
    finally:
        server.stop()
    assert [f.message for f in report.findings if f.code == "gone-from-aggregator"] == [
        "OpenRouter: `openai/gpt-4o-mini` is no longer listed (openai--gpt-4o-mini); if the model was withdrawn, "
        "record it in its lifecycle"]
    assert "openai--gpt-4o-mini (gone: `openai/gpt-4o-mini` is no longer listed)" in report.coverage


def test_every_report_ends_with_the_coverage_line(kb: KB, today: datetime.date, fakes: FakeProviders) -> None:
    report = live(kb, today, fakes, providers=())
    for name, render in FORMATS.items():
        if name != "json":
            assert "compared 3 of 3 priced offerings; 0 unmatched" in render(report).strip().splitlines()[-1], name
