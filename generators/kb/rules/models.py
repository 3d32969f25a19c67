"""Rules about models and what is said of them: limits, labs, dates, benchmark claims, assessments."""

from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Iterator

from .. import evidence
from ..issues import Issue
from ..link import KB, Entry
from ..records import Assessment, BenchmarkClaim, Model, Offering, Provider
from ..records.base import Path, TokensFact
from .common import at


def check(kb: KB) -> Iterator[Issue]:
    yield from model_limits(kb)
    yield from undated_disagreements(kb)
    yield from labs(kb)
    yield from knowledge_cutoffs(kb)
    yield from claims(kb)
    yield from assessment_families(kb)


def model_limits(kb: KB) -> Iterator[Issue]:
    for model in kb.models:
        entry = kb.entries[(Model.kind, model.id)]
        yield from output_within_context(kb, entry, model.context_window, model.max_output)
        for offering in kb.offerings_of_model(model.id):
            offer_entry = kb.entries[(Offering.kind, offering.id)]
            yield from output_within_context(kb, offer_entry, offering.context_window or model.context_window,
                                             offering.max_output or model.max_output)


def output_within_context(kb: KB, entry: Entry, context: list[TokensFact],
                          output: list[TokensFact]) -> Iterator[Issue]:
    # The figures a reader sees (evidence.headline): a newer secondary figure beside a first-party one is not what
    # the pages state, so it is not what must fit.
    headline_window, headline_most = evidence.headline(kb, context), evidence.headline(kb, output)
    window = headline_window.fact if headline_window else None
    most = headline_most.fact if headline_most else None
    if not (window and most and most.value > window.value):
        return
    record = entry.record
    assert isinstance(record, Model | Offering)
    # Point at whichever figure this record states itself; an offering may inherit the other from its model.
    path: Path = ()
    if any(fact is most for fact in record.max_output):
        path = ("max_output", record.max_output.index(most), "value")
    elif any(fact is window for fact in record.context_window):
        path = ("context_window", record.context_window.index(window), "value")
    yield at(entry, path, f"max output ({most.value:,} tokens) exceeds the context window ({window.value:,} tokens)",
             "check both figures against the source: one is probably in the wrong unit")


def undated_disagreements(kb: KB) -> Iterator[Issue]:
    """Two first-party figures for one limit that disagree and that no `as_of` orders (evidence.unordered): a page
    would show whichever the file lists first, not the newer."""
    for record in (*kb.models, *kb.offerings):
        entry = kb.entries[(record.kind, record.id)]
        for field in ("context_window", "max_output"):
            facts: list[TokensFact] = getattr(record, field)
            tie = evidence.unordered(kb, facts)
            if tie is not None:
                lead, other = tie
                yield at(entry, (field, facts.index(lead.fact), "value"),
                         f"first-party figures for the {field.replace('_', ' ')} disagree ({lead.value:,} and "
                         f"{other.value:,} tokens) and no `as_of` says which is newer, so pages show whichever is "
                         "listed first", "set `as_of` on each to the day its source stated it, so the newer one leads")


def labs(kb: KB) -> Iterator[Issue]:
    for model in kb.models:
        lab = kb.get(Provider.kind, model.lab)
        if isinstance(lab, Provider) and "lab" not in lab.roles:
            yield at(kb.entries[(Model.kind, model.id)], ("lab",),
                     f"`lab` is `{lab.id}`, which does not train models (its roles: {', '.join(lab.roles)})",
                     f"name the lab that trained the model, or add `lab` to the roles in kb/providers/{lab.id}.yaml")


def knowledge_cutoffs(kb: KB) -> Iterator[Issue]:
    for model in kb.models:
        if model.knowledge_cutoff and model.released and model.knowledge_cutoff > model.released:
            yield at(kb.entries[(Model.kind, model.id)], ("knowledge_cutoff",),
                     f"the knowledge cutoff ({model.knowledge_cutoff}) is after the release ({model.released})",
                     "a model cannot know what happened after it was released: check both dates")


PRE_RELEASE_DAYS = 365
"""How long before a release a lab's own scores may be dated: o1's came 84 days before it shipped; a claim a year or
more ahead is a wrong date (of the model, or of the claim)."""


def claims(kb: KB) -> Iterator[Issue]:
    for claim in kb.claims:
        entry = kb.entries[(BenchmarkClaim.kind, claim.id)]
        model = kb.get(Model.kind, claim.model)
        # A lab may publish its own scores when it announces a model it ships later (o1: September vs December
        # 2024); nobody else can have evaluated a model before its release.
        released = model.released if isinstance(model, Model) else None
        early = (released - claim.date).days if released else 0
        if early > 0 and claim.reported_by != "vendor":
            yield at(entry, ("date",), f"the claim is dated {claim.date}, before the model was released "
                     f"({released}), and it is not the lab's own",
                     "date the claim when it was published; only the lab can report scores before release "
                     "(`reported_by: vendor`)")
        elif early > PRE_RELEASE_DAYS:
            yield at(entry, ("date",), f"the claim is dated {claim.date}, {early} days before the model was "
                     f"released ({released}); a lab announces scores at most {PRE_RELEASE_DAYS} days ahead",
                     "date the claim when the lab published it, or check the model's release date")
        if claim.score is not None and "%" in claim.metric and not 0 <= claim.score <= 100:
            yield at(entry, ("score",), f"a score of {claim.score:g} on a percentage metric "
                     f"(`{claim.metric}`) is outside 0-100",
                     "write the percentage (a fraction of 1 times 100), or correct the metric")


def assessment_families(kb: KB) -> Iterator[Issue]:
    families: dict[str, set[str | None]] = defaultdict(set)
    for model in kb.models:
        families[model.family].update({model.tier, None})
    for assessment in kb.assessments:
        entry = kb.entries[(Assessment.kind, assessment.id)]
        for index, pick in enumerate(assessment.picks):
            if pick.family is None:
                continue
            if pick.family not in families:
                close = difflib.get_close_matches(pick.family, list(families), n=1)
                yield at(entry, ("picks", index, "family"), f"no model has family `{pick.family}`",
                         f"did you mean `{close[0]}`?" if close else "use a `family` value from kb/models/")
            elif pick.tier not in families[pick.family]:
                yield at(entry, ("picks", index, "tier"), f"no `{pick.family}` model has tier `{pick.tier}`",
                         f"use one of: {', '.join(sorted(t for t in families[pick.family] if t))}")
