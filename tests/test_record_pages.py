"""Record pages get typed frozen views: their templates see no KB and no loose dicts, so a page cannot look a
record up itself or decide on its own what is live or current."""

from __future__ import annotations

import dataclasses

import pytest
from conftest import FIXTURE_KB, TODAY

from generators.kb.link import KB
from generators.kb.validate import validate_kb
from generators.site.pages import all_pages
from generators.site.record_pages import ModelPage, OfferingView, ProviderPage


def test_model_and_provider_pages_see_only_frozen_views() -> None:
    kb, issues = validate_kb(FIXTURE_KB, TODAY)
    assert not issues
    record_pages = [p for p in all_pages(kb, TODAY) if p.template in ("model.md.j2", "provider.md.j2")]
    assert len(record_pages) == len(kb.models) + len(kb.providers)
    for page in record_pages:
        for name, value in page.context.items():
            assert not isinstance(value, (KB, dict, list)), (page.path, name, type(value))
        view = ModelPage if page.template == "model.md.j2" else ProviderPage
        assert set(page.context) == {f.name for f in dataclasses.fields(view)}, page.path
        for offering in page.context["offerings"]:
            assert isinstance(offering, OfferingView)
            with pytest.raises(dataclasses.FrozenInstanceError):
                offering.live = not offering.live  # type: ignore[misc]


def test_no_page_sees_the_kb() -> None:
    kb, _ = validate_kb(FIXTURE_KB, TODAY)
    for page in all_pages(kb, TODAY):
        for name, value in page.context.items():
            assert not isinstance(value, KB) and not callable(getattr(value, "price_history", None)), (page.path, name)
