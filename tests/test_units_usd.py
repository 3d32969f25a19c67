"""One money formatter for every report (kb diff's pull-request comment, kb check's drift messages): a price
shows every digit it has, never rounded to cents (issue: hostile input, second round: $0.075 printed as $0.07)."""

from __future__ import annotations

import pytest

from generators.kb.units import usd


@pytest.mark.parametrize(("value", "shown"), [(0.075, "$0.075"), (2.5, "$2.50"), (10, "$10.00"), (1234.5, "$1,234.50"),
                                              (0.07500000000000001, "$0.075"), (0.0000025, "$0.0000025"),
                                              (0, "$0.00")])
def test_a_price_shows_every_digit_it_has_and_cents_at_least(value: float, shown: str) -> None:
    assert usd(value) == shown
