"""Commands that move data between the KB and other catalogues (LiteLLM, OpenRouter)."""

from __future__ import annotations

import datetime
import json
import sys
from pathlib import Path
from typing import Any

import click

from ..escape import terminal
from ..kb.files import OutputRefused, write_output
from ..kb.link import link
from . import main
from .init_command import init_kb, inside_kb
from .options import DATE, EXIT_FINDINGS, day_or_today, kb_option, kb_root, load_valid_kb, today_option


def into_root(path: Path) -> Path:
    """The KB holding `path`; a path that does not exist yet is a new KB (not one nested inside another)."""
    if path.exists():
        return kb_root(path)
    outer = inside_kb(path)
    if outer is not None:
        raise click.UsageError(f"{path} does not exist and lies inside the knowledge base at {outer}; import into "
                               f"{outer} itself, or name a folder outside it for a new knowledge base")
    return path


@main.group("import")
def import_() -> None:
    """Import other catalogues into the KB (new records and new dated price snapshots only)."""


def import_options(function: Any) -> Any:
    function = click.option("--into", "root", type=click.Path(path_type=Path), default=Path("kb"), show_default=True,
                            callback=lambda ctx, param, value: into_root(value),
                            help="The knowledge base to import into (or any path inside it); a folder that does "
                                 "not exist becomes a new knowledge base.")(function)
    function = click.option("--as-of", "as_of", type=DATE, default=None,
                            help="The date the file's prices were read (default: today).")(function)
    function = click.option("--dry-run", is_flag=True, help="Report what would be imported; write nothing.")(function)
    return today_option(function)


def run_import(kind: str, file: Path, root: Path, as_of: datetime.date | None, dry_run: bool,
               today: datetime.date | None, providers: tuple[str, ...] = (), existing: bool = False) -> None:
    from ..interop.litellm import import_litellm
    from ..interop.openrouter import import_openrouter

    day = day_or_today(today)
    if not root.exists() and not dry_run:
        init_kb(root)
    kb = load_valid_kb(root, day) if root.exists() else link([])
    read_on = as_of or day
    if read_on > day:
        raise click.BadParameter(f"{read_on} is after today ({day})", param_hint="--as-of")
    try:
        if kind == "litellm":
            report = import_litellm(kb, root, file, read_on, set(providers) or None, day, dry_run, existing)
        else:
            report = import_openrouter(kb, root, file, read_on, day, dry_run)
    except ValueError as error:
        raise click.ClickException(str(error)) from error
    click.echo(report.text(), nl=False)
    if report.aborted and report.aborted != "dry run":
        sys.exit(EXIT_FINDINGS)


@import_.command("litellm")
@click.argument("file", type=click.Path(path_type=Path, exists=True, dir_okay=False))
@click.option("--provider", "providers", multiple=True, metavar="P",
              help="Only entries whose litellm_provider is P (repeatable).")
@click.option("--existing", is_flag=True, help="Only give the KB's own offerings new dated price snapshots: "
                                                "create no host, model or offering.")
@import_options
def import_litellm_command(file: Path, providers: tuple[str, ...], existing: bool, root: Path,
                           as_of: datetime.date | None, dry_run: bool, today: datetime.date | None) -> None:
    """Import LiteLLM's model_prices_and_context_window.json: providers, models, offerings, prices.

    Keys that cannot be mapped and entries that are skipped are reported with counts. Existing records are never
    overwritten; an existing offering gains a new dated snapshot when its price differs or the feed lists prices
    its price in force lacks (a cached rate, say). Exit 1 when the result would not validate (nothing is written
    then).
    """
    run_import("litellm", file, root, as_of, dry_run, today, providers, existing)


@import_.command("openrouter")
@click.argument("file", type=click.Path(path_type=Path, exists=True, dir_okay=False))
@import_options
def import_openrouter_command(file: Path, root: Path, as_of: datetime.date | None, dry_run: bool,
                              today: datetime.date | None) -> None:
    """Import a saved OpenRouter `GET /api/v1/models` response as OpenRouter offerings with prices."""
    run_import("openrouter", file, root, as_of, dry_run, today)


@main.group()
def export() -> None:
    """Export the KB in other catalogues' formats."""


@export.command("litellm")
@kb_option()
@click.option("--out", type=click.Path(path_type=Path, dir_okay=False), help="Write here instead of stdout.")
@click.option("--replace", is_flag=True, help="Overwrite --out if it exists (never a file inside the KB).")
@today_option
def export_litellm_command(root: Path, out: Path | None, replace: bool, today: datetime.date | None) -> None:
    """Write the KB as a LiteLLM-compatible cost map (per-token prices, limits, supports_*, deprecation_date)."""
    from ..interop.litellm_export import export_litellm

    kb = load_valid_kb(root, day_or_today(today))
    text = json.dumps(export_litellm(kb, day_or_today(today)), indent=4) + "\n"
    if out is None:
        click.echo(text, nl=False)
    else:
        try:
            write_output(out, text, root, replace)
        except OutputRefused as error:
            raise click.BadParameter(str(error), param_hint="--out") from error
        click.echo(f"wrote {len(json.loads(text)):,} entries to {out}", err=True)


@main.command()
@kb_option()
@click.option("--against", type=click.Path(path_type=Path, exists=True, dir_okay=False),
              help="LiteLLM's cost map or a saved OpenRouter models list (whole response or bare `data` array).")
@click.option("--format", "output", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="A table for people, or JSON (the same as the site's api/v1/coverage.json).")
@today_option
def coverage(root: Path, against: Path | None, output: str, today: datetime.date | None) -> None:
    """What the KB covers per lab: newest model, newest source, unpriced and unchecked offerings, and with --against
    the models another catalogue knows for a covered lab that the KB lacks."""
    from ..interop.coverage import coverage as measure
    from ..interop.coverage import read_known

    day = day_or_today(today)
    kb = load_valid_kb(root, day)
    try:
        known = read_known(against) if against else None
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="--against") from error
    report = measure(kb, day, known.labs if known else None, known.name if known else None)
    if output == "json":
        click.echo(report.as_json(), nl=False)
        return
    click.echo(f"{'lab':12} {'models':>6} {'newest model':28} {'newest source':13} {'unpriced':>8} "
               f"{'unchecked':>9} {'stale':>5}" + (f" {'missing':>7}" if known else ""))
    for lab in report.labs:
        click.echo(terminal(f"{lab.lab:12} {lab.models:6} {(lab.newest_model or '-')[:28]:28} "
                            f"{lab.newest_source or '-':13} "
                            f"{len(lab.unpriced):8} {len(lab.never_checked):9} {len(lab.stale):5}"
                            + (f" {len(lab.missing):7}" if known else "")))
    if known:
        for lab in report.labs:
            if lab.missing:
                click.echo("\n" + terminal(f"{lab.lab}: {len(lab.missing)} known to {known.name}, missing here: "
                                           + ", ".join(lab.missing)))
