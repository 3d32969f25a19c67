"""An mkdocs plugin: one Python-Markdown converter per mkdocs process, reset between pages, not one built per page.

mkdocs builds a new `markdown.Markdown` for every page (mkdocs.structure.pages.Page.render): it imports and sets up
each extension and registers some sixty processors, then sorts them on first use. On a catalogue model page that is
about 1 ms of the 3.8 Python-Markdown takes. Python-Markdown's `reset()` is there to convert another document with
the same converter: it empties the stash and the references and resets every extension that keeps state. mkdocs
then registers its four per-page processors under their fixed names, which replaces the previous page's.

A converter is only reused when every extension configured is in REUSABLE, extensions whose whole state `reset()`
clears (tests/test_markdown_reuse.py converts runs of generated pages both ways and compares them, and a site built
with and without the plugin); with any other, each page gets a new converter as before.
"""

from __future__ import annotations

from typing import Any

import markdown
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin
from mkdocs.structure import pages

REUSABLE = frozenset({"toc", "tables", "fenced_code", "footnotes", "attr_list", "admonition", "pymdownx.superfences",
                      "pymdownx.tabbed", "generators.site.html_blocks", "generators.site.markdown_speedups"})
"""mkdocs' own three and the site's (mkdocs.base.yml)."""
NAME = "markdown"
"""The name mkdocs' pages module calls Python-Markdown by (`markdown.Markdown(...)` in Page.render)."""


class Reusing:
    """Stands in for the `markdown` module where mkdocs' pages use it: `Markdown(...)` hands back the converter it
    made last, reset, when asked with the same extensions and settings; every other name is the module's own."""

    def __init__(self) -> None:
        self.last: tuple[tuple[object, ...], markdown.Markdown] | None = None

    def __getattr__(self, name: str) -> Any:
        return getattr(markdown, name)

    def Markdown(self, **options: Any) -> markdown.Markdown:  # the name mkdocs calls
        extensions = options.get("extensions") or []
        if set(options) - {"extensions", "extension_configs"} or not all(
                isinstance(name, str) and name in REUSABLE for name in extensions):
            return markdown.Markdown(**options)
        key = (tuple(extensions), repr(options.get("extension_configs")))
        if self.last is None or self.last[0] != key:
            self.last = (key, markdown.Markdown(**options))  # Markdown() ends with its own reset()
            return self.last[1]
        return self.last[1].reset()


class MarkdownReuse(BasePlugin):  # type: ignore[type-arg, no-untyped-call]  # mkdocs: optional config type, unannotated hook
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if not isinstance(getattr(pages, NAME), Reusing):  # once per process: `kb serve` loads the configuration again
            setattr(pages, NAME, Reusing())
        return config
