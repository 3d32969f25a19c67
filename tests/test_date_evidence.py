"""A lifecycle date only secondary sources give is said to be one wherever the site shows it
(evidence.dates_first_party).

GPT-4o mini (the fixture's) made to retire on 2026-12-11, 20 days after TODAY, citing OpenAI's models page (docs,
first-party), a textbook seed (secondary), or both.
"""

from __future__ import annotations

import datetime
import json
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


NO_DATE_ON = "  retires: 2026-12-11\n  no_date_on:\n  - source: openai-models-docs\n    as_of: 2025-06-01\n"
"""The date from the textbook alone, while OpenAI's models page listed GPT-4o mini on 2025-06-01 with no date."""
NONE_THEN = "; the provider listed none on 2025-06-01"


def test_a_first_party_page_without_the_date_is_named_wherever_the_date_is_shown(tmp_path: Path) -> None:
    kb, mini = retiring_mini(tmp_path, [SECONDARY], dates=NO_DATE_ON)
    assert evidence.no_date_on(mini) == datetime.date(2025, 6, 1)
    made = {page.path.relative_to(tmp_path / "docs").as_posix(): page.path.read_text(encoding="utf-8")
            for page in render_pages(kb, tmp_path / "docs", TODAY, wanted=lambda path: path in PAGES)}
    assert f"| 2026-12-11 (20 days; secondary sources only{NONE_THEN}) |" in made["index.md"]
    assert f"in 20 days (a date only secondary sources give{NONE_THEN})" in made["models/gpt-4o-mini.md"]
    assert f"<td>2026-12-11 (secondary sources only{NONE_THEN})</td>" in made["models/gpt-4o-mini.md"]
    assert f"<td>2026-12-11 (secondary sources only{NONE_THEN})</td>" in made["providers/openai.md"]
    assert f"retires 2026-12-11</strong> (secondary sources only{NONE_THEN})" in made["pricing/index.md"]
    assert catalog_json.offering(kb, mini, TODAY)["no_date_on"] == "2025-06-01"
    [retired] = [e for e in changelog.lifecycle_events(kb, mini) if e.kind == changelog.EventKind.RETIRED]
    assert retired.detail.endswith(f"no longer served (a date only secondary sources give{NONE_THEN})")
    [soon] = [f for f in check_offline(kb, TODAY) if f.code == "retiring-soon"]
    assert f"only secondary sources give this date{NONE_THEN}: confirm" in soon.message


def test_the_newest_page_without_the_date_is_named_and_none_once_a_first_party_page_gives_it(tmp_path: Path) -> None:
    older = NO_DATE_ON + "  - source: openai-pricing\n    as_of: 2025-05-31\n"
    kb, mini = retiring_mini(tmp_path, [SECONDARY], dates=older)
    assert evidence.no_date_on(mini) == datetime.date(2025, 6, 1)
    kb, mini = retiring_mini(tmp_path / "plain", [SECONDARY])
    assert (evidence.no_date_on(mini), evidence.disagreement(mini)) == (None, "")
    assert catalog_json.offering(kb, mini, TODAY)["no_date_on"] is None


def test_a_page_read_before_the_day_it_is_said_to_show_is_refused(tmp_path: Path) -> None:
    """A copy of OpenAI's models page read on 2025-06-01 cannot show the offering as of 2025-06-02; as of the day it
    was read, it can."""
    for as_of, refused in (("2025-06-02", True), ("2025-06-01", False)):
        root = mini_with_lifecycle(tmp_path / as_of, f"  status: deprecated\n  retires: 2026-12-11\n  sources:\n"
                                   f"  - {SECONDARY}\n  no_date_on:\n  - source: {FIRST_PARTY}\n    as_of: {as_of}\n")
        source = root / "sources" / f"{FIRST_PARTY}.yaml"
        source.write_text(source.read_text(encoding="utf-8") + "accessed: 2025-06-01\n", encoding="utf-8")
        _, issues = validate_kb(root, judged_on(TODAY))
        assert [i.message for i in issues] == (
            [f"as of {as_of}, after the page was read (2025-06-01)"] if refused else [])


def test_kb_choose_names_the_page_without_the_date_in_json_and_text(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from generators.cli import main

    root = mini_with_lifecycle(tmp_path, f"  status: deprecated\n{NO_DATE_ON}  sources:\n  - {SECONDARY}\n")
    ask = ["choose", "--kb", str(root), "--today", TODAY.isoformat()]
    data = CliRunner().invoke(main, [*ask, "--format", "json"])
    [row] = [r for r in json.loads(data.output)["ranked"] if r["offering"] == "openai--gpt-4o-mini"]
    assert (row["retires_first_party"], row["retires_no_date_on"]) == (False, "2025-06-01")
    text = CliRunner().invoke(main, [*ask, "--format", "markdown"])
    [line] = [line for line in text.output.splitlines() if "openai--gpt-4o-mini" in line]
    assert f"2026-12-11 (secondary sources only{NONE_THEN})" in line
