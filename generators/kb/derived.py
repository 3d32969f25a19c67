"""Facts worked out from one record and the KB around it, once per KB: an offering's price in force, its headline
context window, its changelog events.

A build asks the same question of the same record many times: the home page, the models table, the pricing page,
the workload tables, Choose and the record's own page each want an offering's price in force, nine asks per
offering in all. A linked KB does not change (link.py builds it once) and records are frozen, so the answer
depends on nothing but the function, the record and the arguments. It is kept on the KB (`KB.derived`) with the
reads that made it (reads.Kept), and every later ask notes those reads again: a page using a kept fact still reads
what the fact was worked out from, and an incremental build keys the page by it.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Hashable
from typing import TYPE_CHECKING, Concatenate, ParamSpec, TypeVar

if TYPE_CHECKING:
    from .link import KB

P = ParamSpec("P")
R = TypeVar("R")
T = TypeVar("T")


def once_per_kb(fact: Callable[Concatenate[KB, R, P], T]) -> Callable[Concatenate[KB, R, P], T]:
    """`fact(kb, record, *args)` worked out the first time it is asked of that KB, record and (hashable) `args`,
    then taken from the KB. The record is named by its identity, not its id: a copy with other fields (a test's,
    an importer's staged record) is a different record; the KB holds each record it kept a fact of, so an identity
    is never reused while the fact is kept."""
    name = f"{fact.__module__}.{fact.__qualname__}"

    @functools.wraps(fact)
    def kept(kb: KB, record: R, /, *args: P.args, **kwargs: P.kwargs) -> T:
        if kwargs:  # keyword arguments are not part of the name: worked out afresh
            return fact(kb, record, *args, **kwargs)
        key: Hashable = (name, id(record), *args)
        held, value = kb.derived(key, lambda: (record, fact(kb, record, *args, **kwargs)))  # kwargs: empty
        assert held is record, "a kept fact's record is held with it, so its identity is not reused"
        return value

    return kept
