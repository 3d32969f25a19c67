"""What serving a model costs in accelerator memory: KV-cache bytes per token, the weights, and concurrent sessions.

One unit system: decimal gigabytes (1 GB = 10^9 bytes), as accelerator memory is sold (an "80 GB" GPU).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..kb import current
from ..kb.link import KB
from ..kb.records import Model

BYTES_PER_VALUE = 2
"""16-bit (fp16/bf16) keys, values and weights; quantised serving needs less."""
GB = 10**9
GPU_BYTES = 80 * GB
"""One 80 GB accelerator (H100/A100 80GB)."""
SESSION_TOKENS = 128_000
"""A long session: 128K tokens, or the model's whole context window when that is shorter."""

FORMULA = ("Assumptions: 16-bit keys, values and weights; 1 GB = 10^9 bytes. "
           "KV bytes per token = 2 (K and V) × layers × KV heads × head dim × 2 bytes; with multi-head latent "
           "attention, layers × latent width × 2 bytes (one compressed vector per layer stands for all keys and "
           "values); in a hybrid model only the full-attention layers count, the linear ones keeping a fixed-size "
           "state whatever the context. "
           "A session holds min(128K, the model's context window) tokens, and a sliding window caps the cached "
           "tokens at the window size. Sessions per 80 GB counts KV cache only, as if the weights sat on other "
           "GPUs; where the 16-bit weights fit on one 80 GB GPU, the sessions that fit beside them are given too.")


@dataclass(frozen=True)
class KVCache:
    model: Model
    bytes_per_token: int
    session_tokens: int
    """Tokens in one long session: 128K, or the context window when shorter."""
    cached_tokens: int
    """Tokens whose keys and values are held per session (fewer under a sliding window)."""
    sessions_per_gpu: int
    """Sessions whose KV cache fits in 80 GB, weights held elsewhere."""
    mha_bytes_per_token: int | None
    """What the same model would need with one K/V head per query head in every layer (unknown without the query
    heads and head dim)."""
    weights_gb: float | None
    """16-bit weights, where the parameter count is published."""
    sessions_beside_weights: int | None
    """Sessions that fit in 80 GB next to the weights; None when the weights alone exceed 80 GB or are unknown."""

    @property
    def reduction(self) -> float | None:
        return self.mha_bytes_per_token / self.bytes_per_token if self.mha_bytes_per_token else None

    @property
    def session_gb(self) -> float:
        return self.bytes_per_token * self.cached_tokens / GB


def kv_cache(kb: KB, model: Model) -> KVCache | None:
    """KV-cache figures for a model whose cached width per layer is published: KV heads and head dim, or the latent
    width of multi-head latent attention; None otherwise."""
    arch = model.architecture
    if arch is None or not arch.layers:
        return None
    if arch.kv_latent_dim:
        per_layer = arch.kv_latent_dim
    elif arch.kv_heads and arch.head_dim:
        per_layer = 2 * arch.kv_heads * arch.head_dim
    else:
        return None
    per_token = (arch.full_attention_layers or arch.layers) * per_layer * BYTES_PER_VALUE
    window = current.headline(kb, model.context_window)
    session = min(SESSION_TOKENS, window.value) if window else SESSION_TOKENS
    cached = min(session, arch.sliding_window) if arch.sliding_window else session
    mha = 2 * arch.layers * arch.query_heads * arch.head_dim * BYTES_PER_VALUE \
        if arch.query_heads and arch.head_dim else None
    params = model.parameters.total_b if model.parameters and model.parameters.total_b else None
    weights = params * 1e9 * BYTES_PER_VALUE if params else None
    beside = int((GPU_BYTES - weights) // (per_token * cached)) if weights and weights < GPU_BYTES else None
    return KVCache(model, per_token, session, cached, GPU_BYTES // (per_token * cached), mha,
                   weights / GB if weights else None, beside)
