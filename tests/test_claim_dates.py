"""A claim no page dates, only a dated copy that shows it (`date_basis: shown_by`), reads "by <day>" wherever the site
gives its date, and is no changelog event (BenchmarkClaim.when).

The fixture's GPT-4o MMLU claim (88.7, OpenAI, 2024-05-13), as published that day or as shown by a copy of that day.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import TODAY, copy_fixture_kb

from generators.kb import sample
from generators.kb.records import BenchmarkClaim
from generators.kb.validate import judged_on, validate_kb
from generators.site import catalog_json, changelog
from generators.site.render import render_pages

PAGES = {"models/gpt-4o.md", "benchmarks/mmlu.md"}


@pytest.mark.parametrize(("basis", "shown"), [("published", "2024-05-13"), ("shown_by", "by 2024-05-13")])
def test_every_place_a_claim_is_dated_says_how(tmp_path: Path, basis: str, shown: str) -> None:
    root = copy_fixture_kb(tmp_path)
    path = root / "claims" / "gpt-4o--mmlu.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("date: 2024-05-13\n",
                                                             f"date: 2024-05-13\ndate_basis: {basis}\n"),
                    encoding="utf-8")
    kb, issues = validate_kb(root, judged_on(TODAY))
    assert issues == []
    claim = kb.get("claims", "gpt-4o--mmlu")
    assert isinstance(claim, BenchmarkClaim) and claim.when == shown
    made = {page.path.relative_to(tmp_path / "docs").as_posix(): page.path.read_text(encoding="utf-8")
            for page in render_pages(kb, tmp_path / "docs", TODAY, wanted=lambda p: p in PAGES)}
    for name in PAGES:
        assert f'<td>vendor: OpenAI</td><td class="fl-when">{shown}</td>' in made[name], name
    [score] = [s for s in catalog_json.scores([claim])]
    assert (score["date"], score["date_basis"], score["when"]) == ("2024-05-13", basis, shown)
    [fact] = [f for f in sample.facts(kb, TODAY) if f.kind == "claim" and f.subject == "GPT-4o"]
    assert fact.states.endswith(f"(vendor: OpenAI, {shown})")
    events = [e for e in changelog.events(kb, TODAY, ["gpt-4o"]) if e.kind is changelog.EventKind.CLAIM]
    assert len(events) == (1 if basis == "published" else 0)  # a copy's day is when it was seen, not an event's
