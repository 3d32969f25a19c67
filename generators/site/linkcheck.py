"""Our own link check over the built site: every local href/src (raw-HTML ones included) and anchor must exist.

mkdocs validates the links it rewrote from Markdown; links inside raw HTML blocks (our tables, charts) it never
sees, so this step reads every page's attributes itself.
"""

from __future__ import annotations

import functools
import os
import re
import threading
from collections.abc import Collection, Iterable, Iterator
from html import unescape
from pathlib import Path
from typing import NamedTuple
from urllib.parse import unquote, urlsplit

from ..forked import take_turns
from .publish import files_in
from .shards import html_path

NAMES = r"[hH][rR][eE][fF]|[sS\u017f][rR][cC]|[iI\u0130\u0131][dD]"
"""href, src and id in any case, each letter written as the characters re.IGNORECASE takes for it (ſ for s, İ and ı
for i): the same matches as `href|src|id` under IGNORECASE, which made the regex engine fold the case of every
character of the page (0.40 ms of a catalogue model page's scan, 0.30 ms without)."""
ATTRIBUTE = re.compile(rf"""\s({NAMES})\s*=\s*(?:"([^"]*)"|'([^']*)')""")


def _links_and_ids(html: str) -> tuple[list[str], set[str]]:
    """href/src targets and element ids of a page. A regex over attributes is ~10x faster than HTMLParser here,
    and safe because mkdocs and our templates always quote attribute values."""
    targets, ids = [], set()
    for name, double, single in ATTRIBUTE.findall(html):
        value = unescape(double or single)
        if name.lower() == "id":
            ids.add(value)
        else:
            targets.append(value)
    return targets, ids


split = functools.lru_cache(maxsize=65536)(urlsplit)  # pages share most of their targets
SKIP = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//|#$|\$)", re.IGNORECASE)


def _read(root: Path, page: str) -> tuple[list[str], set[str]]:
    targets, ids = _links_and_ids((root / page).read_text(encoding="utf-8"))
    # Each distinct local target once, in page order (a page repeats many). What `_resolve` would not follow is left
    # out here: the price charts' data: URIs are a tenth of a catalogue's targets but five sixths of their text, which
    # the forked readers send back, and an incremental build's cache keeps.
    return [target for target in dict.fromkeys(targets) if not SKIP.match(target)], ids


PageLinks = dict[str, tuple[list[str], set[str]]]
"""Each HTML page of a site (its path there) with its distinct local targets in page order and its element ids."""


def read_pages(site: Path, jobs: int = 1, known: PageLinks | None = None) -> tuple[set[str], PageLinks]:
    """Every file of the built site, and each page's targets and ids: read from the page, or taken from `known`
    (an incremental build's pages that are the cached build's files, read when that build was checked)."""
    root = site.resolve()
    files = files_in(root)
    pages = sorted(name for name in files if name.endswith(".html"))
    known = known or {}
    unread = [page for page in pages if page not in known]
    read = dict(zip(unread, take_turns(unread, functools.partial(_read, root), jobs), strict=True))
    return files, {page: known[page] if page in known else read[page] for page in pages}


class EarlyReads:
    """The reading of the pages each mkdocs process wrote, taken while another process still runs: a CPU idles
    there otherwise, since the processes never finish together. `done(number)` is called as process `number` ends
    well (from its own thread); once every process has ended it stops, and the check reads the rest in parallel."""

    def __init__(self, sites: list[Path], shards: list[list[str]]) -> None:
        """Each process's site folder, and the pages of the docs folder it converted."""
        self.sites = sites
        self.pages = [[html_path(page) for page in pages] for pages in shards]
        self.read: PageLinks = {}
        self.running = len(sites)
        self.lock = threading.Lock()

    def done(self, number: int) -> None:
        with self.lock:
            self.running -= 1
        root = self.sites[number].resolve()
        for page in self.pages[number]:
            if not self.running:
                return
            self.read[page] = _read(root, page)


def broken_links(site: Path, base_path: str = "/", jobs: int = 1, known: PageLinks | None = None) -> list[str]:
    """Local href/src targets (raw-HTML ones included, which mkdocs does not check) that do not exist.
    `base_path` is the path the site is published under (from `site_url`): root-absolute links such as the 404
    page's resolve against it. `jobs` processes share the reading; `known` pages are not read again."""
    return broken_in(*read_pages(site, jobs, known), base_path)


def broken_in(files: set[str], parsed: PageLinks, base_path: str, changed: Collection[str] | None = None
              ) -> list[str]:
    """`broken_links` over a site already read: its files, and each page's targets and ids. With `changed`, the
    site is one whose check passed with every file it had then still there, and only the `changed` pages rewritten
    since: only what those can break is checked (`since_change`)."""
    # Plain string paths: a few hundred thousand links, and Path.resolve() would stat every one of them. Pages in
    # one folder share most targets: each (folder, target) is resolved once.
    problems, resolved = [], {}
    pages = (((page, targets) for page, (targets, _) in parsed.items()) if changed is None
             else since_change(parsed, changed))
    for page, targets in pages:
        folder = os.path.dirname(page)
        for target in targets:
            key = (folder, target)
            if key not in resolved:
                resolved[key] = _resolve(folder, target, base_path)
            found = resolved[key]
            if found is None:
                continue
            path, fragment = found
            if path == OUTSIDE:
                problems.append(f"{page}: {target} (outside the site's path {base_path})")
                continue
            path = path or page
            if path not in files and os.path.join(path, "index.html") not in files:
                problems.append(f"{page}: {target}")
            elif fragment and path.endswith(".html") and path in parsed and fragment not in parsed[path][1]:
                problems.append(f"{page}: {target} (no such anchor)")
    return problems


class Since(NamedTuple):
    """A site whose link check passed, and the pages (paths in it) taken from it unchanged, byte for byte: every
    other page has been written since (the changed ones, and any page mkdocs writes whatever changed)."""

    site: Path
    kept: set[str]

    def rewritten(self, files: set[str], pages: Iterable[str], ignored: str) -> set[str] | None:
        """The `pages` to check in full (`since_change`): those not kept, when every file of the earlier site but
        `ignored` is among `files`; None when one is gone, and a link that found it must be checked again, so
        everything is."""
        if files_in(self.site.resolve()) - {ignored} <= files:
            return set(pages) - self.kept
        return None


def since_change(parsed: PageLinks, changed: Collection[str]) -> Iterator[tuple[str, list[str]]]:
    """Each page's targets that a change to the `changed` pages can break: all of a changed page's, and of every
    other page those that may name a changed page (a removed anchor). An unchanged page's other targets still find
    what they found when the site was last checked: the same files, and the same anchors in unchanged pages.
    The test on a target's last path segment passes every target that resolves to a changed page (resolving
    keeps the last segment of a path that ends in a file name), so it can let extra targets through, never drop one."""
    names = {page.rsplit("/", 1)[-1] for page in changed}
    for page, (targets, _) in parsed.items():
        if page in changed:
            yield page, targets
        else:
            yield page, [target for target in targets if last_segment(target) in names]


def last_segment(target: str) -> str:
    """The last segment of a target's path, unquoted: "../models/m%30.html?x#y" gives "m0.html"."""
    path = target.split("#", 1)[0].split("?", 1)[0].rsplit("/", 1)[-1]
    return unquote(path) if "%" in path else path


OUTSIDE = "\0outside"
"""What `_resolve` gives for a root-absolute link outside the site's path: no file can have that name."""


def _resolve(folder: str, target: str, base_path: str) -> tuple[str, str] | None:
    """The site file a target in `folder` points at ("" for the page itself, OUTSIDE for a root-absolute path
    outside `base_path`) and its unquoted fragment; None for what the check does not follow (other schemes,
    protocol-relative URLs, a bare "#", template placeholders)."""
    if SKIP.match(target):
        return None
    parts = split(target)
    fragment = unquote(parts.fragment) if parts.fragment else ""
    if not parts.path:
        return "", fragment
    if parts.path.startswith("/"):
        if not parts.path.startswith(base_path):
            return OUTSIDE, fragment
        return os.path.normpath(unquote(parts.path[len(base_path):]) or "."), fragment
    return os.path.normpath(os.path.join(folder, unquote(parts.path))), fragment
