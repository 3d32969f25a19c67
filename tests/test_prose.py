"""Record prose followed by the site's own words (prose.py): one full stop between them, never two. A disputed
reading's text ended with a full stop and was followed by ". Note:" (47 times in the real KB's model pages), a
context window's or max output's note ended one before ". " (13 times), an author list "et al." before the publisher
on the Sources page (24 times)."""

from __future__ import annotations

import dataclasses
from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from test_table_rows import kb, ref, rows, view  # noqa: F401  (kb: the fixture the tests below take)

from generators.escape import md
from generators.kb.link import KB
from generators.kb.records import PriceHistory
from generators.kb.records.base import TokensFact
from generators.site.prose import sentences, stop_after

ENDS = (".", "!", "?", "…")
prose = st.text(alphabet=st.sampled_from(list("ab .!?…)*_")), min_size=1, max_size=12).filter(
    lambda text: text.strip() == text)


def test_a_full_stop_only_where_the_text_does_not_end_a_sentence() -> None:
    assert [stop_after(text) for text in ("et al.", "Yahoo!", "why?", "and so…", "a page ", "(LiteLLM)", "", None)] \
        == ["", "", "", "", ".", ".", ".", "."]
    assert sentences("Hollet, F., et al.", "arXiv, 2025", "<em>paper</em>") == \
        "Hollet, F., et al. arXiv, 2025. <em>paper</em>"
    assert sentences("", "OpenAI, 2025", "") == "OpenAI, 2025"
    assert sentences() == ""


@given(st.lists(prose, min_size=1, max_size=4))
def test_each_part_ends_one_sentence_and_keeps_its_own_text(parts: list[str]) -> None:
    joined = sentences(*parts)
    rest = joined
    for part in parts[:-1]:
        assert rest.startswith(part)
        rest = rest[len(part):]
        stop = "" if part.endswith(ENDS) else "."  # the one full stop a part that ends no sentence gets
        assert rest.startswith(stop + " ")
        rest = rest[len(stop) + 1:]
    assert rest == parts[-1]


def history(disputed: str, note: str) -> PriceHistory:
    snapshot: dict[str, Any] = {"effective": "2026-02-01", "input": 2, "output": 8, "sources": ["b"],
                                "disputed": disputed, "note": note}
    return PriceHistory.model_validate({"schema_version": 2, "id": "openai--gpt-x", "offering": "openai--gpt-x",
                                        "snapshots": [snapshot]})


def test_a_disputed_reading_and_its_note_are_two_sentences(kb: KB) -> None:  # noqa: F811
    said = rows(kb).offering_section(view(kb, history("Kept as history, never as current.", "From *one* blog")))
    assert "- **2026-02-01**, disputed: Kept as history, never as current. Note: From \\*one\\* blog\n" in said
    said = rows(kb).offering_section(view(kb, history("A blog (LiteLLM)", "From one blog.")))
    assert "- **2026-02-01**, disputed: A blog \\(LiteLLM\\). Note: From one blog.\n" in said


@given(prose, prose)
def test_no_reading_s_note_follows_two_full_stops(kb: KB, disputed: str, note: str) -> None:  # noqa: F811
    line = next(line for line in rows(kb).offering_section(view(kb, history(disputed, note))).split("\n")
                if line.startswith("- **2026-02-01**"))
    stop = "" if disputed.endswith(ENDS) else "."
    assert line == f"- **2026-02-01**, disputed: {md(disputed)}{stop} Note: {md(note)}"


def test_a_context_window_whose_note_ends_a_sentence_gets_no_second_stop(kb: KB) -> None:  # noqa: F811
    window = TokensFact.model_validate({"value": 131072, "sources": ["a"], "note": "As the host lists it."})
    output = TokensFact.model_validate({"value": 8192, "sources": ["b"]})
    table = rows(kb)
    shown = view(kb, None)
    offering = shown.offering.model_copy(update={"context_window": [window], "max_output": [output]})
    section = table.offering_section(dataclasses.replace(shown, offering=offering))
    assert (f"Context window here: 131,072{ref('a', 1)} — As the host lists it. "
            f"Max output here: 8,192{ref('b', 2)}. Regions: us, eu.") in section
