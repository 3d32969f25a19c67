"""Writing files so that a reader never sees half of one."""

from __future__ import annotations

import json
import os
import re
import sys
import tempfile
from pathlib import Path


def replace_atomically(file: Path, text: str) -> None:
    """Write `text` to a temporary file beside `file`, then rename it over `file`."""
    file.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=file.parent, prefix=f".{file.name}.", suffix=".tmp")
    try:
        os.chmod(temporary, file.stat().st_mode & 0o7777 if file.exists() else 0o666 & ~umask())  # mkstemp: 0600
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(temporary, file)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


class OutputRefused(ValueError):
    """A command's output file would land inside the KB, or over a file the command cannot know it made."""


def write_output(out: Path, text: str, kb_root: Path, replace: bool = False) -> None:
    """Write a command's output file (an export), atomically. Never inside the knowledge base: records change only
    through the commands that validate them. Over an existing file only when the user asked (`replace`): a
    command cannot tell its own earlier output from a file someone else keeps there."""
    target = out.resolve()
    if target.is_relative_to(kb_root.resolve()):
        raise OutputRefused(f"{out}: inside the knowledge base {kb_root}; write the output outside it")
    if (out.exists() or out.is_symlink()) and not replace:
        raise OutputRefused(f"{out}: already exists; choose a new file, or pass --replace to overwrite it")
    replace_atomically(target, text)


def umask() -> int:
    """The process's umask (reading it means setting it: set it straight back)."""
    mask = os.umask(0)
    os.umask(mask)
    return mask


MAX_FEED = 256 * 1024 * 1024
"""The most bytes a feed file may hold (LiteLLM's full cost map is about 1.5 MB): /dev/zero is refused, not read."""


def read_feed(file: Path, limit: int | None = None) -> object:
    """A JSON feed (a cost map, a saved model list), read within `limit` bytes (see `feed_json` for the rest):
    ValueError naming the file and what is wrong, never a MemoryError or RecursionError."""
    cap = MAX_FEED if limit is None else limit
    # Opened without blocking, then read blocking: a FIFO nobody writes to reads as empty instead of hanging the
    # command, while a pipe with a writer (`kb import litellm <(curl ...)`) is read as it streams.
    descriptor = os.open(file, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    if hasattr(os, "set_blocking"):
        os.set_blocking(descriptor, True)
    with os.fdopen(descriptor, "rb") as handle:
        raw = handle.read(cap + 1)
    if len(raw) > cap:
        raise ValueError(f"{file}: over {cap:,} bytes; not a feed this command reads (is it the right file?)")
    try:
        return feed_json(raw.decode("utf-8"), str(file))
    except UnicodeDecodeError as error:
        raise ValueError(f"{file}: not UTF-8 text ({error})") from None


LONE_SURROGATE = re.compile("[\ud800-\udfff]")
SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


def feed_json(text: str, where: str) -> object:
    """JSON from outside the project (a feed file, a provider's answer), the one way it is read: a key repeated in
    one object or nesting without end is a ValueError naming `where`; a lone surrogate escape (`\\ud800`, which
    JSON allows and no UTF-8 sink can write) becomes U+FFFD, as a UTF-8 decoder reads a broken sequence, so a
    hostile string cannot crash the file, URL or terminal it reaches later."""

    def unique(pairs: list[tuple[str, object]]) -> dict[str, object]:
        found: dict[str, object] = {}
        for key, value in pairs:
            if key in found:
                raise ValueError(f"{where}: the key {json.dumps(key)[:80]} appears twice in one object; a feed "
                                 "that repeats a key is ambiguous")
            found[key] = value
        return found

    try:
        data = json.loads(text, object_pairs_hook=unique)
    except RecursionError:
        raise ValueError(f"{where}: JSON nested too deeply to be a feed") from None
    except json.JSONDecodeError:
        raise  # its callers name the file and the position
    except ValueError as error:  # Python's own limit on integer digits: a number no feed value needs
        if "digits" not in str(error):
            raise
        raise ValueError(f"{where}: a number too long to read (more than {sys.get_int_max_str_digits():,} digits); "
                         "not a value a feed holds") from None
    return whole_characters(data, where) if SURROGATE_ESCAPE.search(text) else data


def whole_characters(value: object, where: str) -> object:
    """`value` with every lone surrogate in its strings (keys included) replaced by U+FFFD; two keys that become one
    are the repeated key `feed_json` refuses."""
    if isinstance(value, str):
        return LONE_SURROGATE.sub("\ufffd", value)
    if isinstance(value, list):
        return [whole_characters(item, where) for item in value]
    if isinstance(value, dict):
        whole = {str(whole_characters(key, where)): whole_characters(item, where) for key, item in value.items()}
        if len(whole) < len(value):
            raise ValueError(f"{where}: two keys of one object differ only in a broken character (a lone "
                             "surrogate escape); a feed that repeats a key is ambiguous")
        return whole
    return value
