"""Bounded HTTP bodies: a gzip bomb, gzip in gzip, an endless chunked body or JSON nested without end from a
provider's list is a check error naming the URL, never a MemoryError or a hang (issue: hostile input)."""

from __future__ import annotations

import asyncio
import gzip
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from conftest import FIXTURE_KB, TODAY

from generators.kb.validate import validate_kb
from generators.live import upstream

BOMB = gzip.compress(b"\0" * (8 * 1024 * 1024))  # 8 MiB of zeros in ~8 KB
CASES: dict[str, tuple[dict[str, str], bytes]] = {
    "/bomb": ({"Content-Encoding": "gzip"}, BOMB),
    "/nested": ({"Content-Encoding": "gzip, gzip"}, gzip.compress(BOMB)),
    "/deep": ({}, b"[" * 200_000 + b"]" * 200_000),
    "/brotli": ({"Content-Encoding": "br"}, b"whatever"),
}


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0].rsplit("/v1", 1)[0]
        if path.endswith("/endless"):
            self.send_response(200)
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            try:
                for _ in range(2_000):  # 2,000 chunks of 4 KiB: bounded, and far past the test's cap
                    self.wfile.write(b"1000\r\n" + b"a" * 4096 + b"\r\n")
            except OSError:
                return
            return
        headers, body = CASES[path[path.rindex("/"):]]
        self.send_response(200)
        for name, value in {**headers, "Content-Length": str(len(body))}.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def origin() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.mark.parametrize(("case", "said"), [("bomb", "decompresses to over 1,048,576 bytes"),
                                            ("nested", "decompresses to over 1,048,576 bytes"),
                                            ("endless", "over 1,048,576 bytes; not read further"),
                                            ("deep", "nested too deeply"),
                                            ("brotli", "encoded as `br`, which was not asked for")])
def test_a_hostile_body_is_a_check_error(origin: str, case: str, said: str, tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(upstream, "MAX_BODY", 1024 * 1024)
    kb, _ = validate_kb(FIXTURE_KB, TODAY)
    openai = kb.get("providers", "openai")
    results = asyncio.run(upstream.list_all([openai], {"openai": "sk-test"}, lambda _p, _u: f"{origin}/{case}/v1",
                                            timeout=20.0, retries=0))
    error = results["openai"]
    assert isinstance(error, upstream.UpstreamError) and said in str(error), error
