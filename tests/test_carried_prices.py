"""A reading that shows only input and output carries the other prices on (`carried`): the price in force keeps
them, the pages and the catalogue say which prices its check does not cover and cite the page that gave them, and
the record file's parsed data stays as written. Expected values are the fixture's facts written here: GPT-4o mini's
launch Batch price, $0.075 / $0.30 per 1M, on OpenAI's announcement (gpt-4o-mini-announcement)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import TODAY

from generators.kb import current
from generators.kb.link import KB
from generators.kb.validate import validate_kb
from generators.site import catalog_json
from generators.site.render import render_site

READING = """- effective: 2025-01-15
  basis: observed
  checked: 2025-01-15
  input: 0.15
  output: 0.6
  carried: [batch]
  sources:
  - openai-pricing
"""


@pytest.fixture
def kb(scratch_kb: Path) -> KB:
    prices = scratch_kb / "prices" / "openai--gpt-4o-mini.yaml"
    prices.write_text(prices.read_text(encoding="utf-8") + READING, encoding="utf-8")
    linked, issues = validate_kb(scratch_kb, TODAY)
    assert not issues
    return linked


def test_the_price_in_force_keeps_the_carried_batch_price(kb: KB) -> None:
    snapshot = current.current_price(kb, kb.get("offerings", "openai--gpt-4o-mini"), TODAY)
    assert snapshot is not None and snapshot.effective == datetime.date(2025, 1, 15)
    assert snapshot.batch is not None and (snapshot.batch.input, snapshot.batch.output) == (Decimal("0.075"),
                                                                                             Decimal("0.3"))
    entry = kb.entries[("prices", "openai--gpt-4o-mini")]
    assert "batch" not in entry.raw.data["snapshots"][1]  # the parsed file is what the file says


def test_the_catalogue_names_the_prices_its_check_does_not_cover_and_the_page_that_gave_them(kb: KB) -> None:
    price = catalog_json.offering(kb, kb.get("offerings", "openai--gpt-4o-mini"), TODAY)["price"]
    assert price["checked"] == "2025-01-15" and price["unchecked"] == ["batch"]
    assert price["batch"] == {"input": 0.075, "output": 0.3}
    assert set(price["sources"]) >= {"openai-pricing", "gpt-4o-mini-announcement"}


def test_the_pages_say_the_check_does_not_cover_the_carried_price(kb: KB, tmp_path: Path) -> None:
    render_site(kb, tmp_path / "docs", TODAY)
    pricing = (tmp_path / "docs" / "pricing" / "index.md").read_text(encoding="utf-8")
    [row] = [line for line in pricing.splitlines() if 'href="../models/gpt-4o-mini.html"' in line
             and "<tr" in line]
    assert "2025-01-15 (not its Batch)" in row
    assert 'href="#fn:gpt-4o-mini-announcement"' in row  # the page that gave the carried Batch price is cited
    model = (tmp_path / "docs" / "models" / "gpt-4o-mini.md").read_text(encoding="utf-8")
    [reading] = [line for line in model.splitlines() if line.startswith("<tr><td>2025-01-15")]
    assert "Batch carried from the snapshot before" in reading and "2025-01-15 (not the carried prices)" in reading
