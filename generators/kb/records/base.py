"""House rules and shared types for every record in kb/.

Every record model derives from `Record`, so unknown fields are rejected and each field's docstring
becomes its JSON Schema description (the hint a contributor's editor shows).
"""

from __future__ import annotations

import datetime
import decimal
import re
import typing
import urllib.parse
from collections.abc import Iterator
from typing import Annotated, ClassVar, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    StringConstraints,
    WithJsonSchema,
    field_validator,
)
from pydantic_core import PydanticCustomError

from ...escape import INVISIBLE_CHARACTERS
from ..units import MAX_USD_PER_MTOK

SCHEMA_VERSION = 1

Slug = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9](?:[a-z0-9._-]{0,118}[a-z0-9])?$"),
]
"""A record id: lower-case letters, digits, '.', '_' and '-', starting and ending with a letter or digit."""
ProviderId = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z](?:[a-z0-9._-]{0,118}[a-z0-9])?$"),
]
"""A provider id: a record id that starts with a letter, since snippets derive shell variable names from it
(`01-ai` would become `${01_AI_BASE_URL}`, a bash error)."""

# Free text refuses the C0 and C1 control characters, the bidirectional marks, overrides and isolates (which make
# text display in another order than it is stored), line and paragraph separators and U+FFFE/U+FFFF (which XML
# refuses): exactly what pages would otherwise replace, so valid text shows as written. One-line text refuses tab
# and newline too.
FORBIDDEN_IN_TEXT = INVISIBLE_CHARACTERS
LINE_PATTERN = rf"^[^{FORBIDDEN_IN_TEXT}\t\n]*[^{FORBIDDEN_IN_TEXT}\s][^{FORBIDDEN_IN_TEXT}\t\n]*$"
PROSE_PATTERN = rf"^[^{FORBIDDEN_IN_TEXT}]*[^{FORBIDDEN_IN_TEXT}\s][^{FORBIDDEN_IN_TEXT}]*$"
MAX_LINE_TEXT = 200
MAX_PROSE = 2000

Text = Annotated[str, StringConstraints(max_length=MAX_LINE_TEXT, pattern=LINE_PATTERN)]
"""One line of text: a name, a title, a label. At most 200 characters, no control characters."""
Prose = Annotated[str, StringConstraints(max_length=MAX_PROSE, pattern=PROSE_PATTERN)]
"""Text that may run over several lines (a description, a note): at most 2,000 characters, tabs and newlines
allowed, other control characters not."""

HOST = re.compile(r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?")
URL_CHARACTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~:/?#@&*+,;=%")
"""What a URL may hold unescaped after its host: RFC 3986's characters, less `!$'()[]`, which close Markdown
links, start shell expansions or quote in HTML, and are in no address a record needs unescaped."""
QUERY_CHARACTERS = URL_CHARACTERS | {"$"}
"""After the `?`: OData-style queries (Azure's `$filter=`) need `$`; every sink that shows a URL escapes it."""
URL_PATTERN = (r"^https://(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
               r"(?::[0-9]{1,5})?(?:[/#](?:[A-Za-z0-9._~:/#@&*+,;=-]|%[0-9A-Fa-f]{2})*)?"
               r"(?:\?(?:[A-Za-z0-9._~:/?#@&*+,;=$-]|%[0-9A-Fa-f]{2})*)?$")
MAX_URL = 2000


def url_error(problem: str, fix: str) -> PydanticCustomError:
    return PydanticCustomError("https_url", "{problem}", {"problem": problem, "fix": fix})


def check_url(url: str) -> str:
    """Parse a URL (not pattern-match it): https, a host name, no user or password, nothing unescaped that
    RFC 3986 (or a Markdown link, a shell word, an HTML attribute) would read otherwise."""
    if not url.startswith("https://"):
        raise url_error("must be an https:// URL", "write the full address starting with https://")
    odd = next((c for c in url if c.isspace() or not c.isprintable() or ord(c) > 0x7E), None)
    if odd is not None:
        raise url_error(f"contains U+{ord(odd):04X}, which a URL cannot hold unescaped",
                        f"percent-encode it ({urllib.parse.quote(odd)}) or remove it")
    parts = urllib.parse.urlsplit(url)
    if "@" in parts.netloc:
        raise url_error("must not carry a user name or password before the host (`user@`)",
                        "remove everything between https:// and the @, and the @")
    if not HOST.fullmatch(parts.hostname or ""):
        raise url_error("needs a host name such as example.com after https://",
                        "write the address as the browser shows it")
    try:
        parts.port  # noqa: B018 - urllib checks the port when it is read
    except ValueError:
        raise url_error("has an invalid port after the host", "remove the `:` and what follows the host") from None
    rest = url[len("https://") + len(parts.netloc):]
    query = rest.find("?") if "?" in rest else len(rest)
    bad = next((c for n, c in enumerate(rest) if c not in (QUERY_CHARACTERS if n > query else URL_CHARACTERS)), None)
    if bad is not None:
        shown = "a backtick" if bad == "`" else f"`{bad}`"
        raise url_error(f"contains {shown}, which must be percent-encoded", f"write it as %{ord(bad):02X}")
    if re.search(r"%(?![0-9A-Fa-f]{2})", rest):
        raise url_error("contains a `%` that does not start a percent-encoding (%HH)", "write a literal % as %25")
    return url


def encode_url(url: str) -> str:
    """A feed's https URL as the KB writes it: every character after the host that `check_url` refuses unescaped
    (a quote, a bracket, a stray `%`) percent-encoded. The host is left as it is, for `check_url` to judge."""
    if not url.startswith("https://"):
        return url
    netloc = urllib.parse.urlsplit(url).netloc
    rest = url[len("https://") + len(netloc):]
    query = rest.find("?") if "?" in rest else len(rest)
    out = []
    for n, c in enumerate(rest):
        if c == "%" and re.match(r"[0-9A-Fa-f]{2}", rest[n + 1:n + 3]):
            out.append(c)
        elif c == "%" or c not in (QUERY_CHARACTERS if n > query else URL_CHARACTERS):
            out.append(urllib.parse.quote(c, safe=""))
        else:
            out.append(c)
    return "https://" + netloc + "".join(out)


HttpsUrl = Annotated[
    str,
    StringConstraints(max_length=MAX_URL),
    AfterValidator(check_url),
    WithJsonSchema({"type": "string", "pattern": URL_PATTERN, "maxLength": MAX_URL}),
]
"""An https URL with a host name, no user information, and no character outside RFC 3986 unescaped."""

Country = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]
EnvVar = Annotated[str, StringConstraints(pattern=r"^[A-Z][A-Z0-9_]{0,63}$")]
"""An environment variable name as shells accept it: upper-case letters, digits and '_', starting with a letter."""
HeaderName = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
"""An HTTP header (or query parameter) name: an RFC 7230 token, limited to letters, digits, '.', '_' and '-'
(the token's other characters, such as backticks and quotes, are in no real API's header names)."""
AuthScheme = Annotated[str, StringConstraints(pattern=r"^[A-Za-z][A-Za-z0-9._-]{0,31}$")]
"""An HTTP authentication scheme such as `Bearer`: a token of letters, digits, '.', '_' and '-'."""
PackageName = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,98}[A-Za-z0-9])?$")]
"""A Python distribution name as PEP 508 defines it (letters, digits, '.', '_', '-'; no extras or versions)."""
Abbreviation = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9+/-]{0,15}$")]
"""A short plain name for tables, e.g. `GQA`: up to 16 letters, digits, '+', '/' and '-'."""

def exact_amount(value: object) -> decimal.Decimal:
    """A price as written: a YAML or JSON number becomes the Decimal of its shortest text, so 0.075 is 0.075 (never
    0.07499999999999999) in every sum, comparison and page. A quoted number, a boolean or anything else is refused
    as a number's type error, as for every other number in a record."""
    if isinstance(value, decimal.Decimal):
        return value
    if isinstance(value, float | int) and not isinstance(value, bool):
        return decimal.Decimal(str(value))
    raise PydanticCustomError("float_type", "Input should be a valid number")


def yaml_number(value: decimal.Decimal) -> str:
    """A price's YAML text: its exact digits, always with a point, so it reads back as the same number."""
    text = format(value, "f")
    return text if "." in text else text + ".0"


def json_number(value: decimal.Decimal) -> float:
    """The JSON API's number for a price: the nearest float, whose shortest text is the digits the record holds."""
    return float(value)


UsdPerMTok = Annotated[decimal.Decimal, BeforeValidator(exact_amount), Field(ge=0, le=MAX_USD_PER_MTOK),
                       PlainSerializer(json_number, when_used="json"),
                       WithJsonSchema({"type": "number", "minimum": 0, "maximum": MAX_USD_PER_MTOK})]
"""USD per one million tokens, exact (Decimal). Above $1000 is almost always a per-token or per-1K figure pasted by
mistake."""
TokenCount = Annotated[int, Field(gt=0, le=100_000_000)]
Count = Annotated[int, Field(gt=0, le=1_000_000)]
"""A positive count of something in a model (layers, heads, experts) or a protocol (shots)."""

EARLIEST = datetime.date(1950, 1, 1)
LATEST = datetime.date(2100, 12, 31)
# Dates are not strict: YAML gives date objects, JSON (diffs, imports) ISO strings, and both mean one thing.
ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def date_only(value: object) -> object:
    """A date from a YAML date or an ISO `YYYY-MM-DD` string only: pydantic's lax mode would also read a Unix
    timestamp (1722902400) or a date-time string as a date, which lets a rewritten date slip through review."""
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return value
    if isinstance(value, str) and ISO_DATE.fullmatch(value):
        return value
    raise PydanticCustomError("date_format", "{problem}", {
        "problem": "must be a date written YYYY-MM-DD", "fix": "write the date as YYYY-MM-DD, e.g. 2026-12-05"})


Date = Annotated[datetime.date, Field(ge=EARLIEST, le=LATEST, strict=False), BeforeValidator(date_only)]
"""A date in the history of language models: 1950 or later (and before 2101, for announced dates)."""
PublicationDate = Annotated[datetime.date, Field(ge=datetime.date(1800, 1, 1), le=LATEST, strict=False),
                            BeforeValidator(date_only)]
"""A source's publication date: older papers are cited too, but not before 1800."""

SourceRefs = Annotated[list[Slug], Field(min_length=1)]
"""Ids of records in kb/sources/ that state this fact."""

Path = tuple[str | int, ...]
"""Where a value sits inside a record: field names and list indexes, as pydantic reports them."""
Reference = tuple[Path, str, str]
"""(where in the record, kind of the record referred to, its id)."""


def empty(kind: type[list[typing.Any]] | type[dict[typing.Any, typing.Any]] = list) -> typing.Any:
    """The default of a list (or mapping) a record may omit: made per record by a factory, where a `= []` default is
    deep-copied for every record that omits it (60,000 copies to validate 11,000 records). The schema still shows it."""
    return Field(default_factory=kind, json_schema_extra={"default": kind()})


class KBModel(BaseModel):
    """The house rules: no unknown fields, docstrings become schema descriptions."""

    model_config = ConfigDict(
        extra="forbid",
        use_attribute_docstrings=True,
        frozen=True,
        str_strip_whitespace=False,
        # Numbers and booleans are what YAML typed them as: a quoted "5.0" or "no" is text, not coerced.
        strict=True,
        allow_inf_nan=False,
    )


class Record(KBModel):
    """A top-level record: one YAML file in kb/<kind>/, whose file name is its id."""

    kind: ClassVar[str]
    """The kb/ folder that holds records of this kind (also the schema's file name)."""

    schema_version: Literal[1]
    """The version of this kind's schema that the record follows. `kb migrate` upgrades old versions."""
    id: Slug
    """The record's id. Must equal the file name without `.yaml`."""

    @field_validator("schema_version", mode="before")
    @classmethod
    def _not_a_boolean(cls, value: object) -> object:
        if isinstance(value, bool):  # Literal[1] alone would take `true` for 1
            raise ValueError(f"`schema_version` must be a whole number (got `{str(value).lower()}`)")
        return value

    @classmethod
    def current_version(cls) -> int:
        """The schema version records of this kind must declare."""
        version: int = typing.get_args(cls.model_fields["schema_version"].annotation)[0]
        return version

    def references(self) -> Iterator[Reference]:
        """Every reference this record makes to another record, with where it is made."""
        return iter(())

    def dates(self) -> Iterator[tuple[Path, datetime.date]]:
        """Dates that state something that already happened, so none may lie after today."""
        return iter(())


def source_refs(path: Path, ids: list[str] | None) -> Iterator[Reference]:
    for index, source_id in enumerate(ids or ()):
        yield (*path, index), "sources", source_id


class Sourced(KBModel):
    """A fact together with where it came from and when that source said it."""

    sources: SourceRefs
    """Ids of the source records that state this fact."""
    as_of: Date | None = None
    """The date the source stated the fact, when it gives one."""
    note: Prose | None = None
    """Anything a reader needs to weigh the fact: caveats, how it was derived."""

    def source_references(self, path: Path) -> Iterator[Reference]:
        yield from source_refs((*path, "sources"), self.sources)


class TokensFact(Sourced):
    """A token count (a context window, a max output) with its sources."""

    value: TokenCount
    """Number of tokens."""


def facts_references(path: Path, facts: list[TokensFact] | None) -> Iterator[Reference]:
    for index, fact in enumerate(facts or ()):
        yield from fact.source_references((*path, index))
