"""Build step: keep this build as the cache the next one starts from, most of it made while the link check runs.

A build with `--cache` ends by writing its docs folder, site, pages' reads and records' data into a new cache folder
(incremental.py). What it keeps of the rendering is known before mkdocs runs, and the link check, the marker and the
swap into --out run in one process: a forked process writes that part meanwhile (`Upkeep.start`, called just before
the link check), and once the site is published the build adds it, the link check's reading and the key, and renames
the folder into place (`Upkeep.finish`). A build that fails after `start` deletes the half-made folder
(`Upkeep.abandon`); the old cache stays as it was until that rename, so a killed build leaves the old cache or none,
never a mixed one. The folder is replaced whole, so `refuse_dangerous_cache` refuses any a build did not make.
"""

from __future__ import annotations

import functools
import shutil
import time
from pathlib import Path

from ..collector import collector_paused
from ..forked import Started, started
from ..kb import parse_cache
from ..kb.issues import KBUsageError
from ..kb.link import KB
from ..kb.reads import Digests
from . import incremental, page_cache
from .incremental import Cache, refuse_foreign_cache
from .linkcheck import PageLinks
from .publish import refuse_dangerous_out
from .render import Rendered


class Upkeep:
    """The next build's cache, for a build whose pages are `rendered` into `docs` from `kb` (`digests` answering for
    its reads): under the build's key `wanted`, the pages' reads under `pages_key`."""

    def __init__(self, cache: Cache, kb: KB, docs: Path, rendered: list[Rendered], digests: Digests, wanted: str,
                 pages_key: str, api_parts: Path | None = None) -> None:
        self.cache, self.kb, self.docs, self.rendered, self.digests = cache, kb, docs, rendered, digests
        self.wanted, self.pages_key, self.api_parts = wanted, pages_key, api_parts
        self.fresh: Cache | None = None
        self.filling: Started[None] | None = None

    def start(self) -> None:
        """Begin the new cache from the rendering, in a forked process (once the docs folder is complete)."""
        self.fresh = incremental.begin(self.cache)
        self.filling = started(functools.partial(fill, self.fresh, self.kb, self.docs, self.rendered, self.digests,
                                                 self.pages_key, self.api_parts))

    def finish(self, site: Path, links: PageLinks) -> float:
        """Make the new cache the cache, with the published `site` and the link check's reading of it, `links`; the
        seconds this build waited for its upkeep past the link check. `start` must have run."""
        begun = time.perf_counter()
        assert self.fresh is not None and self.filling is not None, "Upkeep.start runs before the link check"
        self.filling.result()
        incremental.commit(self.cache, self.fresh, site, self.wanted, links)
        self.fresh = self.filling = None
        return time.perf_counter() - begun

    def abandon(self) -> None:
        """Stop and delete a new cache not made the cache (a failed build); nothing once `finish` has run."""
        if self.filling is not None:
            self.filling.cancel()
        if self.fresh is not None:
            shutil.rmtree(self.fresh.folder, ignore_errors=True)
        self.fresh = self.filling = None


def fill(fresh: Cache, kb: KB, docs: Path, rendered: list[Rendered], digests: Digests, pages_key: str,
         api_parts: Path | None) -> None:
    """What the new cache keeps of the rendering (incremental.fill)."""
    with collector_paused():  # what it keeps holds no cycles: a collection would only rescan the KB
        pages = page_cache.to_keep(rendered, docs, digests, pages_key, page_cache.api_files(docs, rendered))
        incremental.fill(fresh, docs, pages, parse_cache.to_keep(entry.raw for entry in kb.entries.values()),
                         api_parts)


def refuse_dangerous_cache(cache: Path, out: Path, kb_root: Path) -> None:
    """--cache is replaced whole on every build: never the KB, the repository, --out or a folder a build did not
    write."""
    refuse_dangerous_out(cache, kb_root, site=False, option="--cache")  # its own: refuse_foreign_cache
    if cache.resolve() == out.resolve() or {cache.resolve(), out.resolve()} & {
            *cache.resolve().parents, *out.resolve().parents}:
        raise KBUsageError(f"--cache {cache} and --out {out} overlap; a build replaces --out whole, so keep the "
                           "cache in a folder of its own (e.g. .build-cache/ beside public/)")
    try:
        refuse_foreign_cache(Cache(cache))
    except ValueError as error:
        raise KBUsageError(str(error)) from error


def compiled_templates(cache: Cache | None) -> Path | None:
    """The folder the site's and the theme's templates are compiled through (render.py, template_cache.py): the
    cache's, made when missing; none without a cache."""
    if cache is None:
        return None
    cache.templates.mkdir(parents=True, exist_ok=True)
    return cache.templates
