"""What is true today, defined once: which offerings are live, their current prices, the cheapest live offering of
a model, whether a workload fits an offering, and an offering's headline limits (evidence.py ranks the facts).

Every page, the JSON API, the snippets, `kb check` and `kb choose` ask these functions; none decides for itself.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal, get_args

from .derived import once_per_kb
from .evidence import Headline, headline
from .link import KB
from .records import Model, Offering, PriceHistory, Snapshot


def has_retired(retires: datetime.date | None, on: datetime.date) -> bool:
    """A retirement dated `retires` has happened by `on`: on the day itself the offering is already gone. The one
    boundary for records, importers and the live checks alike."""
    return retires is not None and retires <= on


def is_live(offering: Offering, on: datetime.date) -> bool:
    """Callable on `on`: announced by then (when the date is known), its retirement date (if any) not reached, nor
    the day it was seen gone (if any); a `retired` record without either is gone on every day. The dates matter for
    a question about a past day: an offering retired since was still callable then, and no record is dated ahead of
    the real today."""
    cycle = offering.lifecycle
    announced = cycle.announced is None or cycle.announced <= on
    undated_retired = cycle.status == "retired" and cycle.retires is None and cycle.seen_gone is None
    return announced and not undated_retired and not has_retired(cycle.retires, on) and \
        not has_retired(cycle.seen_gone, on)


@dataclass(frozen=True)
class Priced:
    """An offering with the price snapshot in force on the day asked about."""

    offering: Offering
    snapshot: Snapshot
    start: Snapshot | None = None
    """Where its input and output price began (`price_began`); the snapshot itself when not worked out."""
    upcoming: Snapshot | None = None
    """The next price its provider announced, taking effect after the day asked about (`scheduled_price`)."""

    @property
    def since(self) -> Snapshot:
        return self.start or self.snapshot

    @property
    def sources(self) -> list[str]:
        """The price's sources, then those of the snapshot its date comes from."""
        return list(dict.fromkeys([*self.snapshot.sources, *self.since.sources]))

    @property
    def api_id(self) -> str:
        return self.offering.api_ids[0]

    @property
    def input(self) -> Decimal:
        return self.snapshot.input

    @property
    def output(self) -> Decimal:
        return self.snapshot.output

    @property
    def effective(self) -> datetime.date:
        return self.snapshot.effective


def current_price(kb: KB, offering: Offering, on: datetime.date) -> Snapshot | None:
    """The undisputed snapshot in force on `on`, whether or not the offering is still live (its last price)."""
    history = kb.price_history(offering.id)
    return history.current(on) if history else None


def price_check(kb: KB, offering_id: str, snapshot: Snapshot) -> Snapshot | None:
    """The snapshot that last confirmed the prices of `snapshot` (an offering's price in force) at a first-party
    page, its `checked` date and sources (`PriceHistory.last_check`): what a reader's "checked" means."""
    history = kb.price_history(offering_id)
    if history is None:
        return snapshot if snapshot.checked else None
    place = next((i for i, s in enumerate(history.snapshots) if s is snapshot), None)
    return history.last_check(snapshot) if place is None else check_of(kb, history, place)


@once_per_kb
def check_of(kb: KB, history: PriceHistory, place: int) -> Snapshot | None:
    """`history.last_check` of its snapshot at `place` (asked of each price in force by several pages)."""
    return history.last_check(history.snapshots[place])


def price_sources(kb: KB, offering_id: str, snapshot: Snapshot) -> list[str]:
    """The sources that state the prices of `snapshot`: its own, then those of the earlier snapshots its carried
    prices come from (`PriceHistory.carried_from`), each once: what a reader citing the price in force cites."""
    history = kb.price_history(offering_id)
    origins = history.carried_from(snapshot) if history else []
    return list(dict.fromkeys([*snapshot.sources, *(source for origin in origins for source in origin.sources)]))


@once_per_kb
def priced_if_live(kb: KB, offering: Offering, on: datetime.date) -> Priced | None:
    """The offering with its current price, if it is live and has one (asked of every offering by many pages: kept
    per KB, derived.py)."""
    history = kb.price_history(offering.id) if is_live(offering, on) else None
    snapshot = history.current(on) if history else None
    if history is None or snapshot is None:
        return None
    return Priced(offering, snapshot, price_began(kb, offering.id, snapshot), history.next_price(on))


def scheduled_price(kb: KB, offering: Offering, on: datetime.date) -> Snapshot | None:
    """The first price announced to take effect after `on` (`Snapshot.announced`), if the provider scheduled one."""
    history = kb.price_history(offering.id)
    return history.next_price(on) if history else None


def price_began(kb: KB, offering_id: str, snapshot: Snapshot) -> Snapshot:
    """The first of the undisputed snapshots up to `snapshot` that state its input and output with none between
    stating others: what a reader's "since" or "observed, start unknown" is dated by (a later reading that repeats
    the price, or adds a cached rate to it, does not restart it)."""
    history = kb.price_history(offering_id)
    undisputed = history.undisputed if history else []
    index = next((i for i, s in enumerate(undisputed) if s is snapshot), None)
    if index is None:
        return snapshot
    while index > 0 and (undisputed[index - 1].input, undisputed[index - 1].output) == (snapshot.input,
                                                                                        snapshot.output):
        index -= 1
    return undisputed[index]


def cheapest_first(found: Sequence[Priced]) -> list[Priced]:
    """By input price, then output price, then id, so ties are broken the same way everywhere."""
    return sorted(found, key=lambda p: (p.input, p.output, p.offering.id))


def live_priced(kb: KB, offerings: Sequence[Offering], on: datetime.date) -> list[Priced]:
    return cheapest_first([p for o in offerings if (p := priced_if_live(kb, o, on))])


def cheapest_live(kb: KB, model: Model, on: datetime.date) -> Priced | None:
    """The model's cheapest live offering with a current price; None when no live offering is priced."""
    found = live_priced(kb, kb.offerings_of_model(model.id), on)
    return found[0] if found else None


ModelStatus = Literal["live", "retiring", "unlisted", "unannounced", "retired"]
MODEL_STATUSES: tuple[ModelStatus, ...] = get_args(ModelStatus)
"""Every status a model can have, in the models table's default order: what can be called first, what is gone last."""


def model_status(kb: KB, model: Model, on: datetime.date) -> ModelStatus:
    """`live` when any offering can be called on `on`; `retiring` when every live one retires within
    RETIRING_SOON_DAYS; `retired` when every one has retired; `unlisted` without any; `unannounced` on a day
    before any was announced."""
    offerings = kb.offerings_of_model(model.id)
    if not offerings:
        return "unlisted"
    if all(offering_status(o, on) == "unannounced" for o in offerings):
        return "unannounced"
    live = [o for o in offerings if is_live(o, on)]
    if not live:
        return "retired"
    return "retiring" if all(retiring_within(o, on) for o in live) else "live"


@once_per_kb
def context_window(kb: KB, offering: Offering) -> Headline | None:
    """The offering's own context window where it states one, else its model's."""
    model = kb.get("models", offering.model)
    return headline(kb, offering.context_window) or (
        headline(kb, model.context_window) if isinstance(model, Model) else None)


@once_per_kb
def max_output(kb: KB, offering: Offering) -> Headline | None:
    model = kb.get("models", offering.model)
    return headline(kb, offering.max_output) or (
        headline(kb, model.max_output) if isinstance(model, Model) else None)


@dataclass(frozen=True)
class Fit:
    """Whether a call of `input_tokens` in and `output_tokens` out fits an offering; None means unknown."""

    fits: bool | None
    reason: str

    def __bool__(self) -> bool:
        return bool(self.fits)


def fits(kb: KB, offering: Offering, input_tokens: int, output_tokens: int) -> Fit:
    """Input plus output within the context window, and output within the max output; unknown limits are unknown."""
    window, most = context_window(kb, offering), max_output(kb, offering)
    if window is None:
        return Fit(None, "context window not published")
    if input_tokens + output_tokens > window.value:
        return Fit(False, f"context {window.value:,} < {input_tokens + output_tokens:,} tokens")
    if most is not None and output_tokens > most.value:
        return Fit(False, f"max output {most.value:,} < {output_tokens:,} tokens")
    return Fit(True, "")


def reviewed_up_to(kb: KB) -> datetime.date | None:
    """The newest day anyone confirmed a fact at its source (a source read, a price checked): how fresh the data is."""
    days = [s.accessed for s in kb.sources if s.accessed]
    days += [snapshot.checked for history in kb.prices for snapshot in history.snapshots if snapshot.checked]
    return max(days, default=None)


RETIRING_SOON_DAYS = 90
"""How far ahead a retirement is announced up front: a banner on its pages, the home page's list."""


def retiring_within(offering: Offering, on: datetime.date, days: int = RETIRING_SOON_DAYS) -> bool:
    """Still live on `on` (the one rule: retiring today is retired), with its retirement at most `days` ahead."""
    retires = offering.lifecycle.retires
    return is_live(offering, on) and retires is not None and retires <= on + datetime.timedelta(days=days)


def floor_passed(offering: Offering, on: datetime.date) -> bool:
    """Whether the provider's "not sooner than" floor lies before `on` with no retirement announced: still served,
    and no day left to plan by (pages say so rather than "not before" a day gone by)."""
    floor = offering.lifecycle.retires_not_before
    return floor is not None and offering.lifecycle.retires is None and floor < on


def offering_status(offering: Offering, on: datetime.date) -> str:
    """The offering's status as a reader needs it on `on`: `unannounced` before its announcement, `retired` once
    its retirement has happened (whatever the record's status field), `retiring` when `retiring_within` the
    default days, else the record's preview/active/deprecated; for a past day, a deprecation announced later
    reads `active`."""
    cycle = offering.lifecycle
    if cycle.announced is not None and cycle.announced > on:
        return "unannounced"
    if not is_live(offering, on):
        return "retired"
    if retiring_within(offering, on):
        return "retiring"
    if cycle.status in ("deprecated", "retired"):
        return "active" if cycle.deprecated is not None and cycle.deprecated > on else "deprecated"
    return cycle.status


def retiring_soon(offerings: Iterable[Offering], on: datetime.date, days: int = RETIRING_SOON_DAYS) -> list[Offering]:
    """The offerings `retiring_within` those days, soonest first (then by id)."""
    found = [o for o in offerings if retiring_within(o, on, days)]
    return sorted(found, key=lambda o: (o.lifecycle.retires, o.id))


def replaced_by(kb: KB, offering: Offering) -> Offering | None:
    """The replacement its record names, if that is an offering in the KB."""
    found = kb.get("offerings", offering.lifecycle.replacement) if offering.lifecycle.replacement else None
    return found if isinstance(found, Offering) else None


def live_successor(kb: KB, offering: Offering, on: datetime.date) -> Offering | None:
    """Where a reader moves to on `on` when the named replacement is itself no longer served: the first live offering
    down the chain of replacements; None when the replacement is live (it is the answer), when none is named, or
    when the chain ends, or loops, before reaching one."""
    step, seen = replaced_by(kb, offering), {offering.id}
    if step is None or is_live(step, on):
        return None
    while step is not None and step.id not in seen:
        if is_live(step, on):
            return step
        seen.add(step.id)
        step = replaced_by(kb, step)
    return None
