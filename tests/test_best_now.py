"""Best now: the home page's answers, each a stated rule over the fixture KB's records as of one day.

Fixture facts used (tests/fixtures/kb): GPT-4o $2.50 / $10 and GPT-4o mini $0.15 / $0.60 (OpenAI), both 128,000
tokens; Gemini 2.0 Flash $0.10 / $0.40 from 2025-02-05, 1,000,000 tokens, released 2024-12-11; Claude 3.5 Sonnet
retired on 2025-10-22; Mistral 7B has open weights and no price. Claims are planted below.
"""

from __future__ import annotations

import datetime
from pathlib import Path

from conftest import TODAY, write_record

from generators.kb.best_now import answers
from generators.kb.validate import validate_kb

DAY = datetime.date(2025, 12, 11)  # Gemini 2.0 Flash is exactly one year old


def claim(root: Path, model: str, reported_by: str, score: float, date: str, suffix: str = "") -> None:
    write_record(root, "claims", f"{model}--swe-{reported_by}{suffix}", f"""schema_version: 1
id: {model}--swe-{reported_by}{suffix}
model: {model}
benchmark: swe-bench-verified
score: {score}
metric: resolved (%)
reported_by: {reported_by}
reporter: {"OpenAI" if reported_by == "vendor" else "SWE-bench"}
date: {date}
sources: [hello-gpt-4o]
""")


def given(root: Path) -> None:
    write_record(root, "benchmarks", "swe-bench-verified", """schema_version: 1
id: swe-bench-verified
name: SWE-bench Verified
measures: Resolving real GitHub issues.
metric: resolved (%)
sources: [hello-gpt-4o]
""")
    claim(root, "gpt-4o", "independent", 50.0, "2025-01-10")
    claim(root, "gpt-4o-mini", "independent", 50.0, "2025-01-10")  # a tie: the cheaper model wins
    claim(root, "claude-3-5-sonnet", "independent", 70.0, "2025-01-10")  # retired by DAY: not an answer
    claim(root, "gpt-4o", "vendor", 60.0, DAY.isoformat())  # published on the day: counts
    claim(root, "gpt-4o-mini", "vendor", 65.0, (DAY + datetime.timedelta(days=1)).isoformat(), "-later")


def picked(root: Path, on: datetime.date) -> dict[str, tuple[str, object]]:
    kb, issues = validate_kb(root, TODAY)  # valid today; the answers are asked about an earlier day
    assert issues == []
    return {a.question: (a.model.id, a.claim.score if a.claim else a.call_cost) for a in answers(kb, on)}


def test_each_question_is_answered_by_its_rule(scratch_kb: Path) -> None:
    given(scratch_kb)
    from decimal import Decimal
    assert picked(scratch_kb, DAY) == {
        "Coding (independent)": ("gpt-4o-mini", 50.0),
        "Coding (vendor-reported)": ("gpt-4o", 60.0),
        "Long documents": ("gemini-2.0-flash", Decimal("0.0058")),  # 50,000 x $0.10 + 2,000 x $0.40 per 1M
        "Cheap chat": ("gemini-2.0-flash", Decimal("0.0003")),  # 1,000 x $0.10 + 500 x $0.40 per 1M
    }


def test_a_claim_published_after_the_day_and_a_model_older_than_a_year_do_not_count(scratch_kb: Path) -> None:
    given(scratch_kb)
    later = picked(scratch_kb, DAY + datetime.timedelta(days=1))
    assert later["Coding (vendor-reported)"] == ("gpt-4o-mini", 65.0), "published that day: it counts now"
    assert "Cheap chat" not in later, "Gemini 2.0 Flash is a year and a day old; no priced model is newer"


def test_open_weights_falls_back_to_the_newest_release_when_none_has_a_score(scratch_kb: Path) -> None:
    given(scratch_kb)
    write_record(scratch_kb, "prices", "mistral--mistral-7b", """schema_version: 2
id: mistral--mistral-7b
offering: mistral--mistral-7b
currency: USD
unit: per_1m_tokens
snapshots:
- effective: 2024-03-01
  input: 0.25
  output: 0.25
  sources: [mistral-models-docs]
""")
    kb, _ = validate_kb(scratch_kb, TODAY)
    [open_answer] = [a for a in answers(kb, DAY) if a.question == "Open weights"]
    assert (open_answer.model.id, open_answer.claim) == ("mistral-7b", None)
    assert open_answer.rule.startswith("newest live priced open-weight model")


def test_the_home_page_shows_each_answer_with_its_rule_and_price(built_fixture_site: Path) -> None:
    home = (built_fixture_site / "index.html").read_text(encoding="utf-8")
    best = home[home.index('id="best-now"'):home.index('id="retiring-soon"')]
    assert "<td>Long documents</td>" in best and 'href="models/gemini-2.0-flash.html">Gemini 2.0 Flash</a>' in best
    assert "1,000,000 tokens" in best and "$0.10 / $0.40 per 1M in / out" in best and "since 2025-02-05" in best
    assert "Cheap chat" not in best, "no priced model of the fixture was released within a year of its day"
