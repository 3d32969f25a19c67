"""`api/v1/catalog.json`: one joined file for consumers (and the Choose page): every model with its headline
facts, its live offerings and their current prices inline, from the single definitions in `kb.current`."""

from __future__ import annotations

import datetime
import functools
import json
from collections.abc import Sequence
from typing import Any

from ..kb import current, evidence
from ..kb.evidence import Headline
from ..kb.link import KB
from ..kb.records import BenchmarkClaim, Model, Offering, Snapshot
from ..kb.records.price_readings import unconfirmed
from . import api_parts, summary_rows, urls
from .api_parts import Parts

NUMBER = {"type": "number", "minimum": 0}
PRICE_OR_NULL = {"type": ["number", "null"], "minimum": 0}
FACT = {"type": ["object", "null"], "additionalProperties": False, "required": ["value", "primary", "sources"],
        "properties": {"value": {"type": "integer", "minimum": 1}, "primary": {"type": "boolean"},
                       "sources": {"type": "array", "items": {"type": "string"}},
                       "disagreeing": {"type": "array", "items": {"type": "object"}}}}
PRICE = {"type": ["object", "null"], "additionalProperties": False,
         "required": ["input", "output", "effective", "basis", "checked", "sources"],
         "properties": {"input": NUMBER, "output": NUMBER, "cached_input": PRICE_OR_NULL, "cache_write": PRICE_OR_NULL,
                        "batch": {"type": ["object", "null"]}, "tiers": {"type": "array"},
                        "effective": {"type": "string", "format": "date"}, "basis": {"enum": ["effective", "observed"]},
                        "checked": {"type": ["string", "null"]},
                        "since": {"description": "When this input and output price began: the first reading of it "
                                  "(`effective`: it took effect then; `observed`: only seen in force then), which "
                                  "a later reading of the same price does not move.", "type": "object",
                                  "additionalProperties": False, "required": ["date", "basis"],
                                  "properties": {"date": {"type": "string", "format": "date"},
                                                 "basis": {"enum": ["effective", "observed"]}}},
                        "unchecked": {"description": "The prices `checked` does not cover: carried from an earlier "
                                      "snapshot by the reading that was checked, which showed only the others, "
                                      "or added since by a reading no one checked at the provider.",
                                      "type": "array", "items": {"type": "string"}},
                        "sources": {"type": "array", "items": {"type": "string"}}}}
UPCOMING = {"description": "The next price the provider announced, taking effect after the build day (null: none "
            "announced).", "type": ["object", "null"], "additionalProperties": False,
            "required": ["effective", "announced", "input", "output", "sources"],
            "properties": {"effective": {"type": "string", "format": "date"},
                           "announced": {"type": "string", "format": "date"}, "input": NUMBER, "output": NUMBER,
                           "sources": {"type": "array", "items": {"type": "string"}}}}
OFFERING = {"type": "object", "additionalProperties": False,
            "required": ["id", "provider", "page", "api_id", "aliases", "status", "retires", "dates_first_party",
                         "no_date_on", "regions", "context_window", "max_output", "price", "upcoming_price"],
            "properties": {"id": {"type": "string"}, "provider": {"type": "string"}, "page": {"type": "string"},
                           "api_id": {"type": "string"},
                           "aliases": {"type": "array", "items": {"type": "string"}},
                           "status": {"description": "`retiring` within 90 days of `generated` (kb.current).",
                                      "enum": ["preview", "active", "deprecated", "retiring"]},
                           "retires": {"type": ["string", "null"]},
                           "retires_not_before": {"description": "A floor the provider publishes (\"not sooner "
                                                  "than\"), not a retirement date.", "type": ["string", "null"]},
                           "dates_first_party": {"description": "Whether a first-party page gives the lifecycle dates "
                                                 "(false: only catalogues or articles do; null: no date).",
                                                 "type": ["boolean", "null"]},
                           "no_date_on": {"description": "When the dates rest on secondary sources only: the newest "
                                          "day a first-party page listed the offering with no retirement date.",
                                          "type": ["string", "null"]},
                           "regions": {"type": "array"},
                           "context_window": FACT, "max_output": FACT, "price": PRICE, "upcoming_price": UPCOMING}}
SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "Frontier Landscape catalogue",
    "description": "Every model with its headline facts and its live offerings with their current prices.",
    "type": "object", "additionalProperties": False,
    "required": ["version", "generated", "reviewed_up_to", "providers", "benchmarks", "models"],
    "properties": {
        "version": {"const": "v1"}, "generated": {"type": "string"}, "reviewed_up_to": {"type": ["string", "null"]},
        "providers": {"type": "array", "items": {"type": "object", "required": ["id", "name", "roles", "page"]}},
        "benchmarks": {"type": "array", "items": {"type": "object", "additionalProperties": False,
                                                  "required": ["id", "name", "metric"],
                                                  "properties": {"id": {"type": "string"}, "name": {"type": "string"},
                                                                 "metric": {"type": "string"}}}},
        "models": {"type": "array", "items": {
            "type": "object", "additionalProperties": False,
            "required": ["id", "name", "page", "lab", "family", "released", "weights", "license", "status",
                         "context_window",
                         "max_output", "modalities", "capabilities", "api_ids", "offerings", "cheapest_offering",
                         "scores"],
            "properties": {
                "id": {"type": "string"}, "name": {"type": "string"}, "lab": {"type": "string"},
                "page": {"description": "The model's page, from the site root.", "type": "string"},
                "family": {"type": "string"}, "released": {"type": ["string", "null"]},
                "weights": {"enum": ["open", "restricted", "closed", "unknown"]},
                "license": {"type": ["string", "null"]},
                "status": {"enum": list(current.MODEL_STATUSES)},
                "context_window": FACT, "max_output": FACT,
                "modalities": {"type": "object"}, "capabilities": {"type": "object"},
                "api_ids": {"description": "Every API id and alias of its offerings, retired ones included.",
                            "type": "array", "items": {"type": "string"}},
                "offerings": {"type": "array", "items": OFFERING},
                "cheapest_offering": {"type": ["string", "null"]},
                "scores": {"type": "array", "items": {"type": "object", "required": [
                    "id", "benchmark", "score", "metric", "reported_by", "reporter", "date", "sources"]}}}}}}}


def fact(item: Headline | None) -> dict[str, Any] | None:
    if item is None:
        return None
    return {"value": item.value, "primary": item.primary, "sources": list(item.fact.sources),
            "disagreeing": [{"value": f.value, "sources": list(f.sources)} for f in item.disagreeing]}


def price(snapshot: Snapshot | None, check: Snapshot | None, stated_by: Sequence[str],
          began: Snapshot | None = None) -> dict[str, Any] | None:
    """The price in force as the catalogue states it; `check` (`current.price_check`) gives its `checked` date, and
    its sources join the snapshot's, so a checked price always names the first-party page that showed it; so do
    `stated_by`, the sources of its prices with the carried ones' (`current.price_sources`), and those of `began`,
    where its input and output began (`current.price_began`; the snapshot itself when not given)."""
    if snapshot is None:
        return None
    began = began or snapshot
    sources = list(dict.fromkeys([*stated_by, *(check.sources if check else []), *began.sources]))
    # Prices go out as the records' own JSON form (records.base.json_number), the one wire format of a price.
    wire = snapshot.model_dump(mode="json", include={"input", "output", "cached_input", "cache_write", "batch",
                                                      "tiers"}, exclude_none=True)
    return {"input": wire["input"], "output": wire["output"], "cached_input": wire.get("cached_input"),
            "cache_write": wire.get("cache_write"), "batch": wire.get("batch"), "tiers": wire.get("tiers", []),
            "effective": snapshot.effective.isoformat(), "basis": snapshot.basis,
            "checked": check.checked.isoformat() if check and check.checked else None,
            "since": {"date": began.effective.isoformat(), "basis": began.basis},
            "unchecked": unconfirmed(check, snapshot) if check and check.checked else [], "sources": sources}


def offering(kb: KB, item: Offering, on: datetime.date) -> dict[str, Any]:
    return {"id": item.id, "provider": item.provider, "page": urls.offering_target(item).href(ext="html"),
            "api_id": item.api_ids[0], "aliases": list(item.aliases),
            "status": current.offering_status(item, on),
            "retires": str(item.lifecycle.retires) if item.lifecycle.retires else None,
            "retires_not_before": str(item.lifecycle.retires_not_before) if item.lifecycle.retires_not_before else None,
            "dates_first_party": evidence.dates_first_party(kb, item),
            "no_date_on": str(day) if (day := evidence.no_date_on(item)) else None,
            "regions": list(item.regions), "context_window": fact(current.context_window(kb, item)),
            "max_output": fact(current.max_output(kb, item)), "price": in_force(kb, item, on),
            "upcoming_price": upcoming(current.scheduled_price(kb, item, on))}


def upcoming(snapshot: Snapshot | None) -> dict[str, Any] | None:
    if snapshot is None or snapshot.announced is None:
        return None
    wire = snapshot.model_dump(mode="json", include={"input", "output"})
    return {"effective": snapshot.effective.isoformat(), "announced": snapshot.announced.isoformat(),
            "input": wire["input"], "output": wire["output"], "sources": list(snapshot.sources)}


def in_force(kb: KB, item: Offering, on: datetime.date) -> dict[str, Any] | None:
    snapshot = current.current_price(kb, item, on)
    if snapshot is None:
        return None
    return price(snapshot, current.price_check(kb, item.id, snapshot), current.price_sources(kb, item.id, snapshot),
                 current.price_began(kb, item.id, snapshot))


def scores(claims: list[BenchmarkClaim]) -> list[dict[str, Any]]:
    return [{"id": c.id, "benchmark": c.benchmark, "score": c.score, "metric": c.metric, "reported_by": c.reported_by,
             "reporter": c.reporter, **c.date_fields(), "sources": list(c.sources)}
            for c in sorted(claims, key=lambda c: (c.benchmark, c.date, c.id)) if c.score is not None]


def page(kind: str, record_id: str) -> str:
    """A record's page from the site root, as the catalogue's readers (the Compare page, search) link to it."""
    return urls.record(kind, record_id).href(ext="html")


def model(kb: KB, item: Model, on: datetime.date) -> dict[str, Any]:
    """A model's entry: what it reads is its own record, offerings, prices and claims (an API part: api_parts.py)."""
    claims = kb.claims_of_model(item.id)
    row = summary_rows.model_row(kb, item, on)
    live = [o for o in kb.offerings_of_model(item.id) if current.is_live(o, on)]
    return {"id": item.id, "name": item.name, "page": page("models", item.id), "lab": item.lab, "family": item.family,
            "released": item.released.isoformat() if item.released else None, "weights": item.weights,
            "license": item.license, "status": row.status, "context_window": fact(row.context),
            "max_output": fact(row.output),
            "modalities": item.modalities.model_dump() if item.modalities else {},
            "capabilities": item.capabilities.model_dump(exclude_none=True) if item.capabilities else {},
            "api_ids": list(dict.fromkeys(i for o in kb.offerings_of_model(item.id) for i in (*o.api_ids, *o.aliases))),
            "offerings": [offering(kb, o, on) for o in live],
            "cheapest_offering": row.price.offering.id if row.price else None, "scores": scores(claims)}


def head(kb: KB, on: datetime.date) -> dict[str, Any]:
    """The catalogue but its models: what every model's entry sits beside."""
    reviewed = current.reviewed_up_to(kb)
    return {"version": "v1", "generated": on.isoformat(), "reviewed_up_to": reviewed.isoformat() if reviewed else None,
            "providers": [{"id": p.id, "name": p.name, "roles": list(p.roles), "headquarters": p.headquarters,
                           "data_residency": list(p.data_residency), "page": page("providers", p.id)}
                          for p in kb.providers],
            "benchmarks": [{"id": b.id, "name": b.name, "metric": b.metric} for b in kb.benchmarks]}


def catalog(kb: KB, on: datetime.date) -> dict[str, Any]:
    return {**head(kb, on), "models": [model(kb, m, on) for m in kb.models]}


def text(kb: KB, on: datetime.date, parts: Parts | None = None) -> str:
    """The catalogue as JSON (no indent, as export.py); with `parts`, each model's entry taken from an earlier build
    where it still holds."""
    entries = [api_parts.part(parts, ("catalog", m.id), functools.partial(model, kb, m, on)) for m in kb.models]
    return api_parts.document(head(kb, on), "models", entries) + "\n"


def schema_text() -> str:
    return json.dumps(SCHEMA, indent=1) + "\n"
