"""Accept/reject tests for the validator's rules: what must pass is as important as what must fail."""

from __future__ import annotations

import datetime
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURE_KB, write_record
from hypothesis import given, settings
from hypothesis import strategies as st

from generators.kb.load import parse_text
from generators.kb.validate import validate_kb


def messages(root: Path, today: datetime.date) -> list[str]:
    return [issue.message for issue in validate_kb(root, today)[1]]


def test_the_fixture_kb_is_valid(today) -> None:
    kb, issues = validate_kb(FIXTURE_KB, today)
    assert issues == []
    assert len(kb.entries) == 65


def test_a_quoted_no_is_the_country_norway(tmp_path: Path) -> None:
    record, issues = parse_text('# yaml-language-server: $schema=schemas/provider.schema.json\nheadquarters: "NO"\n',
                                tmp_path / "x.yaml", "providers")
    assert issues == [] and record is not None
    assert record.data == {"headquarters": "NO"}


@pytest.mark.parametrize(("note", "fix"), [
    ("note: Dated by a copy, so published by then\n", None),
    ("note: Dated by a copy: published by then\n", "a colon followed by a space inside unquoted text starts a new key"),
    ("note: 'Dated by a copy: published by then'\n", None),
    ("note: [unclosed\n", "fix the YAML at this point"),
])
def test_a_colon_inside_unquoted_prose_is_named_as_the_cause(tmp_path: Path, note: str, fix: str | None) -> None:
    """The mistake this project's curators make most in notes: a colon and a space in unquoted text."""
    _, issues = parse_text("# yaml-language-server: $schema=schemas/source.schema.json\n" + note,
                           tmp_path / "x.yaml", "sources")
    assert len(issues) == (1 if fix else 0)
    assert all(fix and issue.fix.startswith(fix) for issue in issues)


def test_plain_scalars_follow_yaml_1_2(tmp_path: Path) -> None:
    text = ("# yaml-language-server: $schema=schemas/source.schema.json\n"
            "a: 3.10\nb: '3.10'\nc: 2024-05-13\nd: true\ne: null\nf: 1e3\ng: -7\nh: 1.5B\n")
    record, issues = parse_text(text, tmp_path / "x.yaml", "sources")
    assert issues == [] and record is not None
    assert record.data == {"a": 3.1, "b": "3.10", "c": datetime.date(2024, 5, 13), "d": True, "e": None,
                           "f": 1000.0, "g": -7, "h": "1.5B"}


def test_every_value_knows_its_line_and_column(tmp_path: Path) -> None:
    text = ("# yaml-language-server: $schema=schemas/model.schema.json\n"
            "id: x\ncontext_window:\n- value: 10\n  sources:\n  - a\n  - b\n")
    record, _ = parse_text(text, tmp_path / "x.yaml", "models")
    assert record is not None
    assert record.locate(("context_window", 0, "sources", 1)) == (7, 5)
    assert record.locate(("context_window", 0, "missing")) == (4, 3)


def test_a_retirement_date_in_the_future_is_allowed(scratch_kb: Path, today) -> None:
    path = scratch_kb / "offerings" / "openai--gpt-4o-mini.yaml"
    path.write_text(path.read_text().replace("status: active", "status: deprecated\n  deprecated: 2026-10-01\n"
                                              "  retires: 2027-03-01"))
    assert messages(scratch_kb, today) == []


def test_a_release_date_in_the_future_is_not(scratch_kb: Path, today) -> None:
    path = scratch_kb / "models" / "gpt-4o-mini.yaml"
    path.write_text(path.read_text().replace("released: 2024-07-18", "released: 2027-07-18"))
    assert "`released` is 2027-07-18, in the future (today is 2026-11-21)" in messages(scratch_kb, today)


def test_today_decides_what_is_in_the_future(scratch_kb: Path) -> None:
    assert messages(scratch_kb, datetime.date(2024, 1, 1)) != []
    assert messages(scratch_kb, datetime.date(2030, 1, 1)) == []


def test_a_disputed_snapshot_may_share_a_date_with_the_accepted_one(scratch_kb: Path, today) -> None:
    path = scratch_kb / "prices" / "openai--gpt-4o-mini.yaml"
    path.write_text(path.read_text() + "- effective: 2024-07-18\n  input: 0.30\n  output: 1.20\n  sources:\n"
                    "  - openai-pricing\n  disputed: A blog misquoted the price.\n")
    assert messages(scratch_kb, today) == []


def test_ids_are_unique_across_subfolders(scratch_kb: Path, today) -> None:
    (scratch_kb / "sources" / "more").mkdir()
    shutil.copy(scratch_kb / "sources" / "openai-pricing.yaml", scratch_kb / "sources" / "more")
    found = messages(scratch_kb, today)
    assert len(found) == 1 and found[0].startswith("id `openai-pricing` is already used by")


def test_records_may_be_grouped_in_subfolders(scratch_kb: Path, today) -> None:
    (scratch_kb / "sources" / "openai").mkdir()
    shutil.move(scratch_kb / "sources" / "openai-pricing.yaml", scratch_kb / "sources" / "openai")
    assert messages(scratch_kb, today) == []


def test_all_problems_are_reported_in_one_run_sorted_by_file_and_line(scratch_kb: Path, today) -> None:
    write_record(scratch_kb, "benchmarks", "b", "schema_version: 1\nid: b\nname: B\nmeasures: x\nmetric: score\n"
                 "sources:\n- nowhere\n")
    write_record(scratch_kb, "benchmarks", "a", "schema_version: 1\nid: a\nname: A\nmeasures: x\nmetric: score\n"
                 "paper: nothing\nsources:\n- nowhere\n")
    _, issues = validate_kb(scratch_kb, today)
    assert [(i.file.name, i.line) for i in issues] == [("a.yaml", 7), ("a.yaml", 9), ("b.yaml", 8)]


def test_a_removed_record_breaks_the_records_that_cite_it(scratch_kb: Path, today) -> None:
    (scratch_kb / "sources" / "hello-gpt-4o.yaml").unlink()
    found = messages(scratch_kb, today)
    assert found and all("`hello-gpt-4o`, which does not exist" in m for m in found)


def test_a_reported_cost_is_recomputed_from_the_prices(scratch_kb: Path, today) -> None:
    body = ("schema_version: 1\nid: w\nname: W\ndescription: d\ninput_tokens: 50000\noutput_tokens: 2000\n"
            "reported_costs:\n- offering: openai--gpt-4o\n  usd: {usd}\n  period: call\n  as_of: {as_of}\n"
            "  sources:\n  - openai-pricing\nsources:\n- openai-pricing\n")
    path = write_record(scratch_kb, "workloads", "w", body.format(usd=0.145, as_of="2025-06-01"))
    assert messages(scratch_kb, today) == []
    # The same figure no longer holds for a date when the launch price ($5/$15) was in force.
    path.write_text(path.read_text().replace("as_of: 2025-06-01", "as_of: 2024-06-01"))
    found = messages(scratch_kb, today)
    assert found == ["the source says $0.145 per call for `openai--gpt-4o`, but the price in force on 2024-06-01 "
                     "(effective 2024-05-13) gives $0.28"]


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1))


def test_replacements_that_run_in_a_circle_are_reported_at_each_offering(scratch_kb: Path, today) -> None:
    edit(scratch_kb / "offerings" / "anthropic--claude-sonnet-4.yaml", "  announced: 2025-05-22\n",
         "  announced: 2025-05-22\n  replacement: anthropic--claude-3-5-sonnet\n")
    _, issues = validate_kb(scratch_kb, today)
    assert [(i.file.stem, i.line, i.message) for i in issues] == [
        ("anthropic--claude-3-5-sonnet", 16, "replacements run in a circle: anthropic--claude-3-5-sonnet → "
                                             "anthropic--claude-sonnet-4 → anthropic--claude-3-5-sonnet"),
        ("anthropic--claude-sonnet-4", 15, "replacements run in a circle: anthropic--claude-sonnet-4 → "
                                           "anthropic--claude-3-5-sonnet → anthropic--claude-sonnet-4")]


def test_a_chain_of_replacements_that_ends_is_fine(scratch_kb: Path, today) -> None:
    edit(scratch_kb / "offerings" / "openai--gpt-4o-mini.yaml", "  status: active\n",
         "  status: deprecated\n  deprecated: 2026-01-01\n  retires: 2027-01-01\n  replacement: openai--gpt-4o\n")
    assert messages(scratch_kb, today) == []


def test_a_price_dated_before_its_offering_was_announced(scratch_kb: Path, today) -> None:
    edit(scratch_kb / "offerings" / "anthropic--claude-sonnet-4.yaml", "announced: 2025-05-22", "announced: 2025-06-15")
    write_record(scratch_kb, "prices", "anthropic--claude-sonnet-4",
                 "schema_version: 2\nid: anthropic--claude-sonnet-4\noffering: anthropic--claude-sonnet-4\nsnapshots:\n"
                 "- effective: 2025-06-01\n  input: 3.0\n  output: 15.0\n  sources:\n  - anthropic-pricing\n")
    [issue] = validate_kb(scratch_kb, today)[1]
    assert (issue.file.parent.name, issue.line, issue.column, issue.message) == (
        "prices", 6, 14, "prices take effect 2025-06-01, before the offering was announced (2025-06-15)")
    assert issue.fix == "check the date against the source, or the offering's `announced` date"


def test_a_model_whose_lab_is_only_an_api_host(scratch_kb: Path, today) -> None:
    edit(scratch_kb / "providers" / "mistral.yaml", "roles:\n- lab\n- api-host\n", "roles:\n- api-host\n")
    [issue] = validate_kb(scratch_kb, today)[1]
    assert (issue.file.name, issue.line, issue.message) == (
        "mistral-7b.yaml", 6, "`lab` is `mistral`, which does not train models (its roles: api-host)")
    assert issue.fix.startswith("name the lab that trained the model, or add `lab` to the roles")


def test_a_lab_may_report_its_own_scores_before_release_but_nobody_else_may(scratch_kb: Path, today) -> None:
    claim = scratch_kb / "claims" / "gpt-4o--mmlu.yaml"
    edit(claim, "date: 2024-05-13", "date: 2024-04-01")
    assert messages(scratch_kb, today) == []
    edit(claim, "reported_by: vendor", "reported_by: independent")
    assert messages(scratch_kb, today) == ["the claim is dated 2024-04-01, before the model was released (2024-05-13), "
                                           "and it is not the lab's own"]


def test_only_a_percentage_metric_bounds_a_score_to_100(scratch_kb: Path, today) -> None:
    claim = scratch_kb / "claims" / "gpt-4o--mmlu.yaml"
    edit(claim, "score: 88.7\nmetric: accuracy (%)", "score: 1287\nmetric: Elo rating")
    assert messages(scratch_kb, today) == []
    edit(claim, "metric: Elo rating", "metric: win rate (%)")
    assert messages(scratch_kb, today) == ["a score of 1287 on a percentage metric (`win rate (%)`) is outside 0-100"]


def test_a_tier_at_the_context_window_is_unreachable_and_one_below_it_is_fine(scratch_kb: Path, today) -> None:
    body = ("schema_version: 2\nid: anthropic--claude-sonnet-4\noffering: anthropic--claude-sonnet-4\nsnapshots:\n"
            "- effective: 2025-06-01\n  input: 3.0\n  output: 15.0\n  sources:\n  - anthropic-pricing\n"
            "  tiers:\n  - above_tokens: {above}\n    input: 6.0\n    output: 22.5\n")
    write_record(scratch_kb, "prices", "anthropic--claude-sonnet-4", body.format(above=128000))
    assert messages(scratch_kb, today) == []
    write_record(scratch_kb, "prices", "anthropic--claude-sonnet-4", body.format(above=200000))
    assert messages(scratch_kb, today) == ["the tier starts above 200,000 tokens, but the context window is 200,000 "
                                           "tokens, so no prompt reaches it"]


def test_a_providers_key_goes_only_to_that_provider(scratch_kb: Path, today) -> None:
    """The audit's two doors: a second provider reading MISTRAL_API_KEY, and a model list on another host."""
    mistral = (scratch_kb / "providers" / "mistral.yaml").read_text(encoding="utf-8")
    (scratch_kb / "providers" / "acme.yaml").write_text(
        mistral.replace("id: mistral\n", "id: acme\n").replace("https://api.mistral.ai/v1/models",
                                                               "https://evil.example/v1/models"), encoding="utf-8")
    found = messages(scratch_kb, today)
    assert "`MISTRAL_API_KEY` is also `acme`'s key variable: the live check would send one provider's key to the " \
           "other's API" in found
    assert "the model list's host `evil.example` is not a host of `api_base_url` or `openai_compatible_base_url` " \
           "(api.mistral.ai): the provider's key would be sent there" in found
    assert not any("`api.mistral.ai` is not a host" in m for m in found)  # Mistral's own list is on its own host


def test_a_sources_year_agrees_with_its_publication_date(scratch_kb: Path, today) -> None:
    """The fixture's Claude 3.5 Sonnet announcement: published 2024-06-20, year 2024; the audit's year 2019."""
    path = scratch_kb / "sources" / "anthropic-claude-3-5-sonnet.yaml"
    text = path.read_text(encoding="utf-8")
    assert "published: 2024-06-20\nyear: 2024\n" in text
    assert not any("`year:" in m for m in messages(scratch_kb, today))
    path.write_text(text.replace("year: 2024\n", "year: 2019\n"), encoding="utf-8")
    assert "`year: 2019` but `published: 2024-06-20`" in messages(scratch_kb, today)


@pytest.mark.parametrize(("effective", "checked", "expected"), [
    ("2028-11-01", "2026-11-10", []),  # 731 days after its announcement (2028 is a leap year), checked since
    ("2028-11-02", "2026-11-01", ["prices take effect 2028-11-02, more than two years after they were announced "
                                  "(2026-11-01)"]),
    ("2027-01-01", "2026-10-31", ["prices were checked before they were announced"])])
def test_a_price_announced_ahead_may_take_effect_later_and_be_checked_before_it_does(
        scratch_kb: Path, today, effective: str, checked: str, expected: list[str]) -> None:
    path = scratch_kb / "prices" / "openai--gpt-4o-mini.yaml"
    path.write_text(path.read_text() + f"- effective: {effective}\n  announced: 2026-11-01\n  checked: {checked}\n"
                    "  input: 0.3\n  output: 1.2\n  sources:\n  - gpt-4o-mini-announcement\n")
    assert messages(scratch_kb, today) == expected


DATED = ("deprecated", "retires", "retires_not_before")


@settings(max_examples=25, deadline=None)
@given(dates=st.fixed_dictionaries({}, optional={name: st.dates(datetime.date(2025, 1, 1), datetime.date(2026, 11, 1))
                                               for name in DATED}),
       cited=st.booleans())
def test_a_lifecycle_date_must_be_cited_in_the_lifecycle(tmp_path_factory: pytest.TempPathFactory,
                                                         dates: dict[str, datetime.date], cited: bool) -> None:
    """Any of the dates a reader plans by, alone or with others, needs `lifecycle.sources`; an offering with none of
    them needs no lifecycle source (the fixture's offerings cite theirs for their status, not for a rule)."""
    if "retires" in dates and "retires_not_before" in dates:
        dates["retires"] = max(dates["retires"], dates["retires_not_before"])  # the floor rule is not under test
    if "deprecated" in dates and "retires" in dates:
        dates["deprecated"] = min(dates["deprecated"], dates["retires"])
    root = tmp_path_factory.mktemp("kb") / "kb"
    shutil.copytree(FIXTURE_KB, root)
    lines = "".join(f"  {name}: {day.isoformat()}\n" for name, day in dates.items())
    write_record(root, "offerings", "openai--dated", "schema_version: 1\nid: openai--dated\nprovider: openai\n"
                 "model: gpt-4o\napi_ids: [gpt-4o-dated]\nlifecycle:\n  status: deprecated\n" + lines
                 + ("  sources: [openai-models-docs]\n" if cited else "") + "sources: [openai-models-docs]\n")
    unsourced = [m for m in messages(root, datetime.date(2026, 11, 21)) if "is not sourced" in m]
    assert len(unsourced) == (1 if dates and not cited else 0)


def test_disagreeing_first_party_limits_need_a_date_that_orders_them(scratch_kb: Path, today) -> None:
    """The audit's door: Claude Opus 4.6 listed its launch window (200K) before its later model page's 1M, neither
    dated, so pages showed 200K. The fixture's Claude Sonnet 4 window: 200,000 as of 2025-05-22 (Anthropic's docs)."""
    model = scratch_kb / "models" / "claude-sonnet-4.yaml"
    second = "  as_of: 2025-05-22\n- value: 1000000\n  sources:\n  - anthropic-api-docs\n  as_of: {date}\n"
    edit(model, "  as_of: 2025-05-22\n", second.format(date="2025-05-22"))
    [issue] = validate_kb(scratch_kb, today)[1]
    assert (issue.file.name, issue.line, issue.message) == (
        "claude-sonnet-4.yaml", 30, "first-party figures for the context window disagree (200,000 and 1,000,000 "
        "tokens) and no `as_of` says which is newer, so pages show whichever is listed first")
    assert issue.fix == "set `as_of` on each to the day its source stated it, so the newer one leads"
    edit(model, "  - anthropic-api-docs\n  as_of: 2025-05-22\n", "  - anthropic-api-docs\n  as_of: 2025-05-23\n")
    assert messages(scratch_kb, today) == []  # a day apart is enough: the newer leads


def test_a_secondary_figure_beside_a_first_party_one_needs_no_date(scratch_kb: Path, today) -> None:
    """A catalogue's figure never leads a first-party one (evidence.headline), so no date is needed to order them."""
    model = scratch_kb / "models" / "claude-sonnet-4.yaml"
    edit(model, "  as_of: 2025-05-22\n", "- value: 1000000\n  sources:\n  - seed-llm-foundations-frontier-models\n")
    assert messages(scratch_kb, today) == []


def test_the_rules_split_over_two_processes_find_what_one_process_finds(tmp_path: Path, today) -> None:
    """`kb serve` runs the cross-record rules in two processes (rules.check, jobs=2): the same issues, from both
    halves (a model's lab that does not exist is the records' half, a price before the model's release the
    prices')."""
    from generators.kb import rules
    from generators.kb.link import link

    shutil.copytree(FIXTURE_KB, tmp_path / "kb")
    for name, old, new in (("models/gpt-4o.yaml", "lab: openai\n", "lab: nobody\n"),
                           ("prices/openai--gpt-4o.yaml", "- effective: 2024-05-13\n", "- effective: 1999-01-01\n")):
        path = tmp_path / "kb" / name
        path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    kb, _ = validate_kb(tmp_path / "kb", today)
    entries = list(kb.entries.values())
    one = rules.check(link(entries), entries, today, jobs=1)
    two = rules.check(link(entries), entries, today, jobs=2)
    assert sorted(map(str, one)) == sorted(map(str, two))
    assert any("nobody" in str(issue) for issue in two) and any("1999-01-01" in str(issue) for issue in two)
