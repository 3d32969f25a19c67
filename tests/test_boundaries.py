"""Every date and threshold comparison readers depend on, at its boundary: the day itself, and one step past.

Expected values are the fixture KB's facts, written here (tests/fixtures/kb): GPT-4o (released 2024-05-13) has a
128,000-token context window and 16,384 max output tokens; its price of $2.50 / $10 took effect on 2024-08-06;
Claude 3.5 Sonnet's only offering retired on 2025-10-22. Each test was seen to fail with its comparison flipped
(tests/benchmarks/mutation_survey.py lists the mutations).
"""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from conftest import TODAY, second_offering, write_record

from generators.escape import html_text
from generators.kb import current
from generators.kb.diff import Diff, PriceChange, price_history_changes
from generators.kb.link import KB
from generators.kb.records.base import check_url
from generators.kb.units import per_million
from generators.kb.validate import validate_kb
from generators.live.aggregator import price_drifts
from generators.live.check import check_offline
from generators.live.dialects import ListedModel
from generators.live.matching import Match, checked
from generators.live.refresh import plan
from generators.live.snippets import environment
from generators.site import changelog

DAY = datetime.timedelta(days=1)


def linked(root: Path) -> KB:
    kb, issues = validate_kb(root, TODAY)
    assert issues == []
    return kb


def test_a_model_with_one_live_offering_among_retired_ones_is_live(scratch_kb: Path) -> None:
    second_offering(scratch_kb, "claude-3-5-sonnet")  # its Anthropic offering retired on 2025-10-22
    kb = linked(scratch_kb)
    assert current.model_status(kb, kb.get("models", "claude-3-5-sonnet"), TODAY) == "live"


def test_a_model_is_retiring_only_when_every_live_offering_retires_soon(scratch_kb: Path) -> None:
    soon = (TODAY + 10 * DAY).isoformat()
    second_offering(scratch_kb, "gpt-4o", soon)  # OpenAI's own gpt-4o offering has no retirement date
    kb = linked(scratch_kb)
    assert current.model_status(kb, kb.get("models", "gpt-4o"), TODAY) == "live"
    second_offering(scratch_kb, "claude-3-5-sonnet", soon)  # its only live offering retires in 10 days
    kb = linked(scratch_kb)
    assert current.model_status(kb, kb.get("models", "claude-3-5-sonnet"), TODAY) == "retiring"


@pytest.mark.parametrize(("tokens_in", "tokens_out", "fits"), [
    (128_000 - 16_384, 16_384, True),  # the window exactly full, the output exactly at its limit
    (128_000 - 16_384 + 1, 16_384, False),  # one token over the window
    (1_000, 16_385, False),  # one token over the max output
])
def test_a_call_fits_up_to_and_including_both_limits(kb: KB, tokens_in: int, tokens_out: int, fits: bool) -> None:
    offering = kb.get("offerings", "openai--gpt-4o")
    assert current.fits(kb, offering, tokens_in, tokens_out).fits is fits


def test_the_changelog_of_a_day_includes_that_days_events(kb: KB) -> None:
    day = datetime.date(2024, 8, 6)  # GPT-4o's $2.50 / $10 took effect
    assert any(e.date == day for e in changelog.events(kb, day, ["gpt-4o"]))
    assert not any(e.date == day for e in changelog.events(kb, day - DAY, ["gpt-4o"]))


@pytest.mark.parametrize(("days_since_checked", "stale"), [(90, False), (91, True)])
def test_a_price_checked_exactly_the_limit_ago_is_not_yet_stale(scratch_kb: Path, days_since_checked: int,
                                                                 stale: bool) -> None:
    path = scratch_kb / "prices" / "openai--gpt-4o-mini.yaml"
    text = path.read_text()
    checked_on = TODAY - days_since_checked * DAY
    path.write_text(text.replace("- effective: 2024-07-18\n", f"- effective: 2024-07-18\n  checked: {checked_on}\n", 1))
    found = [f for f in check_offline(linked(scratch_kb), TODAY, stale_days=90, snippet_calls=[])
             if f.code == "stale-price" and "gpt-4o-mini" in f.file]
    assert bool(found) is stale


@pytest.mark.parametrize(("per_token", "per_1m"), [(2.5e-06, "2.5"), (1.1e-06, "1.1"), (2e-07, "0.2"), (3e-08, "0.03"),
                                                    ("0.0000002", "0.2"), (1e-06, "1.0")])
def test_a_feeds_float_price_converts_exactly(per_token: float | str, per_1m: str) -> None:
    # exactly the decimal the record will hold, digits and all: 0.2, never 0.19999999999999998 or 0.2000000
    assert str(per_million(per_token)) == per_1m


@pytest.mark.parametrize(("listed_days_before_release", "same_model"), [(30, True), (31, False)])
def test_an_alias_listed_up_to_30_days_before_release_is_that_model(kb: KB, listed_days_before_release: int,
                                                                    same_model: bool) -> None:
    offering = kb.get("offerings", "openai--gpt-4o")
    listed = datetime.datetime.combine(datetime.date(2024, 5, 13) - listed_days_before_release * DAY,
                                       datetime.time(12), datetime.UTC)
    entry = ListedModel("openai/gpt-4o", created=int(listed.timestamp()), input_price=2.5, output_price=10.0)
    found = checked(kb, Match(offering, entry, "alias"))
    assert (found.entry is not None) is same_model


@pytest.fixture
def kb(scratch_kb: Path) -> KB:
    return linked(scratch_kb)


@pytest.mark.parametrize(("upstream_input", "drift"), [(2.75, False), (2.76, True)])  # the KB's $2.50; 10% is $2.75
def test_a_price_exactly_the_threshold_away_is_no_drift(kb: KB, upstream_input: float, drift: bool) -> None:
    offering = kb.get("offerings", "openai--gpt-4o")
    snapshot = current.current_price(kb, offering, TODAY)
    entry = ListedModel("openai/gpt-4o-2024-08-06", input_price=upstream_input, output_price=10.0)
    found = price_drifts(Match(offering, entry, "api id"), snapshot, 0.10)
    assert [path for path, _ in found] == ([("input",)] if drift else [])


@pytest.mark.parametrize(("as_of", "appended"), [(datetime.date(2024, 8, 6), False), (datetime.date(2024, 8, 7), True)])
def test_refresh_appends_no_second_snapshot_on_the_day_the_kbs_took_effect(kb: KB, as_of: datetime.date,
                                                                         appended: bool) -> None:
    listed = [ListedModel("openai/gpt-4o-2024-08-06", input_price=3.0, output_price=12.0)]  # GPT-4o's $2.50 / $10
    assert ("openai--gpt-4o" in plan(kb, listed, as_of, 0.10).snapshots) is appended


def test_a_price_change_is_measured_from_the_last_undisputed_snapshot() -> None:
    launch = {"effective": "2026-01-01", "input": 2.0, "output": 8.0}
    wrong = {"effective": "2026-02-01", "input": 9.0, "output": 9.0, "disputed": "a misread page"}
    cut = {"effective": "2026-03-01", "input": 1.0, "output": 4.0}
    diff = Diff("base", "head")
    price_history_changes(diff, "prices/o.yaml", {"offering": "o", "snapshots": [launch, wrong]},
                          {"offering": "o", "snapshots": [launch, wrong, cut]})
    assert diff.prices == [PriceChange("o", "2026-03-01", 2.0, 8.0, 1.0, 4.0)]  # -50%, not -89%


@pytest.mark.parametrize("url", ["https://example.com/a`b", "https://example.com/?q=`rm`"])
def test_a_backtick_in_a_url_is_refused(url: str) -> None:
    with pytest.raises(ValueError, match="backtick"):
        check_url(url)


def test_html_text_escapes_the_ampersand_before_the_brackets() -> None:
    assert html_text("R&D <b> &lt;") == "R&amp;D &lt;b&gt; &amp;lt;"


def test_a_bedrock_model_id_stays_one_path_segment_in_the_curl_snippet() -> None:
    code = environment().get_template("curl_bedrock.sh.j2").render(
        api_id="arn:aws:bedrock:us-east-1:123:inference-profile/us.amazon.nova-lite-v1:0", root="https://b.example",
        key="AWS_BEARER_TOKEN_BEDROCK", payload="{}")
    assert "/model/arn%3Aaws%3Abedrock%3Aus-east-1%3A123%3Ainference-profile%2Fus.amazon.nova-lite-v1%3A0/" \
        "converse" in code


@pytest.mark.parametrize(("days_before_release", "refused"), [(365, False), (366, True)])
def test_a_labs_own_claim_may_precede_the_release_by_a_year_at_most(scratch_kb: Path, days_before_release: int,
                                                                   refused: bool) -> None:
    dated = datetime.date(2024, 5, 13) - datetime.timedelta(days=days_before_release)  # GPT-4o's fixture release
    write_record(scratch_kb, "claims", "gpt-4o--early", f"schema_version: 1\nid: gpt-4o--early\nmodel: gpt-4o\n"
                 f"benchmark: mmlu\nscore: 88.7\nmetric: accuracy (%)\nreported_by: vendor\nreporter: OpenAI\n"
                 f"date: {dated.isoformat()}\nsources:\n- hello-gpt-4o\n")
    _, issues = validate_kb(scratch_kb, TODAY)
    assert [i.message for i in issues if "gpt-4o--early" in str(i.file)] == (
        [f"the claim is dated {dated}, 366 days before the model was released (2024-05-13); a lab announces scores "
         "at most 365 days ahead"] if refused else [])
