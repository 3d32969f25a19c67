"""`mkdocs serve` as `kb serve` runs it: told of a changed page by the file system's change notices instead of
finding it by polling, and rebuilding 0.02 s after the last change seen instead of 0.1 s.

mkdocs' live-reload server polls the folders it watches (the docs folder, the configuration and the theme's folders)
every half second, so the page of an edited record waited a quarter of a second on average before mkdocs even
noticed it was rewritten, and an idle preview spent about a fifth of a core on the polls (measured at catalogue
scale: 18% of a core while nothing changed, polling every 0.1 s). `NoticeObserver` (notices.py) takes the notices
instead (inotify on Linux, through watchdog, which mkdocs already uses), for written files only; where notices
cannot be had it polls every POLLING_SECONDS. mkdocs' `serve` takes no option for either, so `python -m
generators.site.live_reload serve ...` gives mkdocs' serve command a server built this way, then runs mkdocs' own
command line as it is.
"""

from __future__ import annotations

from typing import Any

import mkdocs.commands.serve as serve_command
from mkdocs.livereload import LiveReloadServer

from .notices import NoticeObserver

POLLING_SECONDS = 0.1
"""How often the watched folders are polled where the file system sends no change notices (mkdocs: 0.5 s)."""
QUIET_SECONDS = 0.02
"""How long the server waits, once it saw a change, for the changes to stop before it rebuilds (mkdocs: 0.1 s).
`kb serve` writes each page in one call, so a longer wait only delayed the edited page (measured with `kb serve` at
catalogue scale: 0.10 s from "Detected file changes" to "Building documentation"); a page written after the rebuild
began is a change the next rebuild takes."""


class PromptReloadServer(LiveReloadServer):
    """mkdocs' live-reload server, watching its folders through a NoticeObserver and rebuilding QUIET_SECONDS after
    the last change it saw."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["polling_interval"] = POLLING_SECONDS
        super().__init__(*args, **kwargs)
        self.observer = NoticeObserver(POLLING_SECONDS)  # type: ignore[assignment]  # what mkdocs calls, it has
        self.build_delay = QUIET_SECONDS


def install() -> None:
    """Make mkdocs' serve command build its server as a PromptReloadServer (the name it builds it by)."""
    if not hasattr(serve_command, "LiveReloadServer"):
        return  # another mkdocs, serving some other way: it keeps its own watching
    serve_command.LiveReloadServer = PromptReloadServer


def main() -> None:
    from mkdocs.__main__ import cli

    install()
    cli()


if __name__ == "__main__":
    main()
