"""Compare the KB with an aggregator's list (OpenRouter's): every price of every matched offering (input,
output, cached input, cache write, each long-context tier), the aggregator's expiry dates, offerings that
disappeared from it, and how much of the KB was actually compared.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from ..kb.current import has_retired, is_live
from ..kb.link import KB
from ..kb.records import Offering, Snapshot
from ..kb.records.base import Path
from ..kb.units import decimal, relative_change, usd
from .dialects import ListedModel
from .matching import Index, Match, match

AGGREGATOR = "openrouter"


@dataclass
class Coverage:
    """How many priced offerings were compared with the aggregator's list, and which were not."""

    priced: int = 0
    compared: int = 0
    unmatched: list[str] = field(default_factory=list)
    """`offering id (why)` for every priced offering the list carries but that was not compared."""
    uncarried: list[str] = field(default_factory=list)
    """Priced offerings no configured source carries (not listed, or a provider without an aggregator prefix)."""
    note: str = ""

    def line(self) -> str:
        """`compared N of M priced offerings; K unmatched: ...; J carried by no configured source: ...`: what
        was compared, what the list has but could not be compared (and why), and what it does not carry."""
        listed = f": {', '.join(self.unmatched)}" if self.unmatched else ""
        absent = f"; {len(self.uncarried)} carried by no configured source: {', '.join(self.uncarried)}" \
            if self.uncarried else ""
        return (f"compared {self.compared} of {self.priced} priced offerings; {len(self.unmatched)} unmatched"
                f"{listed}{absent}{f' ({self.note})' if self.note else ''}")


def priced_offerings(kb: KB, today: datetime.date) -> list[tuple[Offering, Snapshot, int]]:
    """Offerings still served that have a current price, with it and its index in the history."""
    out = []
    for history in kb.prices:
        offering, current = kb.get("offerings", history.offering), history.current(today)
        if isinstance(offering, Offering) and current is not None and is_live(offering, today):
            out.append((offering, current, history.snapshots.index(current)))
    return out


def compare(kb: KB, today: datetime.date, listed: list[ListedModel], threshold: float,
            finding: Callable[..., object]) -> tuple[list[object], Coverage]:
    """Findings for every priced offering matched in the list, and the coverage of the comparison.
    `finding(kind, record_id, path, code, message, severity)` builds one finding at a record's line."""
    index, coverage, out = Index(listed), Coverage(), []
    for offering, snapshot, at in priced_offerings(kb, today):
        coverage.priced += 1
        found = match(kb, offering, index, AGGREGATOR)
        history = kb.price_history(offering.id)
        assert history is not None
        if found.ambiguous:
            coverage.unmatched.append(f"{offering.id} (ambiguous)")
            why = found.conflict or (f"matches several entries of OpenRouter's list "
                                     f"({', '.join(f'`{c}`' for c in found.candidates)})")
            out.append(finding("offerings", offering.id, ("api_ids", 0), "ambiguous-match",
                               f"{offering.id}: {why}; not compared: name the right entry in "
                               "`external_ids.openrouter`", "notice"))
            continue
        if found.entry is None:
            carried = found.how.startswith("gone")
            (coverage.unmatched if carried else coverage.uncarried).append(f"{offering.id} ({found.how})")
            if found.how.startswith("gone"):
                out.append(finding("offerings", offering.id, ("external_ids", AGGREGATOR), "gone-from-aggregator",
                                   f"OpenRouter: {gone_words(found)} ({offering.id}); if the model was withdrawn, "
                                   "record it in its lifecycle"))
            continue
        drifts = price_drifts(found, snapshot, threshold)
        if drifts is None:
            coverage.unmatched.append(f"{offering.id} (no fixed price listed)")
            continue
        coverage.compared += 1
        out += [finding("prices", history.id, ("snapshots", at, *path), "price-drift", message)
                for path, message in drifts]
        out += expiry(found, finding, today)
    return out, coverage


def price_drifts(found: Match, snapshot: Snapshot, threshold: float) -> list[tuple[Path, str]] | None:
    """(path in the snapshot, message) for every price that differs by more than `threshold`; None when the
    entry lists no fixed price to compare with."""
    entry = found.entry
    assert entry is not None
    if entry.input_price is None or entry.output_price is None:
        return None
    pairs: list[tuple[Path, str, Decimal | None, Decimal | None]] = [
        (("input",), "input", snapshot.input, entry.input_price),
        (("output",), "output", snapshot.output, entry.output_price),
        (("cached_input",), "cached input", snapshot.cached_input, entry.cached_price),
        (("cache_write",), "cache write", snapshot.cache_write, entry.cache_write_price)]
    theirs = {above: (i, o) for above, i, o in entry.tiers}
    for n, tier in enumerate(snapshot.tiers):
        listed = theirs.get(tier.above_tokens)
        if listed is None and entry.tiers:
            pairs.append((("tiers", n, "above_tokens"), f"tier above {tier.above_tokens:,} tokens", None, None))
            continue
        pairs += [(("tiers", n, "input"), f"input above {tier.above_tokens:,} tokens", tier.input,
                   listed[0] if listed else None),
                  (("tiers", n, "output"), f"output above {tier.above_tokens:,} tokens", tier.output,
                   listed[1] if listed else None)]
    out = []
    where = f"OpenRouter's {entry.host} endpoint of `{entry.id}`" if entry.host else \
        f"OpenRouter's `{entry.id}`, matched by {found.how}"
    for path, name, ours, listed_price in pairs:
        if path[-1] == "above_tokens":
            out.append((path, f"{found.offering.id}: the KB has a {name}; {where} lists tiers above "
                              f"{', '.join(f'{a:,}' for a, _, _ in entry.tiers)} tokens"))
            continue
        if ours is None or listed_price is None:
            continue
        change = relative_change(listed_price, ours)
        # the threshold in decimal, as the change is: float 0.1 is a hair above 0.1, so a change of exactly 10% would
        # never reach it and `>` and `>=` would mean the same
        if (listed_price != 0) if change is None else abs(change) > decimal(threshold):
            out.append((path, f"{found.offering.id} {name}: upstream {usd(listed_price)} ({where}), the KB "
                              f"{usd(ours)} per 1M tokens{drift_words(change)}"))
    return out


def gone_words(found: Match) -> str:
    """What is gone, from a `gone: ...` match (`'x/y' is no longer listed`)."""
    return found.how.removeprefix("gone: ")


def drift_words(change: Decimal | None) -> str:
    """How upstream compares with the KB, from the reader's side: `upstream is 40% higher`."""
    if change is None:
        return ": the KB has it free"
    return f": upstream is {abs(change):.0%} {'higher' if change > 0 else 'lower'}"


def expiry(found: Match, finding: Callable[..., object], today: datetime.date) -> list[object]:
    entry, cycle = found.entry, found.offering.lifecycle
    if entry is None or entry.retires is None or cycle.retires == entry.retires or cycle.status == "retired":
        return []
    kb_says = f"retires {cycle.retires}" if cycle.retires else f"is `{cycle.status}` with no retirement date"
    when = f"expired on {entry.retires} (that date has passed)" if has_retired(entry.retires, today) else \
        f"expiring on {entry.retires}"
    return [finding("offerings", found.offering.id, ("lifecycle", "retires" if cycle.retires else "status"),
                    "aggregator-expiry", f"OpenRouter lists `{entry.id}` as {when}; the KB "
                    f"{kb_says} for {found.offering.id}; check the provider's deprecations page", "notice")]
