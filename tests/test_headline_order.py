"""Which of a limit's figures a page shows must not depend on the order the record lists them in
(evidence.headline, evidence.unordered, and the validation rule built on them).

The sources are the fixture KB's: Anthropic's models docs (first-party) and a textbook seed (secondary).
"""

from __future__ import annotations

import datetime
import functools
import itertools
from pathlib import Path

from conftest import FIXTURE_KB, TODAY
from hypothesis import given
from hypothesis import strategies as st

from generators.kb import evidence
from generators.kb.link import KB
from generators.kb.records.base import TokensFact
from generators.kb.validate import validate_kb
from generators.site.render import render_pages

FIRST_PARTY, SECONDARY = "anthropic-models-docs", "seed-llm-foundations-frontier-models"


@functools.cache
def fixture_kb() -> KB:
    return validate_kb(FIXTURE_KB, TODAY)[0]


facts = st.builds(
    lambda value, source, as_of: TokensFact(value=value, sources=[source], as_of=as_of),
    st.sampled_from([128000, 200000, 1000000]), st.sampled_from([FIRST_PARTY, SECONDARY]),
    st.sampled_from([None, datetime.date(2025, 5, 22), datetime.date(2025, 5, 23)]))


@given(st.lists(facts, min_size=1, max_size=4).filter(
    lambda fs: any(f.sources == [FIRST_PARTY] for f in fs)))
def test_a_first_party_headline_is_flagged_exactly_when_the_order_decides_it(figures: list[TokensFact]) -> None:
    kb = fixture_kb()
    shown = {evidence.headline(kb, order).value for order in itertools.permutations(figures)}  # type: ignore[union-attr]
    assert (evidence.unordered(kb, figures) is not None) == (len(shown) > 1)


def test_the_newer_of_two_first_party_figures_leads_whatever_the_order() -> None:
    kb = fixture_kb()
    launch = TokensFact(value=200000, sources=[FIRST_PARTY], as_of=datetime.date(2025, 5, 22))
    later = TokensFact(value=1000000, sources=[FIRST_PARTY], as_of=datetime.date(2025, 5, 23))
    for order in ([launch, later], [later, launch]):
        assert evidence.unordered(kb, order) is None
        assert evidence.headline(kb, order).value == 1000000  # type: ignore[union-attr]
    undated = [launch.model_copy(update={"as_of": None}), later.model_copy(update={"as_of": None})]
    assert evidence.unordered(kb, undated) is not None


def test_a_record_page_lists_a_limits_figures_best_first(scratch_kb: Path, tmp_path: Path) -> None:
    """The fixture's Claude Sonnet 4 window (200,000 as of 2025-05-22) followed, in its file, by a newer first-party
    1,000,000 and an undated textbook 150,000: its page reads 1,000,000 first, as every summary does."""
    model = scratch_kb / "models" / "claude-sonnet-4.yaml"
    text = model.read_text(encoding="utf-8")
    newer = ("  as_of: 2025-05-22\n- value: 1000000\n  sources:\n  - anthropic-api-docs\n  as_of: 2025-05-23\n"
             "- value: 150000\n  sources:\n  - seed-llm-foundations-frontier-models\n")
    model.write_text(text.replace("  as_of: 2025-05-22\n", newer, 1), encoding="utf-8")
    kb, issues = validate_kb(scratch_kb, TODAY)
    assert issues == []
    [page] = render_pages(kb, tmp_path / "docs", TODAY, wanted=lambda path: path == "models/claude-sonnet-4.md")
    row = next(line for line in page.path.read_text(encoding="utf-8").splitlines() if "<td>Context window</td>" in line)
    assert [row.index(figure) for figure in ("1,000,000", "200,000", "150,000")] == sorted(
        row.index(figure) for figure in ("1,000,000", "200,000", "150,000"))
