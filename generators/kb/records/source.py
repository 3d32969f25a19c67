"""Sources: the papers, reports, pages and books that every fact in kb/ cites."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Annotated, Literal

from pydantic import Field, StringConstraints, model_validator

from .base import Date, HttpsUrl, Path, Prose, PublicationDate, Record, Text, empty

ArxivId = Annotated[str, StringConstraints(pattern=r"^\d{4}\.\d{4,5}(v\d+)?$")]


class Source(Record):
    """Where facts come from. Every other record cites sources by id."""

    kind = "sources"

    type: Literal[
        "paper",
        "technical-report",
        "system-card",
        "model-card",
        "docs",
        "pricing-page",
        "deprecations-page",
        "blog-post",
        "announcement",
        "textbook",
        "leaderboard",
        "dataset",
        "aggregator",
        "article",
    ]
    """What kind of document this is. `blog-post` and `announcement` are the lab's or provider's own; a third
    party's writing is an `article`, a reseller's or catalogue's listing an `aggregator`, a textbook `textbook`.
    Those, `dataset` and `leaderboard` are secondary sources: a lab's own paper, card, docs or pricing page
    outranks them."""
    title: Text
    """The document's title as published."""
    authors: list[Text] = empty()
    """Authors as cited (people or organisations), in published order."""
    publisher: Text | None = None
    """Organisation or venue that published it (OpenAI, arXiv, a textbook's publisher)."""
    published: PublicationDate | None = None
    """Publication date, when known to the day."""
    year: Annotated[int, Field(ge=1800, le=2100)] | None = None
    """Publication year, when only the year is known (or to print in citations)."""
    url: HttpsUrl | None = None
    """Where to read it (https only)."""
    arxiv: ArxivId | None = None
    """arXiv identifier such as 2305.13245, for papers and preprints."""
    locator: Prose | None = None
    """For sources with no URL (a textbook chapter): how to find it, e.g. the section and file it came from."""
    accessed: Date | None = None
    """The date someone last read the source to check what it says; omit if never checked. For a capture, the day
    the capture was taken."""
    captured_from: HttpsUrl | None = None
    """For a verbatim capture of the page at `url` (an archive's copy, a repository's fixture that quotes it word for
    word): where the capture is kept. The capture counts as that page on its capture date (`accessed`)."""
    predates: Date | None = None
    """For a copy that carries no date of its own but can be shown older than the day it was read: the day of the
    earliest change it does not show yet (a release its lineup lacks, a price change it does not have). A check that
    rests on it alone is dated before that day (rules/prices.py), never by the day it was read."""
    summary: Prose | None = None
    """One or two sentences on what the source covers and why it is cited."""

    @model_validator(mode="after")
    def _findable(self) -> Source:
        if not (self.url or self.arxiv or self.locator):
            raise ValueError("a source needs a `url`, an `arxiv` id or a `locator` so readers can find it")
        if self.captured_from and not (self.url and self.accessed):
            raise ValueError("a capture names the page it copies (`url`) and the day it was taken (`accessed`)")
        return self

    def shows_page_until(self) -> datetime.date | None:
        """The last day this copy can vouch for the page as it stood: the day before the first change it does not
        show (`predates`), else a capture's day (`accessed`); None for a page read as it stood when it was read."""
        if self.predates:
            return self.predates - datetime.timedelta(days=1)
        return self.accessed if self.captured_from else None

    def dates(self) -> Iterator[tuple[Path, datetime.date]]:
        if self.published:
            yield ("published",), self.published
        if self.accessed:
            yield ("accessed",), self.accessed
        if self.predates:
            yield ("predates",), self.predates
