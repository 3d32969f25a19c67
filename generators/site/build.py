"""Build step: validate, link, render Markdown and the JSON API, run `mkdocs build --strict`, check links.

The site is only written when the KB is valid. Each build renders into a private temporary docs folder, and
mkdocs builds into a staging folder beside the output; the old site is renamed aside and deleted only once the
new one is in place, so a failed or killed build never leaves a half-written site, and two builds from one
checkout never publish each other's pages.
"""

from __future__ import annotations

import datetime
import json
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple
from urllib.parse import urlsplit

from ..collector import collector_paused
from ..interop.coverage import Known
from ..kb.issues import Issue
from ..kb.reads import Digests
from . import incremental, page_cache, urls, warm
from .checked import BuildError, checked_kb, pending_rules, rules_passed
from .export import api_step, parts_file
from .incremental import Cache, Changes, cached_links, changed_pages, merge_from_cache
from .incremental import key as cache_key
from .linkcheck import EarlyReads, PageLinks, Since, broken_in, read_pages
from .publish import MARKER, refuse_dangerous_out, staging_beside, swap_in, write_marker
from .render import Rendered, render_site
from .shards import SHARD_CONFIG, available_cpus, every_page, merge, owning, page_order, plan, run, shard_sites
from .site_files import site_files
from .upkeep import Upkeep, compiled_templates, refuse_dangerous_cache
from .warm import Warm


@dataclass
class BuildReport:
    pages: int = 0
    render_seconds: float = 0.0
    mkdocs_seconds: float = 0.0
    check_seconds: float = 0.0
    shard_seconds: list[float] = field(default_factory=list)
    """How long each mkdocs process took (one entry when the build was not split)."""
    validate_seconds: float = 0.0
    """Of `render_seconds`: reading, checking and linking the KB."""
    upkeep_seconds: float = 0.0
    """With a cache: writing this build's Markdown, pages, reads and parsed records into it for the next build."""
    reused: int | None = None
    """With a cache: how many pages were taken from the previous build (None: a full build)."""
    not_rendered: int = 0
    """With a cache: how many pages none of whose reads of the KB changed, so were not rendered again."""
    issues: list[Issue] = field(default_factory=list)


@contextmanager
def base_config(kb_root: Path | None = None) -> Iterator[Path]:
    """The site's mkdocs configuration as a real file for mkdocs' INHERIT: the repository's own `mkdocs.yml`
    beside the KB, else the package's default (site_files.py)."""
    with site_files(kb_root) as found:
        yield found.config


def site_path(base: Path) -> str:
    """The path the site is published under, from SITE_URL or the base configuration's site_url ("/" if none)."""
    import yaml

    url = os.environ.get("SITE_URL") or (yaml.safe_load(base.read_text(encoding="utf-8")) or {}).get("site_url") or "/"
    path = urlsplit(url).path or "/"
    return path if path.endswith("/") else path + "/"


def write_config(docs: Path, base: Path, config: Path, extra: tuple[str, ...] = (),
                 site_url: str | None = None) -> Path:
    """A config that inherits the base and points mkdocs at `docs`, plus `extra` lines; SITE_URL and REPO_URL (for
    forks) override site_url and repo_url, and `site_url` (a local preview's address) overrides both."""
    # The feed's path comes from urls.FEED, its one definition, for the theme's <link rel="alternate">.
    lines = [f"INHERIT: {base.resolve()}", f"docs_dir: {docs.resolve()}", f"extra: {{feed: {json.dumps(urls.FEED)}}}",
             *extra]
    overrides = {"site_url": os.environ.get("SITE_URL"), "repo_url": os.environ.get("REPO_URL")}
    if site_url:
        overrides["site_url"] = site_url
    for key, value in overrides.items():
        if value:
            lines.append(f"{key}: {json.dumps(value)}")  # JSON strings are YAML strings
    config.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return config


def build(kb_root: Path, out: Path, today: datetime.date, docs: Path | None = None,
          known: Known | None = None, jobs: int | None = None, cache: Path | None = None) -> BuildReport:
    """Build the site from `kb_root` into `out`. `docs` keeps the rendered Markdown (tests, benchmarks); `known` is
    another catalogue's model list for the Coverage page; `jobs` caps the mkdocs processes (default: one per CPU,
    as many as the site's size pays for); `cache` is a folder of the previous build's pages (incremental.py), read
    when it matches and rewritten after every successful build."""
    refuse_dangerous_out(out, kb_root)
    if cache is not None:
        refuse_dangerous_cache(cache, out, kb_root)
    report, workers = BuildReport(), jobs or available_cpus()
    # With a cache a large KB is read in one process (parse_cache), a CPU idles: mkdocs imports itself there meanwhile
    with Warm(warm.ahead(kb_root, cache is not None, workers)) as waiting:
        start = time.perf_counter()
        kept = Cache(cache) if cache is not None else None
        kb, pending = checked_kb(kb_root, today, kept)
        report.validate_seconds = time.perf_counter() - start
        with pending_rules(pending), tempfile.TemporaryDirectory(prefix="kb-build-") as private, \
                site_files(kb_root) as found:
            base = found.base_in(Path(private))
            docs = docs or Path(private) / "docs"
            config = write_config(docs, base, Path(private) / "mkdocs.yml")
            wanted = cache_key(config, found.fingerprint()) if kept else ""
            pages_key = page_cache.key(wanted, today, known) if kept else ""  # hashes the package: only when it pays
            digests = Digests(kb)  # what each token reads now: pages kept and pages rendered share most tokens
            templates = compiled_templates(kept)
            parts = Path(private) / "api-parts.pickle"  # the JSON API's parts (api_parts.py), for the next build
            with collector_paused():
                reuse = page_cache.reusable(kept, digests, pages_key) if kept else None
            if reuse is not None and reuse.api is not None:
                waiting.close()  # no record changed: every page comes out as cached and mkdocs will not run
            api = api_step(kb, docs, today, kept, reuse, digests, parts, pages_key)
            try:
                rendered = render_site(kb, docs, today, known, also=api, jobs=workers,
                                       reuse=reuse.pages if reuse else None, templates=templates)
            except Exception:
                rules_passed(pending)  # a KB the rules refuse can break a page: their issues say why
                raise
            rules_passed(pending)
            found.copy_into(docs)
            report.pages, report.not_rendered = len(rendered), sum(page.kept for page in rendered)
            report.render_seconds = time.perf_counter() - start
            upkeep = Upkeep(kept, kb, docs, rendered, digests, wanted, pages_key,
                            parts_file(kept, reuse, parts)) if kept else None
            try:
                links = publish(report, Site(docs, base, Path(private), config, site_path(found.config), wanted),
                                out, kept, rendered, workers,
                                Runner(templates, waiting, upkeep.start if upkeep else None))
                if upkeep:
                    report.upkeep_seconds = upkeep.finish(out, links)
            finally:
                if upkeep:
                    upkeep.abandon()
    return report


class Site(NamedTuple):
    """What mkdocs builds a site from: the docs folder, the base configuration, a private folder for its own
    configurations, the build's configuration, the path the site is served under and the build cache's key
    (incremental.key; empty without a cache)."""

    docs: Path
    base: Path
    private: Path
    config: Path
    base_path: str
    key: str


class Runner(NamedTuple):
    """How a build runs mkdocs: the folder the theme's templates compile through (a cache's: template_cache.py),
    mkdocs processes started ahead (warm.py), and a step to take just before the link check (the cache's upkeep)."""

    templates: Path | None = None
    warm: Warm | None = None
    before_check: Callable[[], None] | None = None


PLAIN = Runner()
"""mkdocs as a plain build runs it: templates compiled afresh, processes started when needed, nothing before the
check."""


def publish(report: BuildReport, site: Site, out: Path, kept: Cache | None, rendered: list[Rendered], workers: int,
            runner: Runner) -> PageLinks:
    """mkdocs over the docs folder (only its changed pages, with a cache that fits), the link check, and the site
    swapped into `out`. Fills in `report`'s mkdocs lines; returns what the link check read."""
    changed = changed_pages(kept, site.docs, site.key) if kept else None
    staging = staging_beside(out)

    def before_check() -> None:
        write_marker(staging)
        if runner.before_check:
            runner.before_check()

    marked = runner._replace(before_check=before_check)
    try:
        order = changed.order if changed is not None else page_order(site.docs)
        works = every_page(site.docs, {page.path.relative_to(site.docs).as_posix(): page.work for page in rendered},
                           order)
        shards = plan(works, workers)
        if kept and changed is not None:
            owned = plan({page: works[page] for page in changed.pages}, workers)
            report.mkdocs_seconds, (report.check_seconds, links), report.shard_seconds = build_changed(
                site.docs, site.base, site.private, staging, kept, (changed, owned), site.base_path, workers, marked)
            report.reused = report.pages - len(changed.pages)
        elif len(shards) == 1:
            report.mkdocs_seconds, (report.check_seconds, links) = build_into(
                site.config, staging, site.base_path, marked)
            report.shard_seconds = [report.mkdocs_seconds]
        else:
            report.mkdocs_seconds, (report.check_seconds, links), report.shard_seconds = build_sharded(
                site.docs, site.base, site.private, staging, (shards, order), site.base_path, marked)
        swap_in(staging, out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return links


def build_changed(docs: Path, base: Path, private: Path, staging: Path, cache: Cache,
                  changes: tuple[Changes, list[list[str]]], base_path: str, jobs: int = 1, runner: Runner = PLAIN
                  ) -> tuple[float, tuple[float, PageLinks], list[float]]:
    """`build_sharded` for the changed pages only (`changes`: how the docs folder differs from the cache's, and its
    changed pages dealt into shards), the others excluded and then taken from the cache's site (the whole site, mkdocs
    not run, when no file of the docs folder nor the sitemap's day changed); the link check covers what the changed
    pages can break in the merged site (a page left unchanged can still link to an anchor a changed page lost)."""
    start = time.perf_counter()
    changed, shards = changes
    seconds: list[float] = []  # no mkdocs process when the docs folder is the cached one, every byte of it
    if not changed.pages and changed.same_sitemap and incremental.same_other_files(cache, docs):
        incremental.take_site(cache, staging)
    else:
        shards = shards or [[]]  # none changed, but a page removed or a new day: the sitemap (and index) are new
        with shard_sites(staging, len(shards)) as sites:
            seconds = mkdocs_shards((docs, base, private), "changed", (sites, shards), not changed.same_sitemap, runner)
            if len(shards) > 1:
                merge(sites, shards, changed.order)
        merge_from_cache(cache, staging, changed)
    known = cached_links(cache, changed.pages, changed.order)  # the kept pages, as the cached build's check read them
    if runner.before_check:
        runner.before_check()
    checked = check_links(staging, base_path, jobs, known, Since(cache.site, set(known)))
    return time.perf_counter() - start, checked, seconds


def build_sharded(docs: Path, base: Path, private: Path, staging: Path, planned: tuple[list[list[str]], list[str]],
                  base_path: str, runner: Runner = PLAIN) -> tuple[float, tuple[float, PageLinks], list[float]]:
    """`build_into` with the pages split across processes (see shards.py): `planned` holds each shard's pages and
    every page of the docs folder in mkdocs' order."""
    start = time.perf_counter()
    shards, order = planned
    with shard_sites(staging, len(shards)) as sites:
        early = EarlyReads(sites, shards)
        seconds = mkdocs_shards((docs, base, private), "all", (sites, shards), True, runner, early.done)
        merge(sites, shards, order)
    if runner.before_check:
        runner.before_check()
    return time.perf_counter() - start, check_links(staging, base_path, len(shards), early.read), seconds


def mkdocs_shards(where: tuple[Path, Path, Path], name: str, split: tuple[list[Path], list[list[str]]],
                  sitemap: bool, runner: Runner = PLAIN, done: Callable[[int], None] | None = None) -> list[float]:
    """`mkdocs` once per shard over the docs folder (`where`: it, the base configuration, the private folder for the
    files named `name`), each into its site converting only its pages (`split`: sites and pages, shard_pages.py), the
    first also writing the sitemap of every page when `sitemap` (else the cached build's is kept)."""
    docs, base, private = where
    sites, shards = split
    config = write_config(docs, base, private / f"mkdocs-{name}.yml", extra=SHARD_CONFIG)  # the pages: `owned`
    owned = [owning(pages, private / f"owned-{name}-{number}.json", whole_sitemap=sitemap and not number)
             for number, pages in enumerate(shards)]
    return mkdocs([config] * len(shards), sites, runner, owned, done)


def build_into(config: Path, staging: Path, base_path: str,
               runner: Runner = PLAIN) -> tuple[float, tuple[float, PageLinks]]:
    """One `mkdocs build --strict` into `staging`, then our link check; returns the seconds of mkdocs and
    `check_links`."""
    start = time.perf_counter()
    mkdocs([config], [staging], runner)
    if runner.before_check:
        runner.before_check()
    return time.perf_counter() - start, check_links(staging, base_path)


def mkdocs(configs: list[Path], sites: list[Path], runner: Runner = PLAIN, owned: Sequence[Path | None] | None = None,
           done: Callable[[int], None] | None = None) -> list[float]:
    """`mkdocs build --strict` with each config into its site, all at once (as `runner` says, with only the pages
    each `owned` file lists converted, and `done` run as each one ends well: shards.run); each one's seconds."""
    failures, seconds = run(configs, sites, runner.templates, owned, runner.warm, done)
    if failures:
        raise BuildError("mkdocs build --strict failed:\n" + "\n".join(failures))
    return seconds


def check_links(site: Path, base_path: str, jobs: int = 1, known: PageLinks | None = None,
                since: Since | None = None) -> tuple[float, PageLinks]:
    """Our link check over the built site (`known` pages not read again, and with `since` only what the pages
    rewritten since an earlier check can break); its seconds and what it read, which an incremental build's cache
    keeps."""
    start = time.perf_counter()
    files, links = read_pages(site, jobs, known)
    broken = broken_in(files, links, base_path, since.rewritten(files, links, MARKER) if since else None)
    if broken:
        raise BuildError("links that point nowhere in the built site:\n" + "\n".join(broken[:50]))
    return time.perf_counter() - start, links
