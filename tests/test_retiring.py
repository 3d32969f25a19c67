"""Lifecycle up front: an offering retiring within 90 days is flagged on its model's and provider's pages and
listed on the home page, and a model all of whose live offerings retire soon is `retiring` (issue: answers a
reader can act on)."""

from __future__ import annotations

import datetime
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import FIXTURE_KB, TODAY
from hypothesis import given
from hypothesis import strategies as st

from generators.cli import main
from generators.kb import current
from generators.kb.link import KB
from generators.kb.records import Offering
from generators.kb.validate import judged_on, validate_kb
from generators.site.build import build


def offering(retires: str | None, status: str = "deprecated", record_id: str = "p--m",
             replacement: str | None = None) -> Offering:
    cycle: dict[str, object] = {"status": status}
    if retires:
        cycle["retires"] = datetime.date.fromisoformat(retires)
    if replacement:
        cycle["replacement"] = replacement
    return Offering.model_validate({"schema_version": 1, "id": record_id, "provider": "p", "model": "m",
                                    "api_ids": ["m-1"], "lifecycle": cycle, "sources": ["s"]})


@pytest.mark.parametrize(("retires", "expected"), [
    ("2026-11-21", False),  # retiring today is retired today
    ("2026-11-22", True),
    ("2027-02-19", True),  # 90 days ahead
    ("2027-02-20", False),  # 91 days ahead
    (None, False)])
def test_retiring_within_ninety_days_on_its_boundaries(retires: str | None, expected: bool) -> None:
    assert current.retiring_within(offering(retires), TODAY) is expected


def test_a_retired_offering_is_not_retiring() -> None:
    assert current.retiring_within(offering("2026-11-21", status="retired"), TODAY) is False
    assert current.retiring_within(offering(None, status="retired"), TODAY) is False
    # retired since: ten days ahead of the day asked about, it was retiring then
    assert current.retiring_within(offering("2026-12-01", status="retired"), TODAY) is True


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The fixture KB with GPT-4o mini deprecated, retiring 2026-12-11 (20 days after TODAY), replaced by GPT-4o."""
    import shutil

    work = tmp_path_factory.mktemp("retiring")
    shutil.copytree(FIXTURE_KB, work / "kb")
    edit(work / "kb" / "offerings" / "openai--gpt-4o-mini.yaml", "  status: active\n",
         "  status: deprecated\n  deprecated: 2026-06-01\n  retires: 2026-12-11\n  replacement: openai--gpt-4o\n")
    build(work / "kb", work / "public", TODAY)
    return work / "kb", work / "public"


def text(page: Path) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page.read_text(encoding="utf-8")))


def test_the_model_is_retiring_and_its_pages_carry_the_banner(site: tuple[Path, Path]) -> None:
    kb_root, public = site
    kb, _ = validate_kb(kb_root, TODAY)
    assert current.model_status(kb, kb.get("models", "gpt-4o-mini"), TODAY) == "retiring"
    assert current.model_status(kb, kb.get("models", "gpt-4o"), TODAY) == "live"
    banner = "OpenAI retires gpt-4o-mini-2024-07-18 (GPT-4o mini) on 2026-12-11 , in 20 days; replacement: " \
             "gpt-4o-2024-08-06"
    assert "Retiring soon" in text(public / "models" / "gpt-4o-mini.html")
    assert banner.replace(" ,", ",") in text(public / "models" / "gpt-4o-mini.html").replace(" ,", ",")
    assert banner.replace(" ,", ",") in text(public / "providers" / "openai.html").replace(" ,", ",")
    assert "Retiring soon" not in text(public / "models" / "gpt-4o.html")


def test_the_home_page_lists_what_retires_soon(site: tuple[Path, Path]) -> None:
    home = text(site[1] / "index.html")
    start = home.index("Offerings that stop being served")
    section = home[start:home.index("Latest changes", start)]
    assert "GPT-4o mini 2026-12-11 (20 days) gpt-4o-2024-08-06 OpenAI gpt-4o-mini-2024-07-18" in section


@pytest.mark.parametrize(("retires", "status", "expected"), [
    ("2026-11-21", "deprecated", "retired"),  # retiring today is retired today, whatever the status field says
    ("2026-11-22", "deprecated", "retiring"),
    ("2027-02-19", "active", "retiring"),  # 90 days ahead
    ("2027-02-20", "deprecated", "deprecated"),  # 91 days ahead
    (None, "preview", "preview"),
    ("2026-11-21", "retired", "retired"),
    (None, "retired", "retired")])
def test_an_offerings_status_for_a_reader(retires: str | None, status: str, expected: str) -> None:
    assert current.offering_status(offering(retires, status), TODAY) == expected


@pytest.mark.parametrize(("on", "expected"), [
    ("2025-12-31", "unannounced"),  # before its announcement: not "retired", as it read before
    ("2026-01-01", "active"),  # announced that day; its deprecation came later
    ("2026-05-31", "active"),
    ("2026-06-01", "deprecated"),  # deprecated that day, retirement more than 90 days ahead
    ("2026-07-02", "deprecated"),  # 91 days ahead
    ("2026-07-03", "retiring"),  # 90 days ahead
    ("2026-10-01", "retired"),  # retired that day
    ("2026-12-01", "retired")])
def test_an_offering_retired_since_had_the_status_of_its_day(on: str, expected: str) -> None:
    """Announced 2026-01-01, deprecated 2026-06-01, retired 2026-10-01: a question about any day before reads
    the status of that day, not today's `retired`."""
    made = offering("2026-10-01", status="retired")
    dated = made.model_copy(update={"lifecycle": made.lifecycle.model_copy(update={
        "announced": datetime.date(2026, 1, 1), "deprecated": datetime.date(2026, 6, 1)})})
    day = datetime.date.fromisoformat(on)
    assert current.offering_status(dated, day) == expected
    assert current.is_live(dated, day) is (expected not in ("unannounced", "retired"))


def test_a_retired_record_without_a_date_is_gone_on_every_day() -> None:
    assert not current.is_live(offering(None, status="retired"), datetime.date(2000, 1, 1))


def test_the_tables_carry_retiring_as_a_status_to_filter_on(site: tuple[Path, Path]) -> None:
    """GPT-4o mini retires 2026-12-11: `retiring` on the pricing table's and the provider table's rows, and in
    both status filters; the pricing table lists the newest model first (Gemini 2.0 Flash, 2025-02-05)."""
    pricing = (site[1] / "pricing" / "index.html").read_text(encoding="utf-8")
    statuses = re.findall(r'<tr data-provider="([^"]+)" data-status="([^"]+)"', pricing)
    assert statuses == [("google", "active"), ("openai", "retiring"), ("openai", "active")]
    assert "retires 2026-12-11" in text(site[1] / "pricing" / "index.html")
    provider = (site[1] / "providers" / "openai.html").read_text(encoding="utf-8")
    assert re.findall(r'<tr data-status="([^"]+)"><td><a href="[^"]*models/([^".]+)', provider) == [
        ("retiring", "gpt-4o-mini"), ("active", "gpt-4o")]
    for page in (pricing, provider):
        assert '<option value="retiring">retiring within 90 days</option>' in page


def test_a_retired_offering_shows_no_current_price(site: tuple[Path, Path]) -> None:
    """Claude 3.5 Sonnet retired 2025-10-22 with a price history ($3 / $15): its row's current price is a dash."""
    provider = (site[1] / "providers" / "anthropic.html").read_text(encoding="utf-8")
    [row] = [r for r in provider.split("<tr ") if "models/claude-3-5-sonnet.html" in r and "data-status" in r]
    assert 'data-status="retired"' in row and re.findall(r"<td>([^<]*)</td>", row)[:2] == ["—", "retired"]
    model = text(site[1] / "models" / "claude-3-5-sonnet.html")
    assert "$3.00 / $15.00" not in model.split("Price history")[0]


@pytest.mark.parametrize(("on", "live"), [("2026-03-31", False), ("2026-04-01", True)])
def test_an_offering_is_live_from_the_day_it_was_announced(on: str, live: bool) -> None:
    made = offering(None, status="active")
    announced = made.model_copy(update={"lifecycle": made.lifecycle.model_copy(
        update={"announced": datetime.date(2026, 4, 1)})})
    assert current.is_live(announced, datetime.date.fromisoformat(on)) is live


def test_a_question_about_a_past_day_reads_a_kb_holding_newer_facts() -> None:
    """On 2024-06-01 the fixture's only offering live and priced is GPT-4o at its launch price ($5 / $15, from
    2024-05-13); GPT-4o mini (2024-07-18), Gemini 2.0 Flash (2025-02-05) and Claude Sonnet 4 (2025-05-22) were not
    yet announced, and Claude 3.5 Sonnet came 2024-06-20. Before, every newer fact was an error "in the future"."""
    from conftest import FIXTURE_KB

    result = CliRunner().invoke(main, ["choose", "--kb", str(FIXTURE_KB), "--today", "2024-06-01", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert [(r["offering"], r["input_per_m"], r["output_per_m"]) for r in data["ranked"]] == [
        ("openai--gpt-4o", 5.0, 15.0)]
    assert data["candidates"] == 2  # and Mistral 7B (2023-09-27), which has no price
    strict = CliRunner().invoke(main, ["validate", str(FIXTURE_KB), "--today", "2024-06-01"])
    assert strict.exit_code != 0 and "in the future (today is 2024-06-01)" in strict.output


def test_records_are_judged_on_the_real_today_or_a_later_day_asked_about() -> None:
    assert judged_on(datetime.date(2000, 1, 1)) == datetime.date.today()
    assert judged_on(datetime.date(2999, 1, 1)) == datetime.date(2999, 1, 1)


def test_a_model_on_a_day_before_its_offerings_were_announced_is_unannounced() -> None:
    """The fixture's GPT-4o mini offering was announced 2024-07-18: on 2024-07-17 the model is `unannounced`, not
    `retired` as it read before; on 2024-07-18 it is live. GPT-4o (2024-05-13) is live on both days."""
    from conftest import FIXTURE_KB

    kb, _ = validate_kb(FIXTURE_KB, TODAY)
    mini, four = kb.get("models", "gpt-4o-mini"), kb.get("models", "gpt-4o")
    assert current.model_status(kb, mini, datetime.date(2024, 7, 17)) == "unannounced"
    assert current.model_status(kb, mini, datetime.date(2024, 7, 18)) == "live"
    assert current.model_status(kb, four, datetime.date(2024, 7, 17)) == "live"


class Chain:
    """Just enough of a KB for `current.live_successor`: offerings by id."""

    def __init__(self, *offerings: Offering) -> None:
        self.found = {o.id: o for o in offerings}

    def get(self, kind: str, record_id: str) -> Offering | None:
        assert kind == "offerings"
        return self.found.get(record_id)


def link(record_id: str, retires: str | None, replacement: str | None = None) -> Offering:
    """An offering in a chain of replacements: deprecated with a retirement date, else active."""
    return offering(retires, "deprecated" if retires else "active", record_id, replacement)


@pytest.mark.parametrize(("b_retires", "expected"), [
    ("2026-11-21", "p--c"),  # the replacement retires today: retired, so the reader moves on to c
    ("2026-11-22", None)])  # still served today: the replacement is the answer
def test_the_live_successor_down_a_chain_of_replacements(b_retires: str, expected: str | None) -> None:
    chain = Chain(link("p--a", "2026-11-01", "p--b"), link("p--b", b_retires, "p--c"), link("p--c", None))
    found = current.live_successor(chain, chain.found["p--a"], TODAY)  # type: ignore[arg-type]
    assert (found.id if found else None) == expected


@pytest.mark.parametrize("offerings", [
    (link("p--a", "2026-11-01", "p--b"), link("p--b", "2026-11-01", "p--a")),  # a loop of retired offerings
    (link("p--a", "2026-11-01", "p--b"), link("p--b", "2026-11-01")),  # the chain ends retired
    (link("p--a", "2026-11-01", "p--gone"),),  # names an offering the KB lacks
    (link("p--a", "2026-11-01"),)])  # names none
def test_no_live_successor_when_the_chain_reaches_none(offerings: tuple[Offering, ...]) -> None:
    chain = Chain(*offerings)
    assert current.live_successor(chain, chain.found["p--a"], TODAY) is None  # type: ignore[arg-type]


@pytest.mark.parametrize(("retires", "shown"), [("2026-11-21", True), ("2026-11-22", False)])
def test_a_retired_models_page_points_past_a_replacement_no_longer_served(tmp_path: Path, retires: str,
                                                                         shown: bool) -> None:
    """Claude 3.5 Sonnet's replacement, Claude Sonnet 4, made to retire on `retires`, replaced by GPT-4o."""
    import shutil

    from generators.site.render import render_pages

    shutil.copytree(FIXTURE_KB, tmp_path / "kb")
    edit(tmp_path / "kb" / "offerings" / "anthropic--claude-sonnet-4.yaml", "  status: active\n",
         f"  status: deprecated\n  retires: {retires}\n  replacement: openai--gpt-4o\n")
    kb, issues = validate_kb(tmp_path / "kb", judged_on(TODAY))
    assert issues == []
    [page] = render_pages(kb, tmp_path / "docs", TODAY, wanted=lambda path: path == "models/claude-3-5-sonnet.md")
    row = text(page.path)
    assert "; replaced by claude-sonnet-4-20250514" in row
    assert ("claude-sonnet-4-20250514 , itself no longer served: now gpt-4o-2024-08-06" in row) is shown


def test_the_retiring_banner_and_the_home_list_point_past_a_replacement_no_longer_served(tmp_path: Path) -> None:
    """GPT-4o mini retires 2026-12-11 for GPT-4o, which itself retired 2026-11-01 for Claude Sonnet 4."""
    import shutil

    from generators.site.render import render_pages

    shutil.copytree(FIXTURE_KB, tmp_path / "kb")
    edit(tmp_path / "kb" / "offerings" / "openai--gpt-4o-mini.yaml", "  status: active\n",
         "  status: deprecated\n  retires: 2026-12-11\n  replacement: openai--gpt-4o\n")
    edit(tmp_path / "kb" / "offerings" / "openai--gpt-4o.yaml", "  status: active\n",
         "  status: retired\n  retires: 2026-11-01\n  replacement: anthropic--claude-sonnet-4\n")
    kb, issues = validate_kb(tmp_path / "kb", judged_on(TODAY))
    assert issues == []
    made = {page.path.name: page.path.read_text(encoding="utf-8") for page in render_pages(
        kb, tmp_path / "docs", TODAY, wanted=lambda path: path in {"index.md", "models/gpt-4o-mini.md"})}
    past = ("[gpt-4o-2024-08-06]({}models/gpt-4o.md#offering-openai--gpt-4o), itself no longer served: now "
            "[claude-sonnet-4-20250514]({}models/claude-sonnet-4.md#offering-anthropic--claude-sonnet-4)")
    assert "| 2026-12-11 (20 days) | " + past.format("", "") + " |" in made["index.md"]
    assert "in 20 days; replacement: " + past.format("../", "../") in made["gpt-4o-mini.md"]


def mini_with_floor(tmp_path: Path) -> tuple[KB, Offering]:
    """The fixture KB with GPT-4o mini under a floor of 2026-12-11 ("not sooner than") and no retirement."""
    import shutil

    shutil.copytree(FIXTURE_KB, tmp_path / "kb")
    edit(tmp_path / "kb" / "offerings" / "openai--gpt-4o-mini.yaml", "  status: active\n",
         "  status: active\n  retires_not_before: 2026-12-11\n")
    kb, issues = validate_kb(tmp_path / "kb", judged_on(TODAY))
    assert issues == []
    mini = kb.get("offerings", "openai--gpt-4o-mini")
    assert isinstance(mini, Offering)
    return kb, mini


def test_a_floor_the_provider_publishes_is_not_a_retirement(tmp_path: Path) -> None:
    """GPT-4o mini with Google's kind of floor ("retirement date: not sooner than 2026-12-11", 20 days after TODAY):
    still active, not retiring soon, live after the floor, and its pages say "not before", never "retires"."""
    from generators.site import catalog_json
    from generators.site.render import render_pages

    kb, mini = mini_with_floor(tmp_path)
    assert current.offering_status(mini, TODAY) == "active" and current.retiring_soon([mini], TODAY) == []
    assert current.is_live(mini, datetime.date(2026, 12, 12))
    made = {page.path.name: page.path.read_text(encoding="utf-8") for page in render_pages(
        kb, tmp_path / "docs", TODAY, wanted=lambda path: path in {"index.md", "models/gpt-4o-mini.md"})}
    assert "<td>not before 2026-12-11</td>" in made["gpt-4o-mini.md"]  # the offerings table's Retires column
    assert "Retiring soon" not in made["gpt-4o-mini.md"] and "GPT-4o mini 2026-12-11" not in made["index.md"]
    item = catalog_json.offering(kb, mini, TODAY)
    assert (item["retires"], item["retires_not_before"], item["status"]) == (None, "2026-12-11", "active")


@given(st.lists(st.tuples(st.one_of(st.none(), st.integers(0, 7)), st.booleans()), min_size=1, max_size=8))
def test_the_live_successor_is_the_first_live_offering_down_any_chain(links: list[tuple[int | None, bool]]) -> None:
    """Offerings p--0 ... p--n, each naming another (or none, or one the KB lacks) as its replacement, each live or
    retired: the successor is the first live one the chain reaches after a gone replacement, else none."""
    chain = Chain(*(link(f"p--{i}", None if live else "2026-11-01", None if to is None else f"p--{to}")
                    for i, (to, live) in enumerate(links)))
    walked, step = [], links[0][0]
    while step is not None and step < len(links) and f"p--{step}" not in walked and step != 0:
        walked.append(f"p--{step}")
        if links[step][1]:
            break
        step = links[step][0]
    live = [name for name in walked if links[int(name[3:])][1]]
    expected = live[0] if live and walked[0] != live[0] else None
    found = current.live_successor(chain, chain.found["p--0"], TODAY)  # type: ignore[arg-type]
    assert (found.id if found else None) == expected


def test_every_model_status_reaches_each_place_that_lists_statuses() -> None:
    from generators.site import pages

    assert set(pages.SEARCH_BOOST) == set(current.MODEL_STATUSES)


def test_the_site_renders_for_a_day_before_some_offerings_were_announced(tmp_path: Path) -> None:
    """2024-06-01 in the fixture: GPT-4o mini (announced 2024-07-18) is unannounced that day (a page of it used to
    fail on that status). Every page renders, the models table can filter on it, the catalogue validates."""
    from generators.site import catalog_json
    from generators.site.render import render_site

    day = datetime.date(2024, 6, 1)
    kb, issues = validate_kb(FIXTURE_KB, judged_on(TODAY))
    assert issues == []
    assert current.model_status(kb, kb.get("models", "gpt-4o-mini"), day) == "unannounced"
    render_site(kb, tmp_path / "docs", day)
    models = (tmp_path / "docs" / "models" / "index.md").read_text(encoding="utf-8")
    assert '<option value="unannounced">unannounced</option>' in models
    import jsonschema

    jsonschema.validate(catalog_json.catalog(kb, day), json.loads(catalog_json.schema_text()))


@pytest.mark.parametrize(("today", "shown"), [
    (datetime.date(2026, 12, 11), "<td>not before 2026-12-11</td>"),
    (datetime.date(2026, 12, 12), "<td>none announced; the floor of 2026-12-11 has passed</td>")])
def test_a_floor_gone_by_is_said_to_have_passed_not_to_lie_ahead(tmp_path: Path, today: datetime.date,
                                                                 shown: str) -> None:
    """GPT-4o mini with a floor of 2026-12-11 and no retirement: on that day its page still says "not before"; the
    day after, that the floor has passed and no date is announced (Bedrock's DeepSeek-V3.2, floor 2026-12-01)."""
    from generators.site.render import render_pages

    kb, mini = mini_with_floor(tmp_path)
    assert current.floor_passed(mini, today) is (today > datetime.date(2026, 12, 11))
    dated = mini.model_copy(update={"lifecycle": mini.lifecycle.model_copy(
        update={"retires": datetime.date(2027, 1, 1)})})
    assert current.floor_passed(dated, today) is False  # a retirement announced: a day to plan by again
    [page] = render_pages(kb, tmp_path / "docs", today, wanted=lambda path: path == "models/gpt-4o-mini.md")
    assert shown in page.path.read_text(encoding="utf-8")
