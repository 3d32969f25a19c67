"""Run the code blocks of the generated pages exactly as shown: against the fake providers, or the real APIs.

The base-URL variables a block reads are found in its own text (`os.environ.get("VAR", "https://...")` in
Python, `${VAR:-https://...}` in shell); each default URL's host names the provider, whose fake counterpart the
variable is pointed at. Against the real APIs nothing is overridden, and blocks whose keys are not set are skipped.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from generators.kb.link import KB
from generators.live.fakes.providers import FakeProviders
from generators.live.snippets import code_blocks

PY_BASE = re.compile(r"""os\.environ\.get\(\s*"([A-Z0-9_]+)"\s*,\s*"(https://[^"]+)"\s*\)""")
SH_BASE = re.compile(r"""\$\{([A-Z0-9_]+):-(https://[^}]+)\}""")
PY_KEY = re.compile(r"""os\.environ\[\s*"([A-Z0-9_]+_KEY)"\s*\]""")
SH_KEY = re.compile(r"""\$([A-Z][A-Z0-9_]*_KEY)\b""")
RUNNERS = {"python": [sys.executable, "-c"], "bash": ["bash", "-c"], "sh": ["bash", "-c"]}


@dataclass(frozen=True)
class Block:
    page: str
    """The first page that shows the block."""
    language: str
    code: str
    pages: tuple[str, ...] = ()
    """Every page that shows it."""


@dataclass
class Result:
    block: Block
    returncode: int | None
    output: str
    skipped: str = ""


def collect(docs: Path) -> list[Block]:
    """Every runnable fenced block of every page, each distinct block once (first page that shows it)."""
    pages: dict[tuple[str, str], list[str]] = {}
    for page in sorted(docs.rglob("*.md")):
        for language, code in code_blocks(page.read_text(encoding="utf-8")):
            if language in RUNNERS:
                pages.setdefault((language, code), []).append(str(page.relative_to(docs)))
    return [Block(where[0], language, code, tuple(where)) for (language, code), where in pages.items()]


QUOTED = re.compile(r"""("[^"\n]*"|'[^'\n]*')""")


def one_per_shape(blocks: list[Block]) -> list[Block]:
    """One block per shape: the same template for the same provider differs between model pages only in quoted
    values (the model id), so running one of them runs the code the others share. Keeps the suite's time flat as
    the catalogue grows; `--live` runs all. A shape found on a provider page is run from there, so every provider
    page's code runs whatever the catalogue holds."""
    seen: dict[tuple[str, str, tuple[str, ...]], Block] = {}
    for block in sorted(blocks, key=lambda b: not b.page.startswith("providers/")):
        key = (block.language, QUOTED.sub('""', block.code), tuple(sorted(base_urls(block.code).items())))
        seen.setdefault(key, block)
    return list(seen.values())


def base_urls(code: str) -> dict[str, str]:
    return dict(PY_BASE.findall(code)) | dict(SH_BASE.findall(code))


def required_keys(code: str) -> set[str]:
    """Key variables the code cannot run without (optional `os.getenv` ones are the code's own business)."""
    return set(PY_KEY.findall(code)) | set(SH_KEY.findall(code))


def provider_for_url(kb: KB, url: str) -> str | None:
    host = urlsplit(url).netloc
    for provider in kb.providers:
        for known in (provider.api_base_url, provider.openai_compatible_base_url):
            if known and urlsplit(known).netloc == host:
                return provider.id
    return None


def fake_environment(kb: KB, fakes: FakeProviders, blocks: Iterable[Block]) -> dict[str, str]:
    """Keys and base URLs that send every block's calls to the fakes."""
    env = {k: v for k, v in os.environ.items() if not k.endswith(("_API_KEY", "_BASE_URL"))}
    for provider in kb.providers:
        if provider.auth:
            env[provider.auth.env_var] = f"test-key-for-{provider.id}"
    for block in blocks:
        for variable, url in base_urls(block.code).items():
            provider = provider_for_url(kb, url)
            if provider:
                env[variable] = fakes.url_for(provider, url)
    return env


def run_block(block: Block, env: dict[str, str], timeout: float = 120.0) -> Result:
    missing = sorted(k for k in required_keys(block.code) if not env.get(k))
    if missing:
        return Result(block, None, "", skipped=f"{', '.join(missing)} not set")
    try:
        done = subprocess.run([*RUNNERS[block.language], block.code], env=env, capture_output=True, text=True,
                              timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        return Result(block, None, f"timed out after {timeout:.0f} s")
    return Result(block, done.returncode, done.stdout + done.stderr)


def run_all(blocks: list[Block], env: dict[str, str], workers: int = 4) -> list[Result]:
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(lambda block: run_block(block, env), blocks))
