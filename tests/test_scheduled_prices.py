"""A price change the provider announced ahead (`Snapshot.announced`) is data: pages and the catalogue say what comes
next, and on its day it is the price in force with no one editing the KB (issue: the landscape stays true)."""

from __future__ import annotations

import datetime
import json
import re
import shutil
from pathlib import Path

import jsonschema
import pytest
from conftest import FIXTURE_KB, TODAY

from generators.kb import current
from generators.kb.link import KB
from generators.kb.validate import judged_on, validate_kb
from generators.site import catalog_json, changelog, charts
from generators.site.render import render_pages

# GPT-4o mini is $0.15 / $0.60 from 2024-07-18 in the fixture; here OpenAI announces $0.30 / $1.20 from 2027-01-01
SCHEDULED = ("- effective: 2027-01-01\n  announced: 2026-11-01\n  checked: 2026-11-10\n  input: 0.3\n  output: 1.2\n"
             "  sources:\n  - gpt-4o-mini-announcement\n")
NEXT = "from 2027-01-01: $0.30 / $1.20 (announced by 2026-11-01)"


@pytest.fixture(scope="module")
def kb(tmp_path_factory: pytest.TempPathFactory) -> KB:
    root = tmp_path_factory.mktemp("scheduled") / "kb"
    shutil.copytree(FIXTURE_KB, root)
    prices = root / "prices" / "openai--gpt-4o-mini.yaml"
    prices.write_text(prices.read_text(encoding="utf-8") + SCHEDULED, encoding="utf-8")
    linked, issues = validate_kb(root, judged_on(TODAY))
    assert issues == []
    return linked


def text(page: Path) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page.read_text(encoding="utf-8")))


@pytest.mark.parametrize(("on", "in_force", "announced"), [
    (TODAY, "$0.15", True),
    (datetime.date(2026, 12, 31), "$0.15", True),  # the day before it takes effect
    (datetime.date(2027, 1, 1), "$0.30", False)])  # its day: in force, no longer announced
def test_the_pricing_table_and_the_model_page_say_what_comes_next(kb: KB, tmp_path: Path, on: datetime.date,
                                                                  in_force: str, announced: bool) -> None:
    made = {page.path.name: page.path for page in render_pages(
        kb, tmp_path, on, wanted=lambda path: path in {"pricing/index.md", "models/gpt-4o-mini.md"})}
    pricing, model = text(made["index.md"]), text(made["gpt-4o-mini.md"])
    [row] = [r for r in pricing.split("GPT-4o mini")[1:] if "gpt-4o-mini-2024-07-18" in r]
    assert row.split()[1] == in_force
    assert (NEXT in row) is announced
    assert (NEXT in model) is announced
    assert ("2027-01-01 announced by 2026-11-01, not yet in force" in model) is announced
    if not announced:
        assert "since 2027-01-01" in row


def test_the_catalogue_gives_the_announced_price(kb: KB) -> None:
    mini = kb.get("offerings", "openai--gpt-4o-mini")
    item = catalog_json.offering(kb, mini, TODAY)
    assert item["upcoming_price"] == {"effective": "2027-01-01", "announced": "2026-11-01", "input": 0.3,
                                      "output": 1.2, "sources": ["gpt-4o-mini-announcement"]}
    assert item["price"]["input"] == 0.15
    jsonschema.validate(catalog_json.catalog(kb, TODAY), json.loads(catalog_json.schema_text()))
    later = catalog_json.offering(kb, mini, datetime.date(2027, 1, 1))
    assert later["upcoming_price"] is None and later["price"]["input"] == 0.3


def test_only_a_price_still_ahead_is_scheduled(kb: KB) -> None:
    mini = kb.get("offerings", "openai--gpt-4o-mini")
    assert current.scheduled_price(kb, mini, datetime.date(2026, 12, 31)) is not None
    assert current.scheduled_price(kb, mini, datetime.date(2027, 1, 1)) is None


@pytest.mark.parametrize(("on", "marked"), [(datetime.date(2026, 12, 31), True), (datetime.date(2027, 1, 1), False)])
def test_the_price_chart_marks_today_where_an_announced_price_lies_ahead(kb: KB, on: datetime.date,
                                                                         marked: bool) -> None:
    history = kb.price_history("openai--gpt-4o-mini")
    assert history is not None
    svg = charts.price_history(history.undisputed, "GPT-4o mini", on)
    assert ('class="fl-today"' in svg) is marked
    assert (f"today ({on.isoformat()}); after it, announced" in svg) is marked


@pytest.mark.parametrize(("x", "anchor"), [(charts.WIDTH - charts.RIGHT - 1, "end"), (charts.LEFT + 1, "start")])
def test_the_today_label_stays_inside_the_drawing(x: float, anchor: str) -> None:
    line, label = charts.today_marker(x, TODAY)
    assert f'text-anchor="{anchor}"' in label and f'x1="{x:.1f}"' in line


def test_a_page_built_for_an_earlier_day_says_not_yet_in_force_without_inventing_an_announcement(
        kb: KB, tmp_path: Path) -> None:
    """Built as of 2024-07-01, GPT-4o mini's launch price (2024-07-18, no `announced`) lies ahead: "not yet in
    force", with no "announced by" and no "None"."""
    [page] = render_pages(kb, tmp_path, datetime.date(2024, 7, 1), wanted=lambda path: path == "models/gpt-4o-mini.md")
    model = text(page.path)
    assert "2024-07-18 not yet in force" in model and "None" not in model


@pytest.mark.parametrize(("on", "listed"), [(datetime.date(2026, 12, 31), False), (datetime.date(2027, 1, 1), True)])
def test_the_changelog_reports_an_announced_change_on_its_day(kb: KB, on: datetime.date, listed: bool) -> None:
    found = [e.detail for e in changelog.events(kb, on, ["gpt-4o-mini"]) if e.date == datetime.date(2027, 1, 1)]
    assert found == (["input $0.15 → $0.30 (+100%), output $0.60 → $1.20 (+100%) per 1M tokens; took effect as "
                      "announced by 2026-11-01"] if listed else [])
