"""The rows the site's largest tables repeat, written in Python: offerings (on model and provider pages, with each
offering's section), price snapshots, current prices, a workload's costs, benchmark claims, the changelog's events, a
model's history and the records citing a source (the cells they share: table_cells.py).

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

from ..escape import code_span, html_attr, html_cell, md
from ..kb import current, evidence
from ..kb.link import KB, Key
from ..kb.records import BenchmarkClaim, Model, Offering, Snapshot
from ..kb.records.price import price_names
from .anchors import Anchors
from .citations import Citations
from .numbers import NONE, cost, number, price, price_date, tokens
from .prose import stop_after
from .table_cells import cells, checked, codes, foot, head, lines, prices, score, setting, tiers
from .template_output import written

if TYPE_CHECKING:
    from ..kb.records import Benchmark
    from ..kb.records.base import TokensFact
    from .changelog import Event
    from .record_pages import OfferingView
    from .summary_rows import CostRow, PriceRow


class Rows:
    """One page's rows: they cite through the page's `Citations` and link through its `Anchors`."""

    prices, tiers, codes, score = staticmethod(prices), staticmethod(tiers), staticmethod(codes), staticmethod(score)
    head, foot = staticmethod(head), staticmethod(foot)

    def __init__(self, kb: KB, today: datetime.date, cite: Citations, anchors: Anchors) -> None:
        self.kb, self.today, self.cite, self.anchors = kb, today, cite, anchors

    def secondary_only(self, offering: Offering, within: bool = False) -> Markup:
        """What follows a lifecycle date that no first-party page gives: " (secondary sources only)", or "; secondary
        sources only" `within` brackets, with the day a first-party page listed none, if one did."""
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
        """The price in force, or the day the provider's page was seen showing none (`cite`: with its sources)."""
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
            row = [str(link.provider(v.provider)),
                   f'<a href="#{html_attr(url.offering_anchor(o))}">{codes(o.api_ids)}</a>{self.cite(o.sources)}']
            if "aliases" in shown:
                row.append(codes(o.aliases))
            status = f"{written(v.status)}{self.cite(cycle.sources)}"
            if v.replacement:
                status += f"; replaced by {link.api(v.replacement)}"
                status += f", itself no longer served: now {link.api(v.successor)}" if v.successor else ""
            row += [status, written(cycle.announced or NONE)]
            if "deprecated" in shown:
                row.append(written(cycle.deprecated or NONE))
            if "retires" in shown:
                row.append(self.retires(o))
            row.append(self.withdrawn_or_price(v, cite=True))
            rows.append(f"<tr>{cells(row)}</tr>")
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

    def offering_section(self, view: OfferingView) -> Markup:
        """A model page's section on one offering: its heading (with the anchor the offerings table links to), its own
        limits, regions and notes, then its price history (table, notes on snapshots, a withdrawn price, corrections,
        chart), Markdown around raw-HTML blocks."""
        o, history = view.offering, view.history
        said = "".join([
            f"Context window here: {self.tokens(o.context_window, stop=True)} " if o.context_window else "",
            f"Max output here: {self.tokens(o.max_output, stop=True)} " if o.max_output else "",
            f"Regions: {written(md(', '.join(o.regions)))}. " if o.regions else "",
            written(md(o.notes)) if o.notes else ""])
        text = (f"### {written(md(view.provider.name))}: {written(code_span(o.api_ids[0]))} "
                f"{{: #{written(self.anchors.url.offering_anchor(o))} }}\n\n{said}\n\n")
        if not history:  # the template's line ends the section
            return Markup(text + "No prices recorded for this offering.")
        shown = view.price_columns
        names = ["Effective", "Input", "Output", *(["Cached in / cache write"] if "cached" in shown else []),
                 *(["Batch in / out"] if "batch" in shown else []), *(["Long context"] if "tiers" in shown else []),
                 "Checked", "Sources"]
        text += f"{head(names)}\n{self.snapshot_rows(history.snapshots, shown)}\n{foot()}\n\n"
        for s in history.snapshots:
            if s.disputed or s.note:
                disputed = f", disputed: {written(md(s.disputed))}" if s.disputed else ""
                note = (f"{stop_after(s.disputed) + ' Note:' if s.disputed else ''} {written(md(s.note))}"
                        if s.note else "")
                text += f"- **{written(s.effective)}**{disputed}{note}\n"
        if history.withdrawn:
            gone = history.withdrawn
            why = f" ({written(md(gone.note))})" if gone.note else ""
            later = ", and a later price is in force" if view.withdrawn is None else ""
            text += (f"- **Observed {written(gone.observed)}**: the provider's page shows no public price{why}; when "
                     f"the listed price was taken down is not known{later}.{self.cite(gone.sources)}\n\n")
        for c in history.corrections:
            text += f"- **Correction** to the snapshot of {written(c.effective)}: {written(md(c.reason))}\n\n"
        if view.chart:
            # marked for search: the indexer would parse the chart's long data URI to find no text (search_skip.py)
            text += (f'<p class="fl-chart" data-search-exclude><img src="{written(view.chart_uri)}" '
                     f'alt="Price history, {written(view.title)} (USD per 1M tokens, input and output over time)">'
                     '</p>\n')
        return Markup(text)  # the template's line ends the section

    def tokens(self, facts: Sequence[TokensFact], cell: bool = False, stop: bool = False) -> Markup:
        """Token counts as sources state them, best first (evidence.ranked), a line each with its date, sources and
        note (Markdown, or with `cell` a raw-HTML table cell's text); or a dash. With `stop`, ended as a sentence."""
        text = html_cell if cell else md
        shown = "<br>".join(
            f"{written(number(f.value))}{f' (as of {written(f.as_of)})' if f.as_of else ''}{self.cite(f.sources)}"
            f"{f' — {written(text(f.note))}' if f.note else ''}" for f in evidence.ranked(self.kb, facts)) or NONE
        return Markup(shown + (stop_after(shown) if stop else ""))

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
            row = [when, written(price(s.input)), written(price(s.output))]
            if "cached" in shown:
                row.append(f"{written(price(s.cached_input))} / {written(price(s.cache_write))}")
            if "batch" in shown:
                row.append(prices(s.batch))
            if "tiers" in shown:
                row.append(tiers(s))
            last = checked(s.checked, s.unchecked, bool(s.carried)) if s.checked else "never"
            row += [last, self.cite(s.sources)]
            rows.append(f"<tr>{cells(row)}</tr>")
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
            row = [f'{link.model(r.model)}<br><span class="fl-sub">{link.provider(r.provider)}{status}</span>',
                   written(price(r.snapshot.input)), written(price(r.snapshot.output))]
            if "cached" in columns:
                row.append(written(price(r.snapshot.cached_input)))
            if "batch" in columns:
                row.append(prices(r.snapshot.batch))
            if "tiers" in columns:
                row.append(tiers(r.snapshot))
            since = f"{written(price_date(r.since or r.snapshot))}{self.cite(r.sources)}{self.upcoming(r.upcoming)}"
            last = "never"
            if r.check:
                last = checked(r.check.checked, r.unchecked)
                last += self.cite(r.check.sources) if r.check is not r.snapshot else ""
            rows.append(f'<tr data-provider="{html_attr(r.provider.id)}" data-status="{written(r.status)}">'
                        + cells(row)
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
                f"</td><td>{written(cost(r.cost.per_call))}</td><td>{prices(r.cost.snapshot)}{tier_note}</td>"
                f'<td class="fl-api">{link.api(r.offering)}'
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
            each += f"<td>{prices(r.cost.snapshot)}</td>"
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

    def cited_by(self, refs: Iterable[tuple[Key, str]]) -> Markup:
        """The records citing a source, each linked by its label (the Sources page: about 11,000 links at catalogue
        scale)."""
        return Markup("<p data-search-exclude>Cited by: " + ", ".join(
            self.anchors.citing(key, label) for key, label in refs) + "</p>")

    def event_items(self, events: Iterable[Event]) -> Markup:
        """The changelog's list items for a day's events, a line each: what happened, linked, and its detail."""
        return lines(f'<li><strong>{written(str(e.kind).replace("-", " "))}</strong>: {self.anchors.event(e)}, '
                     f"{html_cell(e.detail)}</li>" for e in events)

    def history_rows(self, events: Iterable[Event]) -> Markup:
        """A model page's History table rows, a line each: the date, what happened, linked, and its detail."""
        return lines(f"<tr><td>{written(e.date)}</td><td>{self.anchors.event(e)}</td><td>{html_cell(e.detail)}"
                     "</td></tr>" for e in events)
