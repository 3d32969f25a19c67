"""One bounded reader for every feed file (kb import, kb coverage --against): an endless file, a repeated key or
JSON nested without end is a clear error naming the file, never a hang, a MemoryError or a silent pick (issue:
hostile input, second round)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import FIXTURE_KB

from generators.cli import main

COMMANDS = {"import litellm": ["import", "litellm"], "import openrouter": ["import", "openrouter"],
            "coverage": ["coverage", "--against"]}


def run(command: str, feed: str) -> tuple[int, str]:
    where = ["--into", str(FIXTURE_KB), "--dry-run"] if command.startswith("import") else ["--kb", str(FIXTURE_KB)]
    result = CliRunner().invoke(main, [*COMMANDS[command], feed, *where, "--today", "2026-11-21"])
    return result.exit_code, result.output


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_an_endless_file_is_refused(command: str) -> None:
    code, output = run(command, "/dev/zero")
    assert code in (1, 2) and "/dev/zero: over 268,435,456 bytes" in output


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_a_repeated_key_is_refused_not_picked(command: str, tmp_path: Path) -> None:
    feed = tmp_path / "feed.json"
    feed.write_text('{"gpt-4o": {"mode": "chat"}, "gpt-4o": {"mode": "embedding"}}', encoding="utf-8")
    code, output = run(command, str(feed))
    assert code in (1, 2) and 'the key "gpt-4o" appears twice in one object' in output


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_json_nested_without_end_is_refused(command: str, tmp_path: Path) -> None:
    feed = tmp_path / "feed.json"
    feed.write_text("[" * 200_000 + "]" * 200_000, encoding="utf-8")
    code, output = run(command, str(feed))
    assert code in (1, 2) and "nested too deeply" in output
