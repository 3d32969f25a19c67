"""A Python-Markdown extension: two of its own steps, restated to skip work that cannot change their result.

Every page mkdocs converts goes first through `NormalizeWhitespace` and last through `RawHtmlPostprocessor`. On a
catalogue model page (27 KB of Markdown, nearly all of it raw HTML the renderer wrote) the two took 0.6 of the 2.5 ms
Python-Markdown spends, for work that changes nothing there:

- `NormalizeWhitespace` empties every line made of spaces alone with `re.sub(r'(?<=\\n) +\\n', ...)`. A pattern that
  opens with a look-behind gives the regex engine no character to search for, so it tries every position of the page
  (0.19 ms; 12 ms on a workload's 1.8 MB pricing page). `\\n +(?=\\n)` matches the same lines and starts with a newline,
  which the engine jumps to. The other steps (removing STX and ETX, carriage returns, tabs) only run when the page
  holds such a character: without one each returns the text unchanged.
- `RawHtmlPostprocessor` puts each stashed block back, and runs its placeholder pattern over every block it puts back
  in case the block holds another placeholder. A placeholder opens with STX (`markdown.util.HTML_PLACEHOLDER`), so a
  block without one comes back unchanged: it is not searched (most of the page's text: its tables and charts).

The results are the stock steps' to the character (tests/test_markdown_speedups.py compares both on generated text).
Each stand-in is installed only while the stock step is the code it restates (`STOCK`, a digest of its source, from
Python-Markdown 3.11.4): after an upgrade that changes one, the stock step runs, and the test names the one to read
again.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from markdown import Markdown, util
from markdown.extensions import Extension
from markdown.postprocessors import RawHtmlPostprocessor
from markdown.preprocessors import NormalizeWhitespace

from .restated import source_digest

BLANK_LINE = re.compile(r"\n +(?=\n)")
"""A line of spaces alone after a newline (the newline kept as its end): the lines of the stock look-behind."""
PLACEHOLDER = re.compile(f"<p>{util.HTML_PLACEHOLDER % r'([0-9]+)'}</p>|{util.HTML_PLACEHOLDER % r'([0-9]+)'}")
"""The stock step's own pattern: a placeholder wrapped in a paragraph, or bare."""
STOCK = {"NormalizeWhitespace.run": "a99bc2f9e0d83abcd6a7155a5637176e74280f85190e3e05eb1ad20ee5366d2f",
         "RawHtmlPostprocessor.run": "2f00dbe329ee2d4e05b2cfed6d1d9c28c80da7a7da21932b26d1b1d7a7da01a0"}
"""The digest of each stock step's source this module restates (restated.source_digest)."""


def restated(name: str, function: Callable[..., object]) -> bool:
    """Whether the stock step `name` is the code this module restates (and a placeholder still opens with STX)."""
    return source_digest(function) == STOCK[name] and util.HTML_PLACEHOLDER.startswith(util.STX)


class QuickNormalizeWhitespace(NormalizeWhitespace):
    def run(self, lines: list[str]) -> list[str]:
        source = "\n".join(lines)
        if util.STX in source or util.ETX in source:
            source = source.replace(util.STX, "").replace(util.ETX, "")
        if "\r" in source:
            source = source.replace("\r\n", "\n").replace("\r", "\n")
        source += "\n\n"
        if "\t" in source:
            source = source.expandtabs(self.md.tab_length)
        return BLANK_LINE.sub("\n", source).split("\n")


class QuickRawHtmlPostprocessor(RawHtmlPostprocessor):
    def run(self, text: str) -> str:
        stash = self.md.htmlStash

        def restored(html: str) -> str:
            return PLACEHOLDER.sub(substitute, html) if util.STX in html else html

        def substitute(match: re.Match[str]) -> str:
            wrapped, key = (True, match.group(1)) if match.group(1) else (False, match.group(2))
            if int(key) >= stash.html_counter:
                return match.group(0)
            # a stashed block may be an Element, which stash_to_string (typed for str) turns to text, as stock does
            html = self.stash_to_string(stash.rawHtmlBlocks[int(key)])  # type: ignore[arg-type]
            return restored(html if not wrapped or self.isblocklevel(html) else f"<p>{html}</p>")

        return restored(text) if stash.html_counter else text


class MarkdownSpeedups(Extension):
    def extendMarkdown(self, md: Markdown) -> None:  # Python-Markdown's name
        # Each stock processor becomes its stand-in where it is: registering another under its name would move it
        # behind the processors of the same priority registered since (html_blocks' stash runs at 30 too).
        for registry, name, stock, quick in ((md.preprocessors, "normalize_whitespace", NormalizeWhitespace,
                                              QuickNormalizeWhitespace),
                                             (md.postprocessors, "raw_html", RawHtmlPostprocessor,
                                              QuickRawHtmlPostprocessor)):
            if name in registry and type(registry[name]) is stock and restated(f"{stock.__name__}.run", stock.run):
                registry[name].__class__ = quick


def makeExtension(**kwargs: object) -> MarkdownSpeedups:  # the name Python-Markdown looks for
    return MarkdownSpeedups(**kwargs)
