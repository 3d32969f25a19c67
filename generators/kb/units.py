"""Price units, in one place: USD per token (what APIs and LiteLLM publish) and USD per 1M tokens (what the KB
records), converted exactly in Decimal, and the plausibility limit every price is held to.

A float such as 2.5e-06 is read through its shortest repr, so `per_million(2.5e-06)` is exactly 2.5 and a round
trip gives back the number that was read.
"""

from __future__ import annotations

import functools
import math
from decimal import Decimal, InvalidOperation

from .yaml_typing import MAX_DIGITS

MILLION = Decimal(1_000_000)
MAX_USD_PER_MTOK = 1000
"""The highest plausible price per 1M tokens: above it, a per-token or per-1K figure was almost surely pasted."""
MAX_TIER_THRESHOLD = 100_000_000
"""The highest plausible long-context tier threshold, in tokens (no context window comes near it)."""


class UnitError(ValueError):
    """A value is not a usable price: not a number, not finite, negative, or implausibly high."""


def decimal(value: object, what: str = "price") -> Decimal:
    """A finite number (int, float or numeric string) as a Decimal; UnitError otherwise."""
    if type(value) is Decimal and value.is_finite():  # the common case (records hold Decimals), as it is
        return value
    if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
        raise UnitError(f"{what} is {value!r}, not a number")
    if isinstance(value, float) and not math.isfinite(value):
        raise UnitError(f"{what} is {value!r}, not a finite number")
    try:
        number = Decimal(repr(value) if isinstance(value, float) else str(value).strip())
    except InvalidOperation:
        raise UnitError(f"{what} is {value!r}, not a number") from None
    if not number.is_finite():
        raise UnitError(f"{what} is {value!r}, not a finite number")
    return number


def per_million(value: object, what: str = "price") -> Decimal:
    """USD per token -> USD per 1M tokens, exact in decimal ("0.0000002" is 0.2, never 0.19999999999999998);
    refuses negative and implausible prices. Trailing zeros are dropped: the record says 0.2, not 0.2000000."""
    price = decimal(value, what) * MILLION
    check_plausible(price, value, what)
    return price.normalize() if price != price.to_integral_value() else price.quantize(Decimal("1.0"))


def per_token(value: float | Decimal) -> float:
    """USD per 1M tokens -> USD per token: the inverse of `per_million`."""
    return float(decimal(value) / MILLION)


def per_token_text(value: float | Decimal) -> str:
    """USD per 1M tokens as the per-token string OpenRouter publishes (`"0.0000025"`), without exponent."""
    text = format(decimal(value) / MILLION, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def check_plausible(price: Decimal, raw: object, what: str) -> None:
    if price < 0:
        raise UnitError(f"{what} is negative ({raw!r})")
    if price > MAX_USD_PER_MTOK:
        raise UnitError(f"{what} is {raw!r} per token, i.e. ${price:,.2f} per 1M tokens, over the "
                        f"${MAX_USD_PER_MTOK} limit: a per-token price times 1,000,000 must stay under it")
    if sum(map(str.isdigit, format(price.normalize(), "f"))) > MAX_DIGITS:  # what a record can hold (yaml_typing)
        raise UnitError(f"{what} is {raw!r} per token, i.e. {price:.3e} USD per 1M tokens: more digits than a "
                        f"record holds ({MAX_DIGITS}); not a real price")


def relative_change(ours: float | Decimal, theirs: float | Decimal) -> Decimal | None:
    """(ours - theirs) / theirs in Decimal; None when theirs is 0 (no relative change to speak of)."""
    base = decimal(theirs)
    return None if base == 0 else (decimal(ours) - base) / base


def tokens(value: object, what: str) -> int:
    """A whole, positive token count within MAX_TIER_THRESHOLD; UnitError otherwise."""
    if isinstance(value, bool) or not isinstance(value, int | float) or \
            (isinstance(value, float) and (not math.isfinite(value) or value != int(value))):
        raise UnitError(f"{what} is {value!r}, not a whole number of tokens")
    if not 0 < value <= MAX_TIER_THRESHOLD:
        raise UnitError(f"{what} is {value!r}, outside 1..{MAX_TIER_THRESHOLD:,} tokens")
    return int(value)


@functools.lru_cache(maxsize=4096, typed=True)  # charts and feeds print the same few hundred prices thousands of times
def usd(value: object) -> str:
    """A price as a reader reads it: `$` and thousands separators, cents always, and every further digit the price
    has, to a billionth (a feed's float noise is not a digit): $0.075 stays $0.075, never $0.07 or $0.08."""
    text = f"{decimal(value).quantize(Decimal('0.000000001')):,f}"
    whole, _, cents = text.partition(".")
    return f"${whole}.{cents.rstrip('0').ljust(2, '0')}"
