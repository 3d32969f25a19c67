"""Choose a live offering by constraints: the one definition of the rules behind `kb choose` and the Choose page.

The page's script (`generators/site/assets/choose.js`) mirrors this module rule for rule over `api/v1/catalog.json`,
and a browser test runs the same constraints through both. The rules:

1. Candidates are the offerings live on the day (`current.is_live`).
2. Every constraint answers yes, no or unknown (a limit, region, weights or capability nobody published). They are
   checked in the fixed order of `CONSTRAINTS`; a candidate failing any is *excluded* and counted once, against
   the FIRST constraint it fails, so the counts add up to the number excluded.
3. A candidate failing none but unknown on some, or without a current price, is listed apart as *not enough
   data*: never ranked as free or as fitting.
4. The rest are ranked by the workload's monthly cost, then offering id. Cost is `costs.call_cost` (long-context
   tiers; the cached share of input at the cached price, else at the input price) x calls a day x days a month.
5. The benchmark's score beside each is the model's highest claim (the earliest such, by date then id); the
   Pareto front is the ranked rows with a score that no cheaper-or-equal row matches or beats.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from decimal import Decimal
from typing import Any

from . import current, ranking
from .costs import call_cost
from .link import KB
from .records import Model, Offering, Provider, Snapshot

WEIGHTS = {"any": None, "open": {"open"}, "open-with-restrictions": {"open", "restricted"}}
"""What each weights choice accepts; `unknown` weights are unknown, `closed` never match a choice but `any`."""
CAPABILITIES = ("tool_use", "structured_output", "vision", "reasoning_mode")
MODALITIES = ("text", "image", "audio", "video", "pdf", "code")


@dataclass(frozen=True)
class Constraints:
    """What the reader needs. Empty means no constraint. Query keys (`QUERY`) are shared with the page's URL."""

    input_tokens: int = 1000
    output_tokens: int = 500
    calls_per_day: int = 1000
    days_per_month: int = 30
    min_context: int | None = None
    output_needed: int | None = None
    input_modalities: tuple[str, ...] = ()
    output_modalities: tuple[str, ...] = ()
    capabilities: tuple[str, ...] = ()
    weights: str = "any"
    region: str = ""
    providers: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    budget: Decimal | None = None
    cached_share: Decimal = Decimal(0)
    benchmark: str = ""
    reporter: str = "any"
    """Whose scores count: `vendor`, `independent` or `any` (each row then says whose score it shows)."""
    min_score: Decimal | None = None
    """Keep only offerings whose model scores at least this on `benchmark`."""
    rank: str = "cost"
    """`cost` (cheapest first) or `score` (best score on `benchmark` first, then cheapest)."""

    def query(self) -> dict[str, str]:
        """The non-default constraints as URL query parameters (what a shared link carries)."""
        out = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if value != f.default:
                out[QUERY[f.name]] = ",".join(value) if isinstance(value, tuple) else str(value)
        return out

    @classmethod
    def from_query(cls, params: Mapping[str, str]) -> Constraints:
        """Read the page's URL query (unknown keys ignored; a bad value raises ValueError)."""
        values: dict[str, Any] = {}
        for f in fields(cls):
            raw = params.get(QUERY[f.name], "").strip()
            if not raw:
                continue
            if isinstance(f.default, tuple):
                values[f.name] = tuple(x.strip() for x in raw.split(",") if x.strip())
            elif f.name in ("budget", "cached_share", "min_score"):
                values[f.name] = Decimal(raw)
            elif f.type in ("int", "int | None"):
                values[f.name] = int(raw)
            else:
                values[f.name] = raw
        return cls(**values)


QUERY = {"input_tokens": "in", "output_tokens": "out", "calls_per_day": "calls", "days_per_month": "days",
         "min_context": "context", "output_needed": "output", "input_modalities": "inputs",
         "output_modalities": "outputs", "capabilities": "caps", "weights": "weights", "region": "region",
         "providers": "providers", "exclude": "exclude", "budget": "budget", "cached_share": "cached",
         "benchmark": "benchmark", "reporter": "reporter", "min_score": "minscore", "rank": "rank"}
REPORTERS = {"any": None, "vendor": {"vendor"}, "independent": {"independent"}}
RANKS = ("cost", "score")


@dataclass(frozen=True)
class Candidate:
    """A live offering with what the constraints look at."""

    offering: Offering
    model: Model
    provider: Provider | None
    snapshot: Snapshot | None
    monthly: Decimal | None


Check = Callable[[Constraints, Candidate, KB], bool | None]


def _provider(k: Constraints, c: Candidate, kb: KB) -> bool:
    return (not k.providers or c.offering.provider in k.providers) and c.offering.provider not in k.exclude


def _weights(k: Constraints, c: Candidate, kb: KB) -> bool | None:
    return None if c.model.weights == "unknown" else c.model.weights in (WEIGHTS[k.weights] or ())


def _region(k: Constraints, c: Candidate, kb: KB) -> bool | None:
    """The offering's regions and its provider's data residency, compared without case; none published: unknown."""
    places = [p.casefold() for p in [*c.offering.regions, *(c.provider.data_residency if c.provider else [])]]
    return k.region.casefold() in places if places else None


def _inputs(k: Constraints, c: Candidate, kb: KB) -> bool | None:
    return set(k.input_modalities) <= set(c.model.modalities.input) if c.model.modalities else None


def _outputs(k: Constraints, c: Candidate, kb: KB) -> bool | None:
    return set(k.output_modalities) <= set(c.model.modalities.output) if c.model.modalities else None


def _capabilities(k: Constraints, c: Candidate, kb: KB) -> bool | None:
    have = c.model.capabilities
    answers = [getattr(have, name) if have else None for name in k.capabilities]
    return False if False in answers else None if None in answers else True


def _context(k: Constraints, c: Candidate, kb: KB) -> bool | None:
    window = current.context_window(kb, c.offering)
    return None if window is None else window.value >= (k.min_context or 0)


def _output(k: Constraints, c: Candidate, kb: KB) -> bool | None:
    most = current.max_output(kb, c.offering)
    return None if most is None else most.value >= (k.output_needed or 0)


def _fits(k: Constraints, c: Candidate, kb: KB) -> bool | None:
    return current.fits(kb, c.offering, k.input_tokens, k.output_tokens).fits


def _budget(k: Constraints, c: Candidate, kb: KB) -> bool | None:
    return None if c.monthly is None else c.monthly <= (k.budget or Decimal(0))


def _score(k: Constraints, c: Candidate, kb: KB) -> bool | None:
    found = best_score(kb, c.model.id, k.benchmark, k.reporter)
    return None if found is None else Decimal(str(found["score"])) >= (k.min_score or Decimal(0))


def _listed(chosen: tuple[str, ...], order: tuple[str, ...]) -> str:
    """Chosen values in their fixed order (the page's checkboxes), so a reason reads the same however asked."""
    return ", ".join(x for x in order if x in chosen)


CONSTRAINTS: tuple[tuple[str, Callable[[Constraints], bool], Check, Callable[[Constraints], str]], ...] = (
    ("provider", lambda k: bool(k.providers or k.exclude), _provider, lambda k: "provider not chosen"),
    ("weights", lambda k: WEIGHTS[k.weights] is not None, _weights, lambda k: f"weights not {k.weights}"),
    ("region", lambda k: bool(k.region), _region, lambda k: f"not served in {k.region}"),
    ("inputs", lambda k: bool(k.input_modalities), _inputs,
     lambda k: f"does not take {_listed(k.input_modalities, MODALITIES)}"),
    ("outputs", lambda k: bool(k.output_modalities), _outputs,
     lambda k: f"does not give {_listed(k.output_modalities, MODALITIES)}"),
    ("capabilities", lambda k: bool(k.capabilities), _capabilities,
     lambda k: f"lacks {_listed(k.capabilities, CAPABILITIES)}"),
    ("context", lambda k: k.min_context is not None, _context, lambda k: f"context below {k.min_context:,}"),
    ("output", lambda k: k.output_needed is not None, _output, lambda k: f"max output below {k.output_needed:,}"),
    ("fits", lambda k: True, _fits,
     lambda k: f"a call of {k.input_tokens:,} in + {k.output_tokens:,} out does not fit"),
    ("budget", lambda k: k.budget is not None, _budget,
     lambda k: f"over ${(k.budget or Decimal(0)).normalize():f}/month"),
    ("score", lambda k: k.min_score is not None, _score,
     lambda k: f"scores below {(k.min_score or Decimal(0)).normalize():f} on {k.benchmark}"),
)
"""(name, is it set, check, what an exclusion means), in the order exclusions are attributed."""


@dataclass(frozen=True)
class Row:
    candidate: Candidate
    monthly: Decimal
    score: dict[str, Any] | None = None
    pareto: bool = False


@dataclass(frozen=True)
class Result:
    constraints: Constraints
    ranked: list[Row]
    unknown: list[tuple[Candidate, list[str]]]
    excluded: dict[str, int]
    reasons: dict[str, str]
    candidates: int = 0


def monthly_cost(k: Constraints, snapshot: Snapshot) -> Decimal:
    per_call = call_cost(snapshot, k.input_tokens, k.output_tokens, k.cached_share).per_call
    return per_call * k.calls_per_day * k.days_per_month


def best_score(kb: KB, model_id: str, benchmark: str, reporter: str = "any") -> dict[str, Any] | None:
    """The model's best claim on the benchmark (ranking.best_claim), as a result row shows it."""
    claim = ranking.best_claim((c for c in kb.claims_of_model(model_id) if c.benchmark == benchmark),
                               REPORTERS[reporter])
    if claim is None:
        return None
    return {"score": claim.score, "reported_by": claim.reported_by, "reporter": claim.reporter,
            **claim.date_fields(), "claim": claim.id, "sources": list(claim.sources)}


def pareto(rows: list[Row]) -> set[str]:
    """The offering ids of the scored rows on the Pareto front of monthly cost against score."""
    front = ranking.pareto_front((r for r in rows if r.score), lambda r: r.monthly,
                                 lambda r: (r.score or {})["score"], lambda r: r.candidate.offering.id)
    return {r.candidate.offering.id for r in front}


def choose(kb: KB, k: Constraints, on: datetime.date) -> Result:
    if k.weights not in WEIGHTS:
        raise ValueError(f"weights must be one of {', '.join(WEIGHTS)}")
    if unknown_caps := set(k.capabilities) - set(CAPABILITIES):
        raise ValueError(f"unknown capability {', '.join(sorted(unknown_caps))}; choose from {', '.join(CAPABILITIES)}")
    if unknown_kinds := set(k.input_modalities + k.output_modalities) - set(MODALITIES):
        raise ValueError(f"unknown modality {', '.join(sorted(unknown_kinds))}; choose from {', '.join(MODALITIES)}")
    if not 0 <= k.cached_share <= 1:
        raise ValueError("the cached share of input is a fraction from 0 to 1")
    if k.rank not in RANKS or k.reporter not in REPORTERS:
        raise ValueError(f"rank is one of {', '.join(RANKS)}; reporter one of {', '.join(REPORTERS)}")
    if (k.rank == "score" or k.min_score is not None) and not k.benchmark:
        raise ValueError("ranking by score or a minimum score needs a benchmark")
    active = [(name, check) for name, is_set, check, _ in CONSTRAINTS if is_set(k)]
    excluded = {name: 0 for name, _ in active}
    ranked: list[Row] = []
    unknown: list[tuple[Candidate, list[str]]] = []
    candidates = 0
    for offering in sorted(kb.offerings, key=lambda o: o.id):
        model = kb.get("models", offering.model)
        if not current.is_live(offering, on) or not isinstance(model, Model):
            continue
        candidates += 1
        snapshot = current.current_price(kb, offering, on)
        provider = kb.get("providers", offering.provider)
        candidate = Candidate(offering, model, provider if isinstance(provider, Provider) else None, snapshot,
                              monthly_cost(k, snapshot) if snapshot else None)
        answers = [(name, check(k, candidate, kb)) for name, check in active]
        failed = next((name for name, answer in answers if answer is False), None)
        if failed:
            excluded[failed] += 1
            continue
        missing = [name for name, answer in answers if answer is None]
        if candidate.monthly is None:
            missing.append("price")
        if missing:
            unknown.append((candidate, missing))
        else:
            score = best_score(kb, model.id, k.benchmark, k.reporter) if k.benchmark else None
            ranked.append(Row(candidate, candidate.monthly or Decimal(0), score))
    ranked.sort(key=lambda r: (r.monthly, r.candidate.offering.id))
    if k.rank == "score":  # best first; unscored last; then cheapest, then id (a stable sort keeps those)
        ranked.sort(key=lambda r: (r.score is None, -(r.score or {"score": 0})["score"]))
    front = pareto(ranked)
    ranked = [Row(r.candidate, r.monthly, r.score, r.candidate.offering.id in front) for r in ranked]
    reasons = {name: why(k) for name, is_set, _, why in CONSTRAINTS if is_set(k)}
    return Result(k, ranked, unknown, excluded, reasons, candidates)
