"""`kb sample` draws the facts a reader acts on, with the file and sources to check each against (kb/sample.py)."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

from click.testing import CliRunner
from conftest import FIXTURE_KB, TODAY
from hypothesis import given
from hypothesis import strategies as st

from generators.cli import main
from generators.cli.kb_commands import sample_text
from generators.kb import sample
from generators.kb.validate import validate_kb


def fixture_facts(on: datetime.date = TODAY) -> list[sample.Fact]:
    kb, _ = validate_kb(FIXTURE_KB, on)
    return sample.facts(kb, on)


def test_a_live_offering_gives_its_price_in_force_and_its_lifecycle() -> None:
    """The fixture's prices/openai--gpt-4o-mini.yaml: $0.15 / $0.60 from 2024-07-18, never checked."""
    found = {(fact.kind, fact.subject): fact for fact in fixture_facts()}
    price = found[("price", "GPT-4o mini at OpenAI")]
    assert price.states == "$0.15 input, $0.60 output per 1M tokens (effective 2024-07-18; never checked)"
    assert price.file == FIXTURE_KB / "prices" / "openai--gpt-4o-mini.yaml"
    assert "gpt-4o-mini-announcement" in price.sources
    lifecycle = found[("lifecycle", "GPT-4o mini at OpenAI")]
    assert lifecycle.states == "active, called as gpt-4o-mini-2024-07-18"
    assert found[("release", "GPT-4o mini")].states == "released 2024-07-18"


def test_an_offering_leaves_the_sample_on_the_day_it_retires() -> None:
    """Claude 3.5 Sonnet at Anthropic retires 2025-10-22 in the fixture: sampled the day before, not on the day."""
    def subjects(on: datetime.date) -> set[tuple[str, str]]:
        return {(fact.kind, fact.subject) for fact in fixture_facts(on)}

    assert ("lifecycle", "Claude 3.5 Sonnet at Anthropic") in subjects(datetime.date(2025, 10, 21))
    assert ("lifecycle", "Claude 3.5 Sonnet at Anthropic") not in subjects(datetime.date(2025, 10, 22))
    assert ("release", "Claude 3.5 Sonnet") in subjects(datetime.date(2025, 10, 22))  # the model's facts stay
    day_before = {fact.subject: fact for fact in fixture_facts(datetime.date(2025, 10, 21)) if fact.kind == "lifecycle"}
    # its status as pages show it: retiring within 90 days, with the dates of its offering file
    assert day_before["Claude 3.5 Sonnet at Anthropic"].states.startswith(
        "retiring (deprecated 2025-08-13, retires 2025-10-22), called as ")


def test_a_seed_draws_the_same_sample_and_other_seeds_others() -> None:
    kb, _ = validate_kb(FIXTURE_KB, TODAY)
    first = sample.draw(kb, TODAY, 5, seed=1)
    assert len(first) == 5 and sample.draw(kb, TODAY, 5, seed=1) == first
    assert any(sample.draw(kb, TODAY, 5, seed=seed) != first for seed in range(2, 6))


def test_a_sample_larger_than_the_kinds_asked_holds_every_fact_of_them() -> None:
    kb, _ = validate_kb(FIXTURE_KB, TODAY)
    claims = [fact for fact in sample.facts(kb, TODAY) if fact.kind == "claim"]
    drawn = sample.draw(kb, TODAY, 1000, seed=3, kinds=("claim",))
    assert sorted(drawn, key=lambda fact: fact.file) == sorted(claims, key=lambda fact: fact.file)
    assert len(claims) == len(list((FIXTURE_KB / "claims").glob("*.yaml")))


def test_the_command_prints_the_seed_and_each_fact_with_its_file() -> None:
    args = ["sample", "--kb", str(FIXTURE_KB), "--today", TODAY.isoformat(), "--size", "3", "--seed", "7"]
    text = CliRunner().invoke(main, args)
    assert text.exit_code == 0, text.output
    lines = text.output.splitlines()
    assert lines[0] == f"3 facts as of {TODAY}, seed 7 (draw them again with --seed 7)"
    assert [line.split(".", 1)[0] for line in lines[1::2]] == ["1", "2", "3"]
    assert all(".yaml; sources: " in line for line in lines[2::2])
    data = json.loads(CliRunner().invoke(main, [*args, "--format", "json"]).output)
    assert data["seed"] == 7 and len(data["facts"]) == 3
    assert [f"[{fact['kind']}] " in line for fact, line in zip(data["facts"], lines[1::2], strict=True)] == [True] * 3


@given(st.text(), st.text(), st.lists(st.text(), max_size=3))
def test_record_text_cannot_drive_the_terminal(subject: str, states: str, sources: list[str]) -> None:
    """Whatever text a fact holds (the KB refuses control characters, but the sink does not rely on it), each fact
    prints as two lines of printable characters: no escape sequence, bidi override or line break gets through."""
    fact = sample.Fact("claim", subject, states, Path("kb/claims/x.yaml"), tuple(sources))
    lines = sample_text([fact], TODAY, 1).split("\n")
    assert len(lines) == 3 and all(line.isprintable() for line in lines)


def test_a_check_that_did_not_see_a_later_readings_cached_rate_says_so(scratch_kb: Path) -> None:
    """gpt-4o-mini's $0.15 / $0.60 checked on 2024-08-01, then a reading of 2024-09-01 with the same two and a $0.075
    cached rate no page confirmed: the check still stands, for the two it saw (as the pricing page's "not its")."""
    path = scratch_kb / "prices" / "openai--gpt-4o-mini.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("- effective: 2024-07-18\n", (
        "- effective: 2024-07-18\n  checked: 2024-08-01\n")) + (
        "- effective: 2024-09-01\n  basis: observed\n  input: 0.15\n  output: 0.6\n  cached_input: 0.075\n"
        "  batch:\n    input: 0.075\n    output: 0.3\n  sources:\n  - gpt-4o-mini-announcement\n"), encoding="utf-8")
    kb, issues = validate_kb(scratch_kb, TODAY)
    assert not issues, issues
    price = {(f.kind, f.subject): f for f in sample.facts(kb, TODAY)}[("price", "GPT-4o mini at OpenAI")]
    assert price.states == ("$0.15 input, $0.60 output, $0.075 cached input per 1M tokens (observed 2024-09-01; "
                            "checked 2024-08-01 (not its cached input))")
