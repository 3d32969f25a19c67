"""LiteLLM's vocabulary in the KB's terms: its provider names, capability flags, modality names and limits."""

from __future__ import annotations

from typing import Any

PROVIDERS = {"openai": "openai", "text-completion-openai": "openai", "anthropic": "anthropic", "gemini": "google",
             "mistral": "mistral", "codestral": "mistral", "groq": "groq", "together_ai": "together", "xai": "xai",
             "cohere": "cohere", "cohere_chat": "cohere", "deepseek": "deepseek", "fireworks_ai": "fireworks",
             "openrouter": "openrouter", "dashscope": "alibaba", "azure": "azure-ai-foundry",
             "azure_ai": "azure-ai-foundry", "bedrock": "bedrock", "bedrock_converse": "bedrock",
             **{f"vertex_ai-{kind}_models": "vertex-ai" for kind in ("anthropic", "mistral", "llama", "deepseek",
                                                                      "qwen", "openai", "zai", "moonshot")},
             "vertex_ai": "vertex-ai", "vertex_ai-language-models": "vertex-ai", "zai": "zhipu", "moonshot": "moonshot"}
"""LiteLLM provider name -> KB provider id, for providers the KB already describes."""
CAPABILITIES = {"supports_function_calling": "tool_use", "supports_response_schema": "structured_output",
                "supports_vision": "vision", "supports_reasoning": "reasoning_mode"}
MODALITIES = {"text": "text", "image": "image", "audio": "audio", "video": "video", "pdf": "pdf", "file": "pdf"}
FLOOR_DATES = {"vertex_ai-anthropic_models"}
"""LiteLLM providers whose `deprecation_date` copies the host's "not sooner than" floor, not a retirement: Google
Cloud gives each Claude model "Retirement Date: Not sooner than ..." and LiteLLM lists that day."""
MAX_INPUT_NOTE = ("LiteLLM's max_input_tokens: the longest prompt it lists, which a provider's context window can "
                  "exceed (Alibaba's 1M-token models take at most 991,808 or 997,952 input tokens).")
"""Said on every context window the map gives: LiteLLM has no context-window field, only the maximum input."""


def capabilities_and_modalities(entry: dict[str, Any]) -> tuple[dict[str, bool], list[str], list[str]]:
    """An entry's capability flags and its input and output modalities, in the KB's terms."""
    capabilities = {field: entry[flag] for flag, field in CAPABILITIES.items() if flag in entry}
    inputs = [MODALITIES[m] for m in entry.get("supported_modalities") or [] if m in MODALITIES] or ["text"]
    outputs = [MODALITIES[m] for m in entry.get("supported_output_modalities") or [] if m in MODALITIES] or ["text"]
    # `supports_vision` is LiteLLM's word for image input, often without `supported_modalities`: the KB says it
    # in both fields (rules.consistency); an entry that contradicts itself leaves the capability unsaid.
    if capabilities.get("vision") and "image" not in inputs:
        inputs.append("image")
    elif capabilities.get("vision") is False and "image" in inputs:
        del capabilities["vision"]
    return capabilities, list(dict.fromkeys(inputs)), list(dict.fromkeys(outputs))


def window_fact(max_input: int, fact: dict[str, object]) -> dict[str, object]:
    """LiteLLM's max_input_tokens as a context-window fact of the KB's, saying what it is (MAX_INPUT_NOTE)."""
    return {"value": max_input, **fact, "note": MAX_INPUT_NOTE}
