"""The `kb` command: a thin layer over the library functions of each pipeline stage.

Commands are grouped by the stage they drive (kb_commands, site_commands, live_commands, interop_commands);
what they share (the KB option, dates, loading a valid KB, exit codes) lives in `options`.
"""

from __future__ import annotations

import click


@click.group()
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
