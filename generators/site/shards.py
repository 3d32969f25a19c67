"""Build step: one `mkdocs build --strict` split across processes, merged into the site a single build gives.

mkdocs converts pages one after another in one process, and at catalogue scale that is most of the build. Each
shard is a stock `mkdocs build --strict` of the docs folder itself that converts only the pages it owns: the
shard-pages plugin (shard_pages.py) marks every other page excluded, as `exclude_docs` would (mkdocs still resolves
links to them, and a nav entry still names them). A pattern per page in `exclude_docs` cost files x patterns: 10 s
of one process at 10,000 models. Shard 0's output is the base of the merged site: its 404 page, assets and the
sitemap of every page (the plugin writes it once the pages are done). The pages each other shard owns then move in,
and the search index lists every page's entries from its owner, in mkdocs' own page order. The docs folder stays
plain Markdown that one `mkdocs build` turns into the same bytes (tests/test_shards.py compares every file), so the
site stays portable to other builders.

Links into a page another shard owns cannot have their anchors checked inside a shard, so shards leave anchors to
our own link check, which reads every anchor of the merged site.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

from .warm import Warm, job

# What mkdocs' time on a page grows with, in microseconds of one process at catalogue scale (measured per page, Markdown
# conversion plus theme, on tests/benchmarks/site.py's catalogue): a fixed cost of about 6 ms (Markdown's passes, the
# theme's templates, the search indexer, the write), about 1 us per tag (the generated tables are stashed whole,
# html_blocks.py) and about 0.27 ms per Markdown link (Python-Markdown's inline patterns). Tags alone mispredicted: a
# 6,000-tag page of 1,100 links took 0.54 s, a 140,000-tag table 0.16 s. Prose (lines that are not raw HTML) beyond what
# a typical page holds costs about 2 us a character, Python-Markdown's block and inline processing: the real KB's
# Sources page, 600,000 characters of it in 818 sections, took 1.1-1.3 s where tags and links predicted 0.02 s, and went
# into one process with everything else a pull request changed. The first 20,000 characters are in the fixed cost, as
# measured on the catalogue's pages (counting them from the first made one shard 1.5-2.5 s slower than the other in a
# full build). Links got cheaper since (footnote links are raw HTML): measured again on 2026-12-07, the catalogue's
# attention page (6,212 tags, 1,001 links) cost 0.28-0.31 s and a model page 7.5 ms, so a link weighs 0.27 ms now. At
# 0.4 ms the page counted twice its cost, and the process given it ran 0.5-0.9 s short.
PAGE_WEIGHT = 6_000
LINK_WEIGHT = 270
PROSE_WEIGHT = 2
PROSE_IN_PAGE_WEIGHT = 20_000
# Below about 0.15 s of pages per process, another mkdocs costs more than it saves (about 0.7 s of CPU to start,
# half of it imports that a build with a cache runs ahead on an idle CPU, warm.py): at 0.25 s, the benchmark's
# three-record change ran its 10 changed pages in one process, 1.7 s, where two took 1.1 and 1.0 s.
SHARD_WEIGHT = 150_000
# Shards leave anchors to our link check (see above); INHERIT deep-merges this into the base configuration.
SHARD_CONFIG = ("validation: {links: {anchors: ignore}}",)


def available_cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def work(text: str) -> int:
    """mkdocs' work on a page of this Markdown beyond the fixed cost every page has (see PAGE_WEIGHT)."""
    prose = sum(len(line) for line in text.splitlines() if not line.startswith("<"))
    return text.count("<") + LINK_WEIGHT * text.count("](") + PROSE_WEIGHT * max(0, prose - PROSE_IN_PAGE_WEIGHT)


def every_page(docs: Path, works: Mapping[str, int], order: list[str]) -> dict[str, int]:
    """Every page of the docs folder (`order`) with its `work`: the rendered pages' (`works`), and the hand-written
    pages' (site_files.py), read here. A page no shard owns would be built by none."""
    return {**works, **{page: work((docs / page).read_text(encoding="utf-8")) for page in order if page not in works}}


def plan(works: Mapping[str, int], jobs: int) -> list[list[str]]:
    """The pages (paths under the docs folder, with their `work`) each shard owns: at most `jobs` shards, as
    many as the weight pays for, each taking the heaviest page left while it is the lightest (longest-processing-
    time first). Deterministic."""
    weight = {page: PAGE_WEIGHT + amount for page, amount in works.items()}
    count = max(1, min(jobs, sum(weight.values()) // SHARD_WEIGHT))
    shards: list[list[str]] = [[] for _ in range(count)]
    loads = [0] * count
    for page in sorted(weight, key=lambda name: (-weight[name], name)):
        lightest = loads.index(min(loads))
        shards[lightest].append(page)
        loads[lightest] += weight[page]
    return [sorted(pages) for pages in shards]


def page_order(docs: Path) -> list[str]:
    """The pages in the order mkdocs builds them, and so lists them in the search index: folders walked top-down in
    name order, `index.md` first within each (mkdocs.structure.files.get_files)."""
    order = []
    for folder, folders, names in os.walk(docs):
        folders.sort()
        relative = Path(folder).relative_to(docs)
        for name in sorted(names, key=lambda name: (os.path.splitext(name)[0] not in ("index", "README"), name)):
            if name.endswith(".md"):
                order.append((relative / name).as_posix())
    return order


def owning(pages: list[str], file: Path, whole_sitemap: bool = False) -> Path:
    """`file`, written to list the pages a shard owns, for the shard-pages plugin (OWNED_PAGES): every other page
    of the docs folder is left out of that shard's mkdocs run (mkdocs still resolves links to it). With
    `whole_sitemap` the process writes the sitemap of every page of the docs folder, not only of those it owns."""
    file.write_text(json.dumps({"pages": sorted(pages), "sitemap": whole_sitemap}), encoding="utf-8")
    return file


def html_path(page: str) -> str:
    """Where mkdocs writes a page with use_directory_urls: false (the base configuration's)."""
    return page.removesuffix(".md") + ".html"


TEMPLATE_CACHE = "FL_TEMPLATE_CACHE"
"""The environment variable naming the folder mkdocs compiles the theme's templates through (template_cache.py).
Defined here, where mkdocs is started, so that starting it never imports mkdocs."""


OWNED_PAGES = "FL_SHARD_PAGES"
"""The environment variable naming the file (`owning`) of the pages an mkdocs process converts (shard_pages.py)."""


def environment_for(templates: Path | None, owned: Path | None = None) -> dict[str, str] | None:
    """The environment an mkdocs process runs in: this one, plus the template folder and the owned pages' list when
    there are."""
    extra = extra_environment(templates, owned)
    return {**os.environ, **extra} if extra else None


def extra_environment(templates: Path | None, owned: Path | None = None) -> dict[str, str]:
    """The variables an mkdocs process of the build needs beside this process's own: the template folder and the
    owned pages' list, when there are."""
    return {name: str(path.resolve()) for name, path in ((TEMPLATE_CACHE, templates), (OWNED_PAGES, owned)) if path}


def run(configs: list[Path], sites: list[Path], templates: Path | None = None,
        owned: Sequence[Path | None] | None = None, warm: Warm | None = None,
        done: Callable[[int], None] | None = None) -> tuple[list[str], list[float]]:
    """Start every shard's mkdocs at once (compiling the theme's templates through `templates`, when given:
    template_cache.py; converting only the pages each `owned` file lists, where one is given: shard_pages.py; in a
    process of `warm`'s while it has one, warm.py); return each failed shard's error output, and each shard's
    seconds. `done(number)` runs as shard `number` ends well, while the others may still run."""
    start = time.perf_counter()
    running: list[tuple[subprocess.Popen[str], str | None]] = []
    for config, site, pages in zip(configs, sites, owned or [None] * len(configs), strict=True):
        arguments = ["build", "--strict", "--quiet", "--config-file", str(config), "--site-dir", str(site.resolve())]
        process = warm.take() if warm else None
        if process is None:
            running.append((subprocess.Popen([sys.executable, "-m", "mkdocs", *arguments], stdout=subprocess.PIPE,
                                             stderr=subprocess.PIPE, text=True, cwd=config.parent,
                                             env=environment_for(templates, pages)), None))
        else:
            running.append((process, job(arguments, str(config.parent), extra_environment(templates, pages))))

    def finish(number: int) -> tuple[str | None, float]:
        process, line = running[number]
        out, err = process.communicate(line)
        ended = time.perf_counter() - start
        if process.returncode:
            return (err or out).strip(), ended
        if done:
            done(number)
        return None, ended

    with ThreadPoolExecutor(len(running)) as pool:  # each shard's output read as it comes, its end timed
        finished = list(pool.map(finish, range(len(running))))
    return [failure for failure, _ in finished if failure is not None], [seconds for _, seconds in finished]


def merge(sites: list[Path], shards: list[list[str]], order: list[str]) -> None:
    """Move each other shard's own pages into `sites[0]`, and give it the search entries of each page's owner, in
    mkdocs' page `order` (that of a single build)."""
    entries: dict[str, list[dict[str, object]]] = {}
    index_file = sites[0] / "search" / "search_index.json"
    index = json.loads(index_file.read_text(encoding="utf-8"))
    for number, (site, pages) in enumerate(zip(sites, shards, strict=True)):
        owned = {html_path(page) for page in pages}
        listed = index["docs"] if number == 0 else json.loads(
            (site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
        for entry in listed:
            location = str(entry["location"]).split("#", 1)[0]
            if location in owned:
                entries.setdefault(location, []).append(entry)
        if number:
            for page in owned:
                (sites[0] / page).parent.mkdir(parents=True, exist_ok=True)  # a folder no page of shard 0 is in
                os.replace(site / page, sites[0] / page)
    index["docs"] = [entry for page in order for entry in entries.get(html_path(page), [])]
    # Material's own serialisation, so the merged index has the bytes a single build writes
    index_file.write_text(json.dumps(index, separators=(",", ":"), default=str), encoding="utf-8")


@contextmanager
def shard_sites(staging: Path, count: int) -> Iterator[list[Path]]:
    """`staging` and a site of its own beside it for each other shard (its pages then move in by rename), which
    is removed whatever happens."""
    sites = [staging] + [Path(tempfile.mkdtemp(prefix=f"{staging.name}-shard-", dir=staging.parent))
                         for _ in range(count - 1)]
    try:
        yield sites
    finally:
        for site in sites[1:]:
            shutil.rmtree(site, ignore_errors=True)
