"""Importing into a real KB without duplicates, inferring labs, refusing broken entries whole, and new KB folders."""

from __future__ import annotations

import json
import math
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import KB_TODAY, KB_VALIDATES, REPO

from generators.cli import main
from generators.interop.litellm import import_litellm
from generators.interop.openrouter import import_openrouter
from generators.kb.validate import validate_kb

TODAY = KB_TODAY  # these tests import into copies of the real kb/, judged as of its newest fact
RECORDED = REPO / "tests" / "fixtures" / "openrouter" / "models.json"


def entry(model_id: str, prompt: str = "0.000001", completion: str = "0.000002", **extra: Any) -> dict[str, Any]:
    return {"id": model_id, "name": model_id, "pricing": {"prompt": prompt, "completion": completion}, **extra}


def real_kb(tmp_path: Path) -> Path:
    root = tmp_path / "kb"
    shutil.copytree(REPO / "kb", root)
    return root


def feed(tmp_path: Path, data: Any) -> Path:
    path = tmp_path / "feed.json"
    path.write_text(json.dumps(data))
    return path


def run_openrouter(root: Path, file: Path, dry_run: bool = False):
    kb, issues = validate_kb(root, KB_VALIDATES)
    assert issues == []
    return import_openrouter(kb, root, file, TODAY, today=TODAY, dry_run=dry_run)


def test_models_the_kb_has_are_found_through_offerings_never_duplicated(tmp_path: Path) -> None:
    root = real_kb(tmp_path)
    models_before = sorted(p.name for p in (root / "models").rglob("*.yaml"))
    report = run_openrouter(root, feed(tmp_path, [
        entry("anthropic/claude-opus-4.5"), entry("anthropic/claude-sonnet-4"), entry("openai/gpt-4o"),
        entry("openai/gpt-4o-2024-08-06"), entry("openai/gpt-4o-2024-05-13"), entry("openai/gpt-4o-2099-01-01"),
        entry("mistralai/mixtral-8x22b-instruct"), entry("google/gemini-2.5-pro")]))
    assert report.problems == [] and report.conflicts == [] and report.aborted == ""
    assert report.created["models"] == 0 and report.created["offerings"] == 8
    assert sorted(p.name for p in (root / "models").rglob("*.yaml")) == models_before
    kb, issues = validate_kb(root, KB_VALIDATES)
    assert issues == []
    models = {o.api_ids[0]: o.model for o in kb.offerings_of_provider("openrouter")}
    assert models == {"anthropic/claude-opus-4.5": "claude-opus-4-5", "anthropic/claude-sonnet-4": "claude-sonnet-4",
                      "openai/gpt-4o": "gpt-4o", "openai/gpt-4o-2024-08-06": "gpt-4o",
                      "openai/gpt-4o-2024-05-13": "gpt-4o", "openai/gpt-4o-2099-01-01": "gpt-4o",
                      "mistralai/mixtral-8x22b-instruct": "mixtral-8x22b", "google/gemini-2.5-pro": "gemini-2.5-pro"}


def test_labs_come_from_the_vendor_prefix_and_unknown_ones_are_reported(tmp_path: Path) -> None:
    root = tmp_path / "new-kb"
    result = CliRunner().invoke(main, ["import", "openrouter", str(feed(tmp_path, [
        entry("nvidia/llama-3.1-nemotron-70b-instruct"), entry("tngtech/deepseek-r1t2-chimera"),
        entry("anthropic/claude-opus-5"), entry("meta-llama/llama-4-scout"), entry("obscure-lab/model-x")])),
        "--into", str(root), "--today", TODAY.isoformat()])
    assert result.exit_code == 0, result.output
    assert "lab not inferred, `unknown-lab` used (models): obscure-lab 1;" in result.output
    kb, issues = validate_kb(root, KB_VALIDATES)
    assert issues == []
    assert {m.id: m.lab for m in kb.models} == {
        "llama-3.1-nemotron-70b-instruct": "nvidia", "deepseek-r1t2-chimera": "tngtech",
        "claude-opus-5": "anthropic", "llama-4-scout": "meta", "model-x": "unknown-lab"}
    assert kb.get("providers", "tngtech").name == "TNG Technology Consulting"


def test_the_bare_data_array_imports_into_a_new_folder(tmp_path: Path) -> None:
    bare = feed(tmp_path, json.loads(RECORDED.read_text())["data"])
    root = tmp_path / "fresh"
    result = CliRunner().invoke(main, ["import", "openrouter", str(bare), "--into", str(root),
                                       "--today", TODAY.isoformat()])
    assert result.exit_code == 0, result.output
    kb, issues = validate_kb(root, KB_VALIDATES)
    assert issues == [] and len(kb.offerings_of_provider("openrouter")) == 5
    assert {m.lab for m in kb.models} == {"anthropic", "google", "openai", "perplexity"}


def test_into_a_folder_inside_a_kb_resolves_to_its_root_or_is_refused_when_new(tmp_path: Path) -> None:
    root = real_kb(tmp_path)
    file = feed(tmp_path, [entry("acme/one")])
    inside = CliRunner().invoke(main, ["import", "openrouter", str(file), "--into", str(root / "models"),
                                       "--today", TODAY.isoformat(), "--dry-run"])
    assert inside.exit_code == 0 and f"{root}/models" not in inside.output
    assert not (root / "models" / "providers").exists()
    nested = CliRunner().invoke(main, ["import", "openrouter", str(file), "--into", str(root / "models" / "new"),
                                       "--today", TODAY.isoformat()])
    assert nested.exit_code == 2 and "lies inside the knowledge base" in nested.output
    assert not (root / "models" / "new").exists()


def test_kb_init_makes_an_empty_kb_and_refuses_to_nest_or_reuse(tmp_path: Path) -> None:
    made = CliRunner().invoke(main, ["init", str(tmp_path / "mine")])
    assert made.exit_code == 0 and (tmp_path / "mine" / "offerings").is_dir()
    assert validate_kb(tmp_path / "mine", KB_VALIDATES)[1] == []
    again = CliRunner().invoke(main, ["init", str(tmp_path / "mine")])
    nested = CliRunner().invoke(main, ["init", str(tmp_path / "mine" / "models" / "deeper")])
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "notes.txt").write_text("mine")
    full = CliRunner().invoke(main, ["init", str(tmp_path / "full")])
    assert [r.exit_code for r in (again, nested, full)] == [2, 2, 2]
    assert "already a knowledge base" in again.output and "lies inside" in nested.output
    assert "not an empty folder" in full.output


@pytest.mark.parametrize(("bad", "message"), [
    ({"prompt": "NaN", "completion": "0.000002"}, "pricing.prompt is 'NaN', not a finite number"),
    ({"prompt": "Infinity", "completion": "0.000002"}, "pricing.prompt is 'Infinity', not a finite number"),
    ({"prompt": ["0.000001"], "completion": "0.000002"}, "`pricing.prompt` is ['0.000001']: input should be"),
    ({"prompt": "0.000001", "completion": "0.000002", "overrides": [
        {"min_prompt_tokens": 10 ** 12, "prompt": "0.000002"}]}, "min_prompt_tokens is 1000000000000, outside"),
])
def test_an_entry_with_a_bad_number_is_refused_whole(tmp_path: Path, bad: dict[str, Any], message: str) -> None:
    root = tmp_path / "kb"
    (root / "sources").mkdir(parents=True)
    report = run_openrouter(root, feed(tmp_path, {"data": [{"id": "acme/broken", "pricing": bad}]}))
    [problem] = report.problems
    assert problem.startswith("entry 1 `acme/broken`: " + message) and problem.endswith("nothing of it imported")
    assert report.created["models"] == report.created["offerings"] == report.created["prices"] == 0
    assert not list(root.rglob("*broken*"))


@pytest.mark.parametrize("value", [math.nan, math.inf, [1e-06], 1e-06 * 10 ** 9, 1e-320])
def test_a_litellm_entry_with_a_bad_number_writes_no_file(tmp_path: Path, value: Any) -> None:
    root = tmp_path / "kb"
    (root / "sources").mkdir(parents=True)
    file = tmp_path / "feed.json"
    file.write_text(json.dumps({"acme/broken": {"litellm_provider": "acme", "mode": "chat",
                                                "input_cost_per_token": value, "output_cost_per_token": 1e-06}}))
    kb, _ = validate_kb(root, KB_VALIDATES)
    report = import_litellm(kb, root, file, TODAY, today=TODAY)
    assert len(report.problems) == 1 and report.problems[0].startswith("`acme/broken`: input_cost_per_token is ")
    assert not list(root.rglob("*broken*")) and not (root / "models").exists()


def test_an_absurd_litellm_tier_threshold_is_refused(tmp_path: Path) -> None:
    root = tmp_path / "kb"
    (root / "sources").mkdir(parents=True)
    file = tmp_path / "feed.json"
    file.write_text(json.dumps({"acme/huge-tier": {
        "litellm_provider": "acme", "mode": "chat", "input_cost_per_token": 1e-06, "output_cost_per_token": 2e-06,
        "input_cost_per_token_above_999999999k_tokens": 2e-06,
        "output_cost_per_token_above_999999999k_tokens": 4e-06}}))
    kb, _ = validate_kb(root, KB_VALIDATES)
    report = import_litellm(kb, root, file, TODAY, today=TODAY)
    assert report.problems == ["`acme/huge-tier`: input_cost_per_token_above_999999999k_tokens is 999999999000, "
                               "outside 1..100,000,000 tokens; skipped"]
    assert not list(root.rglob("*huge*")) and not (root / "models").exists()


def test_a_litellm_tier_no_prompt_can_reach_is_left_out_and_reported(tmp_path: Path) -> None:
    root = tmp_path / "kb"
    (root / "sources").mkdir(parents=True)
    file = tmp_path / "feed.json"
    file.write_text(json.dumps({"acme/capped": {
        "litellm_provider": "acme", "mode": "chat", "max_input_tokens": 200000, "max_output_tokens": 8192,
        "input_cost_per_token": 1e-06, "output_cost_per_token": 2e-06,
        "input_cost_per_token_above_200k_tokens": 2e-06, "output_cost_per_token_above_200k_tokens": 4e-06}}))
    kb, _ = validate_kb(root, KB_VALIDATES)
    report = import_litellm(kb, root, file, TODAY, today=TODAY)
    assert report.aborted == "" and report.problems == []
    assert "`acme/capped`: a price tier above 200,000 tokens cannot apply to a context window of 200,000; " \
           "the tier is left out" in report.conflicts
    kb, issues = validate_kb(root, KB_VALIDATES)
    assert issues == [] and [h.snapshots[0].tiers for h in kb.prices] == [[]]


def test_a_price_too_small_to_record_is_refused_alike_in_a_dry_run(tmp_path: Path) -> None:
    """1e-320 USD per token is 1e-314 per 1M tokens: 315 digits, more than a record holds (20). The dry run said
    "created 1 prices" where the real run failed reading its own file back."""
    file = tmp_path / "feed.json"
    file.write_text(json.dumps({"acme/tiny": {"litellm_provider": "acme", "mode": "chat",
                                              "input_cost_per_token": 1e-320, "output_cost_per_token": 1e-06}}))
    for dry in (["--dry-run"], []):
        result = CliRunner().invoke(main, ["import", "litellm", str(file), "--into", str(tmp_path / "kb"),
                                           "--today", TODAY.isoformat(), *dry])
        assert "`acme/tiny`: input_cost_per_token is 1e-320 per token" in result.output, result.output
        assert "more digits than a record holds (20)" in result.output
    assert not list((tmp_path / "kb").rglob("*tiny*"))
