"""Prices are Decimal end to end: a record's price is the exact decimal it is written as, a feed's per-token price
becomes the exact per-1M decimal, what an importer writes reads back as the same number, and the JSON API carries
the same digits. Generated prices (Hypothesis) stand in for every figure a record or feed can hold."""

from __future__ import annotations

import datetime
import json
import shutil
from decimal import Decimal

import yaml
from conftest import FIXTURE_KB, write_record
from hypothesis import given, settings
from hypothesis import strategies as st

from generators.interop.commit import PlainDumper
from generators.kb.records.base import json_number, yaml_number
from generators.kb.units import per_million
from generators.kb.validate import validate_kb

TODAY = datetime.date(2026, 11, 21)
PRICES = st.decimals(min_value=0, max_value=1000, places=6, allow_nan=False, allow_infinity=False)


@given(PRICES)
def test_a_price_written_out_reads_back_as_the_same_decimal(price: Decimal) -> None:
    text = yaml.dump({"input": price}, Dumper=PlainDumper)
    read = yaml.safe_load(text)["input"]
    assert isinstance(read, float) and Decimal(str(read)) == price  # a YAML number, not a string
    assert Decimal(yaml_number(price)) == price
    assert Decimal(repr(json_number(price))) == price  # the JSON API's number has the same digits


@given(st.integers(min_value=0, max_value=10**9))
def test_a_feeds_per_token_price_becomes_the_exact_per_million_price(micro_dollars: int) -> None:
    per_1m = Decimal(micro_dollars).scaleb(-6)  # $0.000000 to $1,000.000000 per 1M tokens
    per_token = format(per_1m.scaleb(-6), "f")  # as OpenRouter and LiteLLM list it, e.g. "0.0000002"
    assert per_million(per_token) == per_1m
    assert per_million(float(per_token)) == per_1m  # LiteLLM's JSON numbers are floats


@settings(max_examples=25, deadline=None)
@given(st.lists(PRICES.filter(lambda d: d > 0), min_size=2, max_size=2))
def test_a_record_holds_the_decimal_it_is_written_as(tmp_path_factory, prices: list[Decimal]) -> None:  # type: ignore[no-untyped-def]
    root = tmp_path_factory.mktemp("kb") / "kb"
    shutil.copytree(FIXTURE_KB, root)
    cheap, dear = sorted(prices)
    write_record(root, "prices", "mistral--mistral-7b", "schema_version: 2\nid: mistral--mistral-7b\n"
                 "offering: mistral--mistral-7b\n"
                 f"snapshots:\n- effective: 2024-06-01\n  input: {yaml_number(cheap)}\n  output: {yaml_number(dear)}\n"
                 "  sources:\n  - mistral-pricing\n")
    kb, issues = validate_kb(root, TODAY)
    assert issues == []
    history = kb.price_history("mistral--mistral-7b")
    assert history is not None
    snapshot = history.snapshots[0]
    assert (snapshot.input, snapshot.output) == (cheap, dear)
    assert snapshot.input + snapshot.output == cheap + dear  # exact: 0.1 + 0.2 is 0.3
    wire = json.loads(json.dumps(snapshot.model_dump(mode="json")))
    assert Decimal(repr(wire["input"])) == cheap
