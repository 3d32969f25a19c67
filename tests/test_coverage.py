"""Coverage: what the KB lacks per lab, from its own records and against another catalogue."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from click.testing import CliRunner
from conftest import FIXTURE_KB, REPO, TODAY
from hypothesis import given
from hypothesis import strategies as st

from generators.cli import main
from generators.interop.coverage import coverage, read_known
from generators.kb.validate import validate_kb

EXCERPT = REPO / "tests" / "fixtures" / "litellm" / "excerpt.json"


def test_coverage_lists_unpriced_unchecked_and_missing_models_per_lab() -> None:
    kb, _ = validate_kb(FIXTURE_KB, TODAY)
    report = {lab.lab: lab for lab in coverage(kb, TODAY, read_known(EXCERPT).labs, "excerpt").labs}
    assert set(report) == {"anthropic", "google", "mistral", "openai"}, "labs only, not hosts"
    assert report["anthropic"].unpriced == ["anthropic--claude-sonnet-4"]
    assert report["anthropic"].missing == ["claude-sonnet-4-5"]
    # gpt-4o-mini is in the KB (undated id, the dated one normalises to it); gpt-5 is not.
    assert report["openai"].missing == ["gpt-5"]
    assert report["openai"].never_checked == ["openai--gpt-4o", "openai--gpt-4o-mini"]
    listed = {o for lab in report.values() for o in [*lab.unpriced, *lab.never_checked, *lab.stale]}
    assert "anthropic--claude-3-5-sonnet" not in listed, "a retired offering needs no price check"
    assert report["google"].missing == ["gemini-2.5-pro"], "named as the catalogue spells it, vendor prefix removed"


def test_kb_coverage_prints_json_that_matches_the_site_file(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["coverage", "--kb", str(FIXTURE_KB), "--today", TODAY.isoformat(),
                                       "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["as_of"] == TODAY.isoformat() and data["against"] is None
    assert [lab["lab"] for lab in data["labs"]] == ["anthropic", "google", "mistral", "openai"]


def test_coverage_against_a_bare_openrouter_array(tmp_path: Path) -> None:
    listing = tmp_path / "models.json"
    listing.write_text(json.dumps([{"id": "openai/gpt-4o-mini"}, {"id": "openai/gpt-9"}, {"id": "anthropic/x-1"}]))
    kb, _ = validate_kb(FIXTURE_KB, TODAY)
    report = {lab.lab: lab for lab in coverage(kb, TODAY, read_known(listing).labs, "list").labs}
    assert report["openai"].missing == ["gpt-9"] and report["anthropic"].missing == ["x-1"]


JSON_VALUES = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
                           lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner,
                                                                                       max_size=3), max_leaves=6)


@given(mode=JSON_VALUES | st.just("chat"), provider=JSON_VALUES | st.just("openai"))
def test_any_json_in_a_litellm_entry_is_skipped_or_read_never_a_crash(mode: object, provider: object) -> None:
    with tempfile.TemporaryDirectory() as folder:
        feed = Path(folder) / "cost-map.json"
        feed.write_text(json.dumps({"gpt-9": {"mode": mode, "litellm_provider": provider}, "gpt-4o-mini":
                                    {"mode": "chat", "litellm_provider": "openai"}}))
        labs = read_known(feed).labs
    expected = {"gpt-4o-mini"} | ({"gpt-9"} if mode == "chat" and provider == "openai" else set())
    assert set(labs["openai"].values()) == expected


def test_kb_coverage_against_a_feed_with_a_list_provider_reports_the_rest(tmp_path: Path) -> None:
    feed = tmp_path / "cost-map.json"
    feed.write_text(json.dumps({"gpt-9": {"mode": "chat", "litellm_provider": ["openai"]},
                                "gpt-10": {"mode": "chat", "litellm_provider": "openai"}}))
    result = CliRunner().invoke(main, ["coverage", "--kb", str(FIXTURE_KB), "--against", str(feed),
                                       "--today", TODAY.isoformat()])
    assert result.exit_code == 0, result.output
    assert "openai: 1 known to cost-map.json, missing here: gpt-10\n" in result.output
