"""Append readings to a price history's file as text: every line already there stays as its contributor wrote it.

A whole-file round trip through ruamel.yaml re-wraps every plain scalar longer than its width (a curated note at 120
columns comes back at 111, with trailing spaces), so a reviewer's diff of an import or a refresh would show notes
nobody changed. Appending after the last item of the top-level `snapshots:` block avoids that; the result is read
back and compared with the record plus the new readings before it is used.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

import yaml

from .migrate import yaml_round_trip


def appended(text: str, snapshots: Sequence[dict[str, Any]]) -> str | None:
    """`text` with `snapshots` written after the last item of its top-level `snapshots:` list and every other line
    as it was; None when that list is not a plain block, or the result would not read back as the same record plus
    the new snapshots (the caller then writes the file whole)."""
    lines = text.splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines) if line.rstrip() == "snapshots:"), None)
    if start is None:
        return None
    end = start + 1
    while end < len(lines) and (lines[end].startswith((" ", "-", "#")) or not lines[end].strip()):
        end += 1
    while end > start + 1 and not lines[end - 1].strip():
        end -= 1
    buffer = io.StringIO()
    yaml_round_trip().dump(list(snapshots), buffer)
    block, head = buffer.getvalue(), "".join(lines[:end])
    result = head + ("" if head.endswith("\n") else "\n") + block + "".join(lines[end:])
    try:
        before, after = yaml.safe_load(text), yaml.safe_load(result)
        expected = {**before, "snapshots": [*before["snapshots"], *yaml.safe_load(block)]}
    except (yaml.YAMLError, TypeError, KeyError):
        return None
    return result if after == expected else None
