"""Which of the aggregator's per-model endpoint lists to read, and reading them beside its model list.

OpenRouter's model list shows one price per model, the lab's (or its default route's); the prices of the hosts it
routes to (Fireworks, Together, DeepInfra, Groq) are in each model's endpoints. Only the models that the KB sells
at such a host are read: one request per model, not per listed model.
"""

from __future__ import annotations

import asyncio
import datetime

from ..kb.link import KB
from ..kb.records import Provider
from .aggregator import AGGREGATOR, priced_offerings
from .dialects import ListedModel
from .matching import Index, listed_model
from .upstream import UpstreamError, UrlFor, read_endpoints


def endpoint_models(kb: KB, listed: list[ListedModel], today: datetime.date) -> list[str]:
    """The listed model ids whose endpoints compare a priced live offering at a host the aggregator routes to."""
    index, wanted = Index(listed), set()
    for offering, _, _ in priced_offerings(kb, today):
        provider = kb.get("providers", offering.provider)
        if not isinstance(provider, Provider) or AGGREGATOR not in provider.aggregator_hosts:
            continue
        model_id = offering.external_ids.get(AGGREGATOR) or listed_model(kb, offering, index, AGGREGATOR)
        if model_id is not None and model_id in index.by_id:
            wanted.add(model_id)
    return sorted(wanted)


def with_endpoints(kb: KB, listed: list[ListedModel], today: datetime.date, url_for: UrlFor, key: str = "",
                   timeout: float = 10.0, retries: int = 3,
                   max_wait: float = 30.0) -> tuple[list[ListedModel], list[UpstreamError]]:
    """The model list with the endpoints of every model the KB sells at a routed host, and the errors of those
    that could not be read. Without a key nothing more is read: OpenRouter's API reference marks the endpoints
    request as needing one (the model list does not)."""
    provider = kb.get("providers", AGGREGATOR)
    wanted = endpoint_models(kb, listed, today)
    if not isinstance(provider, Provider) or not wanted or not key:
        return listed, []
    found, errors = asyncio.run(read_endpoints(provider, key, wanted, url_for, timeout, retries, max_wait))
    return [*listed, *found], errors
