"""The built site: every page built strictly, seed figures shown, record text inert, output reproducible."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import FIXTURE_KB, KB_TODAY, KB_VALIDATES, REPO, TODAY
from page_tables import table_under

from generators.kb.validate import validate_kb
from generators.site.build import build
from generators.site.linkcheck import broken_links, read_pages
from generators.site.render import md, render_site


@pytest.mark.parametrize("text", ["<script>alert(1)</script>", "x | y", "[a](javascript:alert(1))", "**b**",
                                  "<img src=x onerror=alert(1)>", "1. not a list", "# not a heading",
                                  "{: #injected }", "`code`", "\\[escaped\\]"])
def test_record_text_renders_exactly_as_written(text: str) -> None:
    import markdown

    html = markdown.markdown(f"| a |\n| --- |\n| {md(text)} |\n", extensions=["tables", "attr_list"])
    cell = html.split("<td>")[1].split("</td>")[0]
    from html import unescape

    assert unescape(cell) == text
    assert "<script" not in cell and "<img" not in cell and "<a " not in cell


def test_the_real_kb_builds_strictly_with_every_page(built_real_site: Path) -> None:
    kb, _ = validate_kb(REPO / "kb", KB_VALIDATES)
    for model in kb.models:
        assert (built_real_site / "models" / f"{model.id}.html").is_file()
    for provider in kb.providers:
        assert (built_real_site / "providers" / f"{provider.id}.html").is_file()
    for name in ("index", "models/index", "pricing/index", "attention/index", "benchmarks/index",
                 "choosing/index", "cost-vs-quality/index", "sources/index", "data/index"):
        assert (built_real_site / f"{name}.html").is_file(), name
    assert broken_links(built_real_site, "/frontier-landscape/") == []


RAW_MARKDOWN_LINK = re.compile(r"\]\([^)\s]*\.md(#[^)]*)?\)")


def test_no_page_shows_markdown_source_instead_of_a_link(built_real_site: Path) -> None:
    """Markdown inside a raw-HTML block (a <noscript>, a hand-built table) is not converted: a `[text](page.md)`
    left in the output is a link a reader sees as source. The Compare page's noscript note was one."""
    leaked = sorted(str(p.relative_to(built_real_site)) for p in built_real_site.rglob("*.html")
                    if RAW_MARKDOWN_LINK.search(p.read_text(encoding="utf-8")))
    assert leaked == []
    compare = (built_real_site / "compare" / "index.html").read_text(encoding="utf-8")
    assert '<a href="../models/index.html">models table</a> lists them all.</noscript>' in compare


def test_the_seed_cost_table_is_recomputed_on_the_workload_page(built_real_site: Path) -> None:
    """The recomputed column, not the source's own figures, must show the seed's numbers."""
    page = (built_real_site / "pricing" / "document-50k-in-2k-out.html").read_text()
    recomputed = {row["Offering"]: row["Recomputed"] for row in table_under(page, "figures-the-sources-computed")}
    assert recomputed == {"gpt-4o-2024-08-06": "$0.145", "gpt-4o-mini-2024-07-18": "$0.0087", "o1-2024-12-17": "$0.87",
                          "claude-3-5-sonnet-20240620": "$0.18", "claude-opus-4-20250514": "$0.90",
                          "gemini-2.0-flash-001": "$0.0058", "gemini-2.5-pro": "$0.0825"}
    monthly = (built_real_site / "pricing" / "contracts-500-a-day-150k.html").read_text()
    rows = table_under(monthly, "figures-the-sources-computed")
    assert sorted(row["Recomputed"] for row in rows) == ["$225.00", "$5,625.00", "$6,750.00"]
    assert {row["Matches"] for row in rows} == {"yes"}


def test_the_attention_table_of_the_seed_is_regenerated_with_kv_cache_figures(built_real_site: Path) -> None:
    page = (built_real_site / "attention" / "index.html").read_text()
    assert "Mixtral 8x7B" in page and "undisclosed" in page and "inferred" in page and "published" in page
    # Llama 3.1 70B: 2 x 80 layers x 8 KV heads x 128 dims x 2 bytes = 327,680 bytes per token.
    assert "327,680" in page


def test_the_json_api_is_published_with_its_schemas(built_real_site: Path) -> None:
    import json

    index = json.loads((built_real_site / "api" / "v1" / "index.json").read_text())
    models = json.loads((built_real_site / "api" / "v1" / "models.json").read_text())
    assert index["files"]["models"]["count"] == models["count"] == len(models["items"]) > 30
    assert (built_real_site / "api" / "v1" / "schemas" / "model.schema.json").is_file()


def test_hostile_record_text_is_shown_literally_and_never_becomes_markup(built_fixture_site: Path) -> None:
    page = (built_fixture_site / "models" / "hostile-model.html").read_text()
    assert "<script>window.__xss" not in page
    assert "<img src=x" not in page and "&lt;img src=x onerror=" in page
    assert "&lt;script&gt;window.__xss = 'script'&lt;/script&gt;" in page
    assert 'href="javascript:' not in page
    assert "<td onmouseover" not in page
    assert 'id="injected"' not in page
    assert "<strong>not bold</strong>" not in page


def test_rendering_is_reproducible(tmp_path: Path) -> None:
    kb, _ = validate_kb(FIXTURE_KB, TODAY)
    first, second = tmp_path / "a", tmp_path / "b"
    render_site(kb, first, TODAY)
    render_site(kb, second, TODAY)
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    assert all((first / f).read_bytes() == (second / f).read_bytes() for f in files)


def test_an_invalid_kb_builds_nothing_and_keeps_the_old_site(scratch_kb: Path, tmp_path: Path) -> None:
    from generators.site.build import BuildError

    out = tmp_path / "public"
    out.mkdir()
    (out / "old.html").write_text("old")
    (out / ".kb-build").write_text("")  # an earlier build's own folder
    (scratch_kb / "models" / "gpt-4o.yaml").write_text("schema_version: 1\n")
    with pytest.raises(BuildError, match="problem"):
        build(scratch_kb, out, TODAY, docs=tmp_path / "docs")
    assert (out / "old.html").read_text() == "old"


def test_a_broken_local_link_in_the_output_is_found(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_text('<a href="b.html">b</a><a href="a.html#nowhere">x</a><a id="here"></a>'
                                     '<a href="https://example.com">ext</a><a href="#here">ok</a>')
    assert broken_links(tmp_path) == ["a.html: b.html", "a.html: a.html#nowhere (no such anchor)"]


def test_the_check_keeps_only_the_local_targets_it_follows(tmp_path: Path) -> None:
    """A page's reading (what the forked readers send back and an incremental build's cache keeps) holds only the
    targets the check follows: a chart's data: URI, an external link, a bare "#" and a placeholder are not in it."""
    (tmp_path / "a.html").write_text('<img src="data:image/svg+xml;base64,PHN2Zz4="><a href="https://example.com">e'
                                     '</a><a href="mailto:x@example.com">m</a><a href="//cdn.example.com/x.js">c</a>'
                                     '<a href="#">t</a><a href="$x">p</a><a href="b.html#k">b</a><a href="#k">k</a>'
                                     '<p id="k"></p>')
    (tmp_path / "b.html").write_text('<p id="k"></p>')
    files, links = read_pages(tmp_path)
    assert links == {"a.html": (["b.html#k", "#k"], {"k"}), "b.html": ([], {"k"})}
    assert files == {"a.html", "b.html"}


def test_a_target_shared_by_pages_is_judged_for_each_page(tmp_path: Path) -> None:
    """The check resolves each (folder, target) once: the same text must still mean each page's own anchor, and a
    relative path must still resolve from each page's own folder."""
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "x.html").write_text('<p id="top"></p><a href="#top">t</a><a href="../b/z.html#z">z</a>')
    (tmp_path / "a" / "y.html").write_text('<a href="#top">t</a><a href="../b/z.html#z">z</a><a href="x.html">x</a>')
    (tmp_path / "b" / "z.html").write_text('<p id="z"></p><a href="../b/z.html#z">z</a><a href="x.html">x</a>')
    assert broken_links(tmp_path) == ["a/y.html: #top (no such anchor)", "b/z.html: x.html"]


def test_the_catalog_agrees_with_the_single_definitions_and_its_schema(built_real_site: Path) -> None:
    import json

    import jsonschema

    from generators.kb import current, evidence

    api = built_real_site / "api" / "v1"
    data = json.loads((api / "catalog.json").read_text())
    jsonschema.validate(data, json.loads((api / "schemas" / "catalog.schema.json").read_text()))
    kb, _ = validate_kb(REPO / "kb", KB_VALIDATES)
    by_id = {m["id"]: m for m in data["models"]}
    assert set(by_id) == {m.id for m in kb.models}
    for model in kb.models:
        entry = by_id[model.id]
        live = {o.id for o in kb.offerings_of_model(model.id) if current.is_live(o, KB_TODAY)}
        assert {o["id"] for o in entry["offerings"]} == live, "only live offerings, all of them"
        cheapest = current.cheapest_live(kb, model, KB_TODAY)
        assert entry["cheapest_offering"] == (cheapest.offering.id if cheapest else None)
        for offering in entry["offerings"]:
            snapshot = current.current_price(kb, kb.get("offerings", offering["id"]), KB_TODAY)
            # JSON carries a price as a number
            assert (offering["price"] or {}).get("input") == (float(snapshot.input) if snapshot else None)
        window = evidence.headline(kb, model.context_window)
        assert (entry["context_window"] or {}).get("value") == (window.value if window else None)


def test_publishing_sitemap_404_and_record_links_work_under_a_project_path(built_fixture_site: Path) -> None:
    import re

    from generators.site.linkcheck import broken_links

    sitemap = (built_fixture_site / "sitemap.xml").read_text()
    pages = sorted(str(p.relative_to(built_fixture_site)) for p in built_fixture_site.rglob("*.html")
                   if p.name != "404.html")
    listed = re.findall(r"<loc>https://frontier-landscape\.github\.io/frontier-landscape/([^<]*)</loc>", sitemap)
    assert sorted(listed) == pages, "every page, under the published address"
    not_found = (built_fixture_site / "404.html").read_text()
    assert 'href="/frontier-landscape/index.html"' in not_found
    assert broken_links(built_fixture_site, "/frontier-landscape/") == []
    assert broken_links(built_fixture_site, "/elsewhere/"), "root-absolute links are checked against the path"
    model = (built_fixture_site / "models" / "gpt-4o.html").read_text()
    edit = re.search(r'href="https://github\.com/frontier-landscape/frontier-landscape/edit/main/([^"]+)">Edit', model)
    assert edit and (REPO / "tests" / "fixtures" / edit.group(1)).is_file()
    assert "issues/new?template=report-an-error.yml&amp;title=Error%20in%20models/gpt-4o" in model


def test_the_issue_form_and_pull_request_template_exist_and_are_valid() -> None:
    import subprocess
    import sys

    form = REPO / ".github" / "ISSUE_TEMPLATE" / "report-an-error.yml"
    result = subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-issue-forms",
                             str(form)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    template = (REPO / ".github" / "PULL_REQUEST_TEMPLATE.md").read_text()
    assert "First-party source" in template and "`checked`" in template


def test_the_choosing_page_marks_retired_picks_as_history(built_real_site: Path) -> None:
    import re

    from generators.kb import current

    kb, _ = validate_kb(REPO / "kb", KB_VALIDATES)
    page = (built_real_site / "choosing" / "index.html").read_text()
    marked = set(re.findall(r'href="\.\./models/([^"]+)\.html">[^<]*</a> \(retired\)', page))
    linked = set(re.findall(r'href="\.\./models/([^"]+)\.html"', page))
    retired = {m for m in linked - {"index"} if current.model_status(kb, kb.get("models", m), KB_TODAY) == "retired"}
    assert retired and marked == retired


def test_search_indexes_a_record_pages_summary_and_facts_but_not_its_generated_tables(
        built_fixture_site: Path) -> None:
    docs = json.loads((built_fixture_site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    text = {doc["location"]: doc["text"] for doc in docs}
    page = text["models/claude-sonnet-4.html"]
    assert "code-generation leader" in page and "Knowledge cutoff" in page  # the summary and the key facts
    history = text["models/claude-sonnet-4.html#history"]  # a generated table: left out (the footnotes may follow)
    assert "Claude Sonnet 4 released" not in history and "price first recorded" not in history
    # pages listing the whole catalogue stay out of the index: each record's own page stands for its row
    assert not any(doc.startswith(("models/index.html", "pricing/index.html", "changelog/index.html",
                                   "coverage/index.html")) for doc in text)
    assert "choose/index.html" in text and "index.html" in text


def test_an_attention_variant_page_lists_each_model_claiming_it_linked_with_its_confidence(
        built_fixture_site: Path) -> None:
    """The fixture's GQA claims: Claude 3.5 Sonnet and Claude Sonnet 4 (inferred), GPT-4o with MHA (undisclosed),
    Mistral 7B with SWA (published). Footnotes number sources as the page first cites them: the GQA record's own
    (the paper, 1; the seed, 2) in its facts, then the claims' (the seed for all four, Mistral's paper, 3)."""
    page = (built_fixture_site / "attention" / "gqa.html").read_text(encoding="utf-8")
    rows = [(row["Model"], row["Confidence"], row["Claim"]) for row in table_under(page, "models-using-it")]
    assert rows == [("Claude 3.5 Sonnet", "inferred", "GQA2"), ("Claude Sonnet 4", "inferred", "GQA2"),
                    ("GPT-4o", "undisclosed", "MHA + GQA2"), ("Mistral 7B", "published", "GQA + SWA3,2")]
    for model in ("claude-3-5-sonnet", "claude-sonnet-4", "gpt-4o", "mistral-7b"):
        assert f'<td><a href="../models/{model}.html">' in page


def test_every_build_the_suite_makes_stamps_its_sitemap_with_one_fixed_day(built_fixture_site: Path) -> None:
    """Not the clock's: a run crossing midnight compared a session's first build with a later one, and their sitemaps
    differed (conftest.BUILD_DAY)."""
    sitemap = (built_fixture_site / "sitemap.xml").read_text(encoding="utf-8")
    assert set(re.findall(r"<lastmod>([^<]*)</lastmod>", sitemap)) == {"2026-11-21"}
