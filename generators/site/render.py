"""Render step: the linked KB to Markdown pages, one jinja2 template per kind of page.

Record text is data, never markup: autoescape HTML-escapes every value, and the `md` filter also
backslash-escapes Markdown punctuation, so a description holding `<script>`, `|` or `[x](javascript:...)`
renders literally. Output is deterministic: the same KB and `today` give the same bytes.
"""

from __future__ import annotations

import datetime
import functools
import shutil
from collections.abc import Callable, Mapping
from contextlib import nullcontext
from pathlib import Path, PurePosixPath
from typing import NamedTuple

from jinja2 import Environment, FileSystemBytecodeCache, FileSystemLoader, StrictUndefined

from ..collector import one_young_pass
from ..escape import code_span, html_attr, html_attribute, html_cell, md, yaml_double_quoted
from ..forked import take_turns
from ..interop.coverage import Known
from ..kb import evidence
from ..kb.link import KB
from ..kb.reads import Token, recording
from . import descriptions, numbers, pages, shards, source_entries
from .anchors import Anchors
from .citations import Citations
from .incremental import link_files
from .table_rows import Rows
from .template_output import SiteTemplate
from .urls import Urls

TEMPLATES = Path(__file__).parent / "templates"
ASSETS = Path(__file__).parent / "assets"


@functools.cache
def environment() -> Environment:
    """One environment per process: it compiles each template once (a preview renders many times)."""
    # auto_reload off: templates are package files, and checking each one's mtime on every page costs a stat
    env = Environment(loader=FileSystemLoader(TEMPLATES), undefined=StrictUndefined, autoescape=True,
                      keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True, auto_reload=False)
    env.template_class = SiteTemplate  # writes a Markup value as it is, not a copy (template_output.py)
    env.filters.update(md=md, code=code_span, html=html_cell, attr=html_attr, number=numbers.number,
                       price=numbers.price, cost=numbers.cost, tokens=numbers.tokens,
                       price_date=numbers.price_date, source_entry=source_entries.entry)
    return env


def render_site(kb: KB, out: Path, today: datetime.date, known: Known | None = None,
                previous: dict[Path, str] | None = None, also: Callable[[], object] | None = None,
                jobs: int = 1, reuse: Mapping[str, Rendered] | None = None,
                templates: Path | None = None) -> list[Rendered]:
    """Write every page of the site into `out` (emptied first), plus the static assets. Returns the pages.
    `also` (the JSON API) runs beside the pages, and with `jobs` > 1 the pages are shared among that many forked
    processes (not with `previous`, which must see every write). A page in `reuse` (page_cache.reusable) is copied
    from where the previous build left it instead of rendered; with `reuse` given (empty for a first build) each
    page rendered notes what it reads, for the next build (a build without a cache does not pay for that).
    `templates` is a folder to keep the compiled templates in from one build to the next (a build cache's)."""
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    copy_assets(out / "assets")
    compile_templates(templates)
    reuse_asked, reuse = reuse is not None, reuse or {}
    made: set[str] = set()  # every page the KB has now: a kept page of a record since removed is not one of them

    def to_render(path: str) -> bool:
        made.add(path)
        return path not in reuse

    makers = pages.page_makers(kb, today, known, to_render)
    kept = [keep_page(out, path, reuse[path]) for path in sorted(made & reuse.keys())]
    return kept + take_turns(makers, functools.partial(write_page, kb, out, today, previous, record=reuse_asked),
                             jobs if previous is None else 1, first=also)


def compile_templates(folder: Path | None) -> None:
    """Compile every template once here, not once per fork; through `folder` when given, so that the next process
    loads them instead (jinja2 compiles again any whose source changed). The shared environment is left without
    the folder, which a later build may have deleted."""
    env = environment()
    env.bytecode_cache = FileSystemBytecodeCache(str(folder)) if folder else None
    try:
        for template in env.list_templates():
            env.get_template(template)
    finally:
        env.bytecode_cache = None


def keep_page(out: Path, path: str, kept: Rendered) -> Rendered:
    """A page taken as it is from the previous build (page_cache.py), with the other files it wrote: `kept.path` is
    where that build left it. Hard-linked where it can be: nothing writes into a page or its files once they are in
    the docs folder (a rendered page writes fresh files, no two pages write the same one, and site_files refuses to
    replace one), so the cache's copies cannot change through them."""
    cached = kept.path.parents[len(PurePosixPath(path).parts) - 1]  # the docs folder that build left it in
    link_files(cached, out, (path, *kept.files))
    return kept._replace(path=out / path, kept=True)


def render_pages(kb: KB, out: Path, today: datetime.date, known: Known | None = None,
                 wanted: Callable[[str], bool] = lambda path: True,
                 previous: dict[Path, str] | None = None, record: bool = False) -> list[Rendered]:
    """Render the pages `wanted` picks into `out`. With `previous` (the text last written to each file, kept up
    to date here) only files whose text changed are rewritten, so `mkdocs serve --dirty` rebuilds only those; the
    files are never read back, since mkdocs' watcher takes even a read for a change. With `record`, each page notes
    what it reads of the KB. Returns the pages rendered."""
    return [write_page(kb, out, today, previous, make, record) for make in pages.page_makers(kb, today, known, wanted)]


class Rendered(NamedTuple):
    """A page written into the docs folder, mkdocs' work on it (shards.work, what its time grows with, for
    shards.plan), what it read of the KB (reads.py) and the other files it wrote."""

    path: Path
    work: int
    reads: tuple[Token, ...] | None = None
    """Each token once, sorted (the order the cache keeps them in, page_cache.py, so keeping a page sorts nothing).
    None when the render did not note its reads (a build without a cache): such a page is never kept."""
    files: tuple[str, ...] = ()
    kept: bool = False
    """Copied from the previous build rather than rendered."""


def write_page(kb: KB, out: Path, today: datetime.date, previous: dict[Path, str] | None,
               make: Callable[[], pages.Page], record: bool = False) -> Rendered:
    """Make one page, render it and write it, and the files it brings (its feed, its JSON), into `out`; with
    `record`, note all it read of the KB on the way."""
    with one_young_pass(), recording() if record else nullcontext(None) as made:
        page = make()
        cites, url = Citations(kb, page.root), Urls(kb, page.root)
        anchors = Anchors(url)
        text = environment().get_template(page.template).render(
            root=page.root, cite=cites, url=url, anchors=anchors, tables=Rows(kb, today, cites, anchors), today=today,
            dates_first_party=functools.partial(evidence.dates_first_party, kb),
            disagreement=evidence.disagreement, **page.context)
        description = page.description or descriptions.SECTIONS.get(page.path, "")
        text = (front_matter(page.title, page.wide, page.listing, page.search_boost, description)
                + text.rstrip("\n") + "\n" + cites.footnotes())
    write_if_changed(out / page.path, text, previous)
    for name, content in page.files.items():
        write_if_changed(out / name, content, previous)
    return Rendered(out / page.path, shards.work(text), None if made is None else tuple(sorted(made)),
                    tuple(page.files))


def write_if_changed(target: Path, text: str, previous: dict[Path, str] | None) -> None:
    if previous is not None:
        if previous.get(target) == text:
            return
        previous[target] = text
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")


def front_matter(title: str, wide: bool = False, listing: bool = False, boost: float | None = None,
                 description: str = "") -> str:
    """mkdocs would take the title from the H1's text, unescaped, and themes print it raw; give it an escaped one.
    Wide pages (big tables) hide Material's navigation and table of contents to give the table the width; listing
    pages stay out of Material's search index (`search: exclude`); a boost weighs a page in it."""
    if not title:
        return ""
    hide = ("hide:\n  - navigation\n  - toc\n" if wide else "") + ("search:\n  exclude: true\n" if listing else
                                                                   f"search:\n  boost: {boost}\n" if boost else "")
    # Material prints both unescaped, into text (<title>, the nav) and into double-quoted attributes (meta
    # description, og:title): escaped here, once, for the stricter of the two, so a quote cannot end an attribute
    described = html_attribute(description or f"{title}: dated, sourced facts from Frontier Landscape, each linked "
                                              "to where it came from.")
    return (f"---\ntitle: {yaml_double_quoted(html_attribute(title))}\ndescription: {yaml_double_quoted(described)}"
            f"\n{hide}---\n\n")


def copy_assets(target: Path) -> None:
    shutil.copytree(ASSETS, target)
