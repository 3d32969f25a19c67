"""Best now: the home page's answers to the questions readers ask first, each from the records as of one day.

Every answer is a rule over claims, prices and lifecycle, stated where it is shown, with its evidence:
- **coding**: the live priced model with the highest SWE-bench Verified score, once among independent results and
  once among vendor-reported ones (never mixed in one ranking);
- **long documents**: the live priced model with the largest context window; a tie goes to the cheaper price of a
  50,000-token-in, 2,000-token-out call;
- **cheap chat**: the cheapest live model of the current generation (released within a year of the day) for a
  1,000-token-in, 500-token-out call, so a years-old small model does not win on price alone;
- **open weights**: the open-weight live priced model with the highest SWE-bench Verified score (any reporter,
  said which), else the newest open-weight release.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from . import ranking
from .costs import call_cost
from .current import Priced, cheapest_live, context_window
from .evidence import Headline
from .link import KB
from .records import BenchmarkClaim, Model

CODING = "swe-bench-verified"
GENERATION = datetime.timedelta(days=365)
LONG_CALL = (50_000, 2_000)
CHAT_CALL = (1_000, 500)


@dataclass(frozen=True)
class Answer:
    """One question's answer: the model, its cheapest live price, and the claim or fact that decided it."""

    question: str
    rule: str
    model: Model
    price: Priced
    claim: BenchmarkClaim | None = None
    context: Headline | None = None
    call_cost: Decimal | None = None
    """USD for one call of the question's workload, where the rule prices one."""


def candidates(kb: KB, on: datetime.date) -> list[tuple[Model, Priced]]:
    """Models with a live offering priced on `on`, each with its cheapest."""
    return [(m, p) for m in kb.models if (p := cheapest_live(kb, m, on))]


def top_claim(kb: KB, model: Model, benchmark: str, reporters: tuple[str, ...],
              on: datetime.date) -> BenchmarkClaim | None:
    """The model's highest claim on the benchmark published by `on`, among the reporter classes given."""
    return ranking.best_claim((c for c in kb.claims_of_model(model.id) if c.benchmark == benchmark
                               and c.date <= on), reporters)


def leader(kb: KB, pool: list[tuple[Model, Priced]], reporters: tuple[str, ...],
           on: datetime.date) -> tuple[Model, Priced, BenchmarkClaim] | None:
    scored = [(m, p, c) for m, p in pool if (c := top_claim(kb, m, CODING, reporters, on))]
    # the higher score wins; a tie goes to the cheaper model, then the name, so the answer never depends on order
    return min(scored, key=lambda t: (-(t[2].score or 0), t[1].snapshot.input + t[1].snapshot.output, t[0].id),
               default=None)


def answers(kb: KB, on: datetime.date) -> list[Answer]:
    pool = candidates(kb, on)
    out: list[Answer] = []
    for reporters, who in ((("independent",), "independent"), (("vendor",), "vendor-reported")):
        found = leader(kb, pool, reporters, on)
        if found:
            out.append(Answer(f"Coding ({who})", f"highest {who} SWE-bench Verified score among live priced models",
                              found[0], found[1], claim=found[2]))
    sized = [(m, p, h) for m, p in pool if (h := context_window(kb, p.offering))]
    if sized:
        model, price, context = min(sized, key=lambda t: (-t[2].value, call_cost(t[1].snapshot, *LONG_CALL).per_call,
                                                          t[0].id))
        out.append(Answer("Long documents", "largest context window among live priced models; a tie goes to the "
                          "cheaper 50,000-in / 2,000-out call", model, price, context=context,
                          call_cost=call_cost(price.snapshot, *LONG_CALL).per_call))
    recent = [(m, p) for m, p in pool if m.released and on - GENERATION <= m.released <= on]
    if recent:
        model, price = min(recent, key=lambda t: (call_cost(t[1].snapshot, *CHAT_CALL).per_call, t[0].id))
        out.append(Answer("Cheap chat", "cheapest 1,000-in / 500-out call among live models released in the last "
                          "12 months", model, price, call_cost=call_cost(price.snapshot, *CHAT_CALL).per_call))
    open_pool = [(m, p) for m, p in pool if m.weights == "open"]
    found = leader(kb, open_pool, ("independent", "vendor"), on)
    if found:
        out.append(Answer("Open weights", "highest SWE-bench Verified score (any reporter) among live priced "
                          "open-weight models", found[0], found[1], claim=found[2]))
    elif open_pool:
        model, price = max(open_pool, key=lambda t: (t[0].released or datetime.date.min, t[0].id))
        out.append(Answer("Open weights", "newest live priced open-weight model (none has a SWE-bench Verified "
                          "score)", model, price))
    return out


__all__ = ["Answer", "answers"]
