"""A checked snapshot may state a price its page did not show (`unchecked`, say a cached rate from a catalogue): the
check then speaks for the others only, on every page and in the catalogue. Expected values are the
fixture's facts written here: GPT-4o mini at $0.15 / $0.60 per 1M, read on OpenAI's pricing page (openai-pricing) on
2025-01-15, with a $0.075 cached rate that page is made not to show."""

from __future__ import annotations

import datetime
import tempfile
from pathlib import Path

import pytest
from conftest import TODAY, copy_fixture_kb
from hypothesis import given, settings
from hypothesis import strategies as st

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


def as_it_stood(day: str) -> str:
    return (f"checked 2025-01-15, but the first-party pages it rests on are copies of the page as it stood on {day} at "
            "the latest (openai-pricing)")


@pytest.mark.parametrize(("predates", "stood"), [("2025-01-16", None), ("2025-01-15", "2025-01-14"),
                                                 ("2025-01-10", "2025-01-09")])
def test_a_check_on_a_copy_known_to_be_older_is_dated_before_it(scratch_kb: Path, predates: str,
                                                                 stood: str | None) -> None:
    """The reading is checked 2025-01-15 on OpenAI's pricing page alone; the copy is made to predate a change on
    `predates`: a check dated that day or later overstates it, a day before is fine."""
    older_copy(scratch_kb, predates)
    found = with_reading(scratch_kb, CHECKED_IN_FULL)
    assert found == ([as_it_stood(stood)] if stood else [])


def captured(root: Path, day: str) -> None:
    """OpenAI's pricing page, as the fixture cites it, made a capture kept elsewhere and taken on `day`."""
    source = root / "sources" / "openai-pricing.yaml"
    text = "".join(line for line in source.read_text(encoding="utf-8").splitlines(keepends=True)
                   if not line.startswith("accessed:"))
    source.write_text(text + f"accessed: {day}\ncaptured_from: https://example.org/captures/openai-pricing.html\n",
                      encoding="utf-8")


@pytest.mark.parametrize(("day", "flagged"), [("2025-01-15", False), ("2025-01-14", True), ("2025-02-01", False)])
def test_a_check_on_a_capture_is_dated_by_the_day_it_was_taken(scratch_kb: Path, day: str, flagged: bool) -> None:
    """The reading is checked 2025-01-15 on a capture of OpenAI's pricing page taken on `day`: the capture shows the
    page of that day, so a check dated after it overstates it (read weeks later, it still shows that day)."""
    captured(scratch_kb, day)
    assert with_reading(scratch_kb, CHECKED_IN_FULL) == ([as_it_stood(day)] if flagged else [])


@given(offset=st.integers(min_value=-400, max_value=400))
@settings(max_examples=15, deadline=None)
def test_a_capture_bounds_every_check_on_it_alone(offset: int) -> None:
    """For any capture day, a check on that capture alone is flagged exactly when it is dated after that day (the
    check is 2025-01-15, the capture `offset` days from it)."""
    day = (datetime.date(2025, 1, 15) + datetime.timedelta(days=offset)).isoformat()
    with tempfile.TemporaryDirectory() as folder:
        root = copy_fixture_kb(Path(folder))
        captured(root, day)
        assert with_reading(root, CHECKED_IN_FULL) == ([as_it_stood(day)] if offset < 0 else [])


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
    assert with_reading(scratch_kb, reading) == [as_it_stood("2025-01-09")]
