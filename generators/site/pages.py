"""What each page of the site shows: the rows, summaries and links its template lays out."""

from __future__ import annotations

import datetime
import functools
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..interop import coverage
from ..interop.coverage import Known
from ..kb import best_now, choose, choose_results, current, reads
from ..kb.link import KB, Key
from ..kb.records import (
    Assessment,
    AttentionVariant,
    Benchmark,
    BenchmarkClaim,
    Model,
    Offering,
    PriceHistory,
    Provider,
    Workload,
)
from ..live import snippets
from . import catalog_view, changelog, descriptions, kv_cache, preset_rows, record_pages, summary_rows, urls
from .cost_quality import best_claims, cost_quality_charts

SEARCH_BOOST: dict[current.ModelStatus, float] = {"live": 4.0, "retiring": 2.0, "unlisted": 1.0, "unannounced": 1.0,
                                                  "retired": 0.5}
"""A model page's search weight by its status: "opus" lists the Opus models one can call before the retired ones."""


@dataclass
class Page:
    """One output page: its path under the docs folder, its template and what the template sees."""

    path: str
    template: str
    context: dict[str, Any]
    title: str = ""
    """The page title for <title>, nav and search; record names are escaped before they get there."""
    files: dict[str, str] = field(default_factory=dict)
    """Other files the page needs (path under the docs folder -> text), such as its SVG charts."""
    wide: bool = False
    """A page whose tables need the full width (no side navigation)."""
    search_boost: float | None = None
    """How much Material's search weighs this page against others (None: the default, 1)."""
    description: str = ""
    """The one-sentence description for search results and link previews (descriptions.py); "" for the default."""
    listing: bool = False
    """A page listing the whole catalogue (models, prices, the changelog): left out of the search index, where each
    record's own page stands for it; indexing its thousands of rows cost more than the rest of a build's pages."""

    @property
    def root(self) -> str:
        """Relative prefix from this page back to the docs root."""
        return "../" * self.path.count("/")


def label(kb: KB, key: Key) -> str:
    record = kb.get(*key)
    if isinstance(record, Offering):
        return kb.offering_label(record)
    if isinstance(record, PriceHistory):
        owner = kb.get("offerings", record.offering)
        return f"prices of {label(kb, ('offerings', owner.id))}" if isinstance(owner, Offering) else record.id
    if isinstance(record, BenchmarkClaim):
        return (f"{kb.name_of('models', record.model)} on {kb.name_of('benchmarks', record.benchmark)} "
                f"({record.reporter}, {record.date})")
    return str(getattr(record, "name", None) or getattr(record, "topic", None) or getattr(record, "title", None)
               or key[1])


# ---------------------------------------------------------------- pages


def all_pages(kb: KB, today: datetime.date, known: Known | None = None,
              wanted: Callable[[str], bool] = lambda path: True) -> list[Page]:
    """The site's pages; `wanted(path)` picks some (a preview re-renders only those a change affects)."""
    return [make() for make in page_makers(kb, today, known, wanted)]


def page_makers(kb: KB, today: datetime.date, known: Known | None = None,
                wanted: Callable[[str], bool] = lambda path: True) -> list[Callable[[], Page]]:
    """`all_pages`, each page made only when called: what many pages share is worked out once (`Shared`), and each
    page's own view where it is rendered (a forked process, see render.py)."""
    shared = Shared(kb, today, known)
    records = [[functools.partial(shared.record_page, kind, record.id, maker)
                for record in kb.by_kind.raw_get(kind, []) if wanted(f"{folder}/{record.id}.md")]
               for kind, folder, maker in RECORD_PAGES]
    index = [make for path, make in shared.index_pages().items() if wanted(path)]
    return [*records[0], *index, *(make for pages in records[1:] for make in pages)]


RECORD_PAGES = (("workloads", "pricing", "workload_page"), ("attention", "attention", "attention_page"),
                ("benchmarks", "benchmarks", "benchmark_page"), ("providers", "providers", "provider_page"),
                ("models", "models", "model_page"))
"""Each kind with a page per record: its folder on the site and the `Shared` method that makes the page. Largest
pages first: the render processes take pages in this order (forked.take_turns), and a workload page, which prices
every offering, taken last would leave one process working alone at the end. Workload pages come even before the
summary pages (`page_makers`): a build that re-renders only the pages a change touched renders little else."""


class Shared:
    """What many pages share, worked out once; the changelog and the catalog only when a page first needs them,
    in the process that renders it (so in parallel, and a preview's first page waits for neither)."""

    def __init__(self, kb: KB, today: datetime.date, known: Known | None) -> None:
        self.kb, self.today, self.known = kb, today, known
        self.keep = reads.Kept()
        """`self.keep(name, compute)`: worked out the first time a page asks for `name`, kept for later pages."""
        self.code = snippets.environment()

    def catalog(self) -> catalog_view.Catalog:
        return self.keep(("catalog",), lambda: catalog_view.catalog(self.kb, label))

    def news(self) -> list[Any]:
        return self.keep(("news",), lambda: changelog.news(
            changelog.events(self.kb, self.today)))

    # Summaries of every model, worked out when a page first needs them: a preview re-rendering one model's page
    # needs none of them (nor the catalog: its backlinks are its own).
    def row(self, model: Model) -> summary_rows.ModelRow:
        return self.keep(("row", model.id), lambda: summary_rows.model_row(
            self.kb, model, self.today))

    @property
    def rows(self) -> list[summary_rows.ModelRow]:
        return self.keep(("rows",), lambda: [self.row(m) for m in self.kb.models])

    @property
    def kv(self) -> list[Any]:
        return self.keep(("kv",), lambda: [
            k for m in self.kb.models if (k := kv_cache.figures(self.kb, m))])

    @property
    def best(self) -> Any:
        return self.keep(("best",), lambda: best_claims(self.kb))

    @property
    def claims_by_benchmark(self) -> dict[str, list[BenchmarkClaim]]:
        def grouped() -> dict[str, list[BenchmarkClaim]]:
            found: dict[str, list[BenchmarkClaim]] = defaultdict(list)
            for claim in self.kb.claims:
                found[claim.benchmark].append(claim)
            return found
        return self.keep(("claims_by_benchmark",), grouped)

    def common(self) -> dict[str, Any]:
        return {"catalog": self.catalog()}

    def record_page(self, kind: str, record_id: str, maker: str) -> Page:
        """A record's page; the record is fetched here, so the page reads it (reads.py) as it reads all it shows."""
        page: Page = getattr(self, maker)(self.kb.get(kind, record_id))
        return page

    def code_tabs(self, offering: Offering | None) -> str:
        return snippets.tabs(snippets.for_offering(self.kb, offering, self.code)) if offering else ""

    def index_pages(self) -> dict[str, Callable[[], Page]]:
        kb, today, common = self.kb, self.today, self.common
        return {
            "index.md": lambda: Page("index.md", "home.md.j2", {
                **common(), "rows": self.rows, "changes": self.news()[:12], "reviewed": current.reviewed_up_to(kb),
                "retiring": summary_rows.retiring(kb, today), "best": best_now.answers(kb, today)}, "Home"),
            "changelog/index.md": lambda: Page("changelog/index.md", "changelog.md.j2", {
                **common(), "events": self.news()}, "Changelog",
                {urls.FEED: changelog.atom_feed(self.news(), today)}, listing=True),
            "models/index.md": lambda: Page("models/index.md", "models_index.md.j2",
                                            {**common(), "rows": summary_rows.newest_live_first(self.rows),
                                             "statuses": current.MODEL_STATUSES},
                                            "Models", wide=True, listing=True),
            "providers/index.md": lambda: Page("providers/index.md", "providers_index.md.j2", {**common()},
                                               "Providers"),
            "pricing/index.md": lambda: self.pricing_page(summary_rows.current_prices(kb, today)),
            "attention/index.md": lambda: Page("attention/index.md", "attention_index.md.j2", {
                **common(), "kv": self.kv, "formula": kv_cache.FORMULA}, "Attention variants"),
            "benchmarks/index.md": lambda: Page("benchmarks/index.md", "benchmarks_index.md.j2", {
                **common(), "best": self.best, "matrix_models": [
                    m for m in kb.models if any((m.id, b.id) in self.best for b in kb.benchmarks)]}, "Benchmarks"),
            "choosing/index.md": lambda: Page("choosing/index.md", "choosing.md.j2", {
                **common(), "by_type": assessments_by_type(kb),
                "status": {row.model.id: row.status for row in self.rows}}, "Choosing a model"),
            "choose/index.md": lambda: Page("choose/index.md", "choose.md.j2", {
                **common(), "presets": preset_rows.choose_presets(kb, today), "constraints": choose.Constraints(),
                "choose": choose, "regions": choose_results.regions(kb)}, "Choose a model by constraints", wide=True),
            "compare/index.md": lambda: Page("compare/index.md", "compare.md.j2", {
                **common(), "rows": sorted(self.rows, key=lambda r: (r.status != "live", r.model.name.lower()))},
                "Compare models side by side", wide=True),
            "cost-vs-quality/index.md": lambda: Page("cost-vs-quality/index.md", "cost_quality.md.j2", {
                **common(), "charts": cost_quality_charts(kb, today, "../")}, "Cost vs quality"),
            "sources/index.md": lambda: Page("sources/index.md", "sources.md.j2", {**common()}, "Sources"),
            "data/index.md": lambda: Page("data/index.md", "data.md.j2", {**common()}, "Data and JSON API"),
            "coverage/index.md": self.coverage_page,
            "code/index.md": lambda: Page("code/index.md", "code.md.j2", {**common(), "patterns": [
                (heading, text, snippets.tabs([snippet])) for heading, text, snippet in snippets.patterns(kb, today)]},
                "Code: calling several providers"),
        }

    def pricing_page(self, current_rows: list[summary_rows.PriceRow]) -> Page:
        return Page("pricing/index.md", "pricing_index.md.j2", {
            **self.common(), "current": current_rows, "provider_options": summary_rows.provider_options(current_rows),
            "columns": record_pages.price_columns(r.snapshot for r in current_rows)},
                    "Pricing", wide=True, listing=True)

    def coverage_page(self) -> Page:
        known = self.known
        cov = coverage.coverage(self.kb, self.today, known.labs if known else None, known.name if known else None)
        return Page("coverage/index.md", "coverage.md.j2", {**self.common(), "cov": cov,
                                                            "stale_days": coverage.STALE_DAYS},
                    "Coverage", {urls.api_file("coverage.json"): cov.as_json()}, wide=True, listing=True)

    def model_page(self, model: Model) -> Page:
        kb, row = self.kb, self.row(model)
        shown = code_offering(kb, model, self.today)
        view = record_pages.model_page(kb, row, self.today, kb.claims_of_model(model.id),
                                       kv_cache.figures(kb, model), changelog.events(kb, self.today, [model.id]),
                                       catalog_view.backlinks(kb, "models", model.id, label), self.code_tabs(shown),
                                       shown)
        return Page(f"models/{model.id}.md", "model.md.j2", view.context(), model.name,
                    search_boost=SEARCH_BOOST[row.status], description=descriptions.model(row))

    def provider_page(self, provider: Provider) -> Page:
        shown = snippets.representative(self.kb, provider.id, self.today)
        view = record_pages.provider_page(self.kb, provider, self.today, self.code_tabs(shown), shown)
        return Page(f"providers/{provider.id}.md", "provider.md.j2", view.context(), provider.name,
                    description=descriptions.provider(self.kb, provider, self.today))

    def attention_page(self, variant: AttentionVariant) -> Page:
        users = [m for m in self.kb.models
                 if m.architecture and any(variant.id in c.variants for c in m.architecture.attention)]
        return Page(f"attention/{variant.id}.md", "attention.md.j2", {**self.common(), "v": variant, "users": users},
                    variant.name)

    def benchmark_page(self, benchmark: Benchmark) -> Page:
        return Page(f"benchmarks/{benchmark.id}.md", "benchmark.md.j2", {
            **self.common(), "b": benchmark, "claims": sorted(self.claims_by_benchmark[benchmark.id],
                                                             key=lambda c: (-(c.score or -1), c.model))},
            benchmark.name)

    def workload_page(self, workload: Workload) -> Page:
        table = summary_rows.workload_table(self.kb, workload, self.today)
        return Page(f"pricing/{workload.id}.md", "workload.md.j2", {
            **self.common(), "w": workload, "table": table,
            "provider_options": summary_rows.provider_options(table.ranked),
            "reported": summary_rows.reported_rows(self.kb, workload)}, f"Cost: {workload.name}", wide=True)


def code_offering(kb: KB, model: Model, today: datetime.date) -> Offering | None:
    """The offering a model page shows code for."""
    return snippets.code_target(kb, kb.offerings_of_model(model.id), today)


def assessments_by_type(kb: KB) -> dict[str, list[Assessment]]:
    grouped: dict[str, list[Assessment]] = defaultdict(list)
    for assessment in sorted(kb.assessments, key=lambda a: (a.order, a.id)):
        grouped[assessment.type].append(assessment)
    return grouped

