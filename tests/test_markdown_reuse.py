"""One Python-Markdown converter per mkdocs process, reset between pages (markdown_reuse.py): any run of pages comes
out as it does with a new converter for each page, and so does a whole site (issue: build cost)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import markdown
from conftest import FIXTURE_KB, HOSTILE, REPO, TODAY, markdown_options
from hypothesis import given, settings
from hypothesis import strategies as st
from mkdocs.config import load_config
from mkdocs.structure import pages

from generators.site.build import build
from generators.site.markdown_reuse import REUSABLE, MarkdownReuse, Reusing

# Pieces of pages that use what each extension keeps between calls: footnotes and their numbering, headings whose
# ids the table of contents makes unique, tab sets and their counter, fenced code, reference links, raw HTML blocks
PIECES = st.sampled_from([
    "# Title", "## Prices", "## Prices", "### Same {: #fixed }", "Text with a note[^a].", "Another note[^b] here.",
    "[^a]: The first note.", "[^b]: The second, [linked][ref].", "[ref]: https://example.com/ref", "See [ref][].",
    "| A | B |\n| --- | --- |\n| `x` | *y* |", "!!! note\n    An admonition.", "```python\nprint('hi')\n```",
    '=== "One"\n\n    First tab.\n\n=== "Two"\n\n    Second tab.',
    '<table id="t"><tr><td>raw</td></tr></table>', "<p>Raw paragraph</p>", "- a list\n- of two",
    "Plain paragraph with <span>inline HTML</span>.", "", "Line[^missing] without a note."])
PAGES = st.lists(st.lists(PIECES, max_size=8).map("\n\n".join), min_size=1, max_size=5)


@settings(max_examples=80, deadline=None)
@given(PAGES)
def test_a_reset_converter_gives_every_page_what_a_new_one_gives(tmp_path_factory: Any, texts: list[str]) -> None:
    options = markdown_options(tmp_path_factory.mktemp("site") / "docs")
    reusing = Reusing()
    for text in texts:
        fresh, reused = markdown.Markdown(**options), reusing.Markdown(**options)
        assert reused.convert(text) == fresh.convert(text), text
        assert reused.toc_tokens == fresh.toc_tokens  # type: ignore[attr-defined]  # toc's


def test_the_converter_is_kept_only_for_the_same_known_extensions_and_settings(tmp_path: Path) -> None:
    options = markdown_options(tmp_path / "docs")
    assert set(options["extensions"]) <= REUSABLE, "the site's own extensions are all reusable"
    reusing = Reusing()
    first = reusing.Markdown(**options)
    assert reusing.Markdown(**options) is first
    other = reusing.Markdown(extensions=options["extensions"], extension_configs={})
    assert other is not first and reusing.Markdown(extensions=options["extensions"], extension_configs={}) is other
    unknown = {"extensions": [*options["extensions"], "abbr"], "extension_configs": options["extension_configs"]}
    assert reusing.Markdown(**unknown) is not reusing.Markdown(**unknown)
    assert reusing.Markdown(extensions=["toc"], output_format="html") is not reusing.Markdown(
        extensions=["toc"], output_format="html")
    assert reusing.util is markdown.util and reusing.extensions is markdown.extensions  # the rest: the module's


def test_the_plugin_stands_in_for_the_module_once(tmp_path: Path, monkeypatch: Any) -> None:
    monkeypatch.setattr(pages, "markdown", markdown)
    config = load_config(str(REPO / "mkdocs.yml"), docs_dir=str(tmp_path))
    assert "fl-markdown-reuse" in config.plugins
    MarkdownReuse().on_config(config)
    installed = pages.markdown
    assert isinstance(installed, Reusing)
    MarkdownReuse().on_config(config)
    assert pages.markdown is installed


def without_plugin(config: str) -> str:
    line = "  - fl-markdown-reuse\n"
    assert line in config
    return config.replace(line, "")


def test_a_site_built_with_and_without_the_plugin_is_the_same_bytes(tmp_path: Path,
                                                                    built_fixture_site: Path) -> None:
    """The fixture site (with its hostile record), as the session's build made it with the plugin, and again with a
    repository configuration that leaves the plugin out."""
    shutil.copytree(FIXTURE_KB, tmp_path / "kb")
    shutil.copy(HOSTILE, tmp_path / "kb" / "models")
    base = (REPO / "generators" / "site" / "mkdocs.base.yml").read_text(encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(without_plugin(base), encoding="utf-8")
    build(tmp_path / "kb", tmp_path / "public", TODAY)
    made = sorted(p.relative_to(built_fixture_site) for p in built_fixture_site.rglob("*") if p.is_file())
    assert made == sorted(p.relative_to(tmp_path / "public") for p in (tmp_path / "public").rglob("*") if p.is_file())
    assert len(made) > 50
    for name in made:
        assert (tmp_path / "public" / name).read_bytes() == (built_fixture_site / name).read_bytes(), name
