"""Importers observe, they do not invent: a feed's price is seen in force (never "took effect"), a retired
offering gains no price, and a feed never overrules a price checked at the provider (issue: the refresh loop)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from conftest import TODAY
from test_interop import curated_copy, do_import, litellm_file

from generators.kb.validate import validate_kb

GPT_4O_MINI_CHEAPER = {"gpt-4o-mini-2024-07-18": {
    "litellm_provider": "openai", "mode": "chat", "input_cost_per_token": 1.2e-07, "output_cost_per_token": 4.8e-07,
    "max_input_tokens": 128000, "max_output_tokens": 16384}}


def test_an_imported_price_is_observed_on_the_feed_day(tmp_path: Path) -> None:
    root = curated_copy(tmp_path)
    do_import(root, litellm_file(tmp_path, GPT_4O_MINI_CHEAPER))
    kb, issues = validate_kb(root, TODAY)
    assert issues == []
    last = kb.price_history("openai--gpt-4o-mini").snapshots[-1]
    assert (str(last.effective), last.basis, last.checked, last.input, last.output) == (
        "2026-11-21", "observed", None, Decimal("0.12"), Decimal("0.48"))


def test_a_retired_offering_gains_no_price(tmp_path: Path) -> None:
    root = curated_copy(tmp_path)  # claude-3-5-sonnet retired on 2025-10-22 in the fixture KB
    before = (root / "prices" / "anthropic--claude-3-5-sonnet.yaml").read_text(encoding="utf-8")
    report = do_import(root, litellm_file(tmp_path, {"claude-3-5-sonnet-20241022": {
        "litellm_provider": "anthropic", "mode": "chat", "input_cost_per_token": 3e-07,
        "output_cost_per_token": 1.2e-06, "max_input_tokens": 200000, "max_output_tokens": 8192}}))
    assert (root / "prices" / "anthropic--claude-3-5-sonnet.yaml").read_text(encoding="utf-8") == before
    assert report.appended == 0
    assert any("anthropic--claude-3-5-sonnet is retired" in c for c in report.conflicts)


def test_a_feed_does_not_overrule_a_checked_price(tmp_path: Path) -> None:
    root = curated_copy(tmp_path)
    prices = root / "prices" / "openai--gpt-4o-mini.yaml"
    prices.write_text(prices.read_text(encoding="utf-8").replace("  input: 0.15\n", "  checked: 2026-10-01\n"
                                                                 "  input: 0.15\n", 1), encoding="utf-8")
    report = do_import(root, litellm_file(tmp_path, GPT_4O_MINI_CHEAPER))
    kb, issues = validate_kb(root, TODAY)
    assert issues == []
    history = kb.price_history("openai--gpt-4o-mini")
    assert history.snapshots[-1].disputed is not None and "checked at the provider on 2026-10-01" in \
        history.snapshots[-1].disputed
    assert history.current(TODAY).input == Decimal("0.15")  # the checked price stays in force
    assert any("kept as a disputed snapshot" in c for c in report.conflicts)


def test_an_offering_the_same_feed_retired_gains_no_price_from_its_second_entry(tmp_path: Path) -> None:
    """LiteLLM's shared map lists `azure/codex-mini` and `azure_ai/codex-mini`, both Azure AI Foundry's, both
    retired on 2026-11-15: the first entry creates the offering retired and unpriced; the second found it staged and
    priced it from the feed day, so the whole merge of the map was refused (a price in force after retirement)."""
    root = curated_copy(tmp_path)
    entry = {"litellm_provider": "azure", "mode": "chat", "input_cost_per_token": 1.5e-06,
             "output_cost_per_token": 6e-06, "max_input_tokens": 200000, "max_output_tokens": 100000,
             "deprecation_date": "2026-11-15"}
    report = do_import(root, litellm_file(tmp_path, {"azure/codex-mini": entry,
                                                     "azure_ai/codex-mini": {**entry, "litellm_provider": "azure_ai"}}))
    kb, issues = validate_kb(root, TODAY)
    assert issues == []
    [offering] = [o for o in kb.offerings if o.api_ids == ["codex-mini"]]
    assert (offering.provider, offering.lifecycle.status, str(offering.lifecycle.retires)) == (
        "azure-ai-foundry", "retired", "2026-11-15")
    assert kb.price_history(offering.id) is None
    assert any(f"{offering.id} is retired" in c for c in report.conflicts)


@pytest.mark.parametrize(("retires", "status", "priced"), [("2026-11-21", "retired", False),  # the feed's day
                                                           ("2026-11-22", "active", True)])
def test_a_feed_retirement_on_the_feed_day_is_a_retirement(tmp_path: Path, retires: str, status: str,
                                                           priced: bool) -> None:
    root = curated_copy(tmp_path)
    do_import(root, litellm_file(tmp_path, {"azure/codex-mini": {
        "litellm_provider": "azure", "mode": "chat", "input_cost_per_token": 1.5e-06,
        "output_cost_per_token": 6e-06, "deprecation_date": retires}}))
    kb, issues = validate_kb(root, TODAY)
    assert issues == []
    [offering] = [o for o in kb.offerings if o.api_ids == ["codex-mini"]]
    assert (offering.lifecycle.status, str(offering.lifecycle.retires)) == (status, retires)
    assert offering.lifecycle.sources == ["litellm-cost-map"]  # the date is the map's: cited to it
    assert (kb.price_history(offering.id) is not None) is priced


@pytest.mark.parametrize(("expires", "status"), [("2026-11-21", "retired"), ("2026-11-22", "deprecated")])
def test_an_openrouter_expiration_on_the_list_day_is_a_retirement(tmp_path: Path, expires: str, status: str) -> None:
    """OpenRouter's recorded `openai/gpt-audio` entry, with an expiration planted on the import day or the next."""
    import copy
    import json

    from test_interop import OPENROUTER

    listed = json.loads((OPENROUTER / "models.json").read_text(encoding="utf-8"))
    [entry] = [copy.deepcopy(m) for m in listed["data"] if m["id"] == "openai/gpt-audio"]
    entry["expiration_date"] = expires
    file = tmp_path / "list.json"
    file.write_text(json.dumps({"data": [entry]}), encoding="utf-8")
    root = curated_copy(tmp_path)
    do_import(root, file, "openrouter")
    kb, issues = validate_kb(root, TODAY)
    assert issues == []
    [offering] = [o for o in kb.offerings if o.api_ids == ["openai/gpt-audio"]]
    assert (offering.lifecycle.status, str(offering.lifecycle.retires)) == (status, expires)
    assert offering.lifecycle.sources == ["openrouter-models-api"]  # the date is the list's: cited to it
