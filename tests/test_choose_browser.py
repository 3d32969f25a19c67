"""The Choose page in a real browser gives exactly what `kb.choose` gives, for the same KB and constraints."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode

import pytest
from browser_support import CHROMIUM, served
from choose_kb import choose_kb
from conftest import TODAY

from generators.kb.choose import Constraints, choose
from generators.kb.choose_results import as_json
from generators.kb.link import KB
from generators.kb.validate import validate_kb
from generators.site.build import build

playwright_api = pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium: `make test` installs it")

COMBOS = [
    {},
    {"benchmark": "mmlu"},
    {"context": "100000", "benchmark": "mmlu"},
    {"budget": "13.5"},
    {"budget": "0.5", "calls": "10", "days": "3"},
    {"region": "EU", "context": "100000"},
    {"region": "US", "weights": "open-with-restrictions"},
    {"in": "250000", "out": "1000", "cached": "0.5"},
    {"inputs": "text,image", "caps": "structured_output,tool_use"},
    {"outputs": "audio", "providers": "openai,mistral", "exclude": "mistral"},
    {"output": "10000", "weights": "open-with-restrictions"},
    {"weights": "open"},
    {"in": "5000", "out": "100", "calls": "20000", "cached": "0.8", "budget": "200", "benchmark": "mmlu"},
    {"benchmark": "mmlu", "rank": "score"},
    {"benchmark": "mmlu", "minscore": "80"},
    {"benchmark": "mmlu", "reporter": "vendor", "rank": "score", "budget": "13.5"},
    {"days": "29"},
]
"""Constraint combinations: exclusion counts, a budget, a region, an unknown-context offering, tiers, cache, and
a month of 29 days (mistral--longctx-1 retires 30 days after TODAY: within the default month, not within 29)."""
FACTS = ["context_window", "input_per_m", "output_per_m", "weights", "license", "status", "retires",
         "retires_first_party", "retires_no_date_on", "retires_within_month", "checked", "price_basis"]
"""The keys of choose_results.row_facts, written out so a key the page drops fails the comparison."""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> tuple[KB, Path]:
    work = tmp_path_factory.mktemp("choose-site")
    root = choose_kb(work / "kb")
    build(root, work / "public", TODAY, docs=work / "docs")
    kb, issues = validate_kb(root, TODAY)
    assert not issues
    return kb, work / "public"


@pytest.fixture(scope="module")
def base_url(site: tuple[KB, Path]) -> Iterator[str]:
    with served(site[1]) as origin:
        yield f"{origin}/choose/index.html"


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    assert not errors
    context.close()


def shown(page) -> dict:
    """What the page shows, read from the DOM, in the shape of `choose.as_json`."""
    page.wait_for_selector("#choose-form[data-ready]")
    return page.evaluate("""() => ({
      ranked: [...document.querySelectorAll('#choose-ranking tbody tr')].map(tr => {
        const s = tr.querySelector('[data-score]');
        return {offering: tr.dataset.offering, monthly_usd: Math.round(parseFloat(tr.querySelector('[data-usd]')
          .dataset.usd) * 1e6) / 1e6, pareto: tr.dataset.pareto === 'true',
          score: s ? [parseFloat(s.dataset.score), s.dataset.by, s.dataset.reporter, s.dataset.claim] : null,
          facts: JSON.parse(tr.dataset.facts)};
      }),
      not_enough_data: [...document.querySelectorAll('#choose-unknown tbody tr')].map(tr => ({
        offering: tr.dataset.offering, unknown: tr.querySelector('[data-unknown]').dataset.unknown.split(',')})),
      excluded: [...document.querySelectorAll('#choose-excluded li')].map(li => ({
        constraint: li.dataset.constraint, count: Number(li.dataset.count), text: li.textContent}))})""")


def expected(kb: KB, query: dict[str, str]) -> dict:
    result = as_json(choose(kb, Constraints.from_query(query), TODAY), kb, TODAY)
    return {"ranked": [{"offering": r["offering"], "monthly_usd": r["monthly_usd"], "pareto": r["pareto"],
                        "score": [r["score"]["score"], r["score"]["reported_by"], r["score"]["reporter"],
                                  r["score"]["claim"]] if r["score"] else None,
                        "facts": {key: r[key] for key in FACTS}}
                       for r in result["ranked"]],
            "not_enough_data": result["not_enough_data"],
            "excluded": [{"constraint": e["constraint"], "count": e["count"], "text": f"{e['count']} excluded: "
                          f"{e['reason']}"} for e in result["excluded"]]}


@pytest.mark.parametrize("query", COMBOS, ids=lambda q: urlencode(q) or "defaults")
def test_page_and_choose_py_agree(page, base_url: str, site: tuple[KB, Path], query: dict[str, str]) -> None:
    page.goto(f"{base_url}?{urlencode(query)}")
    assert shown(page) == expected(site[0], query)


def test_a_score_only_a_copy_dates_says_by_that_day(page, base_url: str) -> None:
    """longctx-1's independent 82.0 is dated by a copy of 2025-03-01 (tests/choose_kb.py, `date_basis: shown_by`):
    the row says when it was known by, not that it was published that day."""
    page.goto(f"{base_url}?benchmark=mmlu&reporter=independent&rank=score")
    page.wait_for_selector("#choose-form[data-ready]")
    text = page.inner_text('#choose-ranking tr[data-offering="mistral--longctx-1"] [data-score]')
    assert text.endswith("(independent: A lab, by 2025-03-01)")


def test_the_combinations_exercise_every_rule(site: tuple[KB, Path]) -> None:
    """The agreement above means something only if the combinations reach each kind of outcome."""
    results = [expected(site[0], q) for q in COMBOS]
    counted = {e["constraint"] for r in results for e in r["excluded"] if e["count"]}
    assert {"region", "context", "budget", "fits", "inputs", "outputs", "provider", "weights", "output"} <= counted
    assert any(u["unknown"] == ["context", "fits"] for r in results for u in r["not_enough_data"])
    assert any(row["pareto"] for r in results for row in r["ranked"])
    assert {row["facts"]["retires_within_month"] for r in results for row in r["ranked"]} == {True, False}
    assert {row["facts"]["retires_first_party"] for r in results for row in r["ranked"]} == {None, False}
    assert all(r["ranked"] or r["excluded"] for r in results)


def test_typing_constraints_updates_the_ranking_and_the_shared_url_reproduces_it(
        page, base_url: str, site: tuple[KB, Path]) -> None:
    page.goto(base_url)
    page.wait_for_selector("#choose-form[data-ready]")
    page.locator("input[name=context]").press_sequentially("100000")
    page.locator("input[name=budget]").press_sequentially("100")
    page.select_option("select[name=benchmark]", "mmlu")
    page.locator("input[name=caps][value=tool_use]").check()
    query = {"context": "100000", "caps": "tool_use", "budget": "100", "benchmark": "mmlu"}
    typed = shown(page)
    assert typed == expected(site[0], query)
    assert [r["offering"] for r in typed["ranked"]] == ["google--gemini-2.0-flash", "openai--gpt-4o-mini",
                                                         "mistral--longctx-1"]
    shared = page.get_attribute("#choose-share", "href")
    assert "context=100000" in shared and "budget=100" in shared
    page.goto("about:blank")
    page.goto(shared)
    assert shown(page) == typed
    assert page.input_value("input[name=context]") == "100000"
    assert page.is_checked("input[name=caps][value=tool_use]")


def test_keyboard_alone_sets_a_constraint(page, base_url: str, site: tuple[KB, Path]) -> None:
    page.goto(base_url)
    page.wait_for_selector("#choose-form[data-ready]")
    page.focus("input[name=context]")
    page.keyboard.type("100000")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.type("20")
    assert page.evaluate("document.activeElement.name") == "budget"
    assert shown(page) == expected(site[0], {"context": "100000", "budget": "20"})


def test_a_preset_is_the_seed_row_dated_beside_today_s_answer(page, base_url: str, site: tuple[KB, Path]) -> None:
    page.goto(base_url)
    row = page.locator("#choose-presets tr", has_text="Long documents (RAG)?")
    assert "Claude 3.5 Sonnet, as of 2025-11-24" in row.inner_text()
    today = expected(site[0], {"in": "50000", "out": "2000", "context": "150000"})["ranked"][0]["offering"]
    assert today == "google--gemini-2.0-flash" and "Gemini 2.0 Flash at Google" in row.inner_text()
    row.get_by_role("link", name="Long documents (RAG)?").click()
    page.wait_for_url("**context=150000**")
    page.wait_for_selector("#choose-form[data-ready]")
    assert page.input_value("input[name=context]") == "150000"
    assert shown(page)["ranked"][0]["offering"] == today


@pytest.mark.parametrize(("days", "flag"), [("30", " ⚠ within your month"), ("29", "")])
def test_a_row_shows_its_facts_and_links_to_its_offering(page, base_url: str, days: str, flag: str) -> None:
    """mistral--longctx-1 (tests/choose_kb.py): 1M context, $1 / $4, restricted weights under its own licence,
    retiring 2026-12-21, 30 days after TODAY, on a textbook's word only (Mistral's models page listed it with no
    date on 2026-06-01); price never checked."""
    page.goto(f"{base_url}?days={days}")
    page.wait_for_selector("#choose-form[data-ready]")
    row = page.locator("#choose-ranking tbody tr[data-offering='mistral--longctx-1']")
    cells = row.locator("td").all_inner_texts()
    assert cells[3:8] == ["1,000,000", "$1.00 / $4.00", "restricted · Longctx Research Licence",
                          f"retiring · retires 2026-12-21 (secondary sources only; the provider listed none on "
                          f"2026-06-01){flag}", "never checked"]
    assert row.locator("a").get_attribute("href") == "../models/longctx-1.html#offering-mistral--longctx-1"


@pytest.mark.parametrize("width", [1366, 390])
def test_screenshots_and_nothing_overflows_the_viewport(browser, base_url: str, width: int, tmp_path: Path) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(f"{base_url}?context=100000&benchmark=mmlu&budget=300")
    page.wait_for_selector("#choose-form[data-ready]")
    page.screenshot(path=str(tmp_path / f"choose-{width}.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    ranking = page.locator("#choose-ranking").bounding_box()
    assert ranking and ranking["width"] <= width
    context.close()


def test_a_bad_value_in_a_shared_url_is_named_not_guessed(page, base_url: str) -> None:
    page.goto(f"{base_url}?budget=20")
    page.wait_for_selector("#choose-form[data-ready]")
    page.evaluate("document.querySelector('select[name=weights]').innerHTML += '<option>bogus</option>'")
    page.select_option("select[name=weights]", "bogus")
    assert page.inner_text("#choose-summary").startswith("Cannot choose: weights must be one of any, open")
    assert page.locator("#choose-ranking tbody tr").count() == 0
