"""`kb choose`: the live offerings meeting a reader's constraints, ranked by the workload's monthly cost."""

from __future__ import annotations

import dataclasses
import datetime
import json
from pathlib import Path
from typing import Any

import click

from ..escape import md_code, terminal
from ..kb import choose as rules
from ..kb.choose_results import as_json
from ..kb.evidence import no_date_words
from ..kb.presets import all_presets
from ..kb.records import Workload
from . import main
from .options import Number, day_or_today, kb_option, load_valid_kb, today_option


def _list(value: str | None) -> tuple[str, ...]:
    return tuple(x.strip() for x in (value or "").split(",") if x.strip())


@main.command("choose")
@kb_option()
@click.option("--preset", help="Start from a seed row's constraints (an assessment id, e.g. decision-long-documents).")
@click.option("--workload", "workload_id",
              help="Tokens in/out, calls a day and days a month from a workload record.")
@click.option("--in", "input_tokens", type=Number(0, 100_000_000, int),
              help="Tokens in per call (default 1000).")
@click.option("--out", "output_tokens", type=Number(0, 100_000_000, int),
              help="Tokens out per call (default 500).")
@click.option("--calls", "calls_per_day", type=Number(1, 1_000_000_000, int),
              help="Calls a day (default 1000).")
@click.option("--days", "days_per_month", type=Number(1, 31, int), help="Days a month (default 30).")
@click.option("--context", "min_context", type=Number(1, 100_000_000, int), help="Minimum context window in tokens.")
@click.option("--output", "output_needed", type=Number(1, 100_000_000, int), help="Max output needed, in tokens.")
@click.option("--inputs", help=f"Input modalities, comma-separated ({', '.join(rules.MODALITIES)}).")
@click.option("--outputs", help="Output modalities, comma-separated.")
@click.option("--caps", help=f"Capabilities, comma-separated ({', '.join(rules.CAPABILITIES)}).")
@click.option("--weights", type=click.Choice(list(rules.WEIGHTS)), help="Which weights are acceptable (default any).")
@click.option("--region", help="A region or data-residency zone the offering or its provider serves (e.g. EU).")
@click.option("--providers", help="Only these provider ids, comma-separated.")
@click.option("--exclude", help="Leave out these provider ids, comma-separated.")
@click.option("--budget", type=Number(0, 1_000_000_000_000), help="Monthly budget in USD.")
@click.option("--cached", "cached_share", type=Number(0, 1), help="Share of input tokens served from cache, 0 to 1.")
@click.option("--benchmark", help="A benchmark id whose score is shown beside each offering, with the Pareto front.")
@click.option("--reporter", type=click.Choice(list(rules.REPORTERS)),
              help="Whose scores count: vendor-reported, independent, or any (default; each row says whose).")
@click.option("--min-score", "min_score", type=Number(0, 1_000_000_000),
              help="Keep only offerings whose model scores at least this on --benchmark.")
@click.option("--rank", type=click.Choice(list(rules.RANKS)),
              help="Rank by monthly cost (default) or by the best score on --benchmark, then cost.")
@click.option("--format", "fmt", type=click.Choice(["text", "markdown", "json"]), default="text", show_default=True)
@today_option
def choose_command(root: Path, preset: str | None, workload_id: str | None, fmt: str, today: datetime.date | None,
                   **options: Any) -> None:
    """Rank the live offerings meeting your constraints by the workload's monthly cost, or by score.

    Says how many offerings each constraint excluded (each counted once, against the first constraint it fails,
    in the order of the options above), and lists apart those without a price or a published limit. The site's
    Choose page applies the same rules; its URL query and these options name the same constraints.
    """
    day = day_or_today(today)
    kb = load_valid_kb(root, day)
    base = rules.Constraints()
    if preset:
        presets = all_presets()
        if preset not in presets:
            raise click.BadParameter(f"no preset `{preset}`; choose from {', '.join(sorted(presets))}",
                                     param_hint="--preset")
        base = presets[preset]
    if workload_id:
        workload = kb.get("workloads", workload_id)
        if not isinstance(workload, Workload):
            raise click.BadParameter(f"no workload `{workload_id}` in {root}", param_hint="--workload")
        base = dataclasses.replace(base, input_tokens=workload.input_tokens, output_tokens=workload.output_tokens,
                                   calls_per_day=workload.calls_per_day, days_per_month=workload.days_per_month)
    given = {name: _list(value) if name in ("inputs", "outputs", "caps", "providers", "exclude") else value
             for name, value in options.items() if value is not None}
    renamed = {"inputs": "input_modalities", "outputs": "output_modalities", "caps": "capabilities"}
    changes: dict[str, Any] = {renamed.get(k, k): v for k, v in given.items()}  # each checked by its option
    constraints = dataclasses.replace(base, **changes)
    try:
        result = rules.choose(kb, constraints, day)
    except ValueError as error:
        raise click.UsageError(str(error)) from error
    data = as_json(result, kb, day)
    if fmt == "json":
        click.echo(json.dumps(data, indent=1, allow_nan=False))  # JSON has no Infinity: the limits keep it finite
        return
    click.echo(render(data, markdown=fmt == "markdown", benchmark=constraints.benchmark))


def render(data: dict[str, Any], markdown: bool, benchmark: str) -> str:
    lines = [f"{data['candidates']} live offerings: {len(data['ranked'])} meet every constraint, "
             f"{len(data['not_enough_data'])} lack data."]
    lines += [f"{'- ' if markdown else '  '}{e['count']} excluded: {e['reason']}" for e in data["excluded"]]
    if data["rank"] == "score":
        lines.append(f"Ranked by the best {data['reporter'] if data['reporter'] != 'any' else ''} score on "
                     f"{benchmark}, then by cost.".replace("  ", " "))
    if data["mixed_reporters"]:
        lines.append("Scores mix vendor-reported and independent results: each row says whose (--reporter to pick).")
    def free(text: str) -> str:  # record text: a code span in a Markdown table, one safe line on a terminal
        return md_code(text, table=True) if markdown else terminal(text)

    rows = [[str(i), r["offering"], f"${r['monthly_usd']:,.2f}", f"{r['context_window']:,}" if r["context_window"]
             else "?", f"${r['input_per_m']:g} / ${r['output_per_m']:g}",
             r["weights"] + (f" · {free(r['license'])}" if r["license"] else ""),
             r["status"] + (f" {r['retires']}" if r["retires"] else "")
             + (f" (secondary sources only{no_date_words(r['retires_no_date_on'])})"
                if r["retires_first_party"] is False else "")
             + (" !" if r["retires_within_month"] else ""),
             r["checked"] or "never"] for i, r in enumerate(data["ranked"], 1)]
    head = ["#", "offering", "USD/month", "context", "$/1M in / out", "weights · licence", "status", "checked"]
    if benchmark:
        head += [f"score: {benchmark}", "pareto"]
        for row, r in zip(rows, data["ranked"], strict=True):
            score = r["score"]
            row += [f"{score['score']:g} ({score['reported_by']}: {free(score['reporter'])}, {score['date']})"
                    if score else "-", "*" if r["pareto"] else ""]
    lines.append("")
    if markdown:
        lines += ["| " + " | ".join(head) + " |", "|" + " --- |" * len(head)]
        lines += ["| " + " | ".join(row) + " |" for row in rows]
    else:
        widths = [max(len(x) for x in column) for column in zip(head, *rows, strict=False)]
        lines += ["  ".join(x.ljust(w) for x, w in zip(row, widths, strict=True)).rstrip() for row in [head, *rows]]
    if any(r["retires_within_month"] for r in data["ranked"]):
        lines += ["", "! retires within the workload's month: plan the move to its replacement."]
    if data["not_enough_data"]:
        lines += ["", "Not enough data:"]
        lines += [f"{'- ' if markdown else '  '}{u['offering']}: unknown {', '.join(u['unknown'])}"
                  for u in data["not_enough_data"]]
    return "\n".join(lines)
