"""Measure `kb check --live` from start to end against fake providers answering with real latency.

    python tests/benchmarks/check.py [--ids 1000] [--latency 0.2]

Builds a KB with the real records of ten providers (OpenAI, Anthropic, Google, Mistral, Groq, Together,
OpenRouter, DeepSeek, xAI, Cohere) and `--ids` offerings spread over them, serves them from the fake providers
on 127.0.0.1 with `--latency` seconds per response, and runs the `kb` command itself in a fresh process, exactly
as the freshness workflow does (interpreter start, imports, loading and validating the KB, offline checks,
listing every provider, the Markdown report). It prints that wall time, then the same phases timed in this
process so the remaining time can be placed. Target: <= 15 s.
"""

from __future__ import annotations

import argparse
import datetime
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from generators.kb.validate import validate_kb
from generators.live.check import check_live, check_offline
from generators.live.fakes.providers import FakeProviders
from tests.benchmarks.synthetic import write

REPO = Path(__file__).resolve().parents[2]
PROVIDERS = ["openai", "anthropic", "google", "mistral", "groq", "together", "openrouter", "deepseek", "xai", "cohere"]
TODAY = datetime.date(2026, 11, 21)


def build_kb(root: Path, ids: int) -> None:
    real, _ = validate_kb(REPO / "kb", TODAY)
    (root / "providers").mkdir(parents=True)
    (root / "sources").mkdir()
    for provider in PROVIDERS:
        shutil.copy(REPO / "kb" / "providers" / f"{provider}.yaml", root / "providers")
        record = real.get("providers", provider)
        for source in getattr(record, "sources", []):
            shutil.copy(REPO / "kb" / "sources" / f"{source}.yaml", root / "sources")
    write(root, "models", "bench-model", {"name": "Bench", "family": "Bench", "lab": "openai", "weights": "closed",
                                          "sources": ["openai-pricing"]})
    for i in range(ids):
        provider = PROVIDERS[i % len(PROVIDERS)]
        write(root, "offerings", f"{provider}--m{i}", {
            "provider": provider, "model": "bench-model", "api_ids": [f"bench-model-{i}"],
            "lifecycle": {"status": "active"}, "sources": ["openai-pricing"]})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ids", type=int, default=1000, help="KB model ids, spread over the ten providers")
    parser.add_argument("--latency", type=float, default=0.2, help="seconds each fake response takes")
    args = parser.parse_args()
    if args.ids < 1 or args.latency < 0:
        parser.error("--ids >= 1 and --latency >= 0")
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "kb"
        build_kb(root, args.ids)
        kb, issues = validate_kb(root, TODAY)
        if issues:
            sys.exit("\n".join(map(str, issues[:5])))
        fakes = FakeProviders.from_kb(kb, latency=args.latency, on=TODAY)
        origin = fakes.start()
        env = {**{k: v for k, v in os.environ.items() if not k.endswith("_API_KEY")},
               **{p.auth.env_var: "bench-key" for p in kb.providers if p.auth}}
        try:
            start = time.perf_counter()
            done = subprocess.run([str(REPO / ".venv" / "bin" / "kb"), "check", "--live", "--against", origin,
                                   "--kb", str(root), "--format", "markdown", "--today", TODAY.isoformat()],
                                  env=env, capture_output=True, text=True, check=False)
            end_to_end = time.perf_counter() - start
            requests = len(fakes.requests)
            phases = {}
            start = time.perf_counter()
            kb, _ = validate_kb(root, TODAY)
            phases["load and validate"] = time.perf_counter() - start
            start = time.perf_counter()
            check_offline(kb, TODAY)
            phases["offline checks"] = time.perf_counter() - start
            start = time.perf_counter()
            report = check_live(kb, TODAY, {p.id: "bench-key" for p in kb.providers}, fakes.url_for)
            phases["live listing and comparison"] = time.perf_counter() - start
        finally:
            fakes.stop()
    coverage = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else done.stderr[-300:]
    print(f"KB ids checked:     {args.ids} across {len(PROVIDERS)} providers ({requests} list requests, "
          f"{args.latency * 1000:.0f} ms each)")
    print(f"exit code:          {done.returncode} (findings / errors in process: {len(report.findings)} / "
          f"{len(report.errors)})")
    print(f"report ends:        {coverage[:150]}")
    print(f"kb check --live:    {end_to_end:.2f} s start to end   (target <= 15 s)")
    for name, seconds in phases.items():
        print(f"  {name + ':':28s}{seconds:.2f} s")


if __name__ == "__main__":
    main()
