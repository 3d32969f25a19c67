"""The search indexer reads pages without the tables it skips (generators/site/search_skip.py): what it reads loses
exactly the marked tables, the page itself keeps them, and a site's search index comes out the same bytes with and
without the plugin (issue: build cost)."""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from generators.site.search_skip import (
    SearchSkip,
    first_by_id,
    for_search,
    without_excluded_tables,
    without_needless_substitution,
)

MARKED = '<table data-search-exclude><tr><td>$1.00</td></tr></table>'
PAGE = ('<h1 id="m">Model</h1>\n<p>Intro text.</p>\n' + MARKED + '\n<h2 id="o">Offerings</h2>\n'
        '<table class="fl-sticky" id="t" data-search-exclude>\n<tbody><tr><td>a</td></tr></tbody>\n</table>\n'
        '<table><tr><td>kept: data-search-exclude is only text here</td></tr></table>\n<p>Outro.</p>')


class Plugins(dict[str, Any]):
    """What the plugin uses of mkdocs' PluginCollection: the plugins by name, and each event's handlers in order."""

    def __init__(self, plugins: dict[str, Any] | None = None, page_context: list[Any] | None = None) -> None:
        super().__init__(plugins or {})
        self.events = {"page_context": page_context or []}


def test_only_the_marked_tables_are_removed() -> None:
    assert without_excluded_tables(PAGE) == ('<h1 id="m">Model</h1>\n<p>Intro text.</p>\n\n<h2 id="o">Offerings</h2>\n'
                                             '\n<table><tr><td>kept: data-search-exclude is only text here</td></tr>'
                                             '</table>\n<p>Outro.</p>')


def test_marked_paragraphs_and_spans_are_removed_with_what_they_hold() -> None:
    cited = ('<p>Costs $2<span data-search-exclude><sup id="fnref:s"><a class="footnote-ref" href="#fn:s">1</a></sup>'
             '<sup>,</sup><sup><a href="#fn:t">2</a></sup></span> a call.</p>\n'
             '<p class="fl-record-links" data-search-exclude><a href="e">Edit this record</a></p>\n<p>After.</p>')
    assert without_excluded_tables(cited) == '<p>Costs $2 a call.</p>\n\n<p>After.</p>'


@pytest.mark.parametrize("html", [
    '<table data-search-exclude><tr><td><table><tr><td>nested</td></tr></table></td></tr></table>',  # nested: kept
    '<span data-search-exclude>a <span class="x">nested</span> span</span>',
    '<p data-search-exclude>never closed',
    '<pre data-search-exclude>not an element removed</pre>',
    '<p data-search-excluded>another attribute</p>',
    '<table data-search-exclude><tr><td>never closed</td></tr>',
    '<table data-search-excluded><tr><td>another attribute</td></tr></table>',
])
def test_what_is_not_a_plain_marked_table_stays(html: str) -> None:
    assert without_excluded_tables(html) == html


REGEX_WAY = re.compile(r"<(table|p|span)\s[^<>]*\bdata-search-exclude\b[^<>]*>.*?</\1>", re.DOTALL)


def by_regex(html: str) -> str:
    """What the plugin removed when one regex found each element, its end by a lazy `.*?` (before 2026-12-07)."""
    def kept(match: re.Match[str]) -> str:
        element, name = match.group(), match.group(1)
        nested = sum(element.count(f"<{name}{after}") for after in (" ", ">", "\t", "\n")) > 1
        return element if nested else ""

    return REGEX_WAY.sub(kept, html)


MARKUP = st.lists(st.sampled_from([
    "<p", "<span", "<table", "<pre", "<div", " ", "\t", "\n", "\r", "\u00a0", "data-search-exclude", "-d", "ed",
    'class="x"', ">", "</p>", "</span>", "</table>", "</pre>", "text", "<sup>1</sup>", "<", "=", '"']), max_size=40)


@settings(max_examples=500, deadline=None)
@given(MARKUP.map("".join))
@example('<span data-search-exclude>never closed <p data-search-exclude>gone</p> kept')
@example('the marker as text: data-search-exclude <p class="x" data-search-exclude>gone</p> kept')
@example('<div data-search-exclude>not one of the three</div><p data-search-exclude>gone</p>')
def test_marked_elements_are_removed_as_the_regex_removed_them(html: str) -> None:
    assert without_excluded_tables(html) == by_regex(html)


def test_what_follows_an_unclosed_or_textual_marker_is_still_removed() -> None:
    assert without_excluded_tables('<span data-search-exclude>open <p data-search-exclude>gone</p> kept') == (
        "<span data-search-exclude>open  kept")
    assert without_excluded_tables('text data-search-exclude <p data-search-exclude>gone</p>.') == (
        "text data-search-exclude .")


def test_the_indexer_reads_the_lighter_copy_and_the_page_keeps_its_tables() -> None:
    read: list[Any] = []
    index = SimpleNamespace(add_entry_from_context=read.append)
    config: Any = SimpleNamespace(plugins=Plugins({"material/search": SimpleNamespace(search_index=index)}))
    SearchSkip().on_pre_build(config=config)
    page = SimpleNamespace(content=PAGE, url="m.html")
    index.add_entry_from_context(page)
    assert [p.content for p in read] == [for_search(PAGE)]
    assert page.content == PAGE and read[0] is not page


def test_without_search_nothing_is_wrapped() -> None:
    config: Any = SimpleNamespace(plugins=Plugins())
    SearchSkip().on_pre_build(config=config)  # no error, nothing to wrap


HOME = ("# Home\n\nSome text.\n\n" + MARKED + "\n\n## Later\n\nMore text"
        '<span data-search-exclude><sup><a href="#fn:x">1</a></sup></span> here.\n\n'
        '<p class="fl-record-links" data-search-exclude><a href="e.html">Edit</a></p>\n\n'
        "Then this.\n\n"
        '<table><tr><th>Fact</th><th>Value</th></tr>\n<tr><td>Lab</td><td>OpenAI</td></tr>'
        '</table>\n')


def build(tmp_path: Path, skip: bool, page: str = HOME, name: str = "") -> str:
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    docs = tmp_path / "docs"
    docs.mkdir(exist_ok=True)
    (docs / "index.md").write_text(page, encoding="utf-8")
    config = tmp_path / "mkdocs.yml"
    plugins = "  - search\n" + ("  - fl-search-skip\n" if skip else "")
    config.write_text(f"site_name: t\ntheme:\n  name: material\nplugins:\n{plugins}", encoding="utf-8")
    site = tmp_path / f"site-{skip}{name}"
    mkdocs_build(load_config(str(config), site_dir=str(site)))
    return (site / "search" / "search_index.json").read_text(encoding="utf-8")


def test_the_search_index_differs_only_in_the_space_between_cells(tmp_path: Path) -> None:
    with_skip, without = build(tmp_path, True), build(tmp_path, False)
    assert "FactValue LabOpenAI" in without, "the indexer alone runs cells together"
    assert "Fact Value Lab OpenAI" in with_skip and "$1.00" not in with_skip
    assert "More text here." in with_skip and "Edit" not in with_skip and "Then this." in with_skip
    assert json.loads(with_skip.replace(" ", "")) == json.loads(without.replace(" ", ""))


def chart(mark: str) -> str:
    """A record page's price chart as table_rows.py writes it, with `mark` among its paragraph's attributes."""
    return (f'<p class="fl-chart"{mark}><img src="data:image/svg+xml;base64,{"PHN2Zz4=" * 500}" alt="Price history, '
            'Provider 0: Model 0 (USD per 1M tokens, input and output over time)"></p>')


def test_a_chart_marked_for_search_leaves_the_index_as_the_unmarked_chart_does(tmp_path: Path) -> None:
    """The chart holds no text, only a long data URI, so marking it (for_search then drops it unparsed) takes
    nothing from the index but the empty paragraph Material keeps for a chart that follows another paragraph of
    its section (it drops only a section's first empty paragraph: the charts under a record page's headings)."""
    page = "# Model\n\nIntro.\n\n{chart}\n\n## Prices\n\n{chart}\n\nBetween.\n\n{chart}\n"
    marked = build(tmp_path, True, page.format(chart=chart(" data-search-exclude")), "-marked")
    plain = build(tmp_path, True, page.format(chart=chart("")), "-plain")
    assert plain.count("<p></p>") == 2, "Material's index keeps an empty paragraph after another"
    assert marked == plain.replace(" <p></p>", "")
    assert '"text":"<p>Intro.</p>"' in marked and '"text":"<p>Between.</p>"' in marked and "base64" not in marked
    assert "data:image" not in for_search(chart(" data-search-exclude"))


def test_a_built_record_page_has_its_price_charts_and_the_index_none(built_fixture_site: Path) -> None:
    """The fixture's GPT-4o page draws its price history; the marked chart stays on the page, out of the index."""
    page = (built_fixture_site / "models" / "gpt-4o.html").read_text(encoding="utf-8")
    assert page.count('<p class="fl-chart" data-search-exclude><img src="data:image/svg+xml;base64,') >= 1
    index = (built_fixture_site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "GPT-4o" in index and "base64" not in index and "Price history" not in index


def test_for_search_puts_a_space_after_every_cell_and_nowhere_else() -> None:
    assert for_search("<table><tr><th>A</th><td>b</td></tr></table><p>c</p><thead>") == (
        "<table><tr><th>A</th> <td>b</td> </tr></table><p>c</p><thead>")


toc_trees = st.recursive(st.builds(lambda i: SimpleNamespace(id=i, children=[]), st.sampled_from("abcd")),
                         lambda inner: st.builds(lambda i, kids: SimpleNamespace(id=i, children=kids),
                                                 st.sampled_from("abcd"), st.lists(inner, max_size=3)), max_leaves=12)


@settings(max_examples=200, deadline=None)
@given(st.lists(toc_trees, max_size=4))
def test_the_map_finds_what_materials_search_from_the_root_finds(toc: list[Any]) -> None:
    from material.plugins.search.plugin import SearchIndex

    by_id, index = first_by_id(toc), SearchIndex()
    for anchor in "abcde":
        assert by_id.get(anchor) is index._find_toc_by_id(toc, anchor)


def test_the_indexer_looks_headings_up_in_the_map_and_nothing_of_it_is_left_behind() -> None:
    asked: list[str] = []

    class Index:
        def add_entry_from_context(self, page: Any) -> None:
            asked.append(self._find_toc_by_id(page.toc, "b").id)
            asked.append(str(self._find_toc_by_id([SimpleNamespace(id="b", children=[])], "b").children))

        def _find_toc_by_id(self, toc: Any, anchor: str) -> Any:
            return next((item for item in toc if item.id == anchor), None)

    index = Index()
    config: Any = SimpleNamespace(plugins=Plugins({"material/search": SimpleNamespace(search_index=index)}))
    SearchSkip().on_pre_build(config=config)
    inner = SimpleNamespace(id="b", children=[])
    index.add_entry_from_context(SimpleNamespace(content="", url="p.html", toc=[SimpleNamespace(id="a",
                                                                                                 children=[inner])]))
    assert asked == ["b", "[]"]  # found among the children; another table of contents searched as before
    assert "_find_toc_by_id" not in vars(index)


CONTENT = st.lists(st.sampled_from(["<p", " ", "\n", "\t", "data-search-", "exclude", "boost", "=", '"', '"2"', ">",
                                    "x", "</p>", ' data-search-boost="2"', 'data-search-x=""']),
                   max_size=30).map("".join)


def page_context_step(content: str, enabled: bool, wrap: bool) -> tuple[str, list[str]]:
    """Material's own on_page_context run on a page holding `content` (indexing noted, not done), or the step that
    stands in for it: the page's content afterwards and what was indexed."""
    from material.plugins.search.plugin import SearchPlugin

    indexed: list[str] = []
    plugin: Any = SimpleNamespace(config=SimpleNamespace(enabled=enabled),
                                  search_index=SimpleNamespace(add_entry_from_context=lambda p: indexed.append(
                                      p.content)))
    material = functools.partial(SearchPlugin.on_page_context, plugin)
    step = without_needless_substitution(material, plugin) if wrap else material
    page = SimpleNamespace(content=content)
    assert step({}, page=page, config=None, nav=None) is None
    return page.content, indexed


@settings(max_examples=300, deadline=None)
@given(CONTENT, st.booleans())
def test_the_page_step_does_what_materials_does(content: str, enabled: bool) -> None:
    assert page_context_step(content, enabled, wrap=True) == page_context_step(content, enabled, wrap=False)


def test_materials_step_is_replaced_in_place_and_keeps_its_priority() -> None:
    class Search:
        config = SimpleNamespace(enabled=True)
        search_index = SimpleNamespace(add_entry_from_context=lambda page: None)

        def on_page_context(self, context: Any, **kwargs: Any) -> None:
            raise AssertionError("Material's own step ran on a page without a valued data-search attribute")

    search = Search()
    search.on_page_context.__func__.mkdocs_priority = 5  # type: ignore[attr-defined]
    other = lambda context, **kwargs: None  # noqa: E731  # another plugin's step, left as it is
    plugins = Plugins({"material/search": search}, [other, search.on_page_context])
    config: Any = SimpleNamespace(plugins=plugins)
    SearchSkip().on_pre_build(config=config)
    first, step = plugins.events["page_context"]
    assert first is other and step.mkdocs_priority == 5 and step is not search.on_page_context
    step({}, page=SimpleNamespace(content='<p data-search-exclude>x</p>', toc=[]), config=config, nav=None)


def test_a_built_page_loses_its_valued_data_search_attributes_as_before(tmp_path: Path) -> None:
    page = '# Home\n\n<p data-search-note="x" class="k">Noted.</p>\n\n<p data-search-exclude>Skipped.</p>\n'
    for skip in (True, False):
        build(tmp_path, skip, page, f"-valued-{skip}")
        html = (tmp_path / f"site-{skip}-valued-{skip}" / "index.html").read_text(encoding="utf-8")
        assert '<p class="k">Noted.</p>' in html and "<p data-search-exclude>Skipped.</p>" in html
