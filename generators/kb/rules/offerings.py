"""Rules about offerings: lifecycle order and status, who hosts them, their ids and API ids, replacements."""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Iterator
from urllib.parse import urlsplit

from ..evidence import dates_first_party, is_primary
from ..issues import Issue
from ..link import KB
from ..records import Model, Offering, Provider, Source
from ..records.offering import PLANNING_DATES
from .common import at


def check(kb: KB, today: datetime.date) -> Iterator[Issue]:
    yield from shell_names(kb)
    yield from key_destinations(kb)
    yield from lifecycles(kb, today)
    yield from unsourced_dates(kb)
    yield from pages_without_date(kb)
    yield from offering_ids(kb)
    yield from api_ids(kb)
    yield from replacement_cycles(kb)


def lifecycles(kb: KB, today: datetime.date) -> Iterator[Issue]:
    for offering in kb.offerings:
        entry = kb.entries[(Offering.kind, offering.id)]
        cycle = offering.lifecycle
        model = kb.get(Model.kind, offering.model)
        released = model.released if isinstance(model, Model) else None
        steps: list[tuple[str, datetime.date | None]] = [
            ("the model's release", released), ("announced", cycle.announced),
            ("deprecated", cycle.deprecated), ("retires", cycle.retires), ("seen_gone", cycle.seen_gone)]
        dated = [(name, date) for name, date in steps if date]
        for (before, first), (after, second) in itertools.pairwise(dated):
            if second < first:
                path = ("lifecycle", after)
                yield at(entry, path, f"lifecycle dates out of order: {after} {second} is before {before} {first}",
                         "dates must run release <= announced <= deprecated <= retires (or seen_gone)")
        if cycle.retires and cycle.retires_not_before and cycle.retires < cycle.retires_not_before:
            yield at(entry, ("lifecycle", "retires"), f"retires {cycle.retires}, before the provider's floor "
                     f"(retires_not_before {cycle.retires_not_before})",
                     "check both dates against the provider's page; a floor it later broke goes in `notes`")
        if cycle.replacement == offering.id:
            yield at(entry, ("lifecycle", "replacement"), "an offering cannot replace itself",
                     "name the offering the provider recommends instead")
        if cycle.status == "retired" and cycle.retires is None and cycle.seen_gone is None:
            yield at(entry, ("lifecycle", "status"), "a retired offering needs its `retires` date",
                     "add `retires: YYYY-MM-DD` from the provider's deprecations page (or, when only its absence "
                     "was seen, `seen_gone:` the day of that page's copy)")
        if cycle.retires and cycle.seen_gone:
            yield at(entry, ("lifecycle", "seen_gone"), "both `retires` and `seen_gone`: once the provider gives the "
                     "day it stopped, the day it was seen gone says nothing more",
                     "keep `retires` and drop `seen_gone`")
        if cycle.status == "retired" and cycle.retires and cycle.retires > today:
            yield at(entry, ("lifecycle", "status"), f"status is `retired`, but `retires` is {cycle.retires}, "
                     f"in the future (today is {today})",
                     "keep `status: deprecated` until that day, or correct `retires` if it already happened")
        provider = kb.get(Provider.kind, offering.provider)
        if isinstance(provider, Provider) and "api-host" not in provider.roles:
            yield at(entry, ("provider",), f"provider `{provider.id}` is not an API host",
                     f"add `api-host` to the roles in kb/providers/{provider.id}.yaml, or fix the provider")


def unsourced_dates(kb: KB) -> Iterator[Issue]:
    for offering in kb.offerings:
        cycle = offering.lifecycle
        dated = [name for name in PLANNING_DATES if getattr(cycle, name)]
        if dated and not cycle.sources:
            yield at(kb.entries[(Offering.kind, offering.id)], ("lifecycle", dated[0]),
                     f"lifecycle `{dated[0]}` is not sourced: `lifecycle.sources` is empty",
                     "list under `lifecycle.sources` the page that gives the date (the provider's deprecations "
                     "page, or the catalogue it was imported from)")
        elif cycle.seen_gone and not is_primary(kb, cycle.sources):
            yield at(kb.entries[(Offering.kind, offering.id)], ("lifecycle", "seen_gone"),
                     "`seen_gone` rests on secondary sources only: a catalogue that stops listing an offering does "
                     "not show the provider stopped serving it", "cite the provider's own page (a dated copy "
                     "without the offering) under `lifecycle.sources`, or drop `seen_gone`")


def pages_without_date(kb: KB) -> Iterator[Issue]:
    """`no_date_on` qualifies a date only secondary sources give, with first-party pages read no later than then."""
    for offering in kb.offerings:
        entry, cycle = kb.entries[(Offering.kind, offering.id)], offering.lifecycle
        if cycle.no_date_on and not (cycle.retires or cycle.retires_not_before):
            yield at(entry, ("lifecycle", "no_date_on"), "`no_date_on` without a retirement date to dispute",
                     "remove `no_date_on`: a page without a date only matters beside a date")
        elif cycle.no_date_on and dates_first_party(kb, offering):
            yield at(entry, ("lifecycle", "no_date_on"), "`no_date_on` beside a date a first-party page gives",
                     "remove `no_date_on`: the provider's page with the date is the newer word; an older page "
                     "without it is history, kept in `sources`")
        for index, page in enumerate(cycle.no_date_on):
            source = kb.get(Source.kind, page.source)
            if not isinstance(source, Source):
                continue  # an unknown id is reported where every reference is checked
            if not is_primary(kb, [source.id]):
                yield at(entry, ("lifecycle", "no_date_on", index, "source"),
                         f"`{source.id}` is not a first-party page", "cite the provider's own page, or remove the "
                         "entry: a catalogue that lists no date does not dispute one")
            elif source.accessed and page.as_of > source.accessed:
                yield at(entry, ("lifecycle", "no_date_on", index, "as_of"),
                         f"as of {page.as_of}, after the page was read ({source.accessed})",
                         "use the edition's own date, or the day its copy was read")


def offering_ids(kb: KB) -> Iterator[Issue]:
    for offering in kb.offerings:
        if not offering.id.startswith(f"{offering.provider}--"):
            yield at(kb.entries[(Offering.kind, offering.id)], ("id",),
                     f"offering id `{offering.id}` does not start with its provider `{offering.provider}--`",
                     f"name the file and id `{offering.provider}--<model>`, or correct `provider`")


def api_ids(kb: KB) -> Iterator[Issue]:
    claimed: dict[tuple[str, str], str] = {}
    for offering in kb.offerings:
        entry = kb.entries[(Offering.kind, offering.id)]
        here: set[str] = set()
        for field in ("api_ids", "aliases"):
            for index, api_id in enumerate(getattr(offering, field)):
                if api_id in here:
                    yield at(entry, (field, index), f"API id `{api_id}` is listed twice in this offering",
                             "list each id once: pinned ids in `api_ids`, moving ones in `aliases`")
                    continue
                here.add(api_id)
                owner = claimed.setdefault((offering.provider, api_id), offering.id)
                if owner != offering.id:
                    yield at(entry, (field, index), f"API id `{api_id}` is already claimed by offering `{owner}` "
                             f"of the same provider `{offering.provider}`",
                             "an API id names one model at one provider: remove it from one of the offerings")


def replacement_cycles(kb: KB) -> Iterator[Issue]:
    """Following replacements must end at an offering that is not replaced; a circle sends callers round it."""
    successor = {o.id: o.lifecycle.replacement for o in kb.offerings
                 if o.lifecycle.replacement and o.lifecycle.replacement != o.id}
    for start in sorted(successor):
        chain, current = [start], successor[start]
        while current in successor and current not in chain:
            chain.append(current)
            current = successor[current]
        if current == start:
            circle = " → ".join([*chain, start])
            yield at(kb.entries[(Offering.kind, start)], ("lifecycle", "replacement"),
                     f"replacements run in a circle: {circle}",
                     "point the replacement at the offering the provider recommends now, which is not replaced")


def shell_names(kb: KB) -> Iterator[Issue]:
    """Two providers whose ids name the same shell variables (`acme.eu`, `acme-eu`) would get each other's keys and
    base URLs in the snippets and `kb fake-providers`."""
    seen: dict[str, str] = {}
    for provider in sorted(kb.providers, key=lambda p: p.id):
        other = seen.setdefault(provider.env_prefix, provider.id)
        if other != provider.id:
            yield at(kb.entries[("providers", provider.id)], ("id",),
                     f"provider `{provider.id}` names the same shell variables as `{other}` "
                     f"({provider.env_prefix}_...)",
                     "choose an id that differs from it in more than punctuation")


def key_destinations(kb: KB) -> Iterator[Issue]:
    """A provider's key goes only to that provider: no two providers read the same environment variable (the live
    check would send one's key to the other's URL), and the model list is fetched from a host of its own API."""
    readers: dict[str, str] = {}
    for provider in sorted(kb.providers, key=lambda p: p.id):
        entry = kb.entries[("providers", provider.id)]
        if provider.auth:
            other = readers.setdefault(provider.auth.env_var, provider.id)
            if other != provider.id:
                yield at(entry, ("auth", "env_var"),
                         f"`{provider.auth.env_var}` is also `{other}`'s key variable: the live check would send one "
                         "provider's key to the other's API", "give each provider the variable its own SDK reads")
        hosts = {urlsplit(u).hostname for u in (provider.api_base_url, provider.openai_compatible_base_url) if u}
        listed = urlsplit(provider.models_endpoint).hostname if provider.models_endpoint else None
        if provider.models_endpoint and listed not in hosts:
            known = ", ".join(sorted(h for h in hosts if h)) or "none"
            yield at(entry, ("models_endpoint",),
                     f"the model list's host `{listed}` is not a host of `api_base_url` or "
                     f"`openai_compatible_base_url` ({known}): the provider's key would be sent there",
                     "list the models from the provider's own API host")
