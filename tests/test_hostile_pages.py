"""Property tests end to end: any text in any record field, through validation, every page renderer and Markdown
with the site's own extensions, shows literally on the page and adds no element or attribute; every snippet that
shows it still parses and carries it intact.

The fields are found, not listed: every string in the fixture KB that accepts plain prose is free text, every one
that accepts an https URL is a URL, and a field counts only if it shows on some page. A new field or template is
covered without touching this file.
"""

from __future__ import annotations

import ast
import base64
import json
import os
import re
import shutil
import subprocess
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import markdown
import pytest
import yaml
from conftest import FIXTURE_KB, TODAY
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mkdocs.utils.meta import get_data
from test_hostile_text import TEXT, Dom

from generators.kb.validate import validate_kb
from generators.live.snippets import code_blocks, origin
from generators.site.render import render_pages

CHART_URI = "data:image/svg+xml;base64,"
BASE_CONFIG = Path(__file__).resolve().parents[1] / "generators" / "site" / "mkdocs.base.yml"
PLAIN, MARKER_URL = "Zqx plain words", "https://zqx.example/zqx"
Step = str | int


@dataclass(frozen=True)
class Field:
    file: Path
    """The record file, relative to the KB."""
    path: tuple[Step, ...]
    kind: str
    """"text" or "url"."""

    def __str__(self) -> str:
        return f"{self.file}:{'.'.join(map(str, self.path))}"


def extensions() -> tuple[list[str], dict[str, Any]]:
    """The Markdown extensions of the site's mkdocs configuration, with their settings."""
    names, configs = [], {}
    for entry in yaml.safe_load(BASE_CONFIG.read_text(encoding="utf-8"))["markdown_extensions"]:
        name = entry if isinstance(entry, str) else next(iter(entry))
        names.append(name)
        if isinstance(entry, dict):
            configs[name] = entry[name] or {}
    return names, configs


def strings(value: Any, path: tuple[Step, ...] = ()) -> Iterator[tuple[tuple[Step, ...], str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from strings(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from strings(item, (*path, index))


def replaced(data: Any, path: tuple[Step, ...], text: str) -> Any:
    if not path:
        return text
    copy = dict(data) if isinstance(data, dict) else list(data)
    copy[path[0]] = replaced(data[path[0]], path[1:], text)
    return copy


def write_field(root: Path, field: Field, text: str, source: str | None = None) -> None:
    """Set one field of a record file under `root`, starting from `source` (default: the fixture's own text)."""
    source = source if source is not None else (FIXTURE_KB / field.file).read_text(encoding="utf-8")
    header = source.splitlines()[0]
    data = replaced(yaml.safe_load(source), field.path, text)
    body = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1 << 20)
    (root / field.file).write_text(f"{header}\n{body}", encoding="utf-8")


class Site:
    """A copy of the fixture KB whose record fields can be set to any text and the pages rendered again."""

    def __init__(self, root: Path, out: Path) -> None:
        self.root, self.out = root, out
        self.names, self.configs = extensions()
        self.placeholders: dict[Field, dict[str, str]] = {}

    def placeholder(self, field: Field) -> dict[str, str]:
        """The pages with the field set to plain words (or a plain URL): what the same field adds when harmless.
        Compared with these, not with the fixture's own value, because a new value may rightly add an element
        (a new region is a new option of the chooser)."""
        if field not in self.placeholders:
            pages = self.with_text(field, PLAIN if field.kind == "text" else MARKER_URL)
            assert isinstance(pages, dict), pages
            self.placeholders[field] = pages
        return self.placeholders[field]

    def write(self, field: Field, text: str) -> None:
        write_field(self.root, field, text)

    def restore(self, field: Field) -> None:
        shutil.copyfile(FIXTURE_KB / field.file, self.root / field.file)

    def pages(self) -> dict[str, str] | list[str]:
        """Every page's Markdown, or the problems validation found."""
        kb, issues = validate_kb(self.root, TODAY)
        if issues:
            return [str(issue) for issue in issues]
        texts: dict[Path, str] = {}
        render_pages(kb, self.out, TODAY, previous=texts)
        return {str(path.relative_to(self.out)): text for path, text in texts.items()}

    def parse(self, page: str, text: str) -> Dom:
        """What a reader's browser (or feed reader) makes of a generated file."""
        if page.endswith(".md"):
            title = get_data(text)[1].get("title")
            assert title is None or isinstance(title, str), (page, "the front matter still parses", text[:200])
            return with_charts(page_dom(self.html(text)))
        if page.endswith((".xml", ".svg")):
            return xml_dom(text)
        assert page.endswith(".json"), page
        parsed = Dom()
        parsed.text.append(json.dumps(json.loads(text or "null"), ensure_ascii=False))
        return parsed

    def html(self, page: str) -> str:
        """The page as mkdocs converts it: front matter taken off (the theme escapes the title), then Markdown."""
        body, _ = get_data(page)
        return markdown.markdown(body, extensions=self.names, extension_configs=self.configs)

    def with_text(self, field: Field, text: str) -> dict[str, str] | list[str]:
        self.write(field, text)
        try:
            return self.pages()
        finally:
            self.restore(field)


def discover(site: Site) -> list[Field]:
    """One field per (kind, dotted path without list indexes) that shows on a page, each tried as prose and URL."""
    found, seen = [], set()
    for file in sorted(FIXTURE_KB.rglob("*.yaml")):
        relative = file.relative_to(FIXTURE_KB)
        for path, _ in strings(yaml.safe_load(file.read_text(encoding="utf-8"))):
            shape = (relative.parts[0], tuple(step for step in path if isinstance(step, str)))
            if shape in seen:
                continue
            for kind, probe in (("text", PLAIN), ("url", MARKER_URL)):
                pages = site.with_text(Field(relative, path, kind), probe)
                if isinstance(pages, dict) and any(probe in text for text in pages.values()):
                    seen.add(shape)
                    found.append(Field(relative, path, kind))
                    break
    return found


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    root = tmp_path_factory.mktemp("hostile-pages") / "kb"
    shutil.copytree(FIXTURE_KB, root)
    return Site(root, root.parent / "docs")


@pytest.fixture(scope="module")
def fields(hostile_fields: tuple[Field, ...]) -> list[Field]:
    return list(hostile_fields)  # conftest.py: `discover` run once for this module and test_hostile_browser.py


class PageDom(Dom):
    """A page's elements, leaving out the syntax-highlighting spans inside code blocks: Pygments splits any code
    into spans by its own reading, and they hold code as text."""

    def __init__(self) -> None:
        super().__init__()
        self.in_pre = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "pre":
            self.in_pre += 1
        if self.in_pre and tag == "span":
            self.attributes += attrs
            return
        super().handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag == "pre":
            self.in_pre -= 1


def page_dom(html: str) -> Dom:
    parsed = PageDom()
    parsed.feed(html)
    return parsed


def with_charts(page: Dom) -> Dom:
    """A page with the SVG charts it embeds as data: URIs read as XML into it: a chart must parse, and the text
    it shows counts as shown."""
    for name, value in list(page.attributes):
        if name == "src" and value and value.startswith(CHART_URI):
            chart = xml_dom(base64.b64decode(value.removeprefix(CHART_URI)).decode("utf-8"))
            page.tags += chart.tags
            page.attributes += chart.attributes
            page.attribute_names += chart.attribute_names
            page.text += chart.text
    return page


def xml_dom(text: str) -> Dom:
    """An XML file (the Atom feed, a chart) as elements, attributes and text; parsing fails on ill-formed XML."""
    parsed = Dom()
    if not text:
        return parsed
    for element in ElementTree.fromstring(text).iter():
        parsed.tags.append(element.tag)
        parsed.attributes += element.attrib.items()
        parsed.attribute_names.append(tuple(sorted(element.attrib)))
        parsed.text += [element.text or "", " ", element.tail or ""]
    return parsed


def structure(page: Dom) -> Counter[tuple[str, tuple[str, ...]]]:
    """Elements by tag and attribute names: what markup, rather than text, a page is made of."""
    return Counter(zip(page.tags, page.attribute_names, strict=True))


def normal(text: str) -> str:
    return " ".join(text.split())


def test_the_fields_found_include_the_ones_readers_see_most(fields: list[Field]) -> None:
    shown = {(f.file.parts[0], ".".join(str(s) for s in f.path if isinstance(s, str)), f.kind) for f in fields}
    for expected in [("models", "name", "text"), ("models", "description", "text"), ("providers", "name", "text"),
                     ("sources", "title", "text"), ("providers", "api_base_url", "url"), ("sources", "url", "url"),
                     ("providers", "website", "url")]:
        assert expected in shown, expected
    assert len(fields) >= 30, [str(f) for f in fields]


def check_snippets(changed: dict[str, str], field: Field, value: str) -> None:
    for page, text in changed.items():
        for language, code in code_blocks(text):
            if language == "python":
                tree = ast.parse(code)  # a SyntaxError fails the test
                if field.kind == "url" and origin(value) in code:
                    constants = {n.value for n in ast.walk(tree) if isinstance(n, ast.Constant)}
                    assert {value, value.rstrip("/"), origin(value)} & constants, (page, value, code)
            elif language in ("bash", "sh"):
                checked = subprocess.run(["bash", "-n"], input=code, text=True, capture_output=True, check=False)
                assert checked.returncode == 0, (page, checked.stderr, code)
                if field.kind == "url" and re.search(r"^curl ", code, re.M) and (origin(value) in code):
                    # Native SDKs and their curl take the API's origin; the others the whole base URL.
                    requested = curl_urls(code)
                    assert any(url.startswith((value.rstrip("/"), origin(value))) for url in requested), \
                        (page, value, requested)


def curl_urls(code: str) -> list[str]:
    """The URLs the snippet's curl commands would request, with every key variable set and no base-URL override."""
    keys = {name: "test-key" for name in re.findall(r"\$\{?([A-Z][A-Z0-9_]*_KEY)\b", code)}
    script = 'curl() { for a in "$@"; do case "$a" in https://*) printf "%s\\n" "$a";; esac; done; }\n' + code
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), **keys}
    result = subprocess.run(["bash", "-c", script], text=True, capture_output=True, check=False, env=env)
    assert result.returncode == 0, result.stderr
    return [url for line in result.stdout.splitlines() for url in [line] if url]


URL = st.builds(lambda host, path: f"https://{host}.example/{path}",
                st.from_regex(r"[a-z][a-z0-9-]{0,10}", fullmatch=True),
                st.text(alphabet="abcXYZ019-._~&*+,;=:@/%?#", max_size=30).map(
                    lambda s: re.sub(r"%(?![0-9A-Fa-f]{2})", "%25", s)))


@settings(max_examples=int(os.environ.get("HOSTILE_PAGE_EXAMPLES", "120")), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.data())
def test_any_text_in_any_field_shows_literally_and_adds_no_markup(site: Site, fields: list[Field],
                                                                  data: st.DataObject) -> None:
    field = data.draw(st.sampled_from(fields), label="field")
    value = data.draw(TEXT if field.kind == "text" else URL, label="value")
    pages = site.with_text(field, value)
    if isinstance(pages, list):
        name = field.file.name
        assert all(name in problem for problem in pages), ("a refusal names the file", pages)
        return
    harmless = site.placeholder(field)
    changed = {page: text for page, text in pages.items() if harmless.get(page) != text}
    assert changed, (str(field), value, "the field shows on no page")
    shown = not normal(value)
    for page, text in changed.items():
        after = site.parse(page, text)
        added = structure(after) - structure(site.parse(page, harmless.get(page, "")))
        assert not added, (str(field), value, page, added)
        assert not any(v and v.strip().lower().startswith("javascript:") for _, v in after.attributes), page
        shown = shown or normal(value) in normal("".join(after.text)) or any(v == value for _, v in after.attributes)
    assert shown, (str(field), value, list(changed))
    check_snippets(changed, field, value)
