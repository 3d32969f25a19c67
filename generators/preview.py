"""`kb serve`: render once, run `mkdocs serve`, and re-render whenever a record changes.

mkdocs watches the generated Markdown and reloads the browser; this module watches kb/ (polling, so it needs
no extra dependency) and re-renders the Markdown when a record changes, which is what mkdocs then picks up.
"""

from __future__ import annotations

import datetime
import subprocess
import sys
import time
from pathlib import Path

import click

from .build import REPO
from .export import write_api
from .render import render_site
from .validate import validate_kb

DOCS = REPO / "site" / "generated"


def fingerprint(root: Path) -> tuple[tuple[str, int], ...]:
    return tuple(sorted((str(p), p.stat().st_mtime_ns) for p in root.rglob("*.yaml")))


def render_once(root: Path, today: datetime.date) -> bool:
    kb, issues = validate_kb(root, today)
    for issue in issues:
        click.echo(str(issue), err=True)
    if issues:
        click.echo(f"{len(issues)} problem(s): the preview keeps the last good pages until they are fixed.", err=True)
        return False
    render_site(kb, DOCS, today)
    write_api(kb, DOCS / "api" / "v1", today)
    return True


def serve(root: Path, port: int, today: datetime.date) -> None:
    if not render_once(root, today) and not DOCS.exists():
        raise click.ClickException("the KB has problems and there is no earlier preview to show")
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}",
                               "--config-file", str(REPO / "mkdocs.yml")], cwd=REPO)
    seen = fingerprint(root)
    try:
        while server.poll() is None:
            time.sleep(1.0)
            current = fingerprint(root)
            if current != seen:
                seen = current
                click.echo("kb/ changed: re-rendering")
                render_once(root, today)
    except KeyboardInterrupt:
        pass
    finally:
        server.terminate()
        server.wait(timeout=10)
