"""The preview's part of the site benchmark (site.py): `kb serve` on a KB, one model record saved, and the seconds
until its updated page is served."""

from __future__ import annotations

import datetime
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def wait_for(url: str, text: str, limit: float, step: float) -> float:
    """Seconds until `url` serves a page containing `text`."""
    start = time.perf_counter()
    while text not in fetch(url):
        if time.perf_counter() - start > limit:
            sys.exit(f"{url} did not show {text!r} within {limit:.0f} s")
        time.sleep(step)
    return time.perf_counter() - start


def preview(kb_root: Path, today: datetime.date) -> float:
    """Seconds from saving one model record to `kb serve` serving its page with the change (m5: the incremental
    build's change already edited m0)."""
    port = free_port()
    kb = Path(sys.executable).with_name("kb")
    server = subprocess.Popen([str(kb), "serve", "--kb", str(kb_root), "--port", str(port), "--today", str(today)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        page = f"http://127.0.0.1:{port}/models/m5.html"
        wait_for(page, "Synthetic model number 5", 900, 0.5)
        time.sleep(2.0)  # let the first build settle
        record = kb_root / "models" / "m5.yaml"
        record.write_text(record.read_text(encoding="utf-8").replace("Synthetic model number 5",
                                                                     "Edited model number 5"), encoding="utf-8")
        return wait_for(page, "Edited model number 5", 300, 0.05)
    finally:
        stop(server)


def stop(server: subprocess.Popen) -> None:
    """Stop `kb serve` with SIGTERM (it then stops its mkdocs; SIGINT is ignored when this runs in the background),
    then SIGKILL if it takes too long."""
    server.terminate()
    try:
        server.wait(timeout=60)
    except subprocess.TimeoutExpired:
        print("  (kb serve did not stop within 60 s: killed)")
        server.kill()
        server.wait()
