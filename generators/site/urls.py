"""The site's URL layout, in one place: every link a page or feed makes is built here.

A page is named by its path under the site root without extension (`models/gpt-4o`). Markdown links end in
`.md` (mkdocs rewrites and validates them); raw HTML, SVG and the feed use the final `.html`. `root` is the
relative prefix from the linking page back to the site root (`../` from a record page).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Literal
from urllib.parse import quote

from ..kb.link import KB, Key
from ..kb.records import Assessment, BenchmarkClaim, Offering, PriceHistory

Ext = Literal["md", "html"]

SECTIONS = {"models": "models", "providers": "providers", "attention": "attention", "benchmarks": "benchmarks",
            "workloads": "pricing"}
"""Record kinds with a page of their own, and the section folder their pages live in."""


@dataclass(frozen=True)
class Target:
    """A page (and optionally an anchor on it), before it is written relative to a linking page."""

    page: str
    anchor: str = ""

    def href(self, root: str = "", ext: Ext = "md") -> str:
        return f"{root}{self.page}.{ext}" + (f"#{self.anchor}" if self.anchor else "")


API = "api/v1"
"""The JSON API's folder under the site root (export.py writes it, pages and scripts read from it)."""
FEED = "changelog.xml"
"""The Atom feed, at the site root."""


def api_file(name: str) -> str:
    """A JSON API file's path from the site root, e.g. `api/v1/catalog.json`."""
    return f"{API}/{name}"


def api_schema(kind: str) -> str:
    return api_file(f"schemas/{kind}.schema.json")


def offering_anchor(item: Offering) -> str:
    """The id of an offering's section on its model's page."""
    return f"offering-{item.id}"


def section(name: str) -> Target:
    """A section's index page, e.g. `pricing`, `changelog`, `sources`."""
    return Target(f"{name}/index")


def source(source_id: str) -> Target:
    return Target("sources/index", source_id)


def offering_target(item: Offering) -> Target:
    """Offerings have no page of their own: they are a section of their model's page."""
    return Target(f"models/{item.model}", offering_anchor(item))


def record(kind: str, record_id: str) -> Target:
    if kind == "sources":
        return source(record_id)
    return Target(f"{SECTIONS[kind]}/{record_id}")


def citing(kb: KB, key: Key) -> Target:
    """Where a record that cites another is shown: its own page, or the page that shows it."""
    kind, record_id = key
    item = kb.get(kind, record_id)
    if isinstance(item, Offering):
        return offering_target(item)
    if isinstance(item, PriceHistory):
        owner = kb.get("offerings", item.offering)
        return offering_target(owner) if isinstance(owner, Offering) else section("pricing")
    if isinstance(item, BenchmarkClaim):
        return record("benchmarks", item.benchmark)
    if isinstance(item, Assessment):
        return section("choosing")
    return record(kind, record_id)


REPO_URL = os.environ.get("REPO_URL", "https://github.com/frontier-landscape/frontier-landscape").rstrip("/")
"""Where the records live; forks set REPO_URL (as for `kb build`, which also passes it to mkdocs)."""


def record_file(kb: KB, key: Key) -> str:
    """The record's YAML path in the repository, `kb/<kind>/...`, as the contributor would edit it."""
    return "kb/" + kb.entries[key].place


def edit(kb: KB, key: Key) -> str:
    return f"{REPO_URL}/edit/main/{quote(record_file(kb, key))}"


def report_error(kb: KB, key: Key) -> str:
    """The "report an error" issue form, titled with the record it is about."""
    title = quote(f"Error in {key[0]}/{key[1]}")
    return f"{REPO_URL}/issues/new?template=report-an-error.yml&title={title}&record={quote(record_file(kb, key))}"


class Urls:
    """The jinja global `url`: the functions above, written relative to the page being rendered."""

    def __init__(self, kb: KB, root: str) -> None:
        self.kb, self.root = kb, root

    def record(self, kind: str, record_id: str, ext: Ext = "md") -> str:
        return record(kind, record_id).href(self.root, ext)

    def offering(self, item: Offering, ext: Ext = "md") -> str:
        return offering_target(item).href(self.root, ext)

    def section(self, name: str, ext: Ext = "md") -> str:
        return section(name).href(self.root, ext)

    def source(self, source_id: str, ext: Ext = "md") -> str:
        return source(source_id).href(self.root, ext)

    def citing(self, key: Key, ext: Ext = "md") -> str:
        return citing(self.kb, key).href(self.root, ext)

    def edit(self, kind: str, record_id: str) -> str:
        return edit(self.kb, (kind, record_id))

    def report_error(self, kind: str, record_id: str) -> str:
        return report_error(self.kb, (kind, record_id))

    def target(self, target: Target, ext: Ext = "md") -> str:
        return target.href(self.root, ext)

    def api(self, name: str) -> str:
        """A JSON API file, e.g. `api("catalog.json")`."""
        return self.root + api_file(name)

    def api_schema(self, kind: str) -> str:
        return self.root + api_schema(kind)

    def feed(self) -> str:
        return self.root + FEED

    def offering_anchor(self, item: Offering) -> str:
        return offering_anchor(item)
