"""What summary pages may list and name: a read-only view of the KB for templates.

It gives the records of each kind (in the KB's order), counts, and lookups by id for names and links. It has no
notion of live, current, cheapest or fitting: those come from `kb.current` through the typed rows of `summary_rows`
and `record_pages`, so a template can list and name records but never decide what is current.

Each part is worked out when a page first asks for it, through the KB, so a page reads (kb/reads.py) only what it
shows: a benchmark's page that names three models reads those three, not every record, and an incremental build
keeps it while other records change. Worked out once per process, each part notes its reads again on every use.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Generic, TypeVar

from ..kb import reads
from ..kb.link import KB, Key
from ..kb.records import (
    KINDS,
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


class Listed(Generic[R]):
    """A kind's records in the KB's order, as a catalog attribute named after the kind (`KB.models` ...)."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.kind = name

    def __get__(self, catalog: Catalog, owner: type | None = None) -> tuple[R, ...]:
        found: tuple[R, ...] = catalog._keep(self.kind, lambda: tuple(getattr(catalog._kb, self.kind)))
        return found


class Catalog:
    """The KB as summary pages list and name it; built by `catalog`."""

    models: Listed[Model] = Listed()
    providers: Listed[Provider] = Listed()
    offerings: Listed[Offering] = Listed()
    prices: Listed[PriceHistory] = Listed()
    claims: Listed[BenchmarkClaim] = Listed()
    sources: Listed[Source] = Listed()
    workloads: Listed[Workload] = Listed()
    benchmarks: Listed[Benchmark] = Listed()
    attention: Listed[AttentionVariant] = Listed()

    def __init__(self, kb: KB, label: Callable[[KB, Key], str]) -> None:
        # private: a template lists and names through the methods below, never the KB itself
        self._kb, self._label = kb, label
        self._keep = reads.Kept()

    @property
    def counts(self) -> Mapping[str, int]:
        """Records per kind (folder name); 0 for a kind with none."""
        return self._keep("counts", lambda: MappingProxyType(
            {kind: len(self._kb.by_kind.get(kind, [])) for kind in KINDS}))

    @property
    def offerings_per_provider(self) -> Mapping[str, int]:
        def count() -> Mapping[str, int]:
            per_provider: dict[str, int] = {p.id: 0 for p in self._kb.providers}
            for offering in self._kb.offerings:
                per_provider[offering.provider] = per_provider.get(offering.provider, 0) + 1
            return MappingProxyType(per_provider)
        return self._keep("offerings_per_provider", count)

    def get(self, kind: str, record_id: str) -> Record:
        """The record (KeyError when there is none: a template names only records the KB holds)."""
        record = self._kb.get(kind, record_id)
        if record is None:
            raise KeyError((kind, record_id))
        return record

    def name_of(self, kind: str, record_id: str) -> str:
        """A record's display name (`KB.name_of`)."""
        return self._kb.name_of(kind, record_id)

    def cited_by(self, kind: str, record_id: str) -> tuple[Key, ...]:
        return tuple(self._kb.cited_by(kind, record_id))

    def backlinks_of(self, kind: str, record_id: str) -> tuple[tuple[Key, str], ...]:
        """(key, link text) of every record citing this one."""
        return self._keep(("backlinks", kind, record_id),
                          lambda: backlinks(self._kb, kind, record_id, self._label))


def backlinks(kb: KB, kind: str, record_id: str, label: Callable[[KB, Key], str]) -> tuple[tuple[Key, str], ...]:
    """(key, link text) of every record citing this one, as `Catalog.backlinks_of` gives them, without the catalog
    (a record page needs only its own)."""
    return tuple((key, label(kb, key)) for key in kb.cited_by(kind, record_id))


def catalog(kb: KB, label: Callable[[KB, Key], str]) -> Catalog:
    """The catalog of `kb`; `label` names a citing record for backlinks."""
    return Catalog(kb, label)
