"""A checked snapshot may state a price its page did not show (`unchecked`, say a cached rate from a catalogue): the
check then speaks for the others only, on every page and in the catalogue. Expected values are the
fixture's facts written here: GPT-4o mini at $0.15 / $0.60 per 1M, read on OpenAI's pricing page (openai-pricing) on
2025-01-15, with a $0.075 cached rate that page is made not to show."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import TODAY

from generators.kb.link import KB
from generators.kb.validate import validate_kb
from generators.site import catalog_json
from generators.site.render import render_site

READING = """- effective: 2025-01-15
  basis: observed
  checked: 2025-01-15
  input: 0.15
  output: 0.6
  cached_input: 0.075
  batch:
    input: 0.075
    output: 0.3
  unchecked: [cached_input]
  sources:
  - openai-pricing
"""
CHECKED_IN_FULL = READING.replace("  unchecked: [cached_input]\n", "")
"""The same reading with a check that covers every price it states."""


def older_copy(root: Path, predates: str) -> None:
    """OpenAI's pricing page, as the fixture cites it, made a copy from before `predates`."""
    source = root / "sources" / "openai-pricing.yaml"
    source.write_text(source.read_text(encoding="utf-8") + f"predates: {predates}\n", encoding="utf-8")


def with_reading(root: Path, reading: str) -> list[str]:
    prices = root / "prices" / "openai--gpt-4o-mini.yaml"
    prices.write_text(prices.read_text(encoding="utf-8") + reading, encoding="utf-8")
    return [issue.message for issue in validate_kb(root, TODAY)[1]]


@pytest.fixture
def kb(scratch_kb: Path) -> KB:
    assert with_reading(scratch_kb, READING) == []
    return validate_kb(scratch_kb, TODAY)[0]


def test_the_catalogue_says_the_check_does_not_cover_the_unchecked_price(kb: KB) -> None:
    price = catalog_json.offering(kb, kb.get("offerings", "openai--gpt-4o-mini"), TODAY)["price"]
    assert price["checked"] == "2025-01-15" and price["unchecked"] == ["cached_input"]
    assert price["cached_input"] == 0.075


def test_the_pages_say_the_check_does_not_cover_the_unchecked_price(kb: KB, tmp_path: Path) -> None:
    render_site(kb, tmp_path / "docs", TODAY)
    pricing = (tmp_path / "docs" / "pricing" / "index.md").read_text(encoding="utf-8")
    [row] = [line for line in pricing.splitlines() if 'href="../models/gpt-4o-mini.html"' in line and "<tr" in line]
    assert "2025-01-15 (not its cached input)" in row
    model = (tmp_path / "docs" / "models" / "gpt-4o-mini.md").read_text(encoding="utf-8")
    [reading] = [line for line in model.splitlines() if line.startswith("<tr><td>2025-01-15")]
    assert "2025-01-15 (not its cached input)" in reading


def test_a_check_of_every_price_names_none(scratch_kb: Path) -> None:
    assert with_reading(scratch_kb, CHECKED_IN_FULL) == []
    kb = validate_kb(scratch_kb, TODAY)[0]
    assert catalog_json.offering(kb, kb.get("offerings", "openai--gpt-4o-mini"), TODAY)["price"]["unchecked"] == []


@pytest.mark.parametrize(("change", "message"), [
    (("  checked: 2025-01-15\n", ""),
     "`unchecked` names prices a check did not cover, but this snapshot is not checked"),
    (("[cached_input]", "[cached_input, flex]"),
     "Flex is named unchecked but the snapshot states no such price"),
])
def test_unchecked_names_prices_of_a_checked_snapshot(scratch_kb: Path, change: tuple[str, str], message: str) -> None:
    assert with_reading(scratch_kb, READING.replace(*change)) == [message]


@pytest.mark.parametrize(("predates", "flagged"), [("2025-01-16", False), ("2025-01-15", True), ("2025-01-10", True)])
def test_a_check_on_a_copy_known_to_be_older_is_dated_before_it(scratch_kb: Path, predates: str,
                                                                 flagged: bool) -> None:
    """The reading is checked 2025-01-15 on OpenAI's pricing page alone; the copy is made to predate a change on
    `predates`: a check dated that day or later overstates it, a day before is fine."""
    older_copy(scratch_kb, predates)
    found = with_reading(scratch_kb, CHECKED_IN_FULL)
    assert found == ([f"checked 2025-01-15, but the first-party pages it rests on are copies from before {predates} "
                      "(openai-pricing)"] if flagged else [])


def test_a_newer_first_party_copy_beside_the_older_one_carries_the_check(scratch_kb: Path) -> None:
    """OpenAI's models docs (first-party, no known age) cited beside the older pricing copy: the check stands; a
    textbook beside it would not (it is no first-party page)."""
    older_copy(scratch_kb, "2025-01-10")
    reading = CHECKED_IN_FULL.replace("  - openai-pricing\n", "  - openai-pricing\n  - openai-models-docs\n")
    assert with_reading(scratch_kb, reading) == []


def test_a_textbook_beside_the_older_copy_does_not(scratch_kb: Path) -> None:
    older_copy(scratch_kb, "2025-01-10")
    reading = CHECKED_IN_FULL.replace(
        "  - openai-pricing\n", "  - openai-pricing\n  - seed-llm-foundations-frontier-models\n")
    assert with_reading(scratch_kb, reading) == ["checked 2025-01-15, but the first-party pages it rests on are copies "
                                                 "from before 2025-01-10 (openai-pricing)"]
