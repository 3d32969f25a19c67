"""The headline fact (evidence.headline: first-party sources first, then the newest) is the one every consumer uses:
the site, the LiteLLM export and the max-output rule. A newer figure from an aggregator beside a lab's own is shown
as a disagreement, never exported or checked in its place."""

from __future__ import annotations

import datetime
from pathlib import Path

from conftest import write_record

from generators.interop.litellm_export import export_litellm
from generators.kb import current
from generators.kb.validate import validate_kb

TODAY = datetime.date(2026, 11, 21)


def add_aggregator_figures(root: Path, context: int, output: int) -> None:
    """GPT-4o's fixture record: context 128,000 and max output 16,384 from OpenAI's docs (2024). Beside them, an
    aggregator's newer figures."""
    write_record(root, "sources", "some-aggregator", "schema_version: 1\nid: some-aggregator\ntype: aggregator\n"
                 "title: Some aggregator\nurl: https://aggregator.example/models\npublisher: Aggregator\n")
    path = root / "models" / "gpt-4o.yaml"
    text = path.read_text(encoding="utf-8")
    newer = "- value: {}\n  sources:\n  - some-aggregator\n  as_of: 2026-06-01\n"
    text = text.replace("context_window:\n", "context_window:\n" + newer.format(context), 1)
    text = text.replace("max_output:\n", "max_output:\n" + newer.format(output), 1)
    path.write_text(text, encoding="utf-8")


def test_the_export_carries_the_figures_the_site_shows(scratch_kb: Path) -> None:
    add_aggregator_figures(scratch_kb, 200_000, 32_000)
    kb, issues = validate_kb(scratch_kb, TODAY)
    assert issues == []
    gpt4o = kb.get("offerings", "openai--gpt-4o")
    shown = current.context_window(kb, gpt4o)  # type: ignore[arg-type]
    assert shown is not None and shown.value == 128_000 and [f.value for f in shown.disagreeing] == [200_000]
    entry = export_litellm(kb, TODAY)["gpt-4o-2024-08-06"]
    assert (entry["max_input_tokens"], entry["max_output_tokens"]) == (128_000, 16_384)


def test_max_output_is_checked_against_the_context_window_the_pages_state(scratch_kb: Path) -> None:
    # The aggregator's 150,000-token output only fits its own 200,000-token window: against the lab's 128,000 that
    # the pages state, it does not. Only one max-output figure, so it is the headline one.
    add_aggregator_figures(scratch_kb, 200_000, 150_000)
    path = scratch_kb / "models" / "gpt-4o.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("- value: 16384")
    end = text.index("\n", text.index("note: gpt-4o-2024-08-06 and later", start)) + 1
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    _, issues = validate_kb(scratch_kb, TODAY)
    assert {i.message for i in issues} == {"max output (150,000 tokens) exceeds the context window (128,000 tokens)"}
    model_issue = next(i for i in issues if i.file == path)  # its offerings inherit both figures, and are told too
    assert path.read_text(encoding="utf-8").splitlines()[model_issue.line - 1].strip() == "- value: 150000"
