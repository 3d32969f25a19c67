"""A refresh that confirms a reading re-writes that reading alone (kb/history_text.with_snapshot): the other readings'
lines, however their contributor wrapped them, stay byte for byte, and the file reads back as the record with the
reading confirmed. The confirmation is the one `kb refresh` makes: `checked` on the day read and the list cited."""

from __future__ import annotations

import datetime
from pathlib import Path

import yaml
from conftest import TODAY
from hypothesis import given
from hypothesis import strategies as st

from generators.kb.history_text import with_snapshot
from generators.live.refresh_files import confirm

NOTES = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=200)


def history_text(notes: list[str], tail: str) -> str:
    snapshots = [{"effective": datetime.date(2026, n + 1, 1), "input": 1.0 + n, "output": 2.0, "sources": ["s"],
                  "note": note} for n, note in enumerate(notes)]
    return yaml.safe_dump({"schema_version": 2, "id": "p--m", "offering": "p--m", "snapshots": snapshots},
                          sort_keys=False, allow_unicode=True, width=60) + tail


@given(st.lists(NOTES, min_size=1, max_size=3), st.data(),
       st.sampled_from(["", "corrections:\n- effective: 2026-01-01\n  reason: a typo\n", "# a comment\n"]))
def test_a_confirmed_reading_is_the_only_one_rewritten(notes: list[str], data: st.DataObject, tail: str) -> None:
    text = history_text(notes, tail)
    index = data.draw(st.integers(0, len(notes) - 1))
    result = with_snapshot(text, index, lambda snapshot: confirm(snapshot, "together-models-api", TODAY))
    assert result is not None
    read = yaml.safe_load(result)
    assert read["snapshots"][index]["checked"] == TODAY
    assert read["snapshots"][index]["sources"] == ["s", "together-models-api"]
    assert [s for n, s in enumerate(read["snapshots"]) if n != index] == [
        s for n, s in enumerate(yaml.safe_load(text)["snapshots"]) if n != index]
    before, after = text.splitlines(keepends=True), result.splitlines(keepends=True)
    (start, end), (start_after, end_after) = item(before, index), item(after, index)
    assert start == start_after and before[:start] + before[end:] == after[:start] + after[end_after:]


def item(lines: list[str], index: int) -> tuple[int, int]:
    """Where the `index`-th reading's lines are: from its `- effective:` line to the next line that starts a reading,
    a key or a comment at the margin."""
    start = [n for n, line in enumerate(lines) if line.startswith("- effective:")][index]
    end = next((n for n in range(start + 1, len(lines)) if not lines[n].startswith(" ")), len(lines))
    return start, end


def test_a_history_without_a_block_list_is_left_to_the_whole_file_writer() -> None:
    text = "schema_version: 2\nid: p--m\noffering: p--m\nsnapshots: [{effective: 2026-01-01, input: 1, output: 2, " \
           "sources: [s]}]\n"
    assert with_snapshot(text, 0, lambda snapshot: confirm(snapshot, "x", datetime.date(2026, 1, 2))) is None


def test_the_refresh_confirms_in_place(tmp_path: Path) -> None:
    from generators.live.refresh import Change
    from generators.live.refresh_files import history_text as edited_history

    text = history_text(["An early reading whose note a contributor wrapped by hand " * 3, "in force"], "")
    change = Change(confirmed={"p--m": (1, "together-models-api")})
    result = edited_history(text, change, "p--m", TODAY)
    assert result is not None and result.startswith(text.split("- effective: 2026-02-01")[0])
