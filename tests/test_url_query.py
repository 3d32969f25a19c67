"""A URL may carry `$` in its query (Azure's retail price API filters with `$filter=`), nowhere else; pydantic and
the published JSON Schema agree on both."""

from __future__ import annotations

import json

import jsonschema
import pytest
from conftest import REPO
from pydantic import TypeAdapter, ValidationError

from generators.kb.records.base import HttpsUrl

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
