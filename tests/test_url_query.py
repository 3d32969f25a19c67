"""A URL may carry `$` in its query (Azure's retail price API filters with `$filter=`), nowhere else; pydantic and
the published JSON Schema agree on both."""

from __future__ import annotations

import json
import urllib.parse

import jsonschema
import pytest
from conftest import REPO
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError

from generators.kb.records.base import HttpsUrl, encode_url

URL = TypeAdapter(HttpsUrl)
SCHEMA = json.loads((REPO / "schemas" / "source.schema.json").read_text(encoding="utf-8"))["properties"]["url"]


def schema_accepts(url: str) -> bool:
    try:
        jsonschema.validate(url, SCHEMA)
    except jsonschema.ValidationError:
        return False
    return True


@pytest.mark.parametrize("url", ["https://prices.azure.com/api/retail/prices?$filter=serviceName%20eq%20%27AI%27",
                                 "https://example.com/?a=1&$top=5#part"])
def test_a_dollar_in_the_query_is_valid(url: str) -> None:
    assert URL.validate_python(url) == url and schema_accepts(url)


@pytest.mark.parametrize("url", ["https://example.com/$HOME", "https://example.com/a#$x", "https://example.com$"])
def test_a_dollar_before_the_query_is_refused(url: str) -> None:
    with pytest.raises(ValidationError):
        URL.validate_python(url)
    assert not schema_accepts(url)


# A feed's URL is written percent-encoded where the KB refuses a character unescaped (LiteLLM's Azure entries cite
# `...$filter=serviceName eq 'Foundry Models'`): same address, valid record, for any text after the host.

URL_TEXT = st.text(st.characters(min_codepoint=0x21, max_codepoint=0x7E), max_size=40)


@settings(max_examples=300)
@given(path=URL_TEXT)
def test_an_encoded_feed_url_is_valid_and_names_the_same_address(path: str) -> None:
    url = "https://prices.example.com/" + path
    encoded = encode_url(url)
    assert URL.validate_python(encoded) == encoded and schema_accepts(encoded)
    assert urllib.parse.unquote(encoded) == urllib.parse.unquote(url)


def test_the_quotes_of_azure_retail_filters_are_encoded_and_valid_characters_kept() -> None:
    url = "https://prices.azure.com/api/retail/prices?$filter=serviceName%20eq%20'Foundry%20Models'"
    assert encode_url(url) == "https://prices.azure.com/api/retail/prices?$filter=serviceName%20eq%20%27Foundry%20Models%27"
    assert encode_url("https://a.example/100%_(x)") == "https://a.example/100%25_%28x%29"
    assert encode_url("https://a.example/a-b_c~d/e?f=g&h=%41") == "https://a.example/a-b_c~d/e?f=g&h=%41"
