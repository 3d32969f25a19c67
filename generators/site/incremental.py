"""Build step: reuse the previous build's pages wherever the Markdown they were built from is unchanged.

(Before this step, page_cache.py skips rendering the pages none of whose reads of the KB changed.)

A pull request changes a handful of records, and so a handful of pages (the records' own and the summaries that
list them); the rest of the site would come out of mkdocs as the same bytes as last time. The cache keeps the
previous build's docs folder and site. When everything a page's HTML depends on besides its own Markdown is the
same (the configuration, the tool versions and the package's code, which holds the site's mkdocs plugins), one
`mkdocs build --strict` converts only the changed pages (the rest excluded, as in a shard; a page the cache lacks is
a changed one), and the merge takes every other page and their search entries from the cache, and the sitemap too
unless the set of pages changed (a record added or removed) or the day mkdocs stamps it with (a build on a later
day: the daily deploy, a pull request's first build of the day): the mkdocs process then writes the sitemap of the
whole folder (shard_pages.py); the link check reads only the pages mkdocs wrote, takes what the cached ones hold
from when the cached build was checked, and, while every file of the cached site is still there, checks only the
rewritten pages' links and the links into them (linkcheck.Since). The result is the bytes a clean build writes
(tests/test_incremental.py compares every file). Anything else falls back to a full build.

Record pages are outside the nav (the base configuration's `not_in_nav`), and the nav's own titles come from
the configuration, so a page's HTML depends on other pages only through the nav, which the key covers.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
import shutil
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import NamedTuple

from .linkcheck import PageLinks
from .publish import MARKER, files_in
from .shards import html_path, page_order

CACHE_FORMAT = 1
"""Bump when what the cache holds changes meaning: every older cache is then ignored."""
SITEMAP = ("sitemap.xml", "sitemap.xml.gz")
TOOLS = ("mkdocs", "mkdocs-material", "markdown", "pymdown-extensions", "frontier-landscape")


@dataclass(frozen=True)
class Cache:
    """A folder holding the previous build: `docs/` (its Markdown), `site/` (its output) and `key.json`."""

    folder: Path

    @property
    def docs(self) -> Path:
        return self.folder / "docs"

    @property
    def site(self) -> Path:
        return self.folder / "site"

    @property
    def key_file(self) -> Path:
        return self.folder / "key.json"

    @property
    def pages_file(self) -> Path:
        """Each page of `docs/` with what it read of the KB (page_cache.py)."""
        return self.folder / "pages.json"

    @property
    def templates(self) -> Path:
        """The site's and the theme's templates as compiled (render.py, template_cache.py), carried from build to
        build."""
        return self.folder / "templates"

    @property
    def records_file(self) -> Path:
        """Each record's parsed data, by its kind and text (kb/parse_cache.py)."""
        return self.folder / "records.pickle"

    @property
    def api_parts_file(self) -> Path:
        """The JSON API's parts, each with what it read (api_parts.py)."""
        return self.folder / "api.pickle"

    @property
    def links_file(self) -> Path:
        """Each page of `site/` with its targets and ids, as the link check read them (linkcheck.PageLinks)."""
        return self.folder / "links.json"


def tool_versions() -> dict[str, str]:
    versions = {}
    for name in TOOLS:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = ""
    return versions


PACKAGE = Path(__file__).resolve().parent.parent


@functools.cache
def code_digest() -> str:
    """Every file of the package (code, templates, assets): no page made by other code, the site's mkdocs plugins and
    Markdown extensions included, is reused (the package's version number stays as its code changes)."""
    digest = hashlib.blake2b(digest_size=16)
    for file in sorted(p for p in PACKAGE.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        digest.update(file.relative_to(PACKAGE).as_posix().encode("utf-8") + b"\0" + file.read_bytes() + b"\0")
    return digest.hexdigest()


def key(config: Path, site: str) -> str:
    """What every page's HTML depends on besides its own Markdown: the configuration (the written one minus the
    docs folder's path and `site`, the fingerprint of the site's own configuration and theme overrides), the tools'
    versions and the package's code. Not mkdocs' day: only the sitemap shows it (`Changes.same_sitemap`)."""
    written = [line for line in config.read_text(encoding="utf-8").splitlines()
               if not line.startswith(("docs_dir:", "INHERIT:"))]
    facts = {"format": CACHE_FORMAT, "config": written, "site": site, "tools": tool_versions(), "code": code_digest()}
    return hashlib.sha256(json.dumps(facts, sort_keys=True).encode("utf-8")).hexdigest()


def build_day() -> str:
    """The day mkdocs stamps the sitemap with (SOURCE_DATE_EPOCH, else today in UTC): each page's `update_date`,
    the sitemap's <lastmod>s and its .gz's time; no page shows it (neither Material's templates nor the site's)."""
    from mkdocs.utils import get_build_datetime
    return get_build_datetime().date().isoformat()


LASTMOD = re.compile(rb"<lastmod>([^<]*)</lastmod>")


def stamped_day(site: Path) -> str | None:
    """The day a built site's sitemap is stamped with (every page gets the same, `build_day`); None without one."""
    try:
        found = LASTMOD.search((site / SITEMAP[0]).read_bytes())
    except OSError:
        return None
    return found.group(1).decode("utf-8", "replace") if found else None


class Changes(NamedTuple):
    """How the docs folder differs from the cached build's."""

    pages: list[str]
    """The pages whose Markdown is new or differs, in mkdocs' order."""
    same_sitemap: bool
    """Whether the cached build's sitemap is this one's: the same set of pages, stamped with the same day."""
    order: list[str]
    """Every page of the docs folder, in mkdocs' order (shards.page_order)."""


def changed_pages(cache: Cache, docs: Path, wanted_key: str) -> Changes | None:
    """The pages whose Markdown differs from the cached build's (a page the cache lacks among them); None when the
    cache cannot serve this build (missing, or written under another key)."""
    try:
        if json.loads(cache.key_file.read_text(encoding="utf-8")).get("key") != wanted_key:
            return None
    except (OSError, ValueError, AttributeError):
        return None
    if not cache.site.is_dir():
        return None
    order = page_order(docs)
    return Changes([page for page in order if not same_bytes(docs / page, cache.docs / page)],
                   page_order(cache.docs) == order and stamped_day(cache.site) == build_day(), order)


def same_bytes(one: Path, other: Path) -> bool:
    """Whether two files hold the same bytes; a page kept from the cache is the cache's file itself (a hard link,
    render.keep_page), so it is not read."""
    try:
        first, second = one.stat(), other.stat()
        if (first.st_ino, first.st_dev) == (second.st_ino, second.st_dev):
            return True
        return first.st_size == second.st_size and one.read_bytes() == other.read_bytes()
    except OSError:
        return False


def same_other_files(cache: Cache, docs: Path) -> bool:
    """Whether the docs folder holds the cached build's files and, besides its pages (`changed_pages` compares
    those), their bytes: the assets, the JSON API, the feeds. With no page changed either, mkdocs would write the
    cached site again, byte for byte."""
    names = files_in(docs)
    return names == files_in(cache.docs) and all(
        same_bytes(docs / name, cache.docs / name) for name in names if not name.endswith(".md"))


def take_site(cache: Cache, staging: Path) -> None:
    """Fill `staging` with every file of the cached site but its marker, which each build writes afresh."""
    link_files(cache.site, staging, files_in(cache.site) - {MARKER})


def merge_from_cache(cache: Cache, staging: Path, changed: Changes) -> None:
    """Complete `staging`, which holds mkdocs' output for the `changed` pages only (and, unless the cached sitemap
    is this build's, the whole folder's sitemap): every other page, and the sitemap when it is, from the
    cached site, and the search index with each page's entries from the build that made it, in mkdocs' page
    order (a page removed since has none)."""
    rebuilt, order = set(changed.pages), changed.order
    link_files(cache.site, staging, [*(html_path(page) for page in order if page not in rebuilt),
                                     *(SITEMAP if changed.same_sitemap else ())])
    index_file = staging / "search" / "search_index.json"
    fresh = json.loads(index_file.read_text(encoding="utf-8"))
    cached = json.loads((cache.site / "search" / "search_index.json").read_text(encoding="utf-8"))
    owned = {html_path(page) for page in rebuilt}
    entries: dict[str, list[object]] = {}
    for index, from_fresh in ((fresh, True), (cached, False)):
        for entry in index["docs"]:
            location = str(entry["location"]).split("#", 1)[0]
            if (location in owned) == from_fresh:
                entries.setdefault(location, []).append(entry)
    fresh["docs"] = [entry for page in order for entry in entries.get(html_path(page), [])]
    # Material's own serialisation, as in shards.merge
    index_file.write_text(json.dumps(fresh, separators=(",", ":"), default=str), encoding="utf-8")


def cached_links(cache: Cache, changed: list[str], order: list[str]) -> PageLinks:
    """The link check's reading of each page taken from the cache unchanged (none when the file is unreadable)."""
    rebuilt = set(changed)
    try:
        stored = json.loads(cache.links_file.read_text(encoding="utf-8"))
        return {html: (list(stored[html][0]), set(stored[html][1])) for html in (
            html_path(page) for page in order if page not in rebuilt) if html in stored}
    except (OSError, ValueError, TypeError, KeyError, IndexError):
        return {}


def link_files(source: Path, target: Path, names: Iterable[str]) -> None:
    """Each of `names` (paths under `source`) linked to the same path under `target`, folders made as needed."""
    for name in names:
        link_or_copy(source / name, target / name)


def link_tree(source: Path, target: Path) -> None:
    """`target` made as a copy of the folder `source`, each file hard-linked where the file system allows."""
    shutil.copytree(source, target, copy_function=lambda a, b: link_or_copy(Path(a), Path(b)))


def link_or_copy(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    target.unlink(missing_ok=True)
    try:
        os.link(source, target)
    except OSError:  # another file system, or no hard links
        shutil.copy2(source, target)


def begin(cache: Cache) -> Cache:
    """A new, empty folder beside `cache` to make the next cache in (`fill`, then `commit`; delete it otherwise).
    The cache is only ever replaced whole, by `commit`'s one rename: a build killed meanwhile leaves the old cache or
    none, never a cache whose key describes other files."""
    cache.folder.parent.mkdir(parents=True, exist_ok=True)
    return Cache(Path(tempfile.mkdtemp(prefix=f".{cache.folder.name}.new-", dir=cache.folder.parent)))


def fill(fresh: Cache, docs: Path, pages: str, records: bytes, api_parts: Path | None = None) -> None:
    """Put into `fresh` what the next build reads of this one's rendering: the docs folder (hard links: no file in
    it is written into once there), the pages' reads, the records' data and the JSON API's parts (when there is
    such a file)."""
    link_tree(docs, fresh.docs)
    if api_parts is not None and api_parts.is_file():
        link_or_copy(api_parts, fresh.api_parts_file)
    fresh.pages_file.write_text(pages, encoding="utf-8")
    fresh.records_file.write_bytes(records)


def commit(cache: Cache, fresh: Cache, site: Path, wanted_key: str, links: PageLinks) -> None:
    """Complete `fresh` (`fill`ed) with the published `site`, the link check's reading of it, the compiled templates
    and, last, the key, and make it the cache in one rename."""
    link_tree(site, fresh.site)
    fresh.links_file.write_text(json.dumps({page: [targets, sorted(ids)] for page, (targets, ids) in links.items()}),
                                encoding="utf-8")
    if cache.templates.is_dir():  # still valid whatever else changed: jinja2 checks each one's source
        os.replace(cache.templates, fresh.templates)
    fresh.key_file.write_text(json.dumps({"key": wanted_key}) + "\n", encoding="utf-8")
    old = cache.folder.parent / f".{cache.folder.name}.old"
    shutil.rmtree(old, ignore_errors=True)
    if cache.folder.exists():
        os.replace(cache.folder, old)
    os.replace(fresh.folder, cache.folder)
    shutil.rmtree(old, ignore_errors=True)


_NAMED = Cache(Path())
CACHE_FILES = {path.name for path in (_NAMED.docs, _NAMED.site, _NAMED.templates, _NAMED.key_file,
                                      _NAMED.links_file, _NAMED.pages_file, _NAMED.records_file,
                                      _NAMED.api_parts_file)}
"""Everything a build keeps in its cache folder: the names `Cache` gives them."""


def refuse_foreign_cache(cache: Cache) -> None:
    """The cache folder is replaced whole on every build, so it must be one a build made (or not exist yet)."""
    if cache.folder.exists() and (not cache.folder.is_dir() or cache.folder.is_symlink() or set(
            p.name for p in cache.folder.iterdir()) - CACHE_FILES):
        raise ValueError(f"--cache {cache.folder} holds files a build did not write; name a new folder "
                         "(a build keeps only docs/, site/, templates/, records.pickle, api.pickle and its three "
                         "JSON files there)")
