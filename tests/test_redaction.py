"""One redaction, every encoding: a key echoed by an upstream error body never reaches a report, raw, JSON-escaped,
URL-encoded or inside HTTP Basic's base64 `user:key`, and is removed before any cut (issue: hostile input)."""

from __future__ import annotations

import base64
import json
from urllib.parse import quote, quote_plus

from hypothesis import given, settings
from hypothesis import strategies as st

from generators.live.upstream import encodings, excerpt

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


def test_the_escaped_form_is_one_of_the_encodings() -> None:
    assert "sk\\/abc\\/def" in encodings("sk/abc/def") and "sk%2Fabc%2Fdef" in encodings("sk/abc/def")
