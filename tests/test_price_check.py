"""When a price was last confirmed at the source: a later reading of an unchanged price (an aggregator's, say) keeps
the earlier check; a different price comes with none until someone checks it (PriceHistory.last_check)."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import TODAY
from hypothesis import given
from hypothesis import strategies as st

from generators.cli import main
from generators.interop.coverage import coverage
from generators.kb.records import PriceHistory, Snapshot
from generators.kb.records.price_readings import unconfirmed
from generators.kb.validate import validate_kb
from generators.live.check import check_offline

DAY = datetime.date


def history(*snapshots: dict[str, object]) -> PriceHistory:
    """Snapshots one day apart from 2026-01-01, each `{"input": ..., "checked": bool, ...}` (output $1)."""
    rows = []
    for number, given_ in enumerate(snapshots):
        row = {"effective": DAY(2026, 1, 1) + datetime.timedelta(days=number), "output": Decimal(1),
               "sources": ["s"], **{k: v for k, v in given_.items() if k != "checked"}}
        if given_.get("checked"):
            row["checked"] = row["effective"]
        rows.append(row)
    return PriceHistory.model_validate({"schema_version": 2, "id": "p--m", "offering": "p--m", "snapshots": rows})


def checked_on(prices: PriceHistory) -> DAY | None:
    snapshot = prices.current(DAY(2027, 1, 1))
    assert snapshot is not None
    check = prices.last_check(snapshot)
    return check.checked if check else None


TIER = {"above_tokens": 100000, "input": 4, "output": 2}


@pytest.mark.parametrize(("snapshots", "expected"), [
    ([{"input": 2, "checked": True}], DAY(2026, 1, 1)),  # checked itself
    ([{"input": 2, "checked": True}, {"input": 2}], DAY(2026, 1, 1)),  # read again unchanged: the check holds
    ([{"input": 2, "checked": True}, {"input": 2, "checked": True}, {"input": 2}], DAY(2026, 1, 2)),  # the newest
    ([{"input": 2, "checked": True}, {"input": 3}], None),  # a new price is unchecked
    ([{"input": 2, "checked": True}, {"input": 3}, {"input": 2}], None),  # a price between ends the run
    ([{"input": 2, "checked": True}, {"input": 3, "disputed": "wrong"}, {"input": 2}], DAY(2026, 1, 1)),
    ([{"input": 2, "checked": True}, {"input": 2, "cached_input": 1}], DAY(2026, 1, 1)),  # a price added since
    ([{"input": 2, "checked": True, "cached_input": 1}, {"input": 2, "cached_input": 2}], None),  # every price counts
    ([{"input": 2, "checked": True, "cached_input": 1}, {"input": 2}], None),  # nor does one it no longer states
    ([{"input": 2, "checked": True}, {"input": 2, "cached_input": 1}, {"input": 2, "cached_input": 2}], None),
    ([{"input": 2, "checked": True, "batch": {"input": 1}}, {"input": 2, "batch": {"input": 1, "output": 0.5}}],
     DAY(2026, 1, 1)),  # a Batch output beside the checked Batch input
    ([{"input": 2, "checked": True, "batch": {"input": 1}}, {"input": 2, "batch": {"input": 0.9, "output": 0.5}}],
     None),
    ([{"input": 2, "checked": True, "tiers": [TIER]}, {"input": 2, "tiers": [{**TIER, "cached_input": 0.5}]}],
     DAY(2026, 1, 1)),  # a cached rate inside the checked long-context tier
    ([{"input": 2, "checked": True, "tiers": [TIER]}, {"input": 2, "tiers": [{**TIER, "above_tokens": 100001}]}],
     None),  # a tier's threshold moved by one token
    ([{"input": 2, "checked": True, "tiers": [TIER]}, {"input": 2, "tiers": [TIER, {**TIER, "above_tokens": 200000}]}],
     None),  # a second tier
    ([{"input": 2, "checked": True}, {"input": 2, "tiers": [TIER]}], DAY(2026, 1, 1)),  # a tier where none was
    ([{"input": 2}, {"input": 2}], None),  # never checked
])
def test_the_last_check_of_the_price_in_force(snapshots: list[dict[str, object]], expected: DAY | None) -> None:
    assert checked_on(history(*snapshots)) == expected


PRICES = st.sampled_from([Decimal("1"), Decimal("2.5")])
CACHED = st.sampled_from([None, Decimal("0.1"), Decimal("0.25")])
SNAPSHOT = st.fixed_dictionaries({"input": PRICES, "checked": st.booleans(), "cached_input": CACHED})


@given(st.lists(SNAPSHOT, min_size=1, max_size=6), PRICES, CACHED)
def test_a_reading_keeps_the_check_of_an_unchanged_price_and_a_new_price_has_none(
        snapshots: list[dict[str, object]], price: Decimal, cached: Decimal | None) -> None:
    before = history(*snapshots)
    after = history(*snapshots, {"input": price, "cached_input": cached})  # an unchecked reading, the day after
    last = snapshots[-1]
    if price != last["input"] or last["cached_input"] not in (None, cached):
        assert checked_on(after) is None  # a price changed: no page has shown it
    elif cached == last["cached_input"] or checked_on(before) is not None:
        assert checked_on(after) == checked_on(before)  # unchanged, or a cached price added where none was


@pytest.mark.parametrize(("check", "snapshot", "expected"), [
    ({"cached_input": 1}, {"cached_input": 1}, []),  # the check showed it
    ({}, {"cached_input": 1}, ["cached_input"]),  # added by a later reading
    ({"cached_input": 1, "carried": ["cache_write"]}, {"cached_input": 1, "cache_write": 2}, ["cache_write"]),
    ({}, {}, []),
    ({"tiers": [TIER]}, {"tiers": [{**TIER, "cached_input": 0.5}]}, ["tiers"]),  # added to inside a tier
])
def test_the_prices_a_check_did_not_confirm(check: dict[str, object], snapshot: dict[str, object],
                                            expected: list[str]) -> None:
    def one(fields: dict[str, object]) -> Snapshot:
        return Snapshot.model_validate({"effective": DAY(2026, 1, 1), "input": 1, "output": 1, "sources": ["s"],
                                        **fields})
    assert unconfirmed(one(check), one(snapshot)) == expected


def read_again(root: Path) -> None:
    """LiteLLM's map seen listing GPT-4o mini's unchanged prices on 2026-11-20, after OpenAI's page showed them on
    2026-11-01 (the fixture's snapshot, checked here)."""
    path = root / "prices" / "openai--gpt-4o-mini.yaml"
    text = path.read_text(encoding="utf-8").replace("- effective: 2024-07-18\n",
                                                    "- effective: 2024-07-18\n  checked: 2026-11-01\n")
    path.write_text(text + "- effective: 2026-11-20\n  basis: observed\n  input: 0.15\n  output: 0.6\n  batch:\n"
                    "    input: 0.075\n    output: 0.3\n  sources:\n  - openai-pricing\n", encoding="utf-8")


def test_every_answer_keeps_the_check_through_a_later_reading(scratch_kb: Path, tmp_path: Path) -> None:
    """The pricing table, the JSON catalogue (with the checked snapshot's sources), `kb choose`, the Coverage page and
    `kb check` all take the price as checked on 2026-11-01, not "never"."""
    from generators.site.build import build

    read_again(scratch_kb)
    kb, issues = validate_kb(scratch_kb, TODAY)
    assert issues == []
    assert not any("openai--gpt-4o-mini" in lab.never_checked + lab.stale for lab in coverage(kb, TODAY).labs)
    assert [f.message for f in check_offline(kb, TODAY, stale_days=19) if "gpt-4o-mini" in f.message] == [
        "the current price of openai--gpt-4o-mini was last checked 2026-11-01, 20 days ago (limit 19)"]
    build(scratch_kb, tmp_path / "site", TODAY)
    row = next(line for line in (tmp_path / "site" / "pricing" / "index.html").read_text(encoding="utf-8")
               .splitlines() if "gpt-4o-mini-2024-07-18" in line and "<tr" in line)
    assert "2026-11-01" in row and "never" not in row
    assert '#fn:gpt-4o-mini-announcement"' in row  # the checked snapshot's source, cited beside its date
    catalog = json.loads((tmp_path / "site" / "api" / "v1" / "catalog.json").read_text(encoding="utf-8"))
    [price] = [o["price"] for m in catalog["models"] for o in m["offerings"] if o["id"] == "openai--gpt-4o-mini"]
    assert price["checked"] == "2026-11-01" and price["effective"] == "2026-11-20"
    assert "gpt-4o-mini-announcement" in price["sources"]
    chosen = CliRunner().invoke(main, ["choose", "--kb", str(scratch_kb), "--today", TODAY.isoformat(),
                                       "--format", "json"])
    assert {r["offering"]: r["checked"] for r in json.loads(chosen.output)["ranked"]}["openai--gpt-4o-mini"] == \
        "2026-11-01"


def test_a_feed_cannot_overrule_a_price_checked_before_a_later_reading(scratch_kb: Path, tmp_path: Path) -> None:
    """LiteLLM's map listing GPT-4o mini at $0.12 / $0.48 on 2026-11-21: the price in force was checked at OpenAI's
    page on 2026-11-01 (before an unchanged reading on 2026-11-20), so the feed's figure is kept only as disputed."""
    from generators.interop.litellm import import_litellm

    read_again(scratch_kb)
    feed = tmp_path / "feed.json"
    feed.write_text(json.dumps({"gpt-4o-mini-2024-07-18": {
        "litellm_provider": "openai", "mode": "chat", "input_cost_per_token": 1.2e-07,
        "output_cost_per_token": 4.8e-07}}), encoding="utf-8")
    kb, _ = validate_kb(scratch_kb, TODAY)
    report = import_litellm(kb, scratch_kb, feed, TODAY, today=TODAY)
    assert report.appended == 1
    prices = validate_kb(scratch_kb, TODAY)[0].price_history("openai--gpt-4o-mini")
    assert prices is not None and "checked at the provider on 2026-11-01" in (prices.snapshots[-1].disputed or "")
    assert str(prices.current(TODAY).input) == "0.15"  # type: ignore[union-attr]


def add_cached_rate(root: Path) -> None:
    """OpenAI's page showed GPT-4o mini's prices on 2026-11-01 (the fixture's launch snapshot, checked here); a feed
    seen on 2026-11-20 repeats them and adds a cached rate, $0.075 per 1M, that no checked page showed."""
    path = root / "prices" / "openai--gpt-4o-mini.yaml"
    text = path.read_text(encoding="utf-8").replace("- effective: 2024-07-18\n",
                                                    "- effective: 2024-07-18\n  checked: 2026-11-01\n")
    path.write_text(text + "- effective: 2026-11-20\n  basis: observed\n  input: 0.15\n  output: 0.6\n  cached_input: "
                    "0.075\n  batch:\n    input: 0.075\n    output: 0.3\n  sources:\n  - openai-pricing\n",
                    encoding="utf-8")


def test_a_price_added_by_an_unchecked_reading_is_named_as_not_covered_by_the_check(
        scratch_kb: Path, tmp_path: Path) -> None:
    from generators.site import catalog_json
    from generators.site.render import render_site

    add_cached_rate(scratch_kb)
    kb, issues = validate_kb(scratch_kb, TODAY)
    assert not issues
    price = catalog_json.offering(kb, kb.get("offerings", "openai--gpt-4o-mini"), TODAY)["price"]
    assert (price["cached_input"], price["checked"], price["unchecked"]) == (0.075, "2026-11-01", ["cached_input"])
    render_site(kb, tmp_path / "docs", TODAY)
    pricing = (tmp_path / "docs" / "pricing" / "index.md").read_text(encoding="utf-8")
    [row] = [line for line in pricing.splitlines() if 'href="../models/gpt-4o-mini.html"' in line and "<tr" in line]
    assert "2026-11-01 (not its cached input)" in row


def test_a_feed_that_only_adds_to_a_checked_price_is_not_a_dispute(scratch_kb: Path, tmp_path: Path) -> None:
    """OpenAI's page showed GPT-4o mini's Batch input, $0.075, on 2026-11-01 (the fixture's snapshot, checked here,
    with its Batch output taken out); LiteLLM's map on 2026-11-21 lists the same prices and a Batch output of $0.30:
    the feed adds a price, it contradicts none, so its reading is the price in force and the check still holds."""
    from generators.interop.litellm import import_litellm

    path = scratch_kb / "prices" / "openai--gpt-4o-mini.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("- effective: 2024-07-18\n", "- effective: 2024-07-18\n"
                    "  checked: 2026-11-01\n").replace("    output: 0.3\n", ""), encoding="utf-8")
    feed = tmp_path / "feed.json"
    feed.write_text(json.dumps({"gpt-4o-mini-2024-07-18": {
        "litellm_provider": "openai", "mode": "chat", "input_cost_per_token": 1.5e-07, "output_cost_per_token": 6e-07,
        "input_cost_per_token_batches": 7.5e-08, "output_cost_per_token_batches": 3e-07}}), encoding="utf-8")
    kb, issues = validate_kb(scratch_kb, TODAY)
    assert not issues
    report = import_litellm(kb, scratch_kb, feed, TODAY, today=TODAY)
    assert report.appended == 1 and not any("gpt-4o-mini" in c for c in report.conflicts)
    prices = validate_kb(scratch_kb, TODAY)[0].price_history("openai--gpt-4o-mini")
    assert prices is not None
    in_force = prices.current(TODAY)
    assert in_force is not None and in_force.disputed is None and in_force.effective == TODAY
    assert in_force.batch is not None and str(in_force.batch.output) == "0.3"
    check = prices.last_check(in_force)
    assert check is not None and check.checked == DAY(2026, 11, 1) and unconfirmed(check, in_force) == ["batch"]


@pytest.mark.parametrize(("snapshots", "began"), [
    ([{"input": 2}], 0),
    ([{"input": 2}, {"input": 2, "cached_input": 1, "basis": "observed"}], 0),  # a later reading adds a rate
    ([{"input": 2}, {"input": 3}, {"input": 2, "basis": "observed"}], 2),  # a different price between
    ([{"input": 2}, {"input": 3, "disputed": "wrong"}, {"input": 2, "basis": "observed"}], 0),
    ([{"input": 3}, {"input": 2, "basis": "observed"}, {"input": 2}], 1),
])
def test_where_the_price_in_force_began(scratch_kb: Path, snapshots: list[dict[str, object]], began: int) -> None:
    """What a page dates a price by: the first reading of its input and output, not the latest one."""
    from generators.kb.current import price_began

    prices = history(*snapshots)
    kb, _ = validate_kb(scratch_kb, TODAY)
    kb.price_history = lambda offering_id: prices  # type: ignore[method-assign]
    in_force = prices.current(DAY(2027, 1, 1))
    assert in_force is not None and price_began(kb, "p--m", in_force) is prices.snapshots[began]


def test_the_pricing_table_dates_a_price_by_when_it_began(scratch_kb: Path, tmp_path: Path) -> None:
    """GPT-4o mini took effect on 2024-07-18 (the fixture's announcement); a feed's reading of 2026-11-20 adds a
    cached rate: the table still says "since 2024-07-18", not "observed 2026-11-20"."""
    from generators.site.render import render_site

    add_cached_rate(scratch_kb)
    kb, issues = validate_kb(scratch_kb, TODAY)
    assert not issues
    render_site(kb, tmp_path / "docs", TODAY)
    pricing = (tmp_path / "docs" / "pricing" / "index.md").read_text(encoding="utf-8")
    [row] = [line for line in pricing.splitlines() if 'href="../models/gpt-4o-mini.html"' in line and "<tr" in line]
    assert "since 2024-07-18" in row and "observed 2026-11-20" not in row
    model = (tmp_path / "docs" / "models" / "gpt-4o-mini.md").read_text(encoding="utf-8")
    assert "(since 2024-07-18)" in model
    from generators.site import catalog_json

    price = catalog_json.offering(kb, kb.get("offerings", "openai--gpt-4o-mini"), TODAY)["price"]
    assert (price["effective"], price["since"]) == ("2026-11-20", {"date": "2024-07-18", "basis": "effective"})
    assert "gpt-4o-mini-announcement" in price["sources"]
