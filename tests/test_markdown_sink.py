"""The Markdown sink (pull-request comments, issue bodies, step summaries): any text a record or a file name holds
becomes one inert code span, in a list item or a table cell; nothing breaks out to make a heading, a link, an
image, HTML or a second cell (issue: hostile input, second round)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from generators.escape import md_code, visible
from generators.kb.diff import Diff, FieldChange, RecordChange
from generators.kb.diff_report import to_markdown

HOSTILE = st.text(alphabet=st.sampled_from(list("`|#!@*_[]()<>:/\\\n\r -abc")) | st.characters(), max_size=40)
PARSER = MarkdownIt("commonmark").enable("table")


def inline_children(markdown: str) -> list:
    return [child for token in PARSER.parse(markdown) if token.type == "inline" for child in token.children or []]


def expected(text: str) -> str:
    return visible(text).replace("\r\n", "\n").replace("\r", "\n").replace("\n", "⏎")


@settings(max_examples=300, deadline=None)
@given(HOSTILE)
def test_any_text_is_one_code_span_in_a_list_item(text: str) -> None:
    children = inline_children(f"- {md_code(text)}\n")
    assert [c.type for c in children] == ["code_inline"]
    assert children[0].content.strip() == expected(text).strip()  # the text itself, bar the padding spaces


@settings(max_examples=300, deadline=None)
@given(HOSTILE)
def test_any_text_stays_in_its_table_cell(text: str) -> None:
    tokens = PARSER.parse(f"| a | b |\n| --- | --- |\n| {md_code(text, table=True)} | end |\n")
    cells = [t for t in tokens if t.type == "td_open"]
    assert len(cells) == 2
    inline = [t for t in tokens if t.type == "inline"][-2]
    assert [c.type for c in inline.children or []] == ["code_inline"]


def test_a_multi_line_description_in_kb_diff_cannot_break_out() -> None:
    hostile = "x`\n# Pwned\n![beacon](https://evil.example/b.png) @everyone <img src=x>"
    diff = Diff("main", "HEAD", records=[RecordChange("models", "m`x", "changed", [FieldChange("description", "a",
                                                                                            hostile)])])
    tokens = PARSER.parse(to_markdown(diff))
    assert not [t for t in tokens if t.type == "heading_open" and t.tag == "h1"]
    kinds = {c.type for t in tokens if t.type == "inline" for c in t.children or []}
    assert kinds <= {"text", "code_inline", "softbreak", "strong_open", "strong_close"}  # the report's own bold
