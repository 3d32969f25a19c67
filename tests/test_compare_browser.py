"""The Compare page in headless chromium: two to four models side by side from catalog.json, the choice in the URL,
record text shown as text. Expected figures are the fixture KB's, written here (gpt-4o at $2.50 / $10.00 since
2024-08-06, unchecked; its vendor MMLU 88.7 from OpenAI, 2024-05-13; gpt-4o-mini's 82.0 of 2024-07-18)."""

from __future__ import annotations

import pytest
from browser_support import CHROMIUM

playwright_api = pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium: `make test` installs it")


def open_compare(browser, origin: str, query: str, width: int = 1366):  # type: ignore[no-untyped-def]
    page = browser.new_page(viewport={"width": width, "height": 900})
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{origin}/compare/index.html{query}")
    page.wait_for_selector("#compare-summary:not(:empty)")
    return page, errors


def cells(page) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    return page.evaluate("""() => Object.fromEntries(Array.from(document.querySelectorAll(
        '.fl-compare-table tbody tr')).map(tr => [tr.querySelector('th').innerText,
        Array.from(tr.querySelectorAll('td')).map(td => td.innerText)]))""")


def test_two_models_side_by_side_with_prices_lifecycle_and_claims(browser, origin: str) -> None:
    page, errors = open_compare(browser, origin, "?m=gpt-4o&m=gpt-4o-mini")
    table = cells(page)
    heads = page.eval_on_selector_all(".fl-compare-table thead th", "ths => ths.map(t => t.innerText)")
    assert heads == ["", "GPT-4o", "GPT-4o mini"] and errors == []
    assert table["Released"] == ["2024-05-13", "2024-07-18"]
    assert table["Prices at every host (USD per 1M tokens)"][0] == \
        "OpenAI: $2.50 in / $10.00 out (since 2024-08-06; unchecked)"
    assert table["MMLU"] == ["88.7 accuracy (%) (vendor: OpenAI, 2024-05-13) [hello-gpt-4o]",
                             "82 accuracy (%) (vendor: OpenAI, 2024-07-18) [gpt-4o-mini-announcement]"]
    assert page.get_attribute("#compare-share", "href").endswith("compare/index.html?m=gpt-4o&m=gpt-4o-mini")


def test_the_choice_is_made_on_the_page_and_kept_in_the_url(browser, origin: str) -> None:
    page, _ = open_compare(browser, origin, "?m=gpt-4o")
    assert page.inner_text("#compare-summary") == "Choose at least two models above."
    page.select_option("select[name=m] >> nth=1", "claude-3-5-sonnet")
    page.wait_for_selector(".fl-compare-table")
    assert page.evaluate("location.search") == "?m=gpt-4o&m=claude-3-5-sonnet"
    assert cells(page)["Status"] == ["live", "retired"]


def test_unknown_repeated_and_surplus_ids_are_dropped(browser, origin: str) -> None:
    page, _ = open_compare(browser, origin, "?m=gpt-4o,gpt-4o&m=nope&m=gpt-4o-mini&m=claude-3-5-sonnet"
                                            "&m=gemini-2.0-flash&m=claude-sonnet-4")
    assert page.evaluate("location.search") == \
        "?m=gpt-4o&m=gpt-4o-mini&m=claude-3-5-sonnet&m=gemini-2.0-flash"  # four at most, each once, known only


def test_a_hostile_name_is_text_and_the_phone_layout_does_not_overflow(browser, origin: str) -> None:
    page, errors = open_compare(browser, origin, "?m=hostile-model&m=gpt-4o", width=390)
    assert page.evaluate("window.__xss") is None and errors == []
    assert "<script>" in page.inner_text(".fl-compare-table thead")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
