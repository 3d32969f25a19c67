"""A feed that lists a price the KB's price in force lacks (a cached rate, say) is news: `kb import` records it as a
reading of that day, carrying what the feed does not list; on a day the KB already has a reading it says what the
feed adds. `--existing` gives only the KB's own offerings readings. An appended reading leaves every other line of
the file as its contributor wrote it. The fixture's facts: GPT-4o mini at $0.15 / $0.60 with Batch at $0.075 /
$0.30 (gpt-4o-mini-announcement); the feed's cached rate, $0.075, is planted."""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path

import yaml
from conftest import TODAY
from hypothesis import given
from hypothesis import strategies as st
from test_interop import curated_copy, litellm_file

from generators.interop.litellm import import_litellm
from generators.kb.history_text import appended, in_order
from generators.kb.validate import validate_kb

WITH_CACHED_RATE = {"gpt-4o-mini-2024-07-18": {
    "litellm_provider": "openai", "mode": "chat", "input_cost_per_token": 1.5e-07, "output_cost_per_token": 6e-07,
    "cache_read_input_token_cost": 7.5e-08}}
NEW_MODEL = {"acme/new-model": {"litellm_provider": "acme", "mode": "chat", "input_cost_per_token": 1e-06,
                                "output_cost_per_token": 2e-06}}


def run(root: Path, file: Path, existing: bool = False):  # type: ignore[no-untyped-def]
    kb, issues = validate_kb(root, TODAY)
    assert issues == []
    return import_litellm(kb, root, file, TODAY, today=TODAY, existing=existing)


def test_a_feed_that_adds_a_cached_rate_becomes_a_reading_that_keeps_the_rest(tmp_path: Path) -> None:
    root = curated_copy(tmp_path)
    report = run(root, litellm_file(tmp_path, WITH_CACHED_RATE))
    assert (report.appended, report.unchanged, report.conflicts) == (1, 0, [])
    kb, issues = validate_kb(root, TODAY)
    in_force = kb.price_history("openai--gpt-4o-mini").current(TODAY)  # type: ignore[union-attr]
    assert issues == [] and in_force is not None and in_force.effective == TODAY
    assert (in_force.cached_input, in_force.carried) == (Decimal("0.075"), ["batch"])
    assert in_force.batch is not None and in_force.batch.output == Decimal("0.3")
    again = run(root, litellm_file(tmp_path, WITH_CACHED_RATE))
    assert (again.appended, again.unchanged) == (0, 1)


def test_a_price_announced_for_later_does_not_stop_todays_reading_which_goes_ahead_of_it(tmp_path: Path) -> None:
    root = curated_copy(tmp_path)
    prices = root / "prices" / "openai--gpt-4o-mini.yaml"
    prices.write_text(prices.read_text(encoding="utf-8") + "- effective: 2027-01-01\n  announced: 2026-11-01\n"
                      "  input: 0.3\n  output: 1.2\n  sources:\n  - openai-pricing\n", encoding="utf-8")
    report = run(root, litellm_file(tmp_path, WITH_CACHED_RATE))
    assert (report.appended, report.conflicts) == (1, [])
    kb, issues = validate_kb(root, TODAY)
    history = kb.price_history("openai--gpt-4o-mini")
    assert issues == [] and history is not None
    assert [(s.effective, s.input) for s in history.snapshots[-2:]] == [
        (TODAY, Decimal("0.15")), (datetime.date(2027, 1, 1), Decimal("0.3"))]


def test_a_feed_that_adds_on_a_day_the_kb_has_a_reading_says_what_it_adds(tmp_path: Path) -> None:
    root = curated_copy(tmp_path)
    prices = root / "prices" / "openai--gpt-4o-mini.yaml"
    prices.write_text(prices.read_text(encoding="utf-8") + f"- effective: {TODAY}\n  basis: observed\n  input: 0.15\n"
                      "  output: 0.6\n  carried: [batch]\n  sources:\n  - openai-pricing\n", encoding="utf-8")
    before = prices.read_text(encoding="utf-8")
    report = run(root, litellm_file(tmp_path, WITH_CACHED_RATE))
    assert report.appended == 0 and prices.read_text(encoding="utf-8") == before
    assert [c for c in report.conflicts if "gpt-4o-mini" in c] == [
        f"`gpt-4o-mini-2024-07-18`: the feed also lists openai--gpt-4o-mini's cached input, which the KB's price in "
        f"force does not state, but the KB already has a snapshot dated {TODAY}, not before the feed's date {TODAY}; "
        "add them by hand where a source states them"]


def test_existing_gives_only_the_kbs_offerings_readings(tmp_path: Path) -> None:
    root = curated_copy(tmp_path)
    report = run(root, litellm_file(tmp_path, {**WITH_CACHED_RATE, **NEW_MODEL}), existing=True)
    assert (report.appended, report.created["offerings"], report.created["models"]) == (1, 0, 0)
    assert report.skipped["not an offering of the KB (--existing)"] == 1
    assert not (root / "offerings" / "acme").exists()


NEW = {"effective": TODAY, "basis": "observed", "input": Decimal("1.5"), "output": Decimal("2"), "sources": ["s"]}


@given(st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=300),
       st.sampled_from(["", "corrections:\n- effective: 2026-01-01\n  reason: a typo in the note\n",
                        "# a contributor's comment\n"]))
def test_an_appended_reading_leaves_every_other_line_as_written(note: str, tail: str) -> None:
    """A history whose note a contributor wrapped at 60 columns (any text), then a correction or a comment or
    nothing: the new reading goes after the last snapshot, and removing it gives back the file byte for byte."""
    history = {"schema_version": 2, "id": "p--m", "offering": "p--m", "snapshots": [
        {"effective": "2026-01-01", "input": 1.0, "output": 2.0, "sources": ["s"], "note": note}]}
    text = yaml.safe_dump(history, sort_keys=False, allow_unicode=True, width=60) + tail
    result = appended(text, [NEW])
    assert result is not None  # a plain block list, as every record file's snapshots are
    assert yaml.safe_load(result)["snapshots"][:-1] == yaml.safe_load(text)["snapshots"]
    assert yaml.safe_load(result)["snapshots"][-1]["input"] == 1.5
    lines = result.splitlines(keepends=True)
    first_new = lines.index(f"- effective: {TODAY}\n")
    after = next((i for i in range(first_new + 1, len(lines)) if not lines[i].startswith("  ")), len(lines))
    assert "".join(lines[:first_new] + lines[after:]) == text


@given(st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=300),
       st.integers(min_value=-1, max_value=1))
def test_a_reading_goes_ahead_of_a_price_scheduled_later_and_after_one_in_force(note: str, days: int) -> None:
    """A history whose last snapshot is a price announced to take effect `days` after the reading's day: a later
    one (days 1) gets the reading ahead of it, one of the same day or before (0, -1) after it; the rest of the
    file stays as written, byte for byte."""
    scheduled = TODAY + datetime.timedelta(days=days)
    history = {"schema_version": 2, "id": "p--m", "offering": "p--m", "snapshots": [
        {"effective": "2026-01-01", "input": 1.0, "output": 2.0, "sources": ["s"], "note": note},
        {"effective": scheduled.isoformat(), "announced": "2026-01-01", "input": 3.0, "output": 4.0,
         "sources": ["s"]}]}
    text = yaml.safe_dump(history, sort_keys=False, allow_unicode=True, width=60)
    result = appended(text, [NEW])
    assert result is not None
    inputs = [s["input"] for s in yaml.safe_load(result)["snapshots"]]
    assert inputs == ([1.0, 1.5, 3.0] if days == 1 else [1.0, 3.0, 1.5])
    lines = result.splitlines(keepends=True)
    first_new = lines.index(f"- effective: {TODAY}\n")
    after = next((i for i in range(first_new + 1, len(lines)) if not lines[i].startswith("  ")), len(lines))
    assert "".join(lines[:first_new] + lines[after:]) == text


def test_every_writer_of_readings_puts_them_in_order() -> None:
    """The whole-file writers (an import's, a refresh's) place readings as the text-level one does."""
    snapshots = [{"effective": datetime.date(2026, 1, 1)}, {"effective": datetime.date(2027, 1, 1)}]
    in_order(snapshots, [{"effective": TODAY}, {"effective": datetime.date(2027, 1, 1), "later": True}])
    assert snapshots == [{"effective": datetime.date(2026, 1, 1)}, {"effective": TODAY},
                         {"effective": datetime.date(2027, 1, 1)}, {"effective": datetime.date(2027, 1, 1),
                                                                    "later": True}]


def test_the_existing_option_reaches_the_import(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from generators.cli import main

    root = curated_copy(tmp_path)
    feed = litellm_file(tmp_path, {**WITH_CACHED_RATE, **NEW_MODEL})
    result = CliRunner().invoke(main, ["import", "litellm", str(feed), "--existing", "--into", str(root),
                                       "--today", TODAY.isoformat(), "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "1 not an offering of the KB (--existing)" in result.output
    assert "1 new dated snapshot(s) appended" in result.output


def test_the_page_an_unchanged_entry_names_is_not_written(tmp_path: Path) -> None:
    """LiteLLM names each entry's source page; an entry whose price the KB already holds cites it nowhere."""
    root = curated_copy(tmp_path)
    unchanged = {"gpt-4o-mini-2024-07-18": {**WITH_CACHED_RATE["gpt-4o-mini-2024-07-18"],
                                            "source": "https://example.org/pricing"}}
    del unchanged["gpt-4o-mini-2024-07-18"]["cache_read_input_token_cost"]
    report = run(root, litellm_file(tmp_path, unchanged))
    assert (report.unchanged, report.created["sources"], report.written) == (1, 0, 0)
    assert not (root / "sources" / "src-example.org-pricing.yaml").exists()


def test_a_first_price_of_an_offering_goes_where_the_kb_keeps_its_files(tmp_path: Path) -> None:
    """The fixture keeps its records flat in each kind folder, and has no price for Claude Sonnet 4: its first price
    (planted: $3 / $15) is written as prices/anthropic--claude-sonnet-4.yaml, not in a folder named after Anthropic."""
    root = curated_copy(tmp_path)
    report = run(root, litellm_file(tmp_path, {"claude-sonnet-4-20250514": {
        "litellm_provider": "anthropic", "mode": "chat", "input_cost_per_token": 3e-06,
        "output_cost_per_token": 1.5e-05}}), existing=True)
    assert report.created["prices"] == 1 and report.aborted == ""
    assert (root / "prices" / "anthropic--claude-sonnet-4.yaml").is_file() and not (root / "prices" /
                                                                                    "anthropic").exists()
