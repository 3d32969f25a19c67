"""Build step: the JSON API written from the previous build's parts wherever what a part read is unchanged.

The API (export.py) is one file per kind listing every record, and the catalogue (catalog_json.py) with one entry per
model: it reads every record, so any change writes it again, about a second of one process at catalogue scale, most
of it for the entries of models nothing touched. With a build cache, each record's JSON and each model's catalogue
entry is kept as text with what it read (reads.py: tokens and their digests in that build's KB); the next build takes
a part whose every token has the same digest, and works out the rest. A file is then its head and its parts joined
the way json.dumps joins a list, the very bytes it writes for the whole document (tests/test_api_parts.py).

A part depends on more than the records it read: on the code that made it and on the day it answers for (a
catalogue entry's status and price in force). The parts are kept under the key the build keeps its pages under
(page_cache.key: the package's code, the day, the build's settings), and a build under another key takes none: a
cache restored on a later day, or by a build of other code, would otherwise publish yesterday's statuses for every
model no record of which changed.
"""

from __future__ import annotations

import io
import json
import pickle
from collections.abc import Callable, Hashable, Iterable
from pathlib import Path
from typing import Any

from ..kb.parse_cache import PlainValues
from ..kb.reads import Digests, Token, recording

FORMAT = 2
"""Bump when what a part holds changes meaning: a file of another format is not read (2: the parts' key)."""

Kept = dict[Hashable, tuple[str, tuple[tuple[Token, str], ...]]]
"""A part's name: its text and each token it read with that token's digest."""


class Parts:
    """The API's parts for a KB that `digests` answers for, taken from `previous` (an earlier build's) when they
    still hold, and every part asked for, kept for the next build (`save`)."""

    def __init__(self, digests: Digests, previous: Kept | None = None, key: str = "") -> None:
        """`previous` parts were made under `key` (what they depend on besides their tokens, `read`), which the parts
        kept now are saved under."""
        self.digests, self.previous, self.key = digests, previous or {}, key
        self.kept: Kept = {}
        self.reused = 0

    def text(self, name: Hashable, compute: Callable[[], Any], tokens: Iterable[Token] | None = None) -> str:
        """The JSON text of `compute()`, or the earlier build's when every token it read has the same digest. With
        `tokens` (what the part reads, when that is known beforehand) nothing is recorded."""
        earlier = self.previous.get(name)
        if earlier is not None and all(self.digests(token) == digest for token, digest in earlier[1]):
            self.kept[name] = earlier
            self.reused += 1
            return earlier[0]
        if tokens is None:
            with recording() as made:
                value = compute()
            tokens = made
        else:
            value = compute()
        text = json.dumps(value, ensure_ascii=False)
        self.kept[name] = (text, tuple((token, self.digests(token)) for token in sorted(tokens)))
        return text

    def save(self, file: Path) -> None:
        file.write_bytes(pickle.dumps((FORMAT, self.key, self.kept), protocol=pickle.HIGHEST_PROTOCOL))


def part(parts: Parts | None, name: Hashable, compute: Callable[[], Any],
         tokens: Iterable[Token] | None = None) -> str:
    """The JSON text of `compute()`: through `parts` when a build keeps them (`Parts.text`), else made here."""
    return parts.text(name, compute, tokens) if parts is not None else json.dumps(compute(), ensure_ascii=False)


def read(file: Path, key: str) -> Kept:
    """The parts a build kept in `file` under `key`; none when it is missing, unreadable, of another format or key,
    or holding anything but parts (read as parse_cache reads records: plain values only, so a cache folder cannot
    run code)."""
    try:
        form, made_under, kept = PlainValues(io.BytesIO(file.read_bytes())).load()
    except (OSError, ValueError, TypeError, EOFError, pickle.UnpicklingError, AttributeError, IndexError, KeyError,
            MemoryError):
        return {}
    return kept if (form, made_under) == (FORMAT, key) and isinstance(kept, dict) and all(
        map(is_part, kept.values())) else {}


def is_part(value: object) -> bool:
    """A part as `Parts.text` keeps it: its text, and (token, digest) pairs of strings."""
    return (isinstance(value, tuple) and len(value) == 2 and isinstance(value[0], str)
            and isinstance(value[1], tuple) and all(
                isinstance(pair, tuple) and len(pair) == 2 and isinstance(pair[1], str) and isinstance(pair[0], tuple)
                and all(isinstance(part, str) for part in pair[0]) for pair in value[1]))


def document(head: dict[str, Any], key: str, parts: Iterable[str]) -> str:
    """json.dumps(`head` with the list of the JSON texts `parts` as its last key, `key`), without decoding a part:
    the same bytes, since json.dumps writes a list's items as it writes each one alone (no indent)."""
    assert key not in head, "the parts' key comes last"
    opened = json.dumps({**head, key: []}, ensure_ascii=False)
    assert opened.endswith("[]}")
    return opened[:-2] + ", ".join(parts) + "]}"
