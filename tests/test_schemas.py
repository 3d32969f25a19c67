"""The published JSON Schemas are current and mean what the validator means."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from conftest import REPO
from pydantic import ValidationError

from generators.kb import schemas
from generators.kb.load import as_json, load_kb
from generators.kb.records import KINDS, SINGULAR

SCHEMAS = REPO / "schemas"


def validator(kind: str) -> jsonschema.protocols.Validator:
    schema = json.loads((SCHEMAS / f"{SINGULAR[kind]}.schema.json").read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def test_the_committed_schemas_match_the_record_models() -> None:
    assert schemas.stale(SCHEMAS) == [], "run `kb schemas` and commit the result"


def test_a_stale_schema_is_detected(tmp_path: Path) -> None:
    schemas.write(tmp_path)
    assert schemas.stale(tmp_path) == []
    (tmp_path / "model.schema.json").write_text("{}\n")
    (tmp_path / "gone.schema.json").write_text("{}\n")
    assert schemas.stale(tmp_path) == ["gone.schema.json", "model.schema.json"]


@pytest.mark.parametrize("seed", ["0", "4242"])
def test_schema_output_is_byte_for_byte_the_committed_files_in_a_fresh_process(seed: str) -> None:
    """Rendered in a new interpreter with its own hash seed (set and dict order could differ), every schema is the
    committed file's bytes: one render compared with itself in one process could not show that."""
    script = "import json, sys; from generators.kb import schemas; json.dump(schemas.rendered(), sys.stdout)"
    result = subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, check=True,
                            env={**os.environ, "PYTHONHASHSEED": seed})
    rendered = json.loads(result.stdout)
    committed = {p.name: p.read_text(encoding="utf-8") for p in SCHEMAS.glob("*.schema.json")}
    assert rendered == committed


def test_every_field_is_described_for_editors() -> None:
    def walk(node: Any, where: str) -> None:
        if isinstance(node, dict):
            for name, prop in node.get("properties", {}).items():
                assert prop.get("description"), f"{where}.{name} has no description"
            for key, value in node.items():
                walk(value, f"{where}.{key}")

    for name, text in schemas.rendered().items():
        walk(json.loads(text), name)


def test_a_list_or_mapping_a_record_omits_is_its_own_and_the_schema_names_the_empty_default() -> None:
    """Omitted lists and mappings come from a factory (records/base.empty), not a shared default: two records get
    two empty values, and editors still see `default: []` / `default: {}`."""
    data = {"schema_version": 1, "id": "x--y", "provider": "x", "model": "y", "api_ids": ["y"],
            "lifecycle": {"status": "active"}, "sources": ["s"]}
    first, second = (KINDS["offerings"].model_validate(data) for _ in range(2))
    assert first.aliases == [] and first.external_ids == {} and first.lifecycle.sources == []
    assert first.aliases is not second.aliases and first.external_ids is not second.external_ids
    offering = json.loads((SCHEMAS / "offering.schema.json").read_text(encoding="utf-8"))["properties"]
    assert (offering["aliases"]["default"], offering["external_ids"]["default"]) == ([], {})


def test_every_record_in_kb_is_valid_against_its_json_schema() -> None:
    raws, issues = load_kb(REPO / "kb")
    assert issues == []
    validators = {kind: validator(kind) for kind in KINDS}
    errors = [f"{raw.file}: {e.message}" for raw in raws for e in validators[raw.kind].iter_errors(as_json(raw.data))]
    assert errors == []


BASE_MODEL = {"schema_version": 1, "id": "m", "name": "M", "family": "F", "lab": "openai", "weights": "open",
              "sources": ["s"]}
BASE_PRICE = {"schema_version": 2, "id": "p", "offering": "o",
              "snapshots": [{"effective": "2024-01-01", "input": 1, "output": 2, "sources": ["s"]}]}
ONE_SNAPSHOT = {"effective": "2024-01-01", "input": 1, "output": 2, "sources": ["s"]}
BASE_SOURCE = {"schema_version": 1, "id": "s", "type": "docs", "title": "T", "url": "https://example.com"}
BASE_PROVIDER = {"schema_version": 1, "id": "p", "name": "P", "roles": ["api-host"], "sources": ["s"],
                 "website": "https://example.com/a-b_c~d?x=1&y=%20#top", "python_sdk": "google-genai",
                 "auth": {"header": "x-api-key", "scheme": "Bearer", "env_var": "P_API_KEY"}}


def changed(base: dict[str, Any], **fields: Any) -> dict[str, Any]:
    return {**base, **fields}


INVALID = [
    ("models", changed(BASE_MODEL, colour="blue")),
    ("models", {k: v for k, v in BASE_MODEL.items() if k != "name"}),
    ("models", changed(BASE_MODEL, weights="opened")),
    ("models", changed(BASE_MODEL, name="")),
    ("models", changed(BASE_MODEL, id="Not An Id")),
    ("models", changed(BASE_MODEL, schema_version=2)),
    ("models", changed(BASE_MODEL, sources=[])),
    ("models", changed(BASE_MODEL, context_window=[{"value": -5, "sources": ["s"]}])),
    ("models", changed(BASE_MODEL, training=["magic"])),
    ("prices", changed(BASE_PRICE, snapshots=[{**ONE_SNAPSHOT, "input": -1}])),
    ("prices", changed(BASE_PRICE, snapshots=[{**ONE_SNAPSHOT, "input": 2500}])),
    ("prices", changed(BASE_PRICE, snapshots=[])),
    ("prices", changed(BASE_PRICE, currency="EUR")),
    ("sources", changed(BASE_SOURCE, url="http://example.com")),
    ("sources", changed(BASE_SOURCE, arxiv="arXiv:1234.5678")),
    ("sources", changed(BASE_SOURCE, type="book")),
    ("sources", changed(BASE_SOURCE, url="https://user:pw@example.com/")),
    ("sources", changed(BASE_SOURCE, url="https://example.com/)[web](javascript:alert(1))")),
    ("sources", changed(BASE_SOURCE, url="https://example.com/a b")),
    ("sources", changed(BASE_SOURCE, url="https://example.com/`x`")),
    ("sources", changed(BASE_SOURCE, url="https:///path")),
    ("sources", changed(BASE_SOURCE, title="T" * 201)),
    ("sources", changed(BASE_SOURCE, title="Two\nlines")),
    ("sources", changed(BASE_SOURCE, title="Open\u202eIA")),
    ("sources", changed(BASE_SOURCE, summary="Bell\a")),
    ("sources", changed(BASE_SOURCE, summary="S" * 2001)),
    ("models", changed(BASE_MODEL, description="A \u2066 isolate")),
    ("models", changed(BASE_MODEL, schema_version=True)),
    ("models", changed(BASE_MODEL, capabilities={"tool_use": "no"})),
    ("prices", changed(BASE_PRICE, snapshots=[{**ONE_SNAPSHOT, "input": "5.0"}])),
    ("providers", changed(BASE_PROVIDER, id="01-ai")),
    ("providers", changed(BASE_PROVIDER, python_sdk="openai; import os")),
    ("providers", changed(BASE_PROVIDER, auth={"header": "x`y", "env_var": "X_KEY"})),
    ("providers", changed(BASE_PROVIDER, auth={"header": "Authorization", "scheme": "Bearer $(id)", "env_var": "K"})),
    ("providers", changed(BASE_PROVIDER, auth={"header": "Authorization", "env_var": "K; id"})),
    ("providers", changed(BASE_PROVIDER, website="javascript:alert(1)")),
]


@pytest.mark.parametrize(("kind", "data"), INVALID, ids=[f"{k}-{i}" for i, (k, _) in enumerate(INVALID)])
def test_invalid_records_are_rejected_by_both_pydantic_and_the_json_schema(kind: str, data: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        KINDS[kind].model_validate(data)
    assert list(validator(kind).iter_errors(data)), "the published schema must reject it too"


@pytest.mark.parametrize(("kind", "data"), [("models", BASE_MODEL), ("prices", BASE_PRICE), ("sources", BASE_SOURCE),
                                           ("providers", BASE_PROVIDER),
                                           ("sources", changed(BASE_SOURCE, summary="Two\n\tlines."))])
def test_valid_records_are_accepted_by_both(kind: str, data: dict[str, Any]) -> None:
    KINDS[kind].model_validate(data)
    assert list(validator(kind).iter_errors(data)) == []
