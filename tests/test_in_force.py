"""Two readers of "on that day" outside kb.current, judged on the fixture's written facts: a workload's reported
cost is recomputed with the price in force on the report's date (not the newest), and the live check compares
only offerings still live on the day (a retirement dated today has happened)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import FIXTURE_KB, TODAY

from generators.kb.validate import validate_kb
from generators.live.aggregator import priced_offerings
from generators.site.summary_rows import reported_rows


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize(("as_of", "expected"), [
    ("2024-06-01", Decimal("0.28")),  # $5 / $15 from 2024-05-13: 50,000 x 5 + 2,000 x 15 per 1M
    ("2024-08-05", Decimal("0.28")),  # the day before the cut
    ("2024-08-06", Decimal("0.145")),  # $2.50 / $10 from 2024-08-06: the cut's own day
    ("2025-06-01", Decimal("0.145"))])
def test_a_reported_cost_is_recomputed_with_the_price_in_force_on_its_date(scratch_kb: Path, as_of: str,
                                                                           expected: Decimal) -> None:
    workload = scratch_kb / "workloads" / "document-50k-in-2k-out.yaml"
    edit(workload, "  usd: 0.145\n  period: call\n  as_of: 2025-06-01\n", f"  usd: {expected}\n  period: call\n"
                                                                         f"  as_of: {as_of}\n")
    kb, issues = validate_kb(scratch_kb, TODAY)
    assert not issues  # validation recomputes it too: a figure off the price in force would be an issue
    [row] = [r for r in reported_rows(kb, kb.workloads[0]) if r.offering.id == "openai--gpt-4o"]
    assert row.computed == expected and row.matches


@pytest.mark.parametrize(("retires", "compared"), [(TODAY, False), (TODAY + datetime.timedelta(days=1), True)])
def test_the_live_check_compares_an_offering_until_its_retirement_day(scratch_kb: Path, retires: datetime.date,
                                                                      compared: bool) -> None:
    edit(scratch_kb / "offerings" / "openai--gpt-4o-mini.yaml", "  status: active\n",
         f"  status: deprecated\n  deprecated: 2026-06-01\n  retires: {retires.isoformat()}\n")
    kb, _ = validate_kb(scratch_kb, TODAY)
    ids = {offering.id for offering, _, _ in priced_offerings(kb, TODAY)}
    assert ("openai--gpt-4o-mini" in ids) is compared
    assert {"openai--gpt-4o", "google--gemini-2.0-flash"} <= ids


def test_a_reported_cost_is_held_as_the_exact_decimal_written() -> None:
    """The fixture's workload says GPT-4o mini cost $0.0087 a call (seed 000): Decimal, digit for digit."""
    kb, _ = validate_kb(FIXTURE_KB, TODAY)
    costs = {r.offering: r.usd for r in kb.workloads[0].reported_costs}
    assert costs["openai--gpt-4o-mini"] == Decimal("0.0087") and isinstance(costs["openai--gpt-4o-mini"], Decimal)
    assert kb.workloads[0].model_dump(mode="json")["reported_costs"][1]["usd"] == 0.0087
