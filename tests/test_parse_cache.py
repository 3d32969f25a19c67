"""Validating with a build cache's parsed records gives what validating from nothing gives (kb/parse_cache.py):
the same issues, the same records, and only changed files parsed again."""

from __future__ import annotations

import os
import pickle
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURE_KB, TODAY
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_page_cache import edit  # one record file changed by a pattern: shared with the page cache's test

from generators.kb import load, parse_cache
from generators.kb.validate import validate_kb

EDITS = [  # (kind folder, pattern, replacement): some keep the record valid, some break it
    ("models", r"^name: (.+)$", r"name: \1 (edited)"),
    ("prices", r"input: ([0-9]+)", r"input: 1\1"),
    ("prices", r"input: ([0-9.]+)", "input: -3"),  # refused by the schema
    ("models", r"^released: [0-9-]+", "released: 2025-02-30"),  # not a calendar date: refused by the parser
    ("benchmarks", r"^name: ", "name: &a "),  # an anchor: refused by the parser
    ("providers", r"^(# yaml-language-server.*)$", r"# \1"),  # the schema line broken: refused by the loader
]


def kept(root: Path, into: Path) -> Path:
    """A cache file of `root`'s records as they are now, as a build writes it."""
    kb, _ = validate_kb(root, TODAY)
    into.write_bytes(parse_cache.to_keep(entry.raw for entry in kb.entries.values()))
    return into


def same_validation(root: Path, cache: Path) -> None:
    fresh_kb, fresh_issues = validate_kb(root, TODAY)
    cached_kb, cached_issues = validate_kb(root, TODAY, parse_cache.read(cache))
    assert cached_issues == fresh_issues
    assert {key: (entry.record, entry.raw.data, entry.raw.text) for key, entry in cached_kb.entries.items()} == {
        key: (entry.record, entry.raw.data, entry.raw.text) for key, entry in fresh_kb.entries.items()}


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(EDITS), st.integers(0, 50)), min_size=1, max_size=3))
def test_after_any_edit_the_cached_parse_validates_as_a_fresh_one(tmp_path_factory: pytest.TempPathFactory,
                                                                  edits: list[tuple[tuple[str, str, str], int]]
                                                                  ) -> None:
    work = tmp_path_factory.mktemp("parsed")
    shutil.copytree(FIXTURE_KB, work / "kb")
    cache = kept(work / "kb", work / "records.pickle")
    for spec, which in edits:
        edit(work / "kb", *spec, which)
    same_validation(work / "kb", cache)


def test_the_same_text_in_another_kind_folder_is_parsed_as_that_kind(tmp_path: Path) -> None:
    """A model's text copied into providers/ has the model schema's line: the loader refuses it there, cache or
    not (the kind is part of the key)."""
    shutil.copytree(FIXTURE_KB, tmp_path / "kb")
    cache = kept(tmp_path / "kb", tmp_path / "records.pickle")
    shutil.copy(tmp_path / "kb" / "models" / "gpt-4o.yaml", tmp_path / "kb" / "providers" / "gpt-4o.yaml")
    _, issues = validate_kb(tmp_path / "kb", TODAY, parse_cache.read(cache))
    assert any("schemas/provider.schema.json" in issue.message for issue in issues)
    same_validation(tmp_path / "kb", cache)


def test_only_the_changed_file_is_parsed_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(FIXTURE_KB, tmp_path / "kb")
    cache = kept(tmp_path / "kb", tmp_path / "records.pickle")
    edit(tmp_path / "kb", *EDITS[0], 0)
    parsed: list[str] = []
    real = load.parse_text
    monkeypatch.setattr(load, "parse_text", lambda text, file, kind: parsed.append(file.name) or real(text, file, kind))
    validate_kb(tmp_path / "kb", TODAY, parse_cache.read(cache))
    assert parsed == [sorted((tmp_path / "kb" / "models").glob("*.yaml"))[0].name]


def test_data_parsed_by_other_code_is_not_used(tmp_path: Path) -> None:
    cache = kept(FIXTURE_KB, tmp_path / "records.pickle")
    assert parse_cache.read(cache)
    stored = pickle.loads(cache.read_bytes())
    cache.write_bytes(pickle.dumps({**stored, "parser": "another loader"}))
    assert parse_cache.read(cache) == {}


class Planted:
    """What a hostile cache file could hold: unpickling it would make a folder."""

    def __init__(self, target: Path) -> None:
        self.target = target

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return os.mkdir, (str(self.target),)


@pytest.mark.parametrize("where", ["top", "inside a record"])
def test_a_cache_file_holding_anything_but_plain_values_is_ignored_and_runs_nothing(tmp_path: Path,
                                                                                    where: str) -> None:
    planted = Planted(tmp_path / "ran")
    records = {"key": {"id": planted}} if where == "inside a record" else planted
    (tmp_path / "records.pickle").write_bytes(pickle.dumps({"parser": parse_cache.parser_digest(),
                                                            "records": records}))
    assert parse_cache.read(tmp_path / "records.pickle") == {}
    assert not (tmp_path / "ran").exists()


def test_a_missing_or_garbled_cache_file_is_an_empty_cache(tmp_path: Path) -> None:
    assert parse_cache.read(tmp_path / "none.pickle") == {}
    (tmp_path / "garbled.pickle").write_bytes(b"\x80\x05garbage")
    assert parse_cache.read(tmp_path / "garbled.pickle") == {}

