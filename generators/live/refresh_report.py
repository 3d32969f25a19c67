"""What `kb refresh` did, for a terminal, a pull request or issue body (Markdown), or a program (JSON).

Upstream ids and messages are the list's text: escaped for each sink with live/reports.py's escapes.
"""

from __future__ import annotations

import json

from ..escape import github_text as markdown
from ..escape import terminal
from .refresh import Change


def headline(change: Change, written: int, refused: str, dry_run: bool) -> str:
    counts = (f"{len(change.snapshots)} observed price snapshot(s), {len(change.confirmed)} price(s) confirmed at "
              f"the provider, {len(change.external_ids)} matched id(s) recorded, {len(change.lifecycle)} lifecycle "
              "proposal(s)")
    if refused:
        return f"nothing written: the change would not validate ({refused})"
    if dry_run:
        return f"dry run: would write {counts}"
    return f"wrote {written} file(s): {counts}" if written else "nothing to write: the KB agrees with the lists"


def sections(change: Change) -> list[tuple[str, list[str]]]:
    return [("Why each edit", change.notes), ("Discovered (listed for a known lab, offered by no record)",
                                              change.discovered),
            ("Ambiguous (not compared; name the right id in external_ids.openrouter)", change.ambiguous),
            ("Providers' own lists not read", change.unread)]


def as_text(change: Change, written: int, refused: str, dry_run: bool) -> str:
    lines = [terminal(headline(change, written, refused, dry_run))]
    for title, items in sections(change):
        if items:
            lines += [f"{title}:", *(f"  {terminal(item)}" for item in items)]
    return "\n".join(lines) + "\n"


def as_markdown(change: Change, written: int, refused: str, dry_run: bool) -> str:
    lines = ["## kb refresh", "", markdown(headline(change, written, refused, dry_run))]
    for title, items in sections(change):
        if items:
            lines += ["", f"### {title} ({len(items)})", "", *(f"- {markdown(item)}" for item in items)]
    return "\n".join(lines) + "\n"


def as_json(change: Change, written: int, refused: str, dry_run: bool) -> str:
    return json.dumps({"written": written, "refused": refused, "dry_run": dry_run,
                       "snapshots": sorted(change.snapshots),
                       "confirmed": sorted(change.confirmed), "unread": change.unread,
                       "external_ids": change.external_ids,
                       "lifecycle": {k: {f: None if v is None else str(v) for f, v in p.items()}  # None: dropped
                                     for k, p in change.lifecycle.items()},
                       "notes": change.notes, "discovered": change.discovered, "ambiguous": change.ambiguous},
                      indent=2, sort_keys=True) + "\n"


FORMATS = {"text": as_text, "markdown": as_markdown, "json": as_json}
