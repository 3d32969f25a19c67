"""The cells and rows the site's largest tables repeat, written in Python: offerings (on model and provider pages),
price snapshots, current prices, a workload's costs, benchmark claims, the changelog's events and a model's history.

At catalogue scale these loops run about 60,000 times a build, and a jinja2 loop or macro pays a dozen operations a
value (a context call, an attribute lookup, an escape). The rows come out the same bytes as the templates wrote them:
every value goes through `written`, the templates' own escape of an expression (template_output.py), record text
through the same filters (escape.html_cell, html_attr), links through `Anchors`, citations through the page's own
`Citations`, called in the order the templates called them (a source's footnote number is its order of first use).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from markupsafe import Markup

from ..escape import html_attr, html_cell
from ..kb import current, evidence
from ..kb.link import KB
from ..kb.records import BenchmarkClaim, Model, Offering, Snapshot
from ..kb.records.benchmark import Setting
from ..kb.records.price import price_names
from ..kb.records.price_tiers import ServicePrice, Tier
from .anchors import Anchors
from .citations import Citations
from .numbers import NONE, cost, number, price, price_date, tokens
from .template_output import written

if TYPE_CHECKING:
    from ..kb.records import Benchmark
    from .changelog import Event
    from .record_pages import OfferingView
    from .summary_rows import CostRow, PriceRow

Prices = ServicePrice | Tier | Snapshot


def prices(pair: Prices | None) -> Markup:
    """An input and an output price ("$1.00 / $2.00": a snapshot's, a batch rate, a long-context tier), or a dash."""
    return Markup(f"{written(price(pair.input))} / {written(price(pair.output))}" if pair else NONE)


def tiers(snapshot: Snapshot) -> Markup:
    """A snapshot's long-context tiers, a line each ("over 200,000: $1.00 / $2.00"), or a dash."""
    return Markup("<br>".join(f'<span class="fl-line">over {written(number(t.above_tokens))}: {prices(t)}</span>'
                              for t in snapshot.tiers) or NONE)


def codes(ids: Iterable[str]) -> Markup:
    """API ids as code, comma-separated, or a dash."""
    return Markup(", ".join(f"<code>{html_cell(i)}</code>" for i in ids) or NONE)


def setting(value: Setting) -> str:
    """How a score was obtained, in words: the parts that are known, joined, never starting with a separator.
    Plain text: the template escapes it for its context."""
    parts = [f"{value.shots}-shot" if value.shots is not None else "",
             "chain of thought" if value.chain_of_thought else "", value.attempts or ""]
    text = ", ".join(part for part in parts if part)
    if value.notes:
        text = f"{text}; {value.notes}" if text else value.notes
    return text or "—"


def score(claim: BenchmarkClaim) -> Markup:
    """A claim's score with its metric ("91.2 %"), or its qualitative result."""
    if claim.score is not None:
        return Markup(f"{written(number(claim.score))} {html_cell(claim.metric)}")
    return html_cell(claim.qualitative)


def head(names: Sequence[str], align: str = "", searchable: bool = False, table: str = "",
         types: Sequence[str] = ()) -> Markup:
    """A table's opening and header row. Outside the search index unless `searchable`; with `table`, a data table
    the page's script sorts and filters (its state kept in the URL under that key), whose first column stays in view
    while the rest scrolls sideways, `types` saying which columns sort as numbers or dates; `align` aligns every
    column after the first."""
    excluded = "" if searchable else " data-search-exclude"
    opening = (f'<div class="fl-table-scroll"><table data-fl-table="{written(table)}" id="{written(table)}-table" '
               f'class="fl-sticky"{excluded}>' if table else f"<table{excluded}>")
    cells = []
    for i, name in enumerate(names):
        typed = f' data-type="{written(types[i])}"' if types else ""
        aligned = f' style="text-align: {written(align)};"' if align and i else ""
        cells.append(f"<th{typed}{aligned}>{written(name)}</th>")
    return Markup(f"{opening}<thead><tr>{''.join(cells)}</tr></thead>\n<tbody>")


def foot(table: str = "") -> Markup:
    """A table's end (`table`: a data table's, see `head`)."""
    return Markup("</tbody>\n</table>" + ("</div>" if table else ""))


def lines(rows: Iterable[str]) -> Markup:
    return Markup("\n".join(rows))


class Rows:
    """One page's rows: they cite through the page's `Citations` and link through its `Anchors`."""

    prices, tiers, codes, score = staticmethod(prices), staticmethod(tiers), staticmethod(codes), staticmethod(score)
    head, foot = staticmethod(head), staticmethod(foot)

    def __init__(self, kb: KB, today: datetime.date, cite: Citations, anchors: Anchors) -> None:
        self.kb, self.today, self.cite, self.anchors = kb, today, cite, anchors

    def secondary_only(self, offering: Offering, within: bool = False) -> Markup:
        """" (secondary sources only)" (or "; secondary sources only" `within` brackets) after a lifecycle date
        that no first-party page gives, with the day a first-party page listed none, if one did."""
        if evidence.dates_first_party(self.kb, offering) is not False:
            return Markup("")
        words = f"secondary sources only{written(evidence.disagreement(offering))}"
        return Markup(f"; {words}" if within else f" ({words})")

    def retires(self, offering: Offering) -> Markup:
        """When the offering retires: the day, the provider's "not before" floor, or the day it was seen gone."""
        cycle = offering.lifecycle
        if cycle.retires:
            return Markup(f"{written(cycle.retires)}{self.secondary_only(offering)}")
        if cycle.retires_not_before:
            floor = written(cycle.retires_not_before)
            said = (f"none announced; the floor of {floor} has passed" if current.floor_passed(offering, self.today)
                    else f"not before {floor}")
            return Markup(f"{said}{self.secondary_only(offering)}")
        if cycle.seen_gone:
            return Markup(f"gone by {written(cycle.seen_gone)} (seen then; the day it stopped is not known)")
        return Markup(NONE)

    def upcoming(self, snapshot: Snapshot | None) -> Markup:
        """The next price its provider announced, on a line of its own, or nothing."""
        if not snapshot:
            return Markup("")
        announced = f" (announced by {written(snapshot.announced)})" if snapshot.announced else ""
        return Markup(f'<br><span class="fl-sub fl-upcoming">from {written(snapshot.effective)}: {prices(snapshot)}'
                      f"{announced}{self.cite(snapshot.sources)}</span>")

    def withdrawn_or_price(self, view: OfferingView, cite: bool) -> str:
        if view.withdrawn:
            return (f"no public price (observed {written(view.withdrawn.observed)})"
                    f"{self.cite(view.withdrawn.sources) if cite else ''}")
        return prices(view.current)

    def offering_rows(self, views: Iterable[OfferingView], shown: Collection[str]) -> Markup:
        """A model page's offerings, a row each: provider, API ids (linked to the offering's section below), its
        status and replacement, dates, and the current price (the optional columns `shown` holds)."""
        url, link = self.anchors.url, self.anchors
        rows = []
        for v in views:
            o, cycle = v.offering, v.offering.lifecycle
            cells = [str(link.provider(v.provider)),
                     f'<a href="#{html_attr(url.offering_anchor(o))}">{codes(o.api_ids)}</a>{self.cite(o.sources)}']
            if "aliases" in shown:
                cells.append(codes(o.aliases))
            status = f"{written(v.status)}{self.cite(cycle.sources)}"
            if v.replacement:
                status += f"; replaced by {link.api(v.replacement)}"
                status += f", itself no longer served: now {link.api(v.successor)}" if v.successor else ""
            cells += [status, written(cycle.announced or NONE)]
            if "deprecated" in shown:
                cells.append(written(cycle.deprecated or NONE))
            if "retires" in shown:
                cells.append(self.retires(o))
            cells.append(self.withdrawn_or_price(v, cite=True))
            rows.append("<tr>" + "".join(f"<td>{cell}</td>" for cell in cells) + "</tr>")
        return lines(rows)

    def provider_offering_rows(self, views: Iterable[OfferingView], shown: Collection[str]) -> Markup:
        """A provider page's offerings, a row each: model, current price, status, when it retires, API id, aliases."""
        rows = []
        for v in views:
            retires = f"<td>{self.retires(v.offering)}</td>" if "retires" in shown else ""
            aliases = f"<td>{codes(v.offering.aliases)}</td>" if "aliases" in shown else ""
            rows.append(f'<tr data-status="{written(v.status)}"><td>{self.anchors.model(v.model)}</td>'
                        f"<td>{self.withdrawn_or_price(v, cite=False)}</td><td>{written(v.status)}</td>{retires}"
                        f'<td class="fl-api">{self.anchors.api(v.offering)}</td>{aliases}</tr>')
        return lines(rows)

    def snapshot_rows(self, snapshots: Iterable[Snapshot], shown: Collection[str]) -> Markup:
        """An offering's price history, a row each: when, the prices (with the optional columns `shown` holds:
        cached, batch, tiers), when last checked, and the sources."""
        rows = []
        for s in snapshots:
            when = str(written(s.effective)) + (" (disputed)" if s.disputed else "")
            if s.effective > self.today:
                announced = f"announced by {written(s.announced)}, " if s.announced else ""
                when += f'<br><span class="fl-sub">{announced}not yet in force</span>'
            if s.carried:
                carried = written(price_names(s.carried))
                when += f'<br><span class="fl-sub">{carried} carried from the snapshot before</span>'
            cells = [when, written(price(s.input)), written(price(s.output))]
            if "cached" in shown:
                cells.append(f"{written(price(s.cached_input))} / {written(price(s.cache_write))}")
            if "batch" in shown:
                cells.append(prices(s.batch))
            if "tiers" in shown:
                cells.append(tiers(s))
            cells += [checked(s), self.cite(s.sources)]
            rows.append("<tr>" + "".join(f"<td>{cell}</td>" for cell in cells) + "</tr>")
        return lines(rows)

    def price_rows(self, current_rows: Iterable[PriceRow], columns: Collection[str]) -> Markup:
        """The pricing page's live offerings, a row each: model and provider (and a status other than active), the
        prices (with the optional `columns`), API id, the price's date and its next one, and when last checked."""
        link, rows = self.anchors, []
        for r in current_rows:
            if r.status == "retiring":
                status = (f' · <strong class="fl-retiring">retires {written(r.offering.lifecycle.retires)}</strong>'
                          f"{self.secondary_only(r.offering)}")
            else:
                status = f" · {written(r.status)}" if r.status != "active" else ""
            cells = [f'{link.model(r.model)}<br><span class="fl-sub">{link.provider(r.provider)}{status}</span>',
                     written(price(r.snapshot.input)), written(price(r.snapshot.output))]
            if "cached" in columns:
                cells.append(written(price(r.snapshot.cached_input)))
            if "batch" in columns:
                cells.append(prices(r.snapshot.batch))
            if "tiers" in columns:
                cells.append(tiers(r.snapshot))
            since = f"{written(price_date(r.since or r.snapshot))}{self.cite(r.sources)}{self.upcoming(r.upcoming)}"
            last = "never"
            if r.check:
                unchecked = f" (not its {written(price_names(r.unchecked))})" if r.unchecked else ""
                last = f"{written(r.check.checked)}{unchecked}"
                last += self.cite(r.check.sources) if r.check is not r.snapshot else ""
            rows.append(f'<tr data-provider="{html_attr(r.provider.id)}" data-status="{written(r.status)}">'
                        + "".join(f"<td>{cell}</td>" for cell in cells)
                        + f'<td class="fl-api">{link.api(r.offering)}</td><td class="fl-wrap">{since}</td>'
                        f'<td class="fl-wrap">{last}</td></tr>')
        return lines(rows)

    def cost_rows(self, ranked: Iterable[CostRow]) -> Markup:
        """A workload's ranked offerings, a row each: model and provider, the cost per month, day and call, the prices
        it is worked out from, the API id and the price's date."""
        link, rows = self.anchors, []
        for r in ranked:
            tier_note = f" (tier over {written(tokens(r.cost.tier_above))})" if r.cost.tier_above else ""
            rows.append(
                f'<tr data-provider="{html_attr(r.provider.id)}"><td>{link.model(r.model)}<br><span class="fl-sub">'
                f"{link.provider(r.provider)}</span></td><td>{written(cost(r.month))}</td><td>{written(cost(r.day))}"
                f"</td><td>{written(cost(r.cost.per_call))}</td><td>{written(price(r.cost.snapshot.input))} / "
                f'{written(price(r.cost.snapshot.output))}{tier_note}</td><td class="fl-api">{link.api(r.offering)}'
                f'</td><td class="fl-wrap">{written(price_date(r.priced.since))}{self.cite(r.priced.sources)}'
                "</td></tr>")
        return lines(rows)

    def unranked_rows(self, rows: Iterable[CostRow], why: bool) -> Markup:
        """A workload's offerings it does not fit (`why`: with the reason) or may not (no published context window),
        a row each: model, provider, API id, the cost it would have and the prices."""
        link, lines_ = self.anchors, []
        for r in rows:
            each = (f"<td>{link.model(r.model)}</td><td>{link.provider(r.provider)}</td><td>{link.api(r.offering)}</td>"
                    f"<td>{written(cost(r.cost.per_call))}</td>")
            if why:
                each += f"<td>{written(cost(r.day))}</td><td>{written(cost(r.month))}</td>"
            each += f"<td>{written(price(r.cost.snapshot.input))} / {written(price(r.cost.snapshot.output))}</td>"
            lines_.append(f"<tr>{each}<td>{written(r.fit.reason)}</td></tr>" if why else f"<tr>{each}</tr>")
        return lines(lines_)

    def claim_cells(self, claim: BenchmarkClaim) -> str:
        """A claims table's cells after the first: score, setting, who reported it, when, and the sources."""
        contamination = f" Contamination: {html_cell(claim.contamination)}" if claim.contamination else ""
        return (f"<td>{score(claim)}</td><td>{html_cell(setting(claim.setting))}</td><td>"
                f'{written(claim.reported_by)}: {html_cell(claim.reporter)}</td><td class="fl-when">'
                f"{written(claim.when)}</td><td>{self.cite(claim.sources)}{contamination}</td></tr>")

    def model_claim_rows(self, claims: Iterable[BenchmarkClaim], benchmarks: Mapping[str, Benchmark]) -> Markup:
        """A model page's claims, a row each, led by the benchmark (`benchmarks`: each claim's, by id)."""
        return lines(f"<tr><td>{self.anchors.record('benchmarks', c.benchmark, benchmarks[c.benchmark].name)}</td>"
                     f"{self.claim_cells(c)}" for c in claims)

    def benchmark_claim_rows(self, claims: Iterable[BenchmarkClaim], get: Callable[[str, str], Model]) -> Markup:
        """A benchmark page's claims, a row each, led by the model (`get`: the catalog's record by kind and id)."""
        return lines(f"<tr><td>{self.anchors.model(get('models', c.model))}</td>{self.claim_cells(c)}" for c in claims)

    def event_items(self, events: Iterable[Event]) -> Markup:
        """The changelog's list items for a day's events, a line each: what happened, linked, and its detail."""
        return lines(f'<li><strong>{written(str(e.kind).replace("-", " "))}</strong>: {self.anchors.event(e)}, '
                     f"{html_cell(e.detail)}</li>" for e in events)

    def history_rows(self, events: Iterable[Event]) -> Markup:
        """A model page's History table rows, a line each: the date, what happened, linked, and its detail."""
        return lines(f"<tr><td>{written(e.date)}</td><td>{self.anchors.event(e)}</td><td>{html_cell(e.detail)}"
                     "</td></tr>" for e in events)


def checked(snapshot: Snapshot) -> str:
    """When a snapshot's prices were last confirmed at their source, and which of them that did not cover; or
    "never"."""
    if not snapshot.checked:
        return "never"
    said = str(written(snapshot.checked)) + (" (not the carried prices)" if snapshot.carried else "")
    return said + (f" (not its {written(price_names(snapshot.unchecked))})" if snapshot.unchecked else "")
