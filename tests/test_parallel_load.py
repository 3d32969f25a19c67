"""A large KB is parsed and checked in two forked processes (validate.PARALLEL_FROM); what comes back must be
what one process finds: the same records in the same order, the same issues, whichever half a file fell in."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import TODAY, write_record

from generators.kb import validate


def run(root: Path, monkeypatch: pytest.MonkeyPatch, parallel_from: int) -> tuple[list[object], list[object], int]:
    forks: list[int] = []
    real = validate.run_parts

    def counted(parts: list) -> list:  # type: ignore[type-arg]
        forks.append(len(parts))
        return real(parts)

    monkeypatch.setattr(validate, "PARALLEL_FROM", parallel_from)
    monkeypatch.setattr(validate, "run_parts", counted)
    kb, issues = validate.validate_kb(root, TODAY)
    entries = [(key, entry.file, entry.record.model_dump()) for key, entry in kb.entries.items()]
    return entries, list(issues), forks[0]


def test_two_processes_give_what_one_gives(scratch_kb: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_record(scratch_kb, "models", "zz-broken", "schema_version: 1\nid: zz-broken\nname: [unclosed\n")
    write_record(scratch_kb, "benchmarks", "aa-wrong", "schema_version: 1\nid: aa-wrong\nname: X\nbogus: 1\n")
    (scratch_kb / "models" / "notes.txt").write_text("a note beside the records\n", encoding="utf-8")
    serial = run(scratch_kb, monkeypatch, 10**9)
    parallel = run(scratch_kb, monkeypatch, 1)
    assert (serial[2], parallel[2]) == (1, 2)
    assert parallel[:2] == serial[:2]
    found = {(Path(str(issue.file)).name, issue.line) for issue in parallel[1]}  # type: ignore[attr-defined]
    # line 5: YAML finds the unclosed flow at the end of the file
    assert ("zz-broken.yaml", 5) in found and any(name == "aa-wrong.yaml" for name, _ in found)
    assert ("models", "gpt-4o") in {key for key, _, _ in parallel[0]}  # type: ignore[misc]
