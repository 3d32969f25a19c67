"""The defects the landscape issue listed do not come back: each expected value is the fact as the issue and the
labs' pages state it, written here, not read from the code under test."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal

import pytest
from click.testing import CliRunner
from conftest import KB_TODAY, REPO

from generators.cli import main
from generators.kb import current
from generators.kb.link import KB
from generators.live.check import check_offline, site_snippet_calls


@pytest.fixture(scope="module")
def kb(real_kb: KB) -> KB:
    return real_kb


def price_in_force(kb: KB, offering_id: str) -> tuple[Decimal, Decimal] | None:
    snapshot = current.current_price(kb, kb.get("offerings", offering_id), KB_TODAY)
    return (snapshot.input, snapshot.output) if snapshot else None


def test_the_releases_the_issue_found_missing_are_records(kb: KB) -> None:
    models = {m.id: m for m in kb.models}
    for model_id in ("gemini-4-argon", "glm-5.2", "glm-5.3", "kimi-k3", "kimi-k3.1-pro", "muse-spark-1.1",
                     "mistral-large-4", "gpt-6-sol", "mai-thinking-1", "nova-2-lite", "nova-2-pro", "deepseek-r1"):
        assert model_id in models, model_id
    assert models["nova-2-lite"].lab == "amazon"
    assert kb.get("providers", "amazon") is not None


def test_release_dates_the_first_party_pages_give_are_recorded(kb: KB) -> None:
    """Opus 5.5, Sonnet 5.5 and Qwen3.7-Max had none."""
    released = {m.id: m.released for m in kb.models}
    assert released["claude-opus-5-5"] == datetime.date(2026, 9, 22)
    assert released["claude-sonnet-5-5"] == datetime.date(2026, 9, 28)
    assert released["qwen3.7-max"] == datetime.date(2026, 5, 20)


@pytest.mark.parametrize("offering_id, gone", [
    ("moonshot--kimi-k2.5", datetime.date(2026, 8, 31)),  # discontinued by Moonshot
    ("anthropic--claude-sonnet-4-5", datetime.date(2026, 11, 30)),
    ("google--gemini-2.5-pro", datetime.date(2026, 12, 1)),
    ("google--gemini-2.5-flash", datetime.date(2026, 12, 1)),
])
def test_offerings_past_their_retirement_are_retired_and_unpriced(kb: KB, offering_id: str,
                                                                  gone: datetime.date) -> None:
    offering = kb.get("offerings", offering_id)
    assert offering.lifecycle.status == "retired" and offering.lifecycle.retires == gone
    assert current.offering_status(offering, gone - datetime.timedelta(days=1)) != "retired"
    assert not current.is_live(offering, gone) and current.live_priced(kb, [offering], gone) == []


def test_claude_opus_4_5_is_deprecated_and_retiring_on_its_announced_day(kb: KB) -> None:
    offering = kb.get("offerings", "anthropic--claude-opus-4-5")
    assert (offering.lifecycle.deprecated, offering.lifecycle.retires) == (datetime.date(2026, 11, 23),
                                                                            datetime.date(2027, 1, 22))
    assert current.offering_status(offering, KB_TODAY) == "retiring"  # 48 days ahead: within the 90-day warning


def test_mistral_medium_3_5_is_deprecated_in_favour_of_large_4(kb: KB) -> None:
    lifecycle = kb.get("offerings", "mistral--mistral-medium-3.5").lifecycle
    assert (lifecycle.status, lifecycle.replacement) == ("deprecated", "mistral--mistral-large-4")


def test_fireworks_prices_follow_the_newer_copy_of_its_own_page(kb: KB) -> None:
    # DeepSeek V4 Pro (0813): the newer copy's $1.32 / $3.96 is the page's figure, the older $1.74 / $3.48 is never
    # a price in force; and since Fireworks ended its serverless access after 2026-09-25, nothing is in force today
    history = kb.price_history("fireworks--deepseek-v4-pro")
    assert [(s.input, s.output) for s in history.snapshots if "fireworks-serverless-pricing-2026-11" in s.sources] == [
        (Decimal("1.32"), Decimal("3.96"))]
    older = [s for s in history.snapshots if (s.input, s.output) == (Decimal("1.74"), Decimal("3.48"))]
    assert [(s.sources, s.disputed is not None) for s in older] == [(["fireworks-serverless-pricing"], True)]
    assert kb.get("offerings", "fireworks--deepseek-v4-pro").lifecycle.retires == datetime.date(2026, 9, 25)
    assert price_in_force(kb, "fireworks--deepseek-v4-pro") is None
    # the newer copy no longer lists GLM 5.1: the older copy's $1.40 / $4.40 is history, not today's price
    assert price_in_force(kb, "fireworks--glm-5.1") is None


def test_gemini_3_8_flash_bills_at_the_promotional_rate_of_its_page(kb: KB) -> None:
    assert price_in_force(kb, "google--gemini-3.8-flash") == (Decimal("0.75"), Decimal("3.75"))


def test_gemini_3_6_flash_is_priced_by_googles_own_guide_not_by_third_party_tools_claiming_a_promotion(kb: KB) -> None:
    assert price_in_force(kb, "google--gemini-3.6-flash") == (Decimal("1.5"), Decimal("7.5"))
    history = kb.price_history("google--gemini-3.6-flash")
    assert [s.effective for s in history.snapshots if s.disputed] == [datetime.date(2026, 9, 2),
                                                                      datetime.date(2026, 11, 22)]


@pytest.mark.parametrize(("on", "expected"), [
    (datetime.date(2026, 12, 31), (Decimal("0.75"), Decimal("3.75"))),  # the promotion's last day
    (datetime.date(2027, 1, 1), (Decimal("1.5"), Decimal("7.5")))])  # "starting January 1, 2027"
def test_gemini_3_8_flash_doubles_on_the_day_its_page_announced_without_anyone_editing_the_kb(
        kb: KB, on: datetime.date, expected: tuple[Decimal, Decimal]) -> None:
    flash = kb.get("offerings", "google--gemini-3.8-flash")
    snapshot = current.current_price(kb, flash, on)
    assert snapshot is not None and (snapshot.input, snapshot.output) == expected
    upcoming = current.scheduled_price(kb, flash, KB_TODAY)
    assert upcoming is not None and (upcoming.effective, upcoming.announced) == (
        datetime.date(2027, 1, 1), datetime.date(2026, 9, 20))


def test_gpt_6_2_sol_caching_prices_are_data_and_a_cached_workload_costs_what_they_say(kb: KB) -> None:
    """The default workload: 1,000 calls a day of 1,000 tokens in and 500 out, 30 days. At 90% cached, 3M input
    tokens at $2, 27M at $0.10 and 15M output tokens at $10: $6 + $2.70 + $150 = $158.70 (at list prices with no
    cache it would be $210)."""
    snapshot = current.current_price(kb, kb.get("offerings", "openai--gpt-6.2-sol"), KB_TODAY)
    assert snapshot is not None
    assert (snapshot.cached_input, snapshot.cache_write) == (Decimal("0.1"), Decimal("2.5"))
    assert [(t.above_tokens, t.input, t.output) for t in snapshot.tiers] == [(272000, Decimal("4"), Decimal("15"))]
    result = CliRunner().invoke(main, ["choose", "--kb", str(REPO / "kb"), "--cached", "0.9", "--providers",
                                       "openai", "--today", KB_TODAY.isoformat(), "--format", "json"])
    assert result.exit_code == 0, result.output
    ranked = {row["offering"]: row for row in json.loads(result.output)["ranked"]}
    assert Decimal(str(ranked["openai--gpt-6.2-sol"]["monthly_usd"])) == Decimal("158.70")


def test_a_later_reading_of_input_and_output_only_keeps_the_cached_prices_the_providers_pages_gave(kb: KB) -> None:
    """GPT-5.4 mini's and GLM-4.5-Air's newest readings (a host, LiteLLM) show input and output only; the cached
    input OpenAI's and Z.ai's pricing pages gave ($0.075 on 2026-05-08; $0.03 on 2026-05-08 and again in the capture
    of 2026-07-31) stays the price in force, confirmed there on the last of those days."""
    for offering_id, cached, day in (("openai--gpt-5.4-mini", Decimal("0.075"), datetime.date(2026, 5, 8)),
                                     ("zhipu--glm-4.5-air", Decimal("0.03"), datetime.date(2026, 7, 31))):
        snapshot = current.current_price(kb, kb.get("offerings", offering_id), KB_TODAY)
        assert snapshot is not None and snapshot.cached_input == cached, offering_id
        check = current.price_check(kb, offering_id, snapshot)
        assert check is not None and check.checked == day, offering_id


def test_openais_pricing_page_of_2025_09_07_prices_the_older_models_service_tiers(kb: KB) -> None:
    """The capture's rows: gpt-4o-mini Batch $0.075 / $0.30 and Priority $0.25 / $1.00 (the caching announcement
    of 2024-10-01 had left Batch out). GPT-4.1's and GPT-5's standard prices, the same, are confirmed later by a
    screenshot of the page's Standard tab dated 2026-01-24, which shows no Batch or Priority prices."""
    snapshot = current.current_price(kb, kb.get("offerings", "openai--gpt-4o-mini"), KB_TODAY)
    assert snapshot is not None and snapshot.batch is not None and snapshot.priority is not None
    assert (snapshot.batch.input, snapshot.batch.output) == (Decimal("0.075"), Decimal("0.3"))
    assert (snapshot.priority.input, snapshot.priority.output) == (Decimal("0.25"), Decimal("1.0"))
    # GPT-4.1 mini's and GPT-4o mini's model pages, fetched 2026-10-04, show the same standard prices later
    for offering_id, day in (("openai--gpt-4.1", "2026-01-24"), ("openai--gpt-5", "2026-01-24"),
                             ("openai--gpt-4.1-mini", "2026-10-04"), ("openai--gpt-4o-mini", "2026-10-04")):
        in_force = current.current_price(kb, kb.get("offerings", offering_id), KB_TODAY)
        check = current.price_check(kb, offering_id, in_force)
        assert check is not None and check.checked == datetime.date.fromisoformat(day), offering_id


def test_no_snippet_on_the_site_calls_a_retired_offering(kb: KB) -> None:
    calls = site_snippet_calls(kb, KB_TODAY)
    assert ("groq", "openai/gpt-oss-20b") in calls  # Groq serves the id that Together retired on 2026-09-15
    assert [f.message for f in check_offline(kb, KB_TODAY) if f.code == "retired-in-snippet"] == []


def test_google_clouds_not_sooner_than_is_a_floor_not_a_retirement(kb: KB) -> None:
    """Google Cloud gives Claude Sonnet 5 "Retirement Date: Not sooner than December 24, 2026": it is not retiring
    soon, and it is still served the day after."""
    sonnet = kb.get("offerings", "vertex-ai--claude-sonnet-5")
    assert (sonnet.lifecycle.retires, sonnet.lifecycle.retires_not_before) == (None, datetime.date(2026, 12, 24))
    assert current.is_live(sonnet, datetime.date(2026, 12, 25))
    floors = {o.id for o in kb.offerings if o.provider == "vertex-ai" and o.lifecycle.retires_not_before}
    assert not floors & {o.id for o in current.retiring_soon(kb.offerings, KB_TODAY)}
    assert {"vertex-ai--claude-opus-4-6", "vertex-ai--claude-sonnet-5-5", "vertex-ai--claude-haiku-5-5"} <= floors
