"""The site's own configuration and hand-written material sit at the repository's top level (`mkdocs.yml`,
`site/`) and the build uses them; a KB repository without them builds with the package's defaults."""

from __future__ import annotations

import html
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import FIXTURE_KB, TODAY, repository_with_edited_nav

from generators.site.build import build


@pytest.fixture(scope="module")
def repository(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A repository like this one: the fixture KB beside this repository's mkdocs.yml and site/, with the root
    navigation edited."""
    top = tmp_path_factory.mktemp("repository")
    build(repository_with_edited_nav(top), top / "public", TODAY)
    return top / "public"


def navigation(page: Path) -> list[str]:
    """The labels of Material's navigation entries on a page."""
    return re.findall(r'<span class="md-ellipsis">\s*([^<]*?)\s*</span>', page.read_text(encoding="utf-8"))


def test_a_change_to_the_root_navigation_shows_on_the_built_site(repository: Path) -> None:
    labels = navigation(repository / "index.html")
    assert "Prices, edited at the root" in labels and "Pricing" not in labels
    assert {"About", "Methodology", "Contributing"} <= set(labels)


def test_the_hand_written_pages_are_published_and_in_the_navigation(repository: Path) -> None:
    for page, heading in (("about", "About Frontier Landscape"), ("methodology", "Methodology"),
                          ("contributing", "Contributing")):
        assert f">{heading}</h1>" in (repository / f"{page}.html").read_text(encoding="utf-8")
    assert 'href="methodology.html"' in (repository / "index.html").read_text(encoding="utf-8")


def test_the_theme_overrides_add_the_feed_and_link_previews_to_every_page(repository: Path) -> None:
    page = (repository / "models" / "gpt-4o.html").read_text(encoding="utf-8")
    [href] = re.findall(r'<link rel="alternate" type="application/atom\+xml"[^>]*href="([^"]+)"', page)
    assert href == "../changelog.xml"
    feed = (repository / "models" / href).resolve()  # the link leads to the feed the build wrote
    assert feed.is_file() and "<feed xmlns=\"http://www.w3.org/2005/Atom\"" in feed.read_text(encoding="utf-8")
    assert '<meta property="og:title" content="GPT-4o">' in page


def test_a_repository_without_them_builds_with_the_package_defaults(tmp_path: Path) -> None:
    shutil.copytree(FIXTURE_KB, tmp_path / "kb")
    build(tmp_path / "kb", tmp_path / "public", TODAY)
    home = (tmp_path / "public" / "index.html").read_text(encoding="utf-8")
    assert "Pricing" in navigation(tmp_path / "public" / "index.html")
    assert not (tmp_path / "public" / "about.html").exists() and 'type="application/atom+xml"' not in home


def test_every_page_describes_itself_and_the_site_has_robots_and_a_helpful_404(repository: Path) -> None:
    def description(page: str) -> str:
        [text] = re.findall(r'<meta name="description" content="([^"]*)"', (repository / page).read_text("utf-8"))
        return html.unescape(text)  # the attribute's value as a browser reads it

    # The fixture's GPT-4o: released 2024-05-13, 128,000 tokens, $2.50 / $10 since 2024-08-06 at OpenAI, live.
    assert description("models/gpt-4o.html") == ("GPT-4o, OpenAI's model released 2024-05-13: 128,000-token context; "
                                                 "from $2.50 / $10.00 per 1M tokens (input / output) at the cheapest "
                                                 "live host; live.")
    # Anthropic: Claude 3.5 Sonnet (retired 2025-10-22) and Claude Sonnet 4, both its own.
    assert description("providers/anthropic.html").startswith(
        "Anthropic: 2 model offerings (1 live), 2 models trained;")
    assert description("pricing/index.html").startswith("Current list prices of every live LLM offering")
    shown = [description(str(p.relative_to(repository))) for p in repository.rglob("*.html") if p.name != "404.html"]
    assert len(set(shown)) == len(shown), "every page describes itself in its own words"
    assert "Sitemap: " in (repository / "robots.txt").read_text(encoding="utf-8")
    missing = (repository / "404.html").read_text(encoding="utf-8")
    assert "Page not found" in missing and "models/index.html" in missing and "choose/index.html" in missing


def test_a_quote_in_a_record_name_cannot_end_a_head_attribute(tmp_path: Path) -> None:
    """A model named `GPT-4o "x" onload=alert(1)`: the description and og:title attributes hold the whole name."""
    kb_root = repository_with_edited_nav(tmp_path / "repository")
    record = kb_root / "models" / "gpt-4o.yaml"
    hostile = record.read_text(encoding="utf-8").replace("name: GPT-4o\n", 'name: GPT-4o "x" onload=alert(1)\n')
    record.write_text(hostile, encoding="utf-8")
    build(kb_root, tmp_path / "public", TODAY)
    metas: list[dict[str, str | None]] = []

    class Head(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            if tag == "meta":
                metas.append(dict(attrs))

    Head().feed((tmp_path / "public" / "models" / "gpt-4o.html").read_text(encoding="utf-8"))
    described = [m for m in metas if m.get("name") == "description" or m.get("property") == "og:title"]
    assert len(described) == 2 and not any("onload" in m for m in described)
    assert all((m.get("content") or "").startswith('GPT-4o "x" onload=alert(1)') for m in described)
