"""The hot formatting and escaping functions remember their answers (numbers.price, units.usd, escape.one_line) and
units.decimal returns a record's Decimal as it is. A remembered answer must be the one a fresh call gives, whatever
came before: values that compare equal but differ in type or exponent (1, 1.0, 1.50, True) must never get each
other's text, and a cached escape must never hand back text for other input."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generators.escape import one_line
from generators.kb.units import UnitError, decimal, usd
from generators.site.numbers import price

fresh_price = price.__wrapped__
fresh_usd = usd.__wrapped__
fresh_one_line = one_line.__wrapped__
amounts = st.decimals(min_value=0, max_value=1000, allow_nan=False, allow_infinity=False, places=4)


@given(st.lists(st.one_of(amounts, amounts.map(lambda d: d.normalize()), amounts.map(float),
                          st.integers(0, 1000)), min_size=1, max_size=20))
def test_a_cached_price_is_what_a_fresh_call_prints(values: list[object]) -> None:
    for value in values:
        assert price(value) == fresh_price(value)


@given(st.lists(st.one_of(amounts, amounts.map(lambda d: d.normalize()), amounts.map(float),
                          st.integers(0, 1000)), min_size=1, max_size=20))
def test_a_cached_dollar_amount_is_what_a_fresh_call_prints(values: list[object]) -> None:
    for value in values:
        assert usd(value) == fresh_usd(value)


def test_dollar_amounts_of_another_exponent_or_type_print_the_same() -> None:
    assert [usd(Decimal("1.5")), usd(Decimal("1.50")), usd(1.5), usd(Decimal("0.075")), usd(1)] == [
        "$1.50", "$1.50", "$1.50", "$0.075", "$1.00"]
    with pytest.raises(UnitError):  # True is no amount, though 1 is cached and True == 1
        usd(True)


def test_equal_prices_of_another_exponent_or_type_print_as_recorded() -> None:
    assert price(Decimal("1.5")) == "$1.50"
    assert price(Decimal("1.50")) == "$1.50"
    assert price(Decimal("0.075")) == "$0.075"
    assert price(2) == "$2.00" and price(2.0) == "$2.00"
    assert price(Decimal("-0")) == "$0.00"


@pytest.mark.parametrize("one", [1, 1.0, Decimal("1"), Decimal("1.00")])
def test_true_is_not_taken_for_a_cached_one(one: object) -> None:
    assert price(one) == "$1.00"
    with pytest.raises(ArithmeticError):  # Decimal("True"): a flag is not a price, whatever one is cached
        price(True)


@given(st.text(max_size=40))
def test_a_cached_escape_is_what_a_fresh_call_gives(text: str) -> None:
    assert one_line(text) == fresh_one_line(text)
    assert one_line(text) == fresh_one_line(text)  # the second call is served from the cache


@given(amounts)
def test_a_decimal_comes_back_with_its_value_and_exponent(value: Decimal) -> None:
    assert str(decimal(value)) == str(Decimal(str(value)))


@pytest.mark.parametrize("value", [Decimal("NaN"), Decimal("Infinity"), Decimal("-Infinity"), True, None])
def test_a_value_that_is_no_number_is_still_refused(value: object) -> None:
    with pytest.raises(UnitError):
        decimal(value)
