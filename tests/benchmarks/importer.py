"""Measure `kb import litellm --dry-run` on a synthetic LiteLLM-shaped feed of many entries.

    python tests/benchmarks/importer.py [--entries 100000] [--into kb]

Writes a feed shaped like LiteLLM's cost map (chat entries over a dozen providers, with cache, batch, tier and
deprecation keys, and a few embedding entries), imports it with --dry-run into a copy of the KB, and prints the
wall time, the peak RSS of the process and what the import would create. Target: <= 60 s and <= 1 GB for
100,000 entries.
"""

from __future__ import annotations

import argparse
import datetime
import json
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from generators.interop.litellm import import_litellm
from generators.kb.validate import validate_kb

REPO = Path(__file__).resolve().parents[2]
TODAY = datetime.date.today()  # kb/ holds prices checked recently: a fixed past day would make them "future"
PROVIDERS = ["openai", "anthropic", "gemini", "mistral", "groq", "together_ai", "deepinfra", "fireworks_ai",
             "bedrock", "azure", "novita", "nebius"]
NAMES = ["gpt", "claude", "gemini", "mistral", "llama", "qwen", "deepseek", "phi", "command", "grok", "acme"]


def entry(i: int) -> tuple[str, dict[str, object]]:
    provider = PROVIDERS[i % len(PROVIDERS)]
    name = f"{NAMES[i % len(NAMES)]}-synthetic-{i}"
    key = name if provider in ("openai", "anthropic") else f"{provider}/{name}"
    body: dict[str, object] = {"litellm_provider": provider, "mode": "embedding" if i % 50 == 0 else "chat",
                               "input_cost_per_token": (i % 97 + 1) * 1e-7,
                               "output_cost_per_token": (i % 89 + 1) * 4e-7,
                               "max_input_tokens": 131072, "max_output_tokens": 8192,
                               "supports_function_calling": True, "supports_vision": i % 3 == 0}
    if i % 4 == 0:
        body.update(cache_read_input_token_cost=(i % 97 + 1) * 1e-8,
                    cache_creation_input_token_cost=(i % 97 + 1) * 2e-7)
    if i % 5 == 0:
        body.update(input_cost_per_token_batches=(i % 97 + 1) * 5e-8,
                    output_cost_per_token_batches=(i % 89 + 1) * 2e-7)
    if i % 7 == 0:
        body.update(input_cost_per_token_above_128k_tokens=(i % 97 + 1) * 2e-7,
                    output_cost_per_token_above_128k_tokens=(i % 89 + 1) * 8e-7)
    if i % 11 == 0:
        body["deprecation_date"] = "2027-06-30"
    if i % 13 == 0:
        body["tool_use_system_prompt_tokens"] = 159  # a key the KB does not model
    return key, body


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--into", type=Path, default=REPO / "kb", help="the KB copied and imported into")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        feed = Path(tmp) / "feed.json"
        with feed.open("w", encoding="utf-8") as out:  # written entry by entry: the feed is not held in memory
            out.write("{" + ", ".join(f"{json.dumps(key)}: {json.dumps(body)}" for key, body in map(entry, range(
                args.entries))) + "}")
        root = Path(tmp) / "kb"
        shutil.copytree(args.into, root)
        kb, issues = validate_kb(root, TODAY)
        if issues:
            sys.exit("\n".join(map(str, issues[:5])))
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        start = time.perf_counter()
        report = import_litellm(kb, root, feed, TODAY, today=TODAY, dry_run=True)
        wall = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    created = ", ".join(f"{n:,} {kind}" for kind, n in sorted(report.created.items()))
    print(f"feed entries:   {report.entries:,}")
    print(f"would create:   {created}; problems {len(report.problems):,}; result: {report.aborted or 'written'}")
    print(f"wall time:      {wall:.1f} s   (target <= 60 s for 100,000 entries)")
    print(f"peak RSS:       {peak / 1024:.0f} MB (before the import: {before / 1024:.0f} MB; target <= 1024 MB)")


if __name__ == "__main__":
    main()
