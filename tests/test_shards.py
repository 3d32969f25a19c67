"""A build split across mkdocs processes publishes the very bytes of a one-process build, and fails like one.

The split (generators/site/shards.py) is an optimisation only: these tests force it onto the small fixture KB.
"""

from __future__ import annotations

import filecmp
import json
import os
import shutil
import time
from pathlib import Path

import pytest
from conftest import FIXTURE_KB, HOSTILE, TODAY, repository_with_page
from hypothesis import given
from hypothesis import strategies as st
from mkdocs.structure.files import File, Files, InclusionLevel

from generators import forked
from generators.site import linkcheck, shard_pages, shards
from generators.site.build import BuildError, build


def files(site: Path) -> set[str]:
    return {str(path.relative_to(site)) for path in site.rglob("*") if path.is_file()}


def works(docs: Path) -> dict[str, int]:
    return {path.relative_to(docs).as_posix(): shards.work(path.read_text(encoding="utf-8"))
            for path in docs.rglob("*.md")}


@pytest.fixture(scope="module")
def kb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("shards") / "kb"
    shutil.copytree(FIXTURE_KB, root)
    shutil.copy(HOSTILE, root / "models")
    return root


def test_a_sharded_build_publishes_the_same_bytes_as_one_process(kb: Path, tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    build(kb, tmp_path / "one", TODAY, jobs=1)
    monkeypatch.setattr(shards, "SHARD_WEIGHT", 1)  # split even this small site
    docs = tmp_path / "docs"
    build(kb, tmp_path / "three", TODAY, jobs=3, docs=docs)
    assert len(shards.plan(works(docs), 3)) == 3
    one, three = files(tmp_path / "one"), files(tmp_path / "three")
    assert one == three
    differ = [name for name in sorted(one) if not filecmp.cmp(tmp_path / "one" / name, tmp_path / "three" / name,
                                                             shallow=False)]
    assert differ == []
    index = json.loads((tmp_path / "three" / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert any(entry["location"] == "models/claude-sonnet-4.html" for entry in index["docs"])
    assert [p for p in tmp_path.iterdir() if "shard" in p.name] == []  # the shards' own sites are gone


def test_a_hand_written_page_beside_the_kb_is_built_by_a_sharded_build(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """The site's own pages (site/pages, site_files.py) are no record's: a shard must still own each one, or no
    mkdocs process builds it and every link to it is broken (the real KB's about page was)."""
    kb_root = repository_with_page(tmp_path / "repo", "# About\n\nSee [the models](models/index.md).\n")
    build(kb_root, tmp_path / "one", TODAY, jobs=1)
    monkeypatch.setattr(shards, "SHARD_WEIGHT", 1)
    build(kb_root, tmp_path / "three", TODAY, jobs=3)
    assert "See <a href=\"models/index.html\">the models</a>" in (tmp_path / "three" / "about.html").read_text(
        encoding="utf-8")
    one, three = files(tmp_path / "one"), files(tmp_path / "three")
    assert one == three
    assert [name for name in sorted(one) if not filecmp.cmp(tmp_path / "one" / name, tmp_path / "three" / name,
                                                           shallow=False)] == []


def test_a_failing_shard_fails_the_build_and_publishes_nothing(kb: Path, tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shards, "SHARD_WEIGHT", 1)
    out = tmp_path / "public"
    out.mkdir()
    (out / "old.html").write_text("the site before", encoding="utf-8")
    (out / ".kb-build").write_text("", encoding="utf-8")  # an earlier build's own folder
    real_plan, docs = shards.plan, tmp_path / "docs"

    def plan_with_a_broken_page(counts: dict[str, int], jobs: int) -> list[list[str]]:
        planned = real_plan(counts, jobs)
        page = planned[-1][0]  # a page the last shard (which reads the docs folder itself) owns
        with (docs / page).open("a", encoding="utf-8") as text:
            text.write("\n[a link to nowhere](no-such-page.md)\n")
        return planned

    monkeypatch.setattr("generators.site.build.plan", plan_with_a_broken_page)
    with pytest.raises(BuildError, match=r"no-such-page\.md"):
        build(kb, out, TODAY, jobs=2, docs=docs)
    assert files(out) == {"old.html", ".kb-build"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["docs", "public"]


def test_the_pages_of_a_shard_that_ends_first_are_read_while_another_runs_and_still_checked(tmp_path: Path) -> None:
    """The link check's reading of the first shard to end is taken at once (a CPU idles until the last one ends);
    the last one's pages are left to the check, which reads them with the rest, and judges every page alike."""
    first, last = tmp_path / "first", tmp_path / "last"
    first.mkdir()
    last.mkdir()
    (first / "a.html").write_text('<a href="b.html#nowhere">b</a><a href="https://example.com">e</a>',
                                  encoding="utf-8")
    (last / "b.html").write_text('<p id="k"></p><a href="gone.html">g</a>', encoding="utf-8")
    early = linkcheck.EarlyReads([first, last], [["a.md"], ["b.md"]])
    early.done(0)  # the other shard still runs
    assert early.read == {"a.html": (["b.html#nowhere"], set())}
    early.done(1)  # the last to end: nothing more is read early
    assert early.read.keys() == {"a.html"}
    os.replace(last / "b.html", first / "b.html")  # the merge
    assert linkcheck.broken_in(*linkcheck.read_pages(first, 1, early.read), "/") == [
        "a.html: b.html#nowhere (no such anchor)", "b.html: gone.html"]


def test_the_plan_gives_every_page_to_one_shard_and_balances_their_work() -> None:
    counts = {f"p{number}.md": 2 * 500 * number for number in range(40)} | {"index.md": 0}
    planned = shards.plan(counts, 2)
    assert len(planned) == 2 and planned == shards.plan(dict(reversed(counts.items())), 2)
    assert sorted(page for shard in planned for page in shard) == sorted(counts)
    loads = [sum(shards.PAGE_WEIGHT + counts[page] for page in shard) for shard in planned]
    assert abs(loads[0] - loads[1]) <= 2 * 500 * 39  # within the heaviest page
    assert shards.plan(counts, 1) == [sorted(counts)]


def test_a_pages_work_counts_its_tags_and_weighs_each_markdown_link_and_prose_character() -> None:
    assert shards.work("") == 0
    assert shards.work("# Title\n\nNo markup.\n") == 0  # a typical page's prose: in the fixed cost
    assert shards.work("<table><tr><td>x</td></tr></table>\n") == 6
    assert shards.work("See [a](a.md) and [b](b.md#x).\n") == 2 * 270
    assert shards.work("<p>[a](a.md)</p>\n") == 2 + 270
    # past 20,000 characters of prose (lines not starting with raw HTML, an indented tag included), 2 each
    assert shards.work("x" * 19_999 + "\n" + "<p>" + "y" * 5_000 + "</p>\n") == 2
    assert shards.work("x" * 20_000 + "\n" + " <p>z</p>\n") == 2 + 2 * len(" <p>z</p>")
    assert shards.work("x" * 20_001) == 2


def test_small_sites_stay_in_one_process() -> None:
    assert len(shards.plan({"index.md": 200, "other.md": 200}, 8)) == 1
    assert len(shards.plan({f"p{n}.md": shards.SHARD_WEIGHT for n in range(10)}, 8)) == 8


def test_page_order_is_mkdocs_order(tmp_path: Path) -> None:
    for name in ("b.md", "index.md", "a.md", "sub/index.md", "sub/a.md", "zz/index.md", "asset.css"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("# x\n", encoding="utf-8")
    assert shards.page_order(tmp_path) == ["index.md", "a.md", "b.md", "sub/index.md", "sub/a.md", "zz/index.md"]


PAGE_NAME = st.text(alphabet="ab *?[]!#\\-", min_size=1, max_size=6).map(lambda name: f"{name}.md")


def docs_files(names: list[str]) -> Files:
    return Files([File(name, src_dir="/docs", dest_dir="/site", use_directory_urls=False) for name in names])


@given(st.lists(st.tuples(st.sampled_from(["", "models/", "x y/"]), PAGE_NAME), min_size=1, max_size=12, unique=True),
       st.data())
def test_a_shard_leaves_out_exactly_the_pages_it_does_not_own(named: list[tuple[str, str]],
                                                             data: st.DataObject) -> None:
    """Whatever the names hold (gitignore's special characters included), exactly the owned pages stay in, and no
    asset is touched."""
    order = [folder + name for folder, name in named]
    owned = data.draw(st.lists(st.sampled_from(order), unique=True))
    files = docs_files([*order, "assets/extra.css", "api/v1/models.json"])
    shard_pages.leave_out(files, set(owned))
    excluded = [f.src_uri for f in files if f.inclusion == InclusionLevel.EXCLUDED]
    assert excluded == [page for page in order if page not in owned]
    assert all(f.inclusion == InclusionLevel.UNDEFINED for f in files if f.src_uri in owned or
               not f.src_uri.endswith(".md"))


def test_the_plugin_reads_the_owned_pages_from_the_file_the_build_names(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    names = ["index.md", "models/m1.md", "models/m2.md", "models/m3.md"]
    plugin = shard_pages.ShardPages()
    monkeypatch.delenv(shards.OWNED_PAGES, raising=False)
    untouched = plugin.on_files(docs_files(names), config=None)  # type: ignore[arg-type]  # unused by the plugin
    assert {f.inclusion for f in untouched} == {InclusionLevel.UNDEFINED}  # a plain mkdocs build: everything
    monkeypatch.setenv(shards.OWNED_PAGES, str(shards.owning(["models/m2.md"], tmp_path / "owned.json")))
    files = plugin.on_files(docs_files(names), config=None)  # type: ignore[arg-type]
    assert [f.src_uri for f in files if f.inclusion == InclusionLevel.EXCLUDED] == [
        "index.md", "models/m1.md", "models/m3.md"]


def test_turns_return_results_in_order_and_share_the_work() -> None:
    def work(number: int) -> tuple[int, int]:
        time.sleep(0.01)  # long enough for the child to start before the parent has taken every item
        return number, os.getpid()

    pids = forked.take_turns(list(range(60)), work, 2)
    assert [n for n, _ in pids] == list(range(60))
    assert len({pid for _, pid in pids}) == 2


def test_a_failing_turn_raises_in_the_caller() -> None:
    parent = os.getpid()

    def work(number: int) -> int:
        if os.getpid() != parent:  # fails in the child, so the exception must travel back
            raise ValueError(f"page {number} is broken")
        time.sleep(0.02)  # leave items for the child
        return number

    with pytest.raises(ValueError, match=r"page \d+ is broken"):
        forked.take_turns(list(range(20)), work, 2)


def test_a_part_that_dies_is_reported() -> None:
    with pytest.raises(forked.PartFailed, match="died"):
        forked.run_parts([lambda: 1, lambda: os._exit(3)])


def test_kb_build_takes_a_process_count(kb: Path, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from generators.cli import main

    result = CliRunner().invoke(main, ["build", "--kb", str(kb), "--out", str(tmp_path / "site"), "--jobs", "1",
                                       "--today", TODAY.isoformat()])
    assert result.exit_code == 0, result.output
    assert "in 1 process(es)" in result.output and (tmp_path / "site" / "index.html").exists()
    refused = CliRunner().invoke(main, ["build", "--kb", str(kb), "--jobs", "0"])
    assert refused.exit_code == 2 and "--jobs" in refused.output
