"""One module per wire dialect; `dialect_of` picks the one a provider record names (`api_dialect`)."""

from __future__ import annotations

from ...kb.records import Provider
from .anthropic import Anthropic
from .base import Dialect, ListedModel, ShapeError
from .bedrock import Bedrock
from .cohere import Cohere
from .gemini import Gemini
from .mistral import Mistral
from .openai import XAI, DeepSeek, OpenAI
from .openrouter import OpenRouter
from .together import Together

DIALECTS: dict[str, Dialect] = {d.name: d for d in (OpenAI(), Anthropic(), Gemini(), Cohere(), Mistral(), Together(),
                                                      OpenRouter(), DeepSeek(), XAI(), Bedrock())}


def dialect_of(provider: Provider | None) -> Dialect:
    """The dialect a provider record names; OpenAI's when it names none."""
    return DIALECTS[provider.api_dialect or "openai"] if provider is not None else DIALECTS["openai"]


__all__ = ["DIALECTS", "Dialect", "ListedModel", "ShapeError", "dialect_of"]
