"""Synthetic knowledge bases shaped like the real one, for the benchmarks."""

from __future__ import annotations

import datetime
from pathlib import Path

import yaml

from generators.interop.commit import PlainDumper
from generators.kb.records import KINDS, SINGULAR

D = datetime.date


def write(root: Path, kind: str, record_id: str, body: dict[str, object]) -> None:
    folder = root / kind
    folder.mkdir(parents=True, exist_ok=True)
    header = f"# yaml-language-server: $schema=../../schemas/{SINGULAR[kind]}.schema.json\n"
    version = KINDS[kind].current_version()
    text = yaml.dump({"schema_version": version, "id": record_id, **body}, Dumper=PlainDumper, sort_keys=False)
    (folder / f"{record_id}.yaml").write_text(header + text, encoding="utf-8")


def catalogue(root: Path, models: int, offerings_per_model: float = 1.0, snapshots: int = 2,
              sources: int | None = None, providers: int | None = None, claims_per_model: int = 1) -> int:
    """Write a KB; returns how many records it holds. Every model has a lab, offerings, prices and claims."""
    sources = sources or max(1, models // 10)
    providers = providers or max(2, models // 20)
    count = 0
    for i in range(sources):
        write(root, "sources", f"s{i}", {"type": "docs", "title": f"Source {i}", "url": f"https://example.org/{i}"})
    for i in range(providers):
        write(root, "providers", f"p{i}", {
            "name": f"Provider {i}", "roles": ["lab", "api-host"], "headquarters": "US",
            "website": f"https://p{i}.example.com", "api_base_url": f"https://api.p{i}.example.com/v1",
            "auth": {"header": "Authorization", "scheme": "Bearer", "env_var": f"P{i}_API_KEY"},
            "sources": [f"s{i % sources}"]})
    benchmarks = 5
    for i in range(benchmarks):
        write(root, "benchmarks", f"b{i}", {"name": f"Bench {i}", "measures": "things", "metric": "accuracy (%)",
                                            "sources": ["s0"]})
    write(root, "attention", "gqa", {"name": "Grouped-Query Attention", "abbreviation": "GQA", "axis": "heads",
                                     "paper": "s0", "kv_sharing": "groups", "kv_cache_reduction": "q/kv",
                                     "tradeoffs": "some", "sources": ["s0"]})
    write(root, "workloads", "w0", {"name": "50K in, 2K out", "description": "A document.", "input_tokens": 50000,
                                    "output_tokens": 2000, "sources": ["s0"]})
    count += sources + providers + benchmarks + 2
    offering_total = 0
    for i in range(models):
        src = [f"s{i % sources}"]
        write(root, "models", f"m{i}", {
            "name": f"Model {i}", "family": f"F{i % 30}", "lab": f"p{i % providers}", "released": D(2024, 1, 1),
            "weights": ("open", "closed", "restricted")[i % 3], "license": "Proprietary",
            "description": f"Synthetic model number {i}, with a description of ordinary length for a record.",
            "architecture": {"type": "dense", "attention": [{"variants": ["gqa"], "confidence": "published",
                                                             "sources": src}],
                             "layers": 32, "query_heads": 32, "kv_heads": 8, "head_dim": 128,
                             "multimodality": "text-only", "sources": src},
            "context_window": [{"value": 8192 * (1 + i % 16), "sources": src, "as_of": D(2024, 1, 1)}],
            "max_output": [{"value": 4096, "sources": src}],
            "modalities": {"input": ["text"], "output": ["text"]}, "sources": src})
        count += 1
        wanted = int((i + 1) * offerings_per_model) - int(i * offerings_per_model)
        for j in range(wanted):
            offering = f"p{(i + j) % providers}--m{i}"
            write(root, "offerings", offering, {
                "provider": f"p{(i + j) % providers}", "model": f"m{i}", "api_ids": [f"model-{i}-{j}"],
                "lifecycle": {"status": "active", "announced": D(2024, 1, 2)}, "sources": src})
            write(root, "prices", offering, {"offering": offering, "snapshots": [
                {"effective": D(2024, 1 + k, 2), "input": round(1.0 + i % 7 - k * 0.1, 2),
                 "output": round(4.0 + i % 5 - k * 0.2, 2), "sources": src} for k in range(snapshots)]})
            offering_total += 1
            count += 2
        for k in range(claims_per_model):
            write(root, "claims", f"c{i}-{k}", {"model": f"m{i}", "benchmark": f"b{(i + k) % benchmarks}",
                                                "score": float(40 + (i * 7 + k) % 55), "metric": "accuracy (%)",
                                                "reported_by": "vendor", "reporter": "Lab",
                                                "date": D(2024, 2, 1), "sources": src})
            count += 1
    return count
