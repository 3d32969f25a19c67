"""An mkdocs plugin: the mkdocs process of a shard (shards.py) converts only the pages it owns.

`kb build` names, in the environment variable shards.OWNED_PAGES, a file listing the pages a process owns; this
plugin marks every other Markdown page of the docs folder excluded, the inclusion level `exclude_docs` would give it
(mkdocs still resolves links to it, and writes nothing for it). It looks each file up in a set, so a shard's cost
does not grow with the number of pages it leaves out; one `exclude_docs` pattern per page made mkdocs try every
pattern on every file. Without the variable (a plain `mkdocs build` of the docs folder, `kb serve`) it does nothing.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import Files, InclusionLevel

from .shards import OWNED_PAGES


def leave_out(files: Files, owned: set[str]) -> None:
    """Mark every Markdown page not in `owned` (paths under the docs folder) excluded."""
    for file in files:
        if file.src_uri.endswith(".md") and file.src_uri not in owned:
            file.inclusion = InclusionLevel.EXCLUDED


class ShardPages(BasePlugin):  # type: ignore[type-arg, no-untyped-call]  # mkdocs: optional config type, unannotated hook
    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        listed = os.environ.get(OWNED_PAGES)
        if listed:
            leave_out(files, set(json.loads(Path(listed).read_text(encoding="utf-8"))))
        return files
