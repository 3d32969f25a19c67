"""What the summary pages show, as typed frozen rows built from the single definitions in `kb.current`.

Templates lay these out; they never decide what is live, current, cheapest or fitting themselves.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from ..kb import current, evidence
from ..kb.costs import Cost, for_period, reproduces, workload_cost
from ..kb.current import Fit, Priced
from ..kb.evidence import Headline
from ..kb.link import KB
from ..kb.records import AttentionVariant, Model, Offering, Provider, Snapshot, Workload
from ..kb.records.model import AttentionClaim
from ..kb.records.price_readings import unconfirmed
from ..kb.records.workload import ReportedCost

LICENCES = {"open": "open", "restricted": "open with restrictions", "closed": "closed", "unknown": "unknown"}
"""How the weights can be used, as the models table's licence facet names it."""


@dataclass(frozen=True)
class ModelRow:
    """One model in the models table and the home page's comparisons."""

    model: Model
    lab: Provider
    context: Headline | None
    output: Headline | None
    attention: AttentionClaim | None
    """The headline attention claim (primary sources first); others stay on the model page."""
    variants: tuple[AttentionVariant, ...]
    price: Priced | None
    """The cheapest live offering's current price; None when no live offering is priced."""
    status: current.ModelStatus
    """`live`, `retiring` (live, every live offering retiring within 90 days), `retired` (every offering retired) or
    `unlisted` (no offering recorded)."""

    @property
    def inputs(self) -> list[str]:
        return list(self.model.modalities.input) if self.model.modalities else []

    @property
    def outputs(self) -> list[str]:
        return list(self.model.modalities.output) if self.model.modalities else []

    @property
    def licence(self) -> str:
        return LICENCES[self.model.weights]


def model_row(kb: KB, model: Model, on: datetime.date) -> ModelRow:
    lab = kb.get("providers", model.lab)
    assert isinstance(lab, Provider)  # the validator guarantees the reference
    claims = evidence.ranked(kb, model.architecture.attention) if model.architecture else []
    attention = claims[0] if claims else None
    variants = tuple(v for key in (attention.variants if attention else ())
                     if isinstance(v := kb.get("attention", key), AttentionVariant))
    return ModelRow(model, lab, evidence.headline(kb, model.context_window), evidence.headline(kb, model.max_output),
                    attention, variants, current.cheapest_live(kb, model, on), current.model_status(kb, model, on))




def newest(model: Model) -> tuple[bool, int]:
    """A sort key putting the newest release first and undated models last: the tables' default order."""
    return model.released is None, -(model.released.toordinal() if model.released else 0)


def newest_live_first(rows: list[ModelRow]) -> list[ModelRow]:
    """The models table's default order: by status (`current.MODEL_STATUSES`), newest release first, undated last."""
    return sorted(rows, key=lambda r: (current.MODEL_STATUSES.index(r.status), *newest(r.model), r.model.name.lower()))


@dataclass(frozen=True)
class PriceRow:
    """A live offering and the price in force today."""

    offering: Offering
    model: Model
    provider: Provider
    snapshot: Snapshot
    status: str
    """`current.offering_status` on the day: preview, active, deprecated or retiring."""
    check: Snapshot | None = None
    """The snapshot whose check last confirmed these prices at a first-party page (`current.price_check`)."""
    sources: tuple[str, ...] = ()
    """The sources that state these prices, carried ones included (`current.price_sources`), and the date's."""
    since: Snapshot | None = None
    """Where this input and output price began (`current.price_began`): what its date says."""
    upcoming: Snapshot | None = None
    """The next price the provider announced (`current.scheduled_price`)."""

    @property
    def unchecked(self) -> list[str]:
        """The prices the check did not confirm (`price_readings.unconfirmed`): a page says "checked (not its …)"."""
        return unconfirmed(self.check, self.snapshot) if self.check else []


def current_prices(kb: KB, on: datetime.date) -> list[PriceRow]:
    """Every live priced offering, newest model first (undated models last), then by model and provider name."""
    rows = []
    for priced in current.live_priced(kb, kb.offerings, on):
        model, provider = kb.get("models", priced.offering.model), kb.get("providers", priced.offering.provider)
        assert isinstance(model, Model) and isinstance(provider, Provider)
        check = current.price_check(kb, priced.offering.id, priced.snapshot)
        rows.append(PriceRow(priced.offering, model, provider, priced.snapshot,
                             current.offering_status(priced.offering, on), check, tuple(dict.fromkeys(
                                 [*current.price_sources(kb, priced.offering.id, priced.snapshot),
                                  *priced.since.sources])), priced.since, priced.upcoming))
    return sorted(rows, key=lambda r: (*newest(r.model), r.model.name, r.provider.name, r.offering.id))


@dataclass(frozen=True)
class CostRow:
    """What one call, day and month of a workload cost on one live offering."""

    offering: Offering
    model: Model
    provider: Provider
    cost: Cost
    day: Decimal
    month: Decimal
    fit: Fit
    priced: Priced
    """The price the cost is worked from, with where it began (its date)."""


@dataclass(frozen=True)
class WorkloadTable:
    """Offerings the workload fits, cheapest first; those it does not fit; those whose limits are unknown."""

    ranked: tuple[CostRow, ...]
    too_small: tuple[CostRow, ...]
    unknown: tuple[CostRow, ...]


def workload_table(kb: KB, workload: Workload, on: datetime.date) -> WorkloadTable:
    groups: dict[bool | None, list[CostRow]] = {True: [], False: [], None: []}
    for priced in current.live_priced(kb, kb.offerings, on):
        offering = priced.offering
        model, provider = kb.get("models", offering.model), kb.get("providers", offering.provider)
        assert isinstance(model, Model) and isinstance(provider, Provider)
        cost = workload_cost(workload, priced.snapshot)
        fit = current.fits(kb, offering, workload.input_tokens, workload.output_tokens)
        groups[fit.fits].append(CostRow(offering, model, provider, cost, cost.per_day(workload),
                                        cost.per_month(workload), fit, priced))
    return WorkloadTable(*(tuple(sorted(groups[key], key=lambda r: (r.cost.per_call, r.offering.id)))
                           for key in (True, False, None)))


@dataclass(frozen=True)
class ReportedRow:
    """A cost a source printed, beside the cost the records give for the same day."""

    reported: ReportedCost
    offering: Offering
    snapshot: Snapshot | None
    computed: Decimal | None

    @property
    def matches(self) -> bool:
        return self.computed is not None and reproduces(self.computed, self.reported.usd)


def reported_rows(kb: KB, workload: Workload) -> list[ReportedRow]:
    rows = []
    for reported in workload.reported_costs:
        offering = kb.get("offerings", reported.offering)
        assert isinstance(offering, Offering)
        history = kb.price_history(reported.offering)
        snapshot = history.current(reported.as_of) if history else None
        computed = for_period(workload_cost(workload, snapshot), workload, reported.period) if snapshot else None
        rows.append(ReportedRow(reported, offering, snapshot, computed))
    return rows


@dataclass(frozen=True)
class Retiring:
    """An offering retiring within kb.current.RETIRING_SOON_DAYS: the banner's and the home list's row."""

    offering: Offering
    model: Model
    provider: Provider
    days: int
    """Days left on the build day (at least 1: an offering retiring today is retired)."""
    replacement: Offering | None
    successor: Offering | None
    """`current.live_successor`: the live offering down the chain when the replacement is itself gone."""

    @property
    def retires(self) -> datetime.date:
        assert self.offering.lifecycle.retires is not None
        return self.offering.lifecycle.retires


def retiring(kb: KB, today: datetime.date, offerings: list[Offering] | None = None) -> tuple[Retiring, ...]:
    """The offerings (all, or those given) retiring soon, soonest first."""
    # a record page asks about its own few offerings: only those are looked at (this runs once per page)
    chosen = current.retiring_soon(kb.offerings if offerings is None else offerings, today)
    rows = []
    for offering in chosen:
        model, provider = kb.get("models", offering.model), kb.get("providers", offering.provider)
        assert isinstance(model, Model) and isinstance(provider, Provider) and offering.lifecycle.retires
        rows.append(Retiring(offering, model, provider, (offering.lifecycle.retires - today).days,
                             current.replaced_by(kb, offering), current.live_successor(kb, offering, today)))
    return tuple(rows)


def provider_options(rows: Iterable[PriceRow | CostRow]) -> list[tuple[str, str]]:
    """(id, name) of each provider among the rows, by name: a table's provider filter."""
    return sorted({(r.provider.id, r.provider.name) for r in rows}, key=lambda pair: (pair[1].lower(), pair[0]))
