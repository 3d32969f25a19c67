"""The cost-against-quality chart: every point on the Pareto front is labelled inside the chart, the top one at the
right edge included, and vendor-reported scores look different from independent ones."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from generators.site import charts
from generators.site.charts import HEIGHT, WIDTH, Point

SVG = "{http://www.w3.org/2000/svg}"


def labels(svg: str) -> dict[str, ET.Element]:
    """Text elements by their text, the chart's title, axes and legends included."""
    return {t.text or "": t for t in ET.fromstring(svg).iter(f"{SVG}text")}


def marks(svg: str) -> dict[str, ET.Element]:
    """Circles by the model name their tooltip starts with."""
    return {(c.find(f"{SVG}title").text or "").split(":")[0]: c  # type: ignore[union-attr]
            for c in ET.fromstring(svg).iter(f"{SVG}circle")}


def test_the_leader_at_the_top_right_is_labelled_inside_the_chart() -> None:
    # The dearest point scores best, so it is on the front and sits at the right edge: a label to its right would
    # leave the chart (the leader of SWE-bench Verified had none).
    points = [Point("Cheap", 0.001, 40), Point("Middle", 0.01, 60), Point("A long leader name, version 5", 1.0, 95)]
    text = labels(charts.cost_quality(points, "t", "x", "y"))["A long leader name, version 5"]
    width = charts.CHAR_WIDTH * len(text.text or "")
    x = float(text.get("x", "0"))
    left = {"start": x, "end": x - width, "middle": x - width / 2}[text.get("text-anchor", "start")]
    assert left >= 0 and left + width <= WIDTH


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.floats(0.001, 1.0), st.floats(0, 100)), min_size=2, max_size=12, unique=True))
def test_every_point_on_the_front_is_labelled_however_crowded(coords: list[tuple[float, float]]) -> None:
    points = [Point(f"Model {i}", x, y) for i, (x, y) in enumerate(coords)]
    shown = labels(charts.cost_quality(points, "t", "x", "y"))
    for p in charts.pareto_front(points):
        text = shown[p.label]
        assert 0 <= float(text.get("x", "-1")) <= WIDTH and 0 <= float(text.get("y", "-1")) <= HEIGHT


def test_a_tight_cluster_of_front_points_keeps_every_label() -> None:
    # Ten front points within a few pixels of each other (the chart's range set by two far points): every side of
    # every mark is taken by a neighbour's label, and still each front point is named.
    cluster = [Point(f"Close {i}", 0.0100 + 0.00001 * i, 50 + 0.1 * i) for i in range(10)]
    points = [*cluster, Point("Far cheap", 0.0001, 0), Point("Far dear", 10.0, 100)]
    shown = labels(charts.cost_quality(points, "t", "x", "y"))
    assert {p.label for p in charts.pareto_front(points)} >= {p.label for p in cluster}
    assert all(p.label in shown for p in cluster)


def test_vendor_scores_are_hollow_and_independent_ones_filled() -> None:
    points = [Point("Lab's own", 0.01, 80, reported_by="vendor"), Point("Leaderboard", 0.1, 70),
              Point("Quoted", 0.02, 50, reported_by="secondary")]
    svg = charts.cost_quality(points, "t", "x", "y")
    circles = marks(svg)
    assert circles["Lab's own"].get("fill") == "#fff" and circles["Lab's own"].get("stroke")
    assert circles["Quoted"].get("fill") == "#fff"
    assert circles["Leaderboard"].get("fill") not in (None, "#fff") and circles["Leaderboard"].get("stroke") is None
    assert "(vendor)" in (circles["Lab's own"].find(f"{SVG}title").text or "")  # type: ignore[union-attr]
    assert "● independent result   ○ vendor-reported or secondary" in labels(svg)


def test_the_sites_chart_marks_the_fixtures_vendor_scores_hollow(built_fixture_site: Path) -> None:
    # The fixture's MMLU scores for GPT-4o (88.7) and GPT-4o mini (82.0) are OpenAI's own.
    page = (built_fixture_site / "cost-vs-quality" / "index.html").read_text(encoding="utf-8")
    svg = page[page.index('<svg class="fl-cost-quality"'):]
    circles = marks(svg[:svg.index("</svg>") + 6])
    assert circles["GPT-4o"].get("fill") == "#fff" and circles["GPT-4o mini"].get("fill") == "#fff"


def box_of(text: ET.Element) -> tuple[float, float, float, float]:
    """The box a label takes: CHAR_WIDTH per character, 14 px tall above its baseline (font-size 11)."""
    width = charts.CHAR_WIDTH * len(text.text or "")
    x, y = float(text.get("x", "0")), float(text.get("y", "0"))
    left = {"start": x, "end": x - width, "middle": x - width / 2}[text.get("text-anchor", "start")]
    return left, y - 11, left + width, y + 3


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(st.floats(0.001, 1.0), st.floats(0, 100)), min_size=2, max_size=25, unique=True))
def test_no_label_but_a_crowded_front_points_is_written_over_a_mark(coords: list[tuple[float, float]]) -> None:
    points = [Point(f"Model {i}", x, y) for i, (x, y) in enumerate(coords)]
    svg = charts.cost_quality(points, "t", "x", "y")
    circles = [(float(c.get("cx", "0")), float(c.get("cy", "0")), float(c.get("r", "0")))
               for c in ET.fromstring(svg).iter(f"{SVG}circle")]
    front = {p.label for p in charts.pareto_front(points)}
    for name, text in labels(svg).items():
        if not name.startswith("Model ") or name in front:
            continue
        left, top, right, bottom = box_of(text)
        assert left >= charts.LEFT, (name, left)  # never across the y axis and its tick labels
        for cx, cy, r in circles:
            assert not (left < cx + r and cx - r < right and top < cy + r and cy - r < bottom), (name, cx, cy)
