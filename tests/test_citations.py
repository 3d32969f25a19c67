"""A page's footnotes link to their sources as raw HTML, the markup a Markdown link would become (citations.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import FIXTURE_KB, TODAY

from generators.kb.validate import judged_on, validate_kb
from generators.site.build import build
from generators.site.citations import Citations


def test_a_footnote_links_to_its_source_on_the_sources_page_from_the_page_s_folder() -> None:
    kb, _ = validate_kb(FIXTURE_KB, judged_on(TODAY))
    cite = Citations(kb, "../")
    cite(["anthropic-claude-3-5-sonnet"])
    assert cite.footnotes() == (
        "\n[^anthropic-claude-3-5-sonnet]: <a href=\"../sources/index.html#anthropic-claude-3-5-sonnet\">Introducing "
        "Claude 3.5 Sonnet</a> — Anthropic, 2024-06-20\n")


def test_a_hostile_title_stays_text_inside_the_link(tmp_path: Path) -> None:
    kb_root = tmp_path / "kb"
    shutil.copytree(FIXTURE_KB, kb_root)
    source = kb_root / "sources" / "anthropic-claude-3-5-sonnet.yaml"
    source.write_text(source.read_text(encoding="utf-8").replace(
        "title: Introducing Claude 3.5 Sonnet", "title: '</a><script>x()</script> [y](javascript:z) *w*'"),
        encoding="utf-8")
    build(kb_root, tmp_path / "site", TODAY)
    page = (tmp_path / "site" / "models" / "claude-3-5-sonnet.html").read_text(encoding="utf-8")
    assert ('<a href="../sources/index.html#anthropic-claude-3-5-sonnet">&lt;/a&gt;&lt;script&gt;x()&lt;/script&gt; '
            '[y](javascript:z) *w*</a>') in page
    assert "<script>x()" not in page and 'href="javascript' not in page
