"""The KB is what is on disk inside it: a kind folder linked out of it, a linked subfolder or an unreadable folder
is an error naming the path, never followed or skipped (issue: hostile input, second round)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import REPO, TODAY

from generators.cli import main
from generators.kb.issues import KBUsageError
from generators.kb.validate import validate_kb


def test_a_kind_folder_linked_out_of_the_kb_is_refused(scratch_kb: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere"
    (scratch_kb / "claims").rename(outside)
    (scratch_kb / "claims").symlink_to(outside)
    with pytest.raises(KBUsageError, match=r"claims is a symbolic link to .*elsewhere, outside the KB"):
        validate_kb(scratch_kb, TODAY)


def test_a_kind_folder_linked_inside_the_kb_is_read(scratch_kb: Path) -> None:
    (scratch_kb / "claims").rename(scratch_kb / "claims-real")
    (scratch_kb / "claims").symlink_to(scratch_kb / "claims-real")
    kb, issues = validate_kb(scratch_kb, TODAY)
    assert issues == [] and len(kb.claims) == 3


def test_a_linked_subfolder_is_refused_not_skipped(scratch_kb: Path, tmp_path: Path) -> None:
    (tmp_path / "more").mkdir()
    (scratch_kb / "models" / "more").symlink_to(tmp_path / "more")
    with pytest.raises(KBUsageError, match=r"models/more is a symbolic link to a folder"):
        validate_kb(scratch_kb, TODAY)


def test_an_unreadable_folder_is_refused_not_skipped(scratch_kb: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # the suite may run as root, whom chmod 000 does not stop: refuse the read the way the kernel would
    real = os.scandir

    def scandir(path: object = ".") -> object:
        if str(path).endswith(os.sep + "claims"):
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "scandir", scandir)
    with pytest.raises(KBUsageError, match=r"claims: cannot be read \(Permission denied\)"):
        validate_kb(scratch_kb, TODAY)


def test_a_price_dated_after_its_offering_retired_is_refused_unless_disputed(scratch_kb: Path) -> None:
    """The fixture's Claude 3.5 Sonnet retired on 2025-10-22."""
    prices = scratch_kb / "prices" / "anthropic--claude-3-5-sonnet.yaml"
    later = ("- effective: 2025-10-23\n  basis: observed\n  input: 3.0\n  output: 15.0\n  cached_input: 0.3\n"
             "  cache_write: 3.75\n  sources:\n  - openai-pricing\n")
    text = prices.read_text(encoding="utf-8")
    head, _, tail = text.partition("corrections:") if "corrections:" in text else (text, "", "")
    prices.write_text(head.rstrip("\n") + "\n" + later + (("corrections:" + tail) if tail else ""), encoding="utf-8")
    _, issues = validate_kb(scratch_kb, TODAY)
    assert [i.message for i in issues] == [
        "a price in force from 2025-10-23, after anthropic--claude-3-5-sonnet retired on 2025-10-22"]
    disputed = "  basis: observed\n  disputed: still listed after retirement\n  input: 3.0"
    prices.write_text(prices.read_text(encoding="utf-8").replace("  basis: observed\n  input: 3.0", disputed),
                      encoding="utf-8")
    assert validate_kb(scratch_kb, TODAY)[1] == []


LITELLM = REPO / "tests" / "fixtures" / "litellm" / "excerpt.json"


@pytest.mark.parametrize("args", [
    ["validate", "{kb}"], ["build", "--kb", "{kb}", "--out", "{out}"], ["choose", "--kb", "{kb}"],
    ["export", "litellm", "--kb", "{kb}", "--out", "{out}.json"], ["coverage", "--kb", "{kb}"],
    ["check", "--kb", "{kb}"], ["migrate", "--kb", "{kb}"], ["refresh", "--kb", "{kb}", "--no-own-lists"],
    ["serve", "--kb", "{kb}", "--port", "1"], ["import", "litellm", str(LITELLM), "--into", "{kb}"]],
    ids=lambda args: " ".join(args[:2]))
def test_every_command_names_a_kind_folder_linked_out_of_the_kb(scratch_kb: Path, tmp_path: Path,
                                                                args: list[str]) -> None:
    """The class, not the door: validate, build and choose said so; migrate and serve ended in a traceback."""
    shutil.rmtree(scratch_kb / "claims")
    (scratch_kb / "claims").symlink_to(tmp_path / "elsewhere")
    filled = [a.format(kb=scratch_kb, out=tmp_path / "out") for a in args]
    today = [] if args[0] == "migrate" else ["--today", TODAY.isoformat()]
    result = CliRunner().invoke(main, [*filled, *today])
    assert result.exit_code == 2 and not isinstance(result.exception, KBUsageError), result.output
    assert f"{scratch_kb / 'claims'} is a symbolic link to {tmp_path / 'elsewhere'}, outside the KB" in result.output


@pytest.mark.parametrize("make", ["link", "fifo"])
def test_a_note_that_is_not_a_regular_file_is_refused_not_skipped(scratch_kb: Path, tmp_path: Path,
                                                                   make: str) -> None:
    note = scratch_kb / "models" / "NOTES.md"
    if make == "link":
        (tmp_path / "outside.md").write_text("outside", encoding="utf-8")
        note.symlink_to(tmp_path / "outside.md")
    else:
        os.mkfifo(note)
    (scratch_kb / "models" / "README.md").write_text("A real note.", encoding="utf-8")  # still fine
    _, issues = validate_kb(scratch_kb, TODAY)
    assert [(i.file, i.message) for i in issues] == [
        (note, "a note beside the records must be a regular file, not a link, FIFO or device")]
