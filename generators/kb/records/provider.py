"""Providers: the labs that train models and the API hosts that serve them."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from .base import (
    AuthScheme,
    Country,
    EnvVar,
    HeaderName,
    HttpsUrl,
    KBModel,
    PackageName,
    Prose,
    ProviderId,
    Record,
    Reference,
    Slug,
    SourceRefs,
    Text,
    empty,
    source_refs,
)

AggregatorName = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9._-]*$", max_length=60)]
HostName = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9 ._()-]*$", max_length=60)]
"""A host's display name at an aggregator (`DeepInfra`, `Google AI Studio`): letters, digits, spaces, `._()-`."""
Dialect = Literal["openai", "anthropic", "gemini", "cohere", "mistral", "together", "openrouter", "deepseek", "xai",
                  "bedrock"]


class Auth(KBModel):
    """How a client authenticates against the provider's API."""

    header: HeaderName
    """HTTP header (or query parameter, see `in`) that carries the key, e.g. `Authorization`, `x-api-key`."""
    scheme: AuthScheme | None = None
    """Prefix before the key in that header, e.g. `Bearer`; omit when the header holds the bare key."""
    env_var: EnvVar
    """Environment variable the official SDK reads the key from, e.g. `OPENAI_API_KEY`."""


class Provider(Record):
    """A lab that trains models, an API host that serves them, or both."""

    kind = "providers"

    id: ProviderId
    """The provider's id: a record id starting with a letter, since snippets name shell variables after it.
    Must equal the file name without `.yaml`."""

    name: Text
    """The provider's name as it presents itself."""
    roles: Annotated[list[Literal["lab", "api-host"]], Field(min_length=1)]
    """`lab` if it trains models, `api-host` if it sells API access to models (often both)."""
    headquarters: Country | None = None
    """Headquarters country as an ISO 3166-1 alpha-2 code (US, FR, CN, ...), where known."""
    data_residency: list[Text] = empty()
    """Regions where the provider offers to keep and process API data (e.g. US, EU), from its own docs."""
    website: HttpsUrl | None = None
    """The provider's home page, where known."""
    description: Prose | None = None
    """A sentence or two on who the provider is and what it is known for."""
    api_base_url: HttpsUrl | None = None
    """Base URL of the provider's native API (omit for labs without a public API)."""
    openai_compatible_base_url: HttpsUrl | None = None
    """Base URL that accepts the OpenAI chat-completions request shape, if the provider offers one."""
    auth: Auth | None = None
    """How API requests are authenticated."""
    python_sdk: PackageName | None = None
    """PyPI package of the provider's official Python SDK, e.g. `openai`, `anthropic`, `mistralai`."""
    models_endpoint: HttpsUrl | None = None
    """Full URL of the endpoint that lists the models the API serves."""
    api_dialect: Dialect | None = None
    """The wire format of `models_endpoint` and the native API (paging, auth, model fields); omit for the OpenAI
    format. The live check and the fake providers both read the API through this dialect."""
    aggregator_ids: dict[Slug, AggregatorName] = empty(dict)
    """This provider's name as a prefix in aggregators' model ids, by aggregator: `openrouter: mistralai` for
    `mistralai/mistral-large`. Used to match its offerings against aggregator lists and to attribute imports."""
    aggregator_hosts: dict[Slug, HostName] = empty(dict)
    """This host's name among a model's endpoints at an aggregator, by aggregator: `openrouter: Fireworks` for
    the endpoint whose `provider_name` is `Fireworks` in OpenRouter's `GET /api/v1/models/{author}/{slug}/endpoints`.
    Used to compare this host's prices of a model with what the aggregator lists for it."""
    deprecations_page: HttpsUrl | None = None
    """Page where the provider announces model deprecations and retirements."""
    pricing_page: HttpsUrl | None = None
    """Page with the provider's current API prices."""
    sources: SourceRefs
    """Sources for the facts above."""

    @property
    def env_prefix(self) -> str:
        """The prefix of the shell variables named after this provider (`acme.eu` -> `ACME_EU`): the one rule, used
        by the snippets, `kb fake-providers` and the rule that no two providers share it."""
        return re.sub(r"\W", "_", self.id.upper())

    def references(self) -> Iterator[Reference]:
        yield from source_refs(("sources",), self.sources)
