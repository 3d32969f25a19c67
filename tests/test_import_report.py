"""What an import tells its reviewer: the records it creates, named, and none created twice.

An import's report names each new provider, model and offering (the first NAMES_SHOWN of a kind, then a count), so
a maintainer reviewing `kb import litellm --dry-run` sees which offerings a host would gain before any is written.
An offering the KB already has is recognised by its LiteLLM key (`external_ids.litellm`) as well as by its API id:
a key that routes through a vendor path (LiteLLM's `vertex_ai/xai/grok-4.3`, whose host calls the model `grok-4.3`)
once made a second offering of the same model. The fixture KB is tests/fixtures/kb; its Mistral 7B offering is
called `open-mistral-7b` at Mistral."""

from __future__ import annotations

from pathlib import Path

from conftest import TODAY
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_interop import LITELLM, curated_copy, empty_kb, litellm_file

from generators.interop.litellm import import_litellm
from generators.interop.offering_index import route
from generators.interop.report import ImportReport
from generators.kb.validate import validate_kb

MISTRAL_7B = {"litellm_provider": "mistral", "mode": "chat", "input_cost_per_token": 2.5e-07,
              "output_cost_per_token": 2.5e-07}


def run(root: Path, file: Path, dry_run: bool = False) -> ImportReport:
    kb, issues = validate_kb(root, TODAY)
    assert issues == []
    return import_litellm(kb, root, file, TODAY, today=TODAY, dry_run=dry_run)


def test_a_dry_run_names_the_offerings_it_would_write_and_they_are_the_ones_written(tmp_path: Path) -> None:
    dry = run(empty_kb(tmp_path / "dry"), LITELLM / "excerpt.json", dry_run=True)
    root = empty_kb(tmp_path / "real")
    real = run(root, LITELLM / "excerpt.json")
    written = sorted(path.stem for path in (root / "offerings").rglob("*.yaml"))
    assert len(written) == 8 and dry.new["offerings"] == real.new["offerings"] == written
    # two of the excerpt's keys: `gpt-5` at OpenAI, `groq/llama-guard-3-8b` at Groq
    assert {"openai--gpt-5", "groq--llama-guard-3-8b"} <= set(written)
    line = next(line for line in dry.lines() if line.startswith("  new offerings"))
    assert line == f"  new offerings (8): {', '.join(written)}"
    assert sum(len(ids) for ids in real.new.values()) == real.created.total()


def test_a_report_names_twenty_records_of_a_kind_and_counts_the_rest() -> None:
    twenty = [f"host--model-{number:02d}" for number in range(20)]
    report = ImportReport("LiteLLM", "feed.json", TODAY, new={"offerings": twenty})
    assert f"  new offerings (20): {', '.join(twenty)}" in report.lines()
    report.new["offerings"] = [*twenty, "host--model-20"]
    assert f"  new offerings (21): {', '.join(twenty)} and 1 more" in report.lines()


def test_a_report_of_an_import_that_creates_nothing_names_nothing(tmp_path: Path) -> None:
    root = curated_copy(tmp_path)
    report = run(root, litellm_file(tmp_path, {"mistral/open-mistral-7b": MISTRAL_7B}), dry_run=True)
    assert report.created["offerings"] == 0 and not any(line.startswith("  new ") for line in report.lines())


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(vendor=st.from_regex(r"[a-z][a-z0-9_-]{0,11}/", fullmatch=True) | st.just(""),
       geo=st.sampled_from(["", "us.", "eu.", "apac.", "global.", "jp.", "us-gov.", "in."]), noted=st.booleans())
def test_an_offering_is_recognised_through_any_route(tmp_path_factory: object, vendor: str, geo: str,
                                                     noted: bool) -> None:
    """Whatever vendor path or geography prefix the key routes through, the offering the host calls by the rest
    (whether or not its `external_ids.litellm` names the key) is the entry's; no second offering or model of it is
    made."""
    tmp = tmp_path_factory.mktemp("kb")  # type: ignore[attr-defined]
    root = curated_copy(tmp)
    key = f"mistral/{vendor}{geo}open-mistral-7b"
    offering = root / "offerings" / "mistral--mistral-7b.yaml"
    if noted:
        offering.write_text(offering.read_text(encoding="utf-8") + f"external_ids:\n  litellm: {key}\n",
                            encoding="utf-8")
    report = run(root, litellm_file(tmp, {key: MISTRAL_7B}))
    assert (report.created["offerings"], report.created["models"], report.conflicts) == (0, 0, [])
    kb, issues = validate_kb(root, TODAY)
    assert issues == [] and [o.id for o in kb.offerings if o.model == "mistral-7b"] == ["mistral--mistral-7b"]
    # the entry its external_ids name, or its own id, prices it ($0.25 / $0.25 per 1M); a route it merely matches
    # does not
    history = kb.price_history("mistral--mistral-7b")
    priced = history.current(TODAY) if history else None
    own = noted or not (vendor or geo)
    assert (str(priced.input), str(priced.output)) == ("0.25", "0.25") if own else priced is None


def test_an_offering_is_recognised_by_its_litellm_key_where_no_id_segment_matches(tmp_path: Path) -> None:
    """The key's last segment, `mistral-7b-v0.1`, is not an id of the offering (`open-mistral-7b`): only its noted
    `external_ids.litellm` ties the feed's entry to it."""
    root = curated_copy(tmp_path)
    key = "mistral/routed/mistral-7b-v0.1"
    offering = root / "offerings" / "mistral--mistral-7b.yaml"
    offering.write_text(offering.read_text(encoding="utf-8") + f"external_ids:\n  litellm: {key}\n", encoding="utf-8")
    report = run(root, litellm_file(tmp_path, {key: MISTRAL_7B}))
    assert (report.created["offerings"], report.created["models"], report.conflicts) == (0, 0, [])


def test_a_route_is_the_id_without_its_path_or_geography() -> None:
    assert route("vertex_ai/xai/grok-4.3") == "grok-4.3"
    assert route("azure/eu/gpt-5.5") == "gpt-5.5"
    assert route("eu.anthropic.claude-haiku-4-5-20251001-v1:0") == "anthropic.claude-haiku-4-5-20251001-v1:0"
    assert route("global.anthropic.claude-fable-5-1") == route("us.anthropic.claude-fable-5-1")
    assert route("in.moonshotai.kimi-k3") == "moonshotai.kimi-k3"
    # a prefix is a geography only when the whole of it is one: these are vendors
    assert route("inflection.pi-3") == "inflection.pi-3" and route("usage.model-1") == "usage.model-1"
