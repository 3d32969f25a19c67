"""Importing LiteLLM's cost map and OpenRouter's model list, and exporting the KB as a LiteLLM cost map."""

from __future__ import annotations

import json
import re
import shutil
from decimal import Decimal
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner
from conftest import FIXTURE_KB, KB_TODAY, KB_VALIDATES, REPO, TODAY

from generators.cli import main
from generators.interop.commit import commit
from generators.interop.litellm import import_litellm
from generators.interop.litellm_export import export_litellm
from generators.interop.openrouter import import_openrouter
from generators.interop.plan import Plan
from generators.interop.report import ImportReport
from generators.kb.records import Source
from generators.kb.validate import validate_kb

LITELLM = REPO / "tests" / "fixtures" / "litellm"
OPENROUTER = REPO / "tests" / "fixtures" / "openrouter"
ROUND_TRIP = re.compile(r"^((input|output)_cost_per_token(_above_\d+k_tokens|_batches|_priority|_flex)?"
                        r"|cache_read_input_token_cost(_above_\d+k_tokens)?|cache_creation_input_token_cost"
                        r"|max_input_tokens|max_output_tokens|litellm_provider|mode|deprecation_date|source"
                        r"|supported_regions|supports_(function_calling|response_schema|vision|reasoning))$")
"""The LiteLLM fields the KB models, which a round trip must reproduce exactly."""

# LiteLLM's published rules for the file (tests/litellm/test_model_prices_and_context_window_schema.py in
# BerriAI/litellm): one object per model; prices, costs and limits are numbers; flags are booleans;
# deprecation_date and litellm_provider are strings; mode is one of a fixed set. Written here by key family.
LITELLM_RULES = {
    "type": "object",
    "additionalProperties": {
        "type": "object",
        "required": ["litellm_provider", "mode"],
        "patternProperties": {
            r"^(input|output)_cost_per_token(_above_\d+k_tokens)?(_batches|_priority|_flex)?$": {
                "type": "number", "minimum": 0},
            r"^cache_(read|creation)_input_token_cost(_above_\d+k_tokens)?$": {"type": "number", "minimum": 0},
            r"^max_(input|output)_tokens$": {"type": "number", "minimum": 1},
            r"^supports_[a-z_]+$": {"type": "boolean"},
        },
        "properties": {
            "litellm_provider": {"type": "string"},
            "mode": {"enum": ["audio_speech", "audio_transcription", "chat", "completion", "embedding",
                              "image_generation", "moderation", "rerank"]},
            "deprecation_date": {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"},
            "source": {"type": "string"},
            "supported_regions": {"type": "array", "items": {"type": "string"}},
        },
        "additionalProperties": False,
    },
}


def empty_kb(tmp_path: Path) -> Path:
    root = tmp_path / "kb"
    (root / "sources").mkdir(parents=True)
    return root


def do_import(root: Path, file: Path, source: str = "litellm") -> ImportReport:
    kb, issues = validate_kb(root, TODAY)
    assert issues == []
    run = import_litellm if source == "litellm" else import_openrouter
    return run(kb, root, file, TODAY, today=TODAY)


def entries(file: Path) -> dict[str, Any]:
    return {k: v for k, v in json.loads(file.read_text()).items() if k != "sample_spec"}


# ---------------------------------------------------------------- LiteLLM import


def test_chat_entries_become_records_and_other_modes_are_counted_as_skipped(tmp_path: Path) -> None:
    root = empty_kb(tmp_path)
    report = do_import(root, LITELLM / "excerpt.json")
    assert (report.entries, dict(report.skipped)) == (10, {"mode embedding": 1, "mode image_generation": 1})
    # groq/llama-guard-3-8b retired on 2025-06-06: its offering is recorded, a price seen since is not
    assert (report.created["models"], report.created["offerings"], report.created["prices"]) == (8, 8, 7)
    # 39 files: the page LiteLLM names for llama-guard-3-8b is not written, since no price of it cites it
    assert report.problems == [] and report.aborted == "" and report.written == 39
    assert not (root / "sources" / "src-console.groq.com-docs-model-llama-guard-3-8b.yaml").exists()
    assert report.unknown_labs == {}, "every lab of the excerpt is inferred"
    kb, issues = validate_kb(root, TODAY)
    assert issues == [] and len(kb.offerings) == 8


def test_the_page_litellm_cites_is_recorded_as_cited_not_as_read(tmp_path: Path) -> None:
    root = empty_kb(tmp_path)
    do_import(root, LITELLM / "excerpt.json")
    kb, _ = validate_kb(root, TODAY)
    cited = kb.get("sources", "src-developers.openai.com-api-docs-pricing")
    assert isinstance(cited, Source) and cited.url == "https://developers.openai.com/api/docs/pricing"
    # The excerpt's gpt-4o-mini entry names this page; nobody here read it, and the record says so
    assert cited.summary == "The page LiteLLM's cost map names as this price's source; not read by this project."
    assert cited.accessed is None


def test_compound_keys_map_onto_structured_fields(tmp_path: Path) -> None:
    root = empty_kb(tmp_path)
    do_import(root, LITELLM / "excerpt.json")
    kb, _ = validate_kb(root, TODAY)
    gemini = kb.price_history("google--gemini-2.5-pro")
    assert gemini is not None
    [snap] = gemini.snapshots
    assert (snap.input, snap.output, snap.cached_input) == (1.25, 10.0, 0.125)
    assert (snap.batch.input, snap.batch.output, snap.priority.input, snap.flex.output) == (0.625, 5.0, 2.25, 5.0)
    assert [(t.above_tokens, t.input, t.output, t.cached_input) for t in snap.tiers] == [(200000, 2.5, 15.0, 0.25)]
    assert snap.effective == TODAY and snap.sources[-1] == "litellm-cost-map"
    groq = kb.get("offerings", "groq--llama-guard-3-8b")
    bedrock = kb.get("offerings", "bedrock--jamba-1-5-large")  # the model is named without its Bedrock decorations
    assert (groq.lifecycle.status, str(groq.lifecycle.retires)) == ("retired", "2025-06-06")
    assert (bedrock.lifecycle.status, str(bedrock.lifecycle.retires)) == ("active", "2026-11-26")  # scheduled
    assert bedrock.api_ids == ["ai21.jamba-1-5-large-v1:0"] and bedrock.external_ids == {
        "litellm": "ai21.jamba-1-5-large-v1:0"}
    model = kb.get("models", "gemini-2.5-pro")
    assert model.lab == "google" and model.capabilities.reasoning_mode is True
    assert model.context_window[0].value == 1048576 and model.max_output[0].value == 65536
    # the map lists the longest prompt (max_input_tokens), not a context window: the fact says which it is
    assert "max_input_tokens" in (model.context_window[0].note or "") and model.max_output[0].note is None


def test_every_key_it_could_not_map_is_counted(tmp_path: Path) -> None:
    report = do_import(empty_kb(tmp_path), LITELLM / "excerpt.json")
    excerpt = entries(LITELLM / "excerpt.json")
    chat = [e for e in excerpt.values() if e.get("mode") == "chat"]
    expected = {}
    for entry in chat:
        for key in entry:
            if not ROUND_TRIP.match(key) and key not in ("supported_modalities", "supported_output_modalities"):
                expected[key] = expected.get(key, 0) + 1
    assert dict(report.unmapped) == expected
    assert report.unmapped["supports_tool_choice"] == 6 and report.unmapped["cache_read_input_token_cost_flex"] == 2
    assert "keys not modelled, dropped (entries using them): supports_tool_choice 6" in report.text()


def test_malformed_entries_each_end_in_a_report_line_and_leave_nothing_behind(tmp_path: Path) -> None:
    root = empty_kb(tmp_path)
    report = do_import(root, LITELLM / "malformed.json")
    assert report.problems == [
        "`string-price-model`: input_cost_per_token is '0.000001', not a number; skipped",
        "`negative-price-model`: input_cost_per_token is negative (-1e-06); skipped",
        "`per-token-mixup-model`: input_cost_per_token is 2.5 per token, i.e. $2,500,000.00 per 1M tokens, over the "
        "$1000 limit: a per-token price times 1,000,000 must stay under it; skipped",
        "`no-provider-model`: no `litellm_provider`; skipped",
        "`bad-date-model`: deprecation_date 'soon' is not a YYYY-MM-DD date; skipped",
        "`string-context-model`: `max_input_tokens` is '128k': input should be a valid integer; skipped",
        "`not-an-object`: not an object; skipped"]
    assert dict(report.unmapped) == {"made_up_future_key": 1}
    kb, issues = validate_kb(root, TODAY)
    assert issues == []
    assert [o.id for o in kb.offerings] == ["acme_cloud--good-model"], "only the good entry left records"
    assert sorted(p.id for p in kb.providers) == ["acme_cloud", "unknown-lab"]


def test_an_import_that_would_not_validate_writes_nothing(tmp_path: Path) -> None:
    root = empty_kb(tmp_path)
    kb, _ = validate_kb(root, TODAY)
    report = ImportReport("test", "none", TODAY)
    plan = Plan(kb, root, TODAY, report, "no-such-source")
    plan.stage_all("test", [("providers", "acme", {"name": "Acme", "roles": ["api-host"],
                                                   "sources": ["no-such-source"]}, "")])
    commit(plan, TODAY)
    assert report.aborted.startswith("the imported KB would not validate (1 problem(s)); first:")
    assert "`sources.0` refers to source `no-such-source`" in report.aborted
    assert list(root.rglob("*.yaml")) == []


def test_a_file_that_is_not_the_cost_map_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("[1, 2")
    result = CliRunner().invoke(main, ["import", "litellm", str(bad), "--into", str(empty_kb(tmp_path))])
    assert result.exit_code == 1 and "not a readable JSON file" in result.output and "Traceback" not in result.output


# ---------------------------------------------------------------- merging into curated records


def curated_copy(tmp_path: Path) -> Path:
    root = tmp_path / "kb"
    shutil.copytree(FIXTURE_KB, root)
    return root


def litellm_file(tmp_path: Path, data: dict[str, Any]) -> Path:
    path = tmp_path / "feed.json"
    path.write_text(json.dumps(data))
    return path


def test_a_feed_that_changes_batch_only_carries_the_cached_price_it_does_not_list(tmp_path: Path) -> None:
    """GPT-4o mini with a cached rate ($0.075) beside its launch Batch price ($0.075 / $0.30): a feed listing the
    same $0.15 / $0.60 with Batch at $0.06 / $0.24 and no cached rate ends no cached rate; the import's snapshot
    carries it, and the KB stays valid."""
    root = curated_copy(tmp_path)
    prices = root / "prices" / "openai--gpt-4o-mini.yaml"
    prices.write_text(prices.read_text().replace("  output: 0.6\n", "  output: 0.6\n  cached_input: 0.075\n", 1))
    feed = litellm_file(tmp_path, {"gpt-4o-mini-2024-07-18": {
        "litellm_provider": "openai", "mode": "chat", "input_cost_per_token": 1.5e-07, "output_cost_per_token": 6e-07,
        "input_cost_per_token_batches": 6e-08, "output_cost_per_token_batches": 2.4e-07}})
    report = do_import(root, feed)
    assert (report.appended, report.conflicts, report.aborted) == (1, [], "")
    assert "  carried:\n  - cached_input\n" in prices.read_text()
    kb, issues = validate_kb(root, TODAY)
    in_force = kb.price_history("openai--gpt-4o-mini").current(TODAY)
    assert issues == [] and in_force is not None and in_force.batch is not None
    assert (in_force.cached_input, in_force.batch.input) == (Decimal("0.075"), Decimal("0.06"))


def test_a_changed_price_becomes_a_new_dated_snapshot_and_nothing_else_changes(tmp_path: Path) -> None:
    root = curated_copy(tmp_path)
    before = (root / "prices" / "openai--gpt-4o-mini.yaml").read_text()
    feed = litellm_file(tmp_path, {"gpt-4o-mini-2024-07-18": {
        "litellm_provider": "openai", "mode": "chat", "input_cost_per_token": 1.2e-07,
        "output_cost_per_token": 4.8e-07, "max_input_tokens": 128000, "max_output_tokens": 16384}})
    report = do_import(root, feed)
    assert (report.appended, report.created["offerings"], report.conflicts) == (1, 0, [])
    after = (root / "prices" / "openai--gpt-4o-mini.yaml").read_text()
    assert after.startswith(before)
    assert "- effective: 2026-11-21\n  basis: observed\n  input: 0.12\n  output: 0.48\n" in after
    assert (root / "offerings" / "openai--gpt-4o-mini.yaml").read_text() == \
        (FIXTURE_KB / "offerings" / "openai--gpt-4o-mini.yaml").read_text()
    kb, issues = validate_kb(root, TODAY)
    assert issues == [] and kb.price_history("openai--gpt-4o-mini").current(TODAY).input == Decimal("0.12")


def test_the_same_price_again_changes_nothing_and_a_second_import_writes_nothing(tmp_path: Path) -> None:
    root = curated_copy(tmp_path)
    feed = litellm_file(tmp_path, {"gpt-4o-mini-2024-07-18": {
        "litellm_provider": "openai", "mode": "chat", "input_cost_per_token": 1.5e-07,
        "output_cost_per_token": 6e-07}, "acme/new-model": {"litellm_provider": "acme", "mode": "chat",
                                                             "input_cost_per_token": 1e-06,
                                                             "output_cost_per_token": 2e-06}})
    first = do_import(root, feed)
    assert (first.unchanged, first.appended, first.created["offerings"]) == (1, 0, 1)
    files = {p: p.read_text() for p in root.rglob("*.yaml")}
    second = do_import(root, feed)
    assert (second.created.total(), second.appended, second.written) == (0, 0, 0)
    assert {p: p.read_text() for p in root.rglob("*.yaml")} == files


def test_a_secondary_id_with_another_price_is_a_reported_conflict(tmp_path: Path) -> None:
    root = curated_copy(tmp_path)
    feed = litellm_file(tmp_path, {"gpt-4o-2024-05-13": {
        "litellm_provider": "openai", "mode": "chat", "input_cost_per_token": 5e-06,
        "output_cost_per_token": 1.5e-05}})
    report = do_import(root, feed)
    assert report.appended == 0 and report.conflicts == [
        "`gpt-4o-2024-05-13`: `gpt-4o-2024-05-13` is a secondary id of openai--gpt-4o, priced 5.0 / 15.0 per 1M "
        "by the feed against the KB's 2.5 / 10.0; not merged (only the primary id updates prices)"]


# ---------------------------------------------------------------- export


def test_export_validates_against_litellms_schema_rules(tmp_path: Path) -> None:
    exported = export_litellm(validate_kb(REPO / "kb", KB_VALIDATES)[0], KB_TODAY)
    assert len(exported) >= 15 and exported["gpt-4o-2024-08-06"]["input_cost_per_token"] == 2.5e-06
    jsonschema.validate(exported, LITELLM_RULES)
    assert exported["gemini/gemini-2.5-pro"]["input_cost_per_token_above_200k_tokens"] == 2.5e-06


def test_import_then_export_reproduces_every_modelled_field_exactly(tmp_path: Path) -> None:
    root = empty_kb(tmp_path)
    do_import(root, LITELLM / "excerpt.json")
    exported = export_litellm(validate_kb(root, TODAY)[0], TODAY)
    original = {k: v for k, v in entries(LITELLM / "excerpt.json").items() if v.get("mode") == "chat"
                and k != "groq/llama-guard-3-8b"}  # retired before the import: no price, so not exported
    assert set(exported) == set(original)
    for key, entry in original.items():
        shared = {f: v for f, v in entry.items() if ROUND_TRIP.match(f)}
        assert {f: exported[key].get(f) for f in shared} == shared, key
    jsonschema.validate(exported, LITELLM_RULES)


def test_export_command_writes_a_file(tmp_path: Path) -> None:
    out = tmp_path / "cost-map.json"
    result = CliRunner().invoke(main, ["export", "litellm", "--kb", str(REPO / "kb"), "--out", str(out),
                                       "--today", KB_TODAY.isoformat()])
    assert result.exit_code == 0 and json.loads(out.read_text())["gpt-4o-mini-2024-07-18"]["mode"] == "chat"


# ---------------------------------------------------------------- OpenRouter


def test_openrouter_models_become_openrouter_offerings_with_prices(tmp_path: Path) -> None:
    root = curated_copy(tmp_path)
    report = do_import(root, OPENROUTER / "models.json", "openrouter")
    assert (report.entries, dict(report.skipped), report.problems) == (
        6, {"routers without a fixed price (-1)": 1}, [])
    assert report.unmapped["pricing.web_search"] == 4
    kb, issues = validate_kb(root, TODAY)
    assert issues == []
    opus = kb.get("offerings", "openrouter--anthropic--claude-opus-5")
    assert opus.api_ids == ["anthropic/claude-opus-5"]
    assert opus.external_ids == {"openrouter": "anthropic/claude-opus-5"}
    snap = kb.price_history(opus.id).snapshots[0]
    assert (snap.input, snap.output) == (5.0, 25.0)
    alias = kb.get("offerings", "openrouter--google--gemini-pro-latest")
    assert alias.api_ids == ["~google/gemini-pro-latest"]
    assert kb.get("models", "claude-opus-5").lab == "anthropic"


def test_malformed_openrouter_entries_each_end_in_a_report_line(tmp_path: Path) -> None:
    root = curated_copy(tmp_path)
    report = do_import(root, OPENROUTER / "malformed.json", "openrouter")
    assert report.problems == [
        "entry 1 `acme/text-price`: pricing.prompt is 'abc', not a number; nothing of it imported",
        "entry 2 `acme/negative`: pricing.prompt is negative ('-0.5'); nothing of it imported",
        "entry 3 `acme/no-pricing`: no `pricing` object; nothing of it imported",
        "entry 4 `acme/bad-expiry`: expiration_date 'next year' is not a date; nothing of it imported",
        "entry 5: no string `id`; skipped"]
    kb, issues = validate_kb(root, TODAY)
    assert issues == [] and [o.id for o in kb.offerings_of_provider("openrouter")] == ["openrouter--acme--fine"]


@pytest.mark.parametrize("command", [["import", "litellm"], ["import", "openrouter"]])
def test_import_commands_report_and_dry_run_writes_nothing(tmp_path: Path, command: list[str]) -> None:
    root = curated_copy(tmp_path)
    before = sorted(root.rglob("*.yaml"))
    file = LITELLM / "excerpt.json" if command[1] == "litellm" else OPENROUTER / "models.json"
    result = CliRunner().invoke(main, [*command, str(file), "--into", str(root), "--dry-run",
                                       "--today", "2026-11-21"])
    assert result.exit_code == 0 and "nothing written: dry run" in result.output
    assert sorted(root.rglob("*.yaml")) == before


# LiteLLM's cost map entry for Claude Sonnet 5 on Google Cloud (MIT; ../shared/data/litellm, read 2026-11-22), its
# lifecycle and price fields as the map gives them
VERTEX_SONNET_5 = {"vertex_ai/claude-sonnet-5": {
    "deprecation_date": "2026-12-24", "litellm_provider": "vertex_ai-anthropic_models", "mode": "chat",
    "input_cost_per_token": 2e-06, "output_cost_per_token": 1e-05, "cache_read_input_token_cost": 2e-07,
    "max_input_tokens": 1000000, "max_output_tokens": 128000,
    "source": "https://cloud.google.com/gemini-enterprise-agent-platform/generative-ai/pricing"}}


def test_a_claude_date_on_google_cloud_is_imported_as_the_floor_it_is(tmp_path: Path) -> None:
    """Google gives Claude Sonnet 5 "Retirement Date: Not sooner than December 24, 2026"; LiteLLM lists the day as
    its deprecation date. The import records a floor, not a retirement."""
    root = empty_kb(tmp_path)
    report = do_import(root, litellm_file(tmp_path, VERTEX_SONNET_5))
    kb, issues = validate_kb(root, TODAY)
    assert issues == [] and report.aborted == ""
    [offering] = [o for o in kb.offerings if o.provider == "vertex-ai"]
    assert (offering.lifecycle.status, offering.lifecycle.retires, str(offering.lifecycle.retires_not_before)) == (
        "active", None, "2026-12-24")
    assert offering.lifecycle.sources == ["litellm-cost-map"]
