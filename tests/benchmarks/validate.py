"""Measure `kb validate` against a bare libyaml parse on a synthetic KB of N records.

    python tests/benchmarks/validate.py [--records 10000] [--repeat 3]

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

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from generators.kb.load import find_record_files
from generators.kb.validate import validate_kb
from tests.benchmarks.synthetic import catalogue

TODAY = datetime.date(2026, 11, 21)


def synthetic_kb(root: Path, records: int) -> None:
    """About `records` records: per model one offering, one price history (two snapshots) and one claim."""
    catalogue(root, models=max(1, records // 4 - 3))


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
