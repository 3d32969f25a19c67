"""What serving a model costs in accelerator memory: KV-cache bytes per token, the weights, and concurrent sessions.

One unit system: decimal gigabytes (1 GB = 10^9 bytes), as accelerator memory is sold (an "80 GB" GPU).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..kb import evidence
from ..kb.link import KB
from ..kb.records import Model

BYTES_PER_VALUE = 2
"""16-bit (fp16/bf16) keys, values and weights; quantised serving needs less."""
GB = 10**9


@dataclass(frozen=True)
class Accelerator:
    name: str
    gb: int
    """Memory, in decimal GB as sold."""

    @property
    def label(self) -> str:
        return f"{self.gb} GB ({self.name})"


ACCELERATORS = (Accelerator("H100 or A100 80GB", 80), Accelerator("H200", 141), Accelerator("B200", 192))
"""Memory sizes of the accelerators most frontier models are served on; the first is the headline one."""
GPU_BYTES = ACCELERATORS[0].gb * GB


@dataclass(frozen=True)
class Fit:
    """How many long sessions one accelerator holds."""

    accelerator: Accelerator
    sessions: int
    """Sessions whose KV cache fits in its memory, weights held elsewhere."""
    beside_weights: int | None
    """Sessions that fit next to the 16-bit weights; None when the weights alone exceed it or are unknown."""
SESSION_TOKENS = 128_000
"""A long session: 128K tokens, or the model's whole context window when that is shorter."""

FORMULA = ("Assumptions: 16-bit keys, values and weights; 1 GB = 10^9 bytes. "
           "KV bytes per token = 2 (K and V) × layers × KV heads × head dim × 2 bytes; with multi-head latent "
           "attention, layers × latent width × 2 bytes (one compressed vector per layer stands for all keys and "
           "values); in a hybrid model only the full-attention layers count, the linear ones keeping a fixed-size "
           "state whatever the context. "
           "A session holds min(128K, the model's context window) tokens, and a sliding window caps the cached "
           "tokens at the window size. Sessions per GPU count KV cache only, as if the weights sat on other GPUs, "
           "for 80 GB (H100, A100 80GB), 141 GB (H200) and 192 GB (B200) of memory; where the 16-bit weights fit "
           "on one GPU, the sessions that fit beside them are given too.")


@dataclass(frozen=True)
class KVCache:
    model: Model
    bytes_per_token: int
    session_tokens: int
    """Tokens in one long session: 128K, or the context window when shorter."""
    cached_tokens: int
    """Tokens whose keys and values are held per session (fewer under a sliding window)."""
    fits: tuple[Fit, ...]
    """Sessions per accelerator, one entry per size in ACCELERATORS."""
    mha_bytes_per_token: int | None
    """What the same model would need with one K/V head per query head in every layer (unknown without the query
    heads and head dim)."""
    weights_gb: float | None
    """16-bit weights, where the parameter count is published."""

    @property
    def sessions_per_gpu(self) -> int:
        """Sessions whose KV cache fits in 80 GB, weights held elsewhere."""
        return self.fits[0].sessions

    @property
    def sessions_beside_weights(self) -> int | None:
        """Sessions that fit in 80 GB next to the weights; None when the weights alone exceed 80 GB or are unknown."""
        return self.fits[0].beside_weights

    @property
    def reduction(self) -> float | None:
        return self.mha_bytes_per_token / self.bytes_per_token if self.mha_bytes_per_token else None

    @property
    def session_gb(self) -> float:
        return self.bytes_per_token * self.cached_tokens / GB


def figures(kb: KB, model: Model) -> KVCache | None:
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
    window = evidence.headline(kb, model.context_window)
    session = min(SESSION_TOKENS, window.value) if window else SESSION_TOKENS
    cached = min(session, arch.sliding_window) if arch.sliding_window else session
    mha = 2 * arch.layers * arch.query_heads * arch.head_dim * BYTES_PER_VALUE \
        if arch.query_heads and arch.head_dim else None
    params = model.parameters.total_b if model.parameters and model.parameters.total_b else None
    weights = params * 1e9 * BYTES_PER_VALUE if params else None
    per_session = per_token * cached
    fits = tuple(Fit(gpu, gpu.gb * GB // per_session,
                     int((gpu.gb * GB - weights) // per_session) if weights and weights < gpu.gb * GB else None)
                 for gpu in ACCELERATORS)
    return KVCache(model, per_token, session, cached, fits, mha, weights / GB if weights else None)
