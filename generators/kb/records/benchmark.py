"""Benchmarks, and the claims that a model scored something on one."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Annotated, Literal

from pydantic import Field, model_validator

from .base import Date, HttpsUrl, KBModel, Path, Prose, Record, Reference, Slug, SourceRefs, Text, source_refs

Score = Annotated[float, Field(ge=-1_000_000, le=1_000_000)]
"""A benchmark score in its metric's unit (a percentage, an Elo rating): finite and of plausible size."""


class Benchmark(Record):
    """An evaluation that models are scored on."""

    kind = "benchmarks"

    name: Text
    """The benchmark's name, e.g. `MMLU`, `SWE-bench Verified`."""
    measures: Prose
    """What capability it measures."""
    metric: Text
    """The usual headline metric and its unit, e.g. `accuracy (%)`, `pass@1 (%)`, `Elo rating`."""
    higher_is_better: bool = True
    """Whether a higher score is better."""
    paper: Slug | None = None
    """Id of the source record of the paper that introduced it."""
    url: HttpsUrl | None = None
    """Home page or leaderboard."""
    contamination: Prose | None = None
    """Known contamination risks (public test set, leaked into training data, ...)."""
    sources: SourceRefs
    """Sources for the description above."""

    def references(self) -> Iterator[Reference]:
        if self.paper:
            yield ("paper",), "sources", self.paper
        yield from source_refs(("sources",), self.sources)


class Setting(KBModel):
    """How the score was obtained; scores under different settings are not comparable."""

    shots: Annotated[int, Field(ge=0, le=10_000)] | None = None
    """Number of in-context examples (0 for zero-shot)."""
    chain_of_thought: bool | None = None
    """Whether the model was prompted to reason step by step before answering."""
    attempts: Text | None = None
    """Sampling protocol, e.g. `pass@1`, `cons@64`, `best of 8`."""
    notes: Prose | None = None
    """Anything else about the setting (subset, harness, tools allowed)."""


class BenchmarkClaim(Record):
    """A claim that a model scored something on a benchmark, with who claims it and where."""

    kind = "claims"

    model: Slug
    """Id of the model scored."""
    benchmark: Slug
    """Id of the benchmark."""
    score: Score | None = None
    """The score, in the unit of `metric`. Omit for a qualitative claim."""
    metric: Text
    """What the score measures, e.g. `accuracy (%)`, `Elo rating`, `percentile`."""
    qualitative: Prose | None = None
    """A claim without a number, in the source's words (e.g. `best-in-class`)."""
    setting: Setting = Setting()
    """How the score was obtained."""
    reported_by: Literal["vendor", "independent", "secondary"]
    """`vendor`: the model's own lab; `independent`: someone else who ran the evaluation; `secondary`: a third
    party (a textbook, an article) restating a result without running it."""
    reporter: Text
    """Who reported it (a lab, a leaderboard, a paper's authors)."""
    date: Date
    """When the claim was published (with `date_basis: shown_by`, the day of the earliest dated copy that shows it)."""
    date_basis: Literal["published", "shown_by"] = "published"
    """`published`: `date` is the day the reporter published the claim. `shown_by`: no page gives that day, and
    `date` is the day of the earliest dated copy found that shows the claim (a leaderboard's data file, a
    repository's copy of it): published on that day or before. Pages say "by <date>"."""
    contamination: Prose | None = None
    """Notes on possible test-set contamination for this claim."""
    sources: SourceRefs
    """Sources that state the claim."""

    @model_validator(mode="after")
    def _has_substance(self) -> BenchmarkClaim:
        if self.score is None and self.qualitative is None:
            raise ValueError("a claim needs a `score` or, for a claim without a number, `qualitative`")
        return self

    @property
    def when(self) -> str:
        """The claim's date as every page and the JSON API print it: the day, or "by <day>" when only a dated copy
        bounds it (`date_basis: shown_by`)."""
        day = self.date.isoformat()
        return f"by {day}" if self.date_basis == "shown_by" else day

    def date_fields(self) -> dict[str, str]:
        """The claim's date as the JSON API and `kb choose` give it: the day, its basis, and `when`."""
        return {"date": self.date.isoformat(), "date_basis": self.date_basis, "when": self.when}

    def references(self) -> Iterator[Reference]:
        yield ("model",), "models", self.model
        yield ("benchmark",), "benchmarks", self.benchmark
        yield from source_refs(("sources",), self.sources)

    def dates(self) -> Iterator[tuple[Path, datetime.date]]:
        yield ("date",), self.date
