"""An id variant (a cloud region, a platform prefix, a version suffix, a routing variant, a moving alias) names a
model the KB already has: imports attach it there instead of creating a second model, and a lab's aggregator
prefix in its provider record stops a second record for the lab (issue: the refresh loop, importers)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import TODAY, write_record
from test_interop import curated_copy, do_import, litellm_file

from generators.kb.model_ids import base_name
from generators.kb.validate import validate_kb


@pytest.mark.parametrize(("api_id", "model"), [
    ("us.anthropic.claude-opus-4-5-20251101-v1:0", "claude-opus-4-5-20251101"),
    ("apac.anthropic.claude-sonnet-4-20250514-v1:0", "claude-sonnet-4-20250514"),
    ("us-gov.meta.llama3-70b-instruct-v1:0", "llama3-70b-instruct"),
    ("anthropic.claude-instant-v1", "claude-instant"),
    ("claude-3-5-sonnet@20240620", "claude-3-5-sonnet-20240620"),
    ("claude-opus-4-6@default", "claude-opus-4-6"),
    ("codestral-2@001", "codestral-2"),
    ("databricks-claude-opus-4-1", "claude-opus-4-1"),
    ("meta-llama/llama-3.3-70b-instruct:free", "llama-3.3-70b-instruct"),
    ("~google/gemini-pro-latest", "gemini-pro"),
    ("mistral-large-latest", "mistral-large"),
    ("gpt-4o-2024-08-06", "gpt-4o-2024-08-06"),
    ("o3", "o3")])
def test_base_name_strips_what_only_a_variant_adds(api_id: str, model: str) -> None:
    assert base_name(api_id) == model


def test_a_bedrock_region_variant_attaches_to_the_existing_model(tmp_path: Path) -> None:
    root = curated_copy(tmp_path)
    report = do_import(root, litellm_file(tmp_path, {"bedrock/us.anthropic.claude-sonnet-4-20250514-v1:0": {
        "litellm_provider": "bedrock", "mode": "chat", "input_cost_per_token": 3e-06,
        "output_cost_per_token": 1.5e-05, "max_input_tokens": 200000, "max_output_tokens": 8192}}))
    kb, issues = validate_kb(root, TODAY)
    assert issues == [] and report.created["models"] == 0 and report.variants == 1
    [offering] = [o for o in kb.offerings if o.provider == "bedrock"]
    assert (offering.model, offering.api_ids) == ("claude-sonnet-4", ["us.anthropic.claude-sonnet-4-20250514-v1:0"])


def test_a_lab_known_by_its_aggregator_prefix_gets_no_second_record(tmp_path: Path) -> None:
    root = curated_copy(tmp_path)
    write_record(root, "providers", "moonshot", "schema_version: 1\nid: moonshot\nname: Moonshot AI\nroles:\n- lab\n"
                 "headquarters: CN\nwebsite: https://www.moonshot.ai\naggregator_ids:\n  openrouter: moonshotai\n"
                 "sources:\n- openai-models-docs\n")
    feed = {"together_ai/moonshotai/Kimi-K2-Instruct": {  # the lab from the vendor prefix
        "litellm_provider": "together_ai", "mode": "chat", "input_cost_per_token": 1e-06,
        "output_cost_per_token": 3e-06, "max_input_tokens": 131072, "max_output_tokens": 16384},
        "groq/kimi-k2-0711": {  # the lab from the model's name alone
        "litellm_provider": "groq", "mode": "chat", "input_cost_per_token": 1e-06,
        "output_cost_per_token": 3e-06, "max_input_tokens": 131072, "max_output_tokens": 16384}}
    report = do_import(root, litellm_file(tmp_path, feed))
    kb, issues = validate_kb(root, TODAY)
    assert issues == [], issues
    assert report.created["models"] == 2 and kb.get("providers", "moonshotai") is None
    assert sorted((m.id, m.lab) for m in kb.models if m.lab == "moonshot") == [
        ("kimi-k2-0711", "moonshot"), ("kimi-k2-instruct", "moonshot")]
