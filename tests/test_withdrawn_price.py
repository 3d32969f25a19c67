"""A provider's page that stops showing a public price ("Contact Sales"): from the day it was seen, the offering has
no price in force, its listed price stays as history, and a feed cannot price it again (records/price.py)."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import KB_VALIDATES, REPO, TODAY

from generators.cli import main
from generators.kb.records import PriceHistory
from generators.kb.validate import validate_kb

DAY = datetime.date


def history(*snapshots: tuple[str, str], observed: str = "2026-06-01") -> PriceHistory:
    """Snapshots as (effective, input); the page was seen without a price on `observed`."""
    return PriceHistory.model_validate({
        "schema_version": 2, "id": "p--m", "offering": "p--m",
        "snapshots": [{"effective": DAY.fromisoformat(day), "input": Decimal(price), "output": Decimal(1),
                       "sources": ["s"]} for day, price in snapshots],
        "withdrawn": {"observed": DAY.fromisoformat(observed), "sources": ["s"], "note": "Contact Sales"}})


@pytest.mark.parametrize(("on", "expected"), [
    ("2026-05-31", "0.05"),  # the day before it was seen without a price: the listed price
    ("2026-06-01", None),  # seen without a price that day
    ("2027-01-01", None)])
def test_no_price_is_in_force_from_the_day_the_page_showed_none(on: str, expected: str | None) -> None:
    found = history(("2024-07-23", "0.05")).current(DAY.fromisoformat(on))
    assert (str(found.input) if found else None) == expected


@pytest.mark.parametrize(("effective", "on", "expected"), [
    ("2026-06-01", "2026-06-10", None),  # a snapshot dated the day of the observation came before it
    ("2026-06-02", "2026-06-01", None),  # a later snapshot, not yet in force
    ("2026-06-02", "2026-06-02", "0.07")])  # a snapshot after the observation prices the offering again
def test_a_later_snapshot_prices_the_offering_again(effective: str, on: str, expected: str | None) -> None:
    found = history(("2024-07-23", "0.05"), (effective, "0.07")).current(DAY.fromisoformat(on))
    assert (str(found.input) if found else None) == expected


def withdraw(root: Path, observed: str) -> None:
    path = root / "prices" / "openai--gpt-4o-mini.yaml"
    path.write_text(path.read_text(encoding="utf-8") + f"withdrawn:\n  observed: {observed}\n  sources:\n"
                    "  - openai-pricing\n  note: Contact Sales\n", encoding="utf-8")


def test_the_site_says_no_public_price_and_keeps_the_history(scratch_kb: Path, tmp_path: Path) -> None:
    """GPT-4o mini at OpenAI, its page seen without a price on 2026-11-01: its row says so with the date, its
    $0.15 / $0.60 stays in the history, and Choose no longer ranks it."""
    from generators.site.build import build

    withdraw(scratch_kb, "2026-11-01")
    assert validate_kb(scratch_kb, TODAY)[1] == []
    build(scratch_kb, tmp_path / "site", TODAY)
    page = (tmp_path / "site" / "models" / "gpt-4o-mini.html").read_text(encoding="utf-8")
    assert "no public price (observed 2026-11-01)" in page
    assert "$0.15" in page.split("Price history")[1] and "Contact Sales" in page
    chosen = CliRunner().invoke(main, ["choose", "--kb", str(scratch_kb), "--today", TODAY.isoformat(),
                                       "--format", "json"])
    assert chosen.exit_code == 0, chosen.output
    assert "openai--gpt-4o-mini" not in {row["offering"] for row in json.loads(chosen.output)["ranked"]}


def test_a_feed_does_not_price_a_withdrawn_offering_again(scratch_kb: Path, tmp_path: Path) -> None:
    from generators.interop.litellm import import_litellm

    withdraw(scratch_kb, "2026-11-01")
    feed = tmp_path / "feed.json"
    feed.write_text(json.dumps({"gpt-4o-mini-2024-07-18": {
        "litellm_provider": "openai", "mode": "chat", "input_cost_per_token": 1.2e-07,
        "output_cost_per_token": 4.8e-07}}), encoding="utf-8")
    before = (scratch_kb / "prices" / "openai--gpt-4o-mini.yaml").read_text(encoding="utf-8")
    kb, _ = validate_kb(scratch_kb, TODAY)
    report = import_litellm(kb, scratch_kb, feed, TODAY, today=TODAY)
    assert report.appended == 0 and report.conflicts == [
        "`gpt-4o-mini-2024-07-18`: openai--gpt-4o-mini has no public price on its provider's page since 2026-11-01 "
        "(`withdrawn`); a feed's price does not price it again, a first-party snapshot does"]
    assert (scratch_kb / "prices" / "openai--gpt-4o-mini.yaml").read_text(encoding="utf-8") == before


def test_groq_llama_3_1_8b_has_no_public_price_on_kb() -> None:
    """Groq's newer Supported Models page lists llama-3.1-8b-instant as Enterprise, "Contact Sales"."""
    kb, _ = validate_kb(REPO / "kb", KB_VALIDATES)
    prices = kb.price_history("groq--llama-3.1-8b")
    assert prices is not None and prices.withdrawn is not None
    assert prices.withdrawn.observed == DAY(2026, 12, 5) and prices.current(DAY(2026, 12, 5)) is None
    assert str(prices.current(DAY(2026, 12, 4)).input) == "0.05"  # type: ignore[union-attr]
