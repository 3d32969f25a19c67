"""What the site's fast paths check before standing in for a dependency's code: a digest of that code's source.

A fast path that restates code of Python-Markdown, Material or the standard library (markdown_speedups.py,
search_sections.py) gives the restated code's results only while that code is the one it was written against. Each
records the digest of that source, and runs only while the installed code has it; after an upgrade the stock code
runs, and a test names the fast path to read again.
"""

from __future__ import annotations

import functools
import hashlib
import inspect
from typing import Any


@functools.cache  # once a process: asked for each converter or index made
def source_digest(*parts: Any, extra: str = "") -> str:
    """A digest of the source of `parts` (classes, functions, modules) and `extra`; "" where a source cannot be read
    (no file, a built-in), which no recorded digest equals."""
    try:
        source = "".join(inspect.getsource(part) for part in parts)
    except (OSError, TypeError):
        return ""
    return hashlib.sha256((source + extra).encode("utf-8")).hexdigest()
