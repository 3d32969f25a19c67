"""An mkdocs plugin: the mkdocs process of a shard (shards.py) converts only the pages it owns.

`kb build` names, in the environment variable shards.OWNED_PAGES, a file listing the pages a process owns; this
plugin marks every other Markdown page of the docs folder excluded, the inclusion level `exclude_docs` would give it
(mkdocs still resolves links to it, and writes nothing for it). It looks each file up in a set, so a shard's cost
does not grow with the number of pages it leaves out; one `exclude_docs` pattern per page made mkdocs try every
pattern on every file. Without the variable (a plain `mkdocs build` of the docs folder, `kb serve`) it does nothing.

A page left out is missing from the sitemap mkdocs writes, which lists the pages it built. An incremental build
whose set of pages changed (a record added or removed) needs the sitemap of the whole docs folder from the process
that converts its changed pages: the file then asks for it (`sitemap`), and once mkdocs has written the pages this
plugin writes the sitemap again, through mkdocs' own step, with every page left out given back its inclusion level.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from jinja2 import Environment
from mkdocs.commands.build import _build_theme_template
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from .shards import OWNED_PAGES

SITEMAP = "sitemap.xml"


def leave_out(files: Files, owned: set[str]) -> dict[File, InclusionLevel]:
    """Mark every Markdown page not in `owned` (paths under the docs folder) excluded; each one's level before."""
    left: dict[File, InclusionLevel] = {}
    for file in files:
        if file.src_uri.endswith(".md") and file.src_uri not in owned:
            left[file], file.inclusion = file.inclusion, InclusionLevel.EXCLUDED
    return left


def owned_pages() -> tuple[set[str], bool] | None:
    """The pages this process owns and whether it writes the whole docs folder's sitemap; None for a process that
    owns every page."""
    listed = os.environ.get(OWNED_PAGES)
    if not listed:
        return None
    asked = json.loads(Path(listed).read_text(encoding="utf-8"))
    return set(asked["pages"]), bool(asked["sitemap"])


class ShardPages(BasePlugin):  # type: ignore[type-arg, no-untyped-call]  # mkdocs: optional config type, unannotated hook
    left_out: dict[File, InclusionLevel]
    whole_sitemap = False
    nav: Navigation | None = None
    built: tuple[Environment, Files] | None = None

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        self.left_out, asked = {}, owned_pages()
        if asked is not None:
            self.left_out, self.whole_sitemap = leave_out(files, asked[0]), asked[1]
        return files

    def on_nav(self, nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> Navigation:
        self.nav = nav
        return nav

    @event_priority(-100)  # after every other plugin's on_env: the environment mkdocs renders with
    def on_env(self, env: Environment, /, *, config: MkDocsConfig, files: Files) -> Environment:
        self.built = (env, files)
        return env

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.whole_sitemap and self.built and self.nav and SITEMAP in config.theme.static_templates:
            env, files = self.built
            for file, level in self.left_out.items():
                file.inclusion = level
                if file.page is None:
                    Page(None, file, config)  # what mkdocs makes for every page it lists (get_navigation)
            _build_theme_template(SITEMAP, env, files, config, self.nav)
