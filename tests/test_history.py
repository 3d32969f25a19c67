"""Versioned records: the semantic diff between git revisions, the changelog and feed, and migrations."""

from __future__ import annotations

import shutil
import subprocess
import xml.etree.ElementTree as ET
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import FIXTURE_KB, REPO

from generators.cli import main
from generators.kb.diff import DiffError, PriceChange, diff_revisions
from generators.kb.diff_report import to_json, to_markdown
from generators.kb.migrate import migrate_kb, upgrade_text
from generators.kb.validate import validate_kb
from generators.site import changelog

ATOM = "{http://www.w3.org/2005/Atom}"
MIGRATE = REPO / "tests" / "fixtures" / "migrate"


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, text=True).stdout


def commit(repo: Path, message: str) -> str:
    git(repo, "add", "-A")
    git(repo, "-c", "user.name=Test", "-c", "user.email=test@example.com", "commit", "-qm", message)
    return git(repo, "rev-parse", "HEAD").strip()


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1))


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A git repository whose history is: the fixture KB; a price cut; a deprecation; a new claim."""
    root = tmp_path / "repo"
    shutil.copytree(FIXTURE_KB, root / "kb")
    git(root, "init", "-q", "-b", "main")
    commit(root, "fixture KB")
    prices = root / "kb" / "prices" / "openai--gpt-4o-mini.yaml"
    prices.write_text(prices.read_text() + "- effective: 2025-09-15\n  input: 0.12\n  output: 0.48\n"
                      "  sources:\n  - openai-pricing\n")
    commit(root, "cut GPT-4o mini prices by 20%")
    edit(root / "kb" / "offerings" / "openai--gpt-4o-mini.yaml", "  status: active\n",
         "  status: deprecated\n  deprecated: 2026-03-01\n  retires: 2027-03-01\n  replacement: openai--gpt-4o\n")
    commit(root, "deprecate GPT-4o mini")
    (root / "kb" / "claims" / "gpt-4o-mini--mmlu.yaml").write_text(
        "# yaml-language-server: $schema=../../schemas/claim.schema.json\nschema_version: 1\nid: gpt-4o-mini--mmlu\n"
        "model: gpt-4o-mini\nbenchmark: mmlu\nscore: 82.0\nmetric: accuracy (%)\nreported_by: vendor\n"
        "reporter: OpenAI\ndate: 2024-07-18\nsources:\n- gpt-4o-mini-announcement\n")
    commit(root, "add a claim")
    return root


def test_the_diff_lists_price_lifecycle_and_new_records_exactly(repo: Path) -> None:
    diff = diff_revisions(repo / "kb", "HEAD~3", "HEAD")
    assert [(r.kind, r.id, r.status) for r in diff.records] == [
        ("claims", "gpt-4o-mini--mmlu", "added"),
        ("offerings", "openai--gpt-4o-mini", "changed"),
        ("prices", "openai--gpt-4o-mini", "changed")]
    [price] = diff.prices
    assert (price.offering, price.effective, price.old_input, price.new_input, price.old_output, price.new_output) \
        == ("openai--gpt-4o-mini", "2025-09-15", Decimal("0.15"), Decimal("0.12"), Decimal("0.6"), Decimal("0.48"))
    assert all(isinstance(p, Decimal) for p in (price.old_input, price.new_input, price.old_output, price.new_output))
    assert [(c.path, c.old, c.new) for c in diff.lifecycle] == [
        ("openai--gpt-4o-mini: lifecycle.deprecated", None, "2026-03-01"),
        ("openai--gpt-4o-mini: lifecycle.replacement", None, "openai--gpt-4o"),
        ("openai--gpt-4o-mini: lifecycle.retires", None, "2027-03-01"),
        ("openai--gpt-4o-mini: lifecycle.status", "active", "deprecated")]
    assert ("offerings/openai--gpt-4o-mini: lifecycle.replacement", None, "offerings/openai--gpt-4o") in [
        (c.path, c.old, c.new) for c in diff.references]
    assert diff.errors == []

    markdown = to_markdown(diff)
    assert "**1 added, 0 removed, 2 changed** (1 price change)" in markdown
    assert "| `openai--gpt-4o-mini` | `2025-09-15` | $0.15 → $0.12 (-20.0%) | $0.60 → $0.48 (-20.0%) |" in markdown
    assert "- `openai--gpt-4o-mini: lifecycle.status`: `active` → `deprecated`" in markdown
    import json

    data = json.loads(to_json(diff))
    assert data["prices"][0]["new_input"] == 0.12 and data["records"][0]["status"] == "added"


def test_the_working_tree_is_the_default_second_revision(repo: Path) -> None:
    edit(repo / "kb" / "models" / "gpt-4o.yaml", "name: GPT-4o\n", "name: GPT-4o (omni)\n")
    diff = diff_revisions(repo / "kb", "HEAD", None)
    assert diff.head == "working tree"
    assert [(c.path, c.old, c.new) for r in diff.records for c in r.fields] == [("name", "GPT-4o", "GPT-4o (omni)")]


def test_editing_a_past_snapshot_is_rewritten_history(repo: Path) -> None:
    edit(repo / "kb" / "prices" / "openai--gpt-4o.yaml", "  input: 5.0\n", "  input: 4.0\n")
    diff = diff_revisions(repo / "kb", "HEAD", None)
    assert [e.message.split(":")[0] for e in diff.errors] == [
        "the snapshot of openai--gpt-4o effective 2024-05-13 was edited"]
    result = CliRunner().invoke(main, ["diff", "HEAD", "--kb", str(repo / "kb")])
    assert result.exit_code == 1 and "Rewritten history" in result.output


def test_a_past_snapshot_rewritten_with_a_unix_timestamp_date_fails_the_gate(repo: Path, today) -> None:
    path = repo / "kb" / "prices" / "openai--gpt-4o.yaml"
    edit(path, "- effective: 2024-05-13\n  input: 5.0\n", "- effective: 1715558400\n  input: 4.0\n")
    diff = diff_revisions(repo / "kb", "HEAD", None)
    assert [e.file for e in diff.errors] == ["kb/prices/openai--gpt-4o.yaml"]
    assert "malformed" in diff.errors[0].message
    result = CliRunner().invoke(main, ["diff", "HEAD", "--kb", str(repo / "kb")])
    assert result.exit_code == 1 and "openai--gpt-4o.yaml" in result.output
    assert any("effective" in p.message for p in validate_kb(repo / "kb", today)[1])


def test_removing_a_past_snapshot_is_rewritten_history(repo: Path) -> None:
    path = repo / "kb" / "prices" / "openai--gpt-4o-mini.yaml"
    path.write_text(path.read_text().split("- effective: 2025-09-15")[0])
    diff = diff_revisions(repo / "kb", "HEAD", None)
    assert [e.message.split(":")[0] for e in diff.errors] == [
        "the snapshot of openai--gpt-4o-mini effective 2025-09-15 was removed"]


def test_confirming_citing_or_annotating_a_past_snapshot_is_not_a_rewrite(repo: Path) -> None:
    """What kb refresh and a curator add to a snapshot already recorded: `checked`, the prices that check did not
    cover (`unchecked`), a source, a note."""
    edit(repo / "kb" / "prices" / "openai--gpt-4o.yaml", "- effective: 2024-05-13\n",
         "- effective: 2024-05-13\n  checked: 2024-06-01\n  unchecked: [batch]\n")
    edit(repo / "kb" / "prices" / "openai--gpt-4o.yaml", "per 1M. gpt-4o-2024-05-13 kept",
         "per 1M; confirmed on the pricing page. gpt-4o-2024-05-13 kept")
    edit(repo / "kb" / "prices" / "openai--gpt-4o.yaml", "  - hello-gpt-4o\n", "  - hello-gpt-4o\n  - openai-pricing\n")
    diff = diff_revisions(repo / "kb", "HEAD", None)
    assert diff.errors == [] and diff.prices == []
    edit(repo / "kb" / "prices" / "openai--gpt-4o.yaml", "  input: 5.0\n", "  input: 5.5\n")
    assert [e.message.split(":")[0] for e in diff_revisions(repo / "kb", "HEAD", None).errors] == [
        "the snapshot of openai--gpt-4o effective 2024-05-13 was edited"]


def test_a_rewrite_marked_as_a_correction_is_accepted(repo: Path, today) -> None:
    path = repo / "kb" / "prices" / "openai--gpt-4o.yaml"
    edit(path, "  input: 5.0\n", "  input: 4.0\n")
    path.write_text(path.read_text() + "corrections:\n- effective: 2024-05-13\n  reason: Typo in the launch price.\n")
    assert diff_revisions(repo / "kb", "HEAD", None).errors == []
    assert validate_kb(repo / "kb", today)[1] == []


def test_a_revision_missing_from_a_shallow_clone_says_how_to_fetch_it(repo: Path, tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{repo}", str(clone))
    with pytest.raises(DiffError, match=r"revision `HEAD~2` is not in this repository; this is a shallow clone: "
                                         r"fetch more history with `git fetch --deepen=50`"):
        diff_revisions(clone / "kb", "HEAD~2", None)
    result = CliRunner().invoke(main, ["diff", "HEAD~2", "--kb", str(clone / "kb")])
    assert result.exit_code == 2 and "shallow clone" in result.output and "Traceback" not in result.output


def test_the_changelog_has_the_price_change_the_deprecation_and_the_claim(repo: Path, today) -> None:
    kb, issues = validate_kb(repo / "kb", today)
    assert issues == []
    events = changelog.events(kb, today)
    mini = [(e.date.isoformat(), e.kind, e.title, e.detail) for e in events if e.model_id == "gpt-4o-mini"]
    assert ("2025-09-15", "price", "GPT-4o mini price change at OpenAI",
            "input $0.15 → $0.12 (-20%), output $0.60 → $0.48 (-20%) per 1M tokens; took effect") in mini
    assert ("2026-03-01", "deprecated", "GPT-4o mini deprecated at OpenAI", "retires 2027-03-01") in mini
    assert ("2024-07-18", "claim", "GPT-4o mini on MMLU", "82 accuracy (%) (vendor: OpenAI)") in mini
    retired = [e for e in events if e.model_id == "gpt-4o-mini" and e.kind == "retired"]
    assert retired == [], "the retirement (2027-03-01) is still to come"
    assert [e.date for e in events] == sorted((e.date for e in events), reverse=True)


def test_first_recorded_prices_are_one_entry_a_day_never_price_changes(repo: Path, today) -> None:
    kb, _ = validate_kb(repo / "kb", today)
    events = changelog.events(kb, today)
    first = [e for e in events if e.kind == "first-recorded"]
    assert len(first) == len(kb.prices), "every history's first snapshot is a first recording"
    assert not any(e.kind == "price" and "price first recorded" in e.title for e in events)
    news = changelog.news(events)
    grouped = [e for e in news if e.kind == "first-recorded"]
    days = {e.date for e in first}
    assert len(grouped) == len(days), "one entry per day"
    for entry in grouped:
        count = sum(1 for e in first if e.date == entry.date)
        assert entry.title == f"Prices first recorded for {count} offering{'s' * (count != 1)}"
    assert [e for e in news if e.kind == "price"] == [e for e in events if e.kind == "price"]


def test_an_observed_price_change_does_not_claim_when_it_took_effect(repo: Path, today) -> None:
    prices = repo / "kb" / "prices" / "openai--gpt-4o-mini.yaml"
    prices.write_text(prices.read_text() + "- effective: 2026-10-01\n  basis: observed\n  input: 0.1\n  output: 0.4\n"
                      "  sources:\n  - openai-pricing\n")
    kb, issues = validate_kb(repo / "kb", today)
    assert issues == []
    change = next(e for e in changelog.events(kb, today) if e.kind == "price" and e.date.isoformat() == "2026-10-01")
    assert change.detail.endswith("; observed in force (it changed after 2025-09-15)")


def test_the_atom_feed_is_valid_atom_with_stable_unique_ids(repo: Path, today) -> None:
    kb, _ = validate_kb(repo / "kb", today)
    first = changelog.atom_feed(changelog.events(kb, today), today)
    again = changelog.atom_feed(changelog.events(kb, today), today)
    assert first == again
    feed = ET.fromstring(first.encode())
    assert feed.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated", "author"):
        assert feed.find(f"{ATOM}{required}") is not None
    entries = feed.findall(f"{ATOM}entry")
    ids = [entry.findtext(f"{ATOM}id") for entry in entries]
    assert entries and len(ids) == len(set(ids))
    for entry in entries:
        assert entry.findtext(f"{ATOM}title") and entry.findtext(f"{ATOM}updated").endswith("T00:00:00Z")
        assert entry.find(f"{ATOM}link").get("href")
    assert "tag:frontier-landscape.org,2025:price/openai--gpt-4o-mini/2025-09-15" in ids
    # A later change, rebuilt from the records: one new entry, and every existing id unchanged.
    prices = repo / "kb" / "prices" / "openai--gpt-4o-mini.yaml"
    prices.write_text(prices.read_text() + "- effective: 2026-02-01\n  input: 0.1\n  output: 0.4\n"
                      "  sources:\n  - openai-pricing\n")
    later, issues = validate_kb(repo / "kb", today)
    assert issues == []
    rebuilt = ET.fromstring(changelog.atom_feed(changelog.events(later, today), today).encode())
    new_ids = [entry.findtext(f"{ATOM}id") for entry in rebuilt.findall(f"{ATOM}entry")]
    assert set(new_ids) - set(ids) == {"tag:frontier-landscape.org,2026:price/openai--gpt-4o-mini/2026-02-01"}
    assert set(ids) <= set(new_ids), "an existing entry changed its id, so readers would see it again"


def test_migrate_upgrades_an_old_record_keeping_comments_and_order() -> None:
    upgraded, old, new = upgrade_text((MIGRATE / "price-v1.yaml").read_text(), "prices")
    assert (old, new) == (1, 2)
    assert upgraded == (MIGRATE / "price-v2.yaml").read_text()
    assert "# half price through the Batch API" in upgraded and "# launch price" in upgraded
    assert upgrade_text(upgraded, "prices") == (upgraded, 2, 2), "upgrading is idempotent"


def test_validate_asks_for_a_migration_and_migrate_applies_it(scratch_kb: Path, today) -> None:
    target = scratch_kb / "prices" / "openai--gpt-4o.yaml"
    shutil.copy(MIGRATE / "price-v1.yaml", target)
    [issue] = validate_kb(scratch_kb, today)[1]
    assert (issue.file, issue.line, issue.message, issue.fix) == (
        target, 3, "this record follows schema version 1; price records are now at version 2",
        "run `kb migrate` to upgrade it in place")
    result = CliRunner().invoke(main, ["migrate", "--check", "--kb", str(scratch_kb)])
    assert result.exit_code == 1 and target.read_text() == (MIGRATE / "price-v1.yaml").read_text()
    outcomes = migrate_kb(scratch_kb)
    assert [(o.file, o.old, o.new, o.error) for o in outcomes] == [(target, 1, 2, "")]
    assert validate_kb(scratch_kb, today)[1] == []
    assert migrate_kb(scratch_kb) == []


def test_a_migration_that_cannot_validate_leaves_the_file_untouched(scratch_kb: Path) -> None:
    target = scratch_kb / "prices" / "openai--gpt-4o.yaml"
    broken = (MIGRATE / "price-v1.yaml").read_text().replace("input: 2.5", "input: -2.5")
    target.write_text(broken)
    [outcome] = migrate_kb(scratch_kb)
    assert outcome.error.startswith("not valid after upgrade: snapshots.1.input")
    assert target.read_text() == broken


def test_migrate_upgrades_every_file_or_none(scratch_kb: Path) -> None:
    good, bad = scratch_kb / "prices" / "openai--gpt-4o.yaml", scratch_kb / "prices" / "zz-broken.yaml"
    v1 = (MIGRATE / "price-v1.yaml").read_text()
    good.write_text(v1)
    bad.write_text(v1.replace("input: 2.5", "input: -2.5"))
    outcomes = migrate_kb(scratch_kb)
    assert [(o.file, o.old, bool(o.error)) for o in outcomes] == [(good, 1, False), (bad, 1, True)]
    assert good.read_text() == v1, "one file failing to upgrade leaves every file as it was"
    result = CliRunner().invoke(main, ["migrate", "--kb", str(scratch_kb)])
    assert result.exit_code == 1 and "nothing upgraded" in result.output and good.read_text() == v1


def test_migrate_never_calls_a_kb_current_while_a_file_it_cannot_parse_remains(scratch_kb: Path) -> None:
    broken = scratch_kb / "prices" / "zz-broken.yaml"
    broken.write_text("# yaml-language-server: $schema=../../schemas/price.schema.json\nschema_version: 1\n"
                      "id: zz-broken\noffering: [unclosed\n")
    [outcome] = migrate_kb(scratch_kb)
    assert (outcome.file, outcome.old, outcome.error) == (
        broken, None, "not valid YAML (line 5); `kb validate` says where and how to fix it")
    result = CliRunner().invoke(main, ["migrate", "--kb", str(scratch_kb)])
    assert result.exit_code == 1 and "every record is at its current schema version" not in result.output


@pytest.mark.parametrize(("line", "shown"), [('schema_version: "1"', "'1'"), ("schema_version: true", "True"),
                                             ("schema_version: 0", "0"), ("schema_version: 99", "99")])
def test_migrate_never_calls_a_record_current_whose_version_is_not_a_version(scratch_kb: Path, line: str,
                                                                             shown: str) -> None:
    target = scratch_kb / "prices" / "openai--gpt-4o.yaml"
    v1 = (MIGRATE / "price-v1.yaml").read_text()
    assert "schema_version: 1\n" in v1
    target.write_text(v1.replace("schema_version: 1\n", line + "\n"))
    [outcome] = migrate_kb(scratch_kb)
    assert outcome.file == target and outcome.error.startswith(f"`schema_version` is {shown} (line 3), not a version")
    result = CliRunner().invoke(main, ["migrate", "--kb", str(scratch_kb)])
    assert result.exit_code == 1 and "every record is at its current schema version" not in result.output


@pytest.mark.parametrize(("old", "new", "shown"), [
    ("10", "0.0005", "-99.995%"),  # rounds to -100.0%: more digits, since the offering did not become free
    ("10", "0", "-100.0%"), ("10", "10.001", "+0.01%"), ("10", "10", "+0.0%"), ("0.15", "0.12", "-20.0%")])
def test_a_price_change_percentage_never_rounds_to_free_or_unchanged(old: str, new: str, shown: str) -> None:
    change = PriceChange("o", "2026-01-01", Decimal(old), Decimal(old), Decimal(new), Decimal(new))
    assert change.percent(Decimal(old), Decimal(new)) == shown


def test_migrate_names_the_line_of_a_tag_it_refuses(scratch_kb: Path) -> None:
    target = scratch_kb / "prices" / "openai--gpt-4o.yaml"
    v1 = (MIGRATE / "price-v1.yaml").read_text()
    assert v1.splitlines()[5] == "currency: USD"
    target.write_text(v1.replace("currency: USD\n", "currency: !!python/name:os.system USD\n"))
    [outcome] = migrate_kb(scratch_kb)
    assert outcome.error.endswith("is not allowed (line 6); remove the tag") and target.read_text().count("!!python")
