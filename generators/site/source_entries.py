"""The Sources page's entries: each source's details as raw-HTML paragraphs, the markup Markdown made of them.

The Sources page lists every source, 818 in the real KB: its details were Markdown prose, and Python-Markdown's
block and inline processing of 600,000 characters of it was most of that page's mkdocs time, paid by every pull
request that touches a source or a record citing one. Raw HTML blocks are stashed whole. The paragraphs are the ones
Markdown wrote (the details, where to look and the summary), with the record text escaped for an HTML element
(escape.html_cell) instead of for Markdown (tests/test_source_entries.py compares a page both ways).
"""

from __future__ import annotations

from markupsafe import Markup

from ..escape import html_attr, html_cell
from ..kb.records import Source
from .prose import sentences


def details(source: Source) -> str:
    """Who, when, what kind, where to read it and when it was checked, on one line of HTML (plain `str` pieces:
    adding text to a Markup would escape it again): "Authors. Publisher, date. type", each part only when known
    (the Markdown wrote a lone ". " for 47 sources of the real KB with none of them, and "Author. , date" for 3), and
    no second full stop after an author list that ends one ("et al.")."""
    when = source.published or source.year
    issued = ", ".join(part for part in (str(html_cell(source.publisher or "")), str(when or "")) if part)
    line = sentences(str(html_cell(", ".join(source.authors))), issued, f"<em>{source.type}</em>")
    if source.url:
        line += f' · <a href="{html_attr(source.url)}">{html_cell(source.url)}</a>'
    if source.arxiv:
        line += f" · arXiv:{html_cell(source.arxiv)}"
    if source.captured_from:
        line += (f' · as captured on {source.accessed} at <a href="{html_attr(source.captured_from)}">'
                 f"{html_cell(source.captured_from)}</a>")
    elif source.accessed:
        line += f" · checked {source.accessed}"
    return line


def entry(source: Source) -> Markup:
    """A source's paragraphs, one HTML block: its details (with where to look, when it says), and its summary, in
    the details' paragraph when there is no `locator` (the lines Markdown joined). No blank line between them, nor
    before the HTML that follows: between two HTML blocks Markdown writes one more, where it wrote none between a
    paragraph and a block."""
    first = details(source)
    summary = str(html_cell(source.summary)) if source.summary else ""
    if source.locator:
        first += f"\nWhere: {html_cell(source.locator)}"
        later = [summary] if summary else []
    else:
        first += f"\n{summary}" if summary else ""
        later = []
    return Markup("\n".join(f"<p>{text}</p>" for text in (first, *later)))
