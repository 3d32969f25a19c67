"""One bounded reader for every feed file (kb import, kb coverage --against): an endless file, a repeated key or
JSON nested without end is a clear error naming the file, never a hang, a MemoryError or a silent pick (issue:
hostile input, second round)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import FIXTURE_KB
from hypothesis import example, given
from hypothesis import strategies as st

from generators.cli import main
from generators.kb.files import feed_json

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
def test_a_number_too_long_to_read_names_the_feed(command: str, tmp_path: Path) -> None:
    feed = tmp_path / "feed.json"
    feed.write_text('{"x": {"mode": "chat", "max_input_tokens": ' + "9" * 5000 + "}}", encoding="utf-8")
    code, output = run(command, str(feed))
    assert code in (1, 2) and f"{feed}: a number too long to read" in output and "set_int_max_str_digits" not in output


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_a_fifo_nobody_writes_to_is_an_empty_feed_not_a_hang(command: str, tmp_path: Path) -> None:
    fifo = tmp_path / "feed.json"
    os.mkfifo(fifo)
    args = [*COMMANDS[command], str(fifo)] + (["--into", str(FIXTURE_KB), "--dry-run"] if command.startswith("import")
                                              else ["--kb", str(FIXTURE_KB)])
    done = subprocess.run([str(Path(sys.executable).with_name("kb")), *args, "--today", "2026-11-21"],
                          capture_output=True, text=True, timeout=120, check=False)  # a hang fails here
    assert done.returncode in (1, 2) and "feed.json" in done.stderr + done.stdout


def test_a_pipe_with_a_writer_is_read_as_it_streams(tmp_path: Path) -> None:
    """`kb import litellm <(curl ...)`: the feed is a pipe whose writer is still writing."""
    feed = Path(__file__).parent / "fixtures" / "litellm" / "excerpt.json"
    done = subprocess.run(["bash", "-c", '"$0" import litellm <(cat "$1") --into "$2" --dry-run --today 2026-11-21',
                           str(Path(sys.executable).with_name("kb")), str(feed), str(tmp_path / "new")],
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0 and "nothing written: dry run" in done.stdout, done.stdout + done.stderr


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_json_nested_without_end_is_refused(command: str, tmp_path: Path) -> None:
    feed = tmp_path / "feed.json"
    feed.write_text("[" * 200_000 + "]" * 200_000, encoding="utf-8")
    code, output = run(command, str(feed))
    assert code in (1, 2) and "nested too deeply" in output


WHOLE = st.text(st.characters(exclude_categories=["Cs"]), max_size=6)
ANY_TEXT = st.text(st.characters() | st.sampled_from(["\ud800", "\udfff", "\ud83d", "\ude00"]), max_size=6)
JSON_VALUES = st.recursive(st.none() | st.integers() | ANY_TEXT,
                           lambda inner: st.lists(inner, max_size=3) | st.dictionaries(WHOLE, inner, max_size=3),
                           max_leaves=12)


def writable(value: object) -> bool:
    """Every string in `value` can be written as UTF-8 (to a file, a URL, a terminal)."""
    if isinstance(value, str):
        return all(not 0xD800 <= ord(c) <= 0xDFFF for c in value)
    if isinstance(value, list):
        return all(writable(item) for item in value)
    if isinstance(value, dict):
        return all(writable(key) and writable(item) for key, item in value.items())
    return True


@given(JSON_VALUES)
@example(["\ud800", "a\udfffb", "\ud83d\ude00"])  # two lone halves and a whole pair written as two escapes
def test_json_from_outside_always_yields_text_a_utf8_sink_can_write(value: object) -> None:
    text = json.dumps(value)  # ensure_ascii: every surrogate arrives as a \u escape, as a hostile feed sends it
    read = feed_json(text, "feed.json")
    assert writable(read)
    if writable(value):
        assert read == value  # whole text passes unchanged


def test_a_lone_surrogate_becomes_the_replacement_character_and_a_pair_one_character() -> None:
    assert feed_json('["\\ud800x", "\\ud83d\\ude00", "\\\\ud800"]', "f") == ["\ufffdx", "\U0001f600", "\\ud800"]


def test_two_keys_that_differ_only_in_a_broken_character_are_a_repeated_key() -> None:
    with pytest.raises(ValueError, match=r"feed\.json: two keys of one object differ only in a broken character"):
        feed_json('{"a\\ud800": 1, "a\\udfff": 2}', "feed.json")
