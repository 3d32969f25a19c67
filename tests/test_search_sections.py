"""The search indexer's split of a page into sections without html.parser (generators/site/search_sections.py): the
same sections as Material's own parser on any page, plain or not, and on every page a build writes (issue: build
cost)."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

import markdown
import pytest
from conftest import markdown_options
from hypothesis import given, settings
from hypothesis import strategies as st
from material.plugins.search import plugin as material
from mkdocs.utils import meta

from generators.site import search_sections
from generators.site.search_sections import add_entry, plain, sections, walked
from generators.site.search_skip import SearchSkip, for_search


def materials(html: str) -> list[Any]:
    parser = material.Parser()
    parser.feed(html)
    parser.close()
    return parser.data


def shown(found: list[Any]) -> list[tuple[object, ...]]:
    """Everything of a section the index is made from: its heading element, id, depth, title and text."""
    return [(section.el.tag, section.el.attrs, section.id, section.depth, section.title, section.text)
            for section in found]


def outcome(split: Any, html: str) -> object:
    """The sections, or the kind of error (Material's parser fails on an end tag whose start went elsewhere)."""
    try:
        return shown(split(html))
    except Exception as error:  # compared: both ways must fail alike
        return type(error)


NAMES = ["p", "P", "h1", "h2", "H3", "h6", "code", "pre", "li", "ul", "sup", "span", "a", "div", "table", "td", "br",
         "img", "hx", "object", "em", "my-tag"]
ATTRIBUTES = [' id="x"', ' id="y"', " id=z", " id=''", ' ID="Up"', ' class="headerlink"', " class=linenodiv",
              ' class="linenodiv"', " data-search-exclude", ' data-search-exclude=""', ' href="a?b=1&amp;c=2"',
              " title='&lt;q&gt;'", ' alt=""', " hidden", ' id="x" id="y"', ' class="a b"']
TEXTS = ["Text", " ", "\n", "  \n ", "a\nb", "&amp;", "&lt;tag&gt;", "&#61;x", "&bogus;", "& loose", "R&D", ">",
         "\u00a0", "é", "x&#x3C;y", "\t"]
JUNK = ["<", "< p>", "<!-- a comment -->", "<script>if (a < b) {}</script>", "<style>p{}</style>", "<p\u00a0>",
        "</p >", '<a b="c>', "<A HREF=x/y>", "<!DOCTYPE html>", "<?pi?>", "<p/>", "<div / >", "<br/>", "</>", "<1>",
        "<a href=x/>", "<STYLE>", "<p\x0b>", "<p  id=\"w\"  >"]


@st.composite
def start_tag(draw: st.DrawFn) -> str:
    attributes = "".join(draw(st.lists(st.sampled_from(ATTRIBUTES), max_size=3)))
    return f"<{draw(st.sampled_from(NAMES))}{attributes}{draw(st.sampled_from(['', ' ', '/', ' /']))}>"


PLAIN_PIECES = st.one_of(start_tag(), st.sampled_from(NAMES).map(lambda name: f"</{name}>"), st.sampled_from(TEXTS))
PLAIN_PAGES = st.lists(PLAIN_PIECES, max_size=40).map("".join)
ANY_PAGES = st.lists(st.one_of(PLAIN_PIECES, st.sampled_from(JUNK)), max_size=40).map("".join)


@settings(max_examples=400, deadline=None)
@given(PLAIN_PAGES)
def test_a_plain_page_is_split_as_materials_parser_splits_it(html: str) -> None:
    if plain(html):  # a piece such as "<p/>" is plain; "x&#x3C;y" too, though it reads as a "<"
        assert outcome(walked, html) == outcome(materials, html), html


@settings(max_examples=400, deadline=None)
@given(ANY_PAGES)
def test_any_page_gets_materials_sections(html: str) -> None:
    assert outcome(sections, html) == outcome(materials, html), html


@pytest.mark.parametrize("html", ["<!-- a comment -->", "<script>a</script>", "<p>a < b</p>", "<p\u00a0>x</p>",
                                  "<p id = 'x'>", "<p id=x\u00a0y>", "<STYLE>p{}</STYLE>", "<p>x</p >",
                                  "<p\x0b>"])
def test_what_html_parser_reads_otherwise_is_not_plain(html: str) -> None:
    assert not plain(html)


def test_a_plain_page_gives_the_sections_written_here() -> None:
    html = ('<p>Intro &amp; more\nlines</p>\n<h1 id="top">Title <a class="headerlink" href="#top">¶</a></h1>\n'
            '<h2 id="b">Part <code>b</code></h2>\n<p data-search-exclude>gone</p><pre>keep\n  space</pre>'
            '<ul><li> </li></ul><br/><img alt="x">')
    assert plain(html)
    assert shown(walked(html)) == [
        ("hx", {}, None, 0, [], ["<p>", "Intro &amp; more lines", "</p>", " "]),
        ("h1", {"id": "top"}, "top", 1, ["Title "], [" "]),
        ("h2", {"id": "b"}, "b", 1, ["Part ", "<code>", "b", "</code>"], [" ", "<pre>", "keep\n  space", "</pre>"]),
    ]


def test_a_heading_before_any_h1_opens_the_top_section_first() -> None:
    html = '<h2 id="a">A</h2><p>x</p><div><h3 id="b">B</h3>in</div>after'
    assert shown(walked(html)) == [
        ("hx", {}, None, 1, [], []),
        ("h2", {"id": "a"}, "a", 1, ["A"], ["<p>", "x", "</p>", "after"]),
        ("h3", {"id": "b"}, "b", float("inf"), ["B"], ["in"]),  # left when its <div> closed: never taken up again
    ]
    assert shown(walked(html)) == shown(materials(html))


def test_every_page_of_a_built_site_is_plain_and_split_alike(built_fixture_site: Path) -> None:
    """What the indexer reads of each page the fixture's build wrote (the hostile record's included): the fast way
    takes every one, so the build gains on each, and finds Material's sections."""
    docs = built_fixture_site.parent / "docs"
    converter = markdown.Markdown(**markdown_options(docs))
    checked = 0
    for page in sorted(docs.rglob("*.md")):
        text, _ = meta.get_data(page.read_text(encoding="utf-8"))
        html = for_search(converter.reset().convert(text))
        assert plain(html), page
        assert shown(walked(html)) == shown(materials(html)), page
        checked += 1
    assert checked > 20


def test_another_materials_parser_is_left_to_itself(monkeypatch: pytest.MonkeyPatch) -> None:
    html = "<h1 id='a'>A</h1><p>x</p>"
    monkeypatch.setattr(search_sections, "MIRRORED", "another version's")
    search_sections.mirrored.cache_clear()
    try:
        walked_pages: list[str] = []
        monkeypatch.setattr(search_sections, "walked", walked_pages.append)
        assert shown(sections(html)) == shown(materials(html)) and walked_pages == []
        index = material.SearchIndex()
        assert not search_sections.takes_over(index)
    finally:
        monkeypatch.undo()
        search_sections.mirrored.cache_clear()
    assert search_sections.takes_over(material.SearchIndex())


def test_the_installed_parsers_are_the_ones_restated() -> None:
    """When Material's parser or Python's html.parser changes, the index is still Material's, only slower, and this
    fails: check `Walk` and `PLAIN` against the new code (the tests above compare them with whatever is installed),
    then set MIRRORED to the digest printed."""
    assert search_sections.parsers_digest(material) == search_sections.MIRRORED, search_sections.parsers_digest(
        material)


def index_entries(use_plugin: bool, html: str) -> list[dict[str, Any]]:
    index = material.SearchIndex(lang=["en"], separator=" ", pipeline=[], fields={})
    page = SimpleNamespace(content=html, meta={"search": {"boost": 2}}, url="m.html", title="M", toc=[])
    if use_plugin:
        plugins = {"material/search": SimpleNamespace(search_index=index)}
        config: Any = SimpleNamespace(plugins=SimpleNamespace(get=plugins.get, events={"page_context": []}))
        SearchSkip().on_pre_build(config=config)
    index.add_entry_from_context(page)
    return index.entries


def test_the_plugin_indexes_a_page_as_material_does(monkeypatch: pytest.MonkeyPatch) -> None:
    html = '<h1 id="m">M</h1><p>Intro</p><h2 id="o">Offers</h2><table><tr><td>a</td><td>b</td></tr></table>'
    material_parser = material.Parser

    def refused() -> None:
        raise AssertionError("a plain page went through html.parser")

    monkeypatch.setattr(material, "Parser", refused)
    assert index_entries(True, html) == [
        {"location": "m.html", "title": "M", "text": "<p>Intro</p>", "boost": 2},
        {"location": "m.html#o", "title": "Offers", "text": "a b", "boost": 2}]
    monkeypatch.setattr(material, "Parser", material_parser)
    assert index_entries(False, html)[1]["text"] == "ab", "Material alone runs the cells together"


def test_an_excluded_page_is_not_indexed() -> None:
    index = material.SearchIndex()
    add_entry(index, SimpleNamespace(content="<h1 id='a'>A</h1>", meta={"search": {"exclude": True}}))
    assert index.entries == []


def test_a_long_page_that_is_not_plain_is_refused() -> None:
    """Text runs and attributes are matched whole (atomic, possessive): a regex that could split a text run every
    way would never finish refusing these."""
    assert not plain("a" * 10_000 + "<")
    assert not plain("<p" + " id=x" * 10_000 + " <")
    assert plain("<p id=z/>") and shown(walked("<p id=z/>")) == [("hx", {}, None, 0, [], ["<p>"])]
