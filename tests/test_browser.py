"""The built site in a real browser (Debian's chromium, headless, driven by Playwright) on 127.0.0.1."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser_support import CHROMIUM, served

playwright_api = pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium: `make test` installs it")

@pytest.fixture(scope="module")
def base_url(built_fixture_site: Path) -> Iterator[str]:
    with served(built_fixture_site) as origin:
        yield origin


@pytest.fixture
def page(browser, base_url):
    context = browser.new_context()
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.dialogs = dialogs
    yield page
    context.close()


CONTEXT, INPUT_PRICE = 7, 2
"""Columns of the models table: the name first, its prices next to it, the context window further right."""


def column(page, index: int) -> list[float | None]:
    """The sort values of a column in display order; None for a blank (unknown) cell."""
    return page.eval_on_selector_all(
        f"#models-table tbody tr:not([hidden]) td:nth-child({index})",
        "cells => cells.map(c => c.getAttribute('data-sort') === '' ? null : parseFloat(c.getAttribute('data-sort')))")


def test_models_table_sorts_numbers_as_numbers_with_blanks_last(page, base_url: str) -> None:
    page.goto(f"{base_url}/models/index.html")
    for index in (CONTEXT, INPUT_PRICE):
        page.click(f"#models-table th:nth-child({index})")
        ascending = column(page, index)
        known = [v for v in ascending if v is not None]
        assert known == sorted(known) and len(known) >= 3
        assert ascending[len(known):] == [None] * (len(ascending) - len(known)), "blanks sort last"
        page.click(f"#models-table th:nth-child({index})")
        descending = column(page, index)
        assert [v for v in descending if v is not None] == sorted(known, reverse=True)
        assert descending[len(known):] == [None] * (len(ascending) - len(known)), "blanks sort last descending too"
    page.click(f"#models-table th:nth-child({CONTEXT})")
    contexts = [v for v in column(page, CONTEXT) if v is not None]
    assert contexts[0] < 10_000 < contexts[-1]  # 8,192 before 1,000,000, which text order would reverse


def test_models_table_filters_by_text_and_facets(page, base_url: str) -> None:
    page.goto(f"{base_url}/models/index.html")
    page.fill(".fl-filters input[type=search]", "claude")
    names = page.eval_on_selector_all("#models-table tbody tr:not([hidden]) td:first-child",
                                      "cells => cells.map(c => c.textContent)")
    assert names and all("Claude" in n for n in names)
    page.fill(".fl-filters input[type=search]", "")
    shown = {}
    for licence in ("open", "restricted", "closed"):
        page.select_option(".fl-filters select[data-attr=licence]", licence)
        shown[licence] = page.eval_on_selector_all("#models-table tbody tr:not([hidden])",
                                                   "rows => rows.map(r => r.dataset.licence)")
        assert set(shown[licence]) <= {licence}
    assert shown["open"] and shown["closed"]  # the fixture has no restricted model
    page.select_option(".fl-filters select[data-attr=licence]", "")
    page.select_option(".fl-filters select[data-attr=context]", "1000000")
    contexts = column(page, CONTEXT)
    assert contexts and None not in contexts and min(contexts) >= 1_000_000


def test_search_finds_a_model(page, base_url: str) -> None:
    page.goto(f"{base_url}/index.html")
    page.wait_for_load_state("networkidle")
    page.click(".md-search__input")
    page.keyboard.type("Gemini Flash")  # Material searches on key events, which `fill` does not send
    result = page.locator(".md-search-result__item").get_by_text("Gemini 2.0 Flash").first
    result.wait_for(timeout=15_000)
    result.click()
    page.wait_for_url("**/models/gemini-2.0-flash.html*")


def search(page, base_url: str, words: str) -> None:
    page.goto(f"{base_url}/index.html")
    page.wait_for_load_state("networkidle")
    page.click(".md-search__input")
    page.keyboard.type(words)


def test_search_finds_a_provider(page, base_url: str) -> None:
    search(page, base_url, "Anthropic")
    # Material appends the highlighted words (`?h=...`) to result links.
    page.locator('.md-search-result__link[href*="providers/anthropic.html?"]').first.wait_for(timeout=15_000)


def test_search_finds_an_api_id_in_its_offering_section(page, base_url: str) -> None:
    search(page, base_url, "claude-sonnet-4-20250514")
    section = 'a[href*="models/claude-sonnet-4.html?"][href$="#offering-anthropic--claude-sonnet-4"]'
    page.locator(f".md-search-result {section}").first.wait_for(state="attached", timeout=15_000)


def result_titles(page) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """(page path, heading text) of each search result in order, status labels included: read in one step, since
    Material re-renders the list while results stream in and a link found a moment earlier can be gone."""
    found = page.eval_on_selector_all(
        ".md-search-result__list > .md-search-result__item > .md-search-result__link",
        "links => links.map(a => [a.getAttribute('href'), (a.querySelector('h1, h2') || {innerText: ''}).innerText])")
    return [(href.split("?")[0].split("/", 3)[-1], text) for href, text in found]


@pytest.mark.parametrize(("words", "path", "heading"), [
    ("gpt-4o", "models/gpt-4o.html", "GPT-4olive"),                 # not GPT-4o mini, whose name starts the same
    ("GPT 4o", "models/gpt-4o.html", "GPT-4olive"),
    ("claude-3-5-sonnet-20240620", "models/claude-3-5-sonnet.html", "Claude 3.5 Sonnetretired"),  # a second API id
])
def test_a_name_or_api_id_puts_the_records_own_page_first_with_its_status(page, base_url: str, words: str, path: str,
                                                                          heading: str) -> None:
    search(page, base_url, words)
    page.locator(".md-search-result__list > .fl-search-top").first.wait_for(timeout=15_000)
    assert result_titles(page)[0] == (path, heading)


def test_search_lists_the_live_model_before_the_retired_one_and_shows_no_footnote_numbers(page, base_url: str) -> None:
    search(page, base_url, "sonnet")
    page.locator(".md-search-result__item .fl-search-status").first.wait_for(timeout=15_000)
    models = [(p, h) for p, h in result_titles(page) if p.startswith("models/")]
    assert models.index(("models/claude-sonnet-4.html", "Claude Sonnet 4live")) < \
        models.index(("models/claude-3-5-sonnet.html", "Claude 3.5 Sonnetretired")), models
    # The fixture's description, cited: its footnote number must not run on into the text ("… Table 7.2.3.1").
    excerpt = page.locator('.md-search-result__link[href*="models/claude-sonnet-4.html"] article p').first.inner_text()
    assert re.search(r"a code-generation leader in seed Table 7\.2\.3\.(\s|$)", excerpt), excerpt


def test_a_model_page_links_to_its_provider_attention_variant_and_sources(page, base_url: str) -> None:
    page.goto(f"{base_url}/models/gpt-4o.html")
    hrefs = page.eval_on_selector_all("article a[href]", "links => links.map(a => a.getAttribute('href'))")
    assert "../providers/openai.html" in hrefs
    assert "../attention/gqa.html" in hrefs
    assert any(h.startswith("../sources/index.html#") for h in hrefs)
    page.click("article a[href='../providers/openai.html']")
    assert page.locator("h1").inner_text() == "OpenAI"


def test_the_cost_quality_chart_is_present_with_title_and_axes(page, base_url: str) -> None:
    page.goto(f"{base_url}/cost-vs-quality/index.html")
    chart = page.locator("svg.fl-cost-quality").first
    assert chart.is_visible()
    assert "score against cost" in chart.locator(":scope > title").text_content()
    assert "USD per call" in chart.text_content() and chart.locator("circle").count() >= 2


def test_an_xss_payload_in_a_record_does_not_execute(page, base_url: str) -> None:
    for path in ("models/hostile-model.html", "models/index.html", "index.html"):
        page.goto(f"{base_url}/{path}")
        page.wait_for_load_state("load")
        assert page.evaluate("window.__xss") is None, path
    page.goto(f"{base_url}/models/hostile-model.html")
    text = page.locator("article").inner_text()
    assert "<script>window.__xss = 'script'</script>" in text
    assert "[click me](javascript:window.__xss='link')" in text
    page.eval_on_selector_all("td, a, img", "nodes => nodes.forEach(n => ['mouseover', 'mouseenter', 'error'].forEach("
                              "t => n.dispatchEvent(new MouseEvent(t, {bubbles: true, cancelable: true}))))")
    assert page.evaluate("window.__xss") is None
    assert page.dialogs == []
