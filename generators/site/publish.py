"""Put a built site in place of the old one so that a kill at any moment leaves a complete site at `out`.

On Linux the two folders are exchanged in one system call (renameat2 with RENAME_EXCHANGE), so `out` is always
either the whole old site or the whole new one. Where that call is missing, the old site is renamed aside first;
a kill between the two renames leaves `out` missing and the old site beside it, and the next build puts it back
(`recover`) before doing anything else.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from pathlib import Path

from ..kb.transaction import exchange


def aside(out: Path) -> list[Path]:
    """Old sites a build renamed aside, newest first (their names end in the time they were renamed)."""
    found = [p for p in out.parent.glob(f".{out.name}.old-*") if p.is_dir() and p.name.rpartition("-")[2].isdigit()]
    return sorted(found, key=lambda p: int(p.name.rpartition("-")[2]), reverse=True)


def recover(out: Path) -> Path | None:
    """If a build was killed between its two renames, `out` is missing and the old site sits beside it: put it
    back. Returns the folder restored."""
    if out.exists() or not out.parent.is_dir():
        return None
    for old in aside(out):
        old.rename(out)
        return out
    return None


def swap_in(staging: Path, out: Path, exchange_folders: Callable[[Path, Path], bool] = exchange) -> None:
    """Put the new site (`staging`) at `out`; the old site, if any, is deleted only once the new one is in place.
    `staging` is gone afterwards."""
    if not out.exists():
        staging.rename(out)
        return
    if exchange_folders(staging, out):
        shutil.rmtree(staging)  # now holds the old site
        return
    old = out.parent / f".{out.name}.old-{time.time_ns()}"
    out.rename(old)
    staging.rename(out)
    shutil.rmtree(old, ignore_errors=True)
