"""Strict types at the edge, by class: a date only from a YAML date or an ISO date string, a number only when
representable, no tag on any node, line numbers as editors count them (issue: hostile input, second round)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import TODAY
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generators.kb.validate import validate_kb

PRICES = "prices/openai--gpt-4o-mini.yaml"
EFFECTIVE = "- effective: 2024-07-18\n"


def problems(root: Path, old: str, new: str) -> list[tuple[int, str]]:
    path = root / PRICES
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    _, issues = validate_kb(root, TODAY)
    return [(i.line, i.message) for i in issues if i.file.name == Path(PRICES).name]


def line_of(root: Path, text: str) -> int:
    return (root / PRICES).read_text(encoding="utf-8").split(text)[0].count("\n") + 1


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.integers(min_value=0, max_value=4_102_444_800))
def test_a_number_is_never_read_as_a_date(scratch_kb: Path, seconds: int) -> None:
    line = line_of(scratch_kb, EFFECTIVE)
    found = problems(scratch_kb, EFFECTIVE, f"- effective: {seconds}\n")
    assert (line, f"`snapshots.0.effective` must be a date written YYYY-MM-DD (got `{seconds}`)") in found
    problems(scratch_kb, f"- effective: {seconds}\n", EFFECTIVE)  # put it back for the next example


@pytest.mark.parametrize("written", ['"2024-07-18T00:00:00"', '"2024-07-18 00:00"', '"20240718"'])
def test_a_date_time_string_is_not_a_date(scratch_kb: Path, written: str) -> None:
    found = problems(scratch_kb, EFFECTIVE, f"- effective: {written}\n")
    assert any("must be a date written YYYY-MM-DD" in message for _, message in found)


def test_a_quoted_iso_date_is_a_date(scratch_kb: Path) -> None:
    assert problems(scratch_kb, EFFECTIVE, '- effective: "2024-07-18"\n') == []


@pytest.mark.parametrize("tagged", ["!!set {a, b}", "!python/object/apply:os.system [echo]", "! 5.0", "!!float 0.15",
                                    "!!str 0.15"])
def test_a_tag_on_any_node_is_refused(scratch_kb: Path, tagged: str) -> None:
    line = line_of(scratch_kb, "  input: 0.15\n")
    found = problems(scratch_kb, "  input: 0.15\n", f"  input: {tagged}\n")
    assert [n for n, message in found if message.startswith("explicit YAML tag")] == [line]


@pytest.mark.parametrize("tiny", ["1e-400", "0.1e-330"])
def test_a_number_too_small_to_represent_is_not_zero(scratch_kb: Path, tiny: str) -> None:
    found = problems(scratch_kb, "  input: 0.15\n", f"  input: {tiny}\n")
    assert any(f"`{tiny}` is too small to be a number" in message for _, message in found)


@pytest.mark.parametrize("odd", ["\u2028", "\x85", "\u2029", "\r"])
def test_a_line_break_editors_do_not_count_is_reported_at_the_editors_line(scratch_kb: Path, odd: str) -> None:
    line = line_of(scratch_kb, "  input: 0.15\n")
    ending = odd if odd == "\r" else odd + "\n"  # a lone CR ends the line by itself (CRLF is fine)
    found = problems(scratch_kb, "  input: 0.15\n", f"  input: 0.15{ending}")
    assert len(found) == 1 and found[0][0] == line and "line" in found[0][1]


CONTROLS = st.sampled_from([*map(chr, [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F,
                                       *range(0x80, 0x85), *range(0x86, 0xA0)]), "\ufffe", "\uffff"])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(char=CONTROLS, where=st.sampled_from(["  input: 0.15\n", "  output: 0.6\n"]))
def test_a_raw_control_character_is_reported_at_its_line_and_column(scratch_kb: Path, char: str, where: str) -> None:
    path = scratch_kb / PRICES
    original = path.read_text(encoding="utf-8")
    try:
        line = line_of(scratch_kb, where)
        path.write_text(original.replace(where, where.replace(": ", f": {char}", 1), 1), encoding="utf-8")
        found = [(i.line, i.column, i.message) for i in validate_kb(scratch_kb, TODAY)[1] if i.file == path]
        assert found == [(line, where.index(": ") + 3,
                          f"the control character U+{ord(char):04X}, which YAML does not allow in a file")]
    finally:
        path.write_text(original, encoding="utf-8")
