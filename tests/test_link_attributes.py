"""The link check finds a page's href, src and id attributes as a case-insensitive pattern would (linkcheck.ATTRIBUTE
spells each letter's cases out, which scans faster): the same matches on generated markup (issue: build cost)."""

from __future__ import annotations

import re
import sys

from hypothesis import example, given, settings
from hypothesis import strategies as st

from generators.site import linkcheck

REFERENCE = re.compile(r"""\s(href|src|id)\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)
"""What the check is to find: the pattern it used before, with re.IGNORECASE."""
PIECES = st.sampled_from(["href", "HREF", "Href", "src", "SRC", "ſrc", "id", "ID", "İd", "ıd", "iD", "name", "data-id",
                          " ", "\t", "\n", "=", " = ", '"', "'", '"x.html"', "'y.html#a'", "<a", "<img", ">", "K", "k",
                          "e", "f", "h", "r", "c", "d", "s", "i"])


@settings(max_examples=500, deadline=None)
@given(st.lists(PIECES, max_size=16).map("".join))
@example(' ſrc="a.png" İd="b" ıd=\'c\' HREF = "d.html"')
def test_the_attributes_found_are_those_a_case_insensitive_pattern_finds(html: str) -> None:
    assert linkcheck.ATTRIBUTE.findall(html) == REFERENCE.findall(html)


def test_each_letter_takes_every_character_ignorecase_matches_it_and_no_other() -> None:
    everything = [chr(code) for code in range(sys.maxunicode + 1) if chr(code) not in "\n\r"]
    whole = re.compile(rf"^(?:{linkcheck.NAMES})$", re.MULTILINE)
    for word in ("href", "src", "id"):
        for position, letter in enumerate(word):
            spelled = "\n".join(word[:position] + character + word[position + 1:] for character in everything)
            taken = {found[position] for found in whole.findall(spelled)}
            assert taken == set(re.findall(re.escape(letter), "".join(everything), re.IGNORECASE)), (word, letter)
