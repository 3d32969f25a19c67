"""KV-cache arithmetic for the attention designs frontier models use now: multi-head latent attention and hybrid
linear/full attention, from the architectures recorded in kb/ (figures from DeepSeek's V3 report and Qwen's
Qwen3-Next model card, written here), beside the GQA arithmetic it extends."""

from __future__ import annotations

import pytest
from conftest import KB_VALIDATES, REPO

from generators.kb.link import KB
from generators.kb.validate import validate_kb
from generators.site import serving


@pytest.fixture(scope="module")
def kb() -> KB:
    linked, issues = validate_kb(REPO / "kb", KB_VALIDATES)
    assert issues == []
    return linked


def test_mla_caches_one_latent_vector_per_layer(kb: KB) -> None:
    # DeepSeek-V3/R1: 61 layers, latent 512 + RoPE key 64, 128 heads of 128, 131,072-token context
    kv = serving.kv_cache(kb, kb.get("models", "deepseek-r1"))
    assert kv is not None
    assert kv.bytes_per_token == 61 * 576 * 2 == 70_272
    assert kv.mha_bytes_per_token == 2 * 61 * 128 * 128 * 2
    assert round(kv.reduction or 0) == 57
    assert (kv.session_tokens, kv.sessions_per_gpu) == (128_000, 80 * 10**9 // (70_272 * 128_000)) == (128_000, 8)


def test_a_hybrid_model_caches_only_its_full_attention_layers(kb: KB) -> None:
    # Qwen3-Next-80B-A3B: 48 layers, 12 of them gated full attention with 2 KV heads of 256
    kv = serving.kv_cache(kb, kb.get("models", "qwen3-next-80b-a3b-instruct"))
    assert kv is not None
    assert kv.bytes_per_token == 12 * 2 * 2 * 256 * 2 == 24_576
    assert kv.mha_bytes_per_token == 2 * 48 * 16 * 256 * 2  # every layer, one K/V head per query head
    assert round(kv.reduction or 0) == 32 and kv.sessions_per_gpu == 25


def test_the_attention_page_describes_mla_hybrid_and_sparse_attention(kb: KB) -> None:
    variants = {v.id: v.abbreviation for v in kb.attention}
    assert {"mla": "MLA", "hybrid-linear": "Hybrid", "nsa": "NSA"}.items() <= variants.items()
