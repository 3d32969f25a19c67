"""Measure `kb build` at real-catalogue scale.

    python tests/benchmarks/site.py [--models 1000] [--offerings 4500] [--snapshots 3] [--litellm FILE | --no-litellm]

Builds a synthetic KB (1,000 models, 4,500 offerings with 3 price snapshots each by default) and prints the
generation time (validate, link, render, JSON API), the mkdocs time, the total, the page count and the median
page size. Targets: total <= 60 s on 2 cores, generation <= 20% of total, median page <= 100 KB.

Then the floor: the same number of pages, title only, through the same mkdocs configuration and the same number
of mkdocs processes as the build, and the build's ratios to it: wall clock (target <= 5) and CPU seconds of the
whole build over CPU seconds of the floor (target <= 6), with the machine's pace (a fixed loop's CPU time) read
before the build and after the floor: on a shared machine whose speed moves, the ratios move with it. Then the
incremental build: three records changed, the
build rerun with the first build's cache (target <= 0.15 of the full build), and rerun once more with nothing
changed: the fixed cost under that ratio; then with one model added, and on the next day with nothing changed (what
the daily deploy does). Then the preview: `kb serve` on the synthetic KB, the time from saving one
model record to its updated page being served, and its ratio to the full build (target <= 0.1). `--scale N` builds
N times the catalogue instead and prints its time against the 1x build (target <= 12x for N = 10), its peak
memory (target < 2 GB) and the machine's pace before either build and after the larger one.

Then the real-scale case: kb/ plus a full import of LiteLLM's cost map (by default ../shared/data/litellm/...
when it exists), with its import, validate and build times.
"""

from __future__ import annotations

import argparse
import calendar
import datetime
import os
import resource
import shutil
import statistics
import sys
import tempfile
import time
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from unittest import mock

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from generators.interop.litellm import import_litellm
from generators.kb.validate import validate_kb
from generators.site.build import base_config, build, build_into, build_sharded, site_path, write_config
from generators.site.shards import page_order
from tests.benchmarks.preview_timing import preview
from tests.benchmarks.synthetic import catalogue

REPO = Path(__file__).resolve().parents[2]
SHARED_LITELLM = REPO.parent / "shared" / "data" / "litellm" / "model_prices_and_context_window.json"

TODAY = datetime.date.today()  # kb/ holds prices checked today: a fixed past day would make them "future"


def child_cpu() -> float:
    """CPU seconds used so far by finished child processes (mkdocs): steadier than wall time on a shared machine."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def all_cpu() -> float:
    """CPU seconds of this process and of its finished children (forked renderers, mkdocs) so far."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime + child_cpu()


def machine_pace() -> float:
    """CPU seconds a fixed pure-Python loop takes: the same work each time, so two readings that differ say the
    machine's own speed moved between them (a shared machine's neighbours), and a ratio of two timings taken
    across that move says as much about the machine as about the build."""
    start, total = time.process_time(), 0
    for number in range(10_000_000):
        total += number
    return time.process_time() - start


def pace_spread(*paces: float) -> str:
    """How far apart readings of `machine_pace` lie: the largest over the smallest, less one, as a percentage."""
    return f"{(max(paces) - min(paces)) / min(paces):.0%}"


def peak_memory_mb() -> float:
    """The largest resident set of this process or of any one child so far, in MB (Linux reports KiB)."""
    return max(resource.getrusage(who).ru_maxrss for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)) / 1024


@dataclass
class Measured:
    total: float
    cpu: float
    processes: int


def measure(kb_root: Path, work: Path, label: str, cache: Path | None = None, today: datetime.date = TODAY
            ) -> Measured:
    start, cpu, everything = time.perf_counter(), child_cpu(), all_cpu()
    report = build(kb_root, work / "public", today, docs=work / "docs", cache=cache)
    total = time.perf_counter() - start
    mkdocs_cpu = child_cpu() - cpu
    spent = all_cpu() - everything
    pages = sorted(p.stat().st_size for p in (work / "public").rglob("*.html"))
    print(f"{label}")
    print(f"  generation (validate, render, API): {report.render_seconds:7.1f} s  "
          f"({report.render_seconds / total:.0%} of total; target <= 20%)")
    print(f"    of which validation:              {report.validate_seconds:7.1f} s  (reading, checking, linking)")
    processes = ", ".join(f"{seconds:.1f}" for seconds in report.shard_seconds)
    print(f"  mkdocs build --strict:              {report.mkdocs_seconds:7.1f} s  ({mkdocs_cpu:.1f} s CPU; "
          f"{len(report.shard_seconds)} process(es): {processes} s)")
    print(f"  link check of the output:           {report.check_seconds:7.1f} s")
    if cache is not None:
        print(f"  cache upkeep:                       {report.upkeep_seconds:7.1f} s  (this build kept for the next)")
    print(f"  total:                              {total:7.1f} s  (target <= 60 s)")
    print(f"  pages:                              {len(pages):7d}")
    print(f"  median page size:                   {statistics.median(pages) / 1024:7.1f} KB  (target <= 100 KB)")
    print(f"  CPU of the whole build:             {spent:7.1f} s")
    if report.reused is not None:
        print(f"  pages taken from the cache:         {report.reused:7d}")
        again, converted = report.pages - report.not_rendered, report.pages - report.reused
        print(f"  pages rendered again:               {again:7d}  ({converted} with new or changed Markdown, "
              f"{again - converted} the same as the cache's)")
    return Measured(total, spent, len(report.shard_seconds))


def floor(docs: Path, work: Path, processes: int) -> tuple[int, float, float]:
    """mkdocs over the same page paths (and assets), each holding a title only, with the same configuration and as
    many mkdocs processes as the build used (the pages dealt out evenly), so that neither ratio counts the
    parallelism as a saving."""
    bare = work / "docs"
    pages = sorted(docs.rglob("*.md"))
    for number, page in enumerate(pages):
        target = bare / page.relative_to(docs)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(f"# Page {number}\n", encoding="utf-8")
    shutil.copytree(docs / "assets", bare / "assets")
    names = [page.relative_to(docs).as_posix() for page in pages]
    with base_config() as base:
        (work / "site").mkdir()
        cpu = all_cpu()
        if processes == 1:
            seconds, _ = build_into(write_config(bare, base, work / "mkdocs.yml"), work / "site", site_path(base))
        else:
            (work / "private").mkdir()
            seconds, _, _ = build_sharded(bare, base, work / "private", work / "site",
                                          ([sorted(names[n::processes]) for n in range(processes)], page_order(bare)),
                                          site_path(base))
    return len(pages), seconds, all_cpu() - cpu


def change_three_records(kb_root: Path) -> None:
    """What a typical pull request does: a model's description, a price and a benchmark score."""
    for kind, name, old, new in (("models", "m0", "Synthetic model number 0", "Edited model number 0"),
                                 ("prices", "p1--m1", "output: 4.6", "output: 4.9"),
                                 ("claims", "c2-0", "score: 54.0", "score: 55.5")):
        path = kb_root / kind / f"{name}.yaml"
        text = path.read_text(encoding="utf-8")
        if old not in text:
            sys.exit(f"{path} no longer holds {old!r}: update change_three_records to the synthetic catalogue")
        path.write_text(text.replace(old, new, 1), encoding="utf-8")


def stamped(day: datetime.date) -> AbstractContextManager[object]:
    """mkdocs stamping its pages with `day` (SOURCE_DATE_EPOCH, its midnight in UTC), as a build on that day would."""
    return mock.patch.dict(os.environ, {"SOURCE_DATE_EPOCH": str(calendar.timegm(day.timetuple()))})


def add_one_model(kb_root: Path) -> None:
    """The other typical pull request: a model the catalogue lacked (a new page, so a new sitemap)."""
    text = (kb_root / "models" / "m7.yaml").read_text(encoding="utf-8")
    if "id: m7\n" not in text:
        sys.exit(f"{kb_root / 'models' / 'm7.yaml'} no longer holds id: m7: update add_one_model")
    (kb_root / "models" / "m1000000.yaml").write_text(text.replace("id: m7\n", "id: m1000000\n").replace(
        "Synthetic model number 7", "Synthetic model number 1000000"), encoding="utf-8")


def synthetic(work: Path, args: argparse.Namespace) -> Measured:
    """The catalogue-scale build, its floor, the incremental rebuild and the preview; returns the full build."""
    records = catalogue(work / "kb", args.models, args.offerings / args.models, args.snapshots)
    os.sync()  # a build starts from records already on disk, not with 11,000 fresh files still being written out
    before = machine_pace()
    full = measure(work / "kb", work / "synthetic", f"synthetic KB: {args.models} models, {args.offerings} offerings, "
                   f"{args.snapshots} snapshots each ({records} records)", cache=work / "cache")
    os.sync()
    pages, floor_seconds, floor_cpu = floor(work / "synthetic" / "docs", work / "floor", full.processes)
    print(f"floor: {pages} title-only pages through the same mkdocs configuration, {full.processes} process(es)")
    print(f"  mkdocs build --strict:              {floor_seconds:7.1f} s  ({floor_cpu:.1f} s CPU)")
    print(f"  ratio to floor: {full.total / floor_seconds:.2f}  (target <= 5)")
    print(f"  cpu ratio to floor: {full.cpu / floor_cpu:.2f}  (target <= 6)")
    after = machine_pace()
    print(f"  machine pace: {before:.2f} s before the build, {after:.2f} s after the floor (a fixed loop; "
          f"{pace_spread(before, after)} apart: the ratios hold only as well as the pace held)")
    change_three_records(work / "kb")
    again = measure(work / "kb", work / "synthetic", "incremental: three records changed, the first build's cache",
                    cache=work / "cache")
    print(f"  incremental ratio to full build: {again.total / full.total:.2f}  (target <= 0.15)")
    idle = measure(work / "kb", work / "synthetic", "incremental: nothing changed, the cache just written",
                   cache=work / "cache")
    print(f"  no-change ratio to full build: {idle.total / full.total:.2f}  (what every cached build pays: "
          "validation, checking each page's reads, taking the cached site, the cache's upkeep; no page or API "
          "written)")
    add_one_model(work / "kb")
    added = measure(work / "kb", work / "synthetic", "incremental: one model added, a page the cache lacks",
                    cache=work / "cache")
    print(f"  added-model ratio to full build: {added.total / full.total:.2f}  (the same target as three changes)")
    tomorrow = TODAY + datetime.timedelta(days=1)
    with stamped(tomorrow):
        later = measure(work / "kb", work / "synthetic", "the next day: nothing changed, the cache of the day before "
                        "(the daily deploy)", cache=work / "cache", today=tomorrow)
    print(f"  next-day ratio to full build: {later.total / full.total:.2f}  (every page rendered for the new day; "
          "mkdocs converts those whose Markdown differs: the price charts run to the day)")
    seconds = preview(work / "kb", TODAY)
    print("preview: kb serve, saving one model record until its updated page is served")
    print(f"  time to the updated page:           {seconds:7.1f} s")
    print(f"  preview ratio to full build: {seconds / full.total:.2f}  (target <= 0.1)")
    return full


def scaled(work: Path, args: argparse.Namespace) -> None:
    """The 1x build, then the catalogue `args.scale` times larger: time against the 1x build and peak memory."""
    catalogue(work / "one" / "kb", args.models, args.offerings / args.models, args.snapshots)
    os.sync()
    before = machine_pace()
    one = measure(work / "one" / "kb", work / "one", f"1x: {args.models} models")
    shutil.rmtree(work / "one")
    models, offerings = args.models * args.scale, args.offerings * args.scale
    catalogue(work / "big" / "kb", models, offerings / models, args.snapshots)
    os.sync()
    during = machine_pace()
    big = measure(work / "big" / "kb", work / "big", f"{args.scale}x: {models} models, {offerings} offerings")
    after = machine_pace()
    print(f"  time against the 1x build: {big.total / one.total:.1f}x  (target <= 12x for 10x)")
    print(f"  CPU against the 1x build: {big.cpu / one.cpu:.1f}x  (CPU seconds of the whole build each time)")
    print(f"  peak memory (largest process): {peak_memory_mb():,.0f} MB  (target < 2048 MB)")
    print(f"  machine pace: {before:.2f} s before the 1x build, {during:.2f} s before the {args.scale}x build and "
          f"{after:.2f} s after it (a fixed loop; {pace_spread(before, during, after)} apart at most: the ratio holds "
          "only as well as the pace held)")


def real_scale(work: Path, litellm: Path) -> None:
    real = work / "real" / "kb"
    shutil.copytree(REPO / "kb", real)
    kb, _ = validate_kb(real, TODAY)
    start = time.perf_counter()
    report = import_litellm(kb, real, litellm, TODAY, today=TODAY)
    imported = time.perf_counter() - start
    if report.aborted:
        print(f"real scale: the LiteLLM import failed, nothing to build: {report.aborted[:300]}")
        return
    start = time.perf_counter()
    kb, issues = validate_kb(real, TODAY)
    validated = time.perf_counter() - start
    print(f"real scale: kb/ + LiteLLM import of {litellm.name}")
    print(f"  import:                             {imported:7.1f} s  ({report.written:,} files written)")
    print(f"  kb validate:                        {validated:7.1f} s  ({len(kb.entries):,} records, "
          f"{len(issues)} problems)")
    measure(real, work / "real", "  build of the imported KB:")


def main() -> None:
    sys.stdout.reconfigure(line_buffering=True)  # each line as it is measured, also into a file
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", type=int, default=1000)
    parser.add_argument("--offerings", type=int, default=4500, help="offerings in all (spread over the models)")
    parser.add_argument("--snapshots", type=int, default=3, help="price snapshots per offering")
    parser.add_argument("--scale", type=int, default=0, help="measure the catalogue this many times larger instead")
    parser.add_argument("--litellm", type=Path, default=SHARED_LITELLM if SHARED_LITELLM.exists() else None,
                        help="LiteLLM cost map for the real-scale case (default: the shared copy, when present)")
    parser.add_argument("--no-litellm", action="store_true", help="skip the real-scale case")
    args = parser.parse_args()
    if args.models < 1 or args.offerings < 0 or not 1 <= args.snapshots <= 11 or args.scale < 0:
        parser.error("--models >= 1, --offerings >= 0, 1 <= --snapshots <= 11 and --scale >= 0")
    with tempfile.TemporaryDirectory() as tmp:
        if args.scale:
            scaled(Path(tmp), args)
            return
        synthetic(Path(tmp), args)
        if args.no_litellm or args.litellm is None:
            print("real-scale case skipped (no LiteLLM file; pass --litellm FILE)")
            return
        real_scale(Path(tmp), args.litellm)


if __name__ == "__main__":
    main()
