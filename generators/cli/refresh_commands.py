"""`kb refresh`: read OpenRouter's list and the providers' own lists, and write what they establish into the KB."""

from __future__ import annotations

import asyncio
import datetime
import os
import sys
from pathlib import Path
from typing import Any

import click

from ..escape import terminal
from . import main
from .live_commands import url_mapper
from .options import DATE, Number, day_or_today, kb_option, load_valid_kb, today_option


@main.command()
@kb_option()
@click.option("--list", "saved", type=click.Path(path_type=Path, exists=True, dir_okay=False),
              help="A saved OpenRouter `GET /api/v1/models` response (or its `data` array) instead of reading it.")
@click.option("--against", metavar="ORIGIN", help="Read the list from the fake providers at this loopback origin.")
@click.option("--as-of", "as_of", type=DATE, default=None,
              help="The day the list was read (default: today): prices are compared with those in force then, and "
                   "new snapshots are observed on it.")
@click.option("--drift", type=Number(0, 100, float), default=0.10, show_default=True,
              help="Relative price difference that counts as a change.")
@click.option("--own-lists/--no-own-lists", default=True, show_default=True,
              help="Also read each provider's own model list whose key is in the environment (as `kb check --live` "
                   "does): its prices confirm or replace the KB's, its deprecations become proposals. Read now, so "
                   "only when --as-of is today.")
@click.option("--dry-run", is_flag=True, help="Report the change without writing it.")
@click.option("--format", "output", type=click.Choice(["text", "markdown", "json"]), default="text",
              show_default=True, help="The report's format (markdown suits a pull request or issue body).")
@click.option("--timeout", type=Number(0.1, 600, float), default=10.0, show_default=True,
              help="The most seconds reading the list may take.")
@today_option
def refresh(root: Path, saved: Path | None, against: str | None, as_of: datetime.date | None, drift: float,
            own_lists: bool, dry_run: bool, output: str, timeout: float, today: datetime.date | None) -> None:
    """Write what OpenRouter's list and the providers' own lists establish into the KB as one validated change
    (observed prices, prices confirmed at the provider, matched ids, lifecycle proposals); ids nobody offers are
    reported as discovered. A second run writes nothing.

    Exit 0: written (or nothing to write); 1: the change would not validate, nothing written; 3: the list could
    not be read; 4: the KB does not validate; 2: usage error.
    """
    from ..kb.transaction import TransactionRefused
    from ..live.refresh import plan
    from ..live.refresh_files import write
    from ..live.refresh_report import FORMATS

    day = day_or_today(today)
    list_day = as_of or day
    if list_day > day:
        raise click.BadParameter(f"{list_day} is after today ({day}): a list cannot be read in the future",
                                 param_hint="--as-of")
    kb = load_valid_kb(root, day)
    listed = read_list(kb, saved, against, timeout, list_day)
    change = plan(kb, listed, list_day, drift)
    if own_lists and list_day == day:
        read_own_lists(kb, change, against, timeout, list_day)
    written, refused = 0, ""
    if not dry_run:
        try:
            written = write(kb, root, change, list_day, day)
        except TransactionRefused as error:
            refused = str(error)
    click.echo(FORMATS[output](change, written, refused, dry_run), nl=False)
    sys.exit(1 if refused else 0)


def read_list(kb: Any, saved: Path | None, against: str | None, timeout: float, day: datetime.date) -> list[Any]:
    """A saved list as it is (it holds no endpoints), or the list read from OpenRouter (or the fakes) with the
    endpoints of the models the KB sells at routed hosts."""
    from ..interop.openrouter import load
    from ..live.aggregator import AGGREGATOR
    from ..live.dialects.openrouter import OpenRouter
    from ..live.endpoints import with_endpoints
    from ..live.upstream import UpstreamError, list_all

    if saved is not None:
        try:
            return [OpenRouter().parse(item) for item in load(saved) if isinstance(item, dict)]
        except ValueError as error:  # ShapeError included: an entry without an id
            raise click.BadParameter(str(error), param_hint="--list") from error
    provider = kb.get("providers", AGGREGATOR)
    if provider is None:
        raise click.UsageError(f"the KB has no `{AGGREGATOR}` provider record to read the list from")
    url_for = url_mapper(against)
    result = asyncio.run(list_all([provider], {AGGREGATOR: ""}, url_for, timeout))[AGGREGATOR]
    if isinstance(result, UpstreamError):
        click.echo(f"could not read the list: {result}", err=True)
        sys.exit(3)
    key = os.environ.get(provider.auth.env_var, "") if provider.auth else ""
    routed, failed = with_endpoints(kb, result, day, url_for, key, timeout)
    for failure in failed:  # those models' host offerings stay uncompared; the rest of the change stands
        click.echo(terminal(f"could not read endpoints: {failure}"), err=True)
    return routed


def read_own_lists(kb: Any, change: Any, against: str | None, timeout: float, day: datetime.date) -> None:
    """Plan from every provider's own list that a key in the environment can read (the fakes' with --against);
    a list that cannot be read is said in the report and establishes nothing."""
    from ..live.aggregator import AGGREGATOR
    from ..live.first_party import plan_provider
    from ..live.upstream import UpstreamError, list_all

    listable = [p for p in kb.providers if p.models_endpoint and p.auth and p.id != AGGREGATOR]
    keys = {p.id: os.environ.get(p.auth.env_var, "") for p in listable}
    chosen = [p for p in listable if keys[p.id]]
    change.unread += [f"{p.id}: {p.auth.env_var} is not set" for p in listable if not keys[p.id]]
    results = asyncio.run(list_all(chosen, keys, url_mapper(against), timeout)) if chosen else {}
    for provider in chosen:
        result = results[provider.id]
        if isinstance(result, UpstreamError):
            change.unread.append(str(result))
        else:
            plan_provider(kb, provider, result, day, change)

