"""A build writes only to a new folder or to one a build wrote: it never replaces notes, follows a link, or
publishes a folder other users cannot read (issue: hostile input, second round)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURE_KB, TODAY

from generators.kb.issues import KBUsageError
from generators.site.build import build
from generators.site.publish import MARKER


@pytest.fixture
def kb(tmp_path: Path) -> Path:
    shutil.copytree(FIXTURE_KB, tmp_path / "kb")
    return tmp_path / "kb"


def test_a_folder_of_notes_is_never_replaced(kb: Path, tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "important.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(KBUsageError, match="holds files a build did not write"):
        build(kb, notes, TODAY)
    assert (notes / "important.txt").read_text(encoding="utf-8") == "keep me"


def test_a_link_as_the_output_is_refused(kb: Path, tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    (tmp_path / "out").symlink_to(tmp_path / "real")
    with pytest.raises(KBUsageError, match="is a symbolic link"):
        build(kb, tmp_path / "out", TODAY)


def test_a_build_replaces_its_own_output_and_marks_it(kb: Path, tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        build(kb, tmp_path / "public", TODAY)
        build(kb, tmp_path / "public", TODAY)  # its own folder: replaced
    finally:
        os.umask(old)
    assert (tmp_path / "public" / MARKER).is_file()
    assert (tmp_path / "public").stat().st_mode & 0o777 == 0o755
    assert (tmp_path / "public" / "index.html").stat().st_mode & 0o777 == 0o644


def test_a_file_added_to_a_built_folder_is_never_deleted_by_the_next_build(kb: Path, tmp_path: Path) -> None:
    build(kb, tmp_path / "public", TODAY)
    (tmp_path / "public" / "mine.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(KBUsageError, match=r"holds files a build did not write \(mine.txt\)"):
        build(kb, tmp_path / "public", TODAY)
    assert (tmp_path / "public" / "mine.txt").read_text(encoding="utf-8") == "keep me"
    (tmp_path / "public" / "mine.txt").unlink()
    build(kb, tmp_path / "public", TODAY)  # only what a build wrote: replaced


@pytest.mark.parametrize("cache", ["public", "public/cache", "public/../public"])
def test_the_cache_never_shares_a_folder_with_the_output(kb: Path, tmp_path: Path, cache: str) -> None:
    with pytest.raises(KBUsageError, match=r"--cache .* and --out .* overlap"):
        build(kb, tmp_path / "public", TODAY, cache=tmp_path / cache)
    assert not (tmp_path / "public").exists()


def test_a_cache_in_the_kb_is_named_as_the_cache(kb: Path, tmp_path: Path) -> None:
    with pytest.raises(KBUsageError, match=r"^--cache .* would replace the knowledge base"):
        build(kb, tmp_path / "public", TODAY, cache=kb)
