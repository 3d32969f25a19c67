"""`kb refresh` reads the providers' own lists: a price a provider's list shows confirms the one in force (it
gets the list's day as `checked`) or replaces it (observed and checked that day); a deprecation the list states,
or an id gone from it, becomes a lifecycle proposal citing that list; a list that was not read says nothing.

The fakes serve the fixture KB with one Together offering added (Together's documented list carries prices per
1M tokens; Mistral's carries `deprecation` and `deprecation_replacement_model`), then the planted changes below.
"""

from __future__ import annotations

import dataclasses
import datetime
import json
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import TODAY, write_record

from generators.cli import main
from generators.kb.current import is_live
from generators.kb.validate import validate_kb
from generators.live.dialects import ListedModel
from generators.live.fakes.providers import FakeProviders
from generators.live.first_party import plan_provider
from generators.live.refresh import Change

TOGETHER_ID = "mistralai/Mistral-7B-Instruct-v0.3"
# the Together offering's one snapshot: $0.20 in and out per 1M since 2026-01-10, never checked
TOGETHER = {
    "providers": ("together", """schema_version: 1
id: together
name: Together AI
roles: [api-host]
headquarters: US
website: https://www.together.ai
description: API host for open-weight models.
api_base_url: https://api.together.xyz/v1
auth: {header: Authorization, scheme: Bearer, env_var: TOGETHER_API_KEY}
models_endpoint: https://api.together.xyz/v1/models
api_dialect: together
sources: [mistral-models-docs]
"""),
    "offerings": ("together--mistral-7b", f"""schema_version: 1
id: together--mistral-7b
provider: together
model: mistral-7b
api_ids: ["{TOGETHER_ID}"]
lifecycle: {{status: active}}
sources: [mistral-models-docs]
"""),
    "prices": ("together--mistral-7b", """schema_version: 2
id: together--mistral-7b
offering: together--mistral-7b
currency: USD
unit: per_1m_tokens
snapshots:
- effective: 2026-01-10
  basis: observed
  input: 0.2
  output: 0.2
  sources: [mistral-models-docs]
"""),
}
EMPTY_LIST = {"data": []}


@pytest.fixture
def kb_root(scratch_kb: Path) -> Path:
    for kind, (record_id, body) in TOGETHER.items():
        write_record(scratch_kb, kind, record_id, body)
    assert validate_kb(scratch_kb, TODAY)[1] == []
    return scratch_kb


@pytest.fixture
def fakes(kb_root: Path) -> Iterator[FakeProviders]:
    server = FakeProviders.from_kb(validate_kb(kb_root, TODAY)[0], on=TODAY)
    server.start()
    yield server
    server.stop()


def refresh(kb_root: Path, fakes: FakeProviders, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
            providers: tuple[str, ...] = ("together", "mistral", "openai"), *extra: str) -> str:
    for var in ("TOGETHER_API_KEY", "MISTRAL_API_KEY", "OPENAI_API_KEY", "ANTHROPIC_API_KEY", "GOOGLE_API_KEY"):
        monkeypatch.delenv(var, raising=False)
    for provider in providers:
        monkeypatch.setenv(f"{provider.upper()}_API_KEY", "sk-fake")
    saved = tmp_path / "openrouter.json"
    saved.write_text(json.dumps(EMPTY_LIST), encoding="utf-8")
    result = CliRunner().invoke(main, ["refresh", "--kb", str(kb_root), "--list", str(saved), "--against",
                                       fakes.origin, "--today", TODAY.isoformat(), *extra])
    assert result.exit_code == 0, result.output
    return result.output


def plant(fakes: FakeProviders, provider: str, model_id: str, **fields: object) -> None:
    fakes.catalog[provider] = [dataclasses.replace(m, **fields) if m.id == model_id else m  # type: ignore[arg-type]
                               for m in fakes.catalog[provider]]


def together_history(kb_root: Path) -> list[object]:
    kb, issues = validate_kb(kb_root, TODAY)
    assert issues == []
    history = kb.price_history("together--mistral-7b")
    assert history is not None
    return list(history.snapshots)


def test_a_price_the_providers_own_list_shows_is_checked_on_the_day_read(kb_root, fakes, tmp_path, monkeypatch):
    output = refresh(kb_root, fakes, tmp_path, monkeypatch)
    [snapshot] = together_history(kb_root)
    assert (snapshot.effective, snapshot.checked, snapshot.input, snapshot.output) == (
        datetime.date(2026, 1, 10), TODAY, Decimal("0.2"), Decimal("0.2"))
    assert snapshot.sources == ["mistral-models-docs", "together-models-api"]
    kb, _ = validate_kb(kb_root, TODAY)
    source = kb.get("sources", "together-models-api")
    assert (source.type, source.url, source.accessed) == ("docs", "https://api.together.xyz/v1/models", TODAY)
    assert "1 price(s) confirmed at the provider" in output
    assert "nothing to write" in refresh(kb_root, fakes, tmp_path, monkeypatch)


def test_a_different_price_on_the_providers_own_list_is_observed_and_checked(kb_root, fakes, tmp_path,
                                                                             monkeypatch):
    plant(fakes, "together", TOGETHER_ID, input_price=Decimal("0.25"), output_price=Decimal("0.3"))
    output = refresh(kb_root, fakes, tmp_path, monkeypatch)
    old, new = together_history(kb_root)
    assert old.checked is None
    assert (new.effective, new.basis, new.checked, new.input, new.output, new.sources) == (
        TODAY, "observed", TODAY, Decimal("0.25"), Decimal("0.3"), ["together-models-api"])
    assert "$0.25 in / $0.30 out, the KB $0.20 in / $0.20 out" in output
    assert "nothing to write" in refresh(kb_root, fakes, tmp_path, monkeypatch)


@pytest.mark.parametrize(("retires", "status"), [(TODAY, "retired"), (TODAY + datetime.timedelta(days=1),
                                                                      "deprecated")])
def test_a_deprecation_the_providers_own_list_states_is_proposed(kb_root, fakes, tmp_path, monkeypatch, retires,
                                                                 status):
    plant(fakes, "mistral", "open-mistral-7b", retires=retires)
    refresh(kb_root, fakes, tmp_path, monkeypatch)
    kb, issues = validate_kb(kb_root, TODAY)
    assert issues == []
    cycle = kb.get("offerings", "mistral--mistral-7b").lifecycle
    assert (cycle.status, cycle.retires) == (status, retires)
    assert "mistral-models-api" in cycle.sources


def test_an_id_gone_from_the_providers_own_list_is_proposed_seen_gone_that_day(kb_root, fakes, tmp_path,
                                                                                monkeypatch):
    fakes.catalog["openai"] = [m for m in fakes.catalog["openai"] if not m.id.startswith("gpt-4o-mini")]
    output = refresh(kb_root, fakes, tmp_path, monkeypatch)
    kb, issues = validate_kb(kb_root, TODAY)
    assert issues == []
    mini, full = kb.get("offerings", "openai--gpt-4o-mini"), kb.get("offerings", "openai--gpt-4o")
    assert (mini.lifecycle.status, mini.lifecycle.seen_gone, full.lifecycle.status) == ("retired", TODAY, "active")
    assert "openai-models-api" in mini.lifecycle.sources
    assert not is_live(mini, TODAY) and is_live(mini, TODAY - datetime.timedelta(days=1))
    assert ("OpenAI's own list no longer shows `gpt-4o-mini-2024-07-18`, `gpt-4o-mini`; proposed `retired`, seen "
            f"gone on {TODAY}") in output


def test_a_retirement_planned_later_that_did_not_hold_is_dropped(kb_root, fakes, tmp_path, monkeypatch):
    """GPT-4o mini planned to retire in a month, but gone from OpenAI's list today: seen gone, the plan dropped."""
    path = kb_root / "offerings" / "openai--gpt-4o-mini.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("  status: active\n", "  status: deprecated\n"
                                                            "  retires: 2026-12-21\n"), encoding="utf-8")
    fakes.catalog["openai"] = [m for m in fakes.catalog["openai"] if not m.id.startswith("gpt-4o-mini")]
    refresh(kb_root, fakes, tmp_path, monkeypatch)
    kb, issues = validate_kb(kb_root, TODAY)
    assert issues == []
    cycle = kb.get("offerings", "openai--gpt-4o-mini").lifecycle
    assert (cycle.status, cycle.seen_gone, cycle.retires) == ("retired", TODAY, None)
    assert "retires" not in path.read_text(encoding="utf-8")  # dropped, not left as `retires: null`


def test_a_list_without_a_key_establishes_nothing(kb_root, fakes, tmp_path, monkeypatch):
    plant(fakes, "together", TOGETHER_ID, input_price=Decimal("0.25"), output_price=Decimal("0.3"))
    fakes.catalog["openai"] = []
    output = refresh(kb_root, fakes, tmp_path, monkeypatch, ("mistral",))
    assert len(together_history(kb_root)) == 1
    assert "together: TOGETHER_API_KEY is not set" in output and "nothing to write" in output
    assert {provider for provider, _, _ in fakes.requests} == {"mistral"}  # no request goes out without a key


def test_own_lists_are_not_read_for_a_past_list_day(kb_root, fakes, tmp_path, monkeypatch):
    plant(fakes, "together", TOGETHER_ID, input_price=Decimal("0.25"), output_price=Decimal("0.3"))
    refresh(kb_root, fakes, tmp_path, monkeypatch, ("together",), "--as-of",
            (TODAY - datetime.timedelta(days=1)).isoformat())
    assert len(together_history(kb_root)) == 1
    assert not [r for r in fakes.requests if r[0] == "together"]


def test_the_providers_own_price_outranks_the_aggregators(kb_root):
    kb, _ = validate_kb(kb_root, TODAY)
    change = Change(snapshots={"together--mistral-7b": {"sources": ["openrouter-models-api"]}})
    together = kb.get("providers", "together")
    plan_provider(kb, together, [ListedModel(TOGETHER_ID, input_price=Decimal("0.2"), output_price=Decimal("0.2"))],
                  TODAY, change)
    assert change.snapshots == {}
    assert change.confirmed == {"together--mistral-7b": (0, "together-models-api")}


def test_a_snapshot_with_a_cached_price_the_list_does_not_show_stays_unchecked(kb_root):
    prices = kb_root / "prices" / "together--mistral-7b.yaml"
    text = prices.read_text(encoding="utf-8")
    prices.write_text(text.replace("  output: 0.2\n", "  output: 0.2\n  cached_input: 0.1\n"), encoding="utf-8")
    kb, issues = validate_kb(kb_root, TODAY)
    assert issues == []
    change = Change()
    plan_provider(kb, kb.get("providers", "together"),
                  [ListedModel(TOGETHER_ID, input_price=Decimal("0.2"), output_price=Decimal("0.2"))], TODAY, change)
    assert change.confirmed == {} and change.snapshots == {}


def test_the_replacement_the_providers_list_names_is_proposed_as_its_offering(kb_root):
    write_record(kb_root, "offerings", "mistral--mistral-7b-next", """schema_version: 1
id: mistral--mistral-7b-next
provider: mistral
model: mistral-7b
api_ids: [open-mistral-nemo]
lifecycle: {status: active}
sources: [mistral-models-docs]
""")
    kb, issues = validate_kb(kb_root, TODAY)
    assert issues == []
    change = Change()
    retires = datetime.date(2027, 3, 1)
    plan_provider(kb, kb.get("providers", "mistral"), [
        ListedModel("open-mistral-7b", retires=retires, replacement="open-mistral-nemo"),
        ListedModel("open-mistral-nemo")], TODAY, change)
    assert change.lifecycle == {"mistral--mistral-7b": {"status": "deprecated", "retires": retires,
                                                         "replacement": "mistral--mistral-7b-next"}}
    assert change.cited == {"mistral--mistral-7b": "mistral-models-api"}


def test_a_new_cached_price_on_the_providers_own_list_carries_the_batch_price_it_does_not_show(kb_root):
    """The Together offering with a cached rate of $0.10 and a Batch price of $0.10 / $0.10 (added here); its own
    list shows $0.20 in and out and a cached rate of $0.05: the checked reading keeps the Batch price in force."""
    prices = kb_root / "prices" / "together--mistral-7b.yaml"
    text = prices.read_text(encoding="utf-8")
    prices.write_text(text.replace("  output: 0.2\n", "  output: 0.2\n  cached_input: 0.1\n  batch:\n    input: 0.1\n"
                                   "    output: 0.1\n"), encoding="utf-8")
    kb, issues = validate_kb(kb_root, TODAY)
    assert issues == []
    change = Change()
    plan_provider(kb, kb.get("providers", "together"), [ListedModel(
        TOGETHER_ID, input_price=Decimal("0.2"), output_price=Decimal("0.2"), cached_price=Decimal("0.05"))],
        TODAY, change)
    written = change.snapshots["together--mistral-7b"]
    assert (written["checked"], written["cached_input"], written["carried"]) == (TODAY, Decimal("0.05"), ["batch"])


def test_the_json_report_says_a_dropped_field_is_dropped() -> None:
    """A proposal's None (a planned retirement that did not hold) is JSON null, not the string "None"."""
    import json

    from generators.live.refresh_report import as_json

    change = Change()
    change.lifecycle["openai--gpt-4o-mini"] = {"status": "retired", "seen_gone": TODAY, "retires": None}
    assert json.loads(as_json(change, 0, "", True))["lifecycle"] == {
        "openai--gpt-4o-mini": {"status": "retired", "seen_gone": TODAY.isoformat(), "retires": None}}
