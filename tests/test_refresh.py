"""`kb refresh` writes exactly what a list establishes, as observed prices and lifecycle proposals, and a second
run writes nothing. The list is a real OpenRouter entry (tests/fixtures/openrouter/models.json) re-used for the
fixture KB's offerings with planted values: only fields the recorded response has."""

from __future__ import annotations

import copy
import datetime
import json
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import FIXTURE_KB, TODAY

from generators.cli import main
from generators.kb.validate import validate_kb

TEMPLATE = json.loads((FIXTURE_KB.parent / "openrouter" / "models.json").read_text(encoding="utf-8"))["data"][0]


def entry(model_id: str, prompt: str, completion: str, cache_read: str | None = None,
          expires: str | None = None) -> dict[str, object]:
    item = copy.deepcopy(TEMPLATE)
    item.update(id=model_id, canonical_slug=model_id, name=model_id, expiration_date=expires)
    item["pricing"] = {"prompt": prompt, "completion": completion}
    if cache_read is not None:
        item["pricing"]["input_cache_read"] = cache_read
    return item


# the fixture KB's prices on 2026-11-21: gemini-2.0-flash $0.10 / $0.40, cached $0.025; gpt-4o $2.50 / $10;
# gpt-4o-mini $0.15 / $0.60
PLANTED = [entry("google/gemini-2.0-flash-001", "0.00000015", "0.0000004", "0.00000003"),  # input +50%, cached +20%
           entry("openai/gpt-4o-2024-08-06", "0.0000025", "0.00001"),  # unchanged
           entry("openai/gpt-4o-mini-2024-07-18", "0.00000015", "0.0000006", expires="2027-02-01")]


def run(kb: Path, items: list[dict[str, object]], tmp_path: Path, *extra: str) -> str:
    listed = tmp_path / "list.json"
    listed.write_text(json.dumps({"data": items}), encoding="utf-8")
    result = CliRunner().invoke(main, ["refresh", "--kb", str(kb), "--list", str(listed), "--today",
                                       TODAY.isoformat(), *extra])
    assert result.exit_code == 0, result.output
    return result.output


def snapshot_of(kb: Path) -> dict[str, str]:
    return {str(p.relative_to(kb)): p.read_text(encoding="utf-8") for p in sorted(kb.rglob("*.yaml"))}


def test_the_planted_changes_and_nothing_else_are_written(scratch_kb: Path, tmp_path: Path) -> None:
    before = snapshot_of(scratch_kb)
    output = run(scratch_kb, PLANTED, tmp_path)
    after = snapshot_of(scratch_kb)
    assert sorted(name for name in after if after[name] != before.get(name)) == [
        "offerings/google--gemini-2.0-flash.yaml", "offerings/openai--gpt-4o-mini.yaml",
        "offerings/openai--gpt-4o.yaml", "prices/google--gemini-2.0-flash.yaml", "sources/openrouter-models-api.yaml"]
    kb, issues = validate_kb(scratch_kb, TODAY)
    assert issues == []
    gemini = kb.price_history("google--gemini-2.0-flash")
    assert gemini is not None
    new = gemini.snapshots[-1]
    assert (new.effective, new.basis, new.checked, new.input, new.output, new.cached_input) == (
        TODAY, "observed", None, Decimal("0.15"), Decimal("0.4"), Decimal("0.03"))
    assert new.sources == ["openrouter-models-api"]
    mini = kb.get("offerings", "openai--gpt-4o-mini")
    assert (mini.lifecycle.status, mini.lifecycle.retires) == ("deprecated", datetime.date(2027, 2, 1))
    assert "openrouter-models-api" in mini.lifecycle.sources
    assert kb.get("offerings", "openai--gpt-4o").external_ids["openrouter"] == "openai/gpt-4o-2024-08-06"
    assert kb.get("sources", "openrouter-models-api").type == "aggregator"
    assert ("wrote 5 file(s): 1 observed price snapshot(s), 0 price(s) confirmed at the provider, 3 matched id(s) "
            "recorded, 1 lifecycle proposal(s)") in output


def test_a_second_run_writes_nothing(scratch_kb: Path, tmp_path: Path) -> None:
    run(scratch_kb, PLANTED, tmp_path)
    before = snapshot_of(scratch_kb)
    assert "nothing to write" in run(scratch_kb, PLANTED, tmp_path)
    assert snapshot_of(scratch_kb) == before


def test_a_removed_and_a_renamed_model_become_proposals_and_a_discovery(scratch_kb: Path, tmp_path: Path) -> None:
    run(scratch_kb, PLANTED, tmp_path)
    renamed = copy.deepcopy(PLANTED[0])
    renamed["id"] = "google/gemini-2.0-flash-renamed"
    output = run(scratch_kb, [renamed, PLANTED[2]], tmp_path, "--format", "json")  # gpt-4o removed
    report = json.loads(output)
    assert sorted(report["lifecycle"]) == ["google--gemini-2.0-flash", "openai--gpt-4o"]
    assert report["discovered"] == ["google/gemini-2.0-flash-renamed"]
    kb, issues = validate_kb(scratch_kb, TODAY)
    assert issues == [] and kb.get("offerings", "openai--gpt-4o").lifecycle.status == "deprecated"


def test_a_change_that_would_not_validate_writes_nothing(scratch_kb: Path, tmp_path: Path) -> None:
    before = snapshot_of(scratch_kb)
    expired = [*PLANTED[:2], entry("openai/gpt-4o-mini-2024-07-18", "0.00000015", "0.0000006", expires="2026-11-21")]
    listed = tmp_path / "list.json"
    listed.write_text(json.dumps({"data": expired}), encoding="utf-8")
    # judged as of a day before the list's expiration passed: `retired` would be premature, so nothing lands
    result = CliRunner().invoke(main, ["refresh", "--kb", str(scratch_kb), "--list", str(listed), "--today",
                                       "2026-11-21", "--as-of", "2026-11-21", "--drift", "0.1"])
    assert result.exit_code == 0, result.output
    assert snapshot_of(scratch_kb) != before  # the expiry day counts as passed: retired is valid on it
    kb, issues = validate_kb(scratch_kb, TODAY)
    assert issues == [] and kb.get("offerings", "openai--gpt-4o-mini").lifecycle.status == "retired"


@pytest.mark.parametrize("as_of", ["2026-11-22"])
def test_a_list_cannot_be_dated_after_today(scratch_kb: Path, tmp_path: Path, as_of: str) -> None:
    listed = tmp_path / "list.json"
    listed.write_text(json.dumps({"data": PLANTED}), encoding="utf-8")
    result = CliRunner().invoke(main, ["refresh", "--kb", str(scratch_kb), "--list", str(listed), "--today",
                                       TODAY.isoformat(), "--as-of", as_of])
    assert result.exit_code == 2 and "after today" in result.output


@pytest.mark.parametrize(("created", "compared"), [(1688169600, False),   # 2023-07-01: long before the release
                                                   (1718841600, True)])  # 2024-06-20: 28 days before 2024-07-18
def test_an_alias_that_points_at_an_older_upstream_model_is_not_compared(scratch_kb: Path, tmp_path: Path,
                                                                          created: int, compared: bool) -> None:
    """GPT-4o mini (released 2024-07-18) is matched through its alias `gpt-4o-mini` when the list has no dated id."""
    aliased = entry("openai/gpt-4o-mini", "0.0000003", "0.0000012")  # a price that would be a drift
    aliased["created"] = created
    report = json.loads(run(scratch_kb, [aliased], tmp_path, "--format", "json", "--dry-run"))
    assert ("openai--gpt-4o-mini" in report["snapshots"]) is compared
    ambiguous = [a for a in report["ambiguous"] if a.startswith("openai--gpt-4o-mini")]
    assert bool(ambiguous) is not compared
    if ambiguous:
        assert "listed on 2023-07-01, long before GPT-4o mini was released on 2024-07-18" in ambiguous[0]


def test_a_drift_in_the_cached_price_alone_keeps_the_batch_price_in_force(scratch_kb: Path, tmp_path: Path) -> None:
    """Gemini 2.0 Flash with a Batch price ($0.05 / $0.20, added to the fixture here); the list shows its input and
    output unchanged and its cached rate 20% up: the observed reading carries the Batch price it does not show
    (without `carried` the KB would refuse the reading, and the whole refresh with it)."""
    path = scratch_kb / "prices" / "google--gemini-2.0-flash.yaml"
    long_note = "  note: " + "A contributor's note, wrapped at 120 columns as the curated files are, " * 2 + "\n"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "  cached_input: 0.025\n", "  cached_input: 0.025\n  batch:\n    input: 0.05\n    output: 0.2\n"
        + long_note[:118] + "\n    " + long_note[118:]), encoding="utf-8")
    before = path.read_text(encoding="utf-8")
    run(scratch_kb, [entry("google/gemini-2.0-flash-001", "0.0000001", "0.0000004", "0.00000003")], tmp_path)
    assert path.read_text(encoding="utf-8").startswith(before)  # the reading is appended; no line re-wrapped
    kb, issues = validate_kb(scratch_kb, TODAY)
    assert issues == []
    history = kb.price_history("google--gemini-2.0-flash")
    assert history is not None
    new = history.snapshots[-1]
    assert (new.effective, new.cached_input, new.carried) == (TODAY, Decimal("0.03"), ["batch"])
    assert new.batch is not None and (new.batch.input, new.batch.output) == (Decimal("0.05"), Decimal("0.2"))
