"""The shapes of the feeds the importers read, as far as they read them: one check per feed entry.

Feeds are hostile input: any key may hold any JSON value. Every field an importer maps is checked here, once,
against the type its publisher documents, before any code compares, hashes or converts it; an entry with a
wrong type becomes a problem naming the field, the value and what was expected, never a traceback. Price
values are checked where they are converted (`units.per_million`), since that is where their range is known.
"""

from __future__ import annotations

from typing import Any

from pydantic import ConfigDict, TypeAdapter, ValidationError
from typing_extensions import TypedDict

STRICT = ConfigDict(strict=True)
Number = int | float
Price = str | int | float  # OpenRouter sends strings; saved lists and other tools write numbers


class LiteLLMEntry(TypedDict, total=False):
    """The fields of a LiteLLM cost-map entry the importer maps, typed as its `sample_spec` documents them."""

    __pydantic_config__ = STRICT  # type: ignore[misc]
    litellm_provider: str
    mode: str
    source: str
    deprecation_date: str
    supported_regions: list[str]
    supported_modalities: list[str]
    supported_output_modalities: list[str]
    max_input_tokens: Number
    max_output_tokens: Number
    max_tokens: Number
    supports_function_calling: bool
    supports_response_schema: bool
    supports_vision: bool
    supports_reasoning: bool


class OpenRouterOverride(TypedDict, total=False):
    __pydantic_config__ = STRICT  # type: ignore[misc]
    min_prompt_tokens: Number
    prompt: Price
    completion: Price
    input_cache_read: Price


class OpenRouterPricing(TypedDict, total=False):
    __pydantic_config__ = STRICT  # type: ignore[misc]
    prompt: Price
    completion: Price
    input_cache_read: Price
    input_cache_write: Price
    overrides: list[OpenRouterOverride] | None


class OpenRouterArchitecture(TypedDict, total=False):
    __pydantic_config__ = STRICT  # type: ignore[misc]
    input_modalities: list[str]
    output_modalities: list[str]


class OpenRouterTopProvider(TypedDict, total=False):
    __pydantic_config__ = STRICT  # type: ignore[misc]
    max_completion_tokens: Number | None


class OpenRouterModel(TypedDict, total=False):
    """The fields of an item of OpenRouter's `GET /api/v1/models` the importer maps, typed as documented
    (https://openrouter.ai/docs/api-reference/models/get-models)."""

    __pydantic_config__ = STRICT  # type: ignore[misc]
    id: str
    name: str
    context_length: Number | None
    architecture: OpenRouterArchitecture
    pricing: OpenRouterPricing
    top_provider: OpenRouterTopProvider
    expiration_date: str | None


LITELLM = TypeAdapter(LiteLLMEntry)
OPENROUTER = TypeAdapter(OpenRouterModel)


def shape_problem(shape: TypeAdapter[Any], entry: object) -> str | None:
    """Why `entry` cannot be read as `shape` (the first wrongly typed field, its value, what it should be), or
    None. Keys the shape does not name are left to the importer's count of unmapped keys."""
    if not isinstance(entry, dict):
        return "not an object"
    try:
        shape.validate_python(entry)
    except ValidationError as error:
        first = error.errors()[0]
        value: Any = entry
        path = []
        for step in first["loc"]:  # the value at the error; steps naming a union's branch are no keys of it
            if isinstance(value, dict) and step in value:
                value = value[step]
            elif isinstance(value, list) and isinstance(step, int) and step < len(value):
                value = value[step]  # an index only where the step is one: a list is never indexed by a key
            else:
                continue
            path.append(str(step))
        shown = repr(value) if len(repr(value)) <= 60 else repr(value)[:57] + "..."
        return f"`{'.'.join(path)}` is {shown}: {first['msg'][0].lower()}{first['msg'][1:]}"
    return None
