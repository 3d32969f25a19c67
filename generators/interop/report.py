"""What an import did, or would do: one report, printed the same way by every importer."""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field

from ..escape import terminal

NAMED_KINDS = ("providers", "models", "offerings")
"""The kinds whose new records a report names one by one (a new price or source belongs to one of them)."""
NAMES_SHOWN = 20
"""How many new records of a kind a report names before it counts the rest."""


@dataclass
class ImportReport:
    source: str
    file: str
    as_of: datetime.date
    entries: int = 0
    created: Counter[str] = field(default_factory=Counter)
    appended: int = 0
    unchanged: int = 0
    variants: int = 0
    """Entries whose id is a variant of a known model's (region, platform, version, routing): attached to it."""
    skipped: Counter[str] = field(default_factory=Counter)
    unmapped: Counter[str] = field(default_factory=Counter)
    """Keys the KB does not model (dropped), with the number of entries that use them."""
    unknown_labs: Counter[str] = field(default_factory=Counter)
    """Prefixes (or names) whose lab could not be inferred, with the number of models given `unknown-lab`."""
    new: dict[str, list[str]] = field(default_factory=dict)
    """Kind -> ids of the records the import writes (or, in a dry run, would write): what a reviewer reads first."""
    problems: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    written: int = 0
    aborted: str = ""

    def lines(self) -> list[str]:
        out = [f"{self.source} import: {self.entries:,} entries read from {self.file} (prices as of {self.as_of})"]
        kinds = ", ".join(f"{n:,} {kind}" for kind, n in sorted(self.created.items())) or "nothing"
        out.append(f"  created: {kinds}")
        out += [named_line(kind, self.new[kind]) for kind in NAMED_KINDS if self.new.get(kind)]
        out.append(f"  existing offerings: {self.appended:,} new dated snapshot(s) appended, "
                   f"{self.unchanged:,} price(s) unchanged")
        if self.variants:
            out.append(f"  id variants attached to their model (region, platform, version): {self.variants:,}")
        if self.skipped:
            out.append("  skipped: " + "; ".join(f"{n:,} {why}" for why, n in self.skipped.most_common()))
        if self.unmapped:
            out.append("  keys not modelled, dropped (entries using them): "
                       + ", ".join(f"{key} {n:,}" for key, n in self.unmapped.most_common()))
        if self.unknown_labs:
            out.append("  lab not inferred, `unknown-lab` used (models): "
                       + ", ".join(f"{name} {n:,}" for name, n in self.unknown_labs.most_common())
                       + "; add the lab's provider record (with `aggregator_ids`) and import again")
        out += [f"  problem: {p}" for p in self.problems]
        out += [f"  conflict: {c}" for c in self.conflicts]
        if self.aborted:
            out.append(f"nothing written: {self.aborted}")
        else:
            out.append(f"wrote {self.written:,} file(s)")
        return out

    def text(self) -> str:
        """For a terminal: a feed's keys and values are hostile text (escape.terminal on every line)."""
        return "\n".join(terminal(line) for line in self.lines()) + "\n"


def named_line(kind: str, ids: list[str]) -> str:
    """`  new offerings (3): a, b, c`, the first NAMES_SHOWN of `ids` named and the rest counted."""
    shown = ", ".join(ids[:NAMES_SHOWN])
    rest = len(ids) - NAMES_SHOWN
    return f"  new {kind} ({len(ids):,}): {shown}" + (f" and {rest:,} more" if rest > 0 else "")
