"""What every `kb` command shares: the KB folder option, the date parameter, and "load a valid KB or exit"."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

import click

from ..kb.issues import KBUsageError
from ..kb.link import KB
from ..kb.load import is_kb_root
from ..kb.validate import judged_on, validate_kb

DEFAULT_KB = Path("kb")
DEFAULT_SCHEMAS = Path("schemas")

Command = TypeVar("Command", bound=Callable[..., Any])
"""A command's function, which an option decorator returns as it was given."""

EXIT_FINDINGS = 1
"""The command found what it looks for (problems, findings, files to upgrade)."""
EXIT_USAGE = 2
"""Click's code for a command called wrongly."""
EXIT_INVALID_KB = 4
"""The knowledge base itself does not validate, so the command did not run: distinct from findings, so that a
scheduled check fails loudly instead of reporting "nothing found"."""


class DateParam(click.ParamType[datetime.date, Any]):
    """A YYYY-MM-DD date on the command line."""

    name = "YYYY-MM-DD"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> datetime.date:
        if isinstance(value, datetime.date):
            return value
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            self.fail(f"`{value}` is not a date; write YYYY-MM-DD", param, ctx)


DATE = DateParam()

PLAIN_NUMBER = re.compile(r"[0-9]+(?:\.[0-9]+)?")
"""ASCII digits with at most one point: no sign, exponent, underscore, `inf` or other scripts' digits, which
Python's int(), float() and Decimal() all accept (`1e309`, `1_000`, Arabic-Indic `١٠٠`)."""


class Number(click.ParamType[Any, Any]):
    """A number on the command line, written plainly and within [low, high]: `kind` int, float or Decimal."""

    name = "NUMBER"

    def __init__(self, low: float, high: float, kind: type = Decimal) -> None:
        self.low, self.high, self.kind = low, high, kind

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        text = str(value)
        typed = isinstance(value, int | float | Decimal) and not isinstance(value, bool)  # a default given in code
        if not typed and (not PLAIN_NUMBER.fullmatch(text) or (self.kind is int and "." in text)):
            whole = "a whole number" if self.kind is int else "a number"
            self.fail(f"`{value}` is not {whole} written with the digits 0-9 (no sign, exponent or separator)",
                      param, ctx)
        number = Decimal(text)
        if not self.low <= number <= self.high:
            self.fail(f"`{value}` is outside {self.low:,} to {self.high:,}", param, ctx)
        return self.kind(text) if self.kind is not float else float(number)


def today_option(function: Command) -> Command:
    return click.option("--today", type=DATE, default=None,
                        help="Judge dates as if today were this day (default: the real today).")(function)


def kb_option(help_text: str = "The knowledge base folder (or any path inside one).", name: str = "--kb"
              ) -> Callable[[Command], Command]:
    return click.option(name, "root", type=click.Path(path_type=Path), default=DEFAULT_KB, show_default=True,
                        callback=lambda ctx, param, value: kb_root(value), help=help_text)


def day_or_today(value: datetime.date | None) -> datetime.date:
    return value or datetime.date.today()


def kb_root(path: Path) -> Path:
    """The KB root that holds `path`: the folder itself, or the nearest parent with kind folders in it."""
    if not path.exists():
        raise click.UsageError(f"{path} does not exist")
    candidate = path.resolve()
    while not is_kb_root(candidate):
        if candidate.parent == candidate:
            raise click.UsageError(
                f"{path} is not inside a knowledge base (a folder with providers/, models/, ... in it); "
                "`kb init DIR` makes a new one")
        candidate = candidate.parent
    return candidate


def kb_roots(paths: tuple[Path, ...]) -> list[Path]:
    roots: list[Path] = []
    for path in paths or (DEFAULT_KB,):
        root = kb_root(path)
        if root not in roots:
            roots.append(root)
    return roots


def load_valid_kb(root: Path, today: datetime.date) -> KB:
    """The linked KB, or exit with EXIT_INVALID_KB after printing every problem. Records are judged valid on
    `judged_on(today)`, so a command asked about an earlier day still reads a KB holding newer facts."""
    try:
        kb, issues = validate_kb(root, judged_on(today))
    except KBUsageError as error:
        raise click.UsageError(str(error)) from error
    if issues:
        for issue in issues:
            click.echo(str(issue), err=True)
        click.echo(f"{len(issues)} problem(s) in the knowledge base at {root}; fix them (`kb validate`) first.",
                   err=True)
        raise SystemExit(EXIT_INVALID_KB)
    return kb
