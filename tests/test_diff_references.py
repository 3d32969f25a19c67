"""`kb diff`'s References section: a reference added or removed is listed once, by the field that makes it; a list
merely reordered, or grown at its head, lists nothing for the references it kept."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from generators.kb.diff import compare

SOURCES = [f"s{number}" for number in range(8)]


def offering(sources: list[str], lifecycle_sources: list[str] | None = None) -> dict[str, Any]:
    """The fixture KB's anthropic--claude-3-5-sonnet offering, trimmed, citing `sources`."""
    lifecycle: dict[str, Any] = {"status": "active", "announced": "2024-06-20"}
    if lifecycle_sources:
        lifecycle["sources"] = lifecycle_sources
    return {"schema_version": 1, "id": "anthropic--claude-3-5-sonnet", "provider": "anthropic",
            "model": "claude-3-5-sonnet", "api_ids": ["claude-3-5-sonnet-20241022"], "lifecycle": lifecycle,
            "sources": sources}


def references(old: dict[str, Any], new: dict[str, Any]) -> list[tuple[str, str | None, str | None]]:
    key = ("offerings", "anthropic--claude-3-5-sonnet")
    return [(change.path, change.old, change.new) for change in compare({key: old}, {key: new}, "a", "b").references]


def test_a_source_put_first_is_the_only_reference_listed() -> None:
    old = offering(["anthropic-models-docs", "seed-llm-foundations-frontier-models"],
                   ["anthropic-deprecations"])
    new = offering(["anthropic-deprecations", "anthropic-models-docs", "seed-llm-foundations-frontier-models"],
                   ["anthropic-deprecations", "anthropic-models-docs"])
    assert references(old, new) == [
        ("offerings/anthropic--claude-3-5-sonnet: lifecycle.sources", None, "sources/anthropic-models-docs"),
        ("offerings/anthropic--claude-3-5-sonnet: sources", None, "sources/anthropic-deprecations")]


def test_a_source_dropped_and_a_replacement_named_are_listed_by_their_fields() -> None:
    old = offering(["anthropic-models-docs", "anthropic-deprecations"])
    new = offering(["anthropic-deprecations"])
    new["lifecycle"]["replacement"] = "anthropic--claude-sonnet-4"
    assert references(old, new) == [
        ("offerings/anthropic--claude-3-5-sonnet: sources", "sources/anthropic-models-docs", None),
        ("offerings/anthropic--claude-3-5-sonnet: lifecycle.replacement", None, "offerings/anthropic--claude-sonnet-4")]


@given(st.lists(st.sampled_from(SOURCES), min_size=1, unique=True),
       st.lists(st.sampled_from(SOURCES), min_size=1, unique=True))
def test_only_the_sources_one_side_lacks_are_listed(old_sources: list[str], new_sources: list[str]) -> None:
    removed = sorted(set(old_sources) - set(new_sources))
    added = sorted(set(new_sources) - set(old_sources))
    path = "offerings/anthropic--claude-3-5-sonnet: sources"
    assert references(offering(old_sources), offering(new_sources)) == [
        *((path, f"sources/{name}", None) for name in removed), *((path, None, f"sources/{name}") for name in added)]
