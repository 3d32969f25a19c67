"""Upstream text in GitHub Markdown prose (escape.github_text, the one escape of that sink: the freshness issue, the
refresh pull request): rendered by markdown-it-py with GitHub's extensions (tables, strikethrough, autolinks via
linkify-it-py), generated hostile text makes no element at all (no link, image, emphasis, heading or HTML) and reads
back exactly as the terminal-safe line."""

from __future__ import annotations

import html
import re

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from generators.escape import github_text, terminal

markdown_it = pytest.importorskip("markdown_it")
pytest.importorskip("linkify_it")

GITHUB = markdown_it.MarkdownIt("gfm-like")
PIECES = st.sampled_from(["https://evil.example/x?a=1", "HTTP://EVIL.EXAMPLE", "www.evil.com", "WWW.evil.org",
                          "a@evil.com", "@octocat", "*em*", "__strong__", "[link](https://x.example)",
                          "![img](https://x.example/i.png)", "<img src=x onerror=alert(1)>", "# heading", "| a | b |",
                          "~~gone~~", "`code`", "&amp;", "\\", "\n- item", "ftp://files.example"])
HOSTILE = st.lists(PIECES | st.text(max_size=8), max_size=8).map(" ".join)


def rendered(text: str) -> str:
    return GITHUB.render(text).strip()


@given(HOSTILE)
@example("\n- item")  # a list where the text is placed, found by a run of this test
@example("1. first")
@example("   ---")
@example("A.AL")  # a bare domain, which linkify-it links (found by a run of this test)
def test_hostile_text_renders_as_exactly_itself(text: str) -> None:
    out = rendered(github_text(text))
    inner = re.fullmatch(r"<p>(.*)</p>", out, re.DOTALL)
    expected = terminal(text).strip()
    if not expected:
        return
    assert inner, out  # one paragraph, nothing else: no heading, list, table or block of HTML
    assert "<" not in inner.group(1).replace("<br />", ""), out  # no element inside it: no link, image, emphasis
    assert html.unescape(inner.group(1)) == expected


@pytest.mark.parametrize("url", ["https://evil.example/x", "www.evil.com"])
def test_a_bare_url_in_an_upstream_error_is_not_a_link(url: str) -> None:
    assert "<a " in rendered(f"error from {url}")  # what GitHub would do to it raw
    assert "<a " not in rendered(github_text(f"error from {url}"))
