"""What summary pages may list and name: a frozen, read-only projection of the KB for templates.

It holds the records of each kind (in the KB's order), counts, and lookups by id for names and links. It has no
notion of live, current, cheapest or fitting: those come from `kb.current` through the typed rows of `summary_rows`
and `record_pages`, so a template can list and name records but never decide what is current.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from ..kb.link import KB, Key
from ..kb.records import (
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


@dataclass(frozen=True)
class Catalog:
    models: tuple[Model, ...]
    providers: tuple[Provider, ...]
    offerings: tuple[Offering, ...]
    prices: tuple[PriceHistory, ...]
    claims: tuple[BenchmarkClaim, ...]
    sources: tuple[Source, ...]
    workloads: tuple[Workload, ...]
    benchmarks: tuple[Benchmark, ...]
    attention: tuple[AttentionVariant, ...]
    counts: Mapping[str, int]
    """Records per kind (folder name)."""
    offerings_per_provider: Mapping[str, int]
    records: Mapping[Key, Record]
    backlinks: Mapping[Key, tuple[Key, ...]]
    names: Mapping[Key, str]
    """Every record's display name (`KB.name_of`)."""
    labels: Mapping[Key, str]
    """A citing record's name as a backlink shows it ("GPT-4o at OpenAI"), for every record that cites another."""

    def get(self, kind: str, record_id: str) -> Record:
        return self.records[(kind, record_id)]

    def name_of(self, kind: str, record_id: str) -> str:
        return self.names.get((kind, record_id), record_id)

    def cited_by(self, kind: str, record_id: str) -> tuple[Key, ...]:
        return self.backlinks.get((kind, record_id), ())

    def backlinks_of(self, kind: str, record_id: str) -> tuple[tuple[Key, str], ...]:
        """(key, link text) of every record citing this one."""
        return tuple((key, self.labels[key]) for key in self.cited_by(kind, record_id))


def backlinks(kb: KB, kind: str, record_id: str, label: Callable[[KB, Key], str]) -> tuple[tuple[Key, str], ...]:
    """(key, link text) of every record citing this one, as `Catalog.backlinks_of` gives them, without the catalog
    (a record page needs only its own)."""
    return tuple((key, label(kb, key)) for key in kb.cited_by(kind, record_id))


def catalog(kb: KB, label: Callable[[KB, Key], str]) -> Catalog:
    """The catalog of `kb`; `label` names a citing record for backlinks."""
    records = {key: entry.record for key, entry in kb.entries.items()}
    backlinks = {key: cited for key in kb.backlinks if (cited := tuple(kb.cited_by(*key)))}
    citing = {key for found in backlinks.values() for key in found}  # each named once, though it cites many
    per_provider: dict[str, int] = {p.id: 0 for p in kb.providers}
    for offering in kb.offerings:
        per_provider[offering.provider] = per_provider.get(offering.provider, 0) + 1
    return Catalog(
        models=tuple(kb.models), providers=tuple(kb.providers), offerings=tuple(kb.offerings),
        prices=tuple(kb.prices), claims=tuple(kb.claims), sources=tuple(kb.sources), workloads=tuple(kb.workloads),
        benchmarks=tuple(kb.benchmarks), attention=tuple(kb.attention),
        counts=MappingProxyType({kind: len(found) for kind, found in kb.by_kind.items()}),
        offerings_per_provider=MappingProxyType(per_provider), records=MappingProxyType(records),
        backlinks=MappingProxyType(backlinks),
        names=MappingProxyType({key: kb.name_of(*key) for key in records}),
        labels=MappingProxyType({key: label(kb, key) for key in citing}))
