"""Models: lab-level facts about one model, independent of who serves it."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Annotated, Literal

from pydantic import Field, model_validator

from .base import (
    Count,
    Date,
    KBModel,
    Path,
    Prose,
    Record,
    Reference,
    Slug,
    Sourced,
    SourceRefs,
    Text,
    TokensFact,
    empty,
    facts_references,
    source_refs,
)

Modality = Literal["text", "image", "audio", "video", "pdf", "code"]
TrainingStage = Literal[
    "pretraining", "sft", "rlhf", "rlaif", "constitutional-ai", "dpo", "reasoning-rl", "distillation"
]


class Parameters(Sourced):
    """Parameter counts, in billions. Many labs do not disclose them; say so rather than guess."""

    disclosed: bool
    """Whether the lab has published the parameter count."""
    total_b: Annotated[float, Field(gt=0, le=100_000)] | None = None
    """Total parameters, in billions."""
    active_b: Annotated[float, Field(gt=0, le=100_000)] | None = None
    """Parameters active per token, in billions (MoE models); equals total for dense models."""

    @model_validator(mode="after")
    def _consistent(self) -> Parameters:
        if self.disclosed and self.total_b is None:
            raise ValueError("`disclosed: true` needs `total_b`; set `disclosed: false` if the lab has not said")
        if self.total_b and self.active_b and self.active_b > self.total_b:
            raise ValueError("`active_b` cannot exceed `total_b`")
        return self


class AttentionClaim(Sourced):
    """Which attention variant(s) a model uses, and how sure anyone can be."""

    variants: Annotated[list[Slug], Field(min_length=1)]
    """Ids of attention-variant records (e.g. [gqa, swa]); list both candidates when it is one of two."""
    confidence: Literal["published", "inferred", "undisclosed"]
    """`published`: the lab says so; `inferred`: deduced by others from evidence; `undisclosed`: unknown."""
    implication: Prose | None = None
    """What this means for serving the model (KV-cache size, context, batch sizes)."""


class Architecture(KBModel):
    """What is known of the model's architecture."""

    type: Literal["dense", "moe", "undisclosed"]
    """Dense transformer, mixture-of-experts, or not disclosed."""
    experts_total: Count | None = None
    """Number of experts per MoE layer, where published."""
    experts_active: Count | None = None
    """Experts routed to per token."""
    attention: list[AttentionClaim] = empty()
    """Claims about the attention variant, each with its confidence and source."""
    layers: Count | None = None
    """Number of transformer layers, where published."""
    query_heads: Count | None = None
    """Attention (query) heads per layer, where published."""
    kv_heads: Count | None = None
    """Key/value heads per layer, where published (equals query_heads for MHA, 1 for MQA)."""
    head_dim: Count | None = None
    """Dimension of each attention head, where published."""
    sliding_window: Count | None = None
    """Attention window in tokens for sliding-window attention, where published."""
    kv_latent_dim: Count | None = None
    """For multi-head latent attention: the width of the compressed key-value latent cached per token and layer,
    the decoupled positional key included (DeepSeek-V3: 512 + 64 = 576), in place of keys and values per head."""
    full_attention_layers: Count | None = None
    """For hybrid models that mix linear (or recurrent) attention with full attention: the full-attention layers,
    the only ones whose cache grows with the context (the others keep a fixed-size state)."""
    multimodality: Literal["native", "bolt-on", "text-only"]
    """`native`: all modalities trained jointly; `bolt-on`: a separate encoder adapted to an LLM; `text-only`."""
    sources: list[Slug] = empty()
    """Sources for the layer, head and expert counts and the multimodality claim."""

    @model_validator(mode="after")
    def _consistent(self) -> Architecture:
        if self.type != "moe" and (self.experts_total or self.experts_active):
            raise ValueError("`experts_total`/`experts_active` only apply to `type: moe`")
        if self.experts_total and self.experts_active and self.experts_active > self.experts_total:
            raise ValueError("`experts_active` cannot exceed `experts_total`")
        if self.kv_heads and self.query_heads and self.kv_heads > self.query_heads:
            raise ValueError("`kv_heads` cannot exceed `query_heads`")
        return self


class Modalities(KBModel):
    """What the model takes in and gives out."""

    input: Annotated[list[Modality], Field(min_length=1)]
    """Input modalities."""
    output: Annotated[list[Modality], Field(min_length=1)]
    """Output modalities."""


class Capabilities(KBModel):
    """Capabilities as the lab documents them. Omit what is not documented."""

    reasoning_mode: bool | None = None
    """Has an extended thinking / reasoning mode that spends extra inference compute."""
    tool_use: bool | None = None
    """Supports function / tool calling."""
    structured_output: bool | None = None
    """Supports JSON mode or schema-constrained output."""
    vision: bool | None = None
    """Understands images."""
    fine_tuning: bool | None = None
    """Can be fine-tuned (by the lab's API or, for open weights, by anyone)."""
    citations: bool | None = None
    """Produces grounded answers with citations to supplied documents."""


class Model(Record):
    """A model as its lab released it: lab-level facts, whoever serves it."""

    kind = "models"

    name: Text
    """The model's name as the lab writes it, e.g. `GPT-4o`, `Claude 3.5 Sonnet`."""
    family: Text
    """The model family, e.g. `GPT-4o`, `Claude`, `Gemini`, `Llama 3.1`."""
    tier: Text | None = None
    """Tier within the family, where the lab names one (Flash, Pro, Haiku, Sonnet, Opus, mini)."""
    lab: Slug
    """Id of the provider record of the lab that trained it."""
    description: Prose | None = None
    """A sentence or two on what the model is and what it is for."""
    released: Date | None = None
    """Date of first public release (API or weights)."""
    weights: Literal["open", "closed", "restricted", "unknown"]
    """`open`: downloadable under a permissive licence; `restricted`: downloadable with use restrictions;
    `unknown`: not yet established (imported records)."""
    license: Text | None = None
    """Licence of the weights, e.g. `Apache-2.0`, `Llama 3.1 Community License`, `Proprietary`."""
    parameters: Parameters | None = None
    """Parameter counts, with sources."""
    architecture: Architecture | None = None
    """Architecture facts, with sources."""
    context_window: list[TokensFact] = empty()
    """Context window in tokens, as dated sourced facts. Where sources disagree, list each."""
    max_output: list[TokensFact] = empty()
    """Maximum output tokens per response, as dated sourced facts."""
    modalities: Modalities | None = None
    """Input and output modalities."""
    capabilities: Capabilities | None = None
    """Documented capabilities."""
    training: list[TrainingStage] = empty()
    """Training stages the lab describes (pretraining, SFT, RLHF, Constitutional AI, DPO, ...)."""
    knowledge_cutoff: Date | None = None
    """Training-data cutoff (first day of the month when only the month is known)."""
    sources: SourceRefs
    """Sources for the facts that have no source of their own (name, release date, weights, licence...)."""

    def references(self) -> Iterator[Reference]:
        yield ("lab",), "providers", self.lab
        if self.parameters:
            yield from self.parameters.source_references(("parameters",))
        if self.architecture:
            for index, claim in enumerate(self.architecture.attention):
                path: Path = ("architecture", "attention", index)
                for v_index, variant in enumerate(claim.variants):
                    yield (*path, "variants", v_index), "attention", variant
                yield from claim.source_references(path)
            yield from source_refs(("architecture", "sources"), self.architecture.sources)
        yield from facts_references(("context_window",), self.context_window)
        yield from facts_references(("max_output",), self.max_output)
        yield from source_refs(("sources",), self.sources)

    def dates(self) -> Iterator[tuple[Path, datetime.date]]:
        if self.released:
            yield ("released",), self.released
        if self.knowledge_cutoff:
            yield ("knowledge_cutoff",), self.knowledge_cutoff
        for field in ("context_window", "max_output"):
            for index, fact in enumerate(getattr(self, field)):
                if fact.as_of:
                    yield (field, index, "as_of"), fact.as_of
