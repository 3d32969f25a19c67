"""Which offering, of the KB or of the import under way, a feed's entry is.

A feed names a host's model by the id the host's API takes, by the key the feed files it under (recorded in the
offering's `external_ids`), or by a route to it: LiteLLM routes some ids through a vendor or region path
(`vertex_ai/xai/grok-4.3`, `azure/eu/gpt-5.5`) and Bedrock's inference profiles prefix a geography
(`eu.anthropic.claude-haiku-4-5-20251001-v1:0`). A route is the same offering, never a second one; whether its price is
the offering's is `plan.primary_in_feed`'s question.
"""

from __future__ import annotations

from ..kb.model_ids import GEO_ROUTE


def route(api_id: str) -> str:
    """The id as every route to the model writes it: its last path segment, without a geography prefix."""
    return GEO_ROUTE.sub("", api_id.rsplit("/", 1)[-1])


class OfferingIndex:
    """Offering ids by (provider, name): every API id, alias and external id exactly, and each one's `route`."""

    def __init__(self) -> None:
        self.exact: dict[tuple[str, str], str] = {}
        self.routes: dict[tuple[str, str], str] = {}

    def add(self, offering_id: str, provider: str, names: list[str]) -> None:
        for name in names:
            self.exact.setdefault((provider, name), offering_id)
            self.routes.setdefault((provider, route(name)), offering_id)

    def find(self, provider: str, api_id: str, key: str | None = None) -> str | None:
        """The offering at `provider` called `api_id`, else filed under the feed's `key`, else reached by the id's
        `route`; None when the feed names a model the host has no offering of yet."""
        for name in (api_id, key):
            if name and (found := self.exact.get((provider, name))):
                return found
        return self.routes.get((provider, route(api_id)))
