"""The cells the site's tables share, written in Python: a pair of prices, long-context tiers, API ids, when a price
was checked, a claim's score and setting, and a table's head and foot (table_rows.py writes the rows around them).

Every value goes through `written`, the templates' own escape of an expression (template_output.py), so a cell is the
same bytes the jinja2 macros it replaces wrote.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from markupsafe import Markup

from ..escape import html_cell
from ..kb.records import BenchmarkClaim, Snapshot
from ..kb.records.benchmark import Setting
from ..kb.records.price import price_names
from ..kb.records.price_tiers import ServicePrice, Tier
from .numbers import NONE, number, price
from .template_output import written

Prices = ServicePrice | Tier | Snapshot


def prices(pair: Prices | None) -> Markup:
    """An input and an output price ("$1.00 / $2.00": a snapshot's, a batch rate, a long-context tier), or a dash."""
    return Markup(f"{written(price(pair.input))} / {written(price(pair.output))}" if pair else NONE)


def tiers(snapshot: Snapshot) -> Markup:
    """A snapshot's long-context tiers, a line each ("over 200,000: $1.00 / $2.00"), or a dash."""
    return Markup("<br>".join(f'<span class="fl-line">over {written(number(t.above_tokens))}: {prices(t)}</span>'
                              for t in snapshot.tiers) or NONE)


def codes(ids: Iterable[str]) -> Markup:
    """API ids as code, comma-separated, or a dash."""
    return Markup(", ".join(f"<code>{html_cell(i)}</code>" for i in ids) or NONE)


def setting(value: Setting) -> str:
    """How a score was obtained, in words: the parts that are known, joined, never starting with a separator.
    Plain text: the template escapes it for its context."""
    parts = [f"{value.shots}-shot" if value.shots is not None else "",
             "chain of thought" if value.chain_of_thought else "", value.attempts or ""]
    text = ", ".join(part for part in parts if part)
    if value.notes:
        text = f"{text}; {value.notes}" if text else value.notes
    return text or "—"


def score(claim: BenchmarkClaim) -> Markup:
    """A claim's score with its metric ("91.2 %"), or its qualitative result."""
    if claim.score is not None:
        return Markup(f"{written(number(claim.score))} {html_cell(claim.metric)}")
    return html_cell(claim.qualitative)


def head(names: Sequence[str], align: str = "", searchable: bool = False, table: str = "",
         types: Sequence[str] = ()) -> Markup:
    """A table's opening and header row. Outside the search index unless `searchable`; with `table`, a data table
    the page's script sorts and filters (its state kept in the URL under that key), whose first column stays in view
    while the rest scrolls sideways, `types` saying which columns sort as numbers or dates; `align` aligns every
    column after the first."""
    excluded = "" if searchable else " data-search-exclude"
    opening = (f'<div class="fl-table-scroll"><table data-fl-table="{written(table)}" id="{written(table)}-table" '
               f'class="fl-sticky"{excluded}>' if table else f"<table{excluded}>")
    cells = []
    for i, name in enumerate(names):
        typed = f' data-type="{written(types[i])}"' if types else ""
        aligned = f' style="text-align: {written(align)};"' if align and i else ""
        cells.append(f"<th{typed}{aligned}>{written(name)}</th>")
    return Markup(f"{opening}<thead><tr>{''.join(cells)}</tr></thead>\n<tbody>")


def foot(table: str = "") -> Markup:
    """A table's end (`table`: a data table's, see `head`)."""
    return Markup("</tbody>\n</table>" + ("</div>" if table else ""))


def lines(rows: Iterable[str]) -> Markup:
    return Markup("\n".join(rows))


def cells(values: Iterable[object]) -> str:
    """A row's cells, each value (markup already) in its own `<td>`."""
    return "".join(f"<td>{value}</td>" for value in values)


def checked(day: object, unchecked: Sequence[str], carried: bool = False) -> str:
    """The day prices were last confirmed at their source, and what that did not cover: the carried prices, or the
    prices `unchecked` names."""
    said = str(written(day)) + (" (not the carried prices)" if carried else "")
    return said + (f" (not its {written(price_names(unchecked))})" if unchecked else "")
