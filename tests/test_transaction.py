"""Many files as one step (generators/kb/transaction.py): all land, or none, whatever stops the process."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from conftest import REPO

from generators.kb import transaction
from generators.kb.files import replace_atomically
from generators.kb.transaction import TransactionRefused, apply, staging_folders


def tree(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): p.read_text(encoding="utf-8") for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture
def kb(tmp_path: Path) -> Path:
    root = tmp_path / "kb"
    for n in range(5):
        (root / "models").mkdir(parents=True, exist_ok=True)
        (root / "models" / f"m{n}.yaml").write_text(f"id: m{n}\n", encoding="utf-8")
    return root


def test_every_file_lands_and_untouched_files_stay(kb: Path) -> None:
    apply(kb, {kb / "models" / "m0.yaml": "id: m0\nname: changed\n", kb / "prices" / "p0.yaml": "id: p0\n"})
    assert tree(kb) == {"models/m0.yaml": "id: m0\nname: changed\n", "models/m1.yaml": "id: m1\n",
                        "models/m2.yaml": "id: m2\n", "models/m3.yaml": "id: m3\n", "models/m4.yaml": "id: m4\n",
                        "prices/p0.yaml": "id: p0\n"}
    assert staging_folders(kb) == []


def test_a_refused_check_writes_nothing(kb: Path) -> None:
    before = tree(kb)
    with pytest.raises(TransactionRefused, match="1 problem"):
        apply(kb, {kb / "models" / "m0.yaml": "broken\n", kb / "models" / "m9.yaml": "id: m9\n"},
              check=lambda staged: ["m0 is broken"] if "broken" in (staged / "models" / "m0.yaml").read_text() else [])
    assert tree(kb) == before and staging_folders(kb) == []


def test_the_check_sees_the_whole_staged_kb(kb: Path) -> None:
    seen: dict[str, str] = {}
    apply(kb, {kb / "models" / "m0.yaml": "id: m0\nname: new\n"}, check=lambda staged: seen.update(tree(staged)) or [])
    assert seen["models/m0.yaml"] == "id: m0\nname: new\n" and seen["models/m4.yaml"] == "id: m4\n"


@pytest.mark.parametrize("moment", ["staged", "checking"])
def test_a_kill_before_the_swap_leaves_the_kb_as_it_was(kb: Path, moment: str) -> None:
    before = tree(kb)
    script = textwrap.dedent(f"""
        import os, signal, sys
        from pathlib import Path
        from generators.kb.transaction import apply
        root = Path({str(kb)!r})
        writes = {{root / "models" / f"m{{n}}.yaml": "id: killed\\n" for n in range(5)}}
        writes[root / "prices" / "new.yaml"] = "id: new\\n"
        def die(staged):
            os.kill(os.getpid(), signal.SIGKILL)
        apply(root, writes, check=die)
    """)
    done = subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True, timeout=120)
    assert done.returncode == -signal.SIGKILL
    assert tree(kb) == before
    assert len(staging_folders(kb)) == 1  # left behind by the kill, beside the KB, never inside it
    apply(kb, {kb / "models" / "m1.yaml": "id: m1\nname: next\n"})
    assert staging_folders(kb) == [] and tree(kb)["models/m1.yaml"] == "id: m1\nname: next\n"


def test_written_files_and_the_kb_folder_get_the_modes_the_umask_says(kb: Path) -> None:
    old = os.umask(0o022)
    try:
        apply(kb, {kb / "prices" / "p0.yaml": "id: p0\n"})
        replace_atomically(kb / "models" / "m9.yaml", "id: m9\n")
    finally:
        os.umask(old)
    assert (kb / "prices" / "p0.yaml").stat().st_mode & 0o777 == 0o644
    assert (kb / "models" / "m9.yaml").stat().st_mode & 0o777 == 0o644
    assert kb.stat().st_mode & 0o777 == 0o755


def test_a_write_the_staging_copy_refuses_is_reported_at_the_kbs_own_path(tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """The audit's read-only kb/models (run as an ordinary user): the error named `.kb.txn-.../models/...`."""
    root = tmp_path / "kb"
    (root / "models").mkdir(parents=True)
    real_write = Path.write_text

    def refuse(self: Path, *args: object, **kwargs: object) -> int:
        if transaction.STAGING_PREFIX in str(self):
            raise PermissionError(13, "Permission denied", str(self))
        return real_write(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "write_text", refuse)
    with pytest.raises(PermissionError) as raised:
        transaction.apply(root, {root / "models" / "new.yaml": "x: 1\n"})
    assert raised.value.filename == str(root.resolve() / "models" / "new.yaml")
    assert not (root / "models" / "new.yaml").exists() and transaction.staging_folders(root.resolve()) == []
