"""Which score counts and who is on the front, in one place for the CLI, the pages and the charts: a model's best
claim on a benchmark, and the Pareto front of cost against score. The Choose page's script follows the same rules
(tests/test_choose_browser.py compares the page with the CLI)."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from decimal import Decimal
from typing import TypeVar

from .records import BenchmarkClaim

T = TypeVar("T")


def best_claim(claims: Iterable[BenchmarkClaim], reporters: Collection[str] | None = None) -> BenchmarkClaim | None:
    """The highest numeric claim among those given (of the reporter classes asked for; None: any). Among equal
    scores the earliest, by date and then id: the order the catalogue lists them in."""
    best: BenchmarkClaim | None = None
    for claim in sorted(claims, key=lambda c: (c.date, c.id)):
        if claim.score is None or (reporters is not None and claim.reported_by not in reporters):
            continue
        if best is None or claim.score > (best.score or 0):
            best = claim
    return best


def pareto_front(items: Iterable[T], cost: Callable[[T], Decimal | float], score: Callable[[T], float],
                 key: Callable[[T], str]) -> list[T]:
    """The items no other beats on both axes, cheapest first: one is on the front when it scores higher than
    everything cheaper or as cheap. An item that only ties a cheaper one's score is not; among items of one cost the
    highest scoring counts, and among exact equals the first by `key`."""
    front: list[T] = []
    top: float | None = None
    for item in sorted(items, key=lambda i: (cost(i), -score(i), key(i))):
        if top is None or score(item) > top:
            front.append(item)
            top = score(item)
    return front
