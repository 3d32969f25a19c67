"""Python-Markdown's first and last steps restated (markdown_speedups.py): each gives the stock step's result to the
character on generated input, a page converts to the same HTML with and without them, and they are installed only
over the stock code they restate, each where the stock one stood (issue: build cost)."""

from __future__ import annotations

import markdown
import pytest
import yaml
from conftest import REPO
from hypothesis import example, given, settings
from hypothesis import strategies as st
from markdown import util
from markdown.postprocessors import RawHtmlPostprocessor
from markdown.preprocessors import NormalizeWhitespace

from generators.site import markdown_speedups
from generators.site.markdown_speedups import QuickNormalizeWhitespace, QuickRawHtmlPostprocessor

SPEEDUPS = "generators.site.markdown_speedups"
SITE = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))["markdown_extensions"]
NAMES = [e if isinstance(e, str) else next(iter(e)) for e in SITE]
OPTIONS = {next(iter(e)): next(iter(e.values())) for e in SITE if isinstance(e, dict)}

# What the two steps act on: spaces, tabs, carriage returns, Python-Markdown's own STX and ETX, newlines
LINES = st.lists(st.text(st.sampled_from([" ", " ", "\t", "\r", util.STX, util.ETX, "a", "<", "#"]), max_size=8),
                 max_size=10)
PIECES = st.sampled_from([
    "", " ", "   ", "\t", " \t ", "\r", "text", "  indented by two", "    code by four", "\tcode by a tab",
    "# Heading", "Line with a <span>span</span> and <code>code</code>.", "<table><tr><td>raw</td></tr></table>",
    '<p class="fl-chart"><img src="data:image/svg+xml;base64,PHN2Zz4=" alt="x"></p>', "<div>\n\n*inside*\n\n</div>",
    f"holds {util.STX}wzxhzdk:0{util.ETX} as text", f"{util.STX}", f"{util.ETX}", "- item\n  \n  continued",
    "Note[^a].", "[^a]: <em>raw</em> note", "<!-- a comment -->", "line one  \nline two (a hard break)"])


def converter(with_speedups: bool) -> markdown.Markdown:
    names = [name for name in NAMES if name != SPEEDUPS] + ([SPEEDUPS] if with_speedups else [])
    return markdown.Markdown(extensions=names, extension_configs=OPTIONS)


def test_the_site_converts_with_the_speedups() -> None:
    assert SPEEDUPS in NAMES


@settings(max_examples=400, deadline=None)
@given(LINES)
@example(["", " ", " ", "x"])  # consecutive lines of spaces: each one emptied (a pattern that consumed the newline
@example([" ", "a"])           # would skip the second); the first line is kept as it is
@example(["a\r", "\rb", "\r\r"])
def test_normalizing_whitespace_gives_the_stock_result(lines: list[str]) -> None:
    md = markdown.Markdown()
    assert QuickNormalizeWhitespace(md).run(list(lines)) == NormalizeWhitespace(md).run(list(lines))


def stash_of(md: markdown.Markdown, blocks: list[str]) -> list[str]:
    """Each block stored, a block may name the one stored before it; their placeholders."""
    return [md.htmlStash.store(block.replace("PREVIOUS", md.htmlStash.get_placeholder(number - 1)))
            for number, block in enumerate(blocks)]


BLOCKS = st.lists(st.sampled_from(["<div>a</div>", "<b>bold</b>", "plain", "<div>PREVIOUS</div>", "<i>PREVIOUS</i>",
                                   "PREVIOUS", "<!-- c -->", "<p>p</p>"]), min_size=1, max_size=6)


@settings(max_examples=300, deadline=None)
@given(BLOCKS, st.lists(st.tuples(st.booleans(), st.integers(0, 8)), max_size=6), st.text(max_size=5))
def test_restoring_the_stash_gives_the_stock_result(blocks: list[str], uses: list[tuple[bool, int]],
                                                    between: str) -> None:
    """Placeholders bare or alone in a paragraph, stashed blocks naming others, and numbers past the stash's end."""
    md = markdown.Markdown()
    stash_of(md, ["x" if "PREVIOUS" in blocks[0] else blocks[0], *blocks[1:]])
    text = between.join((f"<p>{util.HTML_PLACEHOLDER % n}</p>" if wrapped else util.HTML_PLACEHOLDER % n)
                        for wrapped, n in uses)
    assert QuickRawHtmlPostprocessor(md).run(text) == RawHtmlPostprocessor(md).run(text)


def test_a_stash_is_restored_through_every_level_it_names() -> None:
    md = markdown.Markdown()
    first, second = stash_of(md, ["<b>inner</b>", "<div>PREVIOUS</div>"])
    text = f"<p>{second}</p>\n{first} and {util.HTML_PLACEHOLDER % 9}"
    expected = f"<div><b>inner</b></div>\n<b>inner</b> and {util.HTML_PLACEHOLDER % 9}"
    assert QuickRawHtmlPostprocessor(md).run(text) == RawHtmlPostprocessor(md).run(text) == expected


@settings(max_examples=300, deadline=None)
@given(st.lists(PIECES, max_size=12))
def test_a_page_converts_to_the_same_html_with_and_without_the_speedups(pieces: list[str]) -> None:
    text = "\n".join(pieces)
    assert converter(True).convert(text) == converter(False).convert(text)


def test_each_stand_in_takes_the_stock_steps_place_and_is_installed_only_over_it() -> None:
    quick, stock = converter(True), converter(False)
    stand_ins = {QuickNormalizeWhitespace: NormalizeWhitespace, QuickRawHtmlPostprocessor: RawHtmlPostprocessor}
    for registry in ("preprocessors", "postprocessors"):  # in the order they run
        ran = [stand_ins.get(type(step), type(step)) for step in getattr(quick, registry)]
        assert ran == [type(step) for step in getattr(stock, registry)]
    assert type(quick.preprocessors["normalize_whitespace"]) is QuickNormalizeWhitespace
    assert type(quick.postprocessors["raw_html"]) is QuickRawHtmlPostprocessor


def test_the_stock_steps_are_the_code_restated() -> None:
    """Fails after an upgrade of Python-Markdown that changed either step: the stock one then runs (slower, never
    wrong); read its new code, restate it in markdown_speedups.py and record its digest in STOCK."""
    assert markdown_speedups.restated("NormalizeWhitespace.run", NormalizeWhitespace.run), markdown.__version__
    assert markdown_speedups.restated("RawHtmlPostprocessor.run", RawHtmlPostprocessor.run), markdown.__version__


def test_a_changed_stock_step_keeps_the_stock_one(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(markdown_speedups.STOCK, "RawHtmlPostprocessor.run", "another version's digest")
    md = converter(True)
    assert type(md.postprocessors["raw_html"]) is RawHtmlPostprocessor
    assert type(md.preprocessors["normalize_whitespace"]) is QuickNormalizeWhitespace
