"""Change many record files as one step: a kill at any moment leaves the KB as it was or as it will be, never half.

Each file written atomically is not enough: an import or a refresh that writes a model, its offering and its
price can be stopped between two files, leaving records that point at nothing. So a change is staged whole in a
copy of the KB folder beside it (hard links for the files it does not touch, so the copy is cheap), checked there,
and then the two folders are exchanged in one system call (renameat2 with RENAME_EXCHANGE). Where the system has
no such call the files are replaced one by one, each atomically: the best that system allows.

Files written get the modes the umask says, as any new file would.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import os
import shutil
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from .files import replace_atomically, umask

RENAME_EXCHANGE = 2
AT_FDCWD = -100
STAGING_PREFIX = ".txn-"


class TransactionRefused(Exception):
    """The staged KB failed its check: nothing was written."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(f"{len(problems)} problem(s); nothing was written: " + " | ".join(problems[:5]))
        self.problems = problems


def _renameat2() -> Any:
    libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
    return getattr(libc, "renameat2", None)


def exchange(first: Path, second: Path) -> bool:
    """Swap two existing folders atomically; False when the system cannot (not Linux, old libc or file system)."""
    call = _renameat2()
    if call is None:
        return False
    if call(AT_FDCWD, os.fsencode(first), AT_FDCWD, os.fsencode(second), RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(first), None, str(second))


def staging_folders(root: Path) -> list[Path]:
    """Staged copies of `root` a killed change left beside it (only ever ones this module named)."""
    return sorted(p for p in root.parent.glob(f".{root.name}{STAGING_PREFIX}*") if p.is_dir() and not p.is_symlink())


def apply(root: Path, writes: Mapping[Path, str], check: Callable[[Path], list[str]] | None = None) -> None:
    """Write every `writes` file (paths inside `root`) as one step. `check(staged_root)` returns problems with the
    staged KB; any problem raises TransactionRefused and leaves `root` untouched."""
    root = root.resolve()
    targets = {root / Path(path).resolve().relative_to(root): text for path, text in writes.items()}
    for leftover in staging_folders(root):
        shutil.rmtree(leftover, ignore_errors=True)
    staged = Path(tempfile.mkdtemp(prefix=f".{root.name}{STAGING_PREFIX}", dir=root.parent))
    try:
        os.chmod(staged, 0o777 & ~umask())  # mkdtemp makes 0700; the KB folder keeps ordinary modes
        shutil.copytree(root, staged, copy_function=os.link, dirs_exist_ok=True)
        shutil.copystat(root, staged)
        for target, text in targets.items():
            file = staged / target.relative_to(root)
            file.parent.mkdir(parents=True, exist_ok=True)
            file.unlink(missing_ok=True)  # a hard link to the live file: write a new one, never through it
            file.write_text(text, encoding="utf-8")
        problems = check(staged) if check else []
        if problems:
            raise TransactionRefused(problems)
        if not exchange(staged, root):
            for target, text in targets.items():
                replace_atomically(target, text)
    except OSError as error:  # name the KB's own path, not the staging copy the reader never saw
        named = Path(str(error.filename)) if error.filename else None
        if named is None or not named.is_relative_to(staged):
            raise
        raise OSError(error.errno, error.strerror, str(root / named.relative_to(staged))) from error
    finally:
        shutil.rmtree(staged, ignore_errors=True)  # after the exchange it holds the old KB
