"""`kb check`: is the KB still true? Offline (stale prices, lifecycle dates) and live (against provider APIs).

Findings are statements about the KB (a price unchecked for 90 days, an id a provider no longer lists); errors
are failures to check (a timeout, a 429, a malformed body). They are kept apart in every report and in the exit
code, so a flaky API never turns into "this model is gone".
"""

from __future__ import annotations

import asyncio
import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from ..kb.current import is_live, live_successor, replaced_by, retiring_within
from ..kb.evidence import dates_first_party, disagreement
from ..kb.issues import display_path
from ..kb.link import KB
from ..kb.records import Offering, PriceHistory, Provider, Snapshot
from ..kb.records.base import Path as RecordPath
from ..kb.records.price import PRICE_NAMES
from ..kb.units import usd
from . import snippets
from .aggregator import AGGREGATOR, Coverage, compare, priced_offerings
from .endpoints import with_endpoints
from .reports import FORMATS
from .upstream import UpstreamError, UpstreamModel, UrlFor, list_all

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERRORS = 0, 1, 3


Severity = Literal["warning", "notice"]
"""`warning`: the KB is probably wrong now; `notice`: worth a look (a retirement ahead)."""


@dataclass
class Finding:
    code: str
    severity: Severity
    """`warning` or `notice`."""
    message: str
    file: str
    line: int
    column: int


@dataclass
class Report:
    today: str
    live: bool = False
    findings: list[Finding] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    coverage: str = ""
    """The line every report ends with: how many priced offerings were compared with the aggregator's list."""

    @property
    def exit_code(self) -> int:
        return EXIT_ERRORS if self.errors else EXIT_FINDINGS if self.findings else EXIT_CLEAN


def finding(kb: KB, kind: str, record_id: str, path: RecordPath, code: str, message: str,
            severity: Severity = "warning") -> Finding:
    entry = kb.entries[(kind, record_id)]
    line, column = entry.raw.locate(path)
    return Finding(code, severity, message, display_path(entry.file), line, column)


# ---------------------------------------------------------------- offline


def days(count: int) -> str:
    """A count of days as a reader says it: "1 day", "2 days"."""
    return f"{count} day" if count == 1 else f"{count} days"


def check_offline(kb: KB, today: datetime.date, stale_days: int = 90, soon_days: int = 30,
                  snippet_calls: Iterable[tuple[str, str]] | None = None) -> list[Finding]:
    """Stale prices, lifecycle dates and retired models in the site's snippets; `snippet_calls` (provider id, model
    id) stands in for the site's own snippets' calls."""
    out = price_findings(kb, today, stale_days)
    for offering in kb.offerings:
        cycle = offering.lifecycle
        if (cycle.retires or cycle.seen_gone) and not is_live(offering, today) and cycle.status != "retired":
            out.append(finding(kb, "offerings", offering.id, ("lifecycle", "status"), "retired-but-active",
                               (f"{offering.id} retired on {cycle.retires}" if cycle.retires else
                                f"{offering.id} was seen gone by {cycle.seen_gone}")
                               + f" but is still marked `{cycle.status}`"))
        elif cycle.retires and retiring_within(offering, today, soon_days):
            out.append(finding(kb, "offerings", offering.id, ("lifecycle", "retires"), "retiring-soon",
                               f"{offering.id} retires on {cycle.retires}, in {days((cycle.retires - today).days)}"
                               + ("" if dates_first_party(kb, offering) else " (only secondary sources give this date"
                                  f"{disagreement(offering)}: confirm it at the provider's deprecations page)")
                               + (f"; replacement: {cycle.replacement}" if cycle.replacement else
                                  "; no replacement recorded")))
        replacement = replaced_by(kb, offering)
        if replacement is not None and is_gone(replacement, today):
            successor = live_successor(kb, offering, today)
            out.append(finding(kb, "offerings", offering.id, ("lifecycle", "replacement"), "replacement-retired",
                               f"the replacement of {offering.id}, {replacement.id}, is itself retired"
                               + (f"; the site points readers on to {successor.id}" if successor else
                                  "; no live offering down its chain of replacements")))
    calls = set(snippet_calls if snippet_calls is not None else site_snippet_calls(kb, today))
    for offering in kb.offerings:
        if not is_gone(offering, today):
            continue
        for index, api_id in enumerate(offering.api_ids):
            if (offering.provider, api_id) in calls:
                out.append(finding(kb, "offerings", offering.id, ("api_ids", index), "retired-in-snippet",
                                   f"a snippet on the site calls `{api_id}`, which retired on "
                                   f"{offering.lifecycle.retires}"))
    return out


def price_findings(kb: KB, today: datetime.date, stale_days: int) -> list[Finding]:
    """Each live offering's price in force that no first-party page confirmed, or confirmed too long ago; one that
    differs from the provider's own last reading is said apart (`unconfirmed-change`): a secondary figure newer
    than the provider's page is a change to confirm, not just an old check."""
    out: list[Finding] = []
    for history in kb.prices:
        current = history.current(today)
        offering = kb.get("offerings", history.offering)
        if isinstance(offering, Offering) and not is_live(offering, today):
            continue  # a retired offering's last price is history: nobody can pay it, so it cannot be stale
        if current is None:
            out.extend(disputed_only(kb, history, today))
            continue
        check = history.last_check(current)
        where = ("snapshots", history.snapshots.index(current), "effective")
        own = history.last_checked_before(current) if check is None else None
        changed = differences(current, own) if own is not None else ""
        if own is not None and changed:
            out.append(finding(kb, "prices", history.id, where, "unconfirmed-change",
                               f"the current price of {history.offering} (effective {current.effective}) differs "
                               f"from what a first-party page last showed, checked {own.checked}: "
                               f"{changed}; confirm the change at the provider's page and set "
                               "`checked`, or mark the reading `disputed`"))
        elif check is None or check.checked is None:
            out.append(finding(kb, "prices", history.id, where, "stale-price",
                               f"the current price of {history.offering} (effective {current.effective}) has never "
                               "been checked at its source; confirm it and set `checked`"))
        elif (today - check.checked).days > stale_days:
            out.append(finding(kb, "prices", history.id, ("snapshots", history.snapshots.index(check), "checked"),
                               "stale-price", f"the current price of {history.offering} was last checked "
                               f"{check.checked}, {(today - check.checked).days} days ago (limit {stale_days})"))
    return out


def disputed_only(kb: KB, history: PriceHistory, today: datetime.date) -> list[Finding]:
    """A live offering whose every reading in force by `today` is disputed: typically the provider's newer page no
    longer lists it, so the older figure was disputed, but the offering still looks live. A price withdrawn on
    purpose (`withdrawn`: "Contact Sales") or only announced ahead is not this."""
    seen = [s for s in history.snapshots if s.effective <= today]
    # `current` is the one definition of the price in force (undisputed, not withdrawn): none, yet not withdrawn
    if not seen or history.current(today) is not None or history.withdrawn_on(today):
        return []
    return [finding(kb, "prices", history.id, ("snapshots", history.snapshots.index(seen[-1]), "disputed"),
                    "disputed-only", f"every price of {history.offering} in force by {today} is disputed, yet it is "
                    "live: if the provider's newer page no longer lists it, record when it was last served "
                    "(`lifecycle.retires`, or `seen_gone` with the page that no longer lists it); else add the "
                    "price it charges now")]


PER_TOKEN = ("input", "output", "cached_input", "cache_write")
"""The prices a snapshot states as one number per 1M tokens (the rest are tables: Batch, tiers)."""


def differences(now: Snapshot, then: Snapshot) -> str:
    """Each per-token price `now` states otherwise than `then` did, as "input $0.20 (was $0.15)"."""
    changed = [(PRICE_NAMES[name], getattr(now, name), getattr(then, name)) for name in PER_TOKEN
               if getattr(now, name) is not None and getattr(now, name) != getattr(then, name)]
    return ", ".join(f"{label} {usd(new)} (was {usd(old) if old is not None else 'not shown'})"
                     for label, new, old in changed)


def is_gone(offering: Offering, today: datetime.date) -> bool:
    return not is_live(offering, today)


def site_snippet_calls(kb: KB, today: datetime.date) -> list[tuple[str, str]]:
    """What the site's snippets call: each provider's on the code page, and the patterns'."""
    found: list[snippets.Snippet] = []
    env = snippets.environment()
    for provider in kb.providers:
        offering = snippets.representative(kb, provider.id, today)
        if offering:
            found += snippets.for_offering(kb, offering, env)
    found += [snippet for _, _, snippet in snippets.patterns(kb, today)]
    return [call for snippet in found for call in snippet.calls]


# ---------------------------------------------------------------- live


def check_live(kb: KB, today: datetime.date, keys: dict[str, str], url_for: UrlFor, drift: float = 0.10,
               timeout: float = 10.0, retries: int = 3, max_wait: float = 30.0) -> Report:
    """Compare the KB with every provider whose key is given (OpenRouter's public list needs none)."""
    report = Report(today.isoformat(), live=True)
    listable = [p for p in kb.providers if p.models_endpoint and p.auth]
    chosen = [p for p in listable if keys.get(p.id) or p.id == AGGREGATOR]
    report.skipped = [f"{p.id}: {p.auth.env_var} is not set" for p in listable
                      if p not in chosen and p.auth is not None]
    results = asyncio.run(list_all(chosen, {p.id: keys.get(p.id, "") for p in chosen}, url_for, timeout, retries,
                                   max_wait))
    coverage = Coverage(priced=len(priced_offerings(kb, today)), note="OpenRouter's list was not read")
    for provider in chosen:
        result = results[provider.id]
        if isinstance(result, UpstreamError):
            report.errors.append(str(result))
            continue
        if provider.id == AGGREGATOR:
            routed, failed = with_endpoints(kb, result, today, url_for, keys.get(AGGREGATOR, ""), timeout, retries,
                                            max_wait)
            report.errors += [str(error) for error in failed]
            if not keys.get(AGGREGATOR) and provider.auth is not None:
                report.skipped.append(f"{AGGREGATOR} endpoints (the hosts' prices of each model): "
                                      f"{provider.auth.env_var} is not set")
            found, coverage = compare(kb, today, routed, drift, lambda *a: finding(kb, *a))
            report.findings += found  # type: ignore[arg-type]
        report.findings += compare_provider(kb, provider, result, today)
    report.coverage = coverage.line()
    return report


def compare_provider(kb: KB, provider: Provider, upstream: list[UpstreamModel], today: datetime.date) -> list[Finding]:
    listed = {m.id: m for m in upstream}
    out: list[Finding] = []
    for offering in kb.offerings_of_provider(provider.id):
        gone = is_gone(offering, today)
        ids = [("api_ids", i, api_id) for i, api_id in enumerate(offering.api_ids)]
        ids += [("aliases", i, api_id) for i, api_id in enumerate(offering.aliases)]
        for field_name, index, api_id in ids:
            model = listed.get(api_id)
            if model is None:
                if not gone:
                    out.append(finding(kb, "offerings", offering.id, (field_name, index), "missing-upstream",
                                       f"{provider.name} does not list `{api_id}` any more; if it was retired, "
                                       "record the retirement (status, retires, replacement)"))
                continue
            out += lifecycle_disagreements(kb, offering, model, (field_name, index), gone)
    return out


def lifecycle_disagreements(kb: KB, offering: Offering, model: UpstreamModel, path: RecordPath,
                            gone: bool) -> list[Finding]:
    cycle, out = offering.lifecycle, []
    upstream_deprecated = model.deprecated or model.retires
    if upstream_deprecated and cycle.status in ("active", "preview"):
        when = f" (retires {model.retires})" if model.retires else ""
        out.append(finding(kb, "offerings", offering.id, ("lifecycle", "status"), "lifecycle-mismatch",
                           f"the provider marks `{model.id}` deprecated{when}; the KB says `{cycle.status}`"))
    elif model.retires and cycle.retires and model.retires != cycle.retires:
        out.append(finding(kb, "offerings", offering.id, ("lifecycle", "retires"), "lifecycle-mismatch",
                           f"the provider retires `{model.id}` on {model.retires}; the KB says {cycle.retires}"))
    if gone:
        out.append(finding(kb, "offerings", offering.id, path, "retired-but-listed",
                           f"the KB records `{model.id}` as retired, but the provider still lists it", "notice"))
    return out


__all__ = ["FORMATS", "Report", "check_live", "check_offline"]
