"""Which snapshots count has one definition, `PriceHistory.undisputed`: the price in force, the changelog and the
price chart all leave a disputed snapshot out. The fixture's GPT-4o history ($5 / $15 from 2024-05-13, $2.50 / $10
from 2024-08-06) gets a disputed $90 / $90 dated 2025-03-01."""

from __future__ import annotations

import base64
import datetime
import re
from pathlib import Path

from generators.kb.records import PriceHistory
from generators.kb.validate import validate_kb
from generators.site import changelog
from generators.site.render import render_pages

TODAY = datetime.date(2026, 11, 21)
DISPUTED = """- effective: 2025-03-01
  input: 90.0
  output: 90.0
  disputed: an aggregator listed it; OpenAI's page never did
  sources:
  - openai-pricing
"""


def with_disputed(root: Path) -> None:
    path = root / "prices" / "openai--gpt-4o.yaml"
    path.write_text(path.read_text(encoding="utf-8").rstrip("\n") + "\n" + DISPUTED, encoding="utf-8")


def test_the_price_in_force_skips_a_disputed_snapshot(scratch_kb: Path) -> None:
    with_disputed(scratch_kb)
    kb, issues = validate_kb(scratch_kb, TODAY)
    assert issues == []
    history = kb.price_history("openai--gpt-4o")
    assert isinstance(history, PriceHistory)
    assert [(s.effective, s.input) for s in history.undisputed] == [(datetime.date(2024, 5, 13), 5.0),
                                                                     (datetime.date(2024, 8, 6), 2.5)]
    in_force = history.current(datetime.date(2025, 3, 1))
    assert in_force is not None and in_force.input == 2.5


def test_neither_the_changelog_nor_the_chart_shows_a_disputed_price(scratch_kb: Path, tmp_path: Path) -> None:
    with_disputed(scratch_kb)
    kb, _ = validate_kb(scratch_kb, TODAY)
    dates = {e.date for e in changelog.events(kb, TODAY, ["gpt-4o"]) if e.kind in (
        changelog.EventKind.PRICE, changelog.EventKind.FIRST_RECORDED)}
    assert dates == {datetime.date(2024, 5, 13), datetime.date(2024, 8, 6)}
    render_pages(kb, tmp_path, TODAY, wanted=lambda path: path == "models/gpt-4o.md")
    page = (tmp_path / "models" / "gpt-4o.md").read_text(encoding="utf-8")
    charts = [base64.b64decode(uri).decode("utf-8")
              for uri in re.findall(r'src="data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)"', page)]
    assert charts and all("$5" in svg and "$90" not in svg and "$80" not in svg for svg in charts)
