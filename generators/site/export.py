"""Export step: the JSON API (one file per kind, plus an index and the JSON Schemas) under api/v1/."""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

from ..kb import schemas
from ..kb.link import KB
from ..kb.records import KINDS
from . import catalog_json

API_VERSION = "v1"


def document(kb: KB, kind: str, today: datetime.date) -> dict[str, Any]:
    items = [record.model_dump(mode="json", exclude_none=True) for record in kb.by_kind.get(kind, [])]
    return {"version": API_VERSION, "generated": today.isoformat(), "count": len(items), "items": items}


def write_api(kb: KB, folder: Path, today: datetime.date) -> list[Path]:
    """Write api/v1/<kind>.json for every kind, api/v1/index.json and api/v1/schemas/. Same KB, same bytes."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    index = {"version": API_VERSION, "generated": today.isoformat(), "files": {}}
    for kind in KINDS:
        path = folder / f"{kind}.json"
        doc = document(kb, kind, today)
        # No indent: json's C encoder then writes it, 4x faster at catalogue scale; readers' tools pretty-print it
        path.write_text(json.dumps(doc, ensure_ascii=False, sort_keys=False) + "\n", encoding="utf-8")
        index["files"][kind] = {"path": path.name, "count": doc["count"]}
        written.append(path)
    (folder / "catalog.json").write_text(catalog_json.text(kb, today), encoding="utf-8")
    index["files"]["catalog"] = {"path": "catalog.json", "count": len(kb.models)}
    (folder / "index.json").write_text(json.dumps(index, indent=1) + "\n", encoding="utf-8")
    schemas.write(folder / "schemas")
    (folder / "schemas" / "catalog.schema.json").write_text(catalog_json.schema_text(), encoding="utf-8")
    return [*written, folder / "index.json"]
