"""The terminal sink: a feed's text printed by `kb import` and `kb coverage` (and every live report) shows control
characters as `\\uXXXX`; no escape sequence reaches the terminal raw (issue: hostile input, second round)."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

from click.testing import CliRunner
from conftest import FIXTURE_KB
from hypothesis import given, settings
from hypothesis import strategies as st

from generators.cli import main
from generators.escape import terminal
from generators.kb.issues import printable

FORMAT_AND_CONTROL = "\u202e\u2066\u200b\u200f\ufeff\u00ad\U000e0001\x1b\x9b\x07\u2028"
"""Bidi overrides and isolates, zero-width and soft-hyphen format characters, a tag, ESC, CSI, BEL, a separator:
drawn often, since a uniform draw over Unicode rarely picks them."""
RAW_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_terminal_text_holds_no_control_character(text: str) -> None:
    shown = terminal(text)
    assert not RAW_CONTROL.search(shown) and "\n" not in shown and "\r" not in shown


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8") | st.sampled_from(FORMAT_AND_CONTROL)))
def test_every_terminal_message_goes_through_one_escape_that_keeps_text_readable(text: str) -> None:
    """kb.issues.printable (file:line messages) is escape.terminal; what it shows is printable and not a format
    character, and reading the escapes back gives the text (line breaks aside), so nothing is lost or merged."""
    shown = printable(text)
    assert shown == terminal(text)
    assert all(c.isprintable() and unicodedata.category(c) != "Cf" for c in shown)
    flat = text.replace("\r\n", " ").replace("\r", " ").replace("\n", " ")
    if "\\" not in flat:  # a literal backslash-u in the input would read back as an escape
        assert re.sub(r"\\u([0-9a-f]{4})|\\U([0-9a-f]{8})", lambda m: chr(int(m.group(1) or m.group(2), 16)),
                      shown) == flat


def test_an_escape_sequence_in_a_feed_key_is_shown_not_run(tmp_path: Path) -> None:
    feed = tmp_path / "feed.json"
    feed.write_text(json.dumps({"evil\u001b[2J\u001b]0;pwned\u0007": {"mode": "chat", "litellm_provider": "openai",
                                                                      "input_cost_per_token": "x"},
                                "worse\u001b[31m": 5}), encoding="utf-8")  # reported as a problem, key and all
    for args in (["import", "litellm", str(feed), "--into", str(FIXTURE_KB), "--dry-run"],
                 ["coverage", "--against", str(feed), "--kb", str(FIXTURE_KB)]):
        result = CliRunner().invoke(main, [*args, "--today", "2026-11-21"])
        assert "\x1b" not in result.output and "\x07" not in result.output, result.output
