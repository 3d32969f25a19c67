"""Every link the site makes comes from site/urls.py: templates hold no hand-built paths, catalog.json names each
record's page for the scripts, and those pages, the JSON API and the feed are where the built site has them."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

from conftest import REPO

from generators.site import urls

TEMPLATES = REPO / "generators" / "site" / "templates"
ASSETS = REPO / "generators" / "site" / "assets"
HAND_BUILT = re.compile(r"""(\]\(|href="|src="|data-catalog=")"""
                        r"""(\.\./|\{\{ root \}\}|#offering-|api/v1|changelog\.xml)""")
"""A Markdown or HTML link target written out in a template rather than asked of `url` (prose naming a file in
backticks is fine)."""


def test_templates_ask_urls_for_every_link() -> None:
    found = [f"{path.name}:{number}: {line.strip()[:100]}"
             for path in sorted(TEMPLATES.glob("*.j2"))
             for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
             if HAND_BUILT.search(line)]
    assert found == []


def test_the_pattern_catches_what_it_is_for() -> None:
    for line in ['[feed]({{ root }}changelog.xml)', '<a href="#offering-{{ o.id }}">', '[x](../api/v1/models.json)',
                 '<a href="{{ root }}sources/index.html#{{ s }}">',
                 '<form data-catalog="{{ root }}api/v1/catalog.json">']:
        assert HAND_BUILT.search(line), line
    assert not HAND_BUILT.search("Everything comes from [`api/v1/catalog.json`]({{ url.api('catalog.json') }}).")


def test_the_scripts_read_the_catalogue_where_the_api_writes_it() -> None:
    script = (ASSETS / "search_hits.js").read_text(encoding="utf-8")
    assert f'var CATALOG = "{urls.api_file("catalog.json")}";' in script
    for name in ("search_hits.js", "compare.js"):
        text = (ASSETS / name).read_text(encoding="utf-8")
        assert '".html"' not in text and "#offering-" not in text, f"{name} builds a page address itself"


def test_catalog_pages_feed_and_api_are_where_the_built_site_has_them(built_fixture_site: Path) -> None:
    catalog = json.loads((built_fixture_site / urls.api_file("catalog.json")).read_text(encoding="utf-8"))
    gpt4o = next(m for m in catalog["models"] if m["id"] == "gpt-4o")
    assert gpt4o["page"] == "models/gpt-4o.html"  # the fixture's record, its page written out here
    assert [o["page"] for o in gpt4o["offerings"]] == ["models/gpt-4o.html#offering-openai--gpt-4o"]
    for record in catalog["models"] + catalog["providers"]:
        assert (built_fixture_site / record["page"]).is_file(), record["page"]
    for offering in (o for m in catalog["models"] for o in m["offerings"]):
        page, anchor = offering["page"].split("#")
        assert f'id="{anchor}"' in (built_fixture_site / page).read_text(encoding="utf-8"), offering["page"]
    feed = ET.parse(built_fixture_site / urls.FEED).getroot()
    links = {link.get("rel"): link.get("href") for link in feed.findall("{http://www.w3.org/2005/Atom}link")}
    assert links == {"self": "changelog.xml", "alternate": "changelog/index.html"}
    assert (built_fixture_site / links["alternate"]).is_file()
