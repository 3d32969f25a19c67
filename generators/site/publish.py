"""Put a built site in place of the old one so that a kill at any moment leaves a complete site at `out`.

On Linux the two folders are exchanged in one system call (renameat2 with RENAME_EXCHANGE), so `out` is always
either the whole old site or the whole new one. Where that call is missing, the old site is renamed aside first;
a kill between the two renames leaves `out` missing and the old site beside it, and the next build puts it back
(`recover`) before doing anything else.

A build replaces its output folder whole, so it refuses one that holds what it would destroy (the KB, the
repository, files no build wrote) and leaves in each site it writes a marker listing its files.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from ..kb.files import umask
from ..kb.issues import KBUsageError
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


def staging_beside(out: Path) -> Path:
    """A new, empty folder beside `out` for a build to write its site into (after putting back an old site a killed
    build left aside), readable as a published site is."""
    out.parent.mkdir(parents=True, exist_ok=True)
    recover(out)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.building-", dir=out.parent))
    os.chmod(staging, 0o777 & ~umask())  # mkdtemp makes 0700: a web server as another user would get 403
    return staging


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


def refuse_dangerous_out(out: Path, kb_root: Path, site: bool = True, option: str = "--out") -> None:
    """The output folder is deleted and replaced: it must not be, contain or sit inside what it would destroy.
    `option` names the folder in messages (`--out`, `--cache`)."""
    target = out.resolve()
    protected = {kb_root.resolve(): "the knowledge base", Path.cwd().resolve(): "the current directory"}
    repo = kb_root.resolve().parent
    protected.setdefault(repo, "the repository holding the knowledge base")
    for place, what in protected.items():
        if target == place or target in place.parents:
            raise KBUsageError(f"{option} {out} would replace {what} ({place}); choose a new folder such as public/")
        if place in target.parents and place != repo and place != Path.cwd().resolve():
            raise KBUsageError(f"{option} {out} lies inside {what} ({place}); choose a folder outside it")
    if out.is_symlink():
        raise KBUsageError(f"{option} {out} is a symbolic link; name the folder itself (a build replaces what it "
                           "names)")
    if target.exists() and not target.is_dir():
        raise KBUsageError(f"{option} {out} is a file; name a folder")
    if site and target.is_dir() and any(target.iterdir()):
        foreign = not_built_here(target)
        if foreign:
            raise KBUsageError(f"{option} {out} holds files a build did not write ({', '.join(foreign[:3])}"
                               f"{', ...' if len(foreign) > 3 else ''}); a build replaces its folder whole, so move "
                               "them out or name a new folder (or public/)")


MARKER = ".kb-build"
"""The file every build leaves in its output, so the next build knows the folder is its own to replace."""


def files_in(root: Path) -> set[str]:
    """Every file of a site under `root`, as a path relative to it: what a build wrote there."""
    return {os.path.relpath(os.path.join(folder, name), root) for folder, _, names in os.walk(root) for name in names}


def not_built_here(folder: Path) -> list[str]:
    """The files in `folder` that no build wrote: everything when it has no marker (nor, from builds before the
    marker, a site's index and sitemap); else whatever the marker's list of written files does not name."""
    # rglob, not files_in: it follows a linked folder, so files linked in from elsewhere count as foreign too
    found = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if not p.is_dir())
    marker = folder / MARKER
    if not marker.is_file():
        legacy = (folder / "index.html").is_file() and (folder / "sitemap.xml").is_file()
        return [] if legacy else found
    written = set(marker.read_text(encoding="utf-8").splitlines()[1:])
    return [] if not written else [f for f in found if f not in written and f != MARKER]


def write_marker(site: Path) -> None:
    """The marker, listing every file the build wrote, so the next build replaces only what a build made."""
    files = sorted(files_in(site))
    (site / MARKER).write_text("written by kb build: the next build replaces this folder whole\n" + "\n".join(files)
                               + "\n", encoding="utf-8")
