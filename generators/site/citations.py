"""Footnote citations: the sources a page cites, as footnote references and their Markdown definitions.

A reference is written as the HTML Python-Markdown's footnotes extension would make of `[^id]` (numbered in
definition order, which is the order of first use here), so it works the same in prose, in Markdown tables and in
the raw-HTML tables that Markdown never parses. The definitions stay Markdown, at the page's end, each linking to its
source as the raw HTML a Markdown link would become: Python-Markdown scans every paragraph holding a `[` once per
link pattern, in Python, and a page's footnotes were most of the links mkdocs converted.
"""

from __future__ import annotations

from collections.abc import Iterable

from markupsafe import Markup

from ..escape import html_attribute, md
from ..kb.link import KB
from ..kb.records import Source
from . import urls


class Citations:
    """Footnote references for the sources a page cites, and their definitions for the page's end."""

    def __init__(self, kb: KB, root: str) -> None:
        self.kb, self.root = kb, root
        self.used: dict[str, int] = {}
        """Source id -> its footnote number (the order of first use, which is also the definitions' order)."""
        self.refs: dict[str, int] = {}
        """Source id -> how many references to it the page holds so far."""

    def __call__(self, source_ids: Iterable[str] | None) -> Markup:
        refs = []
        for source_id in source_ids or ():
            number = self.used.setdefault(source_id, len(self.used) + 1)
            count = self.refs[source_id] = self.refs.get(source_id, 0) + 1
            key = html_attribute(source_id)
            # Only the first reference carries an id: the footnote's back-link points at it. Ids on the others
            # would be parsed three times per page by the build and never used.
            ref_id = f' id="fnref:{key}"' if count == 1 else ""
            refs.append(f'<sup{ref_id}><a class="footnote-ref" href="#fn:{key}">{number}</a></sup>')
        if not refs:
            return Markup("")
        # Adjacent markers would read as one number ("¹²"): a superscript comma keeps them apart. Search indexes the
        # page's words, not its footnote numbers ("GPT-5.5 … succeeded GPT-5.4.1,2,3").
        # Every piece is markup already (the one piece of record text, the id, went through html_attribute)
        return Markup("<span data-search-exclude>" + "<sup>,</sup>".join(refs) + "</span>")

    def footnotes(self) -> str:
        lines = []
        for source_id in self.used:
            source = self.kb.get("sources", source_id)
            title = md(source.title) if isinstance(source, Source) else md(source_id)
            detail = md(", ".join(filter(None, [source.publisher, str(source.published or source.year or "")])))\
                if isinstance(source, Source) else ""
            href = html_attribute(urls.source(source_id).href(self.root, "html"))
            lines.append(f'[^{source_id}]: <a href="{href}">{title}</a>{" — " if detail else ""}{detail}')
        return ("\n" + "\n".join(lines) + "\n") if lines else ""
