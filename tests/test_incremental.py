"""A build that reuses the previous build's pages publishes the very bytes of a clean build (incremental.py)."""

from __future__ import annotations

import datetime
import filecmp
import json
import os
import re
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURE_KB, TODAY, repository_with_page

from generators.kb import parse_cache
from generators.kb.issues import KBUsageError
from generators.kb.validate import validate_kb
from generators.site import incremental, linkcheck, shards
from generators.site.build import BuildError, build


def files(site: Path) -> set[str]:
    return {str(path.relative_to(site)) for path in site.rglob("*") if path.is_file()}


def differing(one: Path, other: Path) -> list[str]:
    assert files(one) == files(other)
    return [name for name in sorted(files(one)) if not filecmp.cmp(one / name, other / name, shallow=False)]


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def kb(tmp_path: Path) -> Path:
    root = tmp_path / "kb"
    shutil.copytree(FIXTURE_KB, root)
    return root


def test_a_build_after_three_record_changes_reuses_the_rest_and_matches_a_clean_build(kb: Path,
                                                                                        tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first = build(kb, tmp_path / "site", TODAY, cache=cache)
    assert first.reused is None  # nothing to reuse yet
    edit(kb / "models" / "gpt-4o.yaml", "name: GPT-4o", "name: GPT-4o (edited)")
    edit(kb / "providers" / "mistral.yaml", "name: Mistral AI", "name: Mistral AI (edited)")
    edit(kb / "benchmarks" / "mmlu.yaml", "name: MMLU", "name: MMLU (edited)")
    again = build(kb, tmp_path / "site", TODAY, cache=cache)
    clean = build(kb, tmp_path / "clean", TODAY)
    assert again.reused is not None and 0 < again.reused < clean.pages
    # Mistral 7B's model page reads none of the three: not rendered again; the home page reads them all
    assert first.not_rendered == 0 and 0 < again.not_rendered < clean.pages
    assert differing(tmp_path / "site", tmp_path / "clean") == []
    assert "GPT-4o (edited)" in (tmp_path / "site" / "models" / "gpt-4o.html").read_text(encoding="utf-8")
    # what the benchmark prints of each build: validation is part of generation, and only a cached build keeps
    assert all(0 < report.validate_seconds < report.render_seconds for report in (first, again, clean))
    assert first.upkeep_seconds > 0 and again.upkeep_seconds > 0 and clean.upkeep_seconds == 0
    kb_now, _ = validate_kb(kb, TODAY)  # the next build parses only the files changed since this one
    assert len(parse_cache.read(cache / "records.pickle")) == len(kb_now.entries)


def test_changed_pages_built_in_two_processes_match_a_clean_build(kb: Path, tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """The same three changes, the changed pages split between two mkdocs processes (the shard weight lowered so
    this small site splits): a page in a folder only the second process writes into still lands."""
    cache = tmp_path / "cache"
    build(kb, tmp_path / "site", TODAY, cache=cache)
    edit(kb / "models" / "gpt-4o.yaml", "name: GPT-4o", "name: GPT-4o (edited)")
    edit(kb / "providers" / "mistral.yaml", "name: Mistral AI", "name: Mistral AI (edited)")
    edit(kb / "benchmarks" / "mmlu.yaml", "name: MMLU", "name: MMLU (edited)")
    monkeypatch.setattr(shards, "SHARD_WEIGHT", 1)
    again = build(kb, tmp_path / "site", TODAY, cache=cache, jobs=2)
    assert again.reused is not None and len(again.shard_seconds) == 2
    clean = tmp_path / "clean"
    build(kb, clean, TODAY, jobs=1)
    assert differing(tmp_path / "site", clean) == []
    assert [p for p in tmp_path.iterdir() if "shard" in p.name] == []  # the second process's site is gone


def sitemap(site: Path) -> list[str]:
    return re.findall(r"<loc>[^<]*/([^/<]+/[^/<]+)</loc>", (site / "sitemap.xml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_record_added_then_removed_rebuilds_only_changed_pages_and_matches_a_clean_build(
        kb: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: int) -> None:
    """A new record is a new page: the set of pages changes, and with it the sitemap, which the process converting
    the changed pages writes for the whole folder (with two, the first; the shard weight lowered so this small site
    splits). Removing the record again takes its page out of the sitemap and the search index."""
    monkeypatch.setattr(shards, "SHARD_WEIGHT", 1)
    cache = tmp_path / "cache"
    first = build(kb, tmp_path / "site", TODAY, cache=cache, jobs=jobs)
    shutil.copy(kb / "benchmarks" / "mmlu.yaml", kb / "benchmarks" / "mmlu-copy.yaml")
    edit(kb / "benchmarks" / "mmlu-copy.yaml", "id: mmlu", "id: mmlu-copy")
    added = build(kb, tmp_path / "site", TODAY, cache=cache, jobs=jobs)
    assert added.reused is not None and 0 < added.reused < first.pages  # the model pages are the cache's
    assert added.pages == first.pages + 1
    build(kb, tmp_path / "clean", TODAY, jobs=1)
    assert differing(tmp_path / "site", tmp_path / "clean") == []
    assert "benchmarks/mmlu-copy.html" in sitemap(tmp_path / "site")
    (kb / "benchmarks" / "mmlu-copy.yaml").unlink()
    removed = build(kb, tmp_path / "site", TODAY, cache=cache, jobs=jobs)
    assert removed.reused is not None and removed.pages == first.pages
    shutil.rmtree(tmp_path / "clean")
    build(kb, tmp_path / "clean", TODAY, jobs=1)
    assert differing(tmp_path / "site", tmp_path / "clean") == []
    assert "benchmarks/mmlu-copy.html" not in sitemap(tmp_path / "site")
    assert "mmlu-copy" not in (tmp_path / "site" / "search" / "search_index.json").read_text(encoding="utf-8")


def test_a_page_removed_with_none_changed_still_runs_mkdocs_and_the_check_finds_the_links_into_it(
        kb: Path, tmp_path: Path) -> None:
    """No page changed but one is gone: mkdocs runs owning no page (the search index and the sitemap lose it), and
    the link check, every cached file no longer there, reads the whole site and names the pages linking to it."""
    from generators.site.build import base_config, build_changed

    cache = tmp_path / "cache"
    build(kb, tmp_path / "site", TODAY, cache=cache)
    docs = tmp_path / "docs"
    shutil.copytree(cache / "docs", docs)
    (docs / "models" / "mistral-7b.md").unlink()
    (tmp_path / "private").mkdir()
    with base_config() as base, pytest.raises(BuildError, match=r"models/mistral-7b\.html") as failed:
        build_changed(docs, base, tmp_path / "private", tmp_path / "staging", incremental.Cache(cache),
                      (incremental.Changes([], False, shards.page_order(docs)), []), "/")
    assert "providers/mistral.html: " in str(failed.value)  # Mistral's page lists it
    listed = sitemap(tmp_path / "staging")
    assert "models/gpt-4o.html" in listed and "models/mistral-7b.html" not in listed


DEC_1, DEC_2 = "1764547200", "1764633600"
"""2025-12-01 and 2025-12-02 at 00:00 UTC, as SOURCE_DATE_EPOCH: the day mkdocs stamps the sitemap with."""


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_cache_of_the_day_before_serves_its_pages_and_the_sitemap_gets_the_new_day(
        kb: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: int) -> None:
    """Only the sitemap shows mkdocs' day: the daily deploy, its Markdown unchanged, converts no page, yet publishes
    a clean build's bytes, the sitemap (and its .gz, whose header holds the day) of the new day."""
    monkeypatch.setattr(shards, "SHARD_WEIGHT", 1)
    cache = tmp_path / "cache"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", DEC_1)
    first = build(kb, tmp_path / "site", TODAY, cache=cache, jobs=jobs)
    assert set(re.findall(r"<lastmod>([^<]*)<", (tmp_path / "site" / "sitemap.xml").read_text())) == {"2025-12-01"}
    monkeypatch.setenv("SOURCE_DATE_EPOCH", DEC_2)
    again = build(kb, tmp_path / "site", TODAY, cache=cache, jobs=jobs)
    assert again.reused == first.pages and len(again.shard_seconds) == 1  # one mkdocs run, for the sitemap alone
    build(kb, tmp_path / "clean", TODAY, jobs=1)
    assert differing(tmp_path / "site", tmp_path / "clean") == []
    assert set(re.findall(r"<lastmod>([^<]*)<", (tmp_path / "site" / "sitemap.xml").read_text())) == {"2025-12-02"}
    third = build(kb, tmp_path / "site", TODAY, cache=cache, jobs=jobs)  # the same day again: the cached site
    assert third.shard_seconds == [] and differing(tmp_path / "site", tmp_path / "clean") == []


def test_a_change_on_the_day_after_converts_the_changed_pages_and_writes_the_new_days_sitemap(
        kb: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "cache"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", DEC_1)
    first = build(kb, tmp_path / "site", TODAY, cache=cache)
    edit(kb / "models" / "gpt-4o.yaml", "name: GPT-4o", "name: GPT-4o (edited)")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", DEC_2)
    again = build(kb, tmp_path / "site", TODAY, cache=cache)
    assert again.reused is not None and 0 < again.reused < first.pages
    build(kb, tmp_path / "clean", TODAY)
    assert differing(tmp_path / "site", tmp_path / "clean") == []


def test_the_day_a_cached_site_is_stamped_with_is_read_from_its_sitemap(tmp_path: Path) -> None:
    assert incremental.stamped_day(tmp_path) is None  # no sitemap: never taken for this day's
    (tmp_path / "sitemap.xml").write_text("<urlset><url><loc>x</loc><lastmod>2025-12-01</lastmod></url></urlset>")
    assert incremental.stamped_day(tmp_path) == "2025-12-01"
    (tmp_path / "sitemap.xml").write_text("<urlset></urlset>")
    assert incremental.stamped_day(tmp_path) is None


def test_a_folder_the_build_did_not_write_is_refused_as_a_cache(kb: Path, tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "important.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(KBUsageError, match="holds files a build did not write"):
        build(kb, tmp_path / "site", TODAY, cache=notes)
    assert (notes / "important.txt").read_text(encoding="utf-8") == "keep me"


def test_the_link_check_reads_only_the_pages_mkdocs_wrote(kb: Path, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """The pages an incremental build takes from the cache are not read again: their targets and ids come from
    the cache's links.json. Which pages changed is told by the two builds' Markdown, compared here."""
    cache = tmp_path / "cache"
    build(kb, tmp_path / "site", TODAY, docs=tmp_path / "docs-1", cache=cache, jobs=1)
    edit(kb / "benchmarks" / "mmlu.yaml", "name: MMLU", "name: MMLU (edited)")
    read: list[str] = []
    real = linkcheck._read
    monkeypatch.setattr(linkcheck, "_read", lambda root, page: read.append(page) or real(root, page))
    again = build(kb, tmp_path / "site", TODAY, docs=tmp_path / "docs-2", cache=cache, jobs=1)
    changed = {str(Path(page).with_suffix("")) for page in files(tmp_path / "docs-2")
               if page.endswith(".md") and not filecmp.cmp(tmp_path / "docs-1" / page, tmp_path / "docs-2" / page,
                                                             shallow=False)}
    assert "benchmarks/mmlu" in changed and again.reused is not None
    written = {name.removesuffix("/index") + ("/index.html" if name.endswith("index") else ".html")
               for name in changed}
    assert set(read) == {page.replace("index/index.html", "index.html") for page in written} | {"404.html"}


def tamper(cache: Path, page: str, target: str) -> None:
    """Give a page of the cached build a link its check would have refused (a page the next build keeps)."""
    stored = json.loads((cache / "links.json").read_text(encoding="utf-8"))
    stored[page][0].append(target)
    (cache / "links.json").write_text(json.dumps(stored), encoding="utf-8")


def test_an_incremental_build_checks_only_what_the_rewritten_pages_can_break(kb: Path, tmp_path: Path,
                                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """Every file of the cached site is still there after a record edit, so the check is the limited one, and the
    kept pages it looks at are only those linking to a rewritten page."""
    cache = tmp_path / "cache"
    build(kb, tmp_path / "site", TODAY, cache=cache)
    edit(kb / "benchmarks" / "mmlu.yaml", "name: MMLU", "name: MMLU (edited)")
    limited: list[set[str]] = []
    real = linkcheck.since_change
    monkeypatch.setattr(linkcheck, "since_change", lambda parsed, changed: limited.append(set(changed)) or
                        real(parsed, changed))
    build(kb, tmp_path / "site", TODAY, cache=cache)
    assert len(limited) == 1 and "benchmarks/mmlu.html" in limited[0]
    assert "attention/mha.html" not in limited[0] and len(limited[0]) < len(files(tmp_path / "site"))


def test_a_kept_page_linking_to_an_anchor_a_rewritten_page_lost_fails_the_build(kb: Path, tmp_path: Path) -> None:
    """Only the rewritten pages and the links into them are checked again, and a kept page's link into one is."""
    cache = tmp_path / "cache"
    build(kb, tmp_path / "site", TODAY, cache=cache)
    tamper(cache, "attention/mha.html", "../benchmarks/mmlu.html#no-such-section")
    edit(kb / "benchmarks" / "mmlu.yaml", "name: MMLU", "name: MMLU (edited)")
    with pytest.raises(BuildError, match=r"attention/mha.html: \.\./benchmarks/mmlu.html#no-such-section"):
        build(kb, tmp_path / "site", TODAY, cache=cache)


def test_a_kept_page_linking_to_a_file_the_build_no_longer_has_fails_the_build(kb: Path, tmp_path: Path) -> None:
    """A file of the cached site gone from this one: every link is checked again, the kept pages' too."""
    cache = tmp_path / "cache"
    build(kb, tmp_path / "site", TODAY, cache=cache)
    (cache / "site" / "attention" / "old-chart.svg").write_text("<svg/>", encoding="utf-8")
    tamper(cache, "attention/mha.html", "old-chart.svg")
    edit(kb / "benchmarks" / "mmlu.yaml", "name: MMLU", "name: MMLU (edited)")
    with pytest.raises(BuildError, match=r"attention/mha.html: old-chart.svg"):
        build(kb, tmp_path / "site", TODAY, cache=cache)


def test_a_page_is_the_same_when_it_is_the_cached_file_or_holds_its_bytes(tmp_path: Path) -> None:
    cached = tmp_path / "cached.md"
    cached.write_text("# Page\n\n| a |\n", encoding="utf-8")
    linked, copied, edited = tmp_path / "linked.md", tmp_path / "copied.md", tmp_path / "edited.md"
    os.link(cached, linked)
    copied.write_text("# Page\n\n| a |\n", encoding="utf-8")
    edited.write_text("# Page\n\n| b |\n", encoding="utf-8")  # the same size, one byte apart
    assert incremental.same_bytes(linked, cached) and incremental.same_bytes(copied, cached)
    assert not incremental.same_bytes(edited, cached)
    assert not incremental.same_bytes(tmp_path / "missing.md", cached)


def test_a_build_with_nothing_changed_runs_no_mkdocs_and_publishes_the_same_bytes(kb: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    build(kb, tmp_path / "site", TODAY, cache=cache)
    again = build(kb, tmp_path / "site", TODAY, cache=cache)
    clean = build(kb, tmp_path / "clean", TODAY)
    assert again.shard_seconds == [] and again.reused == clean.pages  # the cached site, every file of it
    assert differing(tmp_path / "site", tmp_path / "clean") == []


def same_file(one: Path, other: Path) -> bool:
    """Whether two paths are one file (a hard link): taken from the cache, not written again."""
    return (one.stat().st_ino, one.stat().st_dev) == (other.stat().st_ino, other.stat().st_dev)


CATALOG, FEED, COVERAGE = "api/v1/catalog.json", "changelog.xml", "api/v1/coverage.json"


def test_with_no_record_changed_no_page_is_rendered_and_the_json_api_is_the_caches(kb: Path, tmp_path: Path) -> None:
    """Every page is taken from the cache, the changelog and the Coverage page with the files they write (the feed,
    coverage.json), and the JSON API, which reads every record, with them: the cache's own files, linked."""
    cache = tmp_path / "cache"
    first = build(kb, tmp_path / "site", TODAY, docs=tmp_path / "first", cache=cache)
    again = build(kb, tmp_path / "site", TODAY, docs=tmp_path / "again", cache=cache)
    assert first.not_rendered == 0 and again.not_rendered == again.pages == first.pages
    for name in (CATALOG, FEED, COVERAGE, "api/v1/models.json", "api/v1/schemas/model.schema.json"):
        assert same_file(tmp_path / "first" / name, tmp_path / "again" / name), name
    build(kb, tmp_path / "clean", TODAY)
    assert differing(tmp_path / "site", tmp_path / "clean") == []


def test_any_record_changed_writes_the_json_api_again(kb: Path, tmp_path: Path) -> None:
    """One benchmark renamed: the API is written again, whole (its models.json too, which the name is not in), and it
    is a clean build's. The Coverage page reads no benchmark: it and its JSON are still the cache's."""
    cache = tmp_path / "cache"
    build(kb, tmp_path / "site", TODAY, docs=tmp_path / "first", cache=cache)
    edit(kb / "benchmarks" / "mmlu.yaml", "name: MMLU", "name: MMLU (edited)")
    build(kb, tmp_path / "site", TODAY, docs=tmp_path / "again", cache=cache)
    for name in (CATALOG, "api/v1/benchmarks.json", "api/v1/models.json"):
        assert not same_file(tmp_path / "first" / name, tmp_path / "again" / name), name
    assert "MMLU (edited)" in (tmp_path / "again" / "api/v1/benchmarks.json").read_text(encoding="utf-8")
    assert same_file(tmp_path / "first" / COVERAGE, tmp_path / "again" / COVERAGE)
    build(kb, tmp_path / "clean", TODAY)
    assert differing(tmp_path / "site", tmp_path / "clean") == []


def test_a_build_on_a_later_day_publishes_that_days_catalogue_not_the_cached_days(kb: Path, tmp_path: Path) -> None:
    """GPT-4o mini retires between the two days and no record changes: the JSON API's catalogue entry, which states
    the model's status on the day, is made again, not taken from the parts the cache kept (the daily deploy)."""
    edit(kb / "offerings" / "openai--gpt-4o-mini.yaml", "  status: active\n",
         "  status: deprecated\n  retires: 2027-01-15\n")
    later = datetime.date(2027, 3, 1)
    build(kb, tmp_path / "site", TODAY, cache=tmp_path / "cache")
    build(kb, tmp_path / "site", later, cache=tmp_path / "cache")
    build(kb, tmp_path / "clean", later)
    assert differing(tmp_path / "site", tmp_path / "clean") == []
    entry = next(m for m in json.loads((tmp_path / "site" / CATALOG).read_text(encoding="utf-8"))["models"]
                 if m["id"] == "gpt-4o-mini")
    assert "openai--gpt-4o-mini" not in json.dumps(entry["offerings"])  # retired: not among the live offerings


def test_a_build_by_other_code_makes_the_json_api_with_that_code(kb: Path, tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """The cache's parts were made by the code of their build: a build by other code (its digest differs) makes every
    part again, though no record changed."""
    from generators.site import catalog_json, page_cache

    build(kb, tmp_path / "site", TODAY, cache=tmp_path / "cache")
    edit(kb / "benchmarks" / "mmlu.yaml", "name: MMLU", "name: MMLU (edited)")  # the API is written, not linked
    made = catalog_json.model
    monkeypatch.setattr(catalog_json, "model", lambda *args: {**made(*args), "new_field": 1})
    monkeypatch.setattr(page_cache, "code_digest", lambda: "the digest of other code")
    build(kb, tmp_path / "site", TODAY, cache=tmp_path / "cache")
    entries = json.loads((tmp_path / "site" / CATALOG).read_text(encoding="utf-8"))["models"]
    assert entries and all(entry["new_field"] == 1 for entry in entries)


def test_a_build_by_other_code_runs_mkdocs_over_every_page(kb: Path, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """The site's mkdocs plugins and Markdown extensions are the package's code, whose version number does not
    change with it: pages whose Markdown is the same are still converted again by other code, never taken from the
    cache's site."""
    build(kb, tmp_path / "site", TODAY, cache=tmp_path / "cache")
    assert build(kb, tmp_path / "site", TODAY, cache=tmp_path / "cache").shard_seconds == []  # the same code
    monkeypatch.setattr(incremental, "code_digest", lambda: "the digest of other code")
    again = build(kb, tmp_path / "site", TODAY, cache=tmp_path / "cache")
    assert again.reused is None and again.shard_seconds != []


@pytest.mark.parametrize("change", ["edited", "added"])
def test_a_file_besides_the_pages_that_changed_is_built_again(kb: Path, tmp_path: Path, change: str) -> None:
    """No page changed, but the cached build's stylesheet is not this build's (say, the package's was edited), or
    it had a script this build no longer has: mkdocs runs, and the site has this build's files only."""
    cache = tmp_path / "cache"
    build(kb, tmp_path / "site", TODAY, cache=cache)
    name = "extra.css" if change == "edited" else "retired.js"
    for copy in (cache / "docs" / "assets" / name, cache / "site" / "assets" / name):
        copy.unlink(missing_ok=True)  # a hard link to the published file: replaced, not written through
        copy.write_text("/* the cached build's */\n", encoding="utf-8")
    again = build(kb, tmp_path / "site", TODAY, cache=cache)
    build(kb, tmp_path / "clean", TODAY)
    assert len(again.shard_seconds) == 1
    assert differing(tmp_path / "site", tmp_path / "clean") == []


def test_an_edited_hand_written_page_is_built_again_and_matches_a_clean_build(tmp_path: Path) -> None:
    """The site's own pages (site/pages beside the KB) are no record's: edited, the page is a changed page of the
    docs folder, and the build converts it like any other."""
    kb_root = repository_with_page(tmp_path / "repo", "# About\n\nFirst words.\n")
    cache = tmp_path / "cache"
    build(kb_root, tmp_path / "site", TODAY, cache=cache)
    (tmp_path / "repo" / "site" / "pages" / "about.md").write_text(
        "# About\n\nSecond words, see [the models](models/index.md).\n", encoding="utf-8")
    again = build(kb_root, tmp_path / "site", TODAY, cache=cache)
    assert again.reused == again.pages - 1  # the about page, and no other
    build(kb_root, tmp_path / "clean", TODAY)
    assert differing(tmp_path / "site", tmp_path / "clean") == []
    assert "Second words" in (tmp_path / "site" / "about.html").read_text(encoding="utf-8")
