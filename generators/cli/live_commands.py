"""Commands that compare the KB with the world: `kb check` and the fake provider APIs it can run against."""

from __future__ import annotations

import datetime
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import click

from . import main
from .options import DATE, Number, day_or_today, kb_option, load_valid_kb, today_option


@main.command()
@kb_option()
@click.option("--live", is_flag=True, help="Also list every provider's models with the keys in the environment.")
@click.option("--stale-days", type=Number(1, 36_500, int), default=90, show_default=True,
              help="A current price not checked for longer than this is stale.")
@click.option("--drift", type=Number(0, 100, float), default=0.10, show_default=True,
              help="Live: relative price difference from OpenRouter's list that counts as drift.")
@click.option("--format", "output", type=click.Choice(["text", "markdown", "json", "github"]), default="text",
              show_default=True, help="Report format; markdown suits an issue body, github gives annotations.")
@click.option("--against", metavar="ORIGIN", help="Live: call the fake providers at this loopback origin "
              "(http://127.0.0.1:PORT, from `kb fake-providers`) instead of the real APIs.")
@click.option("--timeout", type=Number(0.1, 600, float), default=10.0, show_default=True,
              help="Live: the most seconds one request may take in total (a Retry-After is capped to it).")
@click.option("--as-of", "as_of", type=DATE, default=None,
              help="Live: compare with the prices in force on this day (a list read then); the KB is still validated "
                   "as of today.")
@today_option
def check(root: Path, live: bool, stale_days: int, drift: float, output: str, against: str | None, timeout: float,
          as_of: datetime.date | None, today: datetime.date | None) -> None:
    """Check that the KB is still true: stale prices and lifecycle dates, and with --live the providers' APIs.

    Exit 0: nothing found; 1: findings; 3: some checks could not run (timeouts, rate limits, bad responses);
    4: the KB does not validate (nothing was checked); 2: usage error. API keys never appear in any report.
    """
    from ..live.check import FORMATS, Report, check_live, check_offline

    day = day_or_today(today)
    kb = load_valid_kb(root, day)
    url_for = url_mapper(against)  # an --against that is not a loopback origin is refused before anything runs
    report = Report(day.isoformat())
    if live:
        keys = {p.id: os.environ.get(p.auth.env_var, "") for p in kb.providers if p.auth}
        report = check_live(kb, as_of or day, keys, url_for, drift=drift, timeout=timeout)
    report.findings = check_offline(kb, day, stale_days) + report.findings
    click.echo(FORMATS[output](report), nl=False)
    sys.exit(report.exit_code)


def url_mapper(against: str | None) -> Callable[[str, str], str]:
    """The URL each request goes to: the real one, or the fakes' counterpart at the `--against` loopback origin."""
    origin = loopback_origin(against) if against is not None else ""

    def url_for(provider_id: str, url: str) -> str:
        return f"{origin}/{provider_id}{urlsplit(url).path}" if origin else url

    return url_for


def loopback_origin(value: str) -> str:
    """`http://127.0.0.1:PORT` (or localhost, or [::1]) and nothing else: keys are sent there, so a userinfo
    trick (`http://127.0.0.1:1@host:port`) or any other host is refused."""
    try:
        parts = urlsplit(value)
        port = parts.port
    except ValueError:
        parts, port = None, None
    if parts is None or parts.scheme != "http" or parts.username is not None or parts.password is not None \
            or parts.hostname not in ("127.0.0.1", "localhost", "::1") or port is None \
            or parts.path not in ("", "/") or parts.query or parts.fragment:
        raise click.BadParameter(f"`{value}` is not a loopback origin; write http://127.0.0.1:PORT as printed by "
                                 "`kb fake-providers` (keys are sent there, so no other host is accepted)",
                                 param_hint="--against")
    return f"http://{'[::1]' if parts.hostname == '::1' else parts.hostname}:{port}"


@main.command("fake-providers")
@kb_option("The knowledge base whose offerings the fakes serve.")
@click.option("--port", type=Number(0, 65535, int), default=0, show_default=True, help="0 picks a free port.")
@click.option("--latency", type=Number(0, 60, float), default=0.0, show_default=True,
              help="Seconds each response is delayed.")
@today_option
def fake_providers(root: Path, port: int, latency: float, today: datetime.date | None) -> None:
    """Serve fake provider APIs on 127.0.0.1 until interrupted, and print the variables that point code at them."""
    from ..live.fakes.providers import FakeProviders

    day = day_or_today(today)
    kb = load_valid_kb(root, day)
    fakes = FakeProviders.from_kb(kb, latency=latency, on=day)
    origin = fakes.start(port)
    click.echo(f"# fake providers at {origin}; use `kb check --live --against {origin}`")
    for line in export_lines(kb.providers, fakes.url_for):
        click.echo(line)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        fakes.stop()


def export_lines(providers: Any, url_for: Any) -> list[str]:
    """`export VAR="URL"` for each OpenAI-compatible provider: meant for `eval`, so every value is a double-quoted
    shell word (escape.shell_double_quoted) and every name is the provider's own (a rule keeps them distinct)."""
    from ..escape import shell_double_quoted
    from ..live.snippets import compat_env

    return [f'export {compat_env(p)}="{shell_double_quoted(url_for(p.id, p.openai_compatible_base_url))}"'
            for p in providers if p.openai_compatible_base_url]
