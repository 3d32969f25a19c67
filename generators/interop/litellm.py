"""LiteLLM's cost map (`model_prices_and_context_window.json`, MIT): import it as records, export the KB as one.

Chat, completion and responses entries become providers, models, offerings and price snapshots; other modes
(image, embedding, audio, rerank, ...) are counted as skipped; unmapped keys are counted in the report; entries
are typed by feed_shapes. Prices, USD per token there and per 1M here, convert in decimal for exact round trips.
"""

from __future__ import annotations

import datetime
import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..kb import evidence
from ..kb.current import has_retired
from ..kb.files import read_feed
from ..kb.link import KB
from ..kb.model_ids import GEO_ROUTE, base_name
from ..kb.records import Model, Provider
from ..kb.records.base import encode_url
from ..kb.units import UnitError, per_million, tokens
from .commit import commit
from .feed_shapes import LITELLM, shape_problem
from .labs import KNOWN_LABS
from .litellm_names import CAPABILITIES, FLOOR_DATES, PROVIDERS, capabilities_and_modalities, window_fact
from .plan import Plan, Staged, Staging, slug, snapshot_problem
from .report import ImportReport

FILE_URL = "https://github.com/BerriAI/litellm/blob/main/model_prices_and_context_window.json"
SOURCE_ID = "litellm-cost-map"
CITED_PAGE = "The page LiteLLM's cost map names as this price's source; not read by this project."
MODELLED_MODES = {"chat", "completion", "responses"}
TIER_KEY = re.compile(r"^(input|output)_cost_per_token_above_(\d+)k_tokens$")
CACHED_TIER_KEY = re.compile(r"^cache_read_input_token_cost_above_(\d+)k_tokens$")
SERVICE_KEY = re.compile(r"^(input|output)_cost_per_token_(batches|priority|flex)$")
SERVICE_FIELD = {"batches": "batch", "priority": "priority", "flex": "flex"}
ALWAYS_MAPPED = {"litellm_provider", "mode", "input_cost_per_token", "output_cost_per_token", "max_input_tokens",
                 "max_output_tokens", "max_tokens", "cache_read_input_token_cost", "cache_creation_input_token_cost",
                 "deprecation_date", "supported_regions", "source", "supported_modalities",
                 "supported_output_modalities", *CAPABILITIES}


def mapped(key: str) -> bool:
    return key in ALWAYS_MAPPED or bool(TIER_KEY.match(key) or CACHED_TIER_KEY.match(key) or SERVICE_KEY.match(key))


def api_id_of(key: str, provider: str) -> str:
    """The id the provider's own API uses: the LiteLLM key without LiteLLM's `provider/` routing prefix."""
    return key[len(provider) + 1:] if key.startswith(provider + "/") else key


def load(file: Path) -> dict[str, Any]:
    try:
        data = read_feed(file)
    except (OSError, json.JSONDecodeError) as error:
        raise ValueError(f"{file}: not a readable JSON file ({error})") from error
    if not isinstance(data, dict):
        raise ValueError(f"{file}: expected a JSON object of model entries")
    return data


def snapshot_of(entry: dict[str, Any], as_of: datetime.date, sources: list[str]) -> dict[str, Any]:
    """A price snapshot from an entry's per-token prices. Raises ValueError on a non-numeric or bad price."""
    def price(key: str) -> Decimal:
        if isinstance(entry[key], bool) or not isinstance(entry[key], int | float):
            raise UnitError(f"{key} is {entry[key]!r}, not a number")
        return per_million(entry[key], key)

    for key in ("input_cost_per_token", "output_cost_per_token"):
        if key not in entry:
            raise LookupError("no token prices")
    # the cost map lists prices in force on the day it was read, never since when
    snap: dict[str, Any] = {"effective": as_of, "basis": "observed", "input": price("input_cost_per_token"),
                            "output": price("output_cost_per_token")}
    if "cache_read_input_token_cost" in entry:
        snap["cached_input"] = price("cache_read_input_token_cost")
    if "cache_creation_input_token_cost" in entry:
        snap["cache_write"] = price("cache_creation_input_token_cost")
    for key in sorted(entry):
        service = SERVICE_KEY.match(key)
        if service:
            snap.setdefault(SERVICE_FIELD[service.group(2)], {})[service.group(1)] = price(key)
    tiers: dict[int, dict[str, Decimal]] = {}
    for key in entry:
        tier, cached = TIER_KEY.match(key), CACHED_TIER_KEY.match(key)
        if tier:
            tiers.setdefault(tokens(int(tier.group(2)) * 1000, key), {})[tier.group(1)] = price(key)
        elif cached:
            tiers.setdefault(tokens(int(cached.group(1)) * 1000, key), {})["cached_input"] = price(key)
    complete = {above: t for above, t in tiers.items() if "input" in t and "output" in t}
    if complete:
        snap["tiers"] = [{"above_tokens": above, **complete[above]} for above in sorted(complete)]
    snap["sources"] = sources
    snap["note"] = f"As listed in LiteLLM's cost map on {as_of}; LiteLLM does not record when a price took effect."
    return snap


def import_litellm(kb: KB, root: Path, file: Path, as_of: datetime.date, providers: set[str] | None = None,
                   today: datetime.date | None = None, dry_run: bool = False, existing: bool = False) -> ImportReport:
    """`existing`: only the KB's offerings gain dated snapshots; no host, model or offering is created."""
    data = load(file)
    report = ImportReport("LiteLLM", str(file), as_of)
    plan = Plan(kb, root, as_of, report, SOURCE_ID, existing)
    plan.stage_all("the cost map", [("sources", SOURCE_ID, {
        "type": "dataset", "title": "LiteLLM model prices and context windows", "authors": ["BerriAI"],
        "publisher": "BerriAI (LiteLLM)", "url": FILE_URL, "summary": "LiteLLM's community-maintained cost map "
        "(MIT): per-token prices, context windows and capability flags for thousands of models."}, "")])
    plan.preamble = set(plan.new)
    for key, entry in data.items():
        if key == "sample_spec":
            continue
        report.entries += 1
        problem = shape_problem(LITELLM, entry)
        if problem:
            report.problems.append(f"`{key}`: {problem}; skipped")
            continue
        provider_name = entry.get("litellm_provider")
        if providers and provider_name not in providers:
            report.skipped["not in --provider"] += 1
            continue
        mode = entry.get("mode", "chat")
        if mode not in MODELLED_MODES:
            report.skipped[f"mode {mode}"] += 1
            continue
        if not isinstance(provider_name, str) or not provider_name:
            report.problems.append(f"`{key}`: no `litellm_provider`; skipped")
            continue
        for name in entry:
            if not mapped(name):
                report.unmapped[name] += 1
        try:
            import_entry(plan, key, entry, provider_name, as_of)
        except (ValueError, LookupError) as error:
            if isinstance(error, LookupError):
                report.skipped[str(error.args[0])] += 1
            else:
                report.problems.append(f"`{key}`: {error}; skipped")
    del data
    return commit(plan, today or as_of, dry_run)


def import_entry(plan: Plan, key: str, entry: dict[str, Any], provider_name: str, as_of: datetime.date) -> None:
    """Import one entry, or nothing of it: every check runs, and every record of it is validated, before any of
    its records is staged."""
    provider_id = PROVIDERS.get(provider_name) or slug(provider_name)
    known = plan.kb.get("providers", provider_id)
    if isinstance(known, Provider) and "api-host" not in known.roles:
        plan.report.conflicts.append(f"`{key}`: provider `{provider_id}` is in the KB as a lab only; add the "
                                     "`api-host` role there to import its offerings")
        return
    api_id = api_id_of(key, provider_name)
    url = encode_url(entry.get("source", ""))
    source_id = "src-" + slug(re.sub(r"^https://(www\.)?", "", url), 80) if url.startswith("https://") else None
    snapshot = snapshot_of(entry, as_of, [source_id, SOURCE_ID] if source_id else [SOURCE_ID])
    problem = snapshot_problem(snapshot)
    if problem:
        raise ValueError(problem)
    shared: Staging = []
    staged = plan.new.get(("providers", provider_id))
    if staged is not None and "api-host" not in getattr(staged.record, "roles", ["api-host"]):
        # Created as a lab earlier in this import (a model's maker), and it sells API access too.
        roles = [*staged.record.roles, "api-host"]  # type: ignore[attr-defined]
        plan.new[("providers", provider_id)] = Staged(staged.folder, staged.record.model_copy(update={"roles": roles}))
    if not plan.exists("providers", provider_id):
        shared.append(("providers", provider_id, {
            "name": provider_name,
            "roles": ["lab", "api-host"] if provider_id in KNOWN_LABS else ["api-host"],
            "description": f"An API host known to LiteLLM as `{provider_name}`; imported, details not yet curated.",
            "sources": [SOURCE_ID]}, ""))
    if source_id:
        shared.append(("sources", source_id, {"type": "docs", "title": f"{provider_name}: {url}", "url": url,
                                              "summary": CITED_PAGE}, ""))
    offering_id = plan.offerings.find(provider_id, api_id, key)
    if offering_id is None and plan.existing_only:
        raise LookupError("not an offering of the KB (--existing)")
    if offering_id is None:
        new_offering(plan, key, entry, provider_id, api_id, as_of, shared, snapshot)
    elif plan.stage_all(f"`{key}`", shared):
        plan.merge_price(offering_id, snapshot, f"`{key}`", api_id, key)


def number(entry: dict[str, Any], key: str) -> int | None:
    value = entry.get(key)
    if value is None:
        return None
    try:
        return tokens(value, key)
    except UnitError:
        raise ValueError(f"{key} is {value!r}, not a positive whole number of tokens") from None


def lifecycle_of(entry: dict[str, Any], as_of: datetime.date) -> dict[str, Any]:
    if (retires := entry.get("deprecation_date")) is None:
        return {"status": "active"}
    try:
        day = datetime.date.fromisoformat(str(retires))
    except ValueError:
        raise ValueError(f"deprecation_date {retires!r} is not a YYYY-MM-DD date") from None
    if entry.get("litellm_provider") in FLOOR_DATES:  # a provider's "not sooner than": no retirement at all
        return {"status": "active", "retires_not_before": day, "sources": [SOURCE_ID]}  # the map gives the date
    return {"status": "retired" if has_retired(day, as_of) else "active", "retires": day, "sources": [SOURCE_ID]}


def model_body(plan: Plan, key: str, entry: dict[str, Any], api_id: str, context: int | None,
               output: int | None, fact: dict[str, Any], provider_id: str) -> dict[str, Any]:
    capabilities, inputs, outputs = capabilities_and_modalities(entry)
    body: dict[str, Any] = {"name": api_id.rsplit("/", 1)[-1], "family": family_of(api_id),
                            "lab": lab_of(plan, api_id),
                            "weights": "unknown", "description": f"Imported from LiteLLM's cost map ({key}); "
                                                                 "not yet curated."}
    if context:
        body["context_window"] = [window_fact(context, fact)]
    if output and (not context or output <= context):
        body["max_output"] = [{"value": output, **fact}]
    body["modalities"] = {"input": inputs, "output": outputs}
    if capabilities:
        body["capabilities"] = capabilities
    body["sources"] = [SOURCE_ID]
    return body


def limits(plan: Plan, model_id: str, new_model: dict[str, Any] | None) -> tuple[int | None, int | None]:
    """The context window and max output an offering of this model inherits."""
    if new_model is not None:
        return ((new_model.get("context_window") or [{}])[0].get("value"),
                (new_model.get("max_output") or [{}])[0].get("value"))
    model = plan.kb.get("models", model_id)
    staged = plan.new.get(("models", model_id))
    if staged is not None:
        return limits(plan, model_id, staged.body)
    if isinstance(model, Model):
        context = evidence.headline(plan.kb, model.context_window)
        output = evidence.headline(plan.kb, model.max_output)
        return context.value if context else None, output.value if output else None
    return None, None


def lab_of(plan: Plan, api_id: str) -> str:
    vendor = api_id.split("/", 1)[0] if "/" in api_id else None
    known_vendor = vendor if vendor and plan.labs.of_vendor(vendor) else None
    return plan.lab(known_vendor, api_id.rsplit("/", 1)[-1])


def new_offering(plan: Plan, key: str, entry: dict[str, Any], provider_id: str, api_id: str, as_of: datetime.date,
                 shared: Staging, snapshot: dict[str, Any]) -> None:
    """Stage the model (unless the KB knows it already), offering and prices of one entry, all or nothing."""
    context = number(entry, "max_input_tokens")
    output = number(entry, "max_output_tokens") or (number(entry, "max_tokens") if context else None)
    lifecycle = lifecycle_of(entry, as_of)
    fact = {"sources": [SOURCE_ID], "as_of": as_of}
    found = plan.known_model(api_id)
    if found == "":
        return  # ambiguous: reported
    model_id = found or plan.free_id("models", slug(base_name(api_id).replace(":", "-")))
    model = None if found else model_body(plan, key, entry, api_id, context, output, fact, provider_id)
    model_context, model_output = limits(plan, model_id, model)
    effective_context, effective_output = context or model_context, output or model_output
    if effective_context and effective_output and effective_output > effective_context:
        plan.report.conflicts.append(f"`{key}`: max output {effective_output:,} exceeds the context window "
                                     f"{effective_context:,}; this offering keeps its model's limits")
        context = output = None
    window = context or model_context  # the offering's own window where it states one, as the validator reads it
    if window and any(t["above_tokens"] >= window for t in snapshot.get("tiers", [])):
        # A tier no prompt can reach: the feed's limits and tiers disagree. Keep the limits, drop the tier, say so.
        plan.report.conflicts.append(f"`{key}`: a price tier above {window:,} tokens cannot apply to a context "
                                     f"window of {window:,}; the tier is left out")
        snapshot = {**snapshot, "tiers": [t for t in snapshot["tiers"] if t["above_tokens"] < window]}
        if not snapshot["tiers"]:
            del snapshot["tiers"]
    body: dict[str, Any] = {"provider": provider_id, "model": model_id, "api_ids": [api_id]}
    if context and context != model_context:
        body["context_window"] = [window_fact(context, fact)]
    if output and output != model_output:
        body["max_output"] = [{"value": output, **fact}]
    if all(entry.get("supported_regions") or [""]):  # checked a list of strings: keep it when none is empty
        body["regions"] = entry["supported_regions"]
    body.update(lifecycle=lifecycle, external_ids={"litellm": key}, sources=[SOURCE_ID])
    offering_id = plan.free_id("offerings", f"{provider_id}--{model_id}")
    hosts = {record_id: data for kind, record_id, data, _ in shared if kind == "providers"}
    records: Staging = [*shared]
    for lab in plan.lab_records(model):
        if lab[1] in hosts:
            hosts[lab[1]]["roles"] = ["lab", "api-host"]  # the host trained the model itself
        else:
            records.append(lab)
    if model is not None:
        records.append(("models", model_id, model, model["lab"]))
    records.append(("offerings", offering_id, body, provider_id))  # no price seen after retirement: none to pay
    records += plan.price_records(offering_id, snapshot, provider_id) if lifecycle["status"] != "retired" else []
    plan.stage_all(f"`{key}`", records)


def family_of(api_id: str) -> str:
    base = api_id.rsplit("/", 1)[-1]
    match = re.match(r"[A-Za-z]+", re.sub(r"^[a-z-]+\.(?=[a-z])", "", GEO_ROUTE.sub("", base)))
    return match.group(0).capitalize() if match else "Imported"
