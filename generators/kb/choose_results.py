"""What `kb choose --format json` prints and the Choose page shows for each ranked offering: the result of
`choose.choose` as plain data, each row with the facts a reader decides on (context window, price per 1M tokens,
weights and licence, lifecycle and whether a first-party page gives its date, the price's checked date), from the
one definitions in `kb.current` and `kb.evidence`."""

from __future__ import annotations

import datetime
from typing import Any

from . import current, evidence
from .choose import Constraints, Result, Row
from .link import KB


def row_facts(kb: KB, row: Row, k: Constraints, on: datetime.date) -> dict[str, Any]:
    c = row.candidate
    window = current.context_window(kb, c.offering)
    retires = c.offering.lifecycle.retires
    snapshot = c.snapshot
    assert snapshot is not None  # ranked rows are priced
    check = current.price_check(kb, c.offering.id, snapshot)
    return {"context_window": window.value if window else None,
            "input_per_m": float(snapshot.input), "output_per_m": float(snapshot.output),
            "weights": c.model.weights, "license": c.model.license,
            "status": current.offering_status(c.offering, on),
            "retires": retires.isoformat() if retires else None,
            "retires_first_party": evidence.dates_first_party(kb, c.offering) if retires else None,
            "retires_no_date_on": str(day) if retires and (day := evidence.no_date_on(c.offering)) else None,
            "retires_within_month": current.retiring_within(c.offering, on, k.days_per_month),
            "checked": check.checked.isoformat() if check and check.checked else None, "price_basis": snapshot.basis}


def as_json(result: Result, kb: KB, on: datetime.date) -> dict[str, Any]:
    """The result as plain data: what `kb choose --format json` prints and the browser test compares."""
    k = result.constraints
    reporters = sorted({r.score["reported_by"] for r in result.ranked if r.score})
    return {
        "constraints": k.query(), "candidates": result.candidates,
        "rank": k.rank, "reporter": k.reporter,
        "mixed_reporters": len(reporters) > 1,
        "ranked": [{"offering": r.candidate.offering.id, "model": r.candidate.model.id,
                    "provider": r.candidate.offering.provider, "monthly_usd": round(float(r.monthly), 6),
                    "score": r.score, "pareto": r.pareto, **row_facts(kb, r, k, on)} for r in result.ranked],
        "not_enough_data": [{"offering": c.offering.id, "unknown": missing} for c, missing in result.unknown],
        "excluded": [{"constraint": name, "count": n, "reason": result.reasons[name]}
                     for name, n in result.excluded.items()]}


def regions(kb: KB) -> list[str]:
    """Every region an offering names or a provider keeps data in: the values the region constraint can match."""
    return sorted({r for o in kb.offerings for r in o.regions} | {r for p in kb.providers for r in p.data_residency})
