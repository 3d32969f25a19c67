"""table_rows.Rows: the rows of the site's largest tables, written in Python. Each row must say what the records say
(the expected markup is written out here from the facts), cite in the order a reader meets the citations (footnote
numbers are the order of first use), and keep record text text, whatever it holds."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from conftest import FIXTURE_KB
from hypothesis import given, settings
from markupsafe import Markup
from test_hostile_text import TEXT, dom

from generators.escape import one_line
from generators.kb.costs import Cost
from generators.kb.current import Fit, Priced
from generators.kb.link import KB
from generators.kb.records import BenchmarkClaim, Model, Offering, PriceHistory, Provider, Snapshot
from generators.kb.records.base import TokensFact
from generators.kb.validate import validate_kb
from generators.site.anchors import Anchors
from generators.site.changelog import Event, EventKind
from generators.site.citations import Citations
from generators.site.record_pages import OfferingView
from generators.site.summary_rows import CostRow, PriceRow
from generators.site.table_cells import cells
from generators.site.table_rows import Rows
from generators.site.urls import Target, Urls

TODAY = datetime.date(2026, 12, 7)
NO_SETTING = BenchmarkClaim.model_fields["setting"].default  # nothing known of how the score was obtained: "—"
FIRST_PARTY, SECONDARY = "openai-models-docs", "seed-llm-foundations-frontier-models"  # in the fixture KB


@pytest.fixture(scope="module")
def kb() -> KB:
    kb, issues = validate_kb(FIXTURE_KB, TODAY)
    assert issues == []
    return kb


def rows(kb: KB, root: str = "../") -> Rows:
    return Rows(kb, TODAY, Citations(kb, root), Anchors(Urls(kb, root)))


def ref(source: str, number: int) -> str:
    """The footnote marker the tables have always written (citations.py), for a source's first citation."""
    return (f'<span data-search-exclude><sup id="fnref:{source}"><a class="footnote-ref" href="#fn:{source}">{number}'
            "</a></sup></span>")


def snapshot(**fields: Any) -> Snapshot:
    return Snapshot.model_validate({"input": 1, "output": 4, "sources": ["a"], **fields})


def offering(**lifecycle: Any) -> Offering:
    return Offering.model_validate({"schema_version": Offering.current_version(), "id": "openai--gpt-x",
                                    "model": "gpt-x", "provider": "openai", "api_ids": ["gpt-x"], "sources": ["a"],
                                    "lifecycle": lifecycle})


def test_a_snapshot_row_says_its_prices_its_check_and_its_sources(kb: KB) -> None:
    early = snapshot(effective="2026-01-01", checked="2026-02-01", input=Decimal("1.5"), output=6,
                     cached_input=Decimal("0.15"), batch={"input": Decimal("0.75"), "output": 3},
                     tiers=[{"above_tokens": 200000, "input": 3, "output": 12}], unchecked=["batch"])
    scheduled = snapshot(effective="2026-12-20", announced="2026-11-30", sources=["b", "a"], disputed="A blog says so")
    html = rows(kb).snapshot_rows([early, scheduled], {"cached", "batch", "tiers"})
    assert html.split("\n") == [
        "<tr><td>2026-01-01</td><td>$1.50</td><td>$6.00</td><td>$0.15 / —</td><td>$0.75 / $3.00</td>"
        '<td><span class="fl-line">over 200,000: $3.00 / $12.00</span></td><td>2026-02-01 (not its Batch)</td>'
        f"<td>{ref('a', 1)}</td></tr>",
        '<tr><td>2026-12-20 (disputed)<br><span class="fl-sub">announced by 2026-11-30, not yet in force</span></td>'
        "<td>$1.00</td><td>$4.00</td><td>— / —</td><td>—</td><td>—</td><td>never</td>"
        '<td><span data-search-exclude><sup id="fnref:b"><a class="footnote-ref" href="#fn:b">2</a></sup><sup>,</sup>'
        '<sup><a class="footnote-ref" href="#fn:a">1</a></sup></span></td></tr>']


@pytest.mark.parametrize(("effective", "ahead"), [(TODAY, False), (TODAY + datetime.timedelta(days=1), True)])
def test_a_price_is_not_yet_in_force_only_after_today(kb: KB, effective: datetime.date, ahead: bool) -> None:
    html = rows(kb).snapshot_rows([snapshot(effective=effective.isoformat())], set())
    assert ("not yet in force" in html) is ahead


@pytest.mark.parametrize(("lifecycle", "said"), [
    ({"retires": "2026-12-20", "sources": [FIRST_PARTY]}, "2026-12-20"),
    ({"retires": "2026-12-20", "sources": [SECONDARY]}, "2026-12-20 (secondary sources only)"),
    ({"retires_not_before": "2026-12-07", "sources": [FIRST_PARTY]}, "not before 2026-12-07"),  # the floor is today
    ({"retires_not_before": "2026-12-06", "sources": [FIRST_PARTY]},
     "none announced; the floor of 2026-12-06 has passed"),
    ({"seen_gone": "2026-12-01", "status": "retired", "sources": [FIRST_PARTY]},
     "gone by 2026-12-01 (seen then; the day it stopped is not known)"),
    ({}, "—")])
def test_when_an_offering_retires(kb: KB, lifecycle: dict[str, Any], said: str) -> None:
    assert rows(kb).retires(offering(**{"status": "active", **lifecycle})) == said


def test_a_price_row_cites_its_price_then_the_next_one_then_its_check(kb: KB) -> None:
    retiring = offering(status="deprecated", retires="2026-12-20", sources=[SECONDARY])
    # the price in force states a cached rate that the checked reading before it did not show
    now = snapshot(effective="2026-06-01", cached_input=Decimal("0.5"), sources=["p"])
    check = snapshot(effective="2026-05-01", checked="2026-05-02", sources=["c"])
    upcoming = snapshot(effective="2026-12-20", announced="2026-12-01", input=2, output=8, sources=["u"])
    row = PriceRow(retiring, Model.model_construct(id="gpt-x", name="GPT X"),
                   Provider.model_construct(id="openai", name="OpenAI"), now, "retiring", check, ("p",), now, upcoming)
    assert rows(kb).price_rows([row], set()) == (
        '<tr data-provider="openai" data-status="retiring"><td><a href="../models/gpt-x.html">GPT X</a><br>'
        '<span class="fl-sub"><a href="../providers/openai.html">OpenAI</a> · <strong class="fl-retiring">retires '
        "2026-12-20</strong> (secondary sources only)</span></td><td>$1.00</td><td>$4.00</td>"
        '<td class="fl-api"><a href="../models/gpt-x.html#offering-openai--gpt-x"><code>gpt-x</code></a></td>'
        f'<td class="fl-wrap">since 2026-06-01{ref("p", 1)}<br><span class="fl-sub fl-upcoming">from 2026-12-20: '
        f'$2.00 / $8.00 (announced by 2026-12-01){ref("u", 2)}</span></td><td class="fl-wrap">2026-05-02 (not its '
        f'cached input){ref("c", 3)}</td></tr>')


def test_a_cost_row_and_the_rows_a_workload_does_not_fit(kb: KB) -> None:
    model, provider = Model.model_construct(id="m", name="M"), Provider.model_construct(id="p", name="P")
    price = snapshot(effective="2026-06-01", basis="observed", sources=["s"])
    row = CostRow(offering(status="active"), model, provider, Cost(Decimal("0.0123"), price, 200000),
                  Decimal("12.3"), Decimal("369"), Fit(False, "context 8,000 < 9,000 tokens"),
                  Priced(offering(status="active"), price))
    link = '<a href="../models/gpt-x.html#offering-openai--gpt-x"><code>gpt-x</code></a>'
    assert rows(kb).cost_rows([row]) == (
        '<tr data-provider="p"><td><a href="../models/m.html">M</a><br><span class="fl-sub"><a '
        'href="../providers/p.html">P</a></span></td><td>$369.00</td><td>$12.30</td><td>$0.0123</td><td>$1.00 / $4.00'
        f' (tier over 200,000)</td><td class="fl-api">{link}</td><td class="fl-wrap">observed 2026-06-01, start '
        f"unknown{ref('s', 1)}</td></tr>")
    assert rows(kb).unranked_rows([row], why=True) == (
        f'<tr><td><a href="../models/m.html">M</a></td><td><a href="../providers/p.html">P</a></td><td>{link}</td>'
        "<td>$0.0123</td><td>$12.30</td><td>$369.00</td><td>$1.00 / $4.00</td><td>context 8,000 &lt; 9,000 tokens"
        "</td></tr>")
    assert rows(kb).unranked_rows([row], why=False).endswith("<td>$0.0123</td><td>$1.00 / $4.00</td></tr>")


def test_claim_rows_lead_with_the_benchmark_or_the_model(kb: KB) -> None:
    scored = BenchmarkClaim.model_construct(
        id="c", model="gpt-4o", benchmark="mmlu", score=88.7, metric="%", setting=NO_SETTING, reported_by="vendor",
        reporter="OpenAI", date=datetime.date(2024, 5, 13), date_basis="reported", sources=["s"],
        contamination="Possible <leak>", qualitative=None)
    judged = scored.model_copy(update={"score": None, "qualitative": "passes", "contamination": None})
    benchmark = kb.get("benchmarks", "mmlu")
    table = rows(kb)
    html = table.model_claim_rows([scored, judged], {"mmlu": benchmark}).split("\n")
    name = benchmark.name
    assert html[0] == (f'<tr><td><a href="../benchmarks/mmlu.html">{name}</a></td><td>88.7 %</td><td>—</td><td>'
                       f'vendor: OpenAI</td><td class="fl-when">2024-05-13</td><td>{ref("s", 1)} Contamination: '
                       "Possible &lt;leak&gt;</td></tr>")
    assert html[1].startswith(f'<tr><td><a href="../benchmarks/mmlu.html">{name}</a></td><td>passes</td>')
    led = table.benchmark_claim_rows([judged], kb.get)
    assert led.startswith('<tr><td><a href="../models/gpt-4o.html">GPT-4o</a></td><td>passes</td>')


def test_event_rows_link_what_happened(kb: KB) -> None:
    event = Event(datetime.date(2026, 12, 1), EventKind.NEW_OFFERING, "gpt-x", "GPT <X>", "at OpenAI & co",
                  Target("models/gpt-x", "offering-openai--gpt-x"), "k")
    table = rows(kb, "")
    assert table.event_items([event]) == ('<li><strong>new offering</strong>: <a href="models/gpt-x.html#offering-'
                                          'openai--gpt-x">GPT &lt;X&gt;</a>, at OpenAI &amp; co</li>')
    assert table.history_rows([event, event]).split("\n") == [
        '<tr><td>2026-12-01</td><td><a href="models/gpt-x.html#offering-openai--gpt-x">GPT &lt;X&gt;</a></td>'
        "<td>at OpenAI &amp; co</td></tr>"] * 2


@settings(max_examples=100, deadline=None)
@given(TEXT)
def test_record_text_in_any_row_stays_text(kb: KB, text: str) -> None:
    model, provider = Model.model_construct(id="m", name=text), Provider.model_construct(id="p", name=text)
    price = snapshot(effective="2026-06-01")
    cost_row = CostRow(offering(status="active"), model, provider, Cost(Decimal(1), price, None), Decimal(1),
                       Decimal(30), Fit(False, text), Priced(offering(status="active"), price))
    claim = BenchmarkClaim.model_construct(id="c", model="gpt-4o", benchmark="mmlu", score=None, metric=text,
                                           setting=NO_SETTING, reported_by="vendor",
                                           reporter=text, date=TODAY, date_basis="reported", sources=[],
                                           contamination=text, qualitative=text)
    event = Event(TODAY, EventKind.RELEASE, "m", text, text, Target("models/m"), "k")
    table = rows(kb)
    for html in (table.cost_rows([cost_row]), table.unranked_rows([cost_row], why=True),
                 table.model_claim_rows([claim], {"mmlu": kb.get("benchmarks", "mmlu")}),
                 table.event_items([event]), table.history_rows([event])):
        page = dom(html)
        assert set(page.tags) <= {"tr", "td", "a", "br", "span", "code", "li", "strong", "sup"}, (html, page.tags)
        assert {name for name, _ in page.attributes} <= {"href", "class", "data-provider", "id", "data-search-exclude"}
        assert one_line(text).strip() in "".join(page.text) or not one_line(text).strip()


@pytest.mark.parametrize(("names", "options", "opening"), [
    (["A", "B<"], {}, "<table data-search-exclude><thead><tr><th>A</th><th>B&lt;</th></tr></thead>"),
    (["A", "B"], {"searchable": True}, "<table><thead><tr><th>A</th><th>B</th></tr></thead>"),
    (["A", "B", "C"], {"table": "pricing", "types": ["text", "number", "date"]},
     '<div class="fl-table-scroll"><table data-fl-table="pricing" id="pricing-table" class="fl-sticky" '
     'data-search-exclude><thead><tr><th data-type="text">A</th><th data-type="number">B</th><th data-type="date">C'
     "</th></tr></thead>"),
    (["A", "B"], {"align": "right"},
     '<table data-search-exclude><thead><tr><th>A</th><th style="text-align: right;">B</th></tr></thead>')])
def test_a_table_opens_and_closes_as_the_site_s_tables_always_have(names: list[str], options: dict[str, Any],
                                                                    opening: str) -> None:
    assert Rows.head(names, **options) == opening + "\n<tbody>"  # what the jinja2 macro wrote before
    assert Rows.foot(options.get("table", "")) == "</tbody>\n</table>" + ("</div>" if "table" in options else "")


def view(kb: KB, history: PriceHistory | None, withdrawn: bool = False) -> OfferingView:
    o = offering(status="active").model_copy(update={"regions": ["us", "eu"], "notes": "Served *here*."})
    return OfferingView(o, Provider.model_construct(id="openai", name="Open_AI"),
                        Model.model_construct(id="gpt-x", name="GPT X"), "Open_AI: GPT X", history, None, True,
                        "active", None, None, "", history.withdrawn if history and withdrawn else None)


def test_an_offering_section_says_its_limits_history_notes_withdrawal_and_corrections(kb: KB) -> None:
    history = PriceHistory.model_validate({
        "schema_version": 2, "id": "openai--gpt-x", "offering": "openai--gpt-x",
        "snapshots": [{"effective": "2026-01-01", "input": 1, "output": 4, "sources": ["a"], "note": "Launch *price*"},
                      {"effective": "2026-02-01", "input": 2, "output": 8, "sources": ["b"], "disputed": "A blog"}],
        "corrections": [{"effective": "2026-01-01", "reason": "Output was misread"}],
        "withdrawn": {"observed": "2026-11-01", "sources": ["c"], "note": "Contact sales"}})
    table = rows(kb)
    section = table.offering_section(view(kb, history, withdrawn=True))
    assert section.split("\n") == [
        "### Open\\_AI: <code>gpt-x</code> {: #offering-openai--gpt-x }", "",
        r"Regions: us, eu. Served \*here\*.", "",
        '<table data-search-exclude><thead><tr><th>Effective</th><th>Input</th><th>Output</th><th>Checked</th>'
        "<th>Sources</th></tr></thead>", "<tbody>",
        f"<tr><td>2026-01-01</td><td>$1.00</td><td>$4.00</td><td>never</td><td>{ref('a', 1)}</td></tr>",
        f"<tr><td>2026-02-01 (disputed)</td><td>$2.00</td><td>$8.00</td><td>never</td><td>{ref('b', 2)}</td></tr>",
        "</tbody>", "</table>", "",
        r"- **2026-01-01** Launch \*price\*",
        "- **2026-02-01**, disputed: A blog",
        "- **Observed 2026-11-01**: the provider's page shows no public price (Contact sales); when the listed price "
        f"was taken down is not known.{ref('c', 3)}", "",
        "- **Correction** to the snapshot of 2026-01-01: Output was misread", "", ""]
    later = table.offering_section(view(kb, history, withdrawn=False))  # a price in force after the withdrawal
    assert "is not known, and a later price is in force." in later
    unpriced = table.offering_section(view(kb, None))
    assert unpriced.endswith("Served \\*here\\*.\n\nNo prices recorded for this offering.")


def test_token_counts_say_each_source_s_figure_best_first(kb: KB) -> None:
    facts = [TokensFact.model_validate({"value": 128000, "sources": [FIRST_PARTY], "as_of": "2026-01-01",
                                        "note": "in *beta*"}),
             TokensFact.model_validate({"value": 200000, "sources": [SECONDARY]})]
    table = rows(kb)
    assert table.tokens(facts) == (f"128,000 (as of 2026-01-01){ref(FIRST_PARTY, 1)} — in \\*beta\\*<br>"
                                   f"200,000{ref(SECONDARY, 2)}")
    assert table.tokens(facts[:1], cell=True).endswith(" — in *beta*")  # a raw-HTML cell's text: no Markdown
    assert table.tokens([]) == "—"


@settings(max_examples=100, deadline=None)
@given(TEXT)
def test_a_source_is_cited_by_records_named_by_their_labels(kb: KB, text: str) -> None:
    html = rows(kb).cited_by([(("models", "gpt-4o"), text), (("offerings", "openai--gpt-4o"), "GPT-4o at OpenAI")])
    page = dom(html)
    assert page.tags == ["p", "a", "a"]
    assert page.attributes == [("data-search-exclude", None), ("href", "../models/gpt-4o.html"),
                               ("href", "../models/gpt-4o.html#offering-openai--gpt-4o")]
    assert "".join(page.text) == f"Cited by: {one_line(text)}, GPT-4o at OpenAI"


def test_a_row_s_cells_each_sit_in_their_own_td() -> None:
    assert cells(["2026-12-07", Markup("<b>$1.00</b>"), 3]) == "<td>2026-12-07</td><td><b>$1.00</b></td><td>3</td>"
    assert cells([]) == ""
