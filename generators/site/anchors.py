"""The raw-HTML links the generated tables repeat in nearly every row: to a model's page, a provider's page and an
offering on its model's page, an event's subject (the changelog, a model's history) and a record citing a source
(the Sources page).

They were template macros; at catalogue scale the tables call them about 50,000 times a build, and a jinja2 macro
call costs several times a Python call. `_html.j2` exports these methods under the macros' old names, so templates
call `h.model_a(m)` as before, and the markup is the same bytes: the address escaped as autoescape escapes an
expression (markupsafe.escape), the record text through escape.html_cell.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from markupsafe import Markup, escape

from ..escape import html_cell
from ..kb.link import Key
from ..kb.records import Model, Offering, Provider
from .urls import Urls

if TYPE_CHECKING:
    from .changelog import Event


class Anchors:
    """Links from one page (its `Urls`, which know the page's way back to the root)."""

    def __init__(self, url: Urls) -> None:
        self.url = url
        self.made: dict[tuple[str, str, str], Markup] = {}
        """Each record link made so far: a summary table links the same hundred providers and thousand models from
        thousands of rows, and a link depends only on the page (`url`), the record and its name."""

    def model(self, model: Model) -> Markup:
        return self.record("models", model.id, model.name)

    def provider(self, provider: Provider) -> Markup:
        return self.record("providers", provider.id, provider.name)

    def record(self, kind: str, record_id: str, name: str) -> Markup:
        made = self.made.get((kind, record_id, name))
        if made is None:
            made = self.made[kind, record_id, name] = Markup(
                f'<a href="{escape(self.url.record(kind, record_id, "html"))}">{html_cell(name)}</a>')
        return made

    def api(self, offering: Offering) -> Markup:
        return Markup(f'<a href="{escape(self.url.offering(offering, "html"))}"><code>{html_cell(offering.api_ids[0])}'
                      '</code></a>')

    def citing(self, key: Key, label: str) -> Markup:
        """A record that cites a source, linked where it is shown (its own page, or the page that shows it)."""
        return Markup(f'<a href="{escape(self.url.citing(key, "html"))}">{html_cell(label)}</a>')

    def event(self, event: Event) -> Markup:
        return Markup(f'<a href="{escape(self.url.target(event.target, "html"))}">{html_cell(event.title)}</a>')
