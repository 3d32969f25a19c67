"""Shared machinery of the importers: stage records, find what the KB already has, merge prices.

An import never overwrites a record that exists: a new record is a new file; an existing offering's prices grow
only by a new dated reading (when the price differs and the date is later), anything else is a conflict. Each record
is validated once, when staged; an entry's records all together or not at all. `commit` checks the cross-record
rules once, in memory, and writes.
"""

from __future__ import annotations

import datetime
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from ..kb.current import is_live
from ..kb.link import KB
from ..kb.model_ids import base_name, normal, undated
from ..kb.records import KINDS, SINGULAR, Offering, PriceHistory, Record, Snapshot
from ..kb.records.price import PRICE_FIELDS, kept_in, price_names
from ..kb.records.price_readings import adds, carrying, same_prices
from .labs import KNOWN_LABS, Labs, lab_record
from .offering_index import OfferingIndex
from .report import ImportReport

UNKNOWN_LAB = "unknown-lab"
Staging = list[tuple[str, str, dict[str, Any], str]]
"""(kind, id, data, folder) of the records one feed entry adds."""


def slug(text: str, limit: int = 100) -> str:
    """A record id from arbitrary text: lower case, runs of other characters as '-'."""
    value = re.sub(r"[^a-z0-9._-]+", "-", text.lower()).strip("-._")
    value = re.sub(r"-{3,}", "--", value)[:limit].strip("-._")
    return value or "unnamed"


@dataclass(frozen=True, slots=True)
class Staged:
    folder: str
    record: Record
    """Validated once; the file's contents are dumped from it (no second copy of the data is kept)."""

    @property
    def body(self) -> dict[str, Any]:
        return self.record.model_dump(exclude_unset=True)


class Plan:
    """What an import will create or append, staged in memory until `commit`."""

    def __init__(self, kb: KB, root: Path, as_of: datetime.date, report: ImportReport, source: str,
                 existing_only: bool = False) -> None:
        self.kb, self.root, self.as_of, self.report, self.source = kb, root, as_of, report, source
        self.new: dict[tuple[str, str], Staged] = {}
        self.appends: dict[str, list[dict[str, Any]]] = {}
        """Existing price-history id -> snapshots to append."""
        self.existing_only = existing_only
        """Only existing offerings gain snapshots (`kb import litellm --existing`): no offering is created."""
        self.preamble: set[tuple[str, str]] = set()
        """The records every import of the feed stages (its source, its host): written only beside an entry's."""
        self.offerings = OfferingIndex()
        """The offering, the KB's or one this import made, that a feed's entry is (offering_index.py)."""
        self.models_by_name: dict[str, set[str]] = defaultdict(set)
        """Normalised model name, API id, alias or external id -> the models known by it."""
        self.labs = Labs(kb)
        for model in kb.models:
            self.models_by_name[normal(model.id)].add(model.id)
        for offering in kb.offerings:
            self.index_offering(offering.id, offering.provider, offering.model,
                                [*offering.all_api_ids(), *offering.external_ids.values()])

    def index_offering(self, offering_id: str, provider: str, model: str, names: list[str]) -> None:
        self.offerings.add(offering_id, provider, names)
        for name in names:
            self.models_by_name[normal(name.rsplit("/", 1)[-1])].add(model)

    # ------------------------------------------------------------ lookups

    def exists(self, kind: str, record_id: str) -> bool:
        return (kind, record_id) in self.kb.entries or (kind, record_id) in self.new

    def existing_model(self, *names: str) -> str | None:
        """The one model already known by any of these names (exactly, normalised, then undated); None if none
        or several (several is reported)."""
        for key in (normal, lambda n: undated(normal(n))):
            for name in names:
                found = self.models_by_name.get(key(name.rsplit("/", 1)[-1]), set())
                if len(found) == 1:
                    return next(iter(found))
                if len(found) > 1:
                    self.report.conflicts.append(f"`{name}` could be any of the models {', '.join(sorted(found))}; "
                                                 "a new model was not created for it, nor was it merged")
                    return ""
        return None

    def known_model(self, api_id: str) -> str | None:
        """`existing_model` for an id or for the model its variant names (a region, platform or version variant
        is its model: `base_name`); counts the variants attached."""
        found = self.existing_model(api_id, base_name(api_id))
        if found and base_name(api_id) != api_id.rsplit("/", 1)[-1]:
            self.report.variants += 1
        return found

    def lab(self, vendor: str | None, name: str) -> str:
        """The lab of a model: its vendor prefix's when it has one (a vendor's fine-tune of another lab's model is
        the vendor's), else its name's. An unknown vendor is reported, not guessed from the name."""
        lab = self.labs.of_vendor(vendor) if vendor else self.labs.of_name(name)
        if lab and (self.exists("providers", lab) or lab in KNOWN_LABS):
            return lab
        self.report.unknown_labs[vendor or name.split("-", 1)[0]] += 1
        return UNKNOWN_LAB

    # ------------------------------------------------------------ staging

    def validated(self, kind: str, record_id: str, data: dict[str, Any]) -> Record | str:
        """The record, or why it would not validate (so an entry's records can all be checked before any is
        staged, and a failing entry leaves nothing behind)."""
        body = {"schema_version": KINDS[kind].current_version(), "id": record_id, **data}
        try:
            return KINDS[kind].model_validate(body)
        except ValidationError as error:
            first = error.errors()[0]
            where = ".".join(map(str, first["loc"])) or "record"
            return f"{SINGULAR[kind]} `{record_id}` not created: {where}: {first['msg']}"

    def stage_all(self, label: str, records: Staging) -> bool:
        """Stage every new record of one entry, or none of them (reporting the first that would not validate)."""
        checked = []
        for kind, record_id, data, folder in records:
            if self.exists(kind, record_id):
                continue
            record = self.validated(kind, record_id, data)
            if isinstance(record, str):
                self.report.problems.append(f"{label}: {record}; nothing of this entry imported")
                return False
            checked.append((kind, record_id, folder, compact(record)))
        for kind, record_id, folder, record in checked:
            self.new[(kind, record_id)] = Staged(folder, record)
            self.report.created[kind] += 1
            if isinstance(record, Offering):
                self.index_offering(record_id, record.provider, record.model, record.all_api_ids())
            elif kind == "models":
                self.models_by_name[normal(record_id)].add(record_id)
        return True

    def lab_records(self, model: dict[str, Any] | None) -> Staging:
        """The lab provider a new model needs, if the KB does not have it yet."""
        if model is None or self.exists("providers", model["lab"]):
            return []
        if model["lab"] == UNKNOWN_LAB:
            return [("providers", UNKNOWN_LAB, {
                "name": "Unknown lab", "roles": ["lab"], "sources": [self.source],
                "description": "Placeholder lab for imported models whose lab could not be inferred."}, "")]
        return [("providers", model["lab"], lab_record(model["lab"], self.source), "")]

    def price_records(self, offering_id: str, snapshot: dict[str, Any], folder: str) -> Staging:
        """A new price history for a new offering (staged with it, so neither exists without the other)."""
        return [("prices", offering_id, {"offering": offering_id, "snapshots": [snapshot]}, folder)]

    def merge_price(self, offering_id: str, snapshot: dict[str, Any], label: str, api_id: str | None = None,
                    key: str | None = None) -> None:
        """Give an existing offering this snapshot: a new history, a new dated snapshot, nothing, or a conflict.

        Only the entry for an offering's primary API id, or the feed `key` its `external_ids` record, may change
        its price: secondary ids (older dated snapshots, aliases, a region's route) can carry other prices, which
        are reported, never appended.
        """
        history = self.kb.price_history(offering_id)
        staged = self.new.get(("offerings", offering_id))  # created by an earlier entry of this same feed
        existing = self.kb.get("offerings", offering_id) or (staged.record if staged else None)
        ours = {k: v for k, v in snapshot.items() if k in PRICE_FIELDS}
        current = history.current(self.as_of) if history else None
        held = current.model_dump(exclude_none=True) if current is not None else None  # Decimal, as the feed's
        same = held is not None and same_prices(held, ours)
        if isinstance(existing, Offering) and api_id is not None and not primary_in_feed(existing, api_id, key):
            if current is not None and not same:
                self.report.conflicts.append(
                    f"{label}: `{api_id}` is a secondary id of {offering_id}, priced {ours.get('input')} / "
                    f"{ours.get('output')} per 1M by the feed against the KB's {current.input} / {current.output}; "
                    "not merged (only the primary id updates prices)")
            else:
                self.report.unchanged += 1
            return
        if isinstance(existing, Offering) and not is_live(existing, self.as_of):
            self.report.conflicts.append(f"{label}: {offering_id} is retired; a feed still listing it adds no price")
            return
        if history is not None and history.withdrawn is not None and history.withdrawn_on(self.as_of):
            self.report.conflicts.append(
                f"{label}: {offering_id} has no public price on its provider's page since {history.withdrawn.observed} "
                "(`withdrawn`); a feed's price does not price it again, a first-party snapshot does")
            return
        if history is None:
            if ("prices", offering_id) not in self.new:
                self.stage_all(label, self.price_records(offering_id, snapshot, self.folder_of(offering_id)))
            return  # two entries for one offering in one file: the first one's price stands
        added = price_names(adds(held, ours)) if held is not None else ""
        if same and not added:
            self.report.unchanged += 1
            return
        self.append_price(history, current, snapshot, label, added if same else None)

    def append_price(self, history: PriceHistory, current: Snapshot | None, snapshot: dict[str, Any], label: str,
                     added: str | None) -> None:
        """Append the feed's reading, unless the KB has one from that day on; `added`: what it adds, if it agrees."""
        ours, last = {k: v for k, v in snapshot.items() if k in PRICE_FIELDS}, history.newest_reading(self.as_of)
        if self.as_of <= last or history.id in self.appends:
            self.report.conflicts.append(
                f"{label}: the feed also lists {history.offering}'s {added}, which the KB's price in force does not "
                f"state, but the KB already has a snapshot dated {last}, not before the feed's date {self.as_of}; "
                "add them by hand where a source states them" if added else
                f"{label}: the feed's price for {history.offering} ({ours.get('input')} / {ours.get('output')} per "
                f"1M) differs from the KB's, but the KB already has a snapshot dated {last}, not before the feed's "
                f"date {self.as_of}; check it and add a snapshot by hand")
            return
        check = history.last_check(current) if current is not None else None
        if check is not None and check.checked is not None and not only_adds(check, current, snapshot):
            # a feed is an aggregator: it may not overrule a price someone confirmed at the provider's own page
            snapshot = {**snapshot, "disputed": f"{self.source} lists {ours.get('input')} / {ours.get('output')} per "
                        f"1M on {self.as_of}, but the price in force was checked at the provider on "
                        f"{check.checked}; kept as disputed until a first-party page confirms it"}
            self.report.conflicts.append(f"{label}: {history.offering}'s checked price differs from the feed's; "
                                         "the feed's is kept as a disputed snapshot")
        self.appends[history.id] = [carrying(snapshot, current)]
        self.report.appended += 1

    def free_id(self, kind: str, wanted: str) -> str:
        """`wanted`, or `wanted-2`, `wanted-3`... when taken (two feed entries can slug to the same id)."""
        candidate, suffix = wanted, 2
        while self.exists(kind, candidate):
            candidate, suffix = f"{wanted}-{suffix}", suffix + 1
        return candidate

    def folder_of(self, offering_id: str) -> str:
        staged = self.new.get(("offerings", offering_id))
        if staged:
            return staged.folder
        entry = self.kb.entries.raw_get(("offerings", offering_id))  # its price goes where the KB keeps it
        return "/".join(entry.place.split("/")[1:-1]) if entry is not None else ""


SHARED_FIELD_SETS: dict[tuple[type, frozenset[str]], set[str]] = {}


def compact(record: Record) -> Record:
    """The record with its (and its parts') set of explicitly given fields shared with every equal one: records
    are frozen, so the sets are never changed, and an import of 100,000 entries keeps 300,000 records in memory."""
    def share(model: BaseModel) -> None:
        given = model.__pydantic_fields_set__
        shared = SHARED_FIELD_SETS.setdefault((type(model), frozenset(given)), given)
        if shared is not given:
            object.__setattr__(model, "__pydantic_fields_set__", shared)
        for value in model.__dict__.values():
            if isinstance(value, BaseModel):
                share(value)
            elif isinstance(value, list) and value and isinstance(value[0], BaseModel):
                for item in value:
                    share(item)

    share(record)
    return record


def snapshot_problem(snapshot: dict[str, Any]) -> str | None:
    """Why a price snapshot would not validate, checked before any record of its entry is staged."""
    try:
        Snapshot.model_validate(snapshot)
    except ValidationError as error:
        first = error.errors()[0]
        return f"price {'.'.join(map(str, first['loc'])) or 'snapshot'}: {first['msg']}"
    return None


def only_adds(check: Snapshot, current: Snapshot | None, snapshot: dict[str, Any]) -> bool:
    """The feed's reading, with what it would carry, keeps every price the check confirmed: it only adds to them."""
    reading = carrying(snapshot, current)
    filled = {**{field: getattr(current, field) for field in reading.get("carried", [])}, **reading}
    try:
        return kept_in(check, Snapshot.model_validate(filled))
    except ValidationError:
        return False


def primary_in_feed(offering: Offering, api_id: str, key: str | None) -> bool:
    """Whether a feed's entry (`key`, naming `api_id`) is the offering itself: its primary id, or the key its
    `external_ids` record (`vertex_ai/xai/grok-4.3`), not a secondary id, an alias or another route."""
    return api_id == offering.api_ids[0] or (key is not None and key in offering.external_ids.values())
