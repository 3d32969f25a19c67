"""Facts kept per KB (kb/derived.py): worked out once for a KB, a record and the arguments, the same answer as
working them out afresh, a copy of a record answered for itself, and every ask noting the reads of the first."""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import FIXTURE_KB, TODAY
from hypothesis import given
from hypothesis import strategies as st

from generators.kb import current, reads
from generators.kb.derived import once_per_kb
from generators.kb.link import KB
from generators.kb.records import Offering
from generators.kb.validate import validate_kb
from generators.site import changelog

MINI = "openai--gpt-4o-mini"
"""tests/fixtures/kb: announced 2024-07-18, still active, priced $0.15 in / $0.60 out since that day; its model's
context window is 128,000 tokens."""


@pytest.fixture(scope="module")
def kb() -> KB:
    return validate_kb(FIXTURE_KB, TODAY)[0]


def mini(kb: KB) -> Offering:
    found = kb.get("offerings", MINI)
    assert isinstance(found, Offering)
    return found


def test_a_fact_is_worked_out_once_per_kb_record_and_arguments(kb: KB) -> None:
    asked: list[tuple[str, int]] = []

    @once_per_kb
    def fact(kb: KB, offering: Offering, days: int) -> str:
        asked.append((offering.id, days))
        return f"{offering.id}+{days}"

    other = validate_kb(FIXTURE_KB, TODAY)[0]
    answers = [fact(kb, mini(kb), 1), fact(kb, mini(kb), 1), fact(kb, mini(kb), 2), fact(other, mini(other), 1),
               fact(kb, mini(kb), 1)]
    assert answers == [f"{MINI}+1", f"{MINI}+1", f"{MINI}+2", f"{MINI}+1", f"{MINI}+1"]
    assert asked == [(MINI, 1), (MINI, 2), (MINI, 1)]  # once each for (kb, 1), (kb, 2) and the other KB's (1)


def test_keyword_arguments_are_worked_out_each_time(kb: KB) -> None:
    asked: list[int] = []

    @once_per_kb
    def fact(kb: KB, offering: Offering, days: int = 0) -> int:
        asked.append(days)
        return days

    assert [fact(kb, mini(kb), days=3), fact(kb, mini(kb), days=3)] == [3, 3]
    assert asked == [3, 3]


def test_a_copy_of_a_record_with_other_fields_is_answered_for_itself(kb: KB) -> None:
    offering = mini(kb)
    priced = current.priced_if_live(kb, offering, TODAY)
    assert priced is not None and (priced.input, priced.output) == (Decimal("0.15"), Decimal("0.6"))
    retired = offering.model_copy(update={"lifecycle": offering.lifecycle.model_copy(update={
        "status": "retired", "retires": TODAY})})  # the retirement day itself: gone
    assert current.priced_if_live(kb, retired, TODAY) is None
    assert current.priced_if_live(kb, offering, TODAY) == priced


def test_each_ask_notes_the_reads_the_first_ask_made(kb: KB) -> None:
    offering = mini(kb)
    with reads.recording() as first:
        window = current.context_window(kb, offering)
        events = changelog.lifecycle_events(kb, offering)
    with reads.recording() as again:
        assert current.context_window(kb, offering) is window
        assert changelog.lifecycle_events(kb, offering) is events
    assert window is not None and window.value == 128000
    assert ("record", "models", "gpt-4o-mini") in again  # the window is the model's: the offering states none
    assert again == first


def test_a_price_check_is_the_check_of_the_snapshot_asked_about(scratch_kb: Path) -> None:
    """GPT-4o mini's price checked at OpenAI's page on 2026-11-01, read again unchanged on 2026-11-10 (unchecked:
    the check still holds), then changed on 2026-11-15 (no check yet), each asked about out of order and twice."""
    path = scratch_kb / "prices" / f"{MINI}.yaml"
    text = path.read_text(encoding="utf-8").replace("- effective: 2024-07-18\n",
                                                    "- effective: 2024-07-18\n  checked: 2026-11-01\n")
    path.write_text(text + "- effective: 2026-11-10\n  basis: observed\n  input: 0.15\n  output: 0.6\n  batch:\n"
                    "    input: 0.075\n    output: 0.3\n  sources:\n  - openai-pricing\n"
                    "- effective: 2026-11-15\n  basis: observed\n  input: 0.2\n  output: 0.8\n  sources:\n"
                    "  - openai-pricing\n", encoding="utf-8")
    kb = validate_kb(scratch_kb, TODAY)[0]
    history = kb.price_history(MINI)
    assert history is not None
    first, again, changed = history.snapshots
    checks = [current.price_check(kb, MINI, s) for s in (changed, again, first, again, changed)]
    assert [check.checked if check else None for check in checks] == [
        None, datetime.date(2026, 11, 1), datetime.date(2026, 11, 1), datetime.date(2026, 11, 1), None]
    assert checks[1] is first


DAYS = st.dates(min_value=datetime.date(2024, 1, 1), max_value=datetime.date(2027, 12, 31))


@given(asks=st.lists(st.tuples(st.integers(min_value=0, max_value=50), DAYS), min_size=1, max_size=40))
def test_kept_facts_are_the_facts_worked_out_afresh(kb: KB, asks: list[tuple[int, datetime.date]]) -> None:
    offerings = kb.offerings
    for number, day in asks:
        offering = offerings[number % len(offerings)]
        assert current.priced_if_live(kb, offering, day) == current.priced_if_live.__wrapped__(  # type: ignore[attr-defined]
            kb, offering, day)
        assert current.max_output(kb, offering) == current.max_output.__wrapped__(kb, offering)  # type: ignore[attr-defined]
        assert changelog.lifecycle_events(kb, offering) == tuple(changelog.each_lifecycle_event(kb, offering))
        history = kb.price_history(offering.id)
        if history is not None:
            for snapshot in history.snapshots:
                assert current.price_check(kb, offering.id, snapshot) == history.last_check(snapshot)
            assert changelog.price_events(kb, history) == tuple(changelog.each_price_event(kb, history))
