"""Measure `kb validate` against a bare libyaml parse on a synthetic KB of N records.

    python benchmarks/validate.py [--records 10000] [--repeat 3]

Prints the libyaml parse-only time (yaml.load with CSafeLoader over every file), the full validation time
(load with positions, pydantic, link, cross-record rules) and their ratio. Target: ratio <= 1.3 at 10,000.
"""

from __future__ import annotations

import argparse
import datetime
import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from generators.load import find_record_files
from generators.records import SINGULAR
from generators.validate import validate_kb

TODAY = datetime.date(2026, 11, 21)


class PlainDumper(yaml.SafeDumper):
    """Writes shared Python objects out in full: records may not contain anchors and aliases."""

    def ignore_aliases(self, data: object) -> bool:
        return True


def write(root: Path, kind: str, record_id: str, body: dict[str, object]) -> None:
    folder = root / kind
    folder.mkdir(parents=True, exist_ok=True)
    header = f"# yaml-language-server: $schema=../../schemas/{SINGULAR[kind]}.schema.json\n"
    text = yaml.dump({"schema_version": 1, "id": record_id, **body}, Dumper=PlainDumper, sort_keys=False)
    (folder / f"{record_id}.yaml").write_text(header + text, encoding="utf-8")


def synthetic_kb(root: Path, records: int) -> None:
    """A KB shaped like the real one: per model, about one offering, one price history and one claim."""
    sources, providers = max(1, records // 50), max(1, records // 500)
    for i in range(sources):
        write(root, "sources", f"s{i}", {"type": "docs", "title": f"Source {i}", "url": f"https://example.org/{i}"})
    for i in range(providers):
        write(root, "providers", f"p{i}", {
            "name": f"Provider {i}", "roles": ["lab", "api-host"], "headquarters": "US",
            "website": f"https://p{i}.example.com", "api_base_url": f"https://api.p{i}.example.com/v1",
            "auth": {"header": "Authorization", "scheme": "Bearer", "env_var": f"P{i}_API_KEY"},
            "sources": [f"s{i % sources}"]})
    write(root, "benchmarks", "b0", {"name": "Bench", "measures": "things", "metric": "accuracy (%)",
                                     "sources": ["s0"]})
    write(root, "attention", "gqa", {"name": "Grouped-Query Attention", "abbreviation": "GQA", "axis": "heads",
                                     "paper": "s0", "kv_sharing": "groups", "kv_cache_reduction": "q/kv",
                                     "tradeoffs": "some", "sources": ["s0"]})
    remaining = records - sources - providers - 2
    models = max(1, remaining // 4)
    for i in range(models):
        src = [f"s{i % sources}"]
        provider = f"p{i % providers}"
        write(root, "models", f"m{i}", {
            "name": f"Model {i}", "family": f"F{i % 30}", "lab": provider, "released": datetime.date(2024, 1, 1),
            "weights": "closed", "license": "Proprietary",
            "architecture": {"type": "dense", "attention": [{"variants": ["gqa"], "confidence": "published",
                                                             "sources": src}],
                             "layers": 32, "query_heads": 32, "kv_heads": 8, "head_dim": 128,
                             "multimodality": "text-only", "sources": src},
            "context_window": [{"value": 128000, "sources": src, "as_of": datetime.date(2024, 1, 1)}],
            "max_output": [{"value": 8192, "sources": src}],
            "modalities": {"input": ["text"], "output": ["text"]}, "sources": src})
        write(root, "offerings", f"o{i}", {
            "provider": provider, "model": f"m{i}", "api_ids": [f"model-{i}"],
            "lifecycle": {"status": "active", "announced": datetime.date(2024, 1, 2)}, "sources": src})
        write(root, "prices", f"o{i}", {"offering": f"o{i}", "snapshots": [
            {"effective": datetime.date(2024, 1, 2), "input": 1.0, "output": 2.0, "sources": src},
            {"effective": datetime.date(2024, 6, 1), "input": 0.5, "output": 1.5, "cached_input": 0.1,
             "sources": src}]})
        write(root, "claims", f"c{i}", {"model": f"m{i}", "benchmark": "b0", "score": 50.0,
                                        "metric": "accuracy (%)", "reported_by": "vendor", "reporter": "Lab",
                                        "date": datetime.date(2024, 2, 1), "sources": src})


def parse_only(root: Path) -> float:
    start = time.perf_counter()
    for _, file in find_record_files(root):
        yaml.load(file.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    return time.perf_counter() - start


def full_validate(root: Path) -> tuple[float, int, int]:
    start = time.perf_counter()
    kb, issues = validate_kb(root, TODAY)
    return time.perf_counter() - start, len(kb.entries), len(issues)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=10_000, help="records in the synthetic KB")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each measurement; the best is kept")
    args = parser.parse_args()
    if args.records < 10:
        parser.error("--records must be at least 10")
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "kb"
        synthetic_kb(root, args.records)
        files = len(find_record_files(root))
        parse = min(parse_only(root) for _ in range(args.repeat))
        runs = [full_validate(root) for _ in range(args.repeat)]
        full = min(run[0] for run in runs)
        _, entries, issues = runs[0]
    if issues:
        sys.exit(f"the synthetic KB should be valid but has {issues} issues")
    print(f"records:            {files:>8}")
    print(f"libyaml parse only: {parse:8.2f} s")
    print(f"kb validate (full): {full:8.2f} s   ({entries} records valid)")
    print(f"ratio:              {full / parse:8.2f}   (target <= 1.30)")


if __name__ == "__main__":
    main()
