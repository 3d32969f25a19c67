"""Pydantic's errors in words a contributor can act on: one message and one fix per error, at its line."""

from __future__ import annotations

import datetime
import difflib
import typing
from dataclasses import dataclass
from typing import Any

from pydantic import StringConstraints

from ..escape import INVISIBLE, terminal_char
from .issues import Issue
from .load import RawRecord, scalar_at
from .records import SINGULAR, Record, base
from .records.offering import ApiId
from .records.source import ArxivId

PRICE_FIELDS = {"input", "output", "cached_input", "cache_write", "batch_input", "batch_output"}


def pattern_of(annotated: Any) -> str:
    return next(str(m.pattern) for m in typing.get_args(annotated)[1:] if isinstance(m, StringConstraints))


PATTERN_HELP: dict[str, tuple[str, str]] = {
    pattern_of(base.Slug): ("must be an id: lower-case letters, digits, '.', '_' and '-'",
                            "use the record's file name without .yaml, e.g. `gpt-4o`"),
    pattern_of(base.ProviderId): ("must be a provider id: lower-case letters, digits, '.', '_' and '-', starting "
                                  "with a letter (snippets name shell variables after it)",
                                  "start it with the provider's name, e.g. `zero-one-ai` for 01.AI"),
    pattern_of(base.Country): ("must be a two-letter ISO 3166 country code",
                               "write e.g. US, FR, CN (in quotes for NO)"),
    pattern_of(base.EnvVar): ("must be an environment variable name",
                              "write e.g. OPENAI_API_KEY (upper-case letters, digits and _, starting with a letter)"),
    pattern_of(base.HeaderName): ("must be an HTTP header name (letters, digits, '.', '_' and '-')",
                                  "write the header as the provider's docs spell it, e.g. `x-api-key`"),
    pattern_of(base.AuthScheme): ("must be an authentication scheme such as `Bearer` (letters, digits, '.', "
                                  "'_' and '-')", "write the word that precedes the key in the header"),
    pattern_of(base.PackageName): ("must be a PyPI package name (letters, digits, '.', '_' and '-'; no extras or "
                                   "versions)", "write the name `pip install` takes, e.g. `openai`"),
    pattern_of(base.Abbreviation): ("must be a short plain abbreviation (up to 16 letters, digits, '+', '/', '-')",
                                    "write e.g. GQA"),
    pattern_of(ArxivId): ("must be an arXiv id such as 2305.13245", "write the id without the arXiv: prefix"),
    pattern_of(ApiId): ("must be an API model id (letters, digits and . _ : / @ + -, no spaces)",
                        "copy the id exactly as the provider's models endpoint lists it"),
}
CHARACTER_NAMES = {"\t": "a tab", "\n": "a line break", "\r": "a carriage return"}


def shown(value: Any, limit: int = 60) -> str:
    """A value as a message quotes it: control and bidi characters escaped, long text cut."""
    text = str(value)
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return "".join(map(terminal_char, text))


def text_problem(name: str, value: str, prose: bool) -> tuple[str, str]:
    """Why free text failed its pattern: a character the shared class `markup.INVISIBLE` refuses (tab and newline
    only in one-line text), or nothing but blanks."""
    for position, char in enumerate(value, start=1):
        if not (INVISIBLE.match(char) or (char in "\t\n" and not prose)):
            continue
        code = ord(char)
        if 0x202A <= code <= 0x202E or 0x2066 <= code <= 0x2069 or code in (0x200E, 0x200F):
            return (f"`{name}` contains U+{code:04X} at character {position}, a bidirectional control that can show "
                    "text in another order than it is stored", "remove it")
        if code in (0x2028, 0x2029):
            return (f"`{name}` contains U+{code:04X} (a line or paragraph separator) at character {position}",
                    "use an ordinary line break in a description or note, or a space")
        if code < 0x20 or 0x7F <= code <= 0x9F:
            what = CHARACTER_NAMES.get(char, "a control character")
            fix = "write it on one line (a longer text belongs in a description or note)" \
                if char in "\t\n" else "remove it"
            return f"`{name}` contains U+{code:04X} ({what}) at character {position}", fix
        what = "not a character" if code in (0xFFFE, 0xFFFF) else "an invisible character"
        return f"`{name}` contains U+{code:04X} ({what}) at character {position}", "remove it"
    return f"`{name}` must not be empty", "write the text, or remove the field if it is optional"


@dataclass(frozen=True)
class Failure:
    """One pydantic error, with what every explanation reads from it."""

    raw: RawRecord
    cls: type[Record]
    path: tuple[Any, ...]
    kind: str
    value: Any
    ctx: dict[str, Any]
    msg: str

    @property
    def field(self) -> str:
        return str(self.path[-1]) if self.path else ""

    @property
    def name(self) -> str:
        return ".".join(str(step) for step in self.path) or "record"

    @property
    def schema(self) -> str:
        return f"schemas/{SINGULAR[self.raw.kind]}.schema.json"


Explained = tuple[str, str] | None
"""(message, fix), or None when an explanation does not apply to the error's kind."""


def describe(raw: RawRecord, cls: type[Record], error: Any) -> Issue:
    """Turn one pydantic error into an issue at the right line, in words a contributor can act on."""
    path = tuple(error["loc"])
    line, column = raw.locate(path)
    failure = Failure(raw, cls, path, error["type"], error.get("input"), error.get("ctx") or {}, error["msg"])
    for explain in (field_problem, text_error, range_error, shape_error):
        found = explain(failure)
        if found is not None:
            message, fix = found
            break
    else:
        message, fix = f"`{failure.name}`: {failure.msg}", ""
    return Issue(raw.file, line, column, message, fix or f"see {failure.schema}")


def field_problem(f: Failure) -> Explained:
    """A field the record may not have, or one it must have."""
    if f.kind == "extra_forbidden":
        known = known_fields(f.cls, f.path[:-1])
        close = difflib.get_close_matches(f.field, known, n=1)
        return (f"unknown field `{f.name}`",
                f"did you mean `{close[0]}`?" if close else f"remove it; known fields: {', '.join(known)}")
    if f.kind == "missing":
        return f"missing required field `{f.name}`", f"add `{f.field}:` here (see its description in {f.schema})"
    return None


def text_error(f: Failure) -> Explained:
    """Text that YAML typed otherwise, failed its pattern, ran too long, or is not a URL or date as written."""
    name, value, ctx = f.name, f.value, f.ctx
    if f.kind == "string_type" and isinstance(value, bool | int | float):
        node = scalar_at(f.raw.node, f.path)
        text = node.value if node is not None else str(value)
        return f"`{name}` must be text, but YAML reads `{text}` as a {type(value).__name__}", f'quote it: "{text}"'
    if f.kind == "string_pattern_mismatch" and ctx["pattern"] in (base.LINE_PATTERN, base.PROSE_PATTERN):
        return text_problem(name, value, ctx["pattern"] == base.PROSE_PATTERN)
    if f.kind == "string_pattern_mismatch":
        what, fix = PATTERN_HELP.get(ctx["pattern"], (f"must match {ctx['pattern']}", "see the schema"))
        return f"`{name}` {what} (got `{shown(value)}`)", fix
    if f.kind == "string_too_long":
        return (f"`{name}` is {len(value):,} characters long; the limit is {ctx['max_length']:,}",
                "shorten it" + (" (put the detail in a description or note)"
                                if ctx["max_length"] == base.MAX_LINE_TEXT else ""))
    if f.kind in ("https_url", "date_format"):
        return f"`{name}` {ctx['problem']} (got `{shown(value)}`)", ctx["fix"]
    return None


def range_error(f: Failure) -> Explained:
    """A price, a date or a count outside its bounds."""
    name, value, ctx, kind = f.name, f.value, f.ctx, f.kind
    if kind == "less_than_equal" and f.field in PRICE_FIELDS:
        return (f"`{name}` = {value} USD per 1M tokens is implausible (over $1000)",
                "prices are per 1M tokens: multiply a per-token price by 1,000,000, a per-1K price by 1,000")
    if kind in {"greater_than_equal", "less_than_equal"} and isinstance(value, datetime.date):
        limit = ctx.get("ge", ctx.get("le"))
        message = f"`{name}` is {value}, which is implausible (dates run from {base.EARLIEST} to {base.LATEST})" \
            if limit in (str(base.EARLIEST), str(base.LATEST)) else \
            f"`{name}` is {value}, which is implausible ({'before' if kind.startswith('greater') else 'after'} " \
            f"{limit})"
        return message, "check the year"
    if kind in {"greater_than_equal", "greater_than", "less_than_equal", "less_than"}:
        bound = {"greater_than_equal": "at least", "greater_than": "more than", "less_than_equal": "at most",
                 "less_than": "less than"}[kind]
        limit = next(iter(ctx.values()))
        limit = f"{int(limit):,}" if isinstance(limit, float) and limit.is_integer() else limit
        return f"`{name}` must be {bound} {limit} (got {value})", "correct the value"
    return None


def shape_error(f: Failure) -> Explained:
    """A list without entries, a value not among the allowed ones, a rule broken, or the wrong type of value."""
    name, value, kind = f.name, f.value, f.kind
    if kind == "too_short":
        return (f"`{name}` needs at least one entry",
                "add an entry (every fact needs a source)" if f.field == "sources" else "add an entry")
    if kind == "literal_error":
        return f"`{name}` is `{shown(value)}`, which is not allowed", f"use one of: {f.ctx['expected']}"
    if kind == "value_error":
        return (f.msg.removeprefix("Value error, "),
                f"write `schema_version: {f.cls.current_version()}`" if f.field == "schema_version" else
                f"change the record so this rule holds (field descriptions: {f.schema})")
    if kind in {"date_type", "date_from_datetime_inexact", "date_parsing"}:
        return f"`{name}` must be a date (got `{shown(value)}`)", "write it as YYYY-MM-DD, unquoted"
    if kind in {"int_type", "int_parsing", "float_type", "float_parsing", "bool_type", "bool_parsing",
                "int_from_float", "finite_number"}:
        expected = {"int": "a whole number", "float": "a number", "bool": "true or false",
                    "finite": "a number"}[kind.split("_")[0]]
        return f"`{name}` must be {expected} (got `{shown(value)}`)", f"write {expected}, unquoted"
    if kind in {"list_type", "dict_type", "model_type", "model_attributes_type"}:
        expected = "a list" if kind == "list_type" else "a mapping of fields"
        return f"`{name}` must be {expected}", f"see {f.schema} for its shape"
    return None


def known_fields(cls: type[Record], path: tuple[Any, ...]) -> list[str]:
    """The field names allowed at `path` inside a record of `cls`."""
    model: Any = cls
    for step in path:
        if isinstance(step, int):
            continue
        field = getattr(model, "model_fields", {}).get(step)
        if field is None:
            return []
        model = field.annotation
        while getattr(model, "__args__", None):
            model = next((arg for arg in model.__args__ if hasattr(arg, "model_fields")), model.__args__[0])
    return list(getattr(model, "model_fields", {}))
