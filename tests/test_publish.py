"""Publishing a build: a kill at any moment of the swap leaves a complete site at `out` (old or new), and the
next build puts an old site back if a kill left `out` missing."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from generators.site.publish import exchange, recover

PAGES = ("index.html", "models/a.html", "models/b.html")

# Runs swap_in in a child process that SIGKILLs itself just before its `kill_at`-th file-system step.
CHILD = r"""
import os, shutil, signal, sys
from pathlib import Path
from generators.site import publish

staging, out, kill_at, mode = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
steps = 0

def step(action):
    def wrapped(*args, **kwargs):
        global steps
        steps += 1
        if steps == kill_at:
            os.kill(os.getpid(), signal.SIGKILL)
        return action(*args, **kwargs)
    return wrapped

Path.rename = step(Path.rename)
publish.shutil.rmtree = step(shutil.rmtree)
exchange = step(publish.exchange) if mode == "exchange" else (lambda first, second: False)
publish.swap_in(staging, out, exchange)
print(steps)
"""


def site(folder: Path, text: str) -> Path:
    for page in PAGES:
        (folder / page).parent.mkdir(parents=True, exist_ok=True)
        (folder / page).write_text(text, encoding="utf-8")
    return folder


def contents(folder: Path) -> set[str]:
    return {(folder / page).read_text(encoding="utf-8") if (folder / page).is_file() else "missing" for page in PAGES}


def test_exchange_swaps_two_folders_in_place(tmp_path: Path) -> None:
    first, second = site(tmp_path / "a", "first"), site(tmp_path / "b", "second")
    if not exchange(first, second):
        pytest.skip("this system has no atomic exchange; the two-rename path is tested below")
    assert contents(first) == {"second"} and contents(second) == {"first"}


@pytest.mark.parametrize("mode", ["exchange", "two renames"])
def test_a_kill_at_any_step_of_the_swap_leaves_a_complete_site(tmp_path: Path, mode: str) -> None:
    kill_at, finished = 1, False
    while not finished:
        case = tmp_path / f"{kill_at}"
        out = site(case / "public", "old")
        staging = site(case / ".public.building-x", "new")
        run = subprocess.run([sys.executable, "-c", CHILD, str(staging), str(out), str(kill_at), mode],
                             capture_output=True, text=True, check=False)
        finished = run.returncode == 0
        assert finished or run.returncode == -9, run.stderr
        recover(out)
        assert contents(out) in ({"old"}, {"new"}), (mode, kill_at, contents(out))
        if finished:
            assert contents(out) == {"new"}
            assert sorted(p.name for p in case.iterdir()) == ["public"], "nothing left beside the site"
        kill_at += 1
    assert kill_at > 2, "the swap was interrupted at least once"
