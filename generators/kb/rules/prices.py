"""Rules about price histories: order, dates against the offering, tiers against the context window, cached
prices against uncached ones, and the costs workloads report, recomputed."""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from .. import evidence
from ..costs import for_period, reproduces, workload_cost
from ..issues import Issue
from ..link import KB, Entry
from ..records import Model, Offering, PriceHistory, Snapshot, Source, Workload
from ..records.base import Path
from ..records.price import price_names, stated
from ..records.price_readings import left_out
from ..units import usd
from .common import at


def check(kb: KB, invalid: set[tuple[str, str]]) -> Iterator[Issue]:
    yield from price_histories(kb)
    yield from reported_costs(kb, invalid)


def price_histories(kb: KB) -> Iterator[Issue]:
    owners: dict[str, str] = {}
    for history in kb.prices:
        entry = kb.entries[(PriceHistory.kind, history.id)]
        owner = owners.setdefault(history.offering, history.id)
        if owner != history.id:
            yield at(entry, ("offering",), f"offering `{history.offering}` already has a price history "
                     f"(kb/prices/{owner}.yaml)", "add these snapshots to that file and delete this one")
        offering = kb.get(Offering.kind, history.offering)
        model = kb.get(Model.kind, offering.model) if isinstance(offering, Offering) else None
        undisputed: dict[datetime.date, int] = {}
        previous: Snapshot | None = None
        for index, snapshot in enumerate(history.snapshots):
            path: Path = ("snapshots", index)
            if index and snapshot.effective < history.snapshots[index - 1].effective:
                yield at(entry, (*path, "effective"), f"snapshot {index} ({snapshot.effective}) is older than the "
                         f"one before it ({history.snapshots[index - 1].effective})",
                         "keep snapshots in ascending `effective` order: move it up, never delete it")
            if snapshot.disputed is None:
                if snapshot.effective in undisputed:
                    yield at(entry, (*path, "effective"), f"two undisputed snapshots take effect on "
                             f"{snapshot.effective} (snapshots {undisputed[snapshot.effective]} and {index})",
                             "merge their sources into one, or mark the doubtful one `disputed: <why>`")
                undisputed.setdefault(snapshot.effective, index)
            if isinstance(model, Model) and model.released and snapshot.effective < model.released:
                yield at(entry, (*path, "effective"), f"prices take effect {snapshot.effective}, before the model "
                         f"was released ({model.released})", "check the date against the source")
            elif (isinstance(offering, Offering) and offering.lifecycle.announced
                  and snapshot.effective < offering.lifecycle.announced):
                yield at(entry, (*path, "effective"), f"prices take effect {snapshot.effective}, before the "
                         f"offering was announced ({offering.lifecycle.announced})",
                         "check the date against the source, or the offering's `announced` date")
            yield from scheduled(entry, path, snapshot)
            yield from snapshot_prices(entry, path, snapshot, kb, offering)
            yield from carried_prices(entry, path, snapshot, previous)
            yield from unchecked_prices(entry, path, snapshot)
            yield from check_on_older_copies(kb, entry, path, snapshot)
            if snapshot.disputed is None:
                yield from dropped_prices(entry, path, snapshot, previous)
                previous = snapshot


def snapshot_prices(entry: Entry, path: Path, snapshot: Snapshot, kb: KB,
                    offering: object) -> Iterator[Issue]:
    """Within one snapshot: cached input costs no more than input, and tiers ascend and fit in the context."""
    if snapshot.cached_input is not None and snapshot.cached_input > snapshot.input:
        yield at(entry, (*path, "cached_input"), f"cached input ({usd(snapshot.cached_input)}) is priced above "
                 f"uncached input ({usd(snapshot.input)})", "check both against the source: a cache read costs less")
    thresholds = [tier.above_tokens for tier in snapshot.tiers]
    if thresholds != sorted(set(thresholds)):
        yield at(entry, (*path, "tiers"), "long-context tiers must ascend by `above_tokens`, each once",
                 "order the tiers from the lowest threshold up")
    window = context_window(kb, offering)
    for index, tier in enumerate(snapshot.tiers):
        where: Path = (*path, "tiers", index)
        if tier.cached_input is not None and tier.cached_input > tier.input:
            yield at(entry, (*where, "cached_input"), f"cached input ({usd(tier.cached_input)}) is priced above "
                     f"uncached input ({usd(tier.input)}) in this tier",
                     "check both against the source: a cache read costs less")
        if window is not None and tier.above_tokens >= window:
            yield at(entry, (*where, "above_tokens"), f"the tier starts above {tier.above_tokens:,} tokens, but "
                     f"the context window is {window:,} tokens, so no prompt reaches it",
                     "check the threshold against the source, or the context window of the offering or model")


def dropped_prices(entry: Entry, path: Path, snapshot: Snapshot, previous: Snapshot | None) -> Iterator[Issue]:
    """A reading no one confirmed at the provider (a host's page, a feed) that repeats the input and output in
    force but shows fewer of the other prices does not end them; as the newest snapshot it would still drop them
    from the current price (a reader pricing a cached workload would pay the uncached rate)."""
    if previous is None or snapshot.checked or (snapshot.input, snapshot.output) != (previous.input, previous.output):
        return
    gone = left_out(previous, lambda field: getattr(snapshot, field))
    if gone:
        names = price_names(gone)
        yield at(entry, path, f"this reading repeats the input and output of the snapshot of {previous.effective} "
                 f"but not its {names}; unchecked, it cannot end them",
                 f"add `carried: [{', '.join(gone)}]` (they continue, on the sources of the snapshot of "
                 f"{previous.effective}); or, if the provider's own page shows them gone, cite that page and mark this "
                 "snapshot `checked`")


def carried_prices(entry: Entry, path: Path, snapshot: Snapshot, previous: Snapshot | None) -> Iterator[Issue]:
    """`carried` continues prices the snapshot before states, across a reading of the same input and output."""
    if not snapshot.carried:
        return
    where: Path = (*path, "carried")
    if previous is None or (snapshot.input, snapshot.output) != (previous.input, previous.output):
        yield at(entry, where, "carried prices continue only from an undisputed snapshot before this one with the "
                 "same input and output", "state this reading's own prices instead, or remove `carried`")
        return
    written = entry.raw.data["snapshots"][path[1]]  # the snapshot as its file states it, before any carry
    for field in snapshot.carried:
        if field in written:
            yield at(entry, where, f"{price_names([field])} is both stated here and carried",
                     f"remove `{field}` from `carried` (the stated price is this reading's), or the stated price")
        elif not stated(getattr(previous, field)):
            yield at(entry, where, f"the snapshot of {previous.effective} states no {price_names([field])} to carry",
                     f"remove `{field}` from `carried`")


def unchecked_prices(entry: Entry, path: Path, snapshot: Snapshot) -> Iterator[Issue]:
    """`unchecked` names prices of a checked snapshot that its page did not show."""
    where: Path = (*path, "unchecked")
    if snapshot.unchecked and snapshot.checked is None:
        yield at(entry, where, "`unchecked` names prices a check did not cover, but this snapshot is not checked",
                 "remove `unchecked` (an unchecked snapshot's prices are all unconfirmed), or add `checked`")
    for field in snapshot.unchecked:
        if not stated(getattr(snapshot, field)):
            yield at(entry, where, f"{price_names([field])} is named unchecked but the snapshot states no such price",
                     f"remove `{field}` from `unchecked`")


def check_on_older_copies(kb: KB, entry: Entry, path: Path, snapshot: Snapshot) -> Iterator[Issue]:
    """A check resting only on copies of known age (a capture, on the day it was taken; a copy shown older than the
    day it was read, `Source.predates`) is dated no later than the newest of them shows the page: it may have
    changed since, and a check says a first-party page showed the prices on that day."""
    if snapshot.checked is None:
        return
    pages = [source for source_id in snapshot.sources if evidence.is_primary(kb, [source_id])
             and isinstance(source := kb.get(Source.kind, source_id), Source)]
    bounds = [day for page in pages if (day := page.shows_page_until()) is not None]
    if not pages or len(bounds) < len(pages) or snapshot.checked <= (newest := max(bounds)):
        return
    yield at(entry, (*path, "checked"), f"checked {snapshot.checked}, but the first-party pages it rests on are copies "
             f"of the page as it stood on {newest} at the latest ({', '.join(page.id for page in pages)})",
             f"date the check {newest} or earlier (the day a capture was taken, or before the first change a copy "
             "lacks), or cite a newer copy that shows these prices")


def context_window(kb: KB, offering: object) -> int | None:
    """The largest context window any source gives for the offering (its own, else its model's)."""
    if not isinstance(offering, Offering):
        return None
    facts = offering.context_window
    if not facts:
        model = kb.get(Model.kind, offering.model)
        facts = model.context_window if isinstance(model, Model) else []
    return max((fact.value for fact in facts), default=None)


def reported_costs(kb: KB, invalid: set[tuple[str, str]]) -> Iterator[Issue]:
    for workload in kb.workloads:
        entry = kb.entries[(Workload.kind, workload.id)]
        for index, reported in enumerate(workload.reported_costs):
            path: Path = ("reported_costs", index, "usd")
            history = kb.price_history(reported.offering)
            snapshot = history.current(reported.as_of) if history else None
            if snapshot is None and ("prices", reported.offering) in invalid:
                continue  # the price file itself is invalid, and reported as such
            if snapshot is None:
                yield at(entry, path, f"no undisputed price for `{reported.offering}` was in force on "
                         f"{reported.as_of}, so this cost cannot be checked",
                         f"add a snapshot to kb/prices/ for `{reported.offering}`")
                continue
            computed = for_period(workload_cost(workload, snapshot), workload, reported.period)
            if not reproduces(computed, reported.usd):
                yield at(entry, path, f"the source says ${reported.usd} per {reported.period} for "
                         f"`{reported.offering}`, "
                         f"but the price in force on {reported.as_of} (effective {snapshot.effective}) gives "
                         f"${computed.normalize():f}",
                         "fix the price snapshot or the reported cost, whichever disagrees with its source")


SCHEDULED_AHEAD_DAYS = 731
"""The furthest ahead of its announcement a scheduled price may take effect: beyond, the year is likely a typo."""


def scheduled(entry: Entry, path: Path, snapshot: Snapshot) -> Iterator[Issue]:
    """`checked` against `effective`, or against `announced` for prices stated ahead of time."""
    if snapshot.announced is None:
        if snapshot.checked and snapshot.checked < snapshot.effective:
            yield at(entry, (*path, "checked"), "prices were checked before they took effect",
                     "`checked` is when someone confirmed the price; it cannot precede `effective` (for prices "
                     "announced ahead, give the announcement's day as `announced`)")
        return
    if snapshot.basis != "effective":
        yield at(entry, (*path, "basis"), "a price announced ahead of time has `basis: observed`",
                 "an announcement states when the prices take effect: use `basis: effective`")
    if snapshot.announced > snapshot.effective:
        yield at(entry, (*path, "announced"), f"announced {snapshot.announced}, after the prices took effect "
                 f"({snapshot.effective})", "drop `announced` (it is for prices stated ahead), or check the dates")
    elif (snapshot.effective - snapshot.announced).days > SCHEDULED_AHEAD_DAYS:
        yield at(entry, (*path, "effective"), f"prices take effect {snapshot.effective}, more than two years after "
                 f"they were announced ({snapshot.announced})", "check the year")
    if snapshot.checked and snapshot.checked < snapshot.announced:
        yield at(entry, (*path, "checked"), "prices were checked before they were announced",
                 "`checked` is when someone confirmed the price; it cannot precede `announced`")
