"""Bad input too big, too deep or too strange for the broken-record corpus: each ends in a message, never a
traceback or a hang. Files are generated here rather than committed (a 51 MB record, a FIFO, a dangling link)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import FIXTURE_KB, REPO, write_record

from generators.cli import main
from generators.kb.diff import compare, diff_revisions
from generators.kb.diff_report import to_json, to_markdown
from generators.kb.limits import size_issues
from generators.kb.load import load_file
from generators.kb.migrate import migrate_kb
from generators.kb.validate import validate_kb

HEADER = "# yaml-language-server: $schema=../../schemas/source.schema.json\n"
SOURCE = "schema_version: 1\nid: {id}\ntype: docs\ntitle: {title}\nurl: https://example.com/page\n"


def issues_of(root: Path, today) -> list[tuple[str, int, int, str]]:
    return [(i.file.name, i.line, i.column, i.message) for i in validate_kb(root, today)[1]]


def test_a_51_mb_record_is_refused_before_it_is_read(scratch_kb: Path, today) -> None:
    path = scratch_kb / "sources" / "huge.yaml"
    with path.open("w") as out:
        out.write(HEADER + SOURCE.format(id="huge", title="Huge") + "summary: >\n")
        line = "  " + "x" * 98 + "\n"
        out.write(line * 510_000)
    assert issues_of(scratch_kb, today) == [
        ("huge.yaml", 1, 1, f"the file is {path.stat().st_size:,} bytes; a record may be at most 1,000,000")]


def test_a_1_mb_title_is_refused_by_the_line_limit(scratch_kb: Path, today) -> None:
    write_record(scratch_kb, "sources", "long", SOURCE.format(id="long", title="T" * 990_000))
    assert issues_of(scratch_kb, today) == [("long.yaml", 5, 1, "line 5 is 990,007 characters long; the limit is "
                                                                "10,000")]


def test_a_title_over_200_characters_on_several_lines_is_refused_by_its_length(scratch_kb: Path, today) -> None:
    title = ">-\n" + "  word word word\n" * 20
    write_record(scratch_kb, "sources", "folded", SOURCE.format(id="folded", title=title).replace("\n\n", "\n"))
    assert issues_of(scratch_kb, today) == [("folded.yaml", 5, 8, "`title` is 299 characters long; the limit is 200")]


@pytest.mark.parametrize(("nested", "where"), [
    ("  [\n" * 10_000 + "  x\n", (19, 3)),
    ("  {a:\n" * 10_000 + "  x\n", (19, 3)),
    ("  " + "- " * 4_990 + "x\n", (4, 33)),
])
def test_10000_levels_of_nesting_are_refused_before_parsing(nested: str, where: tuple[int, int], scratch_kb: Path,
                                                             today) -> None:
    write_record(scratch_kb, "sources", "deep", "schema_version: 1\nauthors:\n" + nested)
    assert issues_of(scratch_kb, today) == [("deep.yaml", *where, "the YAML nests deeper than 16 levels")]


def test_nesting_within_the_limit_is_parsed(scratch_kb: Path, today) -> None:
    nested = "  [\n" * 15 + "  x\n" + "  ]\n" * 15  # 16 levels with the record's own mapping
    write_record(scratch_kb, "sources", "deep", "schema_version: 1\nauthors:\n" + nested)
    found = issues_of(scratch_kb, today)
    assert ("deep.yaml", 2, 1, "missing required field `id`") in found  # parsed, then validated
    assert all("nests deeper" not in message for *_, message in found)


def test_a_4400_digit_integer_is_refused(scratch_kb: Path, today) -> None:
    write_record(scratch_kb, "workloads", "w", "schema_version: 1\ninput_tokens: " + "9" * 4400 + "\n")
    assert issues_of(scratch_kb, today) == [("w.yaml", 3, 15, "a number with 4,400 digits is out of range (at most "
                                                              "20)")]


def test_a_fifo_a_dangling_link_and_a_link_to_dev_zero_are_refused_without_hanging(scratch_kb: Path,
                                                                                    today) -> None:
    os.mkfifo(scratch_kb / "sources" / "fifo.yaml")
    (scratch_kb / "sources" / "dangling.yaml").symlink_to(scratch_kb / "nowhere.yaml")
    (scratch_kb / "sources" / "zero.yaml").symlink_to("/dev/zero")
    assert issues_of(scratch_kb, today) == [
        ("dangling.yaml", 1, 1, "a record must be a regular file, not a symbolic link"),
        ("fifo.yaml", 1, 1, "a record must be a regular file (this is a device, FIFO or socket)"),
        ("zero.yaml", 1, 1, "a record must be a regular file, not a symbolic link")]


def test_a_device_given_as_a_record_is_refused_without_reading_it() -> None:
    record, issues = load_file(Path("/dev/zero"), "sources")
    assert record is None
    assert [i.message for i in issues] == ["a record must be a regular file (this is a device, FIFO or socket)"]


def test_a_negative_zero_price_is_stored_as_zero(scratch_kb: Path, today) -> None:
    path = scratch_kb / "prices" / "google--gemini-2.0-flash.yaml"
    path.write_text(path.read_text().replace("cached_input: 0.025", "cached_input: -0.0"))
    kb, issues = validate_kb(scratch_kb, today)
    assert issues == []
    price = kb.price_history("google--gemini-2.0-flash").snapshots[0].cached_input
    assert (price, str(price)) == (0.0, "0.0")


def test_prose_may_run_over_lines_but_a_name_may_not(scratch_kb: Path, today) -> None:
    body = ("schema_version: 1\nid: x\ntype: docs\ntitle: {title}\nurl: https://example.com/page\n"
            "summary: \"First line.\\n\\tIndented second line.\"\n")
    write_record(scratch_kb, "sources", "x", body.format(title="One line"))
    assert issues_of(scratch_kb, today) == []
    write_record(scratch_kb, "sources", "x", body.format(title='"Two\\tcolumns"'))
    assert issues_of(scratch_kb, today) == [("x.yaml", 5, 8, "`title` contains U+0009 (a tab) at character 4")]


def test_migrate_reports_a_file_that_is_not_utf_8_and_writes_nothing(scratch_kb: Path) -> None:
    bad = scratch_kb / "prices" / "bad.yaml"
    bad.write_bytes(HEADER.encode() + b"schema_version: 1\nnote: caf\xe9\n")
    result = CliRunner().invoke(main, ["migrate", "--kb", str(scratch_kb)])
    assert result.exit_code == 1 and not isinstance(result.exception, Exception)
    assert "bad.yaml: cannot be read: not valid UTF-8 (byte 0xe9) (line 3); save the file as UTF-8" in result.output
    assert "Traceback" not in result.output
    assert bad.read_bytes() == HEADER.encode() + b"schema_version: 1\nnote: caf\xe9\n"


def test_migrate_refuses_to_drop_a_batch_price_held_in_both_forms(scratch_kb: Path) -> None:
    target = scratch_kb / "prices" / "openai--gpt-4o.yaml"
    v1 = (REPO / "tests" / "fixtures" / "migrate" / "price-v1.yaml").read_text()
    both = v1.replace("  batch_output: 5.0\n", "  batch_output: 5.0\n  batch:\n    output: 4.0\n")
    target.write_text(both)
    [outcome] = migrate_kb(scratch_kb)
    assert outcome.error == ("snapshot 1 has `batch_output: 5.0` and `batch: {output: 4.0}`; migrating would drop "
                             "one: keep the right one, then run kb migrate again")
    assert target.read_text() == both


def test_migrate_merges_the_two_forms_when_they_agree(scratch_kb: Path) -> None:
    target = scratch_kb / "prices" / "openai--gpt-4o.yaml"
    v1 = (REPO / "tests" / "fixtures" / "migrate" / "price-v1.yaml").read_text()
    target.write_text(v1.replace("  batch_output: 5.0\n", "  batch:\n    output: 5.0\n"))
    [outcome] = migrate_kb(scratch_kb)
    assert outcome.error == ""
    assert "  batch:\n    output: 5.0\n    input: 1.25" in target.read_text()


def test_a_malformed_snapshot_gives_the_diff_a_message_not_a_traceback() -> None:
    history = {"offering": "o", "snapshots": [{"effective": "2024-01-01", "input": 1, "output": 2}]}
    for snapshots in ("abc", [1, 2], [{"effective": ["x"], "input": 1}], [{"effective": "2024-02-01", "input": "x"}]):
        diff = compare({("prices", "o"): history}, {("prices", "o"): {**history, "snapshots": snapshots,
                                                                        "corrections": "x"}}, "a", "b")
        assert [p.message for p in diff.errors] == [
            "the snapshots at the head revision are malformed (each needs an `effective` date and numeric prices), "
            "so price changes were not compared; `kb validate` says where"]
        assert "malformed" in to_markdown(diff) and "malformed" in to_json(diff)
    base_malformed = compare({("prices", "o"): {**history, "snapshots": "abc"}}, {("prices", "o"): history}, "a", "b")
    assert base_malformed.errors == [] and len(base_malformed.unreadable) == 1


def test_kb_diff_reads_a_revision_holding_broken_and_hostile_files(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    shutil.copytree(FIXTURE_KB, root / "kb")
    (root / "kb" / "sources" / "latin1.yaml").write_bytes(HEADER.encode() + b"title: caf\xe9\n")
    (root / "kb" / "sources" / "deep.yaml").write_text(HEADER + "authors:\n" + "  [\n" * 50_000 + "  ]\n" * 50_000)
    for args in (["init", "-q", "-b", "main"], ["add", "-A"],
                 ["-c", "user.name=T", "-c", "user.email=t@example.com", "commit", "-qm", "kb"]):
        subprocess.run(["git", *args], cwd=root, check=True, capture_output=True)
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=root, check=True, capture_output=True,
                          text=True).stdout[:12]
    diff = diff_revisions(root / "kb", "HEAD", None)
    assert sorted((Path(p.file).name, p.message) for p in diff.unreadable) == [
        ("deep.yaml", "the YAML nests deeper than 16 levels"),
        ("deep.yaml", f"unreadable at {head}: the YAML nests deeper than 16 levels"),
        ("latin1.yaml", "not valid UTF-8 (byte 0xe9)"),
        ("latin1.yaml", f"unreadable at {head}: not a UTF-8 text file")]


def test_migrate_refuses_any_upgrade_that_would_lose_a_value(scratch_kb: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from generators.kb import migrate

    def lossy(doc):  # a migration with a bug: it forgets the snapshots' notes
        for snapshot in doc["snapshots"]:
            snapshot.pop("correction", None)
        doc["schema_version"] = 2

    monkeypatch.setitem(migrate.MIGRATIONS, ("prices", 1), lossy)
    target = scratch_kb / "prices" / "openai--gpt-4o.yaml"
    v1 = (REPO / "tests" / "fixtures" / "migrate" / "price-v1.yaml").read_text().replace(
        "  batch_input: 1.25  # half price through the Batch API\n  batch_output: 5.0\n", "")
    target.write_text(v1)
    [outcome] = migrate_kb(scratch_kb)
    assert outcome.error == ("upgrading would drop `First entered as $2.25; OpenAI's announcement says $2.50.`; move "
                             "the value where the current schema keeps it, then run kb migrate again")
    assert target.read_text() == v1


def test_deep_nesting_is_found_in_the_text_before_any_parser_sees_it() -> None:
    brackets = ("  " + "[" * 100 + "\n") * 1_000  # 100,000 levels: libyaml's composer would crash the interpreter
    text = HEADER + "authors:\n" + brackets + ("  " + "]" * 100 + "\n") * 1_000
    assert [(i.line, i.column, i.message) for i in size_issues(text, Path("deep.yaml"))] == [
        (3, 18, "the YAML nests deeper than 16 levels")]


def test_nesting_the_text_scan_lets_through_is_caught_while_building(scratch_kb: Path, today) -> None:
    # 16 brackets on one line: too few for the text scan to look closer, one level too deep with the record's own.
    write_record(scratch_kb, "sources", "deep", "schema_version: 1\nauthors: " + "[" * 16 + "x" + "]" * 16 + "\n")
    assert issues_of(scratch_kb, today) == [("deep.yaml", 3, 25, "the YAML nests deeper than 16 levels")]


def test_migrate_reports_a_file_nested_too_deep_without_parsing_it(scratch_kb: Path) -> None:
    deep = scratch_kb / "prices" / "deep.yaml"
    deep.write_text(HEADER + "schema_version: 1\nsnapshots:\n" + "  [\n" * 10_000 + "  ]\n" * 10_000)
    [outcome] = migrate_kb(scratch_kb)
    assert (outcome.file, outcome.old, outcome.error) == (
        deep, None, "the YAML nests deeper than 16 levels (line 19); flatten the structure: records nest a few "
                     "levels at most")


def test_escape_sequences_in_names_and_values_never_reach_the_terminal(scratch_kb: Path) -> None:
    write_record(scratch_kb, "sources", "x", 'schema_version: 1\nid: "x\\e[2J\\u202e"\n')
    (scratch_kb / "sources" / "\x1b[31mred.yml").write_text("")
    result = CliRunner().invoke(main, ["validate", str(scratch_kb), "--today", "2026-11-21"])
    assert result.exit_code == 1
    assert "\x1b" not in result.output and "\u202e" not in result.output
    assert "id `x\\u001b[2J\\u202e` does not match the file name `x.yaml`" in result.output
    assert "\\u001b[31mred.yml:1:1: `\\u001b[31mred.yml` is not a `.yaml` file" in result.output
