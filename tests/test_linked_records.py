"""KB.linked: the record a reference names, typed as its kind. The fixture KB's offering
anthropic--claude-3-5-sonnet names provider `anthropic` and model `claude-3-5-sonnet`."""

from __future__ import annotations

import pytest
from conftest import FIXTURE_KB, TODAY

from generators.kb.records import Model, Provider
from generators.kb.validate import validate_kb


def test_a_reference_gives_its_record_and_a_name_of_another_kind_or_none_raises() -> None:
    kb = validate_kb(FIXTURE_KB, TODAY)[0]
    provider = kb.linked(Provider, "anthropic")
    assert isinstance(provider, Provider) and provider.name == "Anthropic"
    assert kb.linked(Model, "claude-3-5-sonnet").id == "claude-3-5-sonnet"
    with pytest.raises(LookupError, match="providers/claude-3-5-sonnet"):
        kb.linked(Provider, "claude-3-5-sonnet")  # a model's id, asked as a provider
    with pytest.raises(LookupError, match="models/no-such-model"):
        kb.linked(Model, "no-such-model")
