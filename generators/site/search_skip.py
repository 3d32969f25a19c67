"""An mkdocs plugin: Material's search indexer is handed each page without the tables it would skip anyway.

Material's search plugin runs an HTML parser over every page and drops whatever sits inside an element marked
`data-search-exclude`. The site marks its big record tables so (prices, offerings, histories), which are most of a
page's markup, so at catalogue scale the indexer spent most of its time parsing what it then threw away. This plugin
removes those tables from the copy of the page the indexer reads; the page itself is untouched, and the index comes
out the same bytes (tests/test_search_skip.py builds a site both ways and compares the index).

Only a `<table ... data-search-exclude ...>` that holds no other `<table` is removed: the indexer skips exactly such
an element with everything inside it, and a table has no headings to open a section. Record text cannot forge one:
it reaches a page escaped.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, event_priority

EXCLUDED_TABLE = re.compile(r"<table\s[^<>]*\bdata-search-exclude\b[^<>]*>.*?</table>", re.DOTALL)
SEARCH = "material/search"


def without_excluded_tables(html: str) -> str:
    """`html` minus each excluded table (one holding another table is left as it is)."""
    return EXCLUDED_TABLE.sub(lambda m: m.group() if m.group().count("<table") > 1 else "", html)


class SearchSkip(BasePlugin):  # type: ignore[type-arg]  # mkdocs' BasePlugin takes an optional config type
    @event_priority(-100)  # after every on_config: Material's search plugin makes its index there
    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        index = getattr(config.plugins.get(SEARCH), "search_index", None)
        if index is None:  # search not enabled: nothing to speed up
            return
        add: Callable[[Any], None] = index.add_entry_from_context

        def add_without_tables(page: Any) -> None:
            lighter = copy.copy(page)
            lighter.content = without_excluded_tables(page.content or "")
            add(lighter)

        index.add_entry_from_context = add_without_tables
