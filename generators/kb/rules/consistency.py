"""Rules that catch a record contradicting itself or its neighbour: a page read before it was published, a price
file named for one offering and pricing another, parameter counts kept while saying they are undisclosed, a model
that reads images by one field and not by the other, and a price seen in force after its offering stopped being
served."""

from __future__ import annotations

from collections.abc import Iterator

from ..issues import Issue
from ..link import KB
from ..records import Model, Offering, PriceHistory, Source
from .common import at


def check(kb: KB) -> Iterator[Issue]:
    yield from read_before_published(kb)
    yield from price_files(kb)
    yield from undisclosed_parameters(kb)
    yield from vision_without_image_input(kb)
    yield from prices_after_retirement(kb)


def read_before_published(kb: KB) -> Iterator[Issue]:
    for source in kb.sources:
        if source.accessed and source.published and source.accessed < source.published:
            yield at(kb.entries[(Source.kind, source.id)], ("accessed",),
                     f"read on {source.accessed}, before it was published on {source.published}",
                     "correct one of the two dates: a page cannot be read before it exists")
        if source.year and source.published and source.year != source.published.year:
            yield at(kb.entries[(Source.kind, source.id)], ("year",),
                     f"`year: {source.year}` but `published: {source.published}`",
                     "keep the one the source states (`year` is only for when the full date is unknown)")


def price_files(kb: KB) -> Iterator[Issue]:
    for history in kb.prices:
        if history.id != history.offering:
            yield at(kb.entries[(PriceHistory.kind, history.id)], ("offering",),
                     f"the price file `{history.id}` prices offering `{history.offering}`",
                     f"name the file after the offering it prices (kb/prices/{history.offering}.yaml), or correct "
                     "`offering`")


def undisclosed_parameters(kb: KB) -> Iterator[Issue]:
    for model in kb.models:
        counts = model.parameters
        if counts and not counts.disclosed and (counts.total_b is not None or counts.active_b is not None):
            yield at(kb.entries[(Model.kind, model.id)], ("parameters", "disclosed"),
                     "`disclosed: false` beside a parameter count",
                     "set `disclosed: true` if a source states the count, or remove `total_b` and `active_b`")


def vision_without_image_input(kb: KB) -> Iterator[Issue]:
    for model in kb.models:
        if problem := vision_disagreement(model):
            message, fix = problem
            yield at(kb.entries[(Model.kind, model.id)], ("capabilities", "vision"), message, fix)


def vision_disagreement(model: Model) -> tuple[str, str] | None:
    """What is wrong, and the fix, when `capabilities.vision` and image input disagree. The chooser and the
    catalogue's facets filter on `modalities.input`, the model page shows `vision`: a record that says yes by one
    and no by the other answers "does it read images?" both ways."""
    vision = model.capabilities.vision if model.capabilities else None
    reads = model.modalities is not None and "image" in model.modalities.input
    if vision is True and not reads:
        return ("`vision: true` but `image` is not among `modalities.input`",
                "add `image` to `modalities.input` if the source says the model takes images, or remove `vision`")
    if vision is False and reads:
        return ("`vision: false` but `image` is among `modalities.input`",
                "remove `image` from `modalities.input` or set `vision: true`, whichever the source says")
    return None


def prices_after_retirement(kb: KB) -> Iterator[Issue]:
    for history in kb.prices:
        offering = kb.get(Offering.kind, history.offering)
        cycle = offering.lifecycle if isinstance(offering, Offering) else None
        retires = cycle and (cycle.retires or cycle.seen_gone)
        gone = "retired on" if cycle and cycle.retires else "was seen gone by"
        for index, snapshot in enumerate(history.snapshots):
            if retires and snapshot.effective > retires and snapshot.disputed is None:
                yield at(kb.entries[(PriceHistory.kind, history.id)], ("snapshots", index, "effective"),
                         f"a price in force from {snapshot.effective}, after {history.offering} {gone} {retires}",
                         "nobody can pay a retired offering's price: correct the date, or keep the snapshot with "
                         "`disputed:` saying why the source still listed it")
