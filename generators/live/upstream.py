"""List each provider's models from its own API, page by page, concurrently across providers.

Each provider is read through the dialect its record names (`dialects/`). Faults (timeouts, 429s after bounded
retries, 5xx, malformed or truncated bodies, redirects, an empty list) raise `UpstreamError` with a redacted
message; they are never mistaken for "this model is gone". Every request has one total deadline (connect,
headers and the whole body), so a server that drips a byte at a time cannot hold a check past `timeout`, and a
`Retry-After` is honoured only up to `timeout`. No key or `?key=` ever reaches a message: upstream text is
redacted first and only then cut to length.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import functools
import json
import re
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import httpx

from ..kb.files import feed_json
from ..kb.records import Provider
from .dialects import Dialect, ListedModel, ShapeError, dialect_of
from .dialects.openrouter import OpenRouter, endpoints_url

UpstreamModel = ListedModel
UrlFor = Callable[[str, str], str]
"""(provider id, real URL) -> the URL to call: the identity for real APIs, the fake's URL in tests."""
PAGE_LIMIT = 50
"""The most pages read from one provider, so a server that pages forever cannot hang a check."""
EXCERPT = 300
"""How much of an upstream error body a message quotes (after redaction)."""


class UpstreamError(Exception):
    """A provider's API could not be read. The message is already redacted."""

    def __init__(self, provider: str, message: str) -> None:
        super().__init__(f"{provider}: {message}")
        self.provider, self.message = provider, message


BASE64_RUN = re.compile(r"[A-Za-z0-9+/_-]{12,}={0,2}")
JSON_SHORT = {c: json.dumps(c)[1:-1] for c in '/"\\\b\f\n\r\t'} | {"/": "\\/"}
"""JSON's two-character escapes (`\\n`, `\\"`, ...), and `\\/`, which JSON allows for `/`."""


def char_forms(char: str) -> list[str]:
    """Regex alternatives for one character of a key as a body may spell it: raw; JSON's short escape or `\\uXXXX`
    behind any number of backslashes (JSON-escaped twice); percent-encoded UTF-8, maybe twice; an HTML entity."""
    utf16 = char.encode("utf-16-be")
    units = [int.from_bytes(utf16[i:i + 2], "big") for i in range(0, len(utf16), 2)]
    forms = [re.escape(char), "".join(rf"\\+u{unit:04x}" for unit in units),
             "".join(f"%(?:25)*{byte:02x}" for byte in char.encode()), rf"&#0*{ord(char)};", rf"&#x0*{ord(char):x};"]
    if char in JSON_SHORT:
        forms.append(r"\\+" + re.escape(JSON_SHORT[char][1:]))
    if char == " ":
        forms.append(r"\+")
    return forms


BREAK = r"(?:\r\n|\n|\r|\\+[rn])?"  # a line break inside an echoed key: wrapped text, a JSON-escaped newline


@functools.lru_cache(maxsize=64)  # one pattern per key, not one per message redacted
def secret_pattern(secret: str) -> re.Pattern[str]:
    """Matches the key in any mix of the encodings of `char_forms`, character by character and in any case, so a
    body that escapes only some characters (`\\u002f` for one slash, `%2B` for one plus), wraps it, or upper-cases
    it is caught like the raw key; so is a cut-off key, down to its first half (at least 8 characters)."""
    parts = [f"(?:{'|'.join(char_forms(c))})" for c in secret]
    keep = min(len(parts), max(8, len(parts) // 2))
    tail = ""
    for part in reversed(parts[keep:]):  # each later character optional, but only after the one before it
        tail = f"(?:{BREAK}{part}{tail})?"
    return re.compile(BREAK.join(parts[:keep]) + tail, re.IGNORECASE)


def holds_secret(token: str, secrets: list[str]) -> bool:
    """Whether a base64 run decodes to text holding a key (HTTP Basic's `user:key`, whatever the user)."""
    for decode in (base64.b64decode, base64.urlsafe_b64decode):
        try:
            decoded = decode(token + "=" * (-len(token) % 4)).decode("utf-8", "replace")
        except (ValueError, binascii.Error):
            continue
        if any(secret in decoded for secret in secrets):
            return True
    return False


def redact(text: str, secrets: list[str]) -> str:
    """Every secret out of `text` in every encoding it can take there; runs before any cut (see `excerpt`)."""
    secrets = [s for s in secrets if s]
    for secret in sorted(secrets, key=len, reverse=True):
        text = secret_pattern(secret).sub("***", text)
    if secrets:
        text = BASE64_RUN.sub(lambda m: "***" if holds_secret(m.group(), secrets) else m.group(), text)
    return re.sub(r"(?i)([?&](?:key|api_key|apikey|token)=)[^&\s\"']+", r"\1***", text)


def excerpt(text: str, secrets: list[str], limit: int = EXCERPT) -> str:
    """Upstream text safe to quote: redacted first, then cut (cutting first could split a key and leak its head)."""
    clean = redact(text, secrets)
    return clean if len(clean) <= limit else clean[:limit] + "…"


def safe_url(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.hostname or ''}{f':{parts.port}' if parts.port else ''}{parts.path}"


class Lister:
    """Reads one provider's model list through its dialect."""

    def __init__(self, client: httpx.AsyncClient, provider: Provider, key: str, url_for: UrlFor,
                 retries: int = 3, max_wait: float = 30.0, timeout: float = 10.0) -> None:
        self.client, self.provider, self.key, self.url_for = client, provider, key, url_for
        self.retries, self.timeout = retries, timeout
        self.max_wait = min(max_wait, timeout)
        self.dialect: Dialect = dialect_of(provider)

    def fail(self, message: str) -> UpstreamError:
        return UpstreamError(self.provider.id, redact(message, [self.key]))

    async def fetch(self, target: str, params: dict[str, str], headers: dict[str, str]) -> Fetched:
        async with self.client.stream("GET", target, params=params, headers=headers) as response:
            return Fetched(response.status_code, response.headers, await bounded_body(response))

    async def get(self, url: str, params: dict[str, str]) -> Any:
        target = self.url_for(self.provider.id, url)
        headers = {**self.dialect.headers(self.provider, self.key), "Accept-Encoding": "gzip, deflate"}
        for attempt in range(self.retries + 1):
            try:
                response = await asyncio.wait_for(self.fetch(target, params, headers), self.timeout)
            except BodyError as error:
                raise self.fail(f"{safe_url(url)}: {error}") from None
            except (TimeoutError, httpx.TimeoutException):
                if attempt < self.retries:
                    await asyncio.sleep(min(0.5 * 2 ** attempt, self.max_wait))
                    continue
                raise self.fail(f"timed out reading {safe_url(url)} ({attempt + 1} attempts of at most "
                                f"{self.timeout:g} s each)") from None
            except httpx.HTTPError as error:
                raise self.fail(f"could not reach {safe_url(url)}: {type(error).__name__}") from None
            status = response.status_code
            if 300 <= status < 400:
                where = urlsplit(response.headers.get("location", "")).hostname or "the same host"
                raise self.fail(f"{safe_url(url)} redirected ({status}) to {where}; not followed")
            if status == 429 or status >= 500:
                if attempt < self.retries:
                    await asyncio.sleep(self.wait(response, attempt))
                    continue
                what = "rate limited (429)" if status == 429 else f"server error {status}"
                raise self.fail(f"{what} from {safe_url(url)} after {attempt + 1} attempts")
            if status >= 400:
                raise self.fail(f"{status} from {safe_url(url)}: {excerpt(response.text, [self.key])}")
            try:
                return feed_json(response.text, safe_url(url))
            except json.JSONDecodeError:
                raise self.fail(f"malformed or truncated JSON from {safe_url(url)}") from None
            except ValueError as error:
                raise self.fail(str(error)) from None
        raise self.fail("no attempt made")  # pragma: no cover - the loop always returns or raises

    def wait(self, response: Fetched, attempt: int) -> float:
        """The provider's Retry-After (or an exponential backoff), never longer than `max_wait` nor `timeout`."""
        try:
            seconds = float(response.headers.get("retry-after", ""))
        except ValueError:
            seconds = 0.5 * 2 ** attempt
        return max(0.0, min(seconds, self.max_wait)) if seconds == seconds else self.max_wait

    async def models(self) -> list[ListedModel]:
        endpoint = self.provider.models_endpoint
        if not endpoint:
            raise self.fail("no models endpoint recorded for this provider")
        found: list[ListedModel] = []
        params = dict(self.dialect.page_params)
        for _ in range(PAGE_LIMIT):
            page = await self.get(endpoint, params)
            try:
                found += [self.dialect.parse(item) for item in self.dialect.items(page)]
            except ShapeError as error:
                raise self.fail(f"unexpected response shape from {safe_url(endpoint)}: {error}") from None
            following = self.dialect.next_params(page)
            if following is None:
                if not found:
                    raise self.fail(f"{safe_url(endpoint)} answered 200 with an empty model list; not taken to "
                                    "mean every model is gone")
                return found
            params = {**self.dialect.page_params, **following}
        raise self.fail(f"still paging after {PAGE_LIMIT} pages; stopped")


    async def endpoints(self, model_id: str) -> list[ListedModel]:
        """The hosts' endpoints the aggregator lists for one of its models (OpenRouter's per-model endpoints)."""
        if not isinstance(self.dialect, OpenRouter):
            raise self.fail(f"the {self.dialect.name} dialect lists no per-model endpoints")
        try:
            url = endpoints_url(model_id)
            return self.dialect.parse_endpoints(await self.get(url, {}), model_id)
        except ShapeError as error:
            raise self.fail(f"unexpected endpoints of `{model_id}`: {error}") from None


async def read_endpoints(provider: Provider, key: str, model_ids: list[str], url_for: UrlFor, timeout: float = 10.0,
                         retries: int = 3, max_wait: float = 30.0,
                         at_once: int = 8) -> tuple[list[ListedModel], list[UpstreamError]]:
    """Every model's endpoints, at most `at_once` requests at a time; a model whose endpoints cannot be read gives
    an error and its offerings stay uncompared, the others stand."""
    gate = asyncio.Semaphore(at_once)
    async with httpx.AsyncClient(timeout=timeout, follow_redirects=False, trust_env=False) as client:
        lister = Lister(client, provider, key, url_for, retries, max_wait, timeout)

        async def one(model_id: str) -> list[ListedModel] | UpstreamError:
            async with gate:
                try:
                    return await lister.endpoints(model_id)
                except UpstreamError as error:
                    return error
                except Exception as error:  # as in list_all: a bizarre body must not leak a key
                    return UpstreamError(provider.id, excerpt(f"unexpected {type(error).__name__}: {error}", [key]))

        results = await asyncio.gather(*(one(m) for m in model_ids))
    found = [m for r in results if not isinstance(r, UpstreamError) for m in r]
    return found, [r for r in results if isinstance(r, UpstreamError)]


MAX_BODY = 64 * 1024 * 1024
"""The most bytes a response body may hold, before and after decompression (a full model list is ~1 MB)."""


class BodyError(Exception):
    """A response body over MAX_BODY, or in an encoding not asked for."""


@dataclass(frozen=True)
class Fetched:
    """A response read whole, within MAX_BODY."""

    status_code: int
    headers: httpx.Headers
    content: bytes

    @property
    def text(self) -> str:
        return self.content.decode("utf-8", errors="replace")


async def bounded_body(response: httpx.Response) -> bytes:
    """The body, decompressed layer by layer (gzip in gzip too), each layer and the raw bytes within MAX_BODY:
    a 1 MB gzip bomb or an endless chunked body is an error, never a MemoryError."""
    codings = [c.strip().lower() for c in response.headers.get("content-encoding", "").split(",")
               if c.strip() and c.strip().lower() != "identity"]
    if any(c not in ("gzip", "x-gzip", "deflate") for c in codings):
        raise BodyError(f"the body is encoded as `{', '.join(codings)}`, which was not asked for")
    raw = bytearray()
    async for chunk in response.aiter_raw():
        raw += chunk
        if len(raw) > MAX_BODY:
            raise BodyError(f"the body is over {MAX_BODY:,} bytes; not read further")
    data = bytes(raw)
    for coding in reversed(codings):
        data = inflate(data, coding)
    return data


def inflate(data: bytes, coding: str) -> bytes:
    wbits = 16 + zlib.MAX_WBITS if coding in ("gzip", "x-gzip") else zlib.MAX_WBITS
    try:
        inflater = zlib.decompressobj(wbits)
        out = inflater.decompress(data, MAX_BODY + 1)
    except zlib.error as error:
        raise BodyError(f"the {coding} body does not decompress ({error})") from None
    if len(out) > MAX_BODY or inflater.unconsumed_tail:
        raise BodyError(f"the body decompresses to over {MAX_BODY:,} bytes; not read further")
    return out


async def list_all(providers: list[Provider], keys: dict[str, str], url_for: UrlFor, timeout: float = 10.0,
                   retries: int = 3, max_wait: float = 30.0) -> dict[str, list[ListedModel] | UpstreamError]:
    """Every provider's list, concurrently; a provider that fails gives its error instead of a list."""
    async with httpx.AsyncClient(timeout=timeout, follow_redirects=False, trust_env=False) as client:
        async def one(provider: Provider) -> list[ListedModel] | UpstreamError:
            try:
                return await Lister(client, provider, keys[provider.id], url_for, retries, max_wait, timeout).models()
            except UpstreamError as error:
                return error
            except Exception as error:  # a bug or a bizarre body must not leak a key through its text
                return UpstreamError(provider.id, excerpt(f"unexpected {type(error).__name__}: {error}",
                                                          [keys[provider.id]]))

        results = await asyncio.gather(*(one(p) for p in providers))
    return {p.id: r for p, r in zip(providers, results, strict=True)}
