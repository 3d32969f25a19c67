"""A large KB is parsed in two processes (validate.PARALLEL_FROM): this one parses and checks its share, a forked one
parses the rest, which is checked here. What comes back must be what one process finds: the same records in the same
order, the same issues, whichever share a file fell in."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pytest
from conftest import TODAY, write_record

from generators.forked import Started
from generators.kb import validate
from generators.kb.load import find_record_files

T = TypeVar("T")


def run(root: Path, monkeypatch: pytest.MonkeyPatch, parallel_from: int) -> tuple[list[object], list[object], int]:
    forks: list[object] = []
    real = validate.started

    def counted(part: Callable[[], T]) -> Started[T]:
        forks.append(part)
        return real(part)

    monkeypatch.setattr(validate, "PARALLEL_FROM", parallel_from)
    monkeypatch.setattr(validate, "started", counted)
    kb, issues = validate.validate_kb(root, TODAY)
    entries = [(key, entry.file, entry.record.model_dump()) for key, entry in kb.entries.items()]
    return entries, list(issues), 1 + len(forks)


def test_two_processes_give_what_one_gives(scratch_kb: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_record(scratch_kb, "models", "zz-broken", "schema_version: 1\nid: zz-broken\nname: [unclosed\n")
    write_record(scratch_kb, "benchmarks", "aa-wrong", "schema_version: 1\nid: aa-wrong\nname: X\nbogus: 1\n")
    # and the same two faults in files the forked process parses (the last ones, past this process's share)
    write_record(scratch_kb, "sources", "zz-broken", "schema_version: 1\nid: zz-broken\ntitle: [unclosed\n")
    write_record(scratch_kb, "workloads", "zz-wrong", "schema_version: 1\nid: zz-wrong\nname: X\nbogus: 1\n")
    (scratch_kb / "models" / "notes.txt").write_text("a note beside the records\n", encoding="utf-8")
    files = [(kind, path.stem) for kind, path in find_record_files(scratch_kb)]
    own = round(len(files) * validate.OWN_SHARE)  # the files this process parses; the forked one takes the rest
    assert max(files.index(("models", "zz-broken")), files.index(("benchmarks", "aa-wrong"))) < own
    assert min(files.index(("sources", "zz-broken")), files.index(("workloads", "zz-wrong"))) >= own
    serial = run(scratch_kb, monkeypatch, 10**9)
    parallel = run(scratch_kb, monkeypatch, 1)
    assert (serial[2], parallel[2]) == (1, 2)
    assert parallel[:2] == serial[:2]
    found = {(Path(str(issue.file)).name, issue.line) for issue in parallel[1]}  # type: ignore[attr-defined]
    # line 5: YAML finds the unclosed flow at the end of the file
    assert ("zz-broken.yaml", 5) in found and any(name == "aa-wrong.yaml" for name, _ in found)
    where = {Path(str(issue.file)).parent.name for issue in parallel[1]}  # type: ignore[attr-defined]
    assert {"models", "benchmarks", "sources", "workloads"} <= where  # this process's share's faults and the other's
    assert ("models", "gpt-4o") in {key for key, _, _ in parallel[0]}  # type: ignore[misc]
