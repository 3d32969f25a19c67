"""The linked KB's index of claims by model (KB.claims_of_model): the one way a page, a ranking or the changelog
finds one model's claims, so none of them scans every claim once per model (the 10x catalogue's generation was
quadratic through such scans; issue: build cost)."""

from __future__ import annotations

import datetime
from pathlib import Path

from conftest import FIXTURE_KB, write_record

from generators.kb.validate import validate_kb
from generators.site import changelog

DAY = datetime.date(2026, 11, 21)


def test_a_models_claims_in_id_order_and_none_for_others(scratch_kb: Path) -> None:
    body = (FIXTURE_KB / "claims" / "gpt-4o--mmlu.yaml").read_text(encoding="utf-8").split("\n", 1)[1]
    write_record(scratch_kb, "claims", "gpt-4o--a-second", body.replace("id: gpt-4o--mmlu", "id: gpt-4o--a-second"))
    kb, issues = validate_kb(scratch_kb, DAY)
    assert issues == []
    assert [c.id for c in kb.claims_of_model("gpt-4o")] == ["gpt-4o--a-second", "gpt-4o--mmlu"]
    assert [c.id for c in kb.claims_of_model("claude-3-5-sonnet")] == ["claude-3-5-sonnet--mmlu"]
    assert kb.claims_of_model("no-such-model") == []


def test_a_model_pages_events_are_its_share_of_the_whole_changelog() -> None:
    kb, _ = validate_kb(FIXTURE_KB, DAY)
    everything = changelog.events(kb, DAY)
    for model in kb.models:
        assert changelog.events(kb, DAY, [model.id]) == [e for e in everything if e.model_id == model.id]
