"""The Sources page's entries, written as raw HTML, are the HTML Markdown made of them before (source_entries.py)."""

from __future__ import annotations

import datetime
import re
from typing import Any

import markdown
from hypothesis import given, settings
from hypothesis import strategies as st
from markupsafe import escape

from generators.escape import md
from generators.kb.records import Source
from generators.site.source_entries import entry


def as_markdown(s: Source) -> str:
    """The entry as the Sources page's template wrote it in Markdown until the page was sped up (its reference), with
    its by-line as it now reads: the parts that are known, no lone separators."""
    when = str(s.published or s.year or "")
    publisher = (mid(s.publisher) if s.authors else md(s.publisher)) if s.publisher else ""
    issued = f"{publisher}, {when}" if publisher and when else publisher or when
    if s.authors:
        authors = md(", ".join(s.authors))
        line = f"{ended(authors)} {ended(issued)} *{s.type}*" if issued else f"{ended(authors)} *{s.type}*"
    else:  # a line starting "2024." would be a Markdown list item: escaped, as the reference must read as text
        line = re.sub(r"^(\d+)\.", r"\1\\.", f"{ended(issued)} *{s.type}*") if issued else f"*{s.type}*"
    line += f" · [{md(s.url)}]({escape(s.url)})" if s.url else ""
    line += f" · arXiv:{escape(s.arxiv)}" if s.arxiv else ""
    if s.captured_from:
        line += f" · as captured on {s.accessed} at [{md(s.captured_from)}]({escape(s.captured_from)})"
    elif s.accessed:
        line += f" · checked {s.accessed}"
    text = line + "\n"
    text += f"Where: {mid(s.locator)}\n\n" if s.locator else ""
    text += f"{md(s.summary)}\n\n" if s.summary else ""
    return text


def ended(text: str) -> str:
    """A part of the by-line as a sentence: a full stop after it, unless it ends one itself ("et al.", "Yahoo!")."""
    return text if text.endswith((".", "!", "?", "…")) else f"{text}."


def mid(text: str) -> str:
    """Record text escaped for the middle of a Markdown line: md escapes a line's start, and `\\=` is no Markdown
    escape, so "Where: =" showed a stray backslash (the HTML entries show the text as written)."""
    return md("x" + text)[1:]


# No "=": Markdown needs it escaped at a line's start (or a line of it under text makes a heading) but has no escape
# for it, so the Markdown form showed "\\=" (test_text_markdown_could_not_show_is_shown_as_written)
prose = st.text(alphabet=st.sampled_from(list("ab <>&\"'*_[]()\\#!|`{}.-+~:;/")), min_size=1, max_size=24).filter(
    lambda text: text.strip() == text and text.strip())
urls = st.sampled_from(["https://example.com/a?x=1&y=2", "https://example.com/%28paren%29_under~tilde",
                        "https://example.com/q%27uote#frag", "https://example.org/"])


@settings(max_examples=300, deadline=None)
@given(authors=st.lists(prose, max_size=2), publisher=st.none() | prose, summary=st.none() | prose,
       locator=st.none() | prose, url=st.none() | urls, arxiv=st.none() | st.just("2305.13245"),
       published=st.none() | st.just(datetime.date(2024, 6, 20)), year=st.none() | st.just(2024),
       captured=st.booleans(), accessed=st.none() | st.just(datetime.date(2026, 11, 22)))
def test_an_entry_is_the_html_markdown_made_of_it(authors: list[str], publisher: str | None, summary: str | None,
                                                  locator: str | None, url: str | None, arxiv: str | None,
                                                  published: datetime.date | None, year: int | None, captured: bool,
                                                  accessed: datetime.date | None) -> None:
    fields: dict[str, Any] = {"schema_version": Source.current_version(), "id": "s", "type": "docs", "title": "T",
                              "authors": authors, "publisher": publisher, "summary": summary, "locator": locator,
                              "url": url, "arxiv": arxiv, "published": published, "year": year, "accessed": accessed}
    if captured and url and accessed:
        fields["captured_from"] = "https://archive.example.net/c?u=1&v=2"
    if not (url or arxiv or locator):
        fields["locator"] = "Section 2"
    source = Source.model_validate({key: value for key, value in fields.items() if value is not None})
    assert convert(str(entry(source))) == convert(as_markdown(source))


def convert(text: str) -> str:
    """Markdown to HTML with the site's extensions that touch a paragraph (`tables` makes `\\|` an escape)."""
    return markdown.markdown(text, extensions=["tables", "attr_list", "footnotes"])


def test_an_entry_with_where_to_look_keeps_its_summary_a_paragraph_of_its_own() -> None:
    source = Source.model_validate({"schema_version": Source.current_version(), "id": "s", "type": "textbook",
                                    "title": "T", "authors": ["A <b>"], "locator": "Chapter 3", "summary": "S *x*"})
    assert str(entry(source)) == "<p>A &lt;b&gt;. <em>textbook</em>\nWhere: Chapter 3</p>\n<p>S *x*</p>"


def test_a_by_line_names_only_what_is_known() -> None:
    def line(**fields: Any) -> str:
        source = Source.model_validate({"schema_version": Source.current_version(), "id": "s", "type": "article",
                                        "title": "T", "locator": "L", **fields})
        return str(entry(source)).split("\n", 1)[0]

    assert line() == "<p><em>article</em>"
    assert line(authors=["Ian Johnson"], published="2025-04-14") == "<p>Ian Johnson. 2025-04-14. <em>article</em>"
    assert line(authors=["A", "B"], publisher="P", year=2024) == "<p>A, B. P, 2024. <em>article</em>"
    assert line(publisher="P") == "<p>P. <em>article</em>"


def test_text_markdown_could_not_show_is_shown_as_written() -> None:
    source = Source.model_validate({"schema_version": Source.current_version(), "id": "s", "type": "article",
                                    "title": "T", "locator": "=", "summary": "==="})
    assert str(entry(source)) == "<p><em>article</em>\nWhere: =</p>\n<p>===</p>"
