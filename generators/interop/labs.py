"""Who trained an imported model: from the id's vendor prefix (`nvidia/llama-3.1-nemotron-70b` is NVIDIA's, not
Meta's) or, without one, from the model name (`claude-...` is Anthropic's).

The KB's provider records come first (their `aggregator_ids` name their prefixes); `KNOWN_LABS` covers labs the
KB does not describe yet, so an import can create their provider record instead of `unknown-lab`.
"""

from __future__ import annotations

import re

from ..kb.link import KB
from ..kb.model_ids import GEO_ROUTE

KNOWN_LABS: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]] = {
    "openai": ("OpenAI", ("openai",), ("gpt", "o1", "o3", "o4", "chatgpt", "davinci", "babbage")),
    "anthropic": ("Anthropic", ("anthropic",), ("claude",)),
    "google": ("Google DeepMind", ("google",), ("gemini", "gemma")),
    "meta": ("Meta", ("meta-llama", "meta"), ("llama",)),
    "mistral": ("Mistral AI", ("mistralai", "mistral"), ("mistral", "mixtral", "codestral", "magistral", "ministral",
                                                         "pixtral", "devstral", "open-mistral", "open-mixtral")),
    "alibaba": ("Alibaba Cloud (Qwen)", ("qwen", "alibaba"), ("qwen", "qwq")),
    "xai": ("xAI", ("x-ai", "xai"), ("grok",)),
    "cohere": ("Cohere", ("cohere",), ("command", "c4ai")),
    "deepseek": ("DeepSeek", ("deepseek",), ("deepseek",)),
    "microsoft": ("Microsoft", ("microsoft",), ("phi", "wizardlm")),
    "nvidia": ("NVIDIA", ("nvidia",), ("nemotron",)),
    "tngtech": ("TNG Technology Consulting", ("tngtech",), ()),
    "amazon": ("Amazon", ("amazon",), ("nova", "titan")),
    "perplexity": ("Perplexity", ("perplexity",), ("sonar",)),
    "moonshotai": ("Moonshot AI", ("moonshotai",), ("kimi",)),
    "zhipu": ("Zhipu AI (Z.ai)", ("z-ai", "zai", "thudm"), ("glm",)),
    "minimax": ("MiniMax", ("minimax",), ("minimax",)),
    "ibm": ("IBM", ("ibm-granite", "ibm"), ("granite",)),
    "ai21": ("AI21 Labs", ("ai21",), ("jamba", "jurassic")),
    "nousresearch": ("Nous Research", ("nousresearch",), ("hermes",)),
}
"""Lab id -> (name, vendor prefixes in aggregator ids, model-name prefixes)."""
BEDROCK = re.compile(r"^([a-z0-9-]+)\.(?=[a-z])")


class Labs:
    """Resolves vendor prefixes and model names to lab ids, preferring what the KB's records say."""

    def __init__(self, kb: KB, aggregator: str = "openrouter") -> None:
        self.by_prefix: dict[str, str] = {}
        for lab, (_, prefixes, _) in KNOWN_LABS.items():
            self.by_prefix.update(dict.fromkeys(prefixes, lab))
        self.alias: dict[str, str] = {}
        """A known lab id -> the KB's own record for that lab (`moonshotai` -> `moonshot`): the provider record
        names the lab's prefix in `aggregator_ids`, so no second record is made for it."""
        for provider in kb.providers:
            prefix = provider.aggregator_ids.get(aggregator)
            if prefix:
                self.by_prefix[prefix] = provider.id
                for lab, (_, prefixes, _) in KNOWN_LABS.items():
                    if prefix in prefixes and lab != provider.id:
                        self.alias[lab] = provider.id

    def of_vendor(self, vendor: str) -> str | None:
        lab = self.by_prefix.get(vendor.lower())
        return self.alias.get(lab, lab) if lab else None

    def of_name(self, name: str) -> str | None:
        """The lab of a bare model name (a LiteLLM key, a Bedrock `anthropic.claude-...` id)."""
        base = GEO_ROUTE.sub("", name.lower().rsplit("/", 1)[-1])
        bedrock = BEDROCK.match(base)
        if bedrock and self.of_vendor(bedrock.group(1)):
            return self.of_vendor(bedrock.group(1))
        lab = next((lab for lab, (_, _, names) in KNOWN_LABS.items() if names and base.startswith(names)), None)
        return self.alias.get(lab, lab) if lab else None


def lab_record(lab: str, source: str) -> dict[str, object]:
    """A provider record for a known lab the KB does not describe yet."""
    name = KNOWN_LABS[lab][0]
    return {"name": name, "roles": ["lab"], "description": f"{name}, a lab whose models were imported; details "
            "not yet curated.", "sources": [source]}
