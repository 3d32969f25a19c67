"""A command's output file never lands inside the KB and never replaces a file unasked (`kb export --out`)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from generators.cli import main
from generators.kb.files import OutputRefused, write_output

NAME = st.text(st.characters(whitelist_categories=("Ll", "Nd"), whitelist_characters="-_."), min_size=1,
               max_size=8).filter(lambda n: n not in (".", ".."))


@settings(max_examples=100)
@given(parts=st.lists(NAME, min_size=1, max_size=3), dots=st.booleans())
def test_no_path_into_the_kb_is_written(tmp_path_factory: pytest.TempPathFactory, parts: list[str],
                                        dots: bool) -> None:
    base = tmp_path_factory.mktemp("out")
    kb = base / "kb"
    (kb / "models").mkdir(parents=True)
    out = (base / "kb" / "models" / ".." / Path(*parts)) if dots else kb.joinpath(*parts)
    with pytest.raises(OutputRefused, match="inside the knowledge base"):
        write_output(out, "{}", kb, replace=True)
    assert sorted(p.name for p in kb.rglob("*")) == ["models"]


def test_an_existing_file_is_replaced_only_when_asked_and_a_link_into_the_kb_never(tmp_path: Path) -> None:
    kb = tmp_path / "kb"
    (kb / "models").mkdir(parents=True)
    record = kb / "models" / "gpt-4o.yaml"
    record.write_text("id: gpt-4o\n")
    mine = tmp_path / "mine.json"
    mine.write_text("keep")
    with pytest.raises(OutputRefused, match="already exists; choose a new file, or pass --replace"):
        write_output(mine, "{}", kb)
    assert mine.read_text() == "keep"
    write_output(mine, "{}", kb, replace=True)
    assert mine.read_text() == "{}"
    link = tmp_path / "link.json"
    link.symlink_to(record)
    with pytest.raises(OutputRefused, match="inside the knowledge base"):
        write_output(link, "{}", kb, replace=True)
    assert record.read_text() == "id: gpt-4o\n"


def test_kb_export_out_names_the_file_and_the_fix(tmp_path: Path) -> None:
    import shutil

    from conftest import FIXTURE_KB
    kb = tmp_path / "kb"
    shutil.copytree(FIXTURE_KB, kb)
    target = next((kb / "models").iterdir())
    before = target.read_text()
    result = CliRunner().invoke(main, ["export", "litellm", "--kb", str(kb), "--out", str(target),
                                       "--today", "2026-12-05"])
    assert result.exit_code == 2 and "inside the knowledge base" in result.output and target.read_text() == before
    out = tmp_path / "cost-map.json"
    assert CliRunner().invoke(main, ["export", "litellm", "--kb", str(kb), "--out", str(out),
                                     "--today", "2026-12-05"]).exit_code == 0
    again = CliRunner().invoke(main, ["export", "litellm", "--kb", str(kb), "--out", str(out), "--today", "2026-12-05"])
    assert again.exit_code == 2 and "pass --replace" in again.output
