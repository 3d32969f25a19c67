"""A Python-Markdown extension: the HTML blocks the renderer writes go to Markdown's stash whole, unparsed.

Nearly all the markup of the site's pages is tables and lists the templates write as raw HTML, already escaped
(escape.html_cell and friends). Python-Markdown finds the end of each raw HTML block by running an HTML parser
over the whole document, and mkdocs runs a second one to collect anchor ids; at catalogue scale the two are about
half of mkdocs' time and find nothing these blocks need. This preprocessor runs before both: it stores each block
as the raw block Python-Markdown would have stored, and hands its ids to mkdocs' collector, so the page comes out
the same bytes and links to those ids are still checked (tests/test_html_blocks.py).

A block is taken only when it stands alone: a line opening one of BLOCK_TAGS after a blank line, to the end of
the line where that element closes, and on through each element that touches it (opening the next line, closing
at a line's end: Python-Markdown writes such a run as it stands, a source's entry and its "Cited by" among them),
followed by a blank line; an id it holds must be written `id="..."`. Anything else goes the usual way. Record text
cannot forge a boundary: it reaches a page escaped, so it never holds a raw `<`.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass

from markdown import Markdown
from markdown.blockparser import BlockParser
from markdown.blockprocessors import BlockProcessor
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor
from markdown.util import AtomicString

BLOCK_TAGS = ("table", "div", "ul", "ol", "p", "form", "noscript")
HTML_AT_START = re.compile(r"</?[a-zA-Z]|<!")
INLINE_AT_START = re.compile(r"<(?:a|span|code|em|strong|b|i|sup|sub|small|abbr|img|br)[\s>/]")
"""An inline element opening a line: Python-Markdown reads it as a paragraph's text, keeping no state, so the search
goes on past it."""
OPENING = re.compile(r"<(" + "|".join(BLOCK_TAGS) + r")[\s>]")
OPENS = {tag: re.compile(rf"<{tag}[\s>]") for tag in BLOCK_TAGS}
# inside a tag: text and attribute values never hold a raw `<` or `>`, so neither can fake an attribute
ANCHOR_ATTRIBUTE = re.compile(r"<[a-zA-Z][^<>]*?\sid\s*=", re.IGNORECASE)
QUOTED_ID = re.compile(r'<[a-zA-Z][^<>]*?\sid="([^"]*)"')
LINK_NAME = re.compile(r"<a\s(?:[^<>]*?\s)?name\s*=", re.IGNORECASE)
"""mkdocs' other kind of anchor (its collector takes `name` on `<a>` only, not on a form's `<select>`): a block
holding one is left to the parsers."""
ANY_ANCHOR = re.compile(r"\s(?:id|name)\s*=", re.IGNORECASE)
"""What the patterns above need somewhere in a block: a block without it holds no anchor, and is not scanned tag by
tag (the two scans were 0.42 ms of each catalogue model page's 16 blocks, none of which holds an anchor)."""
EQUALS_AFTER_NAME = re.compile(r"=(?<=[de\s]=)", re.IGNORECASE)
"""Where ANY_ANCHOR can end: an `=` right after the d of id, the e of name or a space. The regex engine jumps from one
`=` to the next, where ANY_ANCHOR, which opens with a class of characters, is tried at every position: a block with no
such `=` (15 of a catalogue model page's 16) is not searched for it (0.13 ms of the page's 2.5)."""
PRIORITY = 30
"""Above mkdocs' raw-HTML anchor collector (21) and Python-Markdown's html_block (20): the blocks are gone before
either parses the page."""
MKDOCS_COLLECTOR = "mkdocs_raw_html"
FIRST_BLOCK = 200
"""Above every block processor of Python-Markdown (100 at most) and of the site's extensions (tabbed: 105)."""


@dataclass(frozen=True)
class Block:
    first: int
    last: int
    ids: frozenset[str]


def closing_line(lines: list[str], first: int, tag: str) -> int | None:
    """The line on which the element opened at the start of `lines[first]` closes, if it closes at a line's end."""
    opens, closes = OPENS[tag], f"</{tag}>"
    depth = 0
    for number in range(first, len(lines)):
        line = lines[number]
        depth += len(opens.findall(line)) - line.count(closes)
        if depth <= 0:
            return number if depth == 0 and line.endswith(closes) else None
    return None


def raw_blocks(lines: list[str]) -> list[Block]:
    """The blocks this extension may stash, in order. At the first line that opens or closes HTML (a block-level
    element, a comment) at its start and is not such a block, the search stops: from there Python-Markdown's own
    parser keeps state (an element left open swallows what follows) that only it can follow."""
    found: list[Block] = []
    number = 0
    while number < len(lines):
        block = block_at(lines, number)
        if block:
            found.append(block)
            number = block.last + 1
        elif HTML_AT_START.match(lines[number]) and not INLINE_AT_START.match(lines[number]):
            break
        else:
            number += 1
    return found


def block_at(lines: list[str], number: int) -> Block | None:
    """The block starting at line `number`: one element, or elements that touch (each opening a line where the one
    before closed one), which Python-Markdown writes as they stand, a newline between them."""
    if not OPENING.match(lines[number]) or (number and lines[number - 1].strip()):
        return None
    last = number - 1
    while last + 1 < len(lines) and lines[last + 1].strip():
        opening = OPENING.match(lines[last + 1])
        closed = closing_line(lines, last + 1, opening.group(1)) if opening else None
        if closed is None:
            return None
        last = closed
    ids = anchor_ids("\n".join(lines[number:last + 1]))
    if ids is None:  # an anchor not written id="...": left to the parsers
        return None
    return Block(number, last, frozenset(html.unescape(value) for value in ids))


def anchor_ids(text: str) -> list[str] | None:
    """The ids of the anchors in a block, each written id="..."; None when one is written another way."""
    if not EQUALS_AFTER_NAME.search(text) or not ANY_ANCHOR.search(text):
        return []
    if LINK_NAME.search(text):
        return None
    ids = QUOTED_ID.findall(text)
    return ids if len(ids) == len(ANCHOR_ATTRIBUTE.findall(text)) else None


class BlockStash(Preprocessor):
    """Stores the blocks; the ids they hold wait in `ids` for HandOverIds, their placeholders in `placeholders` for
    StashedParagraph."""

    ids: set[str]
    placeholders: set[str]

    def run(self, lines: list[str]) -> list[str]:
        self.ids, self.placeholders = set(), set()
        out: list[str] = []
        previous = 0
        for block in raw_blocks(lines):
            out.extend(lines[previous:block.first])
            # the text and the trailing newline Python-Markdown's own html_block stores
            placeholder = self.md.htmlStash.store("\n".join(lines[block.first:block.last + 1]) + "\n")
            out.extend(["", placeholder, ""])
            self.placeholders.add(placeholder)
            self.ids |= block.ids
            previous = block.last + 1
        out.extend(lines[previous:])
        return out


class StashedParagraph(BlockProcessor):
    """A block that is one of BlockStash's placeholders becomes the paragraph Python-Markdown's own processors make of
    it, its text marked atomic: the twenty inline patterns are not tried on a placeholder none of them can match, nor
    the other block processors on a block none of them takes (15 of the 32 texts of a catalogue model page)."""

    def __init__(self, parser: BlockParser, stash: BlockStash) -> None:
        super().__init__(parser)
        self.stash = stash

    def test(self, parent: etree.Element, block: str) -> bool:
        # Never inside a list item (where the paragraph processor would write into the item): a stashed block starts
        # a line after a blank one, so it is no item's continuation, and it is taken whole, so no item starts in it.
        return block in self.stash.placeholders

    def run(self, parent: etree.Element, blocks: list[str]) -> None:
        etree.SubElement(parent, "p").text = AtomicString(blocks.pop(0))


class HandOverIds(Preprocessor):
    """Runs after mkdocs' collector has read the page (which no longer holds the blocks) and adds their ids."""

    def __init__(self, md: Markdown, stash: BlockStash) -> None:
        super().__init__(md)
        self.stash = stash

    def run(self, lines: list[str]) -> list[str]:
        if MKDOCS_COLLECTOR in self.md.preprocessors:
            collector = self.md.preprocessors[MKDOCS_COLLECTOR]
            collector.present_anchor_ids = set(collector.present_anchor_ids) | self.stash.ids  # type: ignore[attr-defined]
        return lines


class HtmlBlocks(Extension):
    def extendMarkdown(self, md: Markdown) -> None:  # Python-Markdown's name
        stash = BlockStash(md)
        md.preprocessors.register(stash, "fl_block_stash", PRIORITY)
        md.parser.blockprocessors.register(StashedParagraph(md.parser, stash), "fl_stashed_paragraph", FIRST_BLOCK)
        md.preprocessors.register(HandOverIds(md, stash), "fl_block_ids", 20.5)


def makeExtension(**kwargs: object) -> HtmlBlocks:  # the name Python-Markdown looks for
    return HtmlBlocks(**kwargs)
