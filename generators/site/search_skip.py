"""An mkdocs plugin: Material's search indexer is handed each page without the tables it would skip anyway, and
with the cells of the tables it keeps apart.

Material's search plugin runs an HTML parser over every page and drops whatever sits inside an element marked
`data-search-exclude`. The site marks its big record tables so (prices, offerings, histories), which are most of a
page's markup, so at catalogue scale the indexer spent most of its time parsing what it then threw away. This plugin
removes those tables from the copy of the page the indexer reads; the page itself is untouched, and the index comes
out the same bytes (tests/test_search_skip.py builds a site both ways and compares the index).

Only a `<table ... data-search-exclude ...>` that holds no other `<table` is removed, and likewise a marked `<p>`
(a record page's edit links, a source's "Cited by") or `<span>` (footnote markers, on every page that cites): the
indexer skips exactly such an element with everything inside it, and none of them holds a heading to open a
section. Record text cannot forge one: it reaches a page escaped.

The indexer joins the text of adjacent elements as it finds it, so a facts table's cells, written without space
between them, read "FactValue LabOpenAI" in every search result. The copy gets a space after each cell; whitespace
is all the indexer is given more, so the index differs only there (tested).
"""

from __future__ import annotations

import copy
import functools
import re
from collections.abc import Callable
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, event_priority

from . import search_sections

MARKER = "data-search-exclude"
MARKED = re.compile(rf"<(table|p|span)\s[^<>]*\b{MARKER}\b[^<>]*>")
"""The start tag of a marked table, paragraph or span (footnote markers, a page's edit links, a source's "Cited
by"): the element runs to the first closing tag of its name."""
CELL_END = re.compile(r"</(td|th)>")
SEARCH = "material/search"
VALUED = re.compile(r'data-search-\w+="[^"]+"')
r"""Inside every match of the pattern Material's search plugin removes from each page after indexing it
(`\s?data-search-\w+="[^"]+"`): where this finds nothing, that substitution changes nothing. Material's pattern
opens with an optional space, so the regex engine tries it at every character (0.3-0.5 ms of a catalogue model
page, 29 ms of the Pricing page); this one opens with a literal, which it finds at C speed."""


def without_excluded_tables(html: str) -> str:
    """`html` minus each excluded table, paragraph or span (one holding another element of its name, whose end the
    first closing tag may not be, is left as it is, and so is everything inside it). A marked start tag with no
    closing tag after it is left too. The element's end is found with `str.find`: a regex's lazy `.*?` up to it
    stepped through the tables one character at a time, 0.3 ms a catalogue page."""
    kept: list[str] = []
    done = start = 0
    while (tag := marked_tag(html, start)) is not None:
        name = tag.group(1)
        closing = html.find(f"</{name}>", tag.end())
        if closing < 0:
            start = tag.start() + 1
            continue
        end = closing + len(name) + 3
        if not nests(html, tag.start(), end, name):
            kept.append(html[done:tag.start()])
            done = end
        start = end
    kept.append(html[done:])
    return "".join(kept)


def marked_tag(html: str, start: int) -> re.Match[str] | None:
    """`MARKED.search(html, start)`, found from the marker's own occurrences: the regex alone tried every `<p`,
    `<span` and `<table` of the page, backtracking through each one's attributes."""
    at = html.find(MARKER, start)
    while at >= 0:
        opening = html.rfind("<", start, at)
        if opening >= 0 and html.find(">", opening, at) < 0:  # the marker sits inside a tag that starts there
            tag = MARKED.match(html, opening)
            if tag is not None:
                return tag
        at = html.find(MARKER, at + 1)
    return None


def nests(html: str, start: int, end: int, name: str) -> bool:
    """Whether the element `html[start:end]` (from its start tag to the first closing tag of `name`) holds another
    start tag of `name` besides its own."""
    if html.find(f"<{name}", start + 1, end) < 0:  # most hold no tag of their own name at all: one find says so
        return False
    return sum(html.count(f"<{name}{after}", start, end) for after in (" ", ">", "\t", "\n")) > 1


def for_search(html: str) -> str:
    """What the indexer reads of a page: `html` without the excluded tables, a space after each table cell."""
    return CELL_END.sub(r"</\1> ", without_excluded_tables(html))


class SearchSkip(BasePlugin):  # type: ignore[type-arg, no-untyped-call]  # mkdocs: optional config type, unannotated hook
    @event_priority(-100)  # after every on_config: Material's search plugin makes its index there
    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        index = getattr(config.plugins.get(SEARCH), "search_index", None)
        if index is None:  # search not enabled: nothing to speed up
            return
        material: Callable[[Any], None] = index.add_entry_from_context
        # Material's own indexing, with the page split into sections faster (search_sections.py), while its parser
        # and html.parser are the code that module restates
        add = functools.partial(search_sections.add_entry, index) if search_sections.takes_over(index) else material
        find: Callable[[Any, str], Any] = getattr(index, "_find_toc_by_id", None) or (lambda toc, anchor: None)

        def add_without_tables(page: Any) -> None:
            lighter = copy.copy(page)
            lighter.content = for_search(page.content or "")
            toc = getattr(page, "toc", None)
            by_id = first_by_id(toc)
            # Material looks each section's heading up in the page's table of contents from its root: on the real
            # KB's Sources page, 818 sections, 335,789 calls. The same first match, from a map made once a page.
            index._find_toc_by_id = lambda asked, anchor: by_id.get(anchor) if asked is toc else find(asked, anchor)
            try:
                add(lighter)
            finally:
                del index._find_toc_by_id

        index.add_entry_from_context = add_without_tables
        search, handlers = config.plugins.get(SEARCH), config.plugins.events["page_context"]
        for number, handler in enumerate(handlers):
            if getattr(handler, "__self__", None) is search and handler.__name__ == "on_page_context":
                handlers[number] = without_needless_substitution(handler, search)


def without_needless_substitution(material: Callable[..., Any], search: Any) -> Callable[..., Any]:
    """Material's `on_page_context` (index the page, then remove `data-search-*="..."` attributes from it), with
    the removal skipped on a page that holds no such attribute: the site marks its elements `data-search-exclude`
    without a value, so no page of it does."""

    def on_page_context(context: Any, *, page: Any, config: MkDocsConfig, nav: Any) -> Any:
        if not search.config.enabled or VALUED.search(page.content or ""):
            return material(context, page=page, config=config, nav=nav)
        search.search_index.add_entry_from_context(page)
        return None

    on_page_context.mkdocs_priority = getattr(material, "mkdocs_priority", 0)  # type: ignore[attr-defined]
    return on_page_context


def first_by_id(toc: Any) -> dict[str, Any]:
    """Each id in a table of contents with its first item in document order (what a search from the root finds
    first: an item, then its children, then the items after it)."""
    found: dict[str, Any] = {}
    stack = list(reversed(list(toc or ())))
    while stack:
        item = stack.pop()
        found.setdefault(item.id, item)
        stack.extend(reversed(list(item.children)))
    return found
