"""Link step: index validated records by kind and id, resolve references, and collect backlinks.

Later steps (rules, render, export) read this linked KB; none of them re-reads YAML.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from . import reads
from .load import RawRecord
from .records import (
    Assessment,
    AttentionVariant,
    Benchmark,
    BenchmarkClaim,
    Model,
    Offering,
    PriceHistory,
    Provider,
    Record,
    Source,
    Workload,
)

R = TypeVar("R", bound=Record)
K = TypeVar("K", bound=Hashable)
V = TypeVar("V")
Key = tuple[str, str]
"""(kind, id): how one record is named across the KB."""


class Noted(defaultdict[K, V]):
    """One of the KB's indexes, noting each read (reads.py): a lookup names its key under `token`, anything that
    walks the index reads all of it. `raw_get` and `raw_keys` read without noting, for reads.Digests."""

    def __init__(self, token: str, factory: Callable[[], V] | None = None) -> None:
        super().__init__(factory)
        self.token = token

    def token_of(self, key: object) -> reads.Token:
        return (self.token, *key) if isinstance(key, tuple) else (self.token, str(key))

    # Each lookup costs one test while nothing records: a build looks up a million times.
    def __getitem__(self, key: K) -> V:
        if reads.log is not None:
            reads.log.add(self.token_of(key))
        return super().__getitem__(key)

    def get(self, key: K, default: Any = None) -> Any:
        if reads.log is not None:
            reads.log.add(self.token_of(key))
        return dict.get(self, key, default)

    def __contains__(self, key: object) -> bool:
        if reads.log is not None:
            reads.log.add(self.token_of(key))
        return dict.__contains__(self, key)

    def __iter__(self) -> Iterator[K]:
        reads.note(*reads.EVERYTHING)
        return super().__iter__()

    def __len__(self) -> int:
        reads.note(*reads.EVERYTHING)
        return super().__len__()

    def keys(self) -> Any:
        reads.note(*reads.EVERYTHING)
        return super().keys()

    def values(self) -> Any:
        reads.note(*reads.EVERYTHING)
        return super().values()

    def items(self) -> Any:
        reads.note(*reads.EVERYTHING)
        return super().items()

    def __reduce__(self) -> Any:  # defaultdict's would call __init__ with the factory alone
        return Noted, (self.token, self.default_factory), None, None, iter(dict.items(self))

    def raw_get(self, key: K, default: Any = None) -> Any:
        return dict.get(self, key, default)

    def raw_keys(self) -> Any:
        return dict.keys(self)


@dataclass(frozen=True)
class Entry:
    """A validated record and the parsed file it came from, so any step can point back at a line."""

    record: Record
    raw: RawRecord

    @property
    def file(self) -> Path:
        return self.raw.file

    @property
    def key(self) -> Key:
        return self.record.kind, self.record.id

    @property
    def place(self) -> str:
        """The file from its kind folder down, `<kind>/.../<id>.yaml`: where it sits in any copy of the KB."""
        parts = self.file.parts
        return "/".join(parts[len(parts) - 1 - parts[::-1].index(self.record.kind):])


@dataclass
class KB:
    """The linked knowledge base."""

    entries: Noted[Key, Entry] = field(default_factory=lambda: Noted("record"))
    backlinks: Noted[Key, list[Key]] = field(default_factory=lambda: Noted("cited", list))
    by_kind: Noted[str, list[Record]] = field(default_factory=lambda: Noted("kind", list))
    _offerings_by: dict[tuple[str, str], list[Offering]] = field(default_factory=lambda: defaultdict(list))
    _prices_by_offering: dict[str, PriceHistory] = field(default_factory=dict)
    _claims_by_model: dict[str, list[BenchmarkClaim]] = field(default_factory=lambda: defaultdict(list))
    _models_by_lab: dict[str, list[Model]] = field(default_factory=lambda: defaultdict(list))
    derived: reads.Kept = field(default_factory=reads.Kept, compare=False, repr=False)
    """Facts worked out from its records, each kept the first time it is asked (derived.py)."""

    def get(self, kind: str, record_id: str) -> Record | None:
        if reads.log is not None:  # the index's own noting, inlined: pages call this most of all
            reads.log.add(("record", kind, record_id))
        entry = self.entries.raw_get((kind, record_id))
        return entry.record if entry else None

    def linked(self, cls: type[R], record_id: str) -> R:
        """The record of `cls`'s kind that a reference names (an offering's provider and model, a claim's benchmark):
        a linked KB resolved every reference, so one missing here is a bug in the caller, not bad input."""
        found = self.get(cls.kind, record_id)
        if not isinstance(found, cls):
            raise LookupError(f"{cls.kind}/{record_id} is not a record of the linked KB")
        return found

    def of_kind(self, cls: type[R]) -> list[R]:
        found: list[R] = self.by_kind.get(cls.kind, [])
        return found

    def all_entries(self) -> Iterator[Entry]:
        for _, entry in sorted(self.entries.items()):
            yield entry

    def name_of(self, kind: str, record_id: str) -> str:
        """A record's display name (its `name`), or its id when it has none or does not exist."""
        return str(getattr(self.get(kind, record_id), "name", None) or record_id)

    def offering_name(self, offering: Offering) -> str:
        """An offering's model as prose names it at its provider: the model's name, and the offering's first API id
        when the provider sells that model more than once (a faster tier, a regional profile), so two offerings
        never read the same ("MiniMax-M2.7 (MiniMax-M2.7-highspeed)")."""
        name = self.name_of("models", offering.model)
        siblings = [other for other in self.offerings_of_model(offering.model) if other.provider == offering.provider]
        return f"{name} ({offering.api_ids[0]})" if len(siblings) > 1 else name

    def offering_label(self, offering: Offering) -> str:
        """How an offering is named in prose: its model at its provider ("GPT-4o at OpenAI"), by `offering_name`."""
        return f"{self.offering_name(offering)} at {self.name_of('providers', offering.provider)}"

    def cited_by(self, kind: str, record_id: str) -> list[Key]:
        return sorted(set(self.backlinks.get((kind, record_id), [])))

    @property
    def sources(self) -> list[Source]:
        return self.of_kind(Source)

    @property
    def providers(self) -> list[Provider]:
        return self.of_kind(Provider)

    @property
    def models(self) -> list[Model]:
        return self.of_kind(Model)

    @property
    def offerings(self) -> list[Offering]:
        return self.of_kind(Offering)

    @property
    def prices(self) -> list[PriceHistory]:
        return self.of_kind(PriceHistory)

    @property
    def attention(self) -> list[AttentionVariant]:
        return self.of_kind(AttentionVariant)

    @property
    def benchmarks(self) -> list[Benchmark]:
        return self.of_kind(Benchmark)

    @property
    def claims(self) -> list[BenchmarkClaim]:
        return self.of_kind(BenchmarkClaim)

    @property
    def assessments(self) -> list[Assessment]:
        return self.of_kind(Assessment)

    @property
    def workloads(self) -> list[Workload]:
        return self.of_kind(Workload)

    def offerings_of_model(self, model_id: str) -> list[Offering]:
        reads.note("offerings", "model", model_id)
        return self.raw_offerings_by("model", model_id)

    def offerings_of_provider(self, provider_id: str) -> list[Offering]:
        reads.note("offerings", "provider", provider_id)
        return self.raw_offerings_by("provider", provider_id)

    def price_history(self, offering_id: str) -> PriceHistory | None:
        reads.note("price", offering_id)
        return self.raw_price_history(offering_id)

    def claims_of_model(self, model_id: str) -> list[BenchmarkClaim]:
        """The model's claims in id order: a page or a ranking of one model never scans every claim."""
        reads.note("claims", model_id)
        return self.raw_claims_of_model(model_id)

    def models_of_lab(self, lab_id: str) -> list[Model]:
        """The models a provider trained, in id order: a provider's page reads these, not every model."""
        reads.note("lab", lab_id)
        return self.raw_models_of_lab(lab_id)

    # The same answers without noting the read (reads.Digests)
    def raw_offerings_by(self, side: str, record_id: str) -> list[Offering]:
        return self._offerings_by.get((side, record_id), [])

    def raw_price_history(self, offering_id: str) -> PriceHistory | None:
        return self._prices_by_offering.get(offering_id)

    def raw_claims_of_model(self, model_id: str) -> list[BenchmarkClaim]:
        return self._claims_by_model.get(model_id, [])

    def raw_models_of_lab(self, lab_id: str) -> list[Model]:
        return self._models_by_lab.get(lab_id, [])


def link(entries: list[Entry]) -> KB:
    """Index entries (the first of two with the same key wins; rules report the duplicate) and backlinks."""
    kb = KB()
    for entry in entries:
        kb.entries.setdefault(entry.key, entry)
    for key in sorted(kb.entries):
        record = kb.entries[key].record
        kb.by_kind[key[0]].append(record)
        if isinstance(record, Offering):
            kb._offerings_by[("model", record.model)].append(record)
            kb._offerings_by[("provider", record.provider)].append(record)
        elif isinstance(record, PriceHistory):
            kb._prices_by_offering.setdefault(record.offering, record)
        elif isinstance(record, BenchmarkClaim):
            kb._claims_by_model[record.model].append(record)
        elif isinstance(record, Model):
            kb._models_by_lab[record.lab].append(record)
    for entry in kb.entries.values():
        for _, kind, target in entry.record.references():
            if (kind, target) in kb.entries:
                kb.backlinks[(kind, target)].append(entry.key)
    return kb
