"""An offering the provider's own page was seen no longer to list, the day it stopped unknown (`lifecycle.seen_gone`):
gone from that day, said as an observation, never as a retirement date.

The fixture's GPT-4o mini seen gone on 2026-11-01 (20 days before TODAY), citing OpenAI's models page.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from conftest import TODAY, mini_with_lifecycle

from generators.kb import current
from generators.kb.records import Offering
from generators.kb.validate import judged_on, validate_kb
from generators.live.check import check_offline
from generators.site import changelog
from generators.site.render import render_pages


def seen_gone(tmp_path: Path, status: str = "retired", day: str = "2026-11-01") -> Path:
    return mini_with_lifecycle(tmp_path, f"  status: {status}\n  announced: 2024-07-18\n  seen_gone: {day}\n"
                                         "  sources:\n  - openai-models-docs\n")


def offering(day: str) -> Offering:
    return Offering.model_validate({"schema_version": 1, "id": "p--m", "provider": "p", "model": "m",
                                    "api_ids": ["m-1"], "sources": ["s"], "lifecycle": {
                                        "status": "retired", "seen_gone": datetime.date.fromisoformat(day)}})


@pytest.mark.parametrize(("on", "live", "status"), [
    ("2026-10-31", True, "deprecated"),  # the day before: still callable, on its way out (a `retired` record)
    ("2026-11-01", False, "retired"),  # the day it was seen gone
    ("2026-11-02", False, "retired")])
def test_an_offering_is_gone_from_the_day_it_was_seen_gone(on: str, live: bool, status: str) -> None:
    gone = offering("2026-11-01")
    day = datetime.date.fromisoformat(on)
    assert current.is_live(gone, day) is live
    assert current.offering_status(gone, day) == status


def test_it_is_valid_retired_and_no_longer_in_any_answer(tmp_path: Path) -> None:
    kb, issues = validate_kb(seen_gone(tmp_path), judged_on(TODAY))
    assert issues == []
    mini = kb.get("offerings", "openai--gpt-4o-mini")
    assert not current.is_live(mini, TODAY) and current.priced_if_live(kb, mini, TODAY) is None
    assert [f.code for f in check_offline(kb, TODAY) if "openai--gpt-4o-mini" in f.message] == []


def test_its_pages_say_what_was_seen_not_when_it_stopped(tmp_path: Path) -> None:
    kb, _ = validate_kb(seen_gone(tmp_path), judged_on(TODAY))
    [page] = render_pages(kb, tmp_path / "docs", TODAY, wanted=lambda path: path == "models/gpt-4o-mini.md")
    assert "<td>gone by 2026-11-01 (seen then; the day it stopped is not known)</td>" in \
        page.path.read_text(encoding="utf-8")
    [event] = [e for e in changelog.lifecycle_events(kb, kb.get("offerings", "openai--gpt-4o-mini"))
               if e.kind == changelog.EventKind.RETIRED]
    assert (event.date, event.title) == (datetime.date(2026, 11, 1), "GPT-4o mini seen gone at OpenAI")
    assert event.detail.endswith("the day it stopped is not known")


def test_a_record_still_marked_active_is_a_finding(tmp_path: Path) -> None:
    kb, issues = validate_kb(seen_gone(tmp_path, status="deprecated"), judged_on(TODAY))
    assert issues == []
    assert [f.message for f in check_offline(kb, TODAY) if f.code == "retired-but-active"] == [
        "openai--gpt-4o-mini was seen gone by 2026-11-01 but is still marked `deprecated`"]


@pytest.mark.parametrize(("effective", "refused"), [("2026-11-01", False), ("2026-11-02", True)])
def test_a_price_from_after_it_was_seen_gone_is_refused(tmp_path: Path, effective: str, refused: bool) -> None:
    """A snapshot dated the day it was seen gone was in force before the page was read; one after it cannot be."""
    root = seen_gone(tmp_path)
    prices = root / "prices" / "openai--gpt-4o-mini.yaml"
    prices.write_text(prices.read_text(encoding="utf-8") + f"""- effective: {effective}
  basis: observed
  input: 0.15
  output: 0.6
  carried: [batch]
  sources:
  - openai-pricing
""", encoding="utf-8")
    _, issues = validate_kb(root, judged_on(TODAY))
    assert [i.message for i in issues] == ([
        f"a price in force from {effective}, after openai--gpt-4o-mini was seen gone by 2026-11-01"] if refused else [])
