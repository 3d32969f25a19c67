"""The stash of the renderer's HTML blocks (generators/site/html_blocks.py): a page converts to the same HTML with
and without it, whatever mix of blocks, text and edge cases it holds, and mkdocs still knows the ids inside the
stashed blocks, so a link to one passes `--strict` and a link to a missing one still fails (issue: build cost)."""

from __future__ import annotations

import logging
from pathlib import Path

import markdown
import pytest
import yaml
from conftest import REPO
from hypothesis import example, given, settings
from hypothesis import strategies as st

from generators.site import html_blocks
from generators.site.html_blocks import Block, raw_blocks

SITE_CONFIG = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
EXTENSIONS = [e for e in SITE_CONFIG["markdown_extensions"] if e != "generators.site.html_blocks"]
"""The site's own extensions (mkdocs.yml), each a name or a one-entry mapping of name to its options."""

PIECES = st.sampled_from([
    "",  # a blank line
    "Some *Markdown* text with `code` and a [link](other.md).",
    "<table data-search-exclude><thead><tr><th>A</th></tr></thead>\n<tbody>\n"
    "<tr><td>1 &lt; 2</td></tr>\n</tbody>\n</table>",
    '<div class="fl-table-scroll"><table id="t-1" class="fl-sticky"><tbody>\n'
    "<tr><td>x</td></tr>\n</tbody></table></div>",
    '<div class="outer">\n<div class="inner">two levels</div>\n</div>',
    "<ul>\n<li><strong>price</strong>: a &amp; b</li>\n<li>said id=\"quoted\" in text</li>\n</ul>",
    '<p class="fl-chart"><img src="data:image/svg+xml;base64,PHN2Zz4=" alt="chart"></p>',
    "<table>\n<tr><td>never closed</td></tr>",
    "<table><tr><td>closed mid-line</td></tr></table> and text after it",
    '<ul id="a-list"><li name="odd">a name= attribute</li></ul>',
    "<ol>\n<li>one</li>\n</ol>",
    "</div>",
    "# A heading {: #a-heading }",
    "- a Markdown list item",
    "<p>\nMarkdown *inside* a raw paragraph stays as written\n</p>",
    "    indented: code, or a list item's second paragraph",
    "!!! note\n    An admonition's text.",
    "1. an ordered item",
    '<p><em>docs</em> · <a href="https://e/0">https://e/0</a></p>\n<p data-search-exclude>Cited by: <a href="x.html">X'
    "</a></p>",  # a source's entry and its "Cited by", touching
    "<p>a block</p>\nand text right after it",
    "<noscript>This page needs JavaScript; see the\n<a href=\"x.html\">table</a>.</noscript>",
    '<form id="f" class="c">\n<label>Model <select name="m"><option value="">(none)</option></select></label>\n'
    '<a id="share" href="">Link</a>\n</form>',
    "<!--", "-->",  # a comment can hold blocks: Python-Markdown leaves them inside it
    '<a href="x.html">a link</a> opening a line', '<span class="k">a span left open', "<code>x</code> first",
    "<script>", "</script>", "<strong>bold</strong>",
])


def convert(text: str, stash: bool) -> str:
    names = [e if isinstance(e, str) else next(iter(e)) for e in EXTENSIONS]
    options = {next(iter(e)): next(iter(e.values())) for e in EXTENSIONS if isinstance(e, dict)}
    extensions = [*names, *(["generators.site.html_blocks"] if stash else [])]
    return markdown.Markdown(extensions=extensions, extension_configs=options).convert(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(PIECES, max_size=12))
@example(['<p id="s"></p>', '<ul id="e"></ul>', ""])  # two blocks that touch: Python-Markdown joins them
@example(["", "<p>a</p>", "<div>", "<p>b</p>", "</div>", "<ul><li>c</li></ul>", "", "text"])  # three touching
@example(["<!--", "", "<p>inside a comment</p>", "", "-->", "", "after"])
@example(["See", '<a href="x.html">a link</a> opening a line', "", "<table><tr><td>t</td></tr></table>", ""])
def test_a_page_converts_to_the_same_html_with_and_without_the_stash(pieces: list[str]) -> None:
    text = "\n".join(pieces)
    assert convert(text, stash=True) == convert(text, stash=False)


def test_which_blocks_are_taken() -> None:
    lines = ["<table>", "<tr><td>a</td></tr>", "</table>", "",  # 0-2: taken
             "text", "",
             '<div id="x&amp;y"><div>', "</div></div>", "",  # 6-7: nested, its id unescaped
             "<table>", "</table>"]  # 9-10: at the end, taken
    assert raw_blocks(lines) == [Block(0, 2, frozenset()), Block(6, 7, frozenset({"x&y"})),
                                 Block(9, 10, frozenset())]


@pytest.mark.parametrize("stop", [
    ["text", "<table>", "</table>", ""],  # not after a blank line
    ["", "<ul><li><a name='n'>x</a></li>", "</ul>", ""],  # an anchor not written id="..."
    ["", "<p ID=x>", "</p>", ""],  # nor this one
    ["", "<p>open", ""],  # never closes: it swallows what follows
    ["", "<table></table> and text", ""],  # closes mid-line
    ["", "<p></p>", "text right after", ""],  # touches text
    ["", "<p></p>", "<ul>", ""],  # touches a block that never closes
    ["", "<!-- a comment", "", "-->", ""],  # a comment, which can hold blocks
    ["", "<script>", ""],  # an element whose text the parser reads raw
])
def test_the_search_stops_where_python_markdown_keeps_state(stop: list[str]) -> None:
    lines = ["<ol>", "</ol>", "", *stop, "", "<table>", "</table>"]
    assert raw_blocks(lines) == [Block(0, 1, frozenset())]


def test_the_compare_pages_notice_and_form_are_taken_and_a_selects_name_is_no_anchor() -> None:
    lines = ["<noscript>This page needs JavaScript; see the", '<a href="x.html">table</a>.</noscript>', "",
             '<form id="compare-form" class="fl-compare">',
             '<label>Model 1 <select name="m"><option value="">(none)</option></select></label>',
             '<a id="compare-share" href="">Link to this comparison</a>', "</form>"]
    assert raw_blocks(lines) == [Block(0, 1, frozenset()), Block(3, 6, frozenset({"compare-form", "compare-share"}))]


def test_blocks_that_touch_are_taken_as_one() -> None:
    """Python-Markdown writes them as they stand, a newline between (a source's details and its "Cited by")."""
    lines = ["<p><em>docs</em></p>", '<p id="c">Cited by: <a href="x.html">X</a></p>', "<ul>", "<li>z</li>",
             "</ul>", "", "text"]
    assert raw_blocks(lines) == [Block(0, 4, frozenset({"c"}))]


def test_an_inline_element_opening_a_line_does_not_stop_the_search() -> None:
    lines = ["See", '<a href="x.html">how</a>.', "", "<table>", "</table>", "", "<span>a", "", "<p>b</p>"]
    assert raw_blocks(lines) == [Block(3, 4, frozenset()), Block(8, 8, frozenset())]


def test_text_that_reads_like_an_id_is_no_anchor() -> None:
    assert raw_blocks(["<ul>", '<li>he wrote id="fake" here</li>', "</ul>"]) == [Block(0, 2, frozenset())]


def mkdocs_build(tmp_path: Path, link: str) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text(f"# Home\n\nSee [the row]({link}).\n", encoding="utf-8")
    (docs / "table.md").write_text('# Table\n\n<table><tbody>\n<tr id="row-1"><td>1</td></tr>\n</tbody>\n</table>\n',
                                   encoding="utf-8")
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: t\nstrict: true\nvalidation:\n  links:\n    anchors: warn\n"
                      "markdown_extensions:\n  - generators.site.html_blocks\n", encoding="utf-8")
    build(load_config(str(config), site_dir=str(tmp_path / "site"), strict=True))


def test_mkdocs_knows_the_ids_in_stashed_blocks(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="mkdocs"):
        mkdocs_build(tmp_path, "table.md#row-1")
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert '<tr id="row-1">' in (tmp_path / "site" / "table" / "index.html").read_text(encoding="utf-8")


def test_a_link_to_an_id_no_block_holds_still_fails(tmp_path: Path) -> None:
    from mkdocs.exceptions import Abort

    with pytest.raises(Abort):
        mkdocs_build(tmp_path, "table.md#row-2")


ATTRIBUTE_PIECES = st.sampled_from(['<a', '<A', '<p', '<td', '<select', '</p>', '>', ' id="x"', ' ID = "y"', " id='z'",
                                    ' name="n"', ' NAME=m', ' data-id="d"', ' idle="1"', ' id', '=', '"', '\n', '\t',
                                    'text', ' hidden', 'id="t"'])


@given(st.lists(ATTRIBUTE_PIECES, max_size=12))
def test_a_block_without_the_anchor_pattern_is_not_scanned_tag_by_tag(pieces: list[str]) -> None:
    """The quick test for an anchor (ANY_ANCHOR) never changes what the full scans decide."""
    text = "".join(pieces)
    ids = html_blocks.QUOTED_ID.findall(text)
    counted = len(ids) == len(html_blocks.ANCHOR_ATTRIBUTE.findall(text))
    expected = ids if counted and not html_blocks.LINK_NAME.search(text) else None
    assert html_blocks.anchor_ids(text) == expected


@settings(max_examples=500, deadline=None)
@given(st.text(st.sampled_from(["i", "I", "d", "D", "n", "a", "m", "e", "E", "=", " ", "\t", "\n", "\u00a0", "x", '"']),
               max_size=14))
@example(" id=")
@example(" NAME =")
@example(" name=")
@example("\u00a0id\u2003=")
def test_every_block_the_anchor_pattern_finds_passes_the_quick_test_first(text: str) -> None:
    """EQUALS_AFTER_NAME only spares ANY_ANCHOR's search where it cannot match: it never hides an anchor."""
    if html_blocks.ANY_ANCHOR.search(text):
        assert html_blocks.EQUALS_AFTER_NAME.search(text), text
