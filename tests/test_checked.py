"""A build runs the cross-record rules beside its rendering, and still publishes nothing the rules refuse (checked.py,
forked.Started)."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from conftest import TODAY

from generators.forked import FORK, PartFailed, started
from generators.kb.validate import judged_on, validate_kb
from generators.site.build import BuildError, build


def old_site(tmp_path: Path) -> Path:
    out = tmp_path / "public"
    out.mkdir()
    (out / "old.html").write_text("old", encoding="utf-8")
    (out / ".kb-build").write_text("", encoding="utf-8")  # an earlier build's own folder
    return out


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{path} no longer holds {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def messages(issues: list[object]) -> list[str]:
    return [str(issue) for issue in issues]


@pytest.mark.parametrize("cache", [False, True])
def test_a_kb_only_the_rules_refuse_builds_nothing_and_reports_what_kb_validate_does(
        scratch_kb: Path, tmp_path: Path, cache: bool) -> None:
    """Each record is valid on its own; one date is in the future, which only the rules see."""
    edit(scratch_kb / "models" / "gpt-4o.yaml", "released: 2024-05-13", "released: 2099-05-13")
    out = old_site(tmp_path)
    with pytest.raises(BuildError, match="problem") as raised:
        build(scratch_kb, out, TODAY, cache=tmp_path / "cache" if cache else None)
    _, expected = validate_kb(scratch_kb, judged_on(TODAY))
    assert messages(raised.value.issues) == messages(expected)
    assert any("2099-05-13" in text and "in the future" in text for text in messages(raised.value.issues))
    assert (out / "old.html").read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in out.iterdir()) == [".kb-build", "old.html"]
    # a refused build keeps no pages for the next (at most the theme's compiled templates, which no record shapes)
    assert not (tmp_path / "cache").exists() or sorted(p.name for p in (tmp_path / "cache").iterdir()) == ["templates"]


def test_a_page_that_breaks_on_a_refused_kb_is_reported_by_the_rules(scratch_kb: Path, tmp_path: Path) -> None:
    """A model naming a lab that does not exist: its page cannot be made; the reader is told what to fix, not shown
    the renderer's KeyError."""
    edit(scratch_kb / "models" / "gpt-4o.yaml", "lab: openai", "lab: no-such-lab")
    out = old_site(tmp_path)
    with pytest.raises(BuildError) as raised:
        build(scratch_kb, out, TODAY)
    _, expected = validate_kb(scratch_kb, judged_on(TODAY))
    assert expected and messages(raised.value.issues) == messages(expected)
    assert any("no-such-lab" in text and "does not exist" in text for text in messages(raised.value.issues))
    assert (out / "old.html").read_text(encoding="utf-8") == "old"


def test_problems_in_the_files_are_reported_with_the_rules_problems(scratch_kb: Path, tmp_path: Path) -> None:
    edit(scratch_kb / "models" / "gpt-4o.yaml", "released: 2024-05-13", "released: 2099-05-13")
    edit(scratch_kb / "models" / "claude-sonnet-4.yaml", "weights: closed", "weights: leaked")
    with pytest.raises(BuildError) as raised:
        build(scratch_kb, tmp_path / "public", TODAY)
    _, expected = validate_kb(scratch_kb, judged_on(TODAY))
    assert messages(raised.value.issues) == messages(expected)
    assert {"leaked" in text for text in messages(expected)} == {True, False}  # the file's and the rules' own


def test_a_started_part_gives_its_result_or_raises_its_exception_here() -> None:
    parent = os.getpid()
    assert started(lambda: ("done", os.getpid() != parent)).result() == ("done", FORK)  # ran in a child
    with pytest.raises(ZeroDivisionError):
        started(lambda: 1 // 0).result()
    with pytest.raises(PartFailed):
        started(lambda: (lambda: None)).result()  # a result that cannot be sent back


@pytest.mark.skipif(not FORK, reason="without fork a part runs when its result is asked for")
def test_a_started_part_no_longer_wanted_is_stopped(tmp_path: Path) -> None:
    marker = tmp_path / "finished"
    part = started(lambda: (time.sleep(30), marker.write_text("x")))
    assert part.child is not None
    process = part.child[0]
    part.cancel()
    assert not process.is_alive() and not marker.exists()
    part.cancel()  # twice is harmless
