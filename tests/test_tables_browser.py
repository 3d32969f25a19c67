"""The site's large tables in headless chromium: default order, sorting with blanks last, filters, the state kept in
the address, and a phone layout that keeps the name and the price in view. Expected rows are the fixture KB's facts,
written here: on 2026-11-21 Claude 3.5 Sonnet is retired (its one offering retired 2025-10-22), the hostile model
has no offering; current prices are Gemini 2.0 Flash $0.10 / $0.40 (cached $0.025), GPT-4o mini $0.15 / $0.60 and
GPT-4o $2.50 / $10.00, neither with a cached price; the 50K-in, 2K-out workload runs once a day for 30 days."""

from __future__ import annotations

from pathlib import Path

import pytest
from browser_support import CHROMIUM, served

playwright_api = pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium: `make test` installs it")

HOSTILE = "Hostile <script>window.__xss = 'name'</script> | Model"


def open_page(browser, origin: str, path: str, width: int = 1366):  # type: ignore[no-untyped-def]
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto(f"{origin}/{path}")
    page.wait_for_load_state("networkidle")
    return page


def names(page, table: str) -> list[str]:  # type: ignore[no-untyped-def]
    """The first link of each shown row's first cell: the model's name."""
    return page.eval_on_selector_all(f"#{table}-table tbody tr:not([hidden]) td:first-child > a:first-child",
                                     "links => links.map(a => a.textContent)")


def query(page) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return dict(page.evaluate("() => Array.from(new URLSearchParams(location.search).entries())"))


def test_the_models_table_opens_newest_first_with_what_can_be_called_before_what_cannot(browser, origin: str) -> None:
    page = open_page(browser, origin, "models/index.html")
    assert names(page, "models") == ["Claude Sonnet 4", "Gemini 2.0 Flash", "GPT-4o mini", "GPT-4o", "Mistral 7B",
                                     HOSTILE, "Claude 3.5 Sonnet"]


def test_pricing_sorts_with_blanks_last_both_ways_and_the_sort_is_in_the_address(browser, origin: str) -> None:
    page = open_page(browser, origin, "pricing/index.html")
    page.click("#pricing-table th:has-text('Input')")
    assert names(page, "pricing") == ["Gemini 2.0 Flash", "GPT-4o mini", "GPT-4o"]
    assert query(page) == {"pricing.sort": "input"}
    page.click("#pricing-table th:has-text('Input')")
    assert names(page, "pricing") == ["GPT-4o", "GPT-4o mini", "Gemini 2.0 Flash"]
    assert query(page) == {"pricing.sort": "input", "pricing.dir": "desc"}
    for _ in range(2):  # ascending, then descending: the only known cached price first both times
        page.click("#pricing-table th:has-text('Cached input')")
        assert names(page, "pricing")[0] == "Gemini 2.0 Flash"
    shared = page.url
    assert query(page) == {"pricing.sort": "cached-input", "pricing.dir": "desc"}
    page.close()
    reopened = browser.new_page(viewport={"width": 1366, "height": 900})
    reopened.goto(shared)
    reopened.wait_for_load_state("networkidle")
    assert names(reopened, "pricing")[0] == "Gemini 2.0 Flash"
    assert reopened.get_attribute("#pricing-table th:has-text('Cached input')", "aria-sort") == "descending"
    page = open_page(browser, origin, "pricing/index.html?pricing.sort=output&pricing.dir=desc")
    assert names(page, "pricing") == ["GPT-4o", "GPT-4o mini", "Gemini 2.0 Flash"]
    assert page.get_attribute("#pricing-table th:has-text('Output')", "aria-sort") == "descending"


def test_filters_open_from_the_address_and_write_back_to_it(browser, origin: str) -> None:
    page = open_page(browser, origin, "pricing/index.html?pricing.provider=openai&pricing.q=mini")
    assert names(page, "pricing") == ["GPT-4o mini"]
    assert page.input_value(".fl-filters select[data-attr=provider]") == "openai"
    assert page.text_content(".fl-count") == "1 of 3 shown"
    page.fill(".fl-filters input[type=search]", "")
    assert names(page, "pricing") == ["GPT-4o mini", "GPT-4o"]  # the page's own order: newest model first
    assert query(page) == {"pricing.provider": "openai"}
    page.select_option(".fl-filters select[data-attr=provider]", "google")
    assert names(page, "pricing") == ["Gemini 2.0 Flash"]
    assert query(page) == {"pricing.provider": "google"}
    ignored = open_page(browser, origin, "pricing/index.html?pricing.provider=nobody")  # unknown: shows every row
    assert len(names(ignored, "pricing")) == 3


def test_a_workloads_costs_sort_by_month(browser, origin: str) -> None:
    page = open_page(browser, origin, "pricing/document-50k-in-2k-out.html")
    # Per call: Gemini 50,000 x $0.10 + 2,000 x $0.40 per 1M = $0.0058; GPT-4o mini $0.0087; GPT-4o $0.145.
    assert names(page, "costs") == ["Gemini 2.0 Flash", "GPT-4o mini", "GPT-4o"]
    page.click("#costs-table th:has-text('Per month')")
    page.click("#costs-table th:has-text('Per month')")
    assert names(page, "costs") == ["GPT-4o", "GPT-4o mini", "Gemini 2.0 Flash"]
    assert query(page) == {"costs.sort": "per-month", "costs.dir": "desc"}


@pytest.mark.parametrize(("path", "table"), [("models/index.html", "models"), ("pricing/index.html", "pricing"),
                                             ("pricing/document-50k-in-2k-out.html", "costs")])
def test_on_a_phone_the_name_and_the_price_are_in_view_and_the_name_stays(browser, origin: str, path: str,
                                                                          table: str) -> None:
    page = open_page(browser, origin, path, width=390)
    row = f"#{table}-table tbody tr:first-child"
    name, price = page.locator(f"{row} td:nth-child(1)").bounding_box(), \
        page.locator(f"{row} td:nth-child(2)").bounding_box()
    assert name and price
    assert price["x"] + price["width"] <= 390, (name, price)
    page.evaluate(f"document.getElementById('{table}-table').closest('.fl-table-scroll').scrollLeft = 10000")
    scrolled = page.locator(f"{row} td:nth-child(1)").bounding_box()
    assert scrolled and scrolled["x"] == name["x"], "the name column sticks while the table scrolls sideways"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, "only the table scrolls, not the page"


def test_a_text_column_sorts_its_blanks_last_both_ways(browser, origin: str) -> None:
    page = open_page(browser, origin, "models/index.html")
    for direction in ("ascending", "descending"):
        page.click("#models-table th:has-text('Attention')")
        assert page.get_attribute("#models-table th:has-text('Attention')", "aria-sort") == direction
        cells = page.eval_on_selector_all("#models-table tbody tr td:nth-child(10)", "cs => cs.map(c => c.textContent)")
        known = [c for c in cells if c != "—"]
        assert known and "—" in cells and cells[len(known):] == ["—"] * (len(cells) - len(known)), (direction, cells)
        assert known == sorted(known, key=str.lower, reverse=direction == "descending")


def test_a_date_column_sorts_by_the_date_in_its_text(browser, origin: str) -> None:
    # "since 2024-07-18", "since 2024-08-06", "since 2025-02-05": by date, whatever words come before it
    page = open_page(browser, origin, "pricing/index.html?pricing.sort=since")
    assert names(page, "pricing") == ["GPT-4o mini", "GPT-4o", "Gemini 2.0 Flash"]


SORTABLE = """<table data-fl-table="t" id="t-table"><thead><tr><th data-type="text">Name</th>
<th data-type="number">Price</th><th data-type="date">Since</th></tr></thead><tbody>
<tr><td>a</td><td>$1,234.50</td><td>observed 2026-11-22, start unknown</td></tr>
<tr><td>b</td><td>$200.00 / $300.00</td><td>since 2025-01-01</td></tr>
<tr><td>c</td><td>—</td><td>never</td></tr></tbody></table>"""


@pytest.mark.parametrize(("column", "ascending"), [("Price", ["b", "a", "c"]), ("Since", ["b", "a", "c"])])
def test_numbers_and_dates_are_read_from_the_cells_text(browser, column: str, ascending: list[str]) -> None:
    # $1,234.50 is above $200.00 (a comma is not the end of the number); "observed 2026-…" is after "since 2025-…"
    page = browser.new_page()
    page.set_content(SORTABLE)
    page.add_script_tag(path=str(Path(__file__).parents[1] / "generators" / "site" / "assets" / "tables.js"))
    page.click(f"#t-table th:has-text('{column}')")
    cells = "rows => rows.map(r => r.cells[0].textContent)"
    assert page.eval_on_selector_all("#t-table tbody tr", cells) == ascending
    page.click(f"#t-table th:has-text('{column}')")
    assert page.eval_on_selector_all("#t-table tbody tr", cells) == [*ascending[1::-1], "c"]  # blank stays last


def test_at_a_desk_the_real_models_table_shows_every_column_without_scrolling(browser, built_real_site: Path) -> None:
    """kb/ as of KB_TODAY: the eleven columns of the models table, Status last, fit a 1366 px screen (they
    overflowed by 16 px, hiding Status behind a sideways scroll)."""
    with served(built_real_site) as real:
        page = open_page(browser, real, "models/index.html")
        box = page.evaluate("""() => { const d = document.querySelector('#models-table').closest('.fl-table-scroll');
                                       return [d.scrollWidth, d.clientWidth]; }""")
        assert box[0] <= box[1], box
        assert page.locator("#models-table th:has-text('Status')").is_visible()
