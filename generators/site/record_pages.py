"""What a model's or a provider's own page shows, as typed frozen views: the templates of record pages receive these
and never the KB, so a page cannot look a record up on its own or decide what is live or current."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from types import MappingProxyType
from typing import Any

from ..kb import current
from ..kb.link import KB, Key
from ..kb.records import (
    AttentionVariant,
    Benchmark,
    BenchmarkClaim,
    Model,
    Offering,
    PriceHistory,
    Provider,
    Snapshot,
    Withdrawal,
)
from . import charts
from .changelog import Event
from .kv_cache import KVCache
from .summary_rows import ModelRow, Retiring, newest, retiring


@dataclass(frozen=True)
class OfferingView:
    """One offering as a record page lists it, with its price history and chart."""

    offering: Offering
    provider: Provider
    model: Model
    title: str
    """"Provider: Model", for the chart's title and alt text."""
    history: PriceHistory | None
    current: Snapshot | None
    """The price in force today, if the offering is live (retired offerings keep their history, not a price)."""
    live: bool
    status: str
    """`current.offering_status` today: preview, active, deprecated, retiring or retired."""
    replacement: Offering | None
    successor: Offering | None
    """`current.live_successor`: the live offering down the chain when the replacement is itself gone."""
    chart: str
    """The price-history SVG ("" without prices, or where the page shows no chart)."""
    withdrawn: Withdrawal | None = None
    """The provider's page shows no public price today (`PriceHistory.withdrawn_on`)."""

    @property
    def chart_uri(self) -> str:
        return charts.data_uri(self.chart)

    @property
    def price_columns(self) -> frozenset[str]:
        return price_columns(self.history.snapshots if self.history else [])


def offering_columns(offerings: Iterable[Offering]) -> frozenset[str]:
    """The optional offering columns that some of `offerings` fills ("aliases", "deprecated", "retires")."""
    listed = list(offerings)
    return frozenset(name for name, filled in (
        ("aliases", any(o.aliases for o in listed)), ("deprecated", any(o.lifecycle.deprecated for o in listed)),
        ("retires", any(o.lifecycle.retires or o.lifecycle.retires_not_before or o.lifecycle.seen_gone
                        for o in listed))) if filled)


def price_columns(snapshots: Iterable[Snapshot]) -> frozenset[str]:
    """The optional price columns that some of `snapshots` fills ("cached", "batch", "tiers"): a column of dashes
    tells a reader nothing and costs every row its cells."""
    listed = list(snapshots)
    return frozenset(name for name, filled in (
        ("cached", any(s.cached_input is not None or s.cache_write is not None for s in listed)),
        ("batch", any(s.batch for s in listed)), ("tiers", any(s.tiers for s in listed))) if filled)


class PageView:
    """A record page's view: the template sees its fields as variables, nothing else."""

    def context(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}  # type: ignore[arg-type]


@dataclass(frozen=True)
class ModelPage(PageView):
    m: Model
    row: ModelRow
    current_host: Provider | None
    """Who sells the model's cheapest live offering (the "Current price" fact)."""
    attention: Mapping[str, AttentionVariant]
    """The attention variants the model's architecture claims name, by id."""
    offerings: tuple[OfferingView, ...]
    offering_columns: frozenset[str]
    """The optional columns of the Offerings table that some offering fills ("aliases", "deprecated",
    "retires")."""
    claims: tuple[BenchmarkClaim, ...]
    benchmarks: Mapping[str, Benchmark]
    """The benchmarks the claims are on, by id."""
    kv: KVCache | None
    history: tuple[Event, ...]
    cited_by: tuple[tuple[Key, str], ...]
    code: str
    """Rendered code tabs for `code_offering` ("" when no offering can be called)."""
    code_offering: Offering | None
    code_provider: Provider | None
    retiring: tuple[Retiring, ...] = ()
    """This model's offerings retiring soon: the banner at the top of its page."""


@dataclass(frozen=True)
class ProviderPage(PageView):
    p: Provider
    offerings: tuple[OfferingView, ...]
    offering_columns: frozenset[str]
    """The optional columns of the offerings table that some offering fills (see `offering_columns`)."""
    lab_of: tuple[Model, ...]
    """The models this provider trained (it may also host others)."""
    code: str
    code_offering: Offering | None
    retiring: tuple[Retiring, ...] = ()
    """This provider's offerings retiring soon: the banner at the top of its page."""


def offering_view(kb: KB, offering: Offering, today: datetime.date, with_chart: bool = True) -> OfferingView:
    """The offering's view; provider pages, which show no chart, skip drawing it (`with_chart=False`)."""
    history = kb.price_history(offering.id)
    title = f"{kb.name_of('providers', offering.provider)}: {kb.name_of('models', offering.model)}"
    return OfferingView(
        offering=offering, provider=kb.linked(Provider, offering.provider), model=kb.linked(Model, offering.model),
        title=title, history=history, current=priced.snapshot if (priced := current.priced_if_live(kb, offering, today))
        else None, live=current.is_live(offering, today), status=current.offering_status(offering, today),
        replacement=current.replaced_by(kb, offering), successor=current.live_successor(kb, offering, today),
        chart=charts.price_history(history.undisputed, f"Price history, {title}", today) if history and with_chart
        else "", withdrawn=history.withdrawn if history and history.withdrawn_on(today) else None)


def model_page(kb: KB, row: ModelRow, today: datetime.date, claims: list[BenchmarkClaim], kv: KVCache | None,
               history: list[Event], cited_by: tuple[tuple[Key, str], ...], code: str,
               shown: Offering | None) -> ModelPage:
    model = row.model
    variants = {v for claim in (model.architecture.attention if model.architecture else []) for v in claim.variants}
    ordered = tuple(sorted(claims, key=lambda c: c.benchmark))
    offerings = tuple(offering_view(kb, o, today) for o in kb.offerings_of_model(model.id))
    own = {("offerings", v.offering.id) for v in offerings}  # listed under Offerings on this very page
    return ModelPage(
        m=model, row=row,
        current_host=kb.linked(Provider, row.price.offering.provider) if row.price else None,
        attention=MappingProxyType({v: kb.linked(AttentionVariant, v) for v in sorted(variants)}),
        offerings=offerings, offering_columns=offering_columns(v.offering for v in offerings), claims=ordered,
        benchmarks=MappingProxyType({c.benchmark: kb.linked(Benchmark, c.benchmark) for c in ordered}),
        kv=kv, history=tuple(history), cited_by=tuple(entry for entry in cited_by if entry[0] not in own),
        code=code, code_offering=shown,
        code_provider=kb.linked(Provider, shown.provider) if shown else None,
        retiring=retiring(kb, today, kb.offerings_of_model(model.id)))


def provider_page(kb: KB, provider: Provider, today: datetime.date, code: str,
                  shown: Offering | None) -> ProviderPage:
    views = [offering_view(kb, o, today, with_chart=False) for o in kb.offerings_of_provider(provider.id)]
    # Live first, then the newest model, so the top of the table is what a reader can call today.
    offerings = tuple(sorted(views, key=lambda v: (not v.live, *newest(v.model), v.model.name, v.offering.id)))
    return ProviderPage(
        p=provider, offerings=offerings, offering_columns=offering_columns(v.offering for v in offerings),
        lab_of=tuple(kb.models_of_lab(provider.id)), code=code, code_offering=shown,
        retiring=retiring(kb, today, kb.offerings_of_provider(provider.id)))
