"""One redaction, every encoding: a key echoed by an upstream error body never reaches a report, raw, JSON-escaped,
URL-encoded or inside HTTP Basic's base64 `user:key`, and is removed before any cut (issue: hostile input)."""

from __future__ import annotations

import base64
import json
from urllib.parse import quote, quote_plus

from hypothesis import given, settings
from hypothesis import strategies as st

from generators.live.upstream import excerpt, redact

KEY = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_/+=.:", min_size=16,
              max_size=60)
USER = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789", max_size=12)


def forms(key: str, user: str) -> list[str]:
    return [key, json.dumps(key)[1:-1], key.replace("/", "\\/"), quote(key, safe=""), quote_plus(key),
            base64.b64encode(f"{user}:{key}".encode()).decode(), base64.urlsafe_b64encode(f"{user}:{key}".encode())
            .decode()]


@settings(max_examples=200, deadline=None)
@given(KEY, USER, st.integers(min_value=0, max_value=400))
def test_no_encoding_of_the_key_survives(key: str, user: str, padding: int) -> None:
    body = "x" * padding + json.dumps({"error": f"bad key {key}", "echo": key.replace("/", "\\/"),
                                       "url": f"https://h/?k={quote(key, safe='')}",
                                       "auth": "Basic " + base64.b64encode(f"{user}:{key}".encode()).decode()})
    quoted = excerpt(body, [key])
    for form in forms(key, user):
        assert form not in quoted


def spell(char: str, how: int) -> str:
    """One character of a key the way a body may spell it: raw, `\\uXXXX`, JSON's `\\/`, or percent-encoded."""
    if how == 1:
        return f"\\u{ord(char):04X}"
    if how == 2 and char == "/":
        return "\\/"
    if how == 3:
        return "".join(f"%{byte:02x}" for byte in char.encode())
    return char


@settings(max_examples=200, deadline=None)
@given(KEY, st.data())
def test_a_key_with_only_some_characters_escaped_is_redacted(key: str, data: st.DataObject) -> None:
    hows = data.draw(st.lists(st.integers(min_value=0, max_value=3), min_size=len(key), max_size=len(key)))
    echoed = "".join(spell(char, how) for char, how in zip(key, hows, strict=True))
    assert redact(f'{{"error": "invalid key {echoed}"}}', [key]) == '{"error": "invalid key ***"}'


def test_the_mixed_escapes_an_audit_found_are_redacted() -> None:
    key = "sk-or/abc+def/ghi0123"
    for echoed in ("sk-or\\u002fabc+def/ghi0123", "sk-or/abc\\u002Bdef\\/ghi0123", "sk-or%2Fabc+def/ghi0123",
                   "sk-or/abc%2bdef%2Fghi0123"):
        assert redact(f"401: {echoed}.", [key]) == "401: ***.", echoed


def spell_more(char: str, how: int) -> str:
    """The audit's second round of encodings, one character at a time."""
    if how == 0:
        return char
    if how == 1:
        return f"\\\\u{ord(char):04x}"  # JSON-escaped twice: the backslash itself escaped
    if how == 2:
        return f"&#{ord(char)};"
    if how == 3:
        return f"&#x{ord(char):X};"
    if how == 4:
        return "".join(f"%25{byte:02X}" for byte in char.encode())  # percent-encoded twice
    return char.swapcase()


@settings(max_examples=200, deadline=None)
@given(KEY, st.data())
def test_a_key_escaped_twice_as_entities_wrapped_recased_or_cut_is_redacted(key: str, data: st.DataObject) -> None:
    hows = data.draw(st.lists(st.integers(min_value=0, max_value=5), min_size=len(key), max_size=len(key)))
    spelled = [spell_more(char, how) for char, how in zip(key, hows, strict=True)]
    keep = data.draw(st.integers(min_value=max(8, len(key) // 2), max_value=len(key)))  # a cut-off key's head
    wrap = data.draw(st.integers(min_value=1, max_value=keep - 1))  # a line break somewhere inside it
    echoed = "".join(spelled[:wrap]) + "\n" + "".join(spelled[wrap:keep])
    shown = redact(f"invalid key: {echoed}", [key])
    assert shown == "invalid key: ***", (echoed, shown)
