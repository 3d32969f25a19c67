"""Build step: validate, link, render Markdown and the JSON API, run `mkdocs build --strict`, check links.

The site is only written when the KB is valid; mkdocs builds into a fresh folder that replaces the old site
only once everything passed, so a failed build never leaves a half-written site behind.
"""

from __future__ import annotations

import datetime
import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from html import unescape
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .export import write_api
from .issues import Issue
from .render import render_site
from .validate import validate_kb

REPO = Path(__file__).resolve().parents[1]


class BuildError(Exception):
    """The site could not be built: invalid KB, mkdocs failure, or a broken link in the output."""


@dataclass
class BuildReport:
    pages: int = 0
    render_seconds: float = 0.0
    mkdocs_seconds: float = 0.0
    check_seconds: float = 0.0
    issues: list[Issue] = field(default_factory=list)


def build(kb_root: Path, out: Path, today: datetime.date, config: Path = REPO / "mkdocs.yml",
          docs: Path | None = None) -> BuildReport:
    report = BuildReport()
    start = time.perf_counter()
    kb, issues = validate_kb(kb_root, today)
    if issues:
        error = BuildError(f"{len(issues)} problem(s) in the knowledge base; nothing was built")
        error.issues = issues  # type: ignore[attr-defined]
        raise error
    if docs is not None:
        # Build from another docs folder (tests, benchmarks): a config that inherits everything but docs_dir.
        docs.parent.mkdir(parents=True, exist_ok=True)
        derived = docs.parent / f"{docs.name}.mkdocs.yml"
        derived.write_text(f"INHERIT: {config.resolve()}\ndocs_dir: {docs.resolve()}\n", encoding="utf-8")
        config = derived
    else:
        docs = config.parent / "site" / "generated"
    report.pages = len(render_site(kb, docs, today))
    write_api(kb, docs / "api" / "v1", today)
    report.render_seconds = time.perf_counter() - start

    start = time.perf_counter()
    staging = out.with_name(out.name + ".building")
    shutil.rmtree(staging, ignore_errors=True)
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--config-file", str(config),
         "--site-dir", str(staging.resolve())],
        capture_output=True, text=True, cwd=config.parent, check=False)
    report.mkdocs_seconds = time.perf_counter() - start
    if result.returncode != 0:
        shutil.rmtree(staging, ignore_errors=True)
        raise BuildError("mkdocs build --strict failed:\n" + (result.stderr or result.stdout).strip())
    start = time.perf_counter()
    broken = broken_links(staging)
    report.check_seconds = time.perf_counter() - start
    if broken:
        shutil.rmtree(staging, ignore_errors=True)
        raise BuildError("links that point nowhere in the built site:\n" + "\n".join(broken[:50]))
    shutil.rmtree(out, ignore_errors=True)
    staging.replace(out)
    return report


ATTRIBUTE = re.compile(r"""\s(href|src|id)\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)


def _links_and_ids(html: str) -> tuple[list[str], set[str]]:
    """href/src targets and element ids of a page. A regex over attributes is ~10x faster than HTMLParser here,
    and safe because mkdocs and our templates always quote attribute values."""
    targets, ids = [], set()
    for name, double, single in ATTRIBUTE.findall(html):
        value = unescape(double or single)
        if name.lower() == "id":
            ids.add(value)
        else:
            targets.append(value)
    return targets, ids


SKIP = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//|#$|\$)", re.IGNORECASE)


def broken_links(site: Path) -> list[str]:
    """Local href/src targets (raw-HTML ones included, which mkdocs does not check) that do not exist."""
    root = site.resolve()
    files = {os.path.relpath(os.path.join(folder, name), root)
             for folder, _, names in os.walk(root) for name in names}
    pages = sorted(name for name in files if name.endswith(".html"))
    # Plain string paths: a few hundred thousand links, and Path.resolve() would stat every one of them.
    parsed = {page: _links_and_ids((root / page).read_text(encoding="utf-8")) for page in pages}
    problems = []
    for page, (targets, _) in parsed.items():
        folder = os.path.dirname(page)
        for target in targets:
            if SKIP.match(target):
                continue
            parts = urlsplit(target)
            if not parts.path:
                path = page
            elif parts.path.startswith("/"):
                path = os.path.normpath(unquote(parts.path).lstrip("/"))
            else:
                path = os.path.normpath(os.path.join(folder, unquote(parts.path)))
            if path not in files and os.path.join(path, "index.html") not in files:
                problems.append(f"{page}: {target}")
            elif (parts.fragment and path.endswith(".html") and path in parsed
                  and unquote(parts.fragment) not in parsed[path][1]):
                problems.append(f"{page}: {target} (no such anchor)")
    return problems
