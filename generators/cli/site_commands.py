"""Commands that build and preview the site."""

from __future__ import annotations

import datetime
from pathlib import Path

import click

from ..interop.coverage import read_known
from ..kb.issues import KBUsageError
from ..site.build import build as build_site
from ..site.checked import BuildError
from . import main
from .options import EXIT_INVALID_KB, Number, day_or_today, kb_option, today_option


@main.command()
@kb_option()
@click.option("--out", type=click.Path(path_type=Path, file_okay=False), default=Path("public"),
              show_default=True, help="Where the built site goes (replaced only when the build succeeds; never the "
              "KB, the repository or the current directory).")
@click.option("--coverage-against", "against", type=click.Path(path_type=Path, exists=True, dir_okay=False),
              help="LiteLLM's cost map or a saved OpenRouter list: the Coverage page lists the models it knows for a "
              "covered lab that the KB lacks.")
@click.option("--jobs", type=Number(1, 64, int), default=None,
              help="Processes that render pages and run mkdocs (default: one per CPU; a small site uses one).")
@click.option("--cache", type=click.Path(path_type=Path, file_okay=False), default=None,
              help="A folder for the previous build's pages: pages none of whose reads of the KB changed are not "
              "rendered, pages whose Markdown did not change are taken from it (the same bytes as a clean build), "
              "and it is rewritten after each build.")
@today_option
def build(root: Path, out: Path, against: Path | None, jobs: int | None, cache: Path | None,
          today: datetime.date | None) -> None:
    """Validate the KB, render the site and JSON API, and build it with `mkdocs build --strict`."""
    try:
        known = read_known(against) if against else None
        report = build_site(root, out, day_or_today(today), known=known, jobs=jobs, cache=cache)
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="--coverage-against") from error
    except KBUsageError as error:
        raise click.UsageError(str(error)) from error
    except BuildError as error:
        for issue in error.issues:
            click.echo(str(issue))
        click.echo(f"Error: {error}", err=True)
        raise SystemExit(EXIT_INVALID_KB if error.issues else 1) from error
    reused = "" if report.reused is None else f"; {report.reused} unchanged page(s) taken from {cache}/"
    if cache is not None:
        reused += f"; {report.not_rendered} page(s) not rendered again, nothing they read having changed"
    click.echo(f"built {report.pages} pages into {out}/ (render {report.render_seconds:.1f} s, "
               f"mkdocs {report.mkdocs_seconds:.1f} s in {len(report.shard_seconds)} process(es){reused})")


@main.command()
@kb_option()
@click.option("--port", type=Number(1, 65535, int), default=8000, show_default=True, help="Port on 127.0.0.1.")
@today_option
def serve(root: Path, port: int, today: datetime.date | None) -> None:
    """Preview the site on 127.0.0.1 with live reload: edits to kb/ re-render the pages."""
    from ..site.preview import serve as run_preview

    run_preview(root, port, day_or_today(today))  # a KBUsageError ends as a usage error (cli.Commands)
