"""`kb refresh` on a copy of the real kb/, against fakes that serve it, with changes planted in OpenRouter's list
and in a host's endpoints: a first run records which upstream id each offering matched (and nothing else); after
the plants, a run writes exactly the planted changes, each as an observed snapshot or a lifecycle proposal; a
third run writes nothing. The planted offerings' figures below are those kb/ holds in force on 2026-12-06.
"""

from __future__ import annotations

import dataclasses
import datetime
import json
import shutil
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import KB_TODAY, KB_VALIDATES, REPO

from generators.cli import main
from generators.kb.validate import validate_kb
from generators.live.fakes.providers import FakeProviders


@pytest.fixture(scope="module")
def copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("kb-copy") / "kb"
    shutil.copytree(REPO / "kb", root)
    (root.parent / "schemas").symlink_to(REPO / "schemas")
    return root


@pytest.fixture(scope="module")
def fakes(copy: Path) -> Iterator[FakeProviders]:
    server = FakeProviders.from_kb(validate_kb(copy, KB_VALIDATES)[0], on=KB_TODAY)
    server.start()
    yield server
    server.stop()


def refresh(root: Path, fakes: FakeProviders, monkeypatch: pytest.MonkeyPatch) -> dict[str, object]:
    monkeypatch.setenv("OPENROUTER_API_KEY", "sk-fake")  # the endpoints need a key; the providers' own lists are off
    result = CliRunner().invoke(main, ["refresh", "--kb", str(root), "--against", fakes.origin, "--today",
                                       KB_TODAY.isoformat(), "--no-own-lists", "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def texts(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): p.read_text(encoding="utf-8") for p in sorted(root.rglob("*.yaml"))}


def replace(fakes: FakeProviders, model_id: str, **fields: object) -> None:
    listed = fakes.catalog["openrouter"]
    [index] = [i for i, m in enumerate(listed) if m.id == model_id]
    listed[index] = dataclasses.replace(listed[index], **fields)  # type: ignore[arg-type]


def test_a_copy_of_kb_gets_exactly_the_planted_changes(copy: Path, fakes: FakeProviders,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    first = refresh(copy, fakes, monkeypatch)
    assert first["snapshots"] == [] and first["lifecycle"] == {}, "the fakes serve what kb/ says"
    assert {"zhipu--glm-5.2", "moonshot--kimi-k2.6"} <= set(first["external_ids"])  # Zhipu and Moonshot compared
    before = texts(copy)

    replace(fakes, "z-ai/glm-5.2", input_price=Decimal("1.96"))  # $1.40 -> $1.96 input (+40%)
    replace(fakes, "moonshotai/kimi-k2.6", cached_price=Decimal("0.10"))  # cached $0.16 -> $0.10
    replace(fakes, "openai/gpt-5.6-luna", retires=datetime.date(2027, 3, 1))  # an expiration date
    fakes.catalog["openrouter"] = [m for m in fakes.catalog["openrouter"] if m.id != "openai/gpt-5.4-mini"]  # removed
    replace(fakes, "mistralai/mistral-small-2603", id="mistralai/mistral-small-2612")  # renamed
    [fireworks] = [e for e in fakes.endpoints["moonshotai/kimi-k3"] if e.host == "Fireworks"]
    fakes.endpoints["moonshotai/kimi-k3"] = [
        dataclasses.replace(e, output_price=Decimal("17")) if e is fireworks else e  # $15 -> $17 output (+13%)
        for e in fakes.endpoints["moonshotai/kimi-k3"]]

    second = refresh(copy, fakes, monkeypatch)
    after = texts(copy)
    assert sorted(name for name in after if after[name] != before.get(name)) == [
        "offerings/mistral--mistral-small-4.yaml", "offerings/openai--gpt-5.4-mini.yaml",
        "offerings/openai--gpt-5.6-luna.yaml", "prices/fireworks--kimi-k3.yaml",
        "prices/moonshot--kimi-k2.6.yaml", "prices/zhipu--glm-5.2.yaml",
        "sources/openrouter-models-api.yaml"]  # cited by the new facts: its `accessed` moves to the list's day
    assert "accessed: 2026-12-06" in after["sources/openrouter-models-api.yaml"]
    assert second["discovered"] == ["mistralai/mistral-small-2612"]
    kb, issues = validate_kb(copy, KB_VALIDATES)
    assert issues == []
    figures = {}
    for history_id in ("zhipu--glm-5.2", "moonshot--kimi-k2.6", "fireworks--kimi-k3"):
        history = kb.price_history(history_id)
        assert history is not None
        new = history.snapshots[-1]
        assert (new.effective, new.basis, new.checked, new.sources) == (KB_TODAY, "observed", None,
                                                                        ["openrouter-models-api"])
        figures[history_id] = (new.input, new.output, new.cached_input)
    assert figures == {"zhipu--glm-5.2": (Decimal("1.96"), Decimal("4.4"), Decimal("0.26")),
                       "moonshot--kimi-k2.6": (Decimal("0.95"), Decimal("4"), Decimal("0.1")),
                       "fireworks--kimi-k3": (Decimal("3"), Decimal("17"), Decimal("0.3"))}
    cycles = {o: kb.get("offerings", o).lifecycle for o in ("openai--gpt-5.6-luna", "openai--gpt-5.4-mini",
                                                            "mistral--mistral-small-4")}
    assert {o: (c.status, c.retires) for o, c in cycles.items()} == {
        "openai--gpt-5.6-luna": ("deprecated", datetime.date(2027, 3, 1)),
        "openai--gpt-5.4-mini": ("deprecated", None), "mistral--mistral-small-4": ("deprecated", None)}

    assert refresh(copy, fakes, monkeypatch)["written"] == 0
