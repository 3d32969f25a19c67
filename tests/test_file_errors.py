"""A command that cannot write where it was pointed says which path and how to fix it, never a traceback.

The class: any file-system failure (a missing folder, a file where a folder belongs, no permission) in any
command. It is held once, in the `kb` group (cli.Commands); these cases reach it through each writing command.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import FIXTURE_KB

from generators.cli import main


@pytest.fixture
def blocked(tmp_path: Path) -> Path:
    """A regular file: any path below it names a folder that cannot exist."""
    file = tmp_path / "a-file"
    file.write_text("not a folder")
    return file


def kb_copy(tmp_path: Path) -> Path:
    root = tmp_path / "kb"
    shutil.copytree(FIXTURE_KB, root)
    return root


@pytest.mark.parametrize("command", [
    lambda tmp, blocked: ["init", str(blocked / "kb")],
    lambda tmp, blocked: ["build", "--kb", str(kb_copy(tmp)), "--out", str(blocked / "public")],
    lambda tmp, blocked: ["export", "litellm", "--kb", str(kb_copy(tmp)), "--out", str(blocked / "map.json")],
    lambda tmp, blocked: ["import", "litellm", str(tmp / "feed.json"), "--into", str(blocked / "kb")],
])
def test_a_path_below_a_file_is_one_line_naming_it(tmp_path: Path, blocked: Path, command) -> None:
    (tmp_path / "feed.json").write_text(json.dumps({"acme/x": {"litellm_provider": "acme", "mode": "chat",
                                                               "input_cost_per_token": 1e-06,
                                                               "output_cost_per_token": 2e-06}}))
    args = command(tmp_path, blocked)
    result = CliRunner().invoke(main, [*args, "--today", "2026-12-05"] if args[0] in ("build", "export") else args)
    assert result.exit_code in (1, 2), result.output
    assert not isinstance(result.exception, OSError) and "Traceback" not in result.output
    assert str(blocked) in result.output and blocked.read_text() == "not a folder"


def test_new_into_a_kind_folder_that_is_a_file_names_it(tmp_path: Path) -> None:
    root = kb_copy(tmp_path)
    shutil.rmtree(root / "workloads", ignore_errors=True)
    (root / "workloads").write_text("")
    result = CliRunner().invoke(main, ["new", "workload", "zz-test", "--kb", str(root)])
    assert result.exit_code != 0 and not isinstance(result.exception, OSError)
    assert "workloads" in result.output and "Traceback" not in result.output
