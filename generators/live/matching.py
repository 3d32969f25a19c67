"""Which entry of an aggregator's list (OpenRouter's) is which offering of the KB.

An offering is matched, in this order: through its `external_ids` entry for the aggregator (exact); as the
aggregator's own offering (its API ids); then as `<vendor>/<id>` for each of its API ids and aliases, where the
vendor prefix comes from its provider record's `aggregator_ids`, comparing ids normalised (lower case, dots as
hyphens: `claude-opus-4.5` = `claude-opus-4-5`). A dated id (`claude-opus-4-5-20251101`) falls back to its
undated form only when the aggregator lists no dated entry of that model. Two different entries at the same
step are ambiguous: reported, never guessed.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from ..kb.link import KB
from ..kb.model_ids import DATE, normal, undated
from ..kb.records import Model, Offering, Provider
from .dialects import ListedModel


@dataclass(frozen=True)
class Match:
    offering: Offering
    entry: ListedModel | None
    how: str
    """`external id`, `api id`, `normalised id`, `undated id`; or why there is no entry."""
    candidates: tuple[str, ...] = ()
    """The entries an ambiguous match could not choose between."""
    conflict: str = ""
    """Why the one entry an alias or a normalised id found is probably another model (it is then not compared)."""

    @property
    def ambiguous(self) -> bool:
        return len(self.candidates) > 1 or bool(self.conflict)


class Index:
    """The aggregator's list, indexed by exact id and by `(vendor, normalised name)`."""

    def __init__(self, listed: list[ListedModel]) -> None:
        self.by_id: dict[str, ListedModel] = {}
        for model in listed:
            self.by_id.setdefault(model.id, model)  # a list that repeats an id: its first entry stands
        self.by_normal: dict[tuple[str, str], list[ListedModel]] = defaultdict(list)
        self.dated_stems: set[tuple[str, str]] = set()
        for model in self.by_id.values():
            vendor, _, name = model.id.partition("/")
            if not name or model.id.startswith("~") or ":" in name:
                continue  # moving `~` aliases and `:free`-style variants only match exactly
            key = (vendor, normal(name))
            self.by_normal[key].append(model)
            if DATE.search(key[1]):
                self.dated_stems.add((vendor, undated(key[1])))


def match(kb: KB, offering: Offering, index: Index, aggregator: str) -> Match:
    explicit = offering.external_ids.get(aggregator)
    if explicit is not None:
        entry = index.by_id.get(explicit)
        return Match(offering, entry, "external id" if entry else f"gone: `{explicit}` is no longer listed")
    if offering.provider == aggregator:
        entry = next((index.by_id[i] for i in offering.all_api_ids() if i in index.by_id), None)
        return Match(offering, entry, "api id" if entry else "not listed")
    provider = kb.get("providers", offering.provider)
    vendor = provider.aggregator_ids.get(aggregator) if isinstance(provider, Provider) else None
    if vendor is None:
        return Match(offering, None, f"provider `{offering.provider}` has no `aggregator_ids.{aggregator}`")
    ids = offering.all_api_ids()
    for api_id in ids:
        if f"{vendor}/{api_id}" in index.by_id:
            how = "api id" if api_id in offering.api_ids else "alias"
            return checked(kb, Match(offering, index.by_id[f"{vendor}/{api_id}"], how))
    for step, keys in (("normalised id", [normal(i) for i in ids]),
                       ("undated id", [undated(normal(i)) for i in ids if DATE.search(normal(i))])):
        for key in keys:
            if step == "undated id" and (vendor, key) in index.dated_stems:
                continue  # the aggregator lists dated snapshots of this model: the undated one may be another
            found = index.by_normal.get((vendor, key), [])
            if len(found) == 1:
                return checked(kb, Match(offering, found[0], step))
            if len(found) > 1:
                return Match(offering, None, "ambiguous", tuple(sorted(m.id for m in found)))
    return Match(offering, None, "not listed")


OLDER_BY = datetime.timedelta(days=30)
"""How much earlier than the model's release an upstream entry may have been listed and still be that model."""


def checked(kb: KB, found: Match) -> Match:
    """A match through an alias or a loosened id, unless the entry was listed well before the model was released:
    then the alias points at another, older model upstream (`mistral-medium-latest` at Medium 3, not 3.5), and
    comparing its price would report a difference between two models."""
    model = kb.get("models", found.offering.model)
    entry = found.entry
    if found.how == "api id" or entry is None or not entry.created or not isinstance(model, Model) \
            or model.released is None:
        return found
    listed = datetime.datetime.fromtimestamp(entry.created, datetime.UTC).date()
    if listed >= model.released - OLDER_BY:
        return found
    return Match(found.offering, None, "ambiguous", conflict=f"`{entry.id}` (matched by {found.how}) was listed on "
                 f"{listed}, long before {model.name} was released on {model.released}: probably another model")
