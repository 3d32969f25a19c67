"""Every free-text field of every record at once holds a script, an event handler, a javascript: link and an
attribute list; the real build (mkdocs, the theme, search) publishes it, and chromium runs none of it on any page.

The fields are the ones tests/test_hostile_pages.py finds (every string of the fixture KB that accepts prose and
shows on a page), so a new field is covered without touching this file.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser_support import chromium, served
from conftest import FIXTURE_KB, TODAY
from test_hostile_pages import Field, write_field

from generators.site.build import build

playwright_api = pytest.importorskip("playwright.sync_api")


def payload(number: int) -> str:
    """Hostile text that still validates as one line (at most 200 characters); numbered, so names stay unique."""
    return (f"<script>window.__pwned={number}</script><img src=x onerror=window.__pwned={number}>"
            f"[x](javascript:window.__pwned={number}){{: onmouseover=window.__pwned={number} }} `{number}`")


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory, hostile_fields: tuple[Field, ...]
                 ) -> Iterator[tuple[str, list[Path], dict[str, int]]]:
    work = tmp_path_factory.mktemp("hostile-every-field")
    root = work / "kb"
    shutil.copytree(FIXTURE_KB, root)
    fields = [f for f in hostile_fields if f.kind == "text"]
    written: dict[str, int] = {}
    by_file: dict[Path, list[Field]] = {}
    for field in fields:
        by_file.setdefault(field.file, []).append(field)
    for file, found in by_file.items():
        for field in found:
            number = len(written) + 1
            written[str(field)] = number
            write_field(root, field, payload(number), source=(root / file).read_text(encoding="utf-8"))
    build(root, work / "public", TODAY)
    pages = sorted(p.relative_to(work / "public") for p in (work / "public").rglob("*.html"))
    with served(work / "public") as origin:
        yield origin, pages, written


def test_no_payload_runs_on_any_page(hostile_site: tuple[str, list[Path], dict[str, int]]) -> None:
    origin, pages, written = hostile_site
    assert len(written) >= 30 and len(pages) >= 30
    shown: set[str] = set()
    with chromium(playwright_api) as browser:
        context = browser.new_context()
        page = context.new_page()
        dialogs: list[str] = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        for path in pages:
            page.goto(f"{origin}/{path}")
            page.wait_for_load_state("load")
            page.eval_on_selector_all("a, td, img, svg, p, li, span, code", "nodes => nodes.forEach(n => ["
                                      "'mouseover', 'mouseenter', 'error'].forEach(t => n.dispatchEvent("
                                      "new MouseEvent(t, {bubbles: true, cancelable: true}))))")
            assert page.evaluate("window.__pwned") is None, path
            handlers = page.evaluate("""() => [...document.querySelectorAll('*')].flatMap(e => [...e.attributes]
                .filter(a => a.name.startsWith('on') || /^\\s*javascript:/i.test(a.value)).map(a => a.name))""")
            assert handlers == [], (path, handlers)
            text = page.locator("body").inner_text()
            shown |= {name for name, number in written.items() if payload(number) in " ".join(text.split())}
        context.close()
    assert dialogs == []
    # Every field shows somewhere, written out as text (the theme may shorten a title, never a page body).
    assert set(written) - shown == set(), sorted(set(written) - shown)
