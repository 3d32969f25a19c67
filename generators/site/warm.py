"""Build step: mkdocs processes started while the KB is checked and rendered, each waiting for the one build it runs.

Every `mkdocs build` first spends about 0.3 s of its CPU importing mkdocs, Material, Python-Markdown and the
plugins: a fifth of a small incremental build's mkdocs run, paid while the build waits for it. A build with a cache
starts its mkdocs processes at its own start instead (`Warm`), at a lower priority (`NICER`), while it reads, checks
and renders the KB: it reads the KB in one process (kb/parse_cache.py), which leaves a CPU idle. (A build without
one parses in two processes: nothing would be gained.) Each process imports and
then blocks on its standard input; `shards.run` hands it its job (`job`: the arguments of `mkdocs build`, the folder
to run in and the shard's environment variables) and it runs mkdocs' own command line with them, exactly as
`python -m mkdocs` would, exit status and error output included. Processes not given a job are stopped when the build
ends (`Warm.close`).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import TracebackType

MODULES = ("mkdocs.__main__", "mkdocs.commands.build", "material.plugins.search.plugin", "markdown",
           "markdown.extensions.toc", "markdown.extensions.tables", "markdown.extensions.footnotes",
           "markdown.extensions.attr_list", "markdown.extensions.admonition", "pymdownx.superfences",
           "pymdownx.tabbed", "generators.site.search_skip", "generators.site.template_cache",
           "generators.site.shard_pages", "generators.site.theme_files", "generators.site.html_blocks",
           "generators.site.markdown_reuse", "generators.site.markdown_speedups")
"""What an mkdocs run of the site imports (its theme, extensions and plugins): imported ahead, while waiting. A module
missing here is imported by the run itself, as it always was."""
NICER = 10
"""How much lower a waiting process's priority is while it imports: a build's render keeps both CPUs busy, and the
imports would only slow it down; the one CPU idle while the KB is read they take whole. (Measured on the benchmark's
catalogue: without it, a no-change build took 0.15 s longer.) Where the user may (root), the job itself
runs at the build's priority again; elsewhere at this lower one, which on an otherwise idle machine changes nothing."""


WARM_FROM = 5_000
"""Record files from which a build with a cache starts its mkdocs processes ahead. Below, reading the KB takes less
than their imports, which then only compete with it: on the real KB (2,044 records) a build with nothing changed took
0.62-0.65 s without them and 0.73-0.85 s with, for 0.1-0.15 s gained when a record changed."""


def ahead(kb_root: Path, cached: bool, workers: int) -> int:
    """How many mkdocs processes a build starts ahead: one per worker for a build with a cache of a KB of at least
    `WARM_FROM` record files (counted by listing each folder: no file is read), else none."""
    if not cached:
        return 0
    records = sum(len(os.listdir(folder)) for folder in kb_root.iterdir() if folder.is_dir())
    return workers if records >= WARM_FROM else 0


def job(arguments: Sequence[str], folder: str, environment: Mapping[str, str]) -> str:
    """The line a waiting process reads: mkdocs' command-line arguments, the folder to run in and the variables to
    set."""
    return json.dumps({"arguments": list(arguments), "folder": folder, "environment": dict(environment)}) + "\n"


class Warm:
    """`count` waiting mkdocs processes (none where the build runs no mkdocs)."""

    def __init__(self, count: int) -> None:
        self.waiting = [start_waiting() for _ in range(count)]

    def take(self) -> subprocess.Popen[str] | None:
        """A waiting process, or None when all are taken (the caller starts one of its own)."""
        return self.waiting.pop() if self.waiting else None

    def close(self) -> None:
        """Stop the processes no job was given to."""
        while self.waiting:
            process = self.waiting.pop()
            process.kill()
            process.communicate()

    def __enter__(self) -> Warm:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()


def start_waiting() -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", __name__], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def main() -> None:
    """Import what mkdocs will, then run the `job` read from standard input (nothing, when it is closed unread)."""
    import contextlib
    import importlib

    os.nice(NICER)  # the imports take what CPU the build leaves idle, not the build's own
    for name in MODULES:
        with contextlib.suppress(ImportError):  # a theme or plugin the site does not use: the run imports its own
            importlib.import_module(name)
    line = sys.stdin.readline()
    if not line:
        return
    with contextlib.suppress(OSError):  # back to the build's priority where allowed (an unprivileged user is not)
        os.nice(-NICER)
    given = json.loads(line)
    os.environ.update(given["environment"])
    os.chdir(given["folder"])
    sys.argv = ["mkdocs", *given["arguments"]]
    from mkdocs.__main__ import cli

    cli(given["arguments"], prog_name="mkdocs")


if __name__ == "__main__":
    main()
