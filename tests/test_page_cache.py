"""A page is taken from the previous build only when nothing it read of the KB changed (page_cache.py, reads.py):
after any edit, the pages kept and the pages rendered again make the very Markdown a full render makes."""

from __future__ import annotations

import filecmp
import re
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURE_KB, TODAY
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from generators.kb import reads
from generators.kb.validate import validate_kb
from generators.site import catalog_view, page_cache
from generators.site.incremental import Cache
from generators.site.pages import label
from generators.site.render import render_site

KEY = "test-key"
EDITS = [  # (kind folder, pattern, replacement): each keeps the record valid and changes what a page shows
    ("*", r"^name: (.+)$", r"name: \1 (edited)"),
    ("sources", r"^title: (.+)$", r"title: \1 (edited)"),
    ("claims", r"^score: ([0-9]+)", r"score: 1\1"),
    ("prices", r"input: ([0-9]+)", r"input: 1\1"),
    ("benchmarks", r"^description: (.+)$", r"description: Edited. \1"),
    ("models", r"^description: (.+)$", r"description: Edited. \1"),
    ("models", r"^lab: (?!mistral$)(.+)$", "lab: mistral"),  # one lab's page loses a model, another gains it
]


def markdown(folder: Path) -> dict[str, Path]:
    return {p.relative_to(folder).as_posix(): p for p in folder.rglob("*") if p.is_file()}


def first_render(kb_root: Path, work: Path) -> Cache:
    kb, issues = validate_kb(kb_root, TODAY)
    assert not issues
    rendered = render_site(kb, work / "first", TODAY, reuse={})  # a first build with a cache: nothing to reuse
    cache = Cache(work / "cache")
    shutil.copytree(work / "first", cache.docs)
    cache.pages_file.write_text(page_cache.to_keep(rendered, work / "first", reads.Digests(kb), KEY, api=()),
                                encoding="utf-8")  # pages only: the JSON API is a build's (test_incremental.py)
    return cache


def render_again(kb_root: Path, work: Path, cache: Cache) -> tuple[set[str], list[str]]:
    """The pages kept from the cache, and every file where the render with them differs from a full render."""
    kb, issues = validate_kb(kb_root, TODAY)
    assert not issues
    reuse = page_cache.reusable(cache, reads.Digests(kb), KEY).pages
    render_site(kb, work / "again", TODAY, reuse=reuse)
    assert reuse, "most pages read nothing of a one-record edit"
    render_site(kb, work / "clean", TODAY)
    again, clean = markdown(work / "again"), markdown(work / "clean")
    assert again.keys() == clean.keys()
    return set(reuse), [name for name in sorted(again) if not filecmp.cmp(again[name], clean[name], shallow=False)]


def edit(kb_root: Path, kind: str, pattern: str, replacement: str, which: int) -> bool:
    files = sorted(kb_root.glob(f"{kind}/*.yaml"))
    files = [f for f in files if re.search(pattern, f.read_text(encoding="utf-8"), re.MULTILINE)]
    if not files:
        return False
    file = files[which % len(files)]
    file.write_text(re.sub(pattern, replacement, file.read_text(encoding="utf-8"), count=1, flags=re.MULTILINE),
                    encoding="utf-8")
    return True


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(EDITS), st.integers(0, 50)), min_size=1, max_size=3))
def test_after_any_edit_kept_and_rendered_pages_make_a_full_render(tmp_path_factory: pytest.TempPathFactory,
                                                                    edits: list[tuple[tuple[str, str, str], int]]
                                                                    ) -> None:
    work = tmp_path_factory.mktemp("cache")
    shutil.copytree(FIXTURE_KB, work / "kb")
    cache = first_render(work / "kb", work)
    assume(any([edit(work / "kb", *spec, which) for spec, which in edits]))
    assume(not validate_kb(work / "kb", TODAY)[1])  # an edit the rules refuse is not a build
    _, differing = render_again(work / "kb", work, cache)
    assert differing == []


def test_renaming_gpt_4o_keeps_the_pages_that_do_not_show_it(tmp_path: Path) -> None:
    """Mistral 7B's page and Mistral's provider page name neither GPT-4o nor anything of OpenAI: they are kept, and
    so is the providers table, a summary page that lists providers and counts offerings but names no model; GPT-4o's
    own page, the home page and OpenAI's page (which lists the models OpenAI trained) are rendered again."""
    shutil.copytree(FIXTURE_KB, tmp_path / "kb")
    cache = first_render(tmp_path / "kb", tmp_path)
    model = tmp_path / "kb" / "models" / "gpt-4o.yaml"
    model.write_text(model.read_text(encoding="utf-8").replace("name: GPT-4o\n", "name: GPT-4o (edited)\n"),
                     encoding="utf-8")
    kept, differing = render_again(tmp_path / "kb", tmp_path, cache)
    assert differing == []
    assert {"models/mistral-7b.md", "models/gemini-2.0-flash.md", "providers/mistral.md", "providers/index.md"} <= kept
    assert not {"models/gpt-4o.md", "index.md", "providers/openai.md"} & kept


def test_the_catalog_notes_only_what_a_page_asks_of_it() -> None:
    """A summary page reads the parts of the catalog it shows, each as the KB notes it, every time it uses one."""
    kb, _ = validate_kb(FIXTURE_KB, TODAY)
    shown = catalog_view.catalog(kb, label)
    with reads.recording() as made:
        assert shown.name_of("models", "gpt-4o") == "GPT-4o"
        assert [p.id for p in shown.providers][:2] == ["anthropic", "google"]
    assert made == {("record", "models", "gpt-4o"), ("kind", "providers")}
    with reads.recording() as again:  # the kept list, worked out above, is read again
        assert len(shown.providers) == len(kb.by_kind.raw_get("providers"))
    assert again == {("kind", "providers")}
    with reads.recording() as counted:
        assert shown.offerings_per_provider["openai"] == len(kb.raw_offerings_by("provider", "openai"))
    assert counted == {("kind", "providers"), ("kind", "offerings")}
    with pytest.raises(KeyError):
        shown.get("models", "no-such-model")


def test_a_kept_value_is_worked_out_once_and_its_reads_noted_on_every_use() -> None:
    keep, calls = reads.Kept(), []

    def compute() -> int:
        calls.append(1)
        reads.note("record", "models", "a")
        return 7

    with reads.recording() as first:
        assert keep("x", compute) == 7
    with reads.recording() as second:
        assert keep("x", compute) == 7
    assert len(calls) == 1
    assert first == second == {("record", "models", "a")}


def test_a_read_inside_a_kept_value_is_noted_on_every_use() -> None:
    with reads.recording() as outer:
        with reads.recording() as inner:
            reads.note("record", "models", "a")
        reads.replay({("kind", "sources")})
    assert inner == {("record", "models", "a")}
    assert outer == {("record", "models", "a"), ("kind", "sources")}
    reads.note("record", "models", "b")  # outside any recording: nothing to note into, and no error


def test_the_kb_notes_each_kind_of_read() -> None:
    kb, _ = validate_kb(FIXTURE_KB, TODAY)
    with reads.recording() as made:
        kb.get("models", "gpt-4o")
        kb.offerings_of_model("gpt-4o")
        kb.price_history("openai--gpt-4o")
        kb.claims_of_model("gpt-4o")
        kb.cited_by("models", "gpt-4o")
        assert [m.id for m in kb.models_of_lab("openai")] == ["gpt-4o", "gpt-4o-mini"]
        assert kb.providers
    assert made == {("record", "models", "gpt-4o"), ("offerings", "model", "gpt-4o"), ("price", "openai--gpt-4o"),
                    ("claims", "gpt-4o"), ("cited", "models", "gpt-4o"), ("lab", "openai"), ("kind", "providers")}
    with reads.recording() as walked:
        list(kb.all_entries())
    assert walked == {("all",)}


def test_a_record_moved_inside_its_folder_is_a_change(tmp_path: Path) -> None:
    """The same text in a subfolder of models/ changes the page's edit link, so it is not the same read."""
    shutil.copytree(FIXTURE_KB, tmp_path / "kb")
    kb, _ = validate_kb(tmp_path / "kb", TODAY)
    before = reads.Digests(kb)(("record", "models", "mistral-7b"))
    (tmp_path / "kb" / "models" / "mistral").mkdir()
    (tmp_path / "kb" / "models" / "mistral-7b.yaml").rename(tmp_path / "kb" / "models" / "mistral" / "mistral-7b.yaml")
    moved, _ = validate_kb(tmp_path / "kb", TODAY)
    assert moved.get("models", "mistral-7b") is not None  # records may sit in subfolders of their kind
    assert reads.Digests(moved)(("record", "models", "mistral-7b")) != before
    assert reads.Digests(moved)(("record", "models", "gpt-4o")) == reads.Digests(kb)(("record", "models", "gpt-4o"))


def test_a_page_rendered_without_noting_its_reads_is_never_kept(tmp_path: Path) -> None:
    kb, _ = validate_kb(FIXTURE_KB, TODAY)
    rendered = render_site(kb, tmp_path / "docs", TODAY)  # no cache asked for: reads not noted
    assert all(page.reads is None for page in rendered)
    assert '"pages":{}' in page_cache.to_keep(rendered, tmp_path / "docs", reads.Digests(kb), KEY, api=())


def test_a_model_moved_to_another_lab_changes_both_labs_reads(tmp_path: Path) -> None:
    shutil.copytree(FIXTURE_KB, tmp_path / "kb")
    kb, _ = validate_kb(tmp_path / "kb", TODAY)
    model = tmp_path / "kb" / "models" / "gpt-4o.yaml"
    model.write_text(model.read_text(encoding="utf-8").replace("lab: openai\n", "lab: mistral\n"), encoding="utf-8")
    moved, issues = validate_kb(tmp_path / "kb", TODAY)
    assert not issues
    assert [m.id for m in moved.models_of_lab("mistral")] == ["gpt-4o", "mistral-7b"]
    before, after = reads.Digests(kb), reads.Digests(moved)
    for lab in ("openai", "mistral"):
        assert after(("lab", lab)) != before(("lab", lab))
    assert after(("lab", "google")) == before(("lab", "google"))


def test_a_page_comes_back_from_the_cache_with_the_reads_it_was_rendered_with(tmp_path: Path) -> None:
    """Each page's reads are noted sorted, each once, and come back from the cache in that order: keeping a page
    in the next cache then sorts nothing (to_keep takes them as they are)."""
    kb, _ = validate_kb(FIXTURE_KB, TODAY)
    cache = first_render(FIXTURE_KB, tmp_path)
    rendered = {page.path.relative_to(tmp_path / "second").as_posix(): page for page in
                render_site(kb, tmp_path / "second", TODAY, reuse={})}
    model = rendered["models/gpt-4o.md"].reads
    assert model is not None and ("record", "models", "gpt-4o") in model
    assert all(page.reads == tuple(sorted(set(page.reads or ()))) for page in rendered.values())
    kept = page_cache.reusable(cache, reads.Digests(kb), KEY).pages
    assert kept.keys() == rendered.keys()
    assert all(page.reads == rendered[path].reads for path, page in kept.items())
