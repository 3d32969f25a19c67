"""The Choose page's presets: each seed row (and each common question no seed row answers) as constraints, with the
textbook's dated pick beside today's answer to the same constraints and the rule that picked it. An offering that
retires within the workload's month is no answer to a question asked today: the next one is given."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from urllib.parse import urlencode

from ..kb import choose, current, presets
from ..kb.choose import Constraints
from ..kb.link import KB
from ..kb.records import Assessment


@dataclass(frozen=True)
class Preset:
    """A preset of the Choose page: a seed's dated row (if any), its constraints, and today's answer to them."""

    label: str
    assessment: Assessment | None
    query: str
    today: choose.Row | None
    ranked: int
    rule: str
    """How today's answer was picked: `cheapest`, or `highest <benchmark> score`."""


def choose_presets(kb: KB, today: datetime.date) -> list[Preset]:
    rows = sorted((a for a in kb.assessments if a.id in presets.PRESETS), key=lambda a: (a.type, a.order, a.id))
    named: list[tuple[str, Assessment | None, Constraints]] = [(a.topic, a, presets.PRESETS[a.id]) for a in rows]
    named += [(label, None, k) for label, k in presets.OTHER_PRESETS.items()]
    out = []
    for label, assessment, k in named:
        result = choose.choose(kb, k, today)
        rule = f"highest {kb.name_of('benchmarks', k.benchmark)} score" if k.rank == "score" and k.benchmark \
            else "cheapest"
        lasting = (r for r in result.ranked if not current.retiring_within(r.candidate.offering, today,
                                                                           k.days_per_month))
        out.append(Preset(label, assessment, "?" + urlencode(k.query()), next(lasting, None), len(result.ranked),
                          rule))
    return out


__all__ = ["Preset", "choose_presets"]
