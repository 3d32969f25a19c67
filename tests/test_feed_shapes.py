"""Feeds are hostile: any mapped key of an entry may hold any JSON value, and the import reports it, never crashes.

The class (a feed value of the wrong JSON type reaching code that hashes, compares or converts it) is closed by
one typed check per feed entry (interop/feed_shapes.py); these tests feed every mapped key arbitrary JSON.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

from conftest import KB_TODAY
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generators.interop.feed_shapes import LITELLM, OPENROUTER, shape_problem
from generators.interop.litellm import import_litellm
from generators.interop.openrouter import import_openrouter
from generators.kb.validate import validate_kb

JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
                    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner,
                                                                                 max_size=3), max_leaves=6)
LITELLM_KEYS = ["litellm_provider", "mode", "source", "deprecation_date", "supported_regions", "supported_modalities",
                "supported_output_modalities", "max_input_tokens", "max_output_tokens", "max_tokens",
                "supports_function_calling", "supports_vision", "input_cost_per_token", "cache_read_input_token_cost",
                "input_cost_per_token_above_200k_tokens", "input_cost_per_token_batches"]
OPENROUTER_PATHS = [("name",), ("context_length",), ("architecture",), ("architecture", "input_modalities"),
                    ("pricing",), ("pricing", "prompt"), ("pricing", "input_cache_read"), ("pricing", "overrides"),
                    ("top_provider",), ("top_provider", "max_completion_tokens"), ("expiration_date",)]


def run(kind: str, data: Any) -> list[str]:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "kb"
        (root / "sources").mkdir(parents=True)
        file = Path(folder) / "feed.json"
        file.write_text(json.dumps(data))
        kb, _ = validate_kb(root, KB_TODAY)
        importer = import_litellm if kind == "litellm" else import_openrouter
        report = importer(kb, root, file, KB_TODAY, today=KB_TODAY)
        written = sorted(p.name for p in root.rglob("*.yaml"))
        assert not report.problems or "acme-x.yaml" not in written, "a refused entry wrote its model"
        return report.problems


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(key=st.sampled_from(LITELLM_KEYS), value=JSON)
def test_any_json_in_any_litellm_key_is_imported_or_reported(key: str, value: Any) -> None:
    entry = {"litellm_provider": "acme", "mode": "chat", "input_cost_per_token": 1e-06,
             "output_cost_per_token": 2e-06, key: value}
    run("litellm", {"acme/x": entry})


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(path=st.sampled_from(OPENROUTER_PATHS), value=JSON)
def test_any_json_in_any_openrouter_field_is_imported_or_reported(path: tuple[str, ...], value: Any) -> None:
    item: dict[str, Any] = {"id": "acme/x", "name": "X", "architecture": {"input_modalities": ["text"]},
                            "pricing": {"prompt": "0.000001", "completion": "0.000002"}, "top_provider": {}}
    target = item
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    run("openrouter", {"data": [item]})


def test_a_wrong_type_is_named_with_its_path_value_and_expected_type() -> None:
    assert shape_problem(LITELLM, {"mode": ["chat"]}) == "`mode` is ['chat']: input should be a valid string"
    assert shape_problem(LITELLM, {"litellm_provider": "acme", "supported_regions": ["eu", 3]}) == \
        "`supported_regions.1` is 3: input should be a valid string"
    assert shape_problem(LITELLM, {"supports_vision": 1}) == "`supports_vision` is 1: input should be a valid boolean"
    assert shape_problem(OPENROUTER, {"id": "a", "architecture": {"input_modalities": [{"a": 1}]}}) == \
        "`architecture.input_modalities.0` is {'a': 1}: input should be a valid string"
    assert shape_problem(OPENROUTER, [1]) == "not an object"
    assert shape_problem(LITELLM, {"mode": "chat", "unknown_key": [1]}) is None  # counted as unmapped, not refused


def test_a_litellm_entry_with_a_list_for_its_provider_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    problems = run("litellm", {"acme/x": {"litellm_provider": ["acme"], "mode": "chat", "input_cost_per_token": 1e-06,
                                          "output_cost_per_token": 2e-06},
                               "acme/y": {"litellm_provider": "acme", "mode": ["chat"]}})
    assert problems == ["`acme/x`: `litellm_provider` is ['acme']: input should be a valid string; skipped",
                        "`acme/y`: `mode` is ['chat']: input should be a valid string; skipped"]


def test_a_feed_of_which_nothing_imports_writes_nothing(tmp_path: Path) -> None:
    root = tmp_path / "kb"
    (root / "sources").mkdir(parents=True)
    file = tmp_path / "feed.json"
    file.write_text(json.dumps({"data": [1, {"id": "acme/x", "name": ["X"]}]}))
    kb, _ = validate_kb(root, KB_TODAY)
    report = import_openrouter(kb, root, file, KB_TODAY, today=KB_TODAY)
    assert report.aborted == "no entry of the feed could be imported"
    assert list(root.rglob("*.yaml")) == []
