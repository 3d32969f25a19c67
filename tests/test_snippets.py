"""Every code block on the site runs, exactly as shown, against the fake providers (or, with --live, the real APIs)."""

from __future__ import annotations

import functools
import http.server
import os
import re
import threading
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from urllib.parse import quote

import pytest
from conftest import KB_TODAY, KB_VALIDATES, REPO

from generators.kb import current
from generators.kb.link import KB
from generators.kb.validate import validate_kb
from generators.live import snippets
from generators.live.fakes.providers import FakeProviders, Scenario
from generators.site.export import write_api
from generators.site.render import render_site
from tests.snippet_runner import Block, collect, fake_environment, one_per_shape, required_keys, run_all, run_block


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def kb() -> KB:
    return validate_kb(REPO / "kb", KB_VALIDATES)[0]


@pytest.fixture(scope="module")
def docs(kb: KB, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("docs")
    render_site(kb, out, KB_TODAY)
    write_api(kb, out / "api" / "v1", KB_TODAY)
    return out


@pytest.fixture(scope="module")
def site_url(docs: Path) -> Iterator[str]:
    """The rendered docs, JSON API included, served on 127.0.0.1 for the Data page's examples."""
    handler = functools.partial(QuietHandler, directory=str(docs))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def fakes(kb: KB) -> Iterator[FakeProviders]:
    server = FakeProviders.from_kb(kb, on=KB_TODAY)
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def blocks(docs: Path) -> list[Block]:
    return collect(docs)


@pytest.fixture(scope="module")
def env(request: pytest.FixtureRequest, kb: KB, fakes: FakeProviders, blocks: list[Block],
        site_url: str) -> dict[str, str]:
    if request.config.getoption("--live"):
        return {**os.environ, "FRONTIER_SITE": site_url}
    return {**fake_environment(kb, fakes, blocks), "FRONTIER_SITE": site_url}


def block_on(blocks: list[Block], page: str, needle: str) -> Block:
    return next(b for b in blocks if page in b.pages and needle in b.code)


@pytest.fixture
def fakes_only(request: pytest.FixtureRequest) -> None:
    """Tests that steer the fakes (faults, structured answers, exact usage) mean nothing against the real APIs."""
    if request.config.getoption("--live"):
        pytest.skip("steers the fake providers; not run with --live")


def run_or_skip(block: Block, env: dict[str, str]):
    """Run a block; with --live, a block whose keys are not set is skipped, not failed."""
    result = run_block(block, env)
    if result.skipped:
        pytest.skip(f"{block.page}: {result.skipped}")
    return result


def test_the_site_shows_code_for_every_provider_with_an_offering(blocks: list[Block], kb: KB) -> None:
    pages = {page for b in blocks for page in b.pages}
    for provider in kb.providers:
        # a cloud with no fixed endpoint or key (Vertex AI's per-project OAuth, Azure's per-resource hosts) has no
        # runnable snippet; every provider whose record says where and how to call it does
        callable_ = provider.auth is not None and bool(provider.api_base_url or provider.openai_compatible_base_url)
        if callable_ and any(o.lifecycle.status != "retired" for o in kb.offerings_of_provider(provider.id)):
            assert f"providers/{provider.id}.md" in pages, provider.id
    assert {b.language for b in blocks} == {"python", "bash"}
    assert len(blocks) >= 40


def test_every_snippet_runs_and_gets_an_answer(request: pytest.FixtureRequest, blocks: list[Block],
                                               env: dict[str, str]) -> None:
    live = request.config.getoption("--live")
    chosen = blocks if live else one_per_shape(blocks)
    assert len(chosen) >= 20 and {b.page.split("/")[0] for b in chosen} >= {"providers", "code"}
    results = run_all(chosen, env)
    failures = [f"{r.block.page} ({r.block.language}): exit {r.returncode}\n{r.output[-800:]}"
                for r in results if not r.skipped and r.returncode != 0]
    assert failures == [], "\n\n".join(failures)
    calling = [r for r in results if required_keys(r.block.code)]
    if live and all(r.skipped for r in calling):
        pytest.fail(f"--live ran none of the {len(calling)} blocks that call a provider: set at least one key")
    if not live:
        assert all(not r.skipped for r in results)
        silent = [r.block.page for r in results
                  if "Hello from the fake" not in r.output and not r.block.page.startswith("data/")]
        assert silent == [], "every snippet prints the model's answer"


def test_the_comparison_loop_asks_every_provider(blocks: list[Block], env: dict[str, str], kb: KB,
                                                 fakes_only: None) -> None:
    result = run_block(block_on(blocks, "code/index.md", "PROVIDERS = ["), env)
    assert result.returncode == 0, result.output
    for provider in ("OpenAI", "Anthropic", "Together AI", "Groq", "Mistral AI", "Google DeepMind"):
        assert f"--- {provider} (" in result.output


def test_the_failover_wrapper_moves_to_the_fallback_when_the_primary_is_rate_limited(
        blocks: list[Block], env: dict[str, str], fakes: FakeProviders, fakes_only: None) -> None:
    block = block_on(blocks, "code/index.md", "def chat_json")
    fakes.scenarios["openai"] = Scenario("429", retry_after=0, times=4)
    fakes.structured = {"anthropic": '{"city": "Paris"}'}
    try:
        result = run_block(block, env)
    finally:
        fakes.scenarios.pop("openai", None)
        fakes.structured = {}
    assert result.returncode == 0, result.output
    assert "[fallback] Hello from the fake anthropic API" in result.output
    assert "[fallback] structured answer: {'city': 'Paris'}" in result.output


def test_the_failover_wrapper_reroutes_structured_output_that_does_not_parse(
        blocks: list[Block], env: dict[str, str], fakes: FakeProviders, fakes_only: None) -> None:
    block = block_on(blocks, "code/index.md", "def chat_json")
    outputs = []
    for primary in ("Sure! Here is the JSON: {city: Paris}", '{"town": "Paris"}', '{"city": "Lyon"}'):
        fakes.structured = {"openai": primary, "anthropic": '{"city": "Paris"}'}
        try:
            result = run_block(block, env)
        finally:
            fakes.structured = {}
        assert result.returncode == 0, result.output
        outputs.append(next(line for line in result.output.splitlines() if "structured answer" in line))
    assert outputs == ["[fallback] structured answer: {'city': 'Paris'}",
                       "[fallback] structured answer: {'city': 'Paris'}",
                       "[primary] structured answer: {'city': 'Lyon'}"]


def test_the_data_page_examples_read_the_published_api(blocks: list[Block], env: dict[str, str]) -> None:
    index = run_or_skip(block_on(blocks, "data/index.md", "index.json"), env)
    assert index.returncode == 0 and '"models"' in index.output
    models = run_or_skip(block_on(blocks, "data/index.md", "def get("), env)
    assert models.returncode == 0, models.output
    assert "Llama 3.1 8B 128000" not in models.output  # restricted weights (Llama licence), not open
    assert "Mistral 7B" not in models.output  # open, but an 8K context
    # GPT-4o: the reading of OpenAI's pricing page of 2026-01-24, at the $2.50 / $10 in force since 2024-08-06
    assert "Qwen2.5 7B 131072" in models.output and "openai--gpt-4o observed 2026-01-24 2.5 10.0" in models.output
    assert "openai--o1 " not in models.output  # retired 2026-10-23: no price in force, though its history has one


def test_a_snippet_for_a_model_the_provider_no_longer_serves_fails_with_the_providers_error(
        blocks: list[Block], env: dict[str, str], fakes: FakeProviders, fakes_only: None) -> None:
    block = next(b for b in blocks if "providers/mistral.md" in b.pages and b.language == "bash")
    saved = fakes.catalog["mistral"]
    fakes.catalog["mistral"] = []
    try:
        result = run_block(block, env)
    finally:
        fakes.catalog["mistral"] = saved
    assert result.returncode != 0 and '"type": "invalid_model"' in result.output


def test_the_latency_and_cost_script_uses_current_prices(blocks: list[Block], env: dict[str, str], kb: KB,
                                                         fakes_only: None) -> None:
    block = block_on(blocks, "code/index.md", "CONFIGS = [")
    found = re.findall(r'"provider": "([^"]+)", "model": "([^"]+)", "in_per_1m": ([0-9.]+), "out_per_1m": ([0-9.]+)',
                       block.code)
    configs = [(api_id, in_price, out_price) for _, api_id, in_price, out_price in found]
    assert len(configs) >= 2
    for provider, api_id, in_price, out_price in found:  # an API id may be served by several providers
        live = [p for o in kb.offerings if (o.provider, o.api_ids[0]) == (provider, api_id)
                and (p := current.priced_if_live(kb, o, KB_TODAY))]
        assert [(p.input, p.output) for p in live] == [(Decimal(in_price), Decimal(out_price))], api_id
    result = run_block(block, env)
    assert result.returncode == 0, result.output
    rows = [line.split() for line in result.output.splitlines() if line.split()[:1] and "$" in line]
    costs = {row[0]: (float(row[2].lstrip("$")), int(row[3])) for row in rows}
    assert set(costs) == {api_id for api_id, _, _ in configs}, rows
    assert all(cost > 0 for cost, _ in costs.values()), "a cost of $0 means the prices never reached the script"
    for api_id, in_price, out_price in configs:
        cost, tokens_out = costs[api_id]
        # The prompt is a few words (the fakes bill 12 to 15 input tokens); the answer's tokens are printed.
        low = round((10 * float(in_price) + tokens_out * float(out_price)) / 1e6, 6)
        high = round((20 * float(in_price) + tokens_out * float(out_price)) / 1e6, 6)
        assert low <= cost <= high, f"{api_id}: {cost} is not the listed prices times the tokens"


def test_every_snippet_declares_the_provider_and_model_it_calls(kb: KB) -> None:
    """kb check's retired-in-snippet trusts the calls a snippet declares (it used to search the code for a quoted id,
    which missed Bedrock's ids in URL paths and took Groq's live openai/gpt-oss-20b for Together's retired one):
    each named model id is in its code, and its provider is one whose base URL the code reads."""
    env = snippets.environment()
    made = [s for o in kb.offerings if current.is_live(o, KB_TODAY) for s in snippets.for_offering(kb, o, env)]
    made += [snippet for _, _, snippet in snippets.patterns(kb, KB_TODAY)]
    served = {(o.provider, api_id) for o in kb.offerings for api_id in o.api_ids}
    assert len(made) > 100
    for snippet in made:
        assert snippet.calls, snippet.title
        for provider, api_id in snippet.calls:
            # quoted, or in a URL path (Bedrock's, percent-encoded; Gemini's)
            assert api_id in snippet.code or quote(api_id, safe="") in snippet.code, (provider, api_id)
            assert provider in {owner for owner, _ in snippet.env.values()}, (provider, api_id, snippet.env)
            assert (provider, api_id) in served, "an offering of that provider under that id"
    groq = next(o for o in kb.offerings if o.id == "groq--gpt-oss-20b")
    assert {tuple(s.calls) for s in snippets.for_offering(kb, groq, env)} == {(("groq", "openai/gpt-oss-20b"),)}


def test_an_offering_the_providers_endpoints_do_not_serve_gets_no_code(kb: KB) -> None:
    """A partner model reached through another API on the platform (Claude on Azure AI Foundry) must not be shown
    calling the provider's OpenAI endpoint: no code at all, while the same offering served there gets its snippets."""
    env = snippets.environment()
    groq = next(o for o in kb.offerings if o.id == "groq--gpt-oss-20b")
    titles = {s.title for s in snippets.for_offering(kb, groq, env)}
    assert titles == {"Python (groq SDK)", "Python (OpenAI-compatible)", "curl"}
    elsewhere = groq.model_copy(update={"on_provider_endpoints": False})
    assert snippets.for_offering(kb, elsewhere, env) == []
    # Foundry's Claude offerings are its cheapest (Haiku 5.5 at $0.10 input), yet its page and the comparison loop
    # show a model its OpenAI endpoint serves
    claude = [o for o in kb.offerings_of_provider("azure-ai-foundry") if o.model.startswith("claude-")]
    assert claude and not any(o.on_provider_endpoints for o in claude)
    shown = snippets.representative(kb, "azure-ai-foundry", KB_TODAY)
    assert shown is not None and not shown.model.startswith("claude-")
    assert not any(p.offering.model.startswith("claude-")
                   for p in snippets.callable_offerings(kb, "azure-ai-foundry", KB_TODAY))
