"""Coverage: per lab, how current and how checked the KB is, and which models another catalogue knows that it lacks.

This is how readers and contributors see what is missing, and where a contribution helps most. The KB's own
figures need nothing else; "known elsewhere" compares with LiteLLM's cost map or a saved OpenRouter list.
"""

from __future__ import annotations

import datetime
import json
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ..kb import current
from ..kb.files import read_feed
from ..kb.link import KB
from ..kb.records import Model, Source

STALE_DAYS = 90
LITELLM_LABS = {"openai": "openai", "anthropic": "anthropic", "gemini": "google", "xai": "xai", "mistral": "mistral",
                "deepseek": "deepseek", "cohere_chat": "cohere", "dashscope": "alibaba", "moonshot": "moonshot",
                "zai": "zhipu"}
"""LiteLLM provider names that are a lab's own API, and the lab."""
OPENROUTER_LABS = {"openai": "openai", "anthropic": "anthropic", "google": "google", "x-ai": "xai",
                   "mistralai": "mistral", "deepseek": "deepseek", "cohere": "cohere", "qwen": "alibaba",
                   "moonshotai": "moonshot", "z-ai": "zhipu", "meta-llama": "meta", "microsoft": "microsoft"}
DATED = re.compile(r"[-@](?:\d{4}-?\d{2}-?\d{2}|\d{4}|\d{6})$")


@dataclass
class LabCoverage:
    lab: str
    name: str
    models: int = 0
    newest_model: str | None = None
    newest_release: str | None = None
    newest_source: str | None = None
    """The newest date any of the lab's sources was published or read."""
    unpriced: list[str] = field(default_factory=list)
    """Live offerings of the lab's models (at any host) without a current price."""
    never_checked: list[str] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)
    """Current prices last checked more than STALE_DAYS ago."""
    missing: list[str] = field(default_factory=list)
    """Model ids another catalogue lists for the lab's own API that no offering of the KB names."""


@dataclass
class Coverage:
    as_of: str
    against: str | None
    labs: list[LabCoverage]

    def as_json(self) -> str:
        return json.dumps(asdict(self), indent=1, ensure_ascii=False) + "\n"


def lab_sources(kb: KB, lab: str) -> set[str]:
    ids: set[str] = set()
    for model in kb.models:
        if model.lab == lab:
            ids |= {target for _, kind, target in model.references() if kind == "sources"}
            for offering in kb.offerings_of_model(model.id):
                ids |= {target for _, kind, target in offering.references() if kind == "sources"}
                history = kb.price_history(offering.id)
                if history:
                    ids |= {target for _, kind, target in history.references() if kind == "sources"}
    return ids


def coverage(kb: KB, on: datetime.date, known: dict[str, dict[str, str]] | None = None,
             against: str | None = None) -> Coverage:
    """Coverage of every lab in the KB. `known` maps a lab to the model ids another catalogue lists for it."""
    labs = []
    for provider in sorted(kb.providers, key=lambda p: p.id):
        if "lab" not in provider.roles:
            continue
        models = [m for m in kb.models if m.lab == provider.id]
        row = LabCoverage(provider.id, provider.name, len(models))
        released = [m for m in models if m.released]
        if released:
            newest = max(released, key=lambda m: (m.released, m.id))
            row.newest_model, row.newest_release = newest.id, str(newest.released)
        days = [d for s in lab_sources(kb, provider.id) if isinstance(src := kb.get("sources", s), Source)
                for d in (src.accessed, src.published) if d]
        row.newest_source = str(max(days)) if days else None
        for model in models:
            for offering in kb.offerings_of_model(model.id):
                if not current.is_live(offering, on):
                    continue
                snapshot = current.current_price(kb, offering, on)
                check = current.price_check(kb, offering.id, snapshot) if snapshot else None
                if snapshot is None:
                    row.unpriced.append(offering.id)
                elif check is None or check.checked is None:
                    row.never_checked.append(offering.id)
                elif (on - check.checked).days > STALE_DAYS:
                    row.stale.append(offering.id)
        if known is not None:
            have = kb_ids(kb, provider.id)
            row.missing = sorted(name for key, name in known.get(provider.id, {}).items() if key not in have)
        labs.append(row)
    return Coverage(on.isoformat(), against, labs)


def normal(api_id: str) -> str:
    """An id as catalogues spell it differently: lower case, no vendor prefix, dots as hyphens, no date suffix."""
    base = api_id.lower().rsplit("/", 1)[-1].removesuffix(":free")
    return DATED.sub("", base.replace(".", "-"))


def kb_ids(kb: KB, lab: str) -> set[str]:
    ids: set[str] = set()
    for offering in kb.offerings:
        model = kb.get("models", offering.model)
        if isinstance(model, Model) and model.lab == lab:
            ids |= {normal(i) for i in [*offering.all_api_ids(), *offering.external_ids.values(), model.id]}
    return ids


@dataclass(frozen=True)
class Known:
    """What another catalogue lists, per lab, and what to call that catalogue on a page."""

    name: str
    labs: dict[str, dict[str, str]]
    """Lab -> {normalised id: the id as the catalogue spells it (vendor prefix removed)}."""


def read_known(file: Path) -> Known:
    """LiteLLM's cost map or a saved OpenRouter models list (the whole response or its bare `data` array)."""
    try:
        labs = known_models(file)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, AttributeError) as error:
        raise ValueError(f"{file}: not a readable LiteLLM cost map or OpenRouter models list ({error})") from error
    return Known(file.name, labs)


def known_models(file: Path) -> dict[str, dict[str, str]]:
    """Lab -> normalised model ids, from LiteLLM's cost map or a saved OpenRouter models list."""
    data: Any = read_feed(file)
    known: dict[str, dict[str, str]] = {}
    if isinstance(data, dict) and isinstance(data.get("data"), list):
        data = data["data"]
    if isinstance(data, list):  # OpenRouter: "vendor/model"
        for item in data:
            if isinstance(item, dict) and isinstance(item.get("id"), str) and "/" in item["id"]:
                vendor, _, name = item["id"].partition("/")
                if vendor in OPENROUTER_LABS:
                    known.setdefault(OPENROUTER_LABS[vendor], {})[normal(name)] = name
        return known
    for key, entry in data.items():
        if not isinstance(entry, dict) or entry.get("mode") != "chat":
            continue
        provider = entry.get("litellm_provider")  # a feed may put a list or a number here: only a string names a lab
        if isinstance(provider, str) and provider in LITELLM_LABS and "ft:" not in key:  # ft: fine-tuning templates
            known.setdefault(LITELLM_LABS[provider], {})[normal(key)] = key.rsplit("/", 1)[-1]
    return known


__all__ = ["Coverage", "Known", "LabCoverage", "coverage", "known_models", "read_known"]
