"""The JSON API written from an earlier build's parts is the API written from scratch, byte for byte, and only the
parts whose reads changed are worked out again (api_parts.py)."""

from __future__ import annotations

import json
import pickle
import shutil
from pathlib import Path
from typing import Any

import pytest
from conftest import FIXTURE_KB, TODAY
from hypothesis import given, settings
from hypothesis import strategies as st

from generators.kb.reads import Digests
from generators.kb.validate import judged_on, validate_kb
from generators.site import api_parts
from generators.site.api_parts import Parts
from generators.site.export import write_api

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(alphabet=st.characters(blacklist_categories=("Cs",))),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4),
    max_leaves=12)


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(st.text(max_size=6).filter(lambda key: key != "items"), json_values, max_size=4),
       st.lists(json_values, max_size=6))
def test_a_document_joined_from_parts_is_what_json_dumps_writes(head: dict[str, Any], items: list[Any]) -> None:
    joined = api_parts.document(head, "items", [json.dumps(item, ensure_ascii=False) for item in items])
    assert joined == json.dumps({**head, "items": items}, ensure_ascii=False)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{path} no longer holds {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


EDITS = {
    # record file, old text, new text, the parts a build works out again besides the edited record's own
    "a live price": ("prices/openai--gpt-4o-mini.yaml", "    output: 0.3\n", "    output: 0.25\n",
                     {("catalog", "gpt-4o-mini")}),
    # Claude 3.5 Sonnet's offering is retired: the catalogue lists live offerings, so its entry reads no price
    "a retired price": ("prices/anthropic--claude-3-5-sonnet.yaml", "  cached_input: 0.3\n",
                        "  cached_input: 0.25\n", set()),
    "a model's name": ("models/gpt-4o.yaml", "name: GPT-4o\n", "name: GPT-4o (renamed)\n", {("catalog", "gpt-4o")}),
    "a claim's score": ("claims/gpt-4o--mmlu.yaml", "score: 88.7", "score: 87.7", {("catalog", "gpt-4o")}),
    # the offering's dates rest on it (evidence.dates_first_party reads the source): Claude 3.5 Sonnet's entry too
    "a source's title": ("sources/anthropic-claude-3-5-sonnet.yaml", "title: ", "title: Renamed ",
                         {("catalog", "claude-3-5-sonnet")}),
}


@pytest.mark.parametrize("change", sorted(EDITS))
def test_an_api_from_the_parts_of_the_api_before_a_change_is_the_api_written_afresh(tmp_path: Path,
                                                                                  change: str) -> None:
    file, old, new, also = EDITS[change]
    kb_root = tmp_path / "kb"
    shutil.copytree(FIXTURE_KB, kb_root)
    before, _ = validate_kb(kb_root, judged_on(TODAY))
    first = Parts(Digests(before), key="the pages' key")
    write_api(before, tmp_path / "first", TODAY, first, tmp_path / "parts.pickle")
    edit(kb_root / file, old, new)
    after, issues = validate_kb(kb_root, judged_on(TODAY))
    assert issues == []
    previous = api_parts.read(tmp_path / "parts.pickle", "the pages' key")
    assert previous == first.kept
    again = Parts(Digests(after), previous)
    write_api(after, tmp_path / "again", TODAY, again)
    write_api(after, tmp_path / "fresh", TODAY)
    names = sorted(path.relative_to(tmp_path / "fresh").as_posix() for path in (tmp_path / "fresh").rglob("*.json"))
    assert names == sorted(path.relative_to(tmp_path / "again").as_posix()
                           for path in (tmp_path / "again").rglob("*.json"))
    for name in names:
        assert (tmp_path / "again" / name).read_bytes() == (tmp_path / "fresh" / name).read_bytes(), name
    kind, record = file.removesuffix(".yaml").split("/")
    worked_out = {name for name in again.kept if again.kept[name] is not previous.get(name)}
    assert worked_out == {("record", kind, record), *also}
    assert again.reused == len(again.kept) - len(worked_out)


def test_parts_from_a_file_a_build_did_not_write_are_not_read(tmp_path: Path) -> None:
    kb, _ = validate_kb(FIXTURE_KB, judged_on(TODAY))
    parts = Parts(Digests(kb), key="k")
    parts.text(("record", "models", "gpt-4o"), lambda: {"id": "gpt-4o"}, [("record", "models", "gpt-4o")])
    parts.save(tmp_path / "good.pickle")
    assert api_parts.read(tmp_path / "good.pickle", "k") == parts.kept
    assert api_parts.read(tmp_path / "good.pickle", "another key") == {}  # other code, or another day
    for name, payload in {
        "code": pickle.dumps((api_parts.FORMAT, "k", {"x": (Path("/"), ())})),  # an object: refused, never built
        "format": pickle.dumps((api_parts.FORMAT + 1, "k", parts.kept)),
        "shape": pickle.dumps((api_parts.FORMAT, "k", {"x": ("text", (("not a token", "digest"),))})),
        "truncated": (tmp_path / "good.pickle").read_bytes()[:50],
    }.items():
        (tmp_path / name).write_bytes(payload)
        assert api_parts.read(tmp_path / name, "k") == {}, name
    assert api_parts.read(tmp_path / "missing", "k") == {}
