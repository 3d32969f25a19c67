"""`kb check` reports in four formats. Finding messages and check errors quote upstream text (model ids from a
list, error bodies); each format escapes it for where it lands: the Markdown report becomes a GitHub issue body
(no raw HTML or Markdown from upstream), the text report goes to a terminal (no escape sequences), the github
format is workflow commands (no injected commands), JSON is JSON.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import TYPE_CHECKING

from ..escape import github_text as markdown
from ..escape import terminal, workflow_message, workflow_property

if TYPE_CHECKING:
    from .check import Finding, Report


def summary(report: Report) -> str:
    return (f"{len(report.findings)} finding(s), {len(report.errors)} check error(s), "
            f"{len(report.skipped)} provider(s) skipped")


def coverage(report: Report) -> str:
    return report.coverage or "prices not compared with an aggregator's list (offline; run with --live)"


def as_text(report: Report) -> str:
    lines = [terminal(f"{f.file}:{f.line}:{f.column}: {f.severity}: [{f.code}] {f.message}") for f in report.findings]
    lines += [terminal(f"error: {e}") for e in report.errors] + [terminal(f"skipped: {s}") for s in report.skipped]
    lines += [summary(report), terminal(coverage(report))]
    return "\n".join(lines) + "\n"


def as_markdown(report: Report) -> str:
    title = "live check against the providers' APIs" if report.live else "offline check"
    lines = [f"## Knowledge base freshness: {report.today}", "", f"Result of the {title}: {summary(report)}.", ""]
    if report.errors:
        lines += ["### Could not check", "", *[f"- {markdown(e)}" for e in report.errors], ""]
    by_code: dict[str, list[Finding]] = {}
    for item in report.findings:
        by_code.setdefault(item.code, []).append(item)
    for code, items in sorted(by_code.items()):
        lines += [f"### {markdown(code)} ({len(items)})", "", "| Where | Finding |", "| --- | --- |"]
        lines += [f"| {markdown(f'{f.file}:{f.line}')} | {markdown(f.message)} |" for f in items]
        lines.append("")
    if report.skipped:
        lines += ["### Skipped", "", *[f"- {markdown(s)}" for s in report.skipped], ""]
    lines += [f"Coverage: {markdown(coverage(report))}", ""]
    return "\n".join(lines)


def as_json(report: Report) -> str:
    return json.dumps({**asdict(report), "coverage": coverage(report), "exit_code": report.exit_code},
                      indent=2) + "\n"


def as_github(report: Report) -> str:
    """GitHub Actions workflow commands: annotations on the record lines."""
    lines = [f"::{'warning' if f.severity == 'warning' else 'notice'} file={workflow_property(f.file)},"
             f"line={f.line},col={f.column},title={workflow_property(f.code)}::{workflow_message(f.message)}"
             for f in report.findings]
    lines += [f"::error title=check error::{workflow_message(e)}" for e in report.errors]
    return "\n".join([*lines, summary(report), workflow_message(coverage(report))]) + "\n"


FORMATS = {"text": as_text, "markdown": as_markdown, "json": as_json, "github": as_github}
