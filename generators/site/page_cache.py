"""Build step: keep each rendered page with what it read of the KB, and take it as it is when none of that changed.

A pull request changes a handful of records; most pages read none of them. Rendering notes every read a page makes
of the linked KB (kb/reads.py): its own record, the records it names, a model's offerings, a whole kind when it
walks one. The cache keeps, beside the previous build's docs, each page's tokens and what each token read then (a
digest); the next build renders only the pages where a token's digest differs, and copies the rest. Whatever a page
depends on besides the KB is in the key: the code that renders (every file of the package), the day asked about, the
catalogue compared on the Coverage page, the repository its edit links point at, and the build cache's own key
(configuration, tools, mkdocs' day). A page kept is taken with the other files it wrote (the changelog's feed, the
Coverage page's JSON). A page that walked the whole KB is always rendered; so is every page when the cache was written
under another key. The JSON API reads every record: it is taken from the cache only when no record changed at all.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

from ..interop.coverage import Known
from ..kb.reads import EVERYTHING, Digests
from . import urls
from .incremental import Cache, code_digest
from .publish import files_in
from .render import Rendered

FORMAT = 3
"""Bump when what pages.json holds changes meaning (2: each page's shards.work, not its tag count; 3: each page's
other files, and the JSON API's files with the digest of the whole KB they were written from)."""


class Reuse(NamedTuple):
    """What a build can take from its cache instead of making it again."""

    pages: dict[str, Rendered]
    """The cached pages (docs path -> the page where the cache holds it, with the other files it wrote)."""
    api: tuple[str, ...] | None
    """The JSON API's files (paths under the docs folder) when no record changed since the cache's were written (the
    API reads every record, `reads.EVERYTHING`); None when they must be written again."""


def key(build_key: str, today: datetime.date, known: Known | None) -> str:
    """What every page's Markdown depends on besides the KB."""
    facts = {"format": FORMAT, "code": code_digest(), "today": today.isoformat(), "build": build_key,
             "known": [known.name, known.labs] if known else None, "repository": urls.REPO_URL}
    return hashlib.sha256(json.dumps(facts, sort_keys=True).encode("utf-8")).hexdigest()


def reusable(cache: Cache, digests: Digests, wanted_key: str) -> Reuse:
    """The cached pages that would render to the same text in the KB `digests` answers for (every token they read has
    the digest it had, and the files they wrote are still there), and the cached JSON API when the whole KB is the
    same. Nothing when the cache was written under another key, or cannot be read. Pass the same `digests` to
    `to_keep`: the tokens are mostly the same, and each is worked out once."""
    try:
        stored = json.loads(cache.pages_file.read_text(encoding="utf-8"))
        if stored.get("key") != wanted_key:
            return Reuse({}, None)
        tokens = [tuple(token) for token, _ in stored["tokens"]]
        same = [digests(token) == digest for token, (_, digest) in zip(tokens, stored["tokens"], strict=True)]
        reuse = {}
        for path, (work, indices, files) in stored["pages"].items():
            if all(same[i] for i in indices) and all((cache.docs / name).is_file() for name in (path, *files)):
                reuse[path] = Rendered(cache.docs / path, work, tuple(tokens[i] for i in indices), tuple(files))
        digest, api = stored["api"]
        kept = bool(api) and digest == digests(EVERYTHING) and all((cache.docs / name).is_file() for name in api)
        return Reuse(reuse, tuple(api) if kept else None)
    except (OSError, ValueError, TypeError, KeyError, IndexError, AttributeError):
        return Reuse({}, None)


def api_files(docs: Path, rendered: Iterable[Rendered]) -> list[str]:
    """The files under the JSON API's folder that no page wrote (the Coverage page writes its JSON there)."""
    owned = {name for page in rendered for name in page.files}
    return sorted(name for name in (f"{urls.API}/{Path(found).as_posix()}" for found in files_in(docs / urls.API))
                  if name not in owned)


def to_keep(rendered: Iterable[Rendered], docs: Path, digests: Digests, wanted_key: str, api: Iterable[str]) -> str:
    """pages.json for the pages just built: each token once, with its digest in the KB `digests` answers for, and
    each page's work, tokens (by their place in that list) and other files; and the JSON API's files (`api`) with the
    digest of the whole KB. Pages that walked the whole KB or were rendered without noting their reads are left out."""
    numbers: dict[tuple[str, ...], int] = {}
    table: list[list[object]] = []
    pages: dict[str, list[object]] = {}
    for page in rendered:
        if page.reads is None or EVERYTHING in page.reads:
            continue
        indices = []
        for token in page.reads:  # sorted (Rendered.reads), as `reusable` gives them back
            if token not in numbers:
                numbers[token] = len(table)
                table.append([list(token), digests(token)])
            indices.append(numbers[token])
        pages[page.path.relative_to(docs).as_posix()] = [page.work, indices, list(page.files)]
    return json.dumps({"key": wanted_key, "tokens": table, "pages": pages, "api": [digests(EVERYTHING), sorted(api)]},
                      separators=(",", ":"))
