"""A build keeps its cache for the next one, made beside its link check, and a failed build leaves the old cache as it
was (upkeep.py)."""

from __future__ import annotations

import filecmp
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURE_KB, TODAY
from test_incremental import differing, edit, files, tamper

from generators.site import upkeep
from generators.site.build import BuildError, build


@pytest.fixture
def kb(tmp_path: Path) -> Path:
    root = tmp_path / "kb"
    shutil.copytree(FIXTURE_KB, root)
    return root


def snapshot(folder: Path) -> dict[str, bytes]:
    return {name: (folder / name).read_bytes() for name in files(folder)}


def test_a_build_failing_its_link_check_leaves_the_old_cache_and_nothing_beside_it(kb: Path, tmp_path: Path) -> None:
    """The new cache was being filled while the check ran: it is stopped and deleted."""
    cache = tmp_path / "cache"
    build(kb, tmp_path / "site", TODAY, cache=cache)
    tamper(cache, "attention/mha.html", "../benchmarks/mmlu.html#no-such-section")
    before, published = snapshot(cache), snapshot(tmp_path / "site")
    edit(kb / "benchmarks" / "mmlu.yaml", "name: MMLU", "name: MMLU (edited)")
    with pytest.raises(BuildError, match="no-such-section"):
        build(kb, tmp_path / "site", TODAY, cache=cache)
    assert snapshot(cache) == before
    assert snapshot(tmp_path / "site") == published
    assert sorted(path.name for path in tmp_path.iterdir()) == ["cache", "kb", "site"]  # no half-made cache beside


def test_the_cache_a_build_keeps_holds_its_docs_site_and_reads(kb: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    build(kb, tmp_path / "site", TODAY, docs=tmp_path / "docs", cache=cache)
    assert sorted(path.name for path in cache.iterdir()) == sorted(upkeep.incremental.CACHE_FILES)
    assert differing(cache / "site", tmp_path / "site") == []
    assert differing(cache / "docs", tmp_path / "docs") == []
    # hard links, not copies: the published site's files are the cache's
    page = "models/gpt-4o.html"
    assert (cache / "site" / page).stat().st_ino == (tmp_path / "site" / page).stat().st_ino
    edit(kb / "models" / "gpt-4o.yaml", "name: GPT-4o", "name: GPT-4o (edited)")
    again = build(kb, tmp_path / "site", TODAY, cache=cache)
    assert again.reused is not None and again.not_rendered > 0  # the next build read all of it
    assert filecmp.cmp(cache / "site" / page, tmp_path / "site" / page, shallow=False)
    assert "GPT-4o (edited)" in (cache / "site" / page).read_text(encoding="utf-8")
