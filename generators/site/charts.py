"""Static SVG charts, readable without JavaScript: a price history per offering and cost against quality.

Numbers are formatted here and every label is escaped: record text never becomes markup.
"""

from __future__ import annotations

import base64
import datetime
import math
from collections.abc import Callable
from dataclasses import dataclass

from ..escape import html_attribute, html_text
from ..kb import ranking
from ..kb.records import Snapshot
from ..kb.units import usd

WIDTH, HEIGHT = 640, 360
LEFT, RIGHT, TOP, BOTTOM = 70, 20, 40, 60


@dataclass(frozen=True)
class Point:
    label: str
    x: float
    y: float
    href: str | None = None
    reported_by: str = "independent"
    """Who reported the score: an independent one is a filled mark; the vendor's own or a secondary one, hollow."""


def _frame(title: str, x_label: str, y_label: str, body: list[str], css_class: str) -> str:
    return "\n".join([
        f'<svg class="{css_class}" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'role="img" aria-label="{html_attribute(title)}" width="100%" font-family="sans-serif" '
        f'style="max-width:{WIDTH}px;min-width:560px">',
        f'<title>{html_text(title)}</title>',
        f'<text x="{WIDTH / 2}" y="22" text-anchor="middle" font-size="15" font-weight="bold">'
        f'{html_text(title)}</text>',
        f'<line x1="{LEFT}" y1="{HEIGHT - BOTTOM}" x2="{WIDTH - RIGHT}" y2="{HEIGHT - BOTTOM}" stroke="#555"/>',
        f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{HEIGHT - BOTTOM}" stroke="#555"/>',
        f'<text x="{(LEFT + WIDTH - RIGHT) / 2}" y="{HEIGHT - 15}" text-anchor="middle" font-size="13">'
        f'{html_text(x_label)}</text>',
        f'<text x="18" y="{(TOP + HEIGHT - BOTTOM) / 2}" text-anchor="middle" font-size="13" '
        f'transform="rotate(-90 18 {(TOP + HEIGHT - BOTTOM) / 2})">{html_text(y_label)}</text>',
        *body,
        "</svg>",
    ])


def _scale(lo: float, hi: float, start: float, end: float) -> Callable[[float], float]:
    span = (hi - lo) or 1.0
    return lambda v: start + (v - lo) / span * (end - start)


def price_history(snapshots: list[Snapshot], title: str, today: datetime.date) -> str:
    """A step chart of input and output price over time, of the snapshots given (a history's `undisputed`)."""
    points = snapshots
    if not points:
        return ""
    first = points[0].effective.toordinal()
    last = max(today.toordinal(), points[-1].effective.toordinal() + 1)
    top = float(max(max(s.output, s.input) for s in points)) * 1.15 or 1.0  # drawing is in floats; prices are not
    sx = _scale(first, last, LEFT, WIDTH - RIGHT)
    sy = _scale(0, top, HEIGHT - BOTTOM, TOP)
    body: list[str] = []
    for field, colour in (("input", "#1f77b4"), ("output", "#d62728")):
        coords: list[str] = []
        for index, snap in enumerate(points):
            x0 = sx(snap.effective.toordinal())
            x1 = sx(points[index + 1].effective.toordinal()) if index + 1 < len(points) else sx(last)
            amount = getattr(snap, field)
            y = sy(float(amount))
            coords += [f"{x0:.1f},{y:.1f}", f"{x1:.1f},{y:.1f}"]
            body.append(f'<circle cx="{x0:.1f}" cy="{y:.1f}" r="3" fill="{colour}"><title>{field} '
                        f'{usd(amount)} from {snap.effective}</title></circle>')
        body.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="{" ".join(coords)}"/>')
    for value in _ticks(0, top):
        y = sy(value)
        body.append(f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="11">${value:g}</text>')
    # the last date ends at the plot's right edge: centred on it, it ran past the drawing and was cut off
    for day, anchor in ((points[0].effective, "middle"), (datetime.date.fromordinal(last), "end")):
        body.append(f'<text x="{sx(day.toordinal()):.1f}" y="{HEIGHT - BOTTOM + 16}" text-anchor="{anchor}" '
                    f'font-size="11">{day.isoformat()}</text>')
    if points[-1].effective > today:  # a price announced for later: the line marks where the future begins
        body += today_marker(sx(today.toordinal()), today)
    body.append(f'<text x="{WIDTH - RIGHT - 150}" y="{TOP + 4}" font-size="12" fill="#1f77b4">■ input</text>')
    body.append(f'<text x="{WIDTH - RIGHT - 80}" y="{TOP + 4}" font-size="12" fill="#d62728">■ output</text>')
    return _frame(title, "effective date", "USD per 1M tokens", body, "fl-price-chart")


def today_marker(x: float, today: datetime.date) -> list[str]:
    """A dashed line at today's `x`, labelled on the side with room, so no label runs past the drawing's edge."""
    left = x > (LEFT + WIDTH - RIGHT) / 2
    return [f'<line class="fl-today" x1="{x:.1f}" y1="{TOP + 12}" x2="{x:.1f}" y2="{HEIGHT - BOTTOM}" '
            'stroke="#666" stroke-dasharray="4 3"/>',
            f'<text x="{x - 4 if left else x + 4:.1f}" y="{TOP + 26}" text-anchor="{"end" if left else "start"}" '
            f'font-size="11" fill="#444">today ({today.isoformat()}); after it, announced</text>']


def _ticks(lo: float, hi: float, count: int = 5) -> list[float]:
    step = 10 ** math.floor(math.log10((hi - lo) / count or 1))
    for factor in (1, 2, 5, 10):
        if (hi - lo) / (step * factor) <= count:
            step *= factor
            break
    first = math.ceil(lo / step) * step
    return [round(first + i * step, 10) for i in range(int((hi - first) / step) + 1)]


def pareto_front(points: list[Point]) -> list[Point]:
    """Points no other point beats on both axes (ranking.pareto_front, cost on x and score on y)."""
    return ranking.pareto_front(points, lambda p: p.x, lambda p: p.y, lambda p: p.label)


Box = tuple[float, float, float, float]
CHAR_WIDTH = 6.2
"""Roughly the width of one character at font-size 11, for keeping labels apart."""


def _label(x: float, y: float, text: str, placed: list[Box], must: bool) -> str:
    """A label beside the mark at (x, y): right of it, else left, below or above, wherever it stays inside the
    plot (right of the y axis) and clear of the marks and labels already placed. A label that must show (a front
    point's) takes the first place inside the plot when none is clear; another one is left to the mark's tooltip."""
    width = CHAR_WIDTH * len(text)
    sides = [((x + 8, y - 17, x + 8 + width, y - 3), x + 8, y - 6, "start"),
             ((x - 8 - width, y - 17, x - 8, y - 3), x - 8, y - 6, "end"),
             ((x - width / 2, y + 8, x + width / 2, y + 22), x, y + 19, "middle"),
             ((x - width / 2, y - 24, x + width / 2, y - 10), x, y - 13, "middle")]
    inside = [side for side in sides if side[0][0] >= LEFT + 2 and side[0][2] <= WIDTH - 2 and side[0][1] >= TOP + 8
              and side[0][3] <= HEIGHT - BOTTOM]
    clear = [side for side in inside if not any(_overlap(side[0], b) for b in placed)]
    if clear:
        chosen = clear[0]
    elif must:  # overlapping, or for a name wider than the chart, reaching out on the roomier side
        chosen = inside[0] if inside else sides[1] if x > WIDTH / 2 else sides[0]
    else:
        return ""
    box, tx, ty, anchor = chosen
    placed.append(box)
    return f'<text x="{tx:.1f}" y="{ty:.1f}" font-size="11" text-anchor="{anchor}">{html_text(text)}</text>'


def _overlap(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def cost_quality(points: list[Point], title: str, x_label: str, y_label: str) -> str:
    """Cost (log scale) against score, Pareto-front points highlighted and joined."""
    if not points:
        return ""
    xs = [math.log10(p.x) for p in points]
    lo, hi = math.floor(min(xs)), math.ceil(max(xs))
    hi = hi if hi > lo else lo + 1
    ys = [p.y for p in points]
    y_lo, y_hi = math.floor(min(ys) / 10) * 10, math.ceil(max(ys) / 10) * 10
    y_hi = y_hi if y_hi > y_lo else y_lo + 10
    sx = _scale(lo, hi, LEFT + 10, WIDTH - RIGHT - 10)
    sy = _scale(y_lo, y_hi, HEIGHT - BOTTOM - 10, TOP + 10)
    front = pareto_front(points)
    body = [f'<text x="{sx(e):.1f}" y="{HEIGHT - BOTTOM + 16}" text-anchor="middle" font-size="11">'
            f'${10 ** e:g}</text>' for e in range(lo, hi + 1)]
    body += [f'<text x="{LEFT - 6}" y="{sy(v) + 4:.1f}" text-anchor="end" font-size="11">{v:g}</text>'
             for v in _ticks(y_lo, y_hi)]
    line = " ".join(f"{sx(math.log10(p.x)):.1f},{sy(p.y):.1f}" for p in front)
    body.append(f'<polyline class="fl-pareto" fill="none" stroke="#2ca02c" stroke-width="2" '
                f'stroke-dasharray="5,3" points="{line}"/>')
    where = {id(p): (sx(math.log10(p.x)), sy(p.y), 6 if p in front else 4) for p in points}
    # Every mark is an obstacle from the start, so no label is written over a point (a label's own mark sits
    # 8 px off its box). Front points are labelled first, and always; another point's label that would overlap a
    # mark or a label already placed is left to the tooltip.
    placed: list[Box] = [(x - r, y - r, x + r, y + r) for x, y, r in where.values()]
    for p in sorted(points, key=lambda q: (q not in front, -q.y, q.x)):
        on_front = p in front
        x, y, _ = where[id(p)]
        colour = "#2ca02c" if on_front else "#888"
        independent = p.reported_by == "independent"
        fill = f'fill="{colour}"' if independent else f'fill="#fff" stroke="{colour}" stroke-width="2"'
        mark = (f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{6 if on_front else 4}" {fill}><title>'
                f'{html_text(p.label)}: ${p.x:.4f}, {p.y:g} ({html_text(p.reported_by)})'
                f'</title></circle>') + _label(x, y, p.label, placed, on_front)
        body.append(f'<a href="{html_attribute(p.href)}">{mark}</a>' if p.href else mark)
    body.append(f'<text x="{LEFT + 10}" y="{TOP + 4}" font-size="12" fill="#2ca02c">'
                '● Pareto front (no model is both cheaper and better)</text>')
    body.append(f'<text x="{WIDTH - RIGHT}" y="{HEIGHT - 1}" font-size="11" text-anchor="end" fill="#555">'
                '● independent result   ○ vendor-reported or secondary</text>')
    return _frame(title, x_label, y_label, body, "fl-cost-quality")


def data_uri(svg: str) -> str:
    """A chart as an image address of its own: each price chart shows on one page only, and a separate file per
    offering cost more to write and copy than the rest of the page (4,500 files at catalogue scale). Base64 holds
    no character that HTML, Markdown or a CSS url() would read."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")
