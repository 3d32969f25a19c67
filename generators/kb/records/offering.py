"""Offerings: one provider serving one model, under its own API ids and lifecycle."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from .base import (
    Date,
    KBModel,
    Path,
    Prose,
    Record,
    Reference,
    Slug,
    SourceRefs,
    Text,
    TokensFact,
    empty,
    facts_references,
    source_refs,
)

ApiId = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9@~][A-Za-z0-9._:/@+~-]*$", max_length=200)]
"""A model id as an API takes it (Cloudflare's start with `@cf/`, OpenRouter's moving aliases with `~`)."""


class PageWithoutDate(KBModel):
    """A first-party page that listed the offering with no retirement date."""

    source: Slug
    """The page: a source record of the provider's own (its retirement schedule, its model catalogue)."""
    as_of: Date
    """The day the page showed no date: the edition's own date, else the day its copy was read."""


class Lifecycle(KBModel):
    """Where the offering is in its life, with the provider's own dates."""

    status: Literal["preview", "active", "deprecated", "retired"]
    """`preview`: experimental; `active`: generally available; `deprecated`: announced for retirement;
    `retired`: no longer served."""
    announced: Date | None = None
    """When the provider made it available."""
    deprecated: Date | None = None
    """When the provider announced its deprecation."""
    retires: Date | None = None
    """When the provider stops (or stopped) serving it. May lie in the future."""
    retires_not_before: Date | None = None
    """A floor the provider publishes, not a retirement: it will not stop serving the offering before this day
    (Google Cloud's "Retirement date: not sooner than"). The offering stays live after it until a `retires` is
    announced."""
    seen_gone: Date | None = None
    """The day a first-party page was seen no longer to list or serve the offering (the provider's own catalogue
    without it, its page saying it is not available), when the day it stopped is not known: an observation, not a
    retirement date. The offering is not live from that day; record `retires` instead once the provider gives the
    day."""
    replacement: Slug | None = None
    """Id of the offering the provider recommends instead."""
    sources: list[Slug] = empty()
    """Sources for the dates and status (typically the provider's deprecations page)."""
    no_date_on: list[PageWithoutDate] = empty()
    """First-party pages that listed the offering with no retirement date, where `retires` or `retires_not_before`
    rests on secondary sources only: every page showing the date names the newest of them, so a reader sees the
    disagreement. Remove them once a first-party page gives the date."""


PLANNING_DATES = ("deprecated", "retires", "retires_not_before", "seen_gone")
"""The lifecycle dates a reader plans by: the home page warns of them, and the site turns an offering retired on its
`retires`. Each is cited under `lifecycle.sources` (rules/offerings.unsourced_dates)."""


class Offering(Record):
    """One provider serving one model: the ids to call it by and its lifecycle there."""

    kind = "offerings"

    provider: Slug
    """Id of the provider record that serves the model."""
    model: Slug
    """Id of the model record served."""
    api_ids: Annotated[list[ApiId], Field(min_length=1)]
    """Model ids accepted by the provider's API; the first is the one to use in code. Pin dated snapshot ids
    (e.g. `gpt-4o-2024-08-06`) here."""
    aliases: list[ApiId] = empty()
    """Moving aliases that point at the newest snapshot, e.g. `mistral-large-latest`."""
    context_window: list[TokensFact] = empty()
    """Context window at this provider, only where it differs from the model's."""
    max_output: list[TokensFact] = empty()
    """Max output tokens at this provider, only where it differs from the model's."""
    regions: list[Text] = empty()
    """Regions where this provider serves the model (e.g. `EU`, `eu-west-1`)."""
    lifecycle: Lifecycle
    """Status and lifecycle dates."""
    notes: Prose | None = None
    """Anything a caller should know (rate-limit tier, access restrictions)."""
    on_provider_endpoints: bool = True
    """Whether the provider's own endpoints (`api_base_url`, `openai_compatible_base_url`) serve this offering. False
    for a partner model reached through another API on the same platform (Claude on Azure AI Foundry takes
    Anthropic's Messages API at the resource's `/anthropic` path): pages then show no code for it rather than code
    that calls the wrong endpoint; say in `notes` how it is called."""
    external_ids: dict[Slug, ApiId] = empty(dict)
    """This offering's key in other catalogues: `litellm` (LiteLLM's cost map), `openrouter` (its model id)."""
    sources: SourceRefs
    """Sources for the API ids."""

    def all_api_ids(self) -> list[str]:
        return [*self.api_ids, *self.aliases]

    def references(self) -> Iterator[Reference]:
        yield ("provider",), "providers", self.provider
        yield ("model",), "models", self.model
        if self.lifecycle.replacement:
            yield ("lifecycle", "replacement"), "offerings", self.lifecycle.replacement
        yield from source_refs(("lifecycle", "sources"), self.lifecycle.sources)
        for index, page in enumerate(self.lifecycle.no_date_on):
            yield ("lifecycle", "no_date_on", index, "source"), "sources", page.source
        yield from facts_references(("context_window",), self.context_window)
        yield from facts_references(("max_output",), self.max_output)
        yield from source_refs(("sources",), self.sources)

    def dates(self) -> Iterator[tuple[Path, datetime.date]]:
        if self.lifecycle.announced:
            yield ("lifecycle", "announced"), self.lifecycle.announced
        if self.lifecycle.seen_gone:  # an observation: never ahead of the day it was made
            yield ("lifecycle", "seen_gone"), self.lifecycle.seen_gone
        for index, page in enumerate(self.lifecycle.no_date_on):  # an observation too
            yield ("lifecycle", "no_date_on", index, "as_of"), page.as_of
