"""`kb new` writes every field CONTRIBUTING asks for and the site shows, so a contributor fills them in rather than
discovering them (issue: the project's own layout)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from conftest import TODAY

from generators.kb.skeleton import new_record


@pytest.mark.parametrize(("kind", "record_id", "paths"), [
    ("source", "a-page", [("publisher",), ("published",), ("accessed",), ("url",)]),
    ("model", "a-model", [("max_output", 0, "value"), ("modalities", "input"), ("modalities", "output"),
                          ("capabilities", "tool_use"), ("capabilities", "vision"), ("released",)]),
    ("offering", "acme--a-model", [("lifecycle", "announced"), ("lifecycle", "status")]),
    ("price", "acme--a-model", [("snapshots", 0, "checked"), ("snapshots", 0, "basis")]),
])
def test_a_skeleton_carries_the_fields_contributors_fill_in(scratch_kb: Path, kind: str, record_id: str,
                                                            paths: list[tuple[str | int, ...]]) -> None:
    written = new_record(scratch_kb, kind, record_id, scratch_kb.parent / "schemas", TODAY)
    data = yaml.safe_load(written.read_text(encoding="utf-8"))
    for path in paths:
        value = data
        for step in path:
            value = value[step]
        assert value == "TODO" or (isinstance(value, list) and value == ["TODO"]), path
