"""Property tests: for any text a record may hold, each escape shows exactly that text in its context and nothing
comes from it: no element, attribute or link on a page, no statement in Python, no expansion in shell."""

from __future__ import annotations

import ast
import subprocess
from html.parser import HTMLParser

import markdown
from hypothesis import given, settings
from hypothesis import strategies as st

from generators.escape import code_comment, code_span, html_attribute, html_text, md, one_line, shell_double_quoted
from generators.live.snippets import Snippet, code_blocks, python_literal, tabs

# Record text as contributors could write it: any character, including the hostile ones this file is about.
TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60) | st.sampled_from([
    "<script>alert(1)</script>", "[x](javascript:alert(1))", "{: onmouseover=alert(1) }", "`code` ``x``",
    "https://x/)[web](javascript:alert(1))", "a\nb\r```\n<script>", "\u202etxt", "$(id) `id` \"q\" \\", "*b* _i_ |",
    "'}\x00", "https://a.example/&#", "&#x", "&#12", "&amp;", "a &#; b", "= heading?", "=="])
EXTENSIONS = ["tables", "footnotes", "attr_list", "admonition", "toc", "pymdownx.superfences", "pymdownx.tabbed"]


class Dom(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str | None]] = []
        self.attribute_names: list[tuple[str, ...]] = []
        """Per element, in the order of `tags`."""
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes += attrs
        self.attribute_names.append(tuple(sorted(name for name, _ in attrs)))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def dom(html: str) -> Dom:
    parsed = Dom()
    parsed.feed(html)
    return parsed


@settings(max_examples=150, deadline=None)
@given(TEXT)
def test_markdown_text_renders_literally_in_a_paragraph_a_cell_and_link_text(text: str) -> None:
    expected = one_line(text)
    for source, wrappers in ((f"{md(text)}\n", {"p"}), (f"| a |\n| --- |\n| {md(text)} |\n", {"table", "thead",
                             "tbody", "tr", "th", "td"}), (f"[{md(text)}](../x.md)\n", {"p", "a"})):
        page = dom(markdown.markdown(source, extensions=EXTENSIONS))
        assert set(page.tags) <= wrappers, (text, page.tags)
        assert [name for name, _ in page.attributes] in ([], ["href"]), page.attributes
        shown = "".join(page.text).replace("\n", "")
        assert shown.endswith(expected.strip()) or expected.strip() == "", (text, shown)


AFTER = 'then <a href="../y.md">a link</a>; <span class="k">kept</span>'
"""Markup the page writes after a record's text, on the same line and the next: it must come out whole."""


@settings(max_examples=150, deadline=None)
@given(TEXT, st.sampled_from([md, code_span]))
def test_record_text_leaves_the_markup_after_it_whole(text: str, escape: object) -> None:
    """Python-Markdown runs an HTML parser over the raw page before anything else; text that reaches it unescaped
    (`&#` without digits did, in a backtick code span) makes it lose a later inline tag and what follows it."""
    assert callable(escape)
    shown = escape(text)
    sources = (f"Before {shown} {AFTER}\n\nNext {AFTER}\n",
               f"| a | b |\n| --- | --- |\n| {shown} | {AFTER} |\n| c | {AFTER} |\n\nNext {AFTER}\n",
               f"### Head {shown} {{: #head }}\n\nNext {AFTER}\n")
    for source in sources:
        page = dom(markdown.markdown(source, extensions=EXTENSIONS))
        assert page.tags.count("a") == page.tags.count("span") == source.count("<span"), (text, source, page.tags)
        assert set(page.tags) - {"p", "table", "thead", "tbody", "tr", "th", "td", "h3", "a", "span"} <= {"code"}
        assert "".join(page.text).count("kept") == source.count("kept"), (text, page.text)
        assert ("id", "head") in page.attributes or "###" not in source


@settings(max_examples=150, deadline=None)
@given(TEXT, st.sampled_from([(md, ["p"]), (code_span, ["p", "code"])]))
def test_text_and_inline_code_show_the_text_as_written(text: str, escape: tuple[object, list[str]]) -> None:
    function, tags = escape
    assert callable(function)
    page = dom(markdown.markdown(f"x {function(text)} y\n", extensions=EXTENSIONS))
    assert page.tags == tags and page.attributes == []
    assert "".join(page.text) == f"x {one_line(text)} y"


@settings(max_examples=150, deadline=None)
@given(TEXT)
def test_html_text_and_attributes_hold_text_and_nothing_else(text: str) -> None:
    page = dom(f'<span title="{html_attribute(text)}">{html_text(text)}</span>')
    assert page.tags == ["span"] and page.attributes == [("title", text)]
    assert "".join(page.text) == text


@settings(max_examples=100, deadline=None)
@given(TEXT, TEXT)
def test_generated_python_keeps_values_in_literals_and_comments(value: str, name: str) -> None:
    code = f"# {code_comment(name)} says hello\nmodel = {python_literal(value)}\nprint(model)\n"
    tree = ast.parse(code)
    assert len(tree.body) == 2, "a newline in the comment must not start a statement"
    assert ast.literal_eval(tree.body[0].value) == value


@settings(max_examples=40, deadline=None)
@given(TEXT)
def test_generated_shell_keeps_a_double_quoted_url_one_word(value: str) -> None:
    script = f'printf %s "${{UNSET_VARIABLE_FOR_TEST:-{shell_double_quoted(value)}}}"'
    result = subprocess.run(["bash", "-c", script], capture_output=True, text=True, check=False,
                            env={"PATH": "/usr/bin:/bin"})
    assert result.returncode == 0 and result.stdout == one_line(value).replace("'", "%27")


@settings(max_examples=60, deadline=None)
@given(TEXT, TEXT)
def test_a_code_tab_cannot_be_closed_by_the_code_or_its_title(title: str, code: str) -> None:
    page = tabs([Snippet(title, "python", f"x = 1\n{code}\n")])
    blocks = code_blocks(page)
    assert len(blocks) == 1, (title, code, page)
    written = f"x = 1\n{code}".replace("\0", "\ufffd")  # CommonMark reads NUL as U+FFFD
    assert blocks[0][1].splitlines() == written.rstrip("\n").splitlines(), "the whole code, intact"
