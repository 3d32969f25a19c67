"""`kb check`: offline freshness rules, live comparison with the (fake) providers, faults, reports and secrets."""

from __future__ import annotations

import datetime
import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import REPO, TODAY, write_record

from generators.cli import main
from generators.kb.link import KB
from generators.kb.validate import validate_kb
from generators.live.check import FORMATS, check_live, check_offline
from generators.live.fakes.providers import FakeModel, FakeProviders, Scenario
from generators.live.upstream import redact

SECRET = "sk-PLANTED-SECRET-0123456789abcdef"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def codes(findings: list) -> list[tuple[str, str, int]]:
    return [(f.code, Path(f.file).name, f.line) for f in findings]


@pytest.fixture
def kb(scratch_kb: Path, today: datetime.date) -> KB:
    """The fixture KB plus the OpenRouter and Cohere provider records (copied from kb/ with their sources)."""
    for kind, record in (("providers", "openrouter"), ("providers", "cohere"), ("sources", "openrouter-docs"),
                         ("sources", "cohere-api-docs"), ("sources", "cohere-pricing")):
        shutil.copy(REPO / "kb" / kind / f"{record}.yaml", scratch_kb / kind)
    edit(scratch_kb / "providers" / "cohere.yaml", "- seed-frontier-gemini-architecture-benchmarks\n", "")
    linked, issues = validate_kb(scratch_kb, today)
    assert issues == []
    return linked


@pytest.fixture
def fakes(kb: KB) -> Iterator[FakeProviders]:
    server = FakeProviders.from_kb(kb, on=TODAY)
    server.start()
    yield server
    server.stop()


def live(kb: KB, today: datetime.date, fakes: FakeProviders, providers: tuple[str, ...] = ("openai", "anthropic",
         "google", "mistral"), **options: float):
    keys = {p: SECRET for p in providers}
    return check_live(kb, today, keys, fakes.url_for, **{"timeout": 2.0, "max_wait": 2.0, **options})


# ---------------------------------------------------------------- offline


def test_every_current_price_that_was_never_checked_is_reported(kb: KB, today: datetime.date) -> None:
    found = check_offline(kb, today, snippet_calls=[])
    # claude-3-5-sonnet retired on 2025-10-22: its last price is history, not a stale price
    assert [c for c in codes(found) if c[0] == "stale-price"] == [
        ("stale-price", "google--gemini-2.0-flash.yaml", 8),
        ("stale-price", "openai--gpt-4o.yaml", 16), ("stale-price", "openai--gpt-4o-mini.yaml", 8)]


@pytest.mark.parametrize(("retires", "expected"), [
    ("2026-11-21", ("retired-but-active",
                    "openai--gpt-4o-mini retired on 2026-11-21 but is still marked `deprecated`")),
    ("2026-11-22", ("retiring-soon", "openai--gpt-4o-mini retires on 2026-11-22, in 1 day; no replacement recorded")),
    ("2026-12-21", ("retiring-soon", "openai--gpt-4o-mini retires on 2026-12-21, in 30 days; no replacement recorded")),
    ("2026-12-22", None)])
def test_an_offering_retiring_today_is_retired_today_and_is_one_finding(scratch_kb: Path, today, retires: str,
                                                                         expected: tuple[str, str] | None) -> None:
    edit(scratch_kb / "offerings" / "openai--gpt-4o-mini.yaml", "  status: active\n",
         f"  status: deprecated\n  deprecated: 2026-06-01\n  retires: {retires}\n")
    found = [(f.code, f.message) for f in check_offline(validate_kb(scratch_kb, today)[0], today, snippet_calls=[])
             if "gpt-4o-mini" in f.message]
    assert [f for f in found if f[0] != "stale-price"] == ([expected] if expected else [])
    assert any(code == "stale-price" for code, _ in found) == (retires != "2026-11-21")  # none once retired


def test_a_price_checked_recently_is_fresh_and_one_checked_long_ago_is_stale(scratch_kb: Path, today) -> None:
    edit(scratch_kb / "prices" / "openai--gpt-4o-mini.yaml", "  input: 0.15\n",
         "  checked: 2026-10-01\n  input: 0.15\n")
    edit(scratch_kb / "prices" / "openai--gpt-4o.yaml", "  input: 2.5\n", "  checked: 2026-01-10\n  input: 2.5\n")
    found = check_offline(validate_kb(scratch_kb, today)[0], today, stale_days=90, snippet_calls=[])
    messages = [f.message for f in found if f.code == "stale-price"]
    assert not any("openai--gpt-4o-mini" in m for m in messages)
    assert "the current price of openai--gpt-4o was last checked 2026-01-10, 315 days ago (limit 90)" in messages


LATER = ("- effective: 2026-11-01\n  basis: observed\n  input: {input}\n  output: {output}\n  carried:\n  - batch\n"
         "  sources:\n  - seed-llm-foundations-frontier-models\n")


@pytest.mark.parametrize(("later_input", "later_output", "expected"), [
    ("0.2", "0.6", "input $0.20 (was $0.15)"),  # a newer unconfirmed reading that moves the input price
    ("0.15", "0.5", "output $0.50 (was $0.60)"),
    ("0.15", "0.6", None)])  # the same prices again: still the first-party check's, nothing to confirm
def test_a_newer_reading_that_differs_from_the_last_check_is_a_change_to_confirm(
        scratch_kb: Path, today, later_input: str, later_output: str, expected: str | None) -> None:
    # GPT-4o mini's launch price ($0.15 / $0.60) checked on 2026-10-01, then a reading of 2026-11-01 no page confirmed
    path = scratch_kb / "prices" / "openai--gpt-4o-mini.yaml"
    edit(path, "  input: 0.15\n", "  checked: 2026-10-01\n  input: 0.15\n")
    path.write_text(path.read_text(encoding="utf-8") + LATER.format(input=later_input, output=later_output),
                    encoding="utf-8")
    found = [f for f in check_offline(validate_kb(scratch_kb, today)[0], today, snippet_calls=[])
             if "openai--gpt-4o-mini" in f.message and f.code in ("unconfirmed-change", "stale-price")]
    if expected is None:
        assert found == []
        return
    [change] = found
    assert (change.code, change.line) == ("unconfirmed-change", 19)
    assert change.message == (
        "the current price of openai--gpt-4o-mini (effective 2026-11-01) differs from what a first-party page last "
        f"showed, checked 2026-10-01: {expected}; confirm the change at the provider's page and set `checked`, or mark "
        "the reading `disputed`")


DISPUTE = "  disputed: the provider's newer pricing page no longer lists it\n  sources:\n"


@pytest.mark.parametrize(("change", "expected"), [
    ("dispute", ("disputed-only", 14)),  # its only reading disputed (line 14, before its sources), yet live
    ("dispute and retire", None),  # retired: its last price is history
    ("dispute, then a later undisputed reading", None),  # a price in force again
    ("dispute and withdraw", None),  # no public price on purpose ("Contact Sales"): not a lifecycle question
    ("dispute, effective tomorrow", None)])  # nothing in force yet: a price announced ahead
def test_a_live_offering_whose_every_price_is_disputed_is_a_lifecycle_question(
        scratch_kb: Path, today, change: str, expected: tuple[str, int] | None) -> None:
    prices = scratch_kb / "prices" / "openai--gpt-4o-mini.yaml"
    offering = scratch_kb / "offerings" / "openai--gpt-4o-mini.yaml"
    edit(prices, "  sources:\n", DISPUTE)
    if change == "dispute and retire":
        edit(offering, "  status: active\n", "  status: retired\n  retires: 2026-11-21\n")
    if change == "dispute, then a later undisputed reading":
        prices.write_text(prices.read_text(encoding="utf-8") + "- effective: 2026-11-01\n  basis: observed\n"
                          "  input: 0.15\n  output: 0.6\n  sources:\n  - seed-llm-foundations-frontier-models\n",
                          encoding="utf-8")
    if change == "dispute and withdraw":
        prices.write_text(prices.read_text(encoding="utf-8") + "withdrawn:\n  observed: 2026-11-01\n  sources:\n"
                          "  - seed-llm-foundations-frontier-models\n", encoding="utf-8")
    if change == "dispute, effective tomorrow":
        edit(prices, "- effective: 2024-07-18\n", f"- effective: {today + datetime.timedelta(days=1)}\n"
             f"  announced: {today}\n")
    linked, issues = validate_kb(scratch_kb, today)
    # the fixture's workload prices GPT-4o mini on 2025-06-01, which a disputed reading cannot: that issue only
    assert [issue.fix for issue in issues] == ["add a snapshot to kb/prices/ for `openai--gpt-4o-mini`"]
    found = [(f.code, f.line, f.message) for f in check_offline(linked, today, snippet_calls=[])
             if "openai--gpt-4o-mini" in f.message]
    if expected is None:
        assert not any(code == "disputed-only" for code, _, _ in found)
        return
    assert [(code, line) for code, line, _ in found] == [expected]
    assert found[0][2].startswith(f"every price of openai--gpt-4o-mini in force by {today} is disputed, yet it is live")


def test_lifecycle_dates_the_kb_has_not_caught_up_with(scratch_kb: Path, today) -> None:
    edit(scratch_kb / "offerings" / "openai--gpt-4o-mini.yaml", "  status: active\n",
         "  status: deprecated\n  deprecated: 2026-06-01\n  retires: 2026-11-01\n")
    edit(scratch_kb / "offerings" / "openai--gpt-4o.yaml", "  status: active\n",
         "  status: deprecated\n  deprecated: 2026-06-01\n  retires: 2026-12-10\n"
         "  replacement: anthropic--claude-3-5-sonnet\n")
    found = check_offline(validate_kb(scratch_kb, today)[0], today, snippet_calls=[])
    lifecycle = sorted(f.message for f in found if f.code != "stale-price")
    assert lifecycle == [
        "openai--gpt-4o retires on 2026-12-10, in 19 days; replacement: anthropic--claude-3-5-sonnet",
        "openai--gpt-4o-mini retired on 2026-11-01 but is still marked `deprecated`",
        "the replacement of openai--gpt-4o, anthropic--claude-3-5-sonnet, is itself retired; the site points readers "
        "on to anthropic--claude-sonnet-4"]


def test_a_retired_model_id_in_a_snippet_is_reported(kb: KB, today: datetime.date) -> None:
    found = check_offline(kb, today, snippet_calls=[("anthropic", "claude-3-5-sonnet-20241022")])
    assert [(f.code, f.message) for f in found if f.code == "retired-in-snippet"] == [
        ("retired-in-snippet", "a snippet on the site calls `claude-3-5-sonnet-20241022`, which retired on 2025-10-22")]
    assert [f for f in check_offline(kb, today) if f.code == "retired-in-snippet"] == [], "the site's own snippets"


def test_the_same_model_id_at_a_provider_still_serving_it_is_not_a_retired_call(kb: KB, today: datetime.date) -> None:
    # Together retired openai/gpt-oss-20b while Groq serves it under the same id: Groq's snippet is not a retired call
    found = check_offline(kb, today, snippet_calls=[("openrouter", "claude-3-5-sonnet-20241022")])
    assert [f for f in found if f.code == "retired-in-snippet"] == []


# ---------------------------------------------------------------- live


def test_a_kb_that_matches_the_providers_has_no_live_findings(kb: KB, today, fakes: FakeProviders) -> None:
    report = live(kb, today, fakes)
    assert report.errors == [] and report.findings == []
    assert {p for p, _, _ in fakes.requests} == {"openai", "anthropic", "google", "mistral", "openrouter"}


def test_an_id_the_provider_no_longer_lists_is_a_finding_at_its_line(kb: KB, today, fakes: FakeProviders) -> None:
    fakes.catalog["openai"] = [m for m in fakes.catalog["openai"] if m.id != "gpt-4o-2024-11-20"]
    [found] = live(kb, today, fakes).findings
    assert (found.code, Path(found.file).name, found.line) == ("missing-upstream", "openai--gpt-4o.yaml", 8)
    assert "OpenAI does not list `gpt-4o-2024-11-20` any more" in found.message


def test_upstream_lifecycle_signals_that_disagree_with_the_kb(kb: KB, today, fakes: FakeProviders) -> None:
    [mini] = [m for m in fakes.catalog["openrouter"] if m.id.startswith("openai/gpt-4o-mini")]
    mini.retires = datetime.date(2027, 2, 1)
    for model in fakes.catalog["mistral"]:
        model.retires, model.replacement = datetime.date(2027, 1, 31), "mistral-small-latest"
    found = [(f.code, Path(f.file).name, f.message) for f in live(kb, today, fakes).findings]
    assert sorted(found) == [
        ("aggregator-expiry", "openai--gpt-4o-mini.yaml",
         f"OpenRouter lists `{mini.id}` as expiring on 2027-02-01; the KB is `active` with no "
         "retirement date for openai--gpt-4o-mini; check the provider's deprecations page"),
        ("lifecycle-mismatch", "mistral--mistral-7b.yaml",
         "the provider marks `open-mistral-7b` deprecated (retires 2027-01-31); the KB says `active`")]


def test_prices_that_drifted_from_openrouters_list(kb: KB, today, fakes: FakeProviders) -> None:
    fakes.catalog["openrouter"] = [FakeModel("openai/gpt-4o", input_price=3.0, output_price=10.0),
                                   FakeModel("openai/gpt-4o-mini", input_price=0.15, output_price=0.6),
                                   FakeModel("openrouter/auto", input_price=None, output_price=None)]
    drift = [f for f in live(kb, today, fakes).findings if f.code == "price-drift"]
    assert [(Path(f.file).name, f.message) for f in drift] == [
        ("openai--gpt-4o.yaml", "openai--gpt-4o input: upstream $3.00 (OpenRouter's `openai/gpt-4o`, matched by "
                                "alias), the KB $2.50 per 1M tokens: upstream is 20% higher")]


def test_every_page_of_a_paged_list_is_read(kb: KB, today, fakes: FakeProviders) -> None:
    fakes.catalog["google"] += [FakeModel(f"extra-model-{i}") for i in range(120)]
    fakes.catalog["cohere"] = [FakeModel(f"command-{i}") for i in range(230)]
    report = live(kb, today, fakes, providers=("google", "cohere"))
    assert report.errors == [] and report.findings == []
    pages = [(p, path) for p, method, path in fakes.requests if method == "GET"]
    assert pages.count(("google", "/google/v1beta/models")) == 3
    assert pages.count(("cohere", "/cohere/v1/models")) == 3


@pytest.mark.parametrize(("scenario", "expected"), [
    (Scenario("timeout", delay=3.0), "google: timed out reading https://generativelanguage.googleapis.com/v1beta/models"),
    (Scenario("429", retry_after=0),
     "google: rate limited (429) from https://generativelanguage.googleapis.com/v1beta/models after 4 attempts"),
    (Scenario("500"), "google: server error 500 from"),
    (Scenario("529"), "google: server error 529 from"),
    (Scenario("malformed"), "google: malformed or truncated JSON from"),
    (Scenario("truncated"), "google: malformed or truncated JSON from"),
    (Scenario("redirect"), "google: https://generativelanguage.googleapis.com/v1beta/models redirected (302) to "
                           "elsewhere.invalid; not followed"),
])
def test_faults_are_check_errors_never_findings(kb: KB, today, fakes: FakeProviders, scenario: Scenario,
                                                expected: str) -> None:
    fakes.scenarios["google"] = scenario
    report = live(kb, today, fakes, providers=("google",), timeout=0.5, retries=3)
    assert [e[:len(expected)] for e in report.errors] == [expected]
    assert report.findings == [] and report.exit_code == 3


@pytest.fixture
def waits(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The pauses the client asks for, recorded instead of slept: tests never measure the clock."""
    import asyncio

    from generators.live import upstream

    asked: list[float] = []
    real = asyncio.sleep

    async def sleep(seconds: float, *args: object) -> object:
        if seconds:
            asked.append(seconds)
        return await real(0)

    monkeypatch.setattr(upstream.asyncio, "sleep", sleep)
    return asked


def test_a_429_is_retried_after_the_time_the_provider_asks_for(kb: KB, today, fakes: FakeProviders,
                                                               waits: list[float]) -> None:
    fakes.scenarios["anthropic"] = Scenario("429", retry_after=1, times=1)
    report = live(kb, today, fakes, providers=("anthropic",))
    assert report.errors == [] and waits == [1.0]
    assert [p for p, _, _ in fakes.requests].count("anthropic") == 2, "one refused request, one retry"


def test_a_wrong_key_is_a_check_error(kb: KB, today, fakes: FakeProviders) -> None:
    fakes.keys["openai"] = "the-right-key"
    [error] = live(kb, today, fakes, providers=("openai",)).errors
    assert error.startswith("openai: 401 from https://api.openai.com/v1/models:") and "invalid_api_key" in error


def test_api_keys_never_appear_in_any_output(scratch_kb: Path, kb: KB, today, fakes: FakeProviders,
                                             capsys: pytest.CaptureFixture[str],
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    texts = []
    for kind in ("timeout", "429", "500", "malformed", "redirect", "ok"):
        fakes.scenarios = {p: Scenario(kind, delay=1.0, retry_after=0) for p in ("openai", "google", "anthropic")}
        fakes.keys["mistral"] = "not-the-planted-one"
        report = live(kb, today, fakes, timeout=0.3, retries=1)
        texts += [fmt(report) for fmt in FORMATS.values()] + report.errors
    for provider in kb.providers:
        if provider.auth:
            monkeypatch.setenv(provider.auth.env_var, SECRET)
    fakes.scenarios = {"openai": Scenario("500")}
    result = CliRunner().invoke(main, ["check", "--live", "--against", fakes.origin, "--kb", str(scratch_kb),
                                       "--format", "github", "--today", "2026-11-21", "--timeout", "0.5"])
    captured = capsys.readouterr()  # read once: a second read would be empty
    texts += [result.output, captured.out, captured.err]
    assert all(SECRET not in text for text in texts)
    assert result.exit_code == 3
    assert redact(f"GET https://generativelanguage.googleapis.com/v1beta/models?key={SECRET}&pageSize=50 failed", []) \
        == "GET https://generativelanguage.googleapis.com/v1beta/models?key=***&pageSize=50 failed"


# ---------------------------------------------------------------- reports and exit codes


def test_reports_in_every_format(kb: KB, today: datetime.date) -> None:
    from generators.live.check import Report

    report = Report("2026-11-21", findings=check_offline(kb, today, snippet_calls=[]), errors=["openai: timed out"])
    assert FORMATS["github"](report).splitlines()[0].startswith(
        "::warning file=") and ",line=8,col=14,title=stale-price::the current price of" in FORMATS["github"](report)
    assert "::error title=check error::openai: timed out" in FORMATS["github"](report)
    data = json.loads(FORMATS["json"](report))
    assert data["exit_code"] == 3 and len(data["findings"]) == 3 and data["errors"] == ["openai: timed out"]
    markdown = FORMATS["markdown"](report)
    assert "### stale-price (3)" in markdown and "### Could not check" in markdown
    assert FORMATS["text"](report).endswith(
        "3 finding(s), 1 check error(s), 0 provider(s) skipped\n"
        "prices not compared with an aggregator's list (offline; run with --live)\n")


def test_exit_codes_tell_findings_from_errors(scratch_kb: Path) -> None:
    args = ["check", "--kb", str(scratch_kb), "--today", "2026-11-21"]
    assert CliRunner().invoke(main, args).exit_code == 1
    for price in (scratch_kb / "prices").glob("*.yaml"):
        text = price.read_text()
        price.write_text(text.replace("\n  input:", "\n  checked: 2026-11-01\n  input:"))
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert CliRunner().invoke(main, [*args, "--stale-days", "0"]).exit_code == 2
    write_record(scratch_kb, "benchmarks", "broken", "schema_version: 1\n")
    assert CliRunner().invoke(main, args).exit_code == 4  # the KB is invalid: not "findings"


def test_an_offering_marked_retired_on_its_retirement_day_is_not_retiring_soon(scratch_kb: Path, today) -> None:
    edit(scratch_kb / "offerings" / "openai--gpt-4o-mini.yaml", "  status: active\n",
         "  status: retired\n  deprecated: 2026-06-01\n  retires: 2026-11-21\n")
    found = check_offline(validate_kb(scratch_kb, today)[0], today, snippet_calls=[])
    assert [f.message for f in found if "gpt-4o-mini" in f.message] == []


@pytest.mark.parametrize(("as_of", "drifts"), [("2024-08-05", []), ("2024-08-06", ["openai--gpt-4o"])])
def test_as_of_compares_a_dated_list_with_the_prices_then_without_revalidating(
        scratch_kb: Path, kb: KB, fakes: FakeProviders, as_of: str, drifts: list[str]) -> None:
    """The fixture's GPT-4o cost $5 / $15 from 2024-05-13 and $2.50 / $10 from 2024-08-06; the list says $5 / $15."""
    from click.testing import CliRunner

    from generators.cli import main

    fakes.catalog["openrouter"] = [FakeModel("openai/gpt-4o", input_price=5.0, output_price=15.0)]
    result = CliRunner().invoke(main, ["check", "--live", "--kb", str(scratch_kb), "--against", fakes.origin,
                                       "--today", "2026-11-21", "--as-of", as_of, "--format", "json"], env={})
    assert result.exit_code in (0, 1), result.output  # validated as of today: not exit 4
    found = json.loads(result.output)["findings"]
    assert sorted({f["message"].split(" ")[0] for f in found if f["code"] == "price-drift"}) == drifts


@pytest.mark.parametrize(("on", "prices"), [(datetime.date(2024, 8, 5), (5.0, 15.0)),
                                            (datetime.date(2024, 8, 6), (2.5, 10.0))])
def test_the_fakes_serve_the_price_in_force_on_their_day(kb: KB, on: datetime.date,
                                                          prices: tuple[float, float]) -> None:
    """GPT-4o: $5 / $15 from 2024-05-13, $2.50 / $10 from 2024-08-06 (the fixture's history)."""
    from generators.live.fakes.providers import catalog_from_kb

    [listed] = [m for m in catalog_from_kb(kb, on=on)["openai"] if m.id == "gpt-4o-2024-08-06"]
    assert (listed.input_price, listed.output_price) == prices


def test_the_coverage_line_splits_compared_unmatched_and_not_carried(kb: KB, fakes: FakeProviders) -> None:
    """Priced and live on TODAY: gemini-2.0-flash, gpt-4o, gpt-4o-mini. The list carries GPT-4o only."""
    fakes.catalog["openrouter"] = [FakeModel("openai/gpt-4o", input_price=2.5, output_price=10.0)]
    report = live(kb, TODAY, fakes, providers=())
    assert report.coverage == ("compared 1 of 3 priced offerings; 0 unmatched; 2 carried by no configured source: "
                               "google--gemini-2.0-flash (not listed), openai--gpt-4o-mini (not listed)")
