"""The dated changelog: every dated fact in the KB as an event, and the Atom feed of them.

Events come from the records themselves (price snapshots, releases, lifecycle dates, new offerings, claims),
so the changelog cannot drift from the data. Each event has a stable id built from what it is about and its
date, so feed readers see an entry once, however often the site is rebuilt.
"""

from __future__ import annotations

import datetime
import xml.etree.ElementTree as ET
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from ..escape import xml_text
from ..kb import evidence
from ..kb.costs import percent_change
from ..kb.derived import once_per_kb
from ..kb.link import KB
from ..kb.records import Model, Offering, PriceHistory
from .numbers import price
from .urls import FEED, Target, offering_target, record, section

FEED_ID = "tag:frontier-landscape.org,2026:changelog"
ATOM = "http://www.w3.org/2005/Atom"


class EventKind(StrEnum):
    RELEASE = "release"
    PRICE = "price"
    NEW_OFFERING = "new-offering"
    DEPRECATED = "deprecated"
    RETIRED = "retired"
    CLAIM = "claim"
    FIRST_RECORDED = "first-recorded"
    """A price recorded for the first time (by an import or a review): not news that a price changed."""


@dataclass(frozen=True)
class Event:
    date: datetime.date
    kind: EventKind
    model_id: str
    title: str
    detail: str
    target: Target
    """The page (and anchor) the event links to."""
    key: str
    """What the event is about, unique among events: the basis of its stable id."""

    @property
    def atom_id(self) -> str:
        return f"tag:frontier-landscape.org,{self.date.year}:{self.kind}/{self.key}/{self.date.isoformat()}"


def percent(old: Decimal, new: Decimal) -> str:
    change = percent_change(old, new)
    if change is None:
        return "new"
    return f"{change:+.0f}%" if change != 0 else "±0%"


def price_change(old_in: Decimal, old_out: Decimal, new_in: Decimal, new_out: Decimal) -> str:
    return (f"input {price(old_in)} → {price(new_in)} ({percent(old_in, new_in)}), "
            f"output {price(old_out)} → {price(new_out)} ({percent(old_out, new_out)}) per 1M tokens")


def events(kb: KB, today: datetime.date, models: Collection[str] | None = None) -> list[Event]:
    """Every event up to `today`, newest first (ties in a stable order); with `models`, only theirs (a model
    page needs its own, and a preview renders one model page before anything else)."""
    chosen = None if models is None else set(models)
    offerings = kb.offerings if chosen is None else [o for m in sorted(chosen) for o in kb.offerings_of_model(m)]
    histories = kb.prices if chosen is None else [h for o in offerings if (h := kb.price_history(o.id))]
    found = [*release_events(kb, chosen), *[e for o in offerings for e in lifecycle_events(kb, o)],
             *[e for h in histories for e in price_events(kb, h)], *claim_events(kb, chosen)]
    past = [e for e in found if e.date <= today]
    return sorted(past, key=lambda e: (e.date, e.kind, e.key), reverse=True)


def release_events(kb: KB, chosen: set[str] | None) -> Iterator[Event]:
    models = kb.models if chosen is None else [
        m for model_id in sorted(chosen) if isinstance(m := kb.get("models", model_id), Model)]
    for model in models:
        if model.released:
            yield Event(model.released, EventKind.RELEASE, model.id, f"{model.name} released",
                        f"by {kb.name_of('providers', model.lab)}", record("models", model.id), model.id)


@once_per_kb
def lifecycle_events(kb: KB, offering: Offering) -> tuple[Event, ...]:
    """An offering's availability, deprecation and retirement (kept per KB: the changelog and its model's page both
    list them, derived.py)."""
    return tuple(each_lifecycle_event(kb, offering))


def each_lifecycle_event(kb: KB, offering: Offering) -> Iterator[Event]:
    name, host = kb.offering_name(offering), kb.name_of("providers", offering.provider)
    anchor = offering_target(offering)
    cycle = offering.lifecycle
    if cycle.announced:
        yield Event(cycle.announced, EventKind.NEW_OFFERING, offering.model, f"{name} available at {host}",
                    f"as {offering.api_ids[0]}", anchor, offering.id)
    if cycle.deprecated:
        yield Event(cycle.deprecated, EventKind.DEPRECATED, offering.model, f"{name} deprecated at {host}",
                    f"retires {cycle.retires}" if cycle.retires else "no retirement date announced",
                    anchor, offering.id)
    if cycle.retires:
        secondary = ("" if evidence.dates_first_party(kb, offering) else
                     f" (a date only secondary sources give{evidence.disagreement(offering)})")
        yield Event(cycle.retires, EventKind.RETIRED, offering.model, f"{name} retired at {host}",
                    f"{offering.api_ids[0]} no longer served{secondary}", anchor, offering.id)
    elif cycle.seen_gone:  # the day it was seen gone, said as such: when it stopped is not known
        yield Event(cycle.seen_gone, EventKind.RETIRED, offering.model, f"{name} seen gone at {host}",
                    f"{offering.api_ids[0]} no longer listed on that day's copy of the provider's page; the day it "
                    "stopped is not known", anchor, offering.id)


@once_per_kb
def price_events(kb: KB, history: PriceHistory) -> tuple[Event, ...]:
    """A price's first record, then each change of input or output; disputed snapshots are not events (kept per KB:
    the changelog and the model's page both list them, derived.py)."""
    return tuple(each_price_event(kb, history))


def each_price_event(kb: KB, history: PriceHistory) -> Iterator[Event]:
    offering = kb.get("offerings", history.offering)
    if not isinstance(offering, Offering):
        return
    name, host = kb.offering_name(offering), kb.name_of("providers", offering.provider)
    anchor = offering_target(offering)
    previous = None
    for snapshot in history.undisputed:
        same = previous is not None and (previous.input, previous.output) == (snapshot.input, snapshot.output)
        if previous is None:
            yield Event(snapshot.effective, EventKind.FIRST_RECORDED, offering.model,
                        f"{name} at {host}: price first recorded",
                        f"{price(snapshot.input)} input, {price(snapshot.output)} output per 1M tokens"
                        + (" (in force that day; when it began is not recorded)"
                           if snapshot.basis == "observed" else ""), anchor, history.id)
        elif not same:
            took = (f"took effect as announced by {snapshot.announced}" if snapshot.announced else "took effect") \
                if snapshot.basis == "effective" else f"observed in force (it changed after {previous.effective})"
            yield Event(snapshot.effective, EventKind.PRICE, offering.model, f"{name} price change at {host}",
                        price_change(previous.input, previous.output, snapshot.input, snapshot.output)
                        + f"; {took}", anchor, history.id)
        previous = snapshot


def claim_events(kb: KB, chosen: set[str] | None) -> Iterator[Event]:
    claims = kb.claims if chosen is None else [c for m in sorted(chosen) for c in kb.claims_of_model(m)]
    for claim in claims:
        if claim.reported_by == "secondary" or claim.date_basis == "shown_by":
            continue  # a restatement's date is when it was cited, a copy's when it was seen: neither is an event's
        score = f"{claim.score:g} {claim.metric}" if claim.score is not None else claim.qualitative or ""
        yield Event(claim.date, EventKind.CLAIM, claim.model,
                    f"{kb.name_of('models', claim.model)} on {kb.name_of('benchmarks', claim.benchmark)}",
                    f"{score} ({claim.reported_by}: {claim.reporter})", record("benchmarks", claim.benchmark),
                    claim.id)


def news(all_events: list[Event]) -> list[Event]:
    """The changelog and feed: first-recorded prices collapse into one entry per day, so that an import or a
    review of hundreds of offerings never buries the releases, changes and retirements."""
    out: list[Event] = []
    first: dict[datetime.date, list[Event]] = {}
    for event in all_events:
        if event.kind is EventKind.FIRST_RECORDED:
            first.setdefault(event.date, []).append(event)
        else:
            out.append(event)
    for day, group in first.items():
        titles = sorted(e.title.removesuffix(": price first recorded") for e in group)
        shown = ", ".join(titles[:6]) + (f" and {len(titles) - 6} more" if len(titles) > 6 else "")
        out.append(Event(day, EventKind.FIRST_RECORDED, "", f"Prices first recorded for {len(group)} offering"
                         f"{'s' * (len(group) != 1)}", shown, section("pricing"), f"prices-{day.isoformat()}"))
    return sorted(out, key=lambda e: (e.date, e.kind, e.key), reverse=True)


def atom_feed(all_events: list[Event], today: datetime.date, site_url: str = "", limit: int = 100) -> str:
    """An Atom 1.0 feed of the newest events. Text is escaped by ElementTree; ids are stable tag URIs."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    if site_url:
        feed.set("{http://www.w3.org/XML/1998/namespace}base", site_url.rstrip("/") + "/")
    ET.SubElement(feed, f"{{{ATOM}}}id").text = FEED_ID
    ET.SubElement(feed, f"{{{ATOM}}}title").text = "Frontier Landscape: changelog"
    ET.SubElement(feed, f"{{{ATOM}}}subtitle").text = "Releases, prices, lifecycle dates and benchmark claims"
    newest = all_events[0].date if all_events else today
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = f"{newest.isoformat()}T00:00:00Z"
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    ET.SubElement(author, f"{{{ATOM}}}name").text = "Frontier Landscape contributors"
    ET.SubElement(feed, f"{{{ATOM}}}link", href=section("changelog").href(ext="html"), rel="alternate",
                  type="text/html")
    ET.SubElement(feed, f"{{{ATOM}}}link", href=FEED, rel="self", type="application/atom+xml")
    for event in all_events[:limit]:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        ET.SubElement(entry, f"{{{ATOM}}}id").text = event.atom_id
        ET.SubElement(entry, f"{{{ATOM}}}title").text = xml_text(event.title)
        ET.SubElement(entry, f"{{{ATOM}}}updated").text = f"{event.date.isoformat()}T00:00:00Z"
        ET.SubElement(entry, f"{{{ATOM}}}link", href=event.target.href(ext="html"), rel="alternate", type="text/html")
        ET.SubElement(entry, f"{{{ATOM}}}summary").text = xml_text(event.detail)
        ET.SubElement(entry, f"{{{ATOM}}}category", term=event.kind)
    ET.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"


__all__ = ["Event", "atom_feed", "events", "percent"]
