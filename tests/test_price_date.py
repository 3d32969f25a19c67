"""Honest dates: a price says "since" only where its start is known; a price only seen in force says when it
was observed and that its start is unknown (issue: answers a reader can act on)."""

from __future__ import annotations

import datetime
from pathlib import Path

from generators.kb.records import Snapshot
from generators.site.numbers import price_date


def snapshot(basis: str) -> Snapshot:
    return Snapshot.model_validate({"effective": datetime.date(2025, 8, 7), "basis": basis, "input": 1.25,
                                    "output": 10.0, "sources": ["s"]})


def test_a_price_that_took_effect_says_since_when() -> None:
    assert price_date(snapshot("effective")) == "since 2025-08-07"


def test_a_price_only_seen_in_force_says_observed_and_start_unknown() -> None:
    assert price_date(snapshot("observed")) == "observed 2025-08-07, start unknown"


def test_the_model_page_says_since_for_a_price_that_took_effect(built_fixture_site: Path) -> None:
    # the fixture's GPT-4o price in force on 2026-11-21 is $2.50 / $10, effective 2024-08-06 (not observed)
    page = (built_fixture_site / "models" / "gpt-4o.html").read_text(encoding="utf-8")
    assert "(since 2024-08-06)" in page and "start unknown" not in page.split("Current price", 1)[1][:400]
