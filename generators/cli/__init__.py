"""The `kb` command: a thin layer over the library functions of each pipeline stage.

Commands are grouped by the stage they drive (kb_commands, site_commands, live_commands, interop_commands);
what they share (the KB option, dates, loading a valid KB, exit codes) lives in `options`.
"""

from __future__ import annotations

import errno
from typing import Any

import click

from ..escape import terminal
from ..kb.issues import KBUsageError

FIXES = {errno.EACCES: "check who owns it and that you may write there",
         errno.EPERM: "check its permissions and attributes (read-only or immutable files and folders)",
         errno.ENOENT: "check that the folder above it exists",
         errno.ENOTDIR: "a part of the path above it is a file, not a folder: choose another path",
         errno.EROFS: "it is on a read-only file system: choose a folder you may write",
         errno.ENOSPC: "free some disk space and run the command again"}


class Commands(click.Group):
    """Every command's file-system failure (a folder it may not write, a path that does not exist) ends as one
    line naming the path and a fix, exit 1, never a traceback; a KB that cannot be read as one is a usage error
    naming why (exit 2). Each command writes through a transaction or an
    atomic replace, so a failure leaves nothing half-written for this message to explain."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except BrokenPipeError:
            raise  # the reader went away (`kb export litellm | head`): nothing to explain
        except KBUsageError as error:  # a KB that cannot be read as a KB (a kind folder linked out of it)
            raise click.UsageError(str(error)) from error
        except OSError as error:
            path = error.filename if error.filename is not None else "a file"
            fix = FIXES.get(error.errno or 0, "check the path and its permissions")
            raise click.ClickException(terminal(f"{path}: {error.strerror or error}; {fix}")) from error


@click.group(cls=Commands)
@click.version_option(package_name="frontier-landscape")
def main() -> None:
    """Frontier Landscape: validate, build and check the knowledge base of frontier LLMs."""


from . import (  # noqa: E402  (they register on main)
    choose_commands,
    init_command,
    interop_commands,
    kb_commands,
    live_commands,
    refresh_commands,
    site_commands,
)

__all__ = ["choose_commands", "init_command", "interop_commands", "kb_commands", "live_commands", "main",
           "refresh_commands", "site_commands"]
