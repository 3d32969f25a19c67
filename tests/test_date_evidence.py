"""A lifecycle date only secondary sources give is said to be one wherever the site shows it
(evidence.dates_first_party).

GPT-4o mini (the fixture's) made to retire on 2026-12-11, 20 days after TODAY, citing OpenAI's models page (docs,
first-party), a textbook seed (secondary), or both.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from conftest import TODAY, mini_with_lifecycle

from generators.kb import evidence
from generators.kb.link import KB
from generators.kb.records import Offering
from generators.kb.validate import judged_on, validate_kb
from generators.live.check import check_offline
from generators.site import catalog_json, changelog
from generators.site.render import render_pages

FIRST_PARTY, SECONDARY = "openai-models-docs", "seed-llm-foundations-frontier-models"
PAGES = {"index.md", "models/gpt-4o-mini.md", "providers/openai.md", "pricing/index.md"}


def retiring_mini(tmp_path: Path, sources: list[str],
                  dates: str = "  retires: 2026-12-11\n") -> tuple[KB, Offering]:
    cited = "".join(f"  - {source}\n" for source in sources)
    root = mini_with_lifecycle(tmp_path, f"  status: deprecated\n  announced: 2024-07-18\n{dates}  sources:\n{cited}")
    kb, issues = validate_kb(root, judged_on(TODAY))
    assert issues == []
    mini = kb.get("offerings", "openai--gpt-4o-mini")
    assert isinstance(mini, Offering)
    return kb, mini


@pytest.mark.parametrize(("sources", "first_party"), [([FIRST_PARTY], True), ([SECONDARY], False),
                                                      ([SECONDARY, FIRST_PARTY], True)])
def test_every_page_says_when_only_secondary_sources_give_a_retirement(
        tmp_path: Path, sources: list[str], first_party: bool) -> None:
    kb, mini = retiring_mini(tmp_path, sources)
    assert evidence.dates_first_party(kb, mini) is first_party
    made = {page.path.relative_to(tmp_path / "docs").as_posix(): page.path.read_text(encoding="utf-8")
            for page in render_pages(kb, tmp_path / "docs", TODAY, wanted=lambda path: path in PAGES)}
    marked = {
        "the home list": "| 2026-12-11 (20 days; secondary sources only) |" in made["index.md"],
        "the banner": "in 20 days (a date only secondary sources give)" in made["models/gpt-4o-mini.md"],
        "the offerings table": "<td>2026-12-11 (secondary sources only)</td>" in made["models/gpt-4o-mini.md"],
        "the provider's table": "<td>2026-12-11 (secondary sources only)</td>" in made["providers/openai.md"],
        "the pricing table": "retires 2026-12-11</strong> (secondary sources only)" in made["pricing/index.md"],
    }
    assert marked == dict.fromkeys(marked, not first_party)
    shown = {"the home list": "| 2026-12-11 (20 days) |" in made["index.md"],
             "the offerings table": "<td>2026-12-11</td>" in made["models/gpt-4o-mini.md"]}
    assert shown == dict.fromkeys(shown, first_party)  # a first-party date reads as it always did
    assert catalog_json.offering(kb, mini, TODAY)["dates_first_party"] is first_party
    [retired] = [e for e in changelog.lifecycle_events(kb, mini) if e.kind == changelog.EventKind.RETIRED]
    assert retired.detail.endswith("no longer served (a date only secondary sources give)") is not first_party
    [soon] = [f for f in check_offline(kb, TODAY) if f.code == "retiring-soon"]
    assert ("only secondary sources give this date" in soon.message) is not first_party


def test_a_floor_only_secondary_sources_give_is_marked_too(tmp_path: Path) -> None:
    kb, mini = retiring_mini(tmp_path, [SECONDARY], dates="  retires_not_before: 2026-12-11\n")
    assert evidence.dates_first_party(kb, mini) is False
    [page] = render_pages(kb, tmp_path / "docs", TODAY, wanted=lambda path: path == "models/gpt-4o-mini.md")
    assert "<td>not before 2026-12-11 (secondary sources only)</td>" in page.path.read_text(encoding="utf-8")


def test_an_offering_without_a_date_to_plan_by_has_no_answer(tmp_path: Path) -> None:
    """Only `announced`: nothing a reader plans by, so nothing to qualify, whatever the lifecycle cites."""
    kb, mini = retiring_mini(tmp_path, [SECONDARY], dates="")
    assert evidence.dates_first_party(kb, mini) is None
    assert catalog_json.offering(kb, mini, TODAY)["dates_first_party"] is None
    assert evidence.dates_first_party(kb, kb.get("offerings", "openai--gpt-4o")) is None


def test_the_day_after_a_secondary_retirement_the_offering_is_gone_all_the_same(tmp_path: Path) -> None:
    """The marker qualifies the date; it does not make the site keep serving an offering past it."""
    from generators.kb import current

    _, mini = retiring_mini(tmp_path, [SECONDARY])
    assert current.is_live(mini, datetime.date(2026, 12, 10)) and not current.is_live(mini, datetime.date(2026, 12, 11))
