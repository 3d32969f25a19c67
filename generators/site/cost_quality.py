"""The Cost vs quality page's charts: each model's best claimed score on a benchmark against what a call costs at
its cheapest live price, and the best claim per model and benchmark that the Benchmarks matrix shows too."""

from __future__ import annotations

import datetime
from collections import defaultdict
from typing import Any

from ..kb import current, ranking
from ..kb.costs import workload_cost
from ..kb.link import KB
from ..kb.records import BenchmarkClaim
from . import charts, urls


def best_claims(kb: KB) -> dict[tuple[str, str], BenchmarkClaim]:
    """The best claim per (model, benchmark) (ranking.best_claim), for the matrix and the chart."""
    grouped: dict[tuple[str, str], list[BenchmarkClaim]] = defaultdict(list)
    for claim in kb.claims:
        grouped[(claim.model, claim.benchmark)].append(claim)
    return {key: best for key, claims in grouped.items() if (best := ranking.best_claim(claims)) is not None}


def cost_quality_charts(kb: KB, today: datetime.date, root: str) -> list[dict[str, Any]]:
    """One chart per benchmark with at least two priced models."""
    if not kb.workloads:
        return []
    # Chart the per-call scenario (fewest calls a day): scores are per answer, so cost per call compares best.
    workload = min(kb.workloads, key=lambda w: (w.calls_per_day, w.input_tokens, w.id))
    best = best_claims(kb)
    cheapest: dict[str, current.Priced | None] = {}  # worked out once a model, and only for a scored one
    out = []
    for benchmark in kb.benchmarks:
        points: list[charts.Point] = []
        rows: list[dict[str, Any]] = []
        for model in kb.models:
            claim = best.get((model.id, benchmark.id))
            if claim is None or claim.score is None:
                continue
            if model.id not in cheapest:
                cheapest[model.id] = current.cheapest_live(kb, model, today)
            if (price := cheapest[model.id]) is None:
                continue
            cost = workload_cost(workload, price.snapshot)
            if cost.per_call <= 0:
                continue
            points.append(charts.Point(model.name, float(cost.per_call), claim.score,
                                       urls.record("models", model.id).href(root, "html"),
                                       reported_by=claim.reported_by))
            rows.append({"model": model, "claim": claim, "offering": price.offering, "cost": cost})
        if len(points) < 2:
            continue
        front = {p.label for p in charts.pareto_front(points)}
        svg = charts.cost_quality(points, f"{benchmark.name} score against cost: {workload.name}",
                                  f"USD per call ({workload.name}), log scale", benchmark.metric)
        out.append({"benchmark": benchmark, "workload": workload, "svg": svg,
                    "rows": sorted(rows, key=lambda r: r["cost"].per_call), "front": front})
    return sorted(out, key=lambda c: -len(c["rows"]))
