"""The same KB gives the same bytes, whatever Python's hash seed (STYLE.md: deterministic output, checked across
hash seeds in separate processes, never by rendering twice in one)."""

from __future__ import annotations

import filecmp
import os
import subprocess
import sys
from pathlib import Path

from conftest import FIXTURE_KB, HOSTILE, REPO, TODAY

SCRIPT = """
import datetime, shutil, sys
from pathlib import Path
from generators.kb.validate import validate_kb
from generators.site.export import write_api
from generators.site.render import render_site
root, out = Path(sys.argv[1]), Path(sys.argv[2])
today = datetime.date.fromisoformat(sys.argv[3])
kb, issues = validate_kb(root, today)
assert not issues, issues
render_site(kb, out, today)
write_api(kb, out / "api" / "v1", today)
"""


def render(kb: Path, out: Path, seed: str) -> None:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    done = subprocess.run([sys.executable, "-c", SCRIPT, str(kb), str(out), TODAY.isoformat()], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr


def test_pages_and_api_are_the_same_bytes_under_two_hash_seeds(tmp_path: Path) -> None:
    import shutil

    kb = tmp_path / "kb"
    shutil.copytree(FIXTURE_KB, kb)
    shutil.copy(HOSTILE, kb / "models")
    render(kb, tmp_path / "one", "1")
    render(kb, tmp_path / "two", "2")
    one = sorted(str(p.relative_to(tmp_path / "one")) for p in (tmp_path / "one").rglob("*") if p.is_file())
    two = sorted(str(p.relative_to(tmp_path / "two")) for p in (tmp_path / "two").rglob("*") if p.is_file())
    assert one == two and len(one) > 20
    assert [name for name in one if not filecmp.cmp(tmp_path / "one" / name, tmp_path / "two" / name,
                                                    shallow=False)] == []
