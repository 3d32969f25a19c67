"""The best claim and the Pareto front (kb/ranking.py), the one definition the CLI, the pages and the charts use.
The front is judged against a brute-force reading of its definition, not the sort the code uses."""

from __future__ import annotations

import datetime

from hypothesis import given
from hypothesis import strategies as st

from generators.kb.ranking import best_claim, pareto_front
from generators.kb.records import BenchmarkClaim


def claim(claim_id: str, score: float | None, date: str, reported_by: str = "independent") -> BenchmarkClaim:
    body = {"schema_version": 1, "id": claim_id, "model": "m", "benchmark": "b", "metric": "accuracy (%)",
            "reported_by": reported_by, "reporter": "Someone", "date": date, "sources": ["s"]}
    body |= {"score": score} if score is not None else {"qualitative": "strong"}
    return BenchmarkClaim.model_validate(body)


def test_the_best_claim_is_the_highest_and_the_earliest_among_equals() -> None:
    claims = [claim("late-90", 90.0, "2026-03-01"), claim("early-90", 90.0, "2025-03-01"),
              claim("low", 80.0, "2024-01-01"), claim("words", None, "2026-06-01"),
              claim("vendor-95", 95.0, "2026-01-01", "vendor")]
    assert best_claim(claims).id == "vendor-95"  # type: ignore[union-attr]
    assert best_claim(claims, {"independent"}).id == "early-90"  # type: ignore[union-attr]
    assert best_claim([claims[3]]) is None and best_claim([]) is None
    assert claims[1].date == datetime.date(2025, 3, 1)


def on_front_by_definition(items: list[tuple[int, float, str]], item: tuple[int, float, str]) -> bool:
    """No other item is cheaper and scores as high; none of the same cost scores higher, or as high with an earlier
    key."""
    cost, score, key = item
    return not any((c < cost and s >= score) or (c == cost and (s > score or (s == score and k < key)))
                   for c, s, k in items if (c, s, k) != item)


@given(st.lists(st.tuples(st.integers(0, 8), st.integers(0, 8).map(float), st.text(min_size=1, max_size=3)),
                unique_by=lambda t: t[2], max_size=25))  # few distinct costs and scores: ties are the hard cases
def test_the_front_is_exactly_the_items_nothing_beats(items: list[tuple[int, float, str]]) -> None:
    front = pareto_front(items, lambda t: t[0], lambda t: t[1], lambda t: t[2])
    assert {t[2] for t in front} == {t[2] for t in items if on_front_by_definition(items, t)}
    assert [t[0] for t in front] == sorted(t[0] for t in front)  # cheapest first


def test_a_dearer_item_that_only_ties_a_cheaper_score_is_off_the_front() -> None:
    items = [("cheap", 1, 50.0), ("dear-tie", 5, 50.0), ("dearer-better", 7, 60.0), ("dearest", 9, 55.0),
             ("same-cost-worse", 7, 58.0)]
    front = pareto_front(items, lambda t: t[1], lambda t: t[2], lambda t: t[0])
    assert [t[0] for t in front] == ["cheap", "dearer-better"]
