"""Load step, from a build cache: a record file whose text is the same as at the last build is not parsed again.

`kb build --cache` keeps, beside the previous build's pages, each record's parsed data under a digest of its kind
and its text, with a digest of the code that parses (the loader's modules). A file whose kind and text have a kept
digest gets that data back instead of being composed and built from YAML again: parsing is about two thirds of
validating a large KB, and a pull request changes a handful of its 11,000 files. The schema check and every rule
still run on every record. Only records that parsed without an issue are kept, so a file that had one is parsed
again and reports it as before; the data depends on nothing but the text, the kind (header_issues) and the code.

The data is pickled, and read back allowing plain values and dates only: a cache folder someone else wrote cannot
make a build run code through it.
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import io
import pickle
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .load import RawRecord  # load.py looks records up here: no import back at run time

FORMAT = 1
"""Bump when what the file holds changes meaning."""
PARSER = ("load.py", "limits.py", "yaml_typing.py")
"""The modules a record's parsed data comes from, besides its text: data parsed by other code is not reused."""

Parsed = Mapping[str, dict[str, Any]]
"""text_key -> the data parsed from that kind and text."""


def text_key(kind: str, text: str) -> str:
    return hashlib.blake2b(f"{kind}\0{text}".encode(), digest_size=16).hexdigest()


@functools.cache
def parser_digest() -> str:
    digest = hashlib.blake2b(str(FORMAT).encode(), digest_size=16)
    for name in PARSER:
        digest.update(name.encode() + b"\0" + (Path(__file__).parent / name).read_bytes() + b"\0")
    return digest.hexdigest()


class PlainValues(pickle.Unpickler):
    """Unpickles the dicts, lists, strings, numbers, booleans, None and dates records hold, and nothing else."""

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) == ("datetime", "date"):
            return datetime.date
        raise pickle.UnpicklingError(f"{module}.{name} is not a value a record holds")


def read(file: Path) -> Parsed:
    """The data kept in `file`; empty when it is missing, unreadable, holds anything but plain values, or was
    written by another parser."""
    try:
        stored = PlainValues(io.BytesIO(file.read_bytes())).load()
    except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError, IndexError,
            KeyError, MemoryError):
        return {}
    if not isinstance(stored, dict) or stored.get("parser") != parser_digest():
        return {}
    records = stored.get("records")
    return records if isinstance(records, dict) else {}


def to_keep(raws: Iterable[RawRecord]) -> bytes:
    """What `read` gives back: each record's data under its kind and text, and the parser's digest."""
    return pickle.dumps({"parser": parser_digest(),
                         "records": {text_key(raw.kind, raw.text): raw.data for raw in raws}}, protocol=5)
