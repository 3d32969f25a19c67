"""`kb serve`'s re-render: which record files it re-reads and which pages it rewrites after one record changes."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import TODAY, repository_with_edited_nav

from generators.cli import main
from generators.kb.issues import KBUsageError
from generators.kb.validate import validate_kb
from generators.site.export import write_api
from generators.site.preview import Preview, Records
from tests.benchmarks.preview_timing import fetch, free_port


def page_times(docs: Path) -> dict[Path, int]:
    return {page: page.stat().st_mtime_ns for page in docs.rglob("*.md")}


def test_editing_a_model_description_rewrites_only_that_models_page(scratch_kb: Path, tmp_path: Path) -> None:
    preview = Preview(Records(scratch_kb), tmp_path / "docs", TODAY)
    assert preview.start()
    before = page_times(tmp_path / "docs")
    record = scratch_kb / "models" / "claude-sonnet-4.yaml"
    record.write_text(record.read_text(encoding="utf-8").replace("code-generation leader", "code-writing leader"),
                      encoding="utf-8")
    _, issues, changed = preview.records.validate(TODAY, preview.records.stamps())
    assert changed == {("models", "claude-sonnet-4")} and not issues
    assert preview.update(preview.records.stamps())
    after = page_times(tmp_path / "docs")
    page = tmp_path / "docs" / "models" / "claude-sonnet-4.md"
    assert {path for path in after if after[path] != before[path]} == {page}
    assert "code-writing leader" in page.read_text(encoding="utf-8")


def test_an_edit_rewrites_only_the_api_files_it_changes_with_the_bytes_of_a_fresh_export(scratch_kb: Path,
                                                                                         tmp_path: Path) -> None:
    preview = Preview(Records(scratch_kb), tmp_path / "docs", TODAY)
    assert preview.start()
    api = tmp_path / "docs" / "api" / "v1"
    for file in api.rglob("*.json"):
        os.utime(file, ns=(1, 1))  # a file written again gets the time of its writing
    parts = dict(preview.api_parts)
    record = scratch_kb / "models" / "claude-sonnet-4.yaml"
    record.write_text(record.read_text(encoding="utf-8").replace("code-generation leader", "code-writing leader"),
                      encoding="utf-8")
    assert preview.update(preview.records.stamps())
    files = sorted(api.rglob("*.json"))
    # the description is in the model's record, not in the catalogue's entry for it
    assert [file.relative_to(api).as_posix() for file in files if file.stat().st_mtime_ns != 1] == ["models.json"]
    assert "code-writing leader" in (api / "models.json").read_text(encoding="utf-8")
    # each record's JSON is made again only when what it read changed
    assert preview.api_parts[("record", "models", "gpt-4o")] is parts[("record", "models", "gpt-4o")]
    assert preview.api_parts[("record", "models", "claude-sonnet-4")] != parts[("record", "models", "claude-sonnet-4")]
    kb, issues = validate_kb(scratch_kb, TODAY)
    assert not issues
    fresh = tmp_path / "fresh"
    write_api(kb, fresh, TODAY)
    exported = sorted(fresh.rglob("*.json"))
    assert len(exported) > 10  # every kind, the catalogue, the index and the schemas (coverage.json is the page's)
    for file in exported:
        assert file.read_bytes() == (api / file.relative_to(fresh)).read_bytes(), file


def test_renaming_a_model_also_rewrites_the_pages_that_list_it(scratch_kb: Path, tmp_path: Path) -> None:
    preview = Preview(Records(scratch_kb), tmp_path / "docs", TODAY)
    assert preview.start()
    record = scratch_kb / "models" / "claude-sonnet-4.yaml"
    record.write_text(record.read_text(encoding="utf-8").replace("name: Claude Sonnet 4\n", "name: Sonnet Four\n"),
                      encoding="utf-8")
    assert preview.update(preview.records.stamps())
    for page in ("models/claude-sonnet-4.md", "models/index.md", "providers/anthropic.md"):
        assert "Sonnet Four" in (tmp_path / "docs" / page).read_text(encoding="utf-8"), page


def served_within(url: str, text: str, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if text in fetch(url):
            return True
        time.sleep(0.2)
    return False


@contextmanager
def kb_serve(kb_root: Path, temporary: Path | None = None) -> Iterator[str]:
    """`kb serve` on a free port for the fixture's day (its private folder made in `temporary`, when given); yields
    its address, and stops it afterwards."""
    port = free_port()
    server = subprocess.Popen([str(Path(sys.executable).with_name("kb")), "serve", "--kb", str(kb_root), "--port",
                               str(port), "--today", TODAY.isoformat()],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              env={**os.environ, "TMPDIR": str(temporary)} if temporary else None)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=30)


@pytest.mark.parametrize("old, new", [("name: Claude Sonnet 4\n", "name: Sonnet Four\n"),
                                      ("code-generation leader", "code-writing leader")])
def test_after_an_edit_only_pages_whose_reads_changed_are_rendered_again_and_every_page_is_current(
        scratch_kb: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, old: str, new: str) -> None:
    from generators.kb.validate import validate_kb
    from generators.site import render

    preview = Preview(Records(scratch_kb), tmp_path / "docs", TODAY)
    assert preview.start()
    record = scratch_kb / "models" / "claude-sonnet-4.yaml"
    record.write_text(record.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    made: list[str] = []
    write_page = render.write_page

    def noting(*args: Any, **kwargs: Any) -> render.Rendered:
        page = write_page(*args, **kwargs)
        made.append(page.path.relative_to(tmp_path / "docs").as_posix())
        return page

    monkeypatch.setattr(render, "write_page", noting)
    assert preview.update(preview.records.stamps())
    monkeypatch.undo()
    kb, _ = validate_kb(scratch_kb, TODAY)
    render.render_site(kb, tmp_path / "fresh", TODAY)
    fresh = {page.relative_to(tmp_path / "fresh").as_posix() for page in (tmp_path / "fresh").rglob("*.md")}
    assert all((tmp_path / "docs" / page).read_text(encoding="utf-8") ==
               (tmp_path / "fresh" / page).read_text(encoding="utf-8") for page in fresh)
    assert made[0] == "models/claude-sonnet-4.md"  # its own page first
    # Mistral's and Google's pages, and Mistral 7B's, show nothing of Anthropic's model: not rendered again
    assert {"providers/mistral.md", "providers/google.md", "models/mistral-7b.md"}.isdisjoint(made)


def test_kb_serve_serves_pages_at_the_root_of_its_address_and_shows_an_edit(scratch_kb: Path,
                                                                           tmp_path: Path) -> None:
    # The published site lives under a project path (site_url); the preview must not inherit it, or every page
    # the contributor opens is a 404.
    with kb_serve(scratch_kb, tmp_path) as address:
        page = f"{address}/models/claude-sonnet-4.html"
        assert served_within(page, "code-generation leader", 120)
        record = scratch_kb / "models" / "claude-sonnet-4.yaml"
        record.write_text(record.read_text(encoding="utf-8").replace("code-generation leader", "code-writing leader"),
                          encoding="utf-8")
        assert served_within(page, "code-writing leader", 60)
        # mkdocs compiled Material's templates once, into the session's folder, for every rebuild to load
        compiled = [file.name for file in tmp_path.glob("kb-serve-*/templates/*")]
        assert len(compiled) > 20 and all(name.startswith("__jinja2_") for name in compiled)


def test_kb_serve_uses_the_repositorys_own_mkdocs_yml_and_site_folder(tmp_path: Path) -> None:
    """A KB beside an edited root mkdocs.yml and this repository's site/: the preview shows the edited navigation
    and the hand-written About page, as `kb build` does (test_site_files)."""
    with kb_serve(repository_with_edited_nav(tmp_path / "repository")) as address:
        assert served_within(f"{address}/index.html", "Prices, edited at the root", 120)
        assert served_within(f"{address}/about.html", "About Frontier Landscape", 30)


def test_a_model_page_is_made_without_the_whole_catalog(scratch_kb: Path, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """A preview re-renders the edited model's page first: from its own records, not from summaries of every
    record (the catalog took 0.26 s of a 0.27 s page at 1,000 models). Its backlinks are the records citing it."""
    from generators.kb.validate import validate_kb
    from generators.site import catalog_view
    from generators.site.render import render_pages

    def no_catalog(*args: object) -> None:
        raise AssertionError("the whole catalog was built for one model page")

    monkeypatch.setattr(catalog_view, "catalog", no_catalog)
    kb, _ = validate_kb(scratch_kb, TODAY)
    render_pages(kb, tmp_path / "docs", TODAY, wanted={"models/gpt-4o.md"}.__contains__)
    page = (tmp_path / "docs" / "models" / "gpt-4o.md").read_text(encoding="utf-8")
    assert "GPT-4o on MMLU (OpenAI, 2024-05-13)" in page and "GPT-4o at OpenAI" in page


def test_kb_serve_names_a_kind_folder_linked_out_of_the_kb_instead_of_a_traceback(scratch_kb: Path) -> None:
    shutil.rmtree(scratch_kb / "benchmarks")
    (scratch_kb / "benchmarks").symlink_to(scratch_kb.parent / "nowhere")
    result = CliRunner().invoke(main, ["serve", "--kb", str(scratch_kb), "--port", "1", "--today", TODAY.isoformat()])
    assert result.exit_code == 2 and not isinstance(result.exception, KBUsageError)
    assert f"{scratch_kb / 'benchmarks'} is a symbolic link to {scratch_kb.parent / 'nowhere'}, outside the KB" in \
        result.output


def test_a_change_under_the_kb_wakes_the_preview_and_a_file_system_without_notices_leaves_it_to_the_poll(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from watchdog.observers import Observer

    from generators.site.preview import woken_on_change

    with woken_on_change(tmp_path) as changed:
        (tmp_path / "models.yaml").write_text("id: x\n", encoding="utf-8")
        assert changed.wait(30)  # set by the notice, long before the test's patience runs out

    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError(28, "inotify watch limit reached")

    monkeypatch.setattr(Observer, "schedule", refuse)
    with woken_on_change(tmp_path) as changed:
        (tmp_path / "models.yaml").write_text("id: y\n", encoding="utf-8")
        assert not changed.wait(0.5)  # no notices: the serve loop's poll finds the change
