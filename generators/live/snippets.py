"""Runnable code snippets generated from provider and offering records, and the seeds' multi-provider patterns.

Every snippet reads its API key from the provider's documented variable and its base URL from an environment
variable that defaults to the real endpoint, so the same code runs against the real API or, in tests, against
the fake providers. Values reach the code only through `repr()` (Python) or `shlex.quote` (shell), and model ids
and URLs are pattern-checked by the schema before that.
"""

from __future__ import annotations

import datetime
import json
import re
import shlex
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlsplit

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markdown_it import MarkdownIt

from ..escape import code_comment, one_line, shell_double_quoted
from ..kb.current import Priced, is_live, live_priced
from ..kb.link import KB
from ..kb.records import Model, Offering, Provider

TEMPLATES = Path(__file__).parent / "templates"
PROMPT = "Define entropy in one sentence."
SDKS = {
    "openai": ("sdk_openai.py.j2", "OPENAI_BASE_URL", "api"),
    "anthropic": ("sdk_anthropic.py.j2", "ANTHROPIC_BASE_URL", "origin"),
    "groq": ("sdk_groq.py.j2", "GROQ_BASE_URL", "origin"),
    "mistralai": ("sdk_mistral.py.j2", "MISTRAL_BASE_URL", "origin"),
    "google-genai": ("sdk_google.py.j2", "GOOGLE_GEMINI_BASE_URL", "origin"),
    "cohere": ("sdk_cohere.py.j2", "COHERE_BASE_URL", "origin"),
}
"""Official SDK (PyPI name) -> its template, the variable overriding its base URL, and whether that base is the
API base URL or just the origin (SDKs that add the version path themselves)."""
NATIVE_CURL = {"anthropic": ("curl_anthropic.sh.j2", "ANTHROPIC_BASE_URL"),
               "google-genai": ("curl_google.sh.j2", "GOOGLE_GEMINI_BASE_URL"),
               "cohere": ("curl_cohere.sh.j2", "COHERE_BASE_URL"), "boto3": ("curl_bedrock.sh.j2", "BEDROCK_BASE_URL")}
"""Official SDK of a provider with a native API -> the curl template for it and the variable overriding its origin
(Bedrock's is boto3, whose SigV4 signing has no short snippet: its runtime takes an API key as a Bearer token)."""


@dataclass
class Snippet:
    title: str
    language: str
    code: str
    env: dict[str, tuple[str, str]] = field(default_factory=dict)
    """Base-URL variable -> (provider id, the real URL it defaults to)."""
    keys: list[str] = field(default_factory=list)
    """API-key variables the code reads."""
    calls: list[tuple[str, str]] = field(default_factory=list)
    """(provider id, model id) of every model the code calls: one API id can name different offerings at different
    providers, one of them retired (`kb check`'s retired-in-snippet)."""


def environment() -> Environment:
    env = Environment(loader=FileSystemLoader(TEMPLATES), undefined=StrictUndefined, autoescape=False,
                      keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True)
    env.filters.update(py=python_literal, sh=shlex.quote, comment=code_comment, dq=shell_double_quoted,
                       urlpath=lambda value: quote(str(value), safe=""))
    return env


def python_literal(value: object) -> str:
    """A Python literal for a value; strings as JSON (valid Python, double quotes) with non-ASCII characters kept
    as written: JSON's \\u escapes would split an emoji into two surrogates, which Python does not rejoin."""
    return json.dumps(value, ensure_ascii=False) if isinstance(value, str) else repr(value)


def compat_env(provider: Provider) -> str:
    if provider.id == "openai":
        return "OPENAI_BASE_URL"
    return provider.env_prefix + "_OPENAI_BASE_URL"


def origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def chat_payload(api_id: str, native: str | None) -> str:
    if native == "google-genai":
        body: dict[str, object] = {"contents": [{"parts": [{"text": PROMPT}]}],
                                   "generationConfig": {"maxOutputTokens": 64}}
    elif native == "boto3":  # Bedrock's Converse API: the model is in the path
        body = {"messages": [{"role": "user", "content": [{"text": PROMPT}]}], "inferenceConfig": {"maxTokens": 64}}
    else:
        body = {"model": api_id, "max_tokens": 64, "messages": [{"role": "user", "content": PROMPT}]}
    return json.dumps(body)


def for_offering(kb: KB, offering: Offering, env: Environment | None = None) -> list[Snippet]:
    """Official SDK, OpenAI-compatible client and curl, for one offering (whichever the provider supports)."""
    env = env or environment()
    provider = kb.get("providers", offering.provider)
    if not isinstance(provider, Provider) or provider.auth is None or not offering.on_provider_endpoints:
        return []
    api_id, key = offering.api_ids[0], provider.auth.env_var
    calls = [(provider.id, api_id)]
    out: list[Snippet] = []
    # Providers whose official SDK is OpenAI's own (OpenRouter, DeepSeek) are called through the compatible endpoint.
    sdk = SDKS.get(provider.python_sdk or "") if provider.python_sdk != "openai" or provider.id == "openai" else None
    if sdk and provider.api_base_url:
        template, variable, base = sdk
        root = provider.api_base_url if base == "api" else origin(provider.api_base_url)
        code = env.get_template(template).render(api_id=api_id, root=root)
        out.append(Snippet(f"Python ({provider.python_sdk} SDK)", "python", code, {variable: (provider.id, root)},
                           [key], calls))
    if provider.openai_compatible_base_url and provider.id != "openai":
        variable = compat_env(provider)
        code = env.get_template("openai_compatible.py.j2").render(provider=provider, api_id=api_id,
                                                                   env_compat=variable)
        out.append(Snippet("Python (OpenAI-compatible)", "python", code,
                           {variable: (provider.id, provider.openai_compatible_base_url)}, [key], calls))
    native = provider.python_sdk if provider.python_sdk in NATIVE_CURL else None
    if native and provider.api_base_url:
        root = origin(provider.api_base_url)
        template, variable = NATIVE_CURL[native]
        code = env.get_template(template).render(api_id=api_id, root=root, key=key,
                                                 payload=chat_payload(api_id, native))
        out.append(Snippet("curl", "bash", code, {variable: (provider.id, root)}, [key], calls))
    elif provider.openai_compatible_base_url:
        variable = compat_env(provider)
        code = env.get_template("curl_openai.sh.j2").render(provider=provider, env_compat=variable,
                                                           payload=chat_payload(api_id, None))
        out.append(Snippet("curl", "bash", code, {variable: (provider.id, provider.openai_compatible_base_url)},
                           [key], calls))
    return out


# ---------------------------------------------------------------- choosing offerings


def served(offerings: list[Offering]) -> list[Offering]:
    """The offerings their provider's own endpoints serve (`Offering.on_provider_endpoints`): the ones code can call."""
    return [o for o in offerings if o.on_provider_endpoints]


def callable_offerings(kb: KB, provider_id: str, today: datetime.date) -> list[Priced]:
    """A provider's offerings its endpoints serve that are live and priced today, cheapest first."""
    return live_priced(kb, served(kb.offerings_of_provider(provider_id)), today)


def code_target(kb: KB, offerings: list[Offering], today: datetime.date) -> Offering | None:
    """The offering a page shows code for: of those its provider's endpoints serve, the cheapest live priced one, else
    any live one."""
    callable_ = served(offerings)
    priced = live_priced(kb, callable_, today)
    return priced[0].offering if priced else next((o for o in callable_ if is_live(o, today)), None)


def representative(kb: KB, provider_id: str, today: datetime.date) -> Offering | None:
    """The offering a provider's page shows code for."""
    return code_target(kb, kb.offerings_of_provider(provider_id), today)


def flagship(kb: KB, priced: list[Priced]) -> Priced | None:
    """The most expensive general model (no reasoning mode), else the most expensive of any."""
    def reasons(p: Priced) -> bool:
        model = kb.get("models", p.offering.model)
        return bool(isinstance(model, Model) and model.capabilities and model.capabilities.reasoning_mode)

    general = [p for p in priced if not reasons(p)]
    pool = general or priced
    return max(pool, key=lambda p: (p.input, p.offering.id)) if pool else None


Pattern = tuple[str, str, Snippet]
"""(heading, explanation, snippet)."""


def patterns(kb: KB, today: datetime.date) -> list[Pattern]:
    """(heading, explanation, snippet) for the seeds' patterns, driven by the KB. Patterns whose providers have
    no callable priced offering are left out."""
    env = environment()
    openai_p, anthropic_p = kb.get("providers", "openai"), kb.get("providers", "anthropic")
    openai = callable_offerings(kb, "openai", today)
    anthropic = callable_offerings(kb, "anthropic", today)
    pair = (openai_p, anthropic_p) if isinstance(openai_p, Provider) and isinstance(anthropic_p, Provider) else None
    found = [compare_pattern(kb, today, env),
             failover_pattern(kb, env, openai, anthropic, pair),
             router_pattern(kb, env, openai, openai_p if isinstance(openai_p, Provider) else None),
             benchmark_pattern(kb, env, today, openai, anthropic, pair)]
    return [pattern for pattern in found if pattern is not None]


def compare_pattern(kb: KB, today: datetime.date, env: Environment) -> Pattern | None:
    rows: list[dict[str, str]] = []
    for provider in kb.providers:
        url, auth = provider.openai_compatible_base_url, provider.auth
        priced = callable_offerings(kb, provider.id, today) if url and auth else []
        if priced and url and auth:
            rows.append({"name": provider.name, "api_id": priced[0].api_id, "key_env": auth.env_var,
                         "env": compat_env(provider), "url": url, "id": provider.id})
    if not rows:
        return None
    code = env.get_template("compare.py.j2").render(providers=rows)
    return ("Compare providers through one request shape",
            "One loop over every provider with an OpenAI-compatible endpoint, each on its cheapest current "
            "model. Providers whose key is not set are skipped.",
            Snippet("Python", "python", code, {r["env"]: (r["id"], r["url"]) for r in rows},
                    [r["key_env"] for r in rows], [(r["id"], r["api_id"]) for r in rows]))


def failover_pattern(kb: KB, env: Environment, openai: list[Priced], anthropic: list[Priced],
                     pair: tuple[Provider, Provider] | None) -> Pattern | None:
    primary = flagship(kb, openai)
    if not (primary and anthropic and pair):
        return None
    fallback = min(anthropic, key=lambda p: (abs(p.input - primary.input), p.offering.id))
    openai_url, anthropic_url = pair[0].api_base_url or "", origin(pair[1].api_base_url or "")
    code = env.get_template("failover.py.j2").render(
        primary={"label": f"OpenAI {primary.api_id}", "api_id": primary.api_id, "url": openai_url},
        fallback={"label": f"Anthropic {fallback.api_id}", "api_id": fallback.api_id, "url": anthropic_url})
    return ("Fail over between providers",
            f"OpenAI's {primary.api_id} first, Anthropic's similarly priced {fallback.api_id} when it is "
            "rate-limited or failing; structured answers are validated and rerouted when they do not parse.",
            Snippet("Python", "python", code, {"OPENAI_BASE_URL": ("openai", openai_url),
                                               "ANTHROPIC_BASE_URL": ("anthropic", anthropic_url)},
                    ["OPENAI_API_KEY", "ANTHROPIC_API_KEY"], [called(primary), called(fallback)]))


def router_pattern(kb: KB, env: Environment, openai: list[Priced], provider: Provider | None) -> Pattern | None:
    if len(openai) < 2 or provider is None:
        return None
    cheap, strong = openai[0], flagship(kb, openai[1:]) or openai[-1]
    code = env.get_template("router.py.j2").render(cheap=cheap, strong=strong, url=provider.api_base_url)
    return ("Route to the cheapest capable model",
            f"{cheap.api_id} classifies and answers simple queries; {strong.api_id} takes the rest.",
            Snippet("Python", "python", code, {"OPENAI_BASE_URL": ("openai", provider.api_base_url or "")},
                    ["OPENAI_API_KEY"], [called(cheap), called(strong)]))


def benchmark_pattern(kb: KB, env: Environment, today: datetime.date, openai: list[Priced], anthropic: list[Priced],
                      pair: tuple[Provider, Provider] | None) -> Pattern | None:
    configs = []
    if openai:
        chosen = {openai[0].offering.id: openai[0]}
        top = flagship(kb, openai)
        if top:
            chosen[top.offering.id] = top
        configs += [{"provider": "openai", **vars_of(p)} for p in chosen.values()]
    if anthropic:
        configs.append({"provider": "anthropic", **vars_of(anthropic[0])})
    if not (configs and pair):
        return None
    openai_url, anthropic_url = pair[0].api_base_url or "", origin(pair[1].api_base_url or "")
    code = env.get_template("benchmark.py.j2").render(configs=configs, today=today, openai_url=pair[0].api_base_url,
                                                      anthropic_url=anthropic_url)
    return ("Measure latency and cost",
            "Latency, tokens and cost per model on one prompt, with prices from the current snapshots.",
            Snippet("Python", "python", code, {"OPENAI_BASE_URL": ("openai", openai_url),
                                               "ANTHROPIC_BASE_URL": ("anthropic", anthropic_url)},
                    ["OPENAI_API_KEY", "ANTHROPIC_API_KEY"], [(str(c["provider"]), str(c["api_id"])) for c in configs]))


def called(priced: Priced) -> tuple[str, str]:
    return priced.offering.provider, priced.api_id


def vars_of(priced: Priced) -> dict[str, object]:
    return {"api_id": priced.api_id, "input": priced.input, "output": priced.output, "effective": priced.effective}


# ---------------------------------------------------------------- Markdown in and out


def tabs(snippets: list[Snippet]) -> str:
    """Material content tabs, one per snippet, each holding a fenced code block."""
    blocks = []
    for snippet in snippets:
        lines = snippet.code.rstrip("\n").splitlines()  # every line break Python knows, so \r cannot hide one
        code = "\n".join(f"    {line}" if line else "" for line in lines)
        # A fence longer than any backtick run in the code, so no line of it can close the block.
        fence = "`" * max(3, 1 + max((len(run) for run in re.findall("`+", snippet.code)), default=0))
        title = one_line(snippet.title).replace("\\", "\\\\").replace('"', '\\"')
        blocks.append(f'=== "{title}"\n\n    {fence}{snippet.language}\n{code}\n    {fence}\n')
    return "\n".join(blocks)


def code_blocks(markdown: str) -> list[tuple[str, str]]:
    """(language, code) of every fenced block in a page, tabs included, parsed by markdown-it-py.

    Content tabs indent their blocks by four spaces, which CommonMark reads as an indented code block; the tab
    bodies are dedented first so each fence is parsed as the fence it is.
    """
    lines, out, in_tab = markdown.split("\n"), [], False
    for line in lines:
        if line.startswith('=== "'):
            in_tab = True
            continue
        if in_tab and line and not line.startswith("    "):
            in_tab = False
        out.append(line[4:] if in_tab and line.startswith("    ") else line)
    tokens = MarkdownIt("commonmark").parse("\n".join(out))
    return [(token.info.strip(), token.content) for token in tokens if token.type == "fence"]
