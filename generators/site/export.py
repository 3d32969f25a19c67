"""Export step: the JSON API (one file per kind, plus an index and the JSON Schemas) under api/v1/."""

from __future__ import annotations

import datetime
import functools
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..kb import schemas
from ..kb.link import KB
from ..kb.reads import Digests
from ..kb.records import KINDS
from . import api_parts, catalog_json, urls
from .api_parts import Parts
from .incremental import Cache, link_files
from .page_cache import Reuse
from .render import write_if_changed

API_VERSION = "v1"


def document_text(kb: KB, kind: str, today: datetime.date, parts: Parts | None = None) -> str:
    """api/v1/<kind>.json: every record of the kind as JSON; with `parts`, each record's taken from an earlier build
    when its text is the same. No indent: json's C encoder writes it fast; readers' tools pretty-print it."""
    records = kb.by_kind.get(kind, [])
    items = [api_parts.part(parts, ("record", kind, record.id), functools.partial(
        record.model_dump, mode="json", exclude_none=True), [("record", kind, record.id)]) for record in records]
    return api_parts.document({"version": API_VERSION, "generated": today.isoformat(), "count": len(items)}, "items",
                              items)


def write_api(kb: KB, folder: Path, today: datetime.date, parts: Parts | None = None,
              keep: Path | None = None, previous: dict[Path, str] | None = None) -> list[Path]:
    """Write api/v1/<kind>.json for every kind, api/v1/index.json and api/v1/schemas/. Same KB, same bytes. With
    `parts` (an earlier build's, api_parts.py) what still holds is taken from them, and all are saved to `keep`. With
    `previous` (the text last written to each file: kb serve's) a file whose text is the same is not written again."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    index: dict[str, Any] = {"version": API_VERSION, "generated": today.isoformat(), "files": {}}
    for kind in KINDS:
        path = folder / f"{kind}.json"
        write_if_changed(path, document_text(kb, kind, today, parts) + "\n", previous)
        index["files"][kind] = {"path": path.name, "count": len(kb.by_kind.get(kind, []))}
        written.append(path)
    write_if_changed(folder / "catalog.json", catalog_json.text(kb, today, parts), previous)
    index["files"]["catalog"] = {"path": "catalog.json", "count": len(kb.models)}
    write_if_changed(folder / "index.json", json.dumps(index, indent=1) + "\n", previous)
    schemas.write(folder / "schemas")
    write_if_changed(folder / "schemas" / "catalog.schema.json", catalog_json.schema_text(), previous)
    if parts is not None and keep is not None:
        parts.save(keep)
    return [*written, folder / "index.json"]


def api_step(kb: KB, docs: Path, today: datetime.date, cache: Cache | None, reuse: Reuse | None,
             digests: Digests, keep: Path, key: str) -> Callable[[], object]:
    """The build step that puts the JSON API into `docs`, beside the pages: the cache's files, linked, when no record
    changed since they were written (page_cache.Reuse.api); else written from the KB, with a cache from the parts of
    the cached API that still hold (api_parts.py: those made under `key`, the pages' key), all kept in `keep` (a file
    of the build's own) for the next build (`parts_file`)."""
    if cache is not None and reuse is not None and reuse.api is not None:
        return functools.partial(link_files, cache.docs, docs, reuse.api)
    if cache is None:
        return functools.partial(write_api, kb, docs / urls.API, today)
    return functools.partial(write_from_parts, kb, docs, today, digests, cache.api_parts_file, keep, key)


def write_from_parts(kb: KB, docs: Path, today: datetime.date, digests: Digests, previous: Path, keep: Path,
                     key: str) -> None:
    """The API written with the parts in `previous` made under `key`, and all kept in `keep`."""
    write_api(kb, docs / urls.API, today, Parts(digests, api_parts.read(previous, key), key), keep)


def parts_file(cache: Cache, reuse: Reuse | None, kept: Path) -> Path:
    """The API's parts the next build's cache keeps: the cached ones when the API was taken from the cache, else
    those `api_step` kept in `kept`."""
    return cache.api_parts_file if reuse is not None and reuse.api is not None else kept
