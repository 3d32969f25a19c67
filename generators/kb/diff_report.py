"""`kb diff` output: the differences as Markdown (for a pull-request comment) or as JSON."""

from __future__ import annotations

import json
from dataclasses import asdict
from decimal import Decimal
from typing import Any

from ..escape import md_code
from .diff import Diff, PriceChange
from .records.base import json_number
from .units import usd


def show(value: Any) -> str:
    """A value from a record or a file name, as one inert code span (escape.md_code): record text is hostile."""
    if value is None:
        return "—"
    return md_code(json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else value)


def price_cell(change: PriceChange, old: Decimal | None, new: Decimal) -> str:
    if old is None:
        return f"{usd(new)} (new)"
    pct = change.percent(old, new)
    return f"{usd(old)} → {usd(new)}" + (f" ({pct})" if pct else "")


def to_markdown(diff: Diff) -> str:
    counts = {s: sum(1 for r in diff.records if r.status == s) for s in ("added", "removed", "changed")}
    lines = [f"## Knowledge base changes: {md_code(diff.base)} → {md_code(diff.head)}", "",
             f"**{counts['added']} added, {counts['removed']} removed, {counts['changed']} changed** "
             f"({len(diff.prices)} price change{'s' * (len(diff.prices) != 1)})", ""]
    if diff.errors:
        lines += ["### ❌ Rewritten history", ""] + [f"- {md_code(e.file)}: {md_code(e.message)}"
                                                     for e in diff.errors] + [""]
    if diff.prices:
        lines += ["### Price changes (USD per 1M tokens)", "", "| Offering | Effective | Input | Output |",
                  "| --- | --- | --- | --- |"]
        for p in diff.prices:
            lines.append(f"| {md_code(p.offering, table=True)} | {md_code(p.effective, table=True)} | "
                         f"{price_cell(p, p.old_input, p.new_input)} | "
                         f"{price_cell(p, p.old_output, p.new_output)} |")
        lines.append("")
    if diff.lifecycle:
        lines += ["### Lifecycle", ""] + [f"- {md_code(c.path)}: {show(c.old)} → {show(c.new)}"
                                          for c in diff.lifecycle]
        lines.append("")
    if diff.references:
        lines += ["### References", ""] + [f"- {md_code(c.path)}: {show(c.old)} → {show(c.new)}"
                                           for c in diff.references]
        lines.append("")
    for status in ("added", "removed", "changed"):
        group = [r for r in diff.records if r.status == status]
        if not group:
            continue
        lines += [f"### {status.capitalize()}", ""]
        for record in group:
            lines.append(f"- {md_code(f'{record.kind}/{record.id}')}")
            lines += [f"  - {md_code(c.path)}: {show(c.old)} → {show(c.new)}" for c in record.fields]
        lines.append("")
    if diff.unreadable:
        lines += ["### Unreadable records", ""] + [f"- {md_code(p.file)}: {md_code(p.message)}"
                                                   for p in diff.unreadable] + [""]
    if not diff.records:
        lines += ["No record changed.", ""]
    return "\n".join(lines)


def to_json(diff: Diff) -> str:
    return json.dumps(asdict(diff), indent=2, ensure_ascii=False, default=wire) + "\n"


def wire(value: object) -> float:
    """A Decimal price in JSON: the API's one wire format for a price (records.base.json_number)."""
    if isinstance(value, Decimal):
        return json_number(value)
    raise TypeError(f"{type(value).__name__} is not JSON")
