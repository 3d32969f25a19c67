"""An mkdocs plugin: the theme's templates compiled once per build cache, not once per mkdocs process.

Every `mkdocs build` compiles Material's templates (main.html, base.html and the ~40 partials they include) before
it writes a page: about 0.35 s, a third of an incremental build's mkdocs run at catalogue scale, spent again on
every push although the templates change only with Material's version. With `kb build --cache`, the build hands
mkdocs a folder inside the cache (shards.TEMPLATE_CACHE), and this plugin gives the theme's jinja2 environment a
bytecode cache there. `kb serve` hands its mkdocs a folder of the session: each rebuild after an edit loads the
configuration, and so a new environment, afresh, and the compile was half of a one-page rebuild.

jinja2 keys each compiled template by its name and checks the source's checksum and its own and Python's versions
before using one, so an edited or upgraded template is compiled again, never served stale; the pages come out the
same bytes (tests/test_template_cache.py).

Compiled templates are code: the folder is trusted as the cache's docs and site are, which a build copies into the
published site. It is the build's own folder (refused when it holds anything a build did not write).
"""

from __future__ import annotations

import os

from jinja2 import Environment, FileSystemBytecodeCache
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import Files

from .shards import TEMPLATE_CACHE


def use_cache(env: Environment, folder: str | None) -> Environment:
    """`env` compiling through `folder` when it names an existing folder; unchanged otherwise (no cache asked for,
    or the folder gone: compiling without is always correct)."""
    if folder and os.path.isdir(folder):
        env.bytecode_cache = FileSystemBytecodeCache(folder)
    return env


class TemplateCache(BasePlugin):  # type: ignore[type-arg, no-untyped-call]  # mkdocs: optional config type, unannotated hook
    @event_priority(100)  # before Material's search plugin, whose on_config reads its translations through the theme
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Every environment the theme makes compiles through the folder, not only the one pages are rendered in:
        Material's search plugin makes three more to read its translations (`partials/language.html`), and compiled
        that template and its language's in each of them, in every mkdocs process (0.045 s of CPU each)."""
        theme, folder = config.theme, os.environ.get(TEMPLATE_CACHE)
        if folder:  # each load of the configuration (kb serve's every rebuild) makes a new theme
            make = theme.get_env
            theme.get_env = lambda: use_cache(make(), folder)  # type: ignore[method-assign]  # this theme's only
        return config

    @event_priority(100)  # before any other plugin's on_env could load a template
    def on_env(self, env: Environment, /, *, config: MkDocsConfig, files: Files) -> Environment:
        return use_cache(env, os.environ.get(TEMPLATE_CACHE))
