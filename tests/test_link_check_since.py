"""The link check after a change (linkcheck.since_change) finds what the full check finds.

An incremental build checks again only the pages mkdocs rewrote and the links into them; every other page is the
file an earlier, passing check read. Generated sites test that premise's promise: whatever the rewritten pages
now hold, the check limited to them reports exactly what a check of every link reports.
"""

from __future__ import annotations

import os
from urllib.parse import quote

from hypothesis import given, settings
from hypothesis import strategies as st

from generators.site.linkcheck import PageLinks, broken_in, last_segment, since_change

FOLDERS = ("", "models", "pricing", "models/deep")
NAMES = ("index.html", "a.html", "b b.html", "m%.html")
IDS = ("top", "offering-x", "kv")
PAGES = tuple(os.path.join(folder, name) for folder in FOLDERS for name in NAMES)
FILES = ("assets/chart.svg", "api/v1/catalog.json")


def target_from(page: str, to: str, fragment: str | None, form: int) -> str:
    """A link in `page` to the site file `to`, written one of the ways pages write links."""
    relative = os.path.relpath(to, os.path.dirname(page) or ".")
    path = (relative, quote(relative), "/" + to, "./" + relative, relative + "?v=1")[form]
    return path + (f"#{fragment}" if fragment else "")


@st.composite
def links_of(draw: st.DrawFn, page: str) -> tuple[list[str], set[str]]:
    """A page's targets (to its own anchors, pages, other files and a file the site lacks) and its ids."""
    ids = set(draw(st.lists(st.sampled_from(IDS), max_size=3)))
    targets = []
    for _ in range(draw(st.integers(0, 6))):
        to = draw(st.sampled_from(PAGES + FILES + ("gone.html",)))
        fragment = draw(st.sampled_from((None, *IDS))) if to.endswith(".html") else None
        targets.append(target_from(page, to, fragment, draw(st.integers(0, 4))))
    if draw(st.booleans()):
        targets.append(f"#{draw(st.sampled_from(IDS))}")
    return targets, ids


@st.composite
def changed_sites(draw: st.DrawFn) -> tuple[set[str], PageLinks, set[str]]:
    """A site whose check passes, then some pages rewritten at will (links anywhere, anchors dropped)."""
    drawn = {page: draw(links_of(page)) for page in PAGES}
    files = set(PAGES) | set(FILES)
    ids_only: PageLinks = {page: ([], ids) for page, (_, ids) in drawn.items()}
    before: PageLinks = {page: ([t for t in targets if not broken_in(files, {**ids_only, page: ([t], ids)}, "/")], ids)
                         for page, (targets, ids) in drawn.items()}  # only what a passing check leaves
    assert broken_in(files, before, "/") == []
    changed = set(draw(st.lists(st.sampled_from(PAGES), max_size=4)))
    after = {page: draw(links_of(page)) if page in changed else before[page] for page in PAGES}
    return files, after, changed


@settings(max_examples=300, deadline=None)
@given(changed_sites())
def test_checking_what_changed_reports_what_checking_everything_reports(site: tuple[set[str], PageLinks, set[str]]
                                                                        ) -> None:
    files, parsed, changed = site
    assert broken_in(files, parsed, "/", changed) == broken_in(files, parsed, "/")


@given(st.sampled_from(PAGES), st.sampled_from(PAGES), st.sampled_from((None, *IDS)), st.integers(0, 4))
def test_a_link_to_a_changed_page_is_always_kept(page: str, to: str, fragment: str | None, form: int) -> None:
    target = target_from(page, to, fragment, form)
    assert dict(since_change({page: ([target], set())}, {to})) == {page: [target]}


def test_an_unchanged_page_keeps_only_links_that_may_name_a_changed_page() -> None:
    """The examples the rule was written for: quoted names, queries, fragments, the page itself."""
    parsed: PageLinks = {"models/a.html": (["b.html#x", "../pricing/index.html", "#top", "c%20d.html?q=1#y",
                                           "../assets/e.svg"], {"top"})}
    kept = dict(since_change(parsed, {"models/b.html", "c d.html"}))
    assert kept == {"models/a.html": ["b.html#x", "c%20d.html?q=1#y"]}
    assert last_segment("../models/m%30.html?x#y") == "m0.html" and last_segment("#top") == ""


def test_an_unchanged_pages_link_to_an_unchanged_page_is_not_checked_again() -> None:
    """What the earlier check passed is not checked again: a link it could not have passed goes unseen (the
    premise is the caller's; the full check still sees it)."""
    parsed: PageLinks = {"a.html": (["nowhere.html", "b.html#gone"], set()), "b.html": ([], set())}
    assert broken_in({"a.html", "b.html"}, parsed, "/", {"b.html"}) == ["a.html: b.html#gone (no such anchor)"]
    assert broken_in({"a.html", "b.html"}, parsed, "/") == ["a.html: nowhere.html",
                                                            "a.html: b.html#gone (no such anchor)"]
