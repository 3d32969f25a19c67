"""OpenRouter's model list (a saved `GET /api/v1/models` response, or its bare `.data` array): import it as
OpenRouter offerings.

OpenRouter publishes USD per token as strings, `-1` for routers without a fixed price, `context_length`,
`architecture` modalities, `top_provider` limits, long-prompt `overrides` and `expiration_date`. Every other key
is reported as not modelled. A model the KB already has (through any offering's API ids, aliases or external
ids, normalised: `claude-opus-4.5` is `claude-opus-4-5`) is reused, never duplicated.
"""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

from ..kb.current import has_retired
from ..kb.files import read_feed
from ..kb.link import KB
from ..kb.model_ids import base_name
from ..kb.units import UnitError, tokens
from ..live.dialects.openrouter import OpenRouter
from ..live.refresh import LIST_SOURCE, observed
from .commit import commit
from .feed_shapes import OPENROUTER, shape_problem
from .litellm_names import MODALITIES
from .plan import Plan, Staging, slug, snapshot_problem
from .report import ImportReport

SOURCE_ID = LIST_SOURCE
MODELLED = {"id", "name", "context_length", "architecture", "pricing", "top_provider", "expiration_date"}
MODELLED_NESTED = {"pricing": {"prompt", "completion", "input_cache_read", "input_cache_write", "overrides"},
                   "architecture": {"input_modalities", "output_modalities"},
                   "top_provider": {"max_completion_tokens"}}
OVERRIDE_KEYS = {"min_prompt_tokens", "prompt", "completion", "input_cache_read"}


def load(file: Path) -> list[Any]:
    try:
        data = read_feed(file)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, RecursionError) as error:
        raise ValueError(f"{file}: not a readable JSON file ({error})") from error
    items = data.get("data") if isinstance(data, dict) else data
    if not isinstance(items, list):
        raise ValueError(f"{file}: expected OpenRouter's `{{\"data\": [...]}}` models response or its `.data` array")
    return items


def count_unmodelled(report: ImportReport, item: dict[str, Any]) -> None:
    for key, value in item.items():
        if key not in MODELLED:
            report.unmapped[key] += 1
        elif key in MODELLED_NESTED and isinstance(value, dict):
            report.unmapped.update(f"{key}.{k}" for k in value if k not in MODELLED_NESTED[key])
    overrides = item.get("pricing", {}).get("overrides") if isinstance(item.get("pricing"), dict) else None
    for override in overrides if isinstance(overrides, list) else []:
        if isinstance(override, dict):
            report.unmapped.update(f"pricing.overrides.{k}" for k in override if k not in OVERRIDE_KEYS)


def import_openrouter(kb: KB, root: Path, file: Path, as_of: datetime.date, today: datetime.date | None = None,
                      dry_run: bool = False) -> ImportReport:
    items = load(file)
    report = ImportReport("OpenRouter", str(file), as_of)
    plan = Plan(kb, root, as_of, report, SOURCE_ID)
    plan.stage_all("the list", [("sources", SOURCE_ID, {
        "type": "docs", "title": "OpenRouter models API (GET /api/v1/models)", "publisher": "OpenRouter",
        "url": "https://openrouter.ai/api/v1/models"}, ""), ("providers", "openrouter", {
            "name": "OpenRouter", "roles": ["api-host"], "website": "https://openrouter.ai",
            "sources": [SOURCE_ID]}, "")])
    plan.preamble = set(plan.new)
    for item in items:
        report.entries += 1
        if not isinstance(item, dict) or not isinstance(item.get("id"), str):
            report.problems.append(f"entry {report.entries}: no string `id`; skipped")
            continue
        problem = shape_problem(OPENROUTER, item)
        if problem:
            report.problems.append(f"entry {report.entries} `{item['id']}`: {problem}; nothing of it imported")
            continue
        count_unmodelled(report, item)
        try:
            import_item(plan, item, as_of)
        except ValueError as error:
            report.problems.append(f"entry {report.entries} `{item['id']}`: {error}; nothing of it imported")
        except LookupError as error:
            report.skipped[str(error.args[0])] += 1
    del items
    return commit(plan, today or as_of, dry_run)


def snapshot_of(item: dict[str, Any], as_of: datetime.date) -> dict[str, Any]:
    """The item's prices as an observed snapshot: read by the live dialect (the one definition of OpenRouter's
    pricing object), strictly, so a value that is no price is refused, never dropped."""
    if not isinstance(item.get("pricing"), dict):
        raise ValueError("no `pricing` object")
    entry = OpenRouter().parse(item, strict=True)  # UnitError (a ValueError) names the field
    if entry.input_price is None or entry.output_price is None:
        raise LookupError("routers without a fixed price (-1)")
    snapshot = observed(entry, as_of)
    snapshot["note"] = f"As listed by OpenRouter's models API on {as_of}; when it took effect is unknown."
    problem = snapshot_problem(snapshot)
    if problem:
        raise ValueError(problem)
    return snapshot


def import_item(plan: Plan, item: dict[str, Any], as_of: datetime.date) -> None:
    model_name = item["id"]
    snapshot = snapshot_of(item, as_of)
    offering_id = plan.offerings.find("openrouter", model_name)
    if offering_id:
        plan.merge_price(offering_id, snapshot, f"`{model_name}`", model_name)
    else:
        new_offering(plan, item, as_of, snapshot)


def positive(value: Any) -> int | None:
    try:
        return tokens(value, "tokens")
    except UnitError:
        return None


def new_offering(plan: Plan, item: dict[str, Any], as_of: datetime.date, snapshot: dict[str, Any]) -> None:
    """Stage the model (unless the KB knows it), the offering and its prices of one item: all or nothing."""
    model_name = item["id"]
    vendor, _, base = model_name.lstrip("~").partition("/")
    base = base or vendor
    context = positive(item.get("context_length"))
    listed = item.get("top_provider")
    top: dict[str, Any] = listed if isinstance(listed, dict) else {}
    output = positive(top.get("max_completion_tokens"))
    if context and output and output > context:
        plan.report.conflicts.append(f"`{model_name}`: max_completion_tokens {output:,} exceeds context_length "
                                     f"{context:,}; the output limit was left out")
        output = None
    lifecycle: dict[str, Any] = {"status": "active"}
    expiry = item.get("expiration_date")
    if expiry:
        try:
            day = datetime.date.fromisoformat(str(expiry)[:10])
        except ValueError:
            raise ValueError(f"expiration_date {expiry!r} is not a date") from None
        lifecycle = {"status": "retired" if has_retired(day, as_of) else "deprecated", "retires": day,
                     "sources": [SOURCE_ID]}  # the list gives the date: its source (rules/offerings.unsourced_dates)
    found = plan.existing_model(base.split(":", 1)[0], base_name(base))
    if found == "":
        return  # ambiguous: reported
    model_id = found or plan.free_id("models", slug(base.replace(":", "-")))
    model: dict[str, Any] | None = None
    if not found:
        fact = {"sources": [SOURCE_ID], "as_of": as_of}
        described = item.get("architecture")
        arch: dict[str, Any] = described if isinstance(described, dict) else {}
        inputs = [MODALITIES[m] for m in arch.get("input_modalities") or [] if m in MODALITIES] or ["text"]
        outputs = [MODALITIES[m] for m in arch.get("output_modalities") or [] if m in MODALITIES] or ["text"]
        model = {"name": str(item.get("name") or base), "family": vendor or "Imported",
                 "lab": plan.lab(vendor if base != vendor else None, base), "weights": "unknown",
                 "description": f"Imported from OpenRouter's model list ({model_name}); not yet curated."}
        if context:
            model["context_window"] = [{"value": context, **fact}]
        if output:
            model["max_output"] = [{"value": output, **fact}]
        model["modalities"] = {"input": list(dict.fromkeys(inputs)), "output": list(dict.fromkeys(outputs))}
        model["sources"] = [SOURCE_ID]
    offering_id = plan.free_id("offerings", f"openrouter--{slug(model_name.replace('/', '--'))}")
    body = {"provider": "openrouter", "model": model_id, "api_ids": [model_name], "lifecycle": lifecycle,
            "external_ids": {"openrouter": model_name}, "sources": [SOURCE_ID]}
    records: Staging = plan.lab_records(model)
    if model is not None:
        records.append(("models", model_id, model, model["lab"]))
    records += [("offerings", offering_id, body, "openrouter"),
                *plan.price_records(offering_id, snapshot, "openrouter")]
    plan.stage_all(f"`{model_name}`", records)
