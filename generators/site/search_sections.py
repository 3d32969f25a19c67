"""Material's search indexer's split of a page into sections, made without Python's `html.parser` where it can be.

Material's search plugin feeds every page to an `html.parser.HTMLParser` and keeps the text of each section (what
follows a heading with an id). At catalogue scale that is about an eighth of mkdocs' CPU, most of it the parser's
pure-Python tokenizer and Material's handlers comparing element objects by their tags (`Element.__eq__` and
`__hash__`), once per element open around every piece of text.

A page made only of text, start tags and end tags of one plain form (ASCII names, attribute values in quotes or
bare, no `<` in text) is what Python-Markdown writes, whatever record text it holds (text reaches it escaped). Such a
page is split by one regex into exactly the calls `HTMLParser` makes for it (`PLAIN`), and walked with Material's
rules restated over tag names (`Walk`): its sections are the same objects with the same contents. Any other page (a
comment, a script or style, a stray `<`, a tag of another form) goes through Material's own parser as before. And
only while Material's parser and Python's `html.parser` are the code this was written against (`MIRRORED`, a digest
of their source; newer Pythons read more elements as raw text): with another version of either, Material indexes
with its own parser, unchanged. tests/test_search_sections.py checks both ways on generated HTML and on built
pages.
"""

from __future__ import annotations

import functools
import html.parser
import re
from collections.abc import Iterable
from html import escape, unescape
from typing import Any

from .restated import source_digest

SPACE = "[ \t\n\r\f]"  # not \s: HTMLParser ends a tag name only at these, and \s also matches \xa0 and others
NAME = "[a-zA-Z][a-zA-Z0-9-]*"
BARE = r"""[^\s"'=<>`]+"""
"""A value without quotes, as far as HTMLParser reads one: to the next space or `>` (a `/` before `>` is the
value's)."""
ATTRIBUTE = rf"""[a-zA-Z_:][-a-zA-Z0-9_:.]*(?:=(?:"[^"<>]*"|'[^'<>]*'|{BARE}))?"""
TOKEN = rf"([^<]+)|<({NAME})((?:{SPACE}+{ATTRIBUTE})*){SPACE}*(/?)>|</({NAME})>"
# the same without its groups: Python 3.11's re reports a wrong group span for a group in a possessive repeat
PLAIN = re.compile(rf"(?>[^<]++|<{NAME}(?:{SPACE}++{ATTRIBUTE})*+{SPACE}*+/?>|</{NAME}>)*+")
"""A page this module splits itself: nothing but text without `<`, start tags and end tags of the plain form. Each
token is atomic and every repeat possessive: a page that is not plain fails at once, where a text run split every
way it can be would take exponential time to fail."""
TOKENS = re.compile(TOKEN)
PAIRS = re.compile(rf"""{SPACE}+([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:=("[^"]*"|'[^']*'|{BARE}))?""")
RAW_TEXT = re.compile(r"<(?:script|style)", re.IGNORECASE)
"""HTMLParser reads what follows these start tags as raw text up to their end tag: left to it."""

HEADINGS = frozenset(f"h{level}" for level in range(1, 7))
KEEP = frozenset(["p", "code", "pre", "li", "ol", "ul", "sub", "sup"])
"""The tags Material writes into a section's text (its `Parser.keep`)."""
ALWAYS_SKIPPED = frozenset(["object", "script", "style"])
MIRRORED = "e91c3788fb1255db6a1a56e33a7ca5ac049073ee1692c2810dbc94dc51474ef9"
"""A digest of Material's `Element`, `Section`, `Parser`, `SearchIndex.add_entry_from_context` and `void`, and of
Python's `html.parser`, as this module restates them (`parsers_digest`: mkdocs-material 9.8.2, Python 3.11.7)."""


def material() -> Any:
    """Material's search plugin module."""
    from material.plugins.search import plugin  # type: ignore[import-untyped]  # Material ships no type hints

    return plugin


@functools.cache
def mirrored() -> bool:
    """Whether Material's parser and the HTMLParser it feeds are the code `Walk` and `PLAIN` restate."""
    return parsers_digest(material()) == MIRRORED


def takes_over(index: Any) -> bool:
    """Whether `add_entry` can stand in for `index.add_entry_from_context`: Material's own method, on a parser this
    module restates (another plugin's replacement is left to run)."""
    own = getattr(material().SearchIndex, "add_entry_from_context", None)
    return mirrored() and getattr(index.add_entry_from_context, "__func__", None) is own


def parsers_digest(plugin: Any) -> str:
    """The digest `MIRRORED` is compared with: the source of Material's parser and of the HTMLParser it feeds."""
    try:
        parts = (plugin.Element, plugin.Section, plugin.Parser, plugin.SearchIndex.add_entry_from_context, html.parser)
        extra = repr(sorted(plugin.void))
    except AttributeError:
        return ""
    return source_digest(*parts, extra=extra)


def add_entry(index: Any, page: Any) -> None:
    """Material's `SearchIndex.add_entry_from_context(page)`, with the page split by `sections`."""
    if (page.meta.get("search") or {}).get("exclude"):
        return
    for section in sections(page.content):
        if not section.is_excluded():
            index.create_entry_for_section(section, page.toc, page.url, page)


def sections(html: str) -> list[Any]:
    """The sections Material's `Parser` finds in `html` (its `data` after `feed` and `close`)."""
    if mirrored() and plain(html):
        return walked(html)
    parser = material().Parser()
    parser.feed(html)
    parser.close()
    return list(parser.data)


def plain(html: str) -> bool:
    """Whether `html` is of the form `walked` splits: text, start tags and end tags of the plain form only."""
    return PLAIN.fullmatch(html) is not None and RAW_TEXT.search(html) is None


def walked(html: str) -> list[Any]:
    """The sections of a `plain` page: each piece handed to `Walk` as HTMLParser hands it to Material's parser."""
    walk = Walk(material())
    for text, tag, attributes, closed, end in (match.groups() for match in TOKENS.finditer(html)):
        if text is not None:
            walk.text(unescape(text) if "&" in text else text)
        elif tag is not None:
            walk.start(tag.lower(), attribute_pairs(attributes))
            if closed:  # HTMLParser.handle_startendtag: a start tag, then its end tag
                walk.end(tag.lower())
        else:
            walk.end(end.lower())
    return walk.data


def attribute_pairs(attributes: str) -> list[tuple[str, str | None]]:
    """A plain start tag's attributes as HTMLParser hands them on: names in lower case, values unquoted and
    unescaped, None for an attribute without one."""
    pairs: list[tuple[str, str | None]] = []
    for name, value in PAIRS.findall(attributes):
        if not value:
            pairs.append((name.lower(), None))
            continue
        if value[0] in "\"'":
            value = value[1:-1]
        pairs.append((name.lower(), unescape(value) if "&" in value else value))
    return pairs


class Walk:
    """Material's `Parser` handlers, over tag names. Material's elements equal each other and strings by their tag
    alone (and hash as their tag), so its skip set, its `in self.context` tests and its `intersection` all ask
    about tags: here they do so directly."""

    def __init__(self, plugin: Any) -> None:
        self.plugin = plugin
        self.elements: list[Any] = []  # Material's context
        self.tags: list[str] = []  # their tags
        self.skip = set(ALWAYS_SKIPPED)
        self.section: Any = None
        self.data: list[Any] = []

    def new_section(self, element: Any, depth: int = 0) -> Any:
        self.section = self.plugin.Section(element, depth)
        self.data.append(self.section)
        return self.section

    def start(self, tag: str, pairs: Iterable[tuple[str, str | None]]) -> None:
        attrs = dict(pairs)
        element = self.plugin.Element(tag, attrs)
        if tag in self.plugin.void:
            return
        self.elements.append(element)
        self.tags.append(tag)
        if tag in HEADINGS and "id" in attrs:
            depth = len(self.tags)
            if tag != "h1" and not self.data:
                self.new_section(self.plugin.Element("hx"), depth)
            first = not self.data
            self.new_section(element, depth).id = None if first else attrs["id"]
        if self.section is None:
            self.new_section(self.plugin.Element("hx"))
        for key, value in attrs.items():
            if key == "data-search-exclude" or (key == "class" and value == "linenodiv"):
                self.skip.add(tag)
                return
        if tag in KEEP and self.skip.isdisjoint(self.tags):
            self.into().append(f"<{tag}>")

    def end(self, tag: str) -> None:
        if not self.tags or self.tags[-1] != tag:
            return
        if self.section.depth > len(self.tags):
            for section in reversed(self.data):
                if section.depth <= len(self.tags):
                    self.section.depth = float("inf")
                    self.section = section
                    break
        self.elements.pop()
        self.tags.pop()
        if tag in self.skip:
            if tag not in ALWAYS_SKIPPED:
                self.skip.remove(tag)
            return
        if tag in KEEP and self.skip.isdisjoint(self.tags):
            data = self.into()
            index = data.index(f"<{tag}>")
            if all(piece.isspace() for piece in data[index + 1:]):
                del data[index:]  # an element with nothing but space in it is dropped
            else:
                data.append(f"</{tag}>")

    def text(self, data: str) -> None:
        if not self.skip.isdisjoint(self.tags):
            return
        if "pre" not in self.tags:
            data = " " if data.isspace() else data.replace("\n", " ")
        if self.section is None:
            self.new_section(self.plugin.Element("hx"))
        if self.section.el.tag in self.tags:
            if not any(element.tag == "a" and element.attrs.get("class") == "headerlink" for element in self.elements):
                self.section.title.append(escape(data, quote=False))
        elif data.isspace():
            text = self.section.text
            if not text or not text[-1].isspace() or "pre" in self.tags:
                text.append(data)
        else:
            self.section.text.append(escape(data, quote=False))

    def into(self) -> list[str]:
        """Where an element's tags go: the section's title while its heading is open, else its text."""
        found: list[str] = self.section.title if self.section.el.tag in self.tags else self.section.text
        return found
