"""KV-cache arithmetic for the attention designs frontier models use now: multi-head latent attention and hybrid
linear/full attention, from the architectures recorded in kb/ (figures from DeepSeek's V3 report and Qwen's
Qwen3-Next model card, written here), beside the GQA arithmetic it extends."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import KB_VALIDATES, REPO

from generators.kb.link import KB
from generators.kb.validate import validate_kb
from generators.site import kv_cache


@pytest.fixture(scope="module")
def kb() -> KB:
    linked, issues = validate_kb(REPO / "kb", KB_VALIDATES)
    assert issues == []
    return linked


def test_mla_caches_one_latent_vector_per_layer(kb: KB) -> None:
    # DeepSeek-V3/R1: 61 layers, latent 512 + RoPE key 64, 128 heads of 128, 131,072-token context
    kv = kv_cache.figures(kb, kb.get("models", "deepseek-r1"))
    assert kv is not None
    assert kv.bytes_per_token == 61 * 576 * 2 == 70_272
    assert kv.mha_bytes_per_token == 2 * 61 * 128 * 128 * 2
    assert round(kv.reduction or 0) == 57
    assert (kv.session_tokens, kv.sessions_per_gpu) == (128_000, 80 * 10**9 // (70_272 * 128_000)) == (128_000, 8)


def test_a_hybrid_model_caches_only_its_full_attention_layers(kb: KB) -> None:
    # Qwen3-Next-80B-A3B: 48 layers, 12 of them gated full attention with 2 KV heads of 256
    kv = kv_cache.figures(kb, kb.get("models", "qwen3-next-80b-a3b-instruct"))
    assert kv is not None
    assert kv.bytes_per_token == 12 * 2 * 2 * 256 * 2 == 24_576
    assert kv.mha_bytes_per_token == 2 * 48 * 16 * 256 * 2  # every layer, one K/V head per query head
    assert round(kv.reduction or 0) == 32 and kv.sessions_per_gpu == 25


def test_sessions_are_counted_for_each_accelerator_size(kb: KB) -> None:
    # R1: 70,272 bytes x 128,000 tokens = 8.99 GB a session; its 671B 16-bit weights (1,342 GB) fit on none.
    r1 = kv_cache.figures(kb, kb.get("models", "deepseek-r1"))
    assert r1 is not None
    assert [(f.accelerator.gb, f.sessions, f.beside_weights) for f in r1.fits] == \
        [(80, 8, None), (141, 15, None), (192, 21, None)]
    # Qwen3-Next: 24,576 x 128,000 = 3.15 GB a session; 80B weights take 160 GB, which only the 192 GB GPU holds,
    # with 32 GB left: 10 sessions.
    qwen = kv_cache.figures(kb, kb.get("models", "qwen3-next-80b-a3b-instruct"))
    assert qwen is not None
    assert [(f.accelerator.gb, f.sessions, f.beside_weights) for f in qwen.fits] == \
        [(80, 25, None), (141, 44, None), (192, 61, 10)]


def test_a_model_page_gives_the_sessions_for_each_size(built_real_site: Path) -> None:
    page = (built_real_site / "models" / "qwen3-next-80b-a3b-instruct.html").read_text(encoding="utf-8")
    text = re.sub(r"<[^>]+>", "", page)
    assert "25 such sessions per 80 GB of KV memory (44 per 141 GB (H200), 61 per 192 GB (B200))" in text
    assert "leaving room beside them on one GPU for 10 sessions in 192 GB (B200)." in text
    # written as the HTML link Markdown would make (a Markdown link was mkdocs' work on every model page)
    assert '<a href="../attention/index.html#kv-cache-per-model">how this is computed</a>.' in page
    attention = (built_real_site / "attention" / "index.html").read_text(encoding="utf-8")
    assert 'id="kv-cache-per-model"' in attention


def test_the_attention_page_describes_mla_hybrid_and_sparse_attention(kb: KB) -> None:
    variants = {v.id: v.abbreviation for v in kb.attention}
    assert {"mla": "MLA", "hybrid-linear": "Hybrid", "nsa": "NSA"}.items() <= variants.items()
