"""Two offerings of one model at one provider (a faster tier, a regional profile) never read the same in prose.

The fixture sells GPT-4o mini at OpenAI once, as gpt-4o-mini-2024-07-18; the tests add a second offering of it there,
called gpt-4o-mini-fast, and a third of it at another provider.
"""

from __future__ import annotations

from pathlib import Path

from conftest import TODAY, write_record

from generators.kb.records import Offering
from generators.kb.validate import judged_on, validate_kb
from generators.site import changelog, pages

SECOND = ("schema_version: 1\nid: {id}\nprovider: {provider}\nmodel: gpt-4o-mini\napi_ids:\n- {api_id}\n"
          "lifecycle:\n  status: active\n  announced: 2026-10-01\n  sources:\n  - openai-models-docs\n"
          "sources:\n- openai-models-docs\n")


def with_second(root: Path, provider: str = "openai", api_id: str = "gpt-4o-mini-fast") -> Path:
    write_record(root, "offerings", f"{provider}--gpt-4o-mini-fast",
                 SECOND.format(id=f"{provider}--gpt-4o-mini-fast", provider=provider, api_id=api_id))
    return root


def test_one_offering_of_a_model_at_a_provider_is_named_by_the_model_alone(scratch_kb: Path) -> None:
    kb, issues = validate_kb(scratch_kb, judged_on(TODAY))
    assert issues == []
    mini = kb.get("offerings", "openai--gpt-4o-mini")
    assert isinstance(mini, Offering)
    assert kb.offering_label(mini) == "GPT-4o mini at OpenAI"


def test_two_at_one_provider_are_each_named_by_their_first_api_id(scratch_kb: Path) -> None:
    kb, issues = validate_kb(with_second(scratch_kb), judged_on(TODAY))
    assert issues == []
    mini, fast = kb.get("offerings", "openai--gpt-4o-mini"), kb.get("offerings", "openai--gpt-4o-mini-fast")
    assert isinstance(mini, Offering) and isinstance(fast, Offering)
    assert kb.offering_label(mini) == "GPT-4o mini (gpt-4o-mini-2024-07-18) at OpenAI"
    assert kb.offering_label(fast) == "GPT-4o mini (gpt-4o-mini-fast) at OpenAI"
    assert pages.label(kb, ("offerings", "openai--gpt-4o-mini-fast")) == "GPT-4o mini (gpt-4o-mini-fast) at OpenAI"
    [available] = [event.title for event in changelog.lifecycle_events(kb, fast)
                   if event.kind == changelog.EventKind.NEW_OFFERING]
    assert available == "GPT-4o mini (gpt-4o-mini-fast) available at OpenAI"


def test_the_same_model_at_another_provider_does_not_make_a_sibling(scratch_kb: Path) -> None:
    kb, issues = validate_kb(with_second(scratch_kb, provider="google"), judged_on(TODAY))
    assert issues == []
    mini, there = kb.get("offerings", "openai--gpt-4o-mini"), kb.get("offerings", "google--gpt-4o-mini-fast")
    assert isinstance(mini, Offering) and isinstance(there, Offering)
    assert kb.offering_label(mini) == "GPT-4o mini at OpenAI"
    assert kb.offering_label(there) == "GPT-4o mini at Google DeepMind"
