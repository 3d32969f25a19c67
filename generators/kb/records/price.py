"""Price histories: the dated, append-only price snapshots of one offering."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Annotated, Any, Literal, get_args

from pydantic import Field, model_validator

from .base import (
    Date,
    KBModel,
    Path,
    Prose,
    Record,
    Reference,
    Slug,
    SourceRefs,
    UsdPerMTok,
    empty,
    source_refs,
)
from .price_tiers import ServicePrice, Tier


class Correction(KBModel):
    """A past snapshot edited or removed on purpose, and why. Without one, `kb diff` rejects the rewrite."""

    effective: Date
    """The `effective` date of the snapshot that was corrected or removed."""
    reason: Prose
    """What was wrong, and the source that shows it."""


CarriedPrice = Literal["cached_input", "cache_write", "batch", "priority", "flex", "tiers"]
"""A price a snapshot may carry from the one before: any but input and output."""
CARRIABLE: tuple[str, ...] = get_args(CarriedPrice)


class Snapshot(KBModel):
    """The prices of an offering from one date on, as one or more sources state them."""

    effective: Date
    """The date of these prices: when they took effect, or (with `basis: observed`) a day they were seen in force."""
    basis: Literal["effective", "observed"] = "effective"
    """`effective`: the source says the prices took effect on `effective` (a price announcement, a launch);
    `observed`: the source only shows them in force that day (a pricing page read then). Never invent when an
    observed price began: its changelog entry says "first recorded", not "price changed"."""
    checked: Date | None = None
    """The date someone last confirmed these prices at the source; omit if never checked."""
    announced: Date | None = None
    """Prices stated ahead of `effective` (a change the provider scheduled): the day its page first stated them, or
    the earliest dated copy that does. Only with it may `effective` be after today, and `checked` come before
    `effective`; `basis: effective` only."""
    input: UsdPerMTok
    """USD per 1M input tokens."""
    output: UsdPerMTok
    """USD per 1M output tokens."""
    cached_input: UsdPerMTok | None = None
    """USD per 1M input tokens read from the prompt cache."""
    cache_write: UsdPerMTok | None = None
    """USD per 1M input tokens written to the prompt cache, where charged separately."""
    batch: ServicePrice | None = None
    """Prices through the batch API (asynchronous, typically half price)."""
    priority: ServicePrice | None = None
    """Prices of the priority service tier, where offered."""
    flex: ServicePrice | None = None
    """Prices of the flex (slower, cheaper) service tier, where offered."""
    tiers: list[Tier] = empty()
    """Long-context tiers, ascending by threshold."""
    carried: list[CarriedPrice] = empty()
    """Prices this reading did not show, continued unchanged from the undisputed snapshot before it, whose sources
    state them (a host listing input and output only ends none of the other prices). `checked` and `sources` speak
    for this reading's own prices. Only where input and output are those of the snapshot before."""
    unchecked: list[CarriedPrice] = empty()
    """Prices this snapshot states that the page behind `checked` did not show (taken from a secondary source):
    "checked" speaks for the others only."""
    sources: SourceRefs
    """Sources that state these prices."""
    disputed: Prose | None = None
    """Why this figure is doubted (e.g. a source quotes a price the provider's own page contradicts).
    A disputed snapshot stays in the history, but is never used as the current price."""
    note: Prose | None = None
    """Anything a reader needs to know about these prices."""


PRICE_FIELDS = ("input", "output", *CARRIABLE)
"""A snapshot's prices, as against its date, basis, check, sources and notes."""
PRICE_NAMES = {"input": "input", "output": "output", "cached_input": "cached input", "cache_write": "cache write",
               "batch": "Batch", "priority": "Priority", "flex": "Flex", "tiers": "long-context tiers"}
"""Each of PRICE_FIELDS as a message or a page names it."""


def price_names(fields: Iterable[str]) -> str:
    """`["cached_input", "batch"]` as "cached input, Batch"."""
    return ", ".join(PRICE_NAMES[field] for field in fields)


def stated(value: object) -> bool:
    """A price field holds a price: not absent, not an empty list of tiers."""
    return value not in (None, [], {})


def kept_in(earlier: Snapshot, later: Snapshot) -> bool:
    """Every price `earlier` states, `later` states the same: only prices added since tell them apart (a cached
    rate where there was none, a Batch output beside a Batch input, a cached rate inside a long-context tier)."""
    return all(keeps(getattr(earlier, field), getattr(later, field)) for field in PRICE_FIELDS)


def keeps(earlier: object, later: object) -> bool:
    """`later` states every price `earlier` does, unchanged; a tier list keeps its thresholds, one for one."""
    if not stated(earlier):
        return True
    if isinstance(earlier, KBModel):
        return isinstance(later, type(earlier)) and all(
            keeps(getattr(earlier, name), getattr(later, name)) for name in type(earlier).model_fields)
    if isinstance(earlier, list):
        return isinstance(later, list) and len(later) == len(earlier) and all(
            keeps(a, b) for a, b in zip(earlier, later, strict=True))
    return earlier == later


class Withdrawal(KBModel):
    """The provider's own page stopped showing a public price for the offering (it may still serve it on request,
    e.g. "Contact Sales"): from then on no earlier snapshot is a price a reader can pay."""

    observed: Date
    """The day a first-party page was seen without a public price; when the price was taken down is not known."""
    sources: SourceRefs
    """The first-party page (a dated copy) that shows no price."""
    note: Prose | None = None
    """What the page says instead of a price."""


def same_number(one: Any, other: Any) -> bool:
    """Two prices as parsed or staged (YAML's floats, an importer's Decimals) name the same amount."""
    if isinstance(one, int | float | Decimal) and isinstance(other, int | float | Decimal) and not isinstance(
            one, bool) and not isinstance(other, bool):
        return Decimal(str(one)) == Decimal(str(other))
    return bool(one == other)


class PriceHistory(Record):
    """Every known price of one offering, oldest first. A price change is a new snapshot; old ones stay."""

    kind = "prices"

    offering: Slug
    """Id of the offering these prices are for."""
    currency: Literal["USD"] = "USD"
    """Currency of every price below."""
    unit: Literal["per_1m_tokens"] = "per_1m_tokens"
    """Every price is per one million tokens."""
    schema_version: Literal[2]  # type: ignore[assignment]  # a newer version than Record's default
    """The version of this kind's schema that the record follows. Version 2 groups batch prices under `batch`
    and records corrections on the history; `kb migrate` upgrades version 1 files."""
    snapshots: Annotated[list[Snapshot], Field(min_length=1)]
    """Dated snapshots, in ascending `effective` order. Append new prices; never edit or delete old ones."""
    corrections: list[Correction] = empty()
    """Past snapshots edited or removed deliberately, each with its reason."""
    withdrawn: Withdrawal | None = None
    """When the provider's page no longer shows a public price; a snapshot effective after that day prices the
    offering again."""

    @model_validator(mode="before")
    @classmethod
    def _carry(cls, data: Any) -> Any:
        """Each snapshot's `carried` prices, copied from the undisputed snapshot before it ahead of validation, so
        every reader of the record sees the prices in force. A carry across a change of input or output, of a price
        the snapshot states itself or of one the snapshot before lacks copies nothing: rules/prices.py reports it.
        The input is left as it is (it is the record file's parsed data)."""
        if not isinstance(data, dict) or not isinstance(data.get("snapshots"), list):
            return data
        snapshots: list[Any] = []
        before: dict[str, Any] | None = None
        for raw in data["snapshots"]:
            if isinstance(raw, dict) and isinstance(raw.get("carried"), list) and before is not None and all(
                    same_number(raw.get(side), before.get(side)) for side in ("input", "output")):
                raw = {**{field: before[field] for field in raw["carried"]
                          if field in CARRIABLE and field in before and field not in raw}, **raw}
            snapshots.append(raw)
            if isinstance(raw, dict) and raw.get("disputed") is None:
                before = raw
        return {**data, "snapshots": snapshots}

    @property
    def undisputed(self) -> list[Snapshot]:
        """The snapshots that count: a disputed one is history shown with its dispute, never a price in force, an
        event or a point on a chart."""
        return [s for s in self.snapshots if s.disputed is None]

    def current(self, on: datetime.date) -> Snapshot | None:
        """The undisputed snapshot in force on a date; none once the price was withdrawn (`withdrawn_on`)."""
        valid = [s for s in self.undisputed if s.effective <= on]
        return None if self.withdrawn_on(on) else valid[-1] if valid else None

    def next_price(self, on: datetime.date) -> Snapshot | None:
        """The first undisputed snapshot taking effect after `on`: a price announced ahead (`Snapshot.announced`)."""
        return next((s for s in self.undisputed if s.effective > on), None)

    def newest_reading(self, on: datetime.date) -> datetime.date:
        """The date of the newest snapshot a reading made on `on` comes after: a price announced to take effect
        later is no reading (a new one goes ahead of it, history_text.in_order)."""
        return max((s.effective for s in self.snapshots if s.announced is None or s.effective <= on),
                   default=datetime.date.min)

    def last_check(self, snapshot: Snapshot) -> Snapshot | None:
        """The snapshot whose `checked` date is the last time a first-party page showed `snapshot`'s prices:
        `snapshot` itself when checked, else the newest checked one of the undisputed snapshots just before it whose
        every price `snapshot` states unchanged (a later reading of an unchanged price, say from an aggregator, does
        not undo an earlier check, nor does a reading that adds a price the check did not show: `unconfirmed` names
        those); none once a different price comes between, or when no check is known."""
        undisputed = self.undisputed
        index = next((i for i, s in enumerate(undisputed) if s is snapshot), None)
        if index is None:
            return snapshot if snapshot.checked else None
        for earlier in reversed(undisputed[: index + 1]):
            if not kept_in(earlier, snapshot):
                return None
            if earlier.checked:
                return earlier
        return None

    def last_checked_before(self, snapshot: Snapshot) -> Snapshot | None:
        """The newest undisputed snapshot before `snapshot` that a first-party page confirmed (`checked`), whatever
        its prices: what the provider itself last showed, to set beside a later reading that no page confirmed."""
        undisputed = self.undisputed
        index = next((i for i, s in enumerate(undisputed) if s is snapshot), len(undisputed))
        return next((s for s in reversed(undisputed[:index]) if s.checked), None)

    def carried_from(self, snapshot: Snapshot) -> list[Snapshot]:
        """The earlier snapshots whose sources state `snapshot`'s carried prices: the undisputed one before it, and
        so on back while each of those carries too. Empty when it carries nothing."""
        index = next((i for i, s in enumerate(self.snapshots) if s is snapshot), None)
        if index is None or not snapshot.carried:
            return []
        found: list[Snapshot] = []
        for earlier in reversed(self.snapshots[:index]):
            if earlier.disputed is None:
                found.append(earlier)
                if not earlier.carried:
                    break
        return found

    def withdrawn_on(self, on: datetime.date) -> bool:
        """No public price on `on`: a withdrawal observed by then, and no snapshot in force dated after it (a
        snapshot effective on the day of the observation came before it)."""
        if self.withdrawn is None or self.withdrawn.observed > on:
            return False
        return not any(self.withdrawn.observed < s.effective <= on for s in self.undisputed)

    def references(self) -> Iterator[Reference]:
        yield ("offering",), "offerings", self.offering
        for index, snapshot in enumerate(self.snapshots):
            yield from source_refs(("snapshots", index, "sources"), snapshot.sources)
        if self.withdrawn:
            yield from source_refs(("withdrawn", "sources"), self.withdrawn.sources)

    def dates(self) -> Iterator[tuple[Path, datetime.date]]:
        for index, snapshot in enumerate(self.snapshots):
            # a scheduled price takes effect later; what has happened is its announcement (rules/prices.py)
            if snapshot.announced:
                yield ("snapshots", index, "announced"), snapshot.announced
            else:
                yield ("snapshots", index, "effective"), snapshot.effective
            if snapshot.checked:
                yield ("snapshots", index, "checked"), snapshot.checked
        for index, correction in enumerate(self.corrections):
            yield ("corrections", index, "effective"), correction.effective
        if self.withdrawn:
            yield ("withdrawn", "observed"), self.withdrawn.observed
