"""The `kb` command as a contributor meets it: exit codes, messages, skeletons, help and docs."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from conftest import FIXTURE_KB, REPO
from hypothesis import given, settings
from hypothesis import strategies as st

from generators.cli import main
from generators.cli.options import Number
from generators.kb.records import SINGULAR
from generators.kb.skeleton import kind_from_name
from generators.kb.validate import validate_kb


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def test_validate_exits_0_on_a_valid_kb(scratch_kb: Path) -> None:
    code, output = run("validate", str(scratch_kb), "--today", "2026-11-21")
    assert code == 0 and "65 records valid." in output


def test_validate_exits_1_and_prints_file_line_column_and_fix(scratch_kb: Path) -> None:
    path = scratch_kb / "models" / "gpt-4o.yaml"
    path.write_text(path.read_text().replace("weights: closed", "weights: shut"))
    code, output = run("validate", str(path), "--today", "2026-11-21")
    assert code == 1
    line = next(n for n, text in enumerate(path.read_text().splitlines(), 1) if text.startswith("weights:"))
    assert re.search(rf"gpt-4o\.yaml:{line}:10: `weights` is `shut`, which is not allowed\n    fix: use one of: ",
                     output)
    assert "1 problem found." in output
    assert "Traceback" not in output


@pytest.mark.parametrize("args", [["validate", "/no/such/path"], ["validate", "--today", "yesterday", "."],
                                  ["new", "spaceship", "x"], ["new", "model", "Not Valid"], ["frobnicate"]])
def test_usage_errors_exit_2_without_a_traceback(args: list[str], tmp_path: Path) -> None:
    code, output = run(*args)
    assert code == 2 and "Traceback" not in output and "Error" in output


def test_validate_refuses_a_folder_that_is_not_a_kb(tmp_path: Path) -> None:
    code, output = run("validate", str(tmp_path))
    assert code == 2 and "is not inside a knowledge base" in output


@pytest.mark.parametrize("kind", sorted(SINGULAR.values()))
def test_kb_new_writes_a_skeleton_that_never_validates_until_filled(kind: str, scratch_kb: Path, today) -> None:
    # A price history is named after its offering; this fixture offering has none yet.
    record_id = "anthropic--claude-sonnet-4" if kind == "price" else "brand-new"
    code, output = run("new", kind, record_id, "--kb", str(scratch_kb), "--schemas", str(REPO / "schemas"),
                       "--today", "2026-11-21")
    assert code == 0, output
    written = scratch_kb / kind_from_name(kind) / f"{record_id}.yaml"
    lines = written.read_text().splitlines()
    assert lines[0].startswith("# yaml-language-server: $schema=") and lines[0].endswith(f"schemas/{kind}.schema.json")
    assert (written.parent / lines[0].split("=", 1)[1]).resolve() == REPO / "schemas" / f"{kind}.schema.json"
    placeholders = [number for number, line in enumerate(lines, 1) if "TODO" in line.split("#")[0]]
    _, issues = validate_kb(scratch_kb, today)
    mine = [i for i in issues if i.file == written]
    assert [(i.line, i.message) for i in mine] == [
        (line, "replace the placeholder `TODO` with a real value") for line in placeholders]
    assert len(mine) == len(issues) and placeholders


def test_kb_new_never_points_a_reference_at_an_unrelated_record(scratch_kb: Path) -> None:
    run("new", "model", "brand-new", "--kb", str(scratch_kb))
    text = (scratch_kb / "models" / "brand-new.yaml").read_text()
    assert "lab: TODO" in text and "openai" not in text and "- TODO" in text


def test_kb_new_refuses_a_folder_that_is_not_a_kb(tmp_path: Path) -> None:
    (tmp_path / "models").mkdir()
    code, output = run("new", "model", "x", "--kb", str(tmp_path))
    assert code == 2 and "is not a knowledge base (it has no sources/ or providers/ folder)" in output
    assert not (tmp_path / "models" / "x.yaml").exists()


def test_kb_new_refuses_an_id_held_in_a_subfolder(scratch_kb: Path) -> None:
    (scratch_kb / "sources" / "openai").mkdir()
    (scratch_kb / "sources" / "openai-pricing.yaml").rename(scratch_kb / "sources" / "openai" / "openai-pricing.yaml")
    code, output = run("new", "source", "openai-pricing", "--kb", str(scratch_kb))
    assert code == 2 and "sources/openai/openai-pricing.yaml already exists" in output
    assert not (scratch_kb / "sources" / "openai-pricing.yaml").exists()


def test_kb_new_never_overwrites(scratch_kb: Path) -> None:
    target = scratch_kb / "models" / "gpt-4o.yaml"
    before = target.read_text()
    code, output = run("new", "model", "gpt-4o", "--kb", str(scratch_kb))
    assert code == 2 and "already exists" in output
    assert target.read_text() == before


def test_schemas_check_fails_on_a_stale_folder(tmp_path: Path) -> None:
    assert run("schemas", "--out", str(tmp_path))[0] == 0
    assert run("schemas", "--check", "--out", str(tmp_path))[0] == 0
    (tmp_path / "price.schema.json").write_text("{}")
    code, output = run("schemas", "--check", "--out", str(tmp_path))
    assert code == 1 and "price.schema.json: out of date" in output


def test_every_command_has_help_and_is_documented_in_the_readme() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for name, command in main.commands.items():
        assert command.help and command.help.strip(), f"`kb {name}` has no help"
        assert f"kb {name}" in readme, f"`kb {name}` is not documented in README.md"
        assert run(name, "--help")[0] == 0


@settings(max_examples=150, deadline=None)
@given(st.text(min_size=1, max_size=12).filter(lambda t: not re.fullmatch(r"[0-9]+(\.[0-9]+)?", t, re.ASCII)))
def test_a_number_option_takes_only_plain_ascii_digits(text: str) -> None:
    """`1e309`, `1_000`, `inf`, `-1`, Arabic-Indic `١٠٠`: int(), float() and Decimal() accept some of these; the
    command line takes digits 0-9 with at most one point."""
    with pytest.raises(click.BadParameter, match="written with the digits 0-9"):
        Number(0, 1_000_000_000_000).convert(text, None, None)


@pytest.mark.parametrize(("text", "kind", "expected"), [("13.5", Decimal, Decimal("13.5")), ("0", int, 0),
                                                         ("0.1", float, 0.1), ("31", int, 31)])
def test_a_plain_number_within_bounds_is_read_exactly(text: str, kind: type, expected: object) -> None:
    assert Number(0, 31, kind).convert(text, None, None) == expected


@pytest.mark.parametrize(("args", "said"), [
    (["--budget", "1e309"], "`1e309` is not a number"), (["--budget", "١٠٠"], "`١٠٠` is not a number"),
    (["--in", "1_000"], "`1_000` is not a whole number"), (["--days", "32"], "`32` is outside 1 to 31"),
    (["--cached", "1.5"], "`1.5` is outside 0 to 1")])
def test_kb_choose_refuses_a_number_it_would_misread(args: list[str], said: str) -> None:
    result = CliRunner().invoke(main, ["choose", "--kb", str(FIXTURE_KB), "--today", "2026-11-21", *args])
    assert result.exit_code == 2 and said in result.output
