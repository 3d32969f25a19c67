"""Edit a price history's file as text: append readings, or rewrite one reading, and leave every other line as its
contributor wrote it.

A whole-file round trip through ruamel.yaml re-wraps every plain scalar longer than its width (a curated note at 120
columns comes back at 111, with trailing spaces), so a reviewer's diff of an import or a refresh would show notes
nobody changed. Appending after the last item of the top-level `snapshots:` block, or re-writing only the item that
changes, avoids that; each result is read back and compared with the record as edited before it is used.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import yaml

from .migrate import dumped, yaml_round_trip


def block_of(lines: list[str]) -> tuple[int, int] | None:
    """The lines of the top-level `snapshots:` block list: from its key to past its last item (blank lines after it
    excluded); None when the file has no such block."""
    start = next((i for i, line in enumerate(lines) if line.rstrip() == "snapshots:"), None)
    if start is None:
        return None
    end = start + 1
    while end < len(lines) and (lines[end].startswith((" ", "-", "#")) or not lines[end].strip()):
        end += 1
    while end > start + 1 and not lines[end - 1].strip():
        end -= 1
    return start, end


def reads_as(text: str, result: str, edit: Callable[[dict[str, Any]], None]) -> str | None:
    """`result` when it reads back as `text` with `edit` applied to its plain data, else None."""
    try:
        expected, after = yaml.safe_load(text), yaml.safe_load(result)
        edit(expected)
    except (yaml.YAMLError, TypeError, KeyError, IndexError, AttributeError):
        return None
    return result if after == expected else None


def with_snapshot(text: str, index: int, edit: Callable[[Any], None]) -> str | None:
    """`text` with its `index`-th snapshot edited by `edit` and re-written alone (only its own lines may re-wrap);
    None when the snapshots are not a plain block list or the result would not read back as the edited record."""
    lines = text.splitlines(keepends=True)
    block = block_of(lines)
    if block is None:
        return None
    starts = [i for i in range(block[0] + 1, block[1]) if lines[i].startswith("- ")]
    if not 0 <= index < len(starts):
        return None
    first, last = starts[index], (starts[index + 1] if index + 1 < len(starts) else block[1])
    while last > first + 1 and (lines[last - 1].startswith("#") or not lines[last - 1].strip()):
        last -= 1  # a comment at the margin after the reading is the next part's, not the reading's
    item = yaml_round_trip().load("".join(lines[first:last]))
    edit(item[0])
    result = "".join(lines[:first]) + dumped(item) + "".join(lines[last:])
    return reads_as(text, result, lambda data: edit(data["snapshots"][index]))


def position(snapshots: Sequence[Any], effective: Any) -> int:
    """Where a reading dated `effective` goes in a history's ascending `snapshots`: after every one dated that day
    or before, ahead of any price announced to take effect later (`Snapshot.announced`)."""
    # as ISO text: a date parsed from YAML, a date in code and a quoted "2026-01-01" all compare alike
    return next((i for i, snapshot in enumerate(snapshots) if str(snapshot["effective"]) > str(effective)),
                len(snapshots))


def in_order(snapshots: list[Any], new: Sequence[Any]) -> None:
    """Add `new` readings to a history's `snapshots`, each at its `position`: what every writer of readings does."""
    for snapshot in new:
        snapshots.insert(position(snapshots, snapshot["effective"]), snapshot)


def appended(text: str, snapshots: Sequence[dict[str, Any]]) -> str | None:
    """`text` with `snapshots` written into its top-level `snapshots:` list (after its last item, or ahead of prices
    scheduled later, `in_order`) and every other line as it was; None when that list is not a plain block, or the
    result would not read back as the same record plus the new snapshots (the caller then writes the file whole)."""
    lines = text.splitlines(keepends=True)
    block = block_of(lines)
    if block is None or not snapshots:
        return None
    try:
        existing = (yaml.safe_load(text) or {}).get("snapshots") or []
        index = position(existing, snapshots[0]["effective"])
    except (yaml.YAMLError, TypeError, AttributeError, KeyError):
        return None
    starts = [i for i in range(block[0] + 1, block[1]) if lines[i].startswith("- ")]
    if len(starts) != len(existing) or any(position(existing, s["effective"]) != index for s in snapshots):
        return None
    at = block[1] if index == len(starts) else starts[index]
    head, new = "".join(lines[:at]), dumped(list(snapshots))
    result = head + ("" if head.endswith("\n") else "\n") + new + "".join(lines[at:])
    return reads_as(text, result, lambda data: in_order(data["snapshots"], yaml.safe_load(new)))
