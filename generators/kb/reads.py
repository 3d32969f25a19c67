"""Which parts of the linked KB a computation read: what an incremental build keys a rendered page by.

While `recording()` is open, every read through `KB` (a record by key, a kind's list, a model's offerings, a
record's backlinks, a lab's models, the whole KB) notes a token naming what it read. `Digests` then says what a
token's answer is in a KB, so a page whose every token has the same digest in the next build's KB would render to
the same text.
The KB notes its own reads (link.py), so a page cannot read it unseen; what a page computes once and keeps for
later pages (site/pages.Shared) keeps the tokens of that computation with it and notes them again on each use.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Hashable, Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from .link import KB, Key

T = TypeVar("T")
Token = tuple[str, ...]
"""("record", kind, id), ("kind", kind), ("cited", kind, id), ("offerings", "model" or "provider", id),
("price", offering id), ("claims", model id), ("lab", provider id) or ("all",)."""
EVERYTHING: Token = ("all",)
"""The token of a read of the whole KB (link.py notes it for every walk over all records)."""

log: set[Token] | None = None
"""The reads noted so far by the innermost `recording()`; None outside any."""


@contextmanager
def recording() -> Iterator[set[Token]]:
    """Collect the tokens of every read until the block ends; a block inside another adds its reads to both."""
    global log
    outer, log = log, set()
    try:
        yield log
    finally:
        inner, log = log, outer
        if outer is not None:
            outer |= inner


def note(*token: str) -> None:
    if log is not None:
        log.add(token)


def replay(tokens: Iterable[Token]) -> None:
    """Note again what an earlier computation read, for a value kept from it."""
    if log is not None:
        log.update(tokens)


class Kept:
    """Values worked out once and kept for later use, each with the reads that made it, which every use notes again:
    a page using a kept value read what it was computed from."""

    def __init__(self) -> None:
        self.values: dict[Hashable, tuple[object, set[Token]]] = {}

    def __call__(self, name: Hashable, compute: Callable[[], T]) -> T:
        """`compute()`, worked out the first time `name` is asked for."""
        if name not in self.values:
            with recording() as made:
                value = compute()
            self.values[name] = (value, made)
        kept, made = self.values[name]
        replay(made)
        return kept  # type: ignore[return-value]  # kept under its name by this method, so a T


class Digests:
    """What each token reads in one KB, as a short hash (memoized: pages share most of their tokens)."""

    def __init__(self, kb: KB) -> None:
        self.kb = kb
        self.texts: dict[Key, str] = {}
        self.seen: dict[Token, str] = {}

    def text(self, key: Key) -> str:
        """A record's text and its file's place inside its kind folder (a page shows where to edit it)."""
        if key not in self.texts:
            entry = self.kb.entries.raw_get(key)
            if entry is None:
                self.texts[key] = "-"
            else:
                self.texts[key] = hashlib.blake2b(f"{entry.place}\0{entry.raw.text}".encode(),
                                                  digest_size=12).hexdigest()
        return self.texts[key]

    def __call__(self, token: Token) -> str:
        if token not in self.seen:
            self.seen[token] = hashlib.blake2b(repr(self.answer(token)).encode("utf-8"), digest_size=12).hexdigest()
        return self.seen[token]

    def records(self, keys: Iterable[Key]) -> list[tuple[Key, str]]:
        return [(key, self.text(key)) for key in keys]

    def answer(self, token: Token) -> object:
        kb, kind = self.kb, token[0]
        if kind == "record":
            return self.text((token[1], token[2]))
        if kind == "kind":
            return self.records((token[1], r.id) for r in kb.by_kind.raw_get(token[1], []))
        if kind == "cited":
            return kb.backlinks.raw_get((token[1], token[2]), [])
        if kind == "offerings":
            return self.records(("offerings", o.id) for o in kb.raw_offerings_by(token[1], token[2]))
        if kind == "price":
            history = kb.raw_price_history(token[1])
            return self.text(("prices", history.id)) if history else "-"
        if kind == "claims":
            return self.records(("claims", c.id) for c in kb.raw_claims_of_model(token[1]))
        if kind == "lab":
            return self.records(("models", m.id) for m in kb.raw_models_of_lab(token[1]))
        if token == EVERYTHING:
            return self.records(sorted(kb.entries.raw_keys()))
        raise ValueError(f"unknown read token {token!r}")
