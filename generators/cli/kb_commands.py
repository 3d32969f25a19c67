"""Commands on the knowledge base itself: validate, schemas, new, migrate, diff."""

from __future__ import annotations

import datetime
import json
import random
import sys
from pathlib import Path

import click

from ..escape import terminal
from ..kb import sample
from ..kb import schemas as schema_files
from ..kb.issues import Issue, KBUsageError, display_path
from ..kb.skeleton import new_record
from ..kb.validate import validate_kb
from . import main
from .options import DEFAULT_SCHEMAS, EXIT_FINDINGS, day_or_today, kb_option, kb_roots, load_valid_kb, today_option


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@today_option
def validate(paths: tuple[Path, ...], today: datetime.date | None) -> None:
    """Validate the knowledge base (default kb/): every problem, with file:line:column and a fix.

    A PATH may be a KB folder or any record in one; records only make sense together, so the whole KB
    that holds it is checked. Exits 0 when valid, 1 when there are problems, 2 on usage errors.
    """
    day = day_or_today(today)
    issues: list[Issue] = []
    counted = 0
    for root in kb_roots(paths):
        try:
            kb, found = validate_kb(root, day)
        except KBUsageError as error:
            raise click.UsageError(str(error)) from error
        counted += len(kb.entries)
        issues.extend(found)
    for issue in issues:
        click.echo(str(issue))
    if issues:
        click.echo(f"{len(issues)} problem{'s' * (len(issues) != 1)} found.", err=True)
        sys.exit(EXIT_FINDINGS)
    click.echo(f"{counted} records valid.", err=True)


@main.command()
@click.option("--check", is_flag=True, help="Fail if the committed schemas are stale, instead of writing them.")
@click.option("--out", type=click.Path(path_type=Path), default=DEFAULT_SCHEMAS, show_default=True,
              help="Folder of the JSON Schema files.")
def schemas(check: bool, out: Path) -> None:
    """Generate the JSON Schemas in schemas/ from the record models."""
    if check:
        problems = schema_files.stale(out)
        for name in problems:
            click.echo(f"{out / name}: out of date with the record models; run `kb schemas` and commit it")
        sys.exit(EXIT_FINDINGS if problems else 0)
    for path in schema_files.write(out):
        click.echo(f"wrote {path}")


@main.command()
@click.argument("kind")
@click.argument("record_id", metavar="ID")
@kb_option()
@click.option("--schemas", "schemas_folder", type=click.Path(path_type=Path), default=DEFAULT_SCHEMAS,
              show_default=True, help="Where the schemas are, for the editor header.")
@today_option
def new(kind: str, record_id: str, root: Path, schemas_folder: Path, today: datetime.date | None) -> None:
    """Write a new record KIND/ID.yaml with every required field filled with a placeholder.

    KIND is one of: source, provider, model, offering, price, attention, benchmark, claim, assessment,
    workload. Never overwrites an existing file.
    """
    try:
        path = new_record(root, kind, record_id, schemas_folder, day_or_today(today))
    except KBUsageError as error:
        raise click.UsageError(str(error)) from error
    click.echo(f"wrote {display_path(path)}: replace every TODO, then run `kb validate`")


@main.command()
@kb_option()
@click.option("--check", is_flag=True, help="Only report files that need upgrading; exit 1 if any do.")
def migrate(root: Path, check: bool) -> None:
    """Upgrade records to the current schema version of their kind, in place, keeping comments and key order."""
    from ..kb.migrate import migrate_kb

    outcomes = migrate_kb(root, write=not check)
    failed = [o for o in outcomes if o.error]
    for outcome in outcomes:
        if outcome.error and outcome.old is None:
            click.echo(f"{display_path(outcome.file)}: cannot be read: {outcome.error}")
        elif outcome.error:
            click.echo(f"{display_path(outcome.file)}: cannot upgrade from version {outcome.old}: {outcome.error}")
        else:
            verb = "needs upgrading" if check or failed else "upgraded"
            click.echo(f"{display_path(outcome.file)}: {verb} from version {outcome.old} to {outcome.new}")
    if failed and not check and len(failed) < len(outcomes):
        click.echo("nothing upgraded: fix the files above first; every file is upgraded together or none is")
    if failed or (check and outcomes):
        sys.exit(EXIT_FINDINGS)
    if not outcomes:
        click.echo("every record is at its current schema version")


@main.command()
@click.argument("base", metavar="REV")
@click.argument("head", metavar="[REV2]", required=False)
@kb_option("The knowledge base folder (inside a git repository).")
@click.option("--format", "output", type=click.Choice(["markdown", "json"]), default="markdown", show_default=True,
              help="Markdown for a pull-request comment, or JSON.")
def diff(base: str, head: str | None, root: Path, output: str) -> None:
    """What changed in the KB between git revision REV and REV2 (default: the working tree).

    Exits 1 when a past price snapshot was edited or removed without a recorded correction, 2 when a revision
    is missing (a shallow clone says how to fetch it).
    """
    from ..kb.diff import DiffError, diff_revisions
    from ..kb.diff_report import to_json, to_markdown

    try:
        result = diff_revisions(root, base, head)
    except DiffError as error:
        raise click.UsageError(str(error)) from error
    click.echo(to_json(result) if output == "json" else to_markdown(result), nl=False)
    if result.errors:
        sys.exit(EXIT_FINDINGS)


@main.command("sample")
@kb_option()
@click.option("--size", type=click.IntRange(min=1), default=40, show_default=True, help="How many facts to draw.")
@click.option("--seed", type=int, default=None,
              help="Draw this sample again (default: a new seed, printed with the sample).")
@click.option("--kind", "kinds", type=click.Choice(sample.KINDS), multiple=True,
              help="Draw only facts of this kind (repeat for several; default: every kind).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@today_option
def sample_facts(root: Path, size: int, seed: int | None, kinds: tuple[str, ...], fmt: str,
                 today: datetime.date | None) -> None:
    """Draw a random sample of the facts the site states, to check each against its source as a reader would.

    Each fact comes with the record file that holds it and the sources it cites: open them, find the newest
    first-party page, and fix what no longer holds. The seed is printed, so a reviewer can draw the same sample.
    """
    day = day_or_today(today)
    seed = seed if seed is not None else random.SystemRandom().randrange(1_000_000)
    drawn = sample.draw(load_valid_kb(root, day), day, size, seed, kinds or sample.KINDS)
    if fmt == "json":
        click.echo(json.dumps({"seed": seed, "day": day.isoformat(), "facts": [fact.as_json() for fact in drawn]},
                              indent=1))
        return
    click.echo(sample_text(drawn, day, seed))


def sample_text(drawn: list[sample.Fact], day: datetime.date, seed: int) -> str:
    """The sample for a terminal: a heading, then two lines per fact, record text made terminal-safe."""
    lines = [f"{len(drawn)} facts as of {day}, seed {seed} (draw them again with --seed {seed})"]
    for number, fact in enumerate(drawn, 1):
        lines.append(f"{number}. [{fact.kind}] {terminal(fact.subject)}: {terminal(fact.states)}")
        lines.append(f"   {display_path(fact.file)}; sources: {terminal(', '.join(fact.sources)) or 'none'}")
    return "\n".join(lines)
