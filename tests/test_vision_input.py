"""One answer per model to "does it read images?": `capabilities.vision` and `modalities.input` must agree
(rules.consistency.vision_disagreement), and the LiteLLM import writes them so
(litellm_names.capabilities_and_modalities).

Seven imported models said `vision: true` with text-only input (o4-mini, GLM-5V-Turbo, Qwen3.8-Max among them): the
model page said they read images, the chooser's multimodal preset left them out. The LiteLLM entries below are
shaped like the map's (../shared/data/litellm, MIT): `zai/glm-5v-turbo` carries `supports_vision: true` and no
`supported_modalities`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from conftest import TODAY, write_record
from hypothesis import given
from hypothesis import strategies as st

from generators.interop.litellm_names import capabilities_and_modalities
from generators.kb.records import Model
from generators.kb.rules.consistency import vision_disagreement
from generators.kb.validate import validate_kb

MODALITY_NAMES = ["text", "image", "audio", "video", "pdf"]


def model(vision: bool | None, inputs: list[str]) -> Model:
    return Model.model_validate({
        "schema_version": 1, "id": "m", "name": "M", "family": "M", "lab": "acme", "weights": "unknown",
        "sources": ["s"],
        "modalities": {"input": inputs, "output": ["text"]},
        **({} if vision is None else {"capabilities": {"vision": vision}})})


@given(st.sampled_from([None, True, False]), st.lists(st.sampled_from(MODALITY_NAMES), min_size=1, unique=True))
def test_the_rule_fires_exactly_when_the_two_fields_disagree(vision: bool | None, inputs: list[str]) -> None:
    expected = (vision is True and "image" not in inputs) or (vision is False and "image" in inputs)
    assert (vision_disagreement(model(vision, inputs)) is not None) == expected


def test_an_unsaid_capability_with_image_input_is_no_disagreement() -> None:
    assert vision_disagreement(model(None, ["text", "image"])) is None
    assert vision_disagreement(model(True, ["text", "image"])) is None
    assert vision_disagreement(model(True, ["text"])) is not None


entries = st.fixed_dictionaries({}, optional={
    "supports_vision": st.booleans(),
    "supported_modalities": st.lists(st.sampled_from(["text", "image", "audio", "video", "pdf", "file"]),
                                     unique=True),
    "supports_function_calling": st.booleans()})


@given(entries)
def test_an_imported_model_never_contradicts_itself_and_keeps_what_the_entry_says(entry: dict[str, Any]) -> None:
    capabilities, inputs, outputs = capabilities_and_modalities(entry)
    imported = model(capabilities.get("vision"), inputs)
    assert vision_disagreement(imported) is None
    listed = entry.get("supported_modalities") or []
    if entry.get("supports_vision") is True:
        assert "image" in inputs and capabilities["vision"] is True
    if entry.get("supports_vision") is False:
        assert "vision" not in capabilities or "image" not in inputs
        assert ("image" in inputs) == ("image" in listed)
    assert "text" in inputs or listed  # a bare entry is a text model
    assert outputs == ["text"]
    assert len(inputs) == len(set(inputs))


def test_glm_5v_turbo_as_the_map_lists_it_reads_images() -> None:
    entry = {"litellm_provider": "zai", "mode": "chat", "supports_vision": True, "supports_function_calling": True}
    capabilities, inputs, _ = capabilities_and_modalities(entry)
    assert inputs == ["text", "image"] and capabilities == {"vision": True, "tool_use": True}


def test_validate_names_the_line_of_vision_and_the_fix(scratch_kb: Path) -> None:
    write_record(scratch_kb, "models", "acme-eye", (
        "schema_version: 1\nid: acme-eye\nname: Acme Eye\nfamily: Acme\nlab: anthropic\nweights: closed\n"
        "modalities:\n  input:\n  - text\n  output:\n  - text\ncapabilities:\n  tool_use: true\n  vision: true\n"
        "sources:\n- anthropic-models-docs\n"))
    _, issues = validate_kb(scratch_kb, TODAY)
    [issue] = [i for i in issues if "acme-eye" in str(i.file)]
    assert (issue.line, "`vision: true`" in issue.message, "add `image`" in issue.fix) == (15, True, True)
