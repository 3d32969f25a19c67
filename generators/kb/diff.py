"""`kb diff`: what changed in kb/ between two git revisions, record by record and field by field.

Records are read straight from git objects (`git ls-tree` + one `git cat-file --batch`), so any two commits
can be compared without checking them out. Price histories are append-only: a past snapshot edited or removed
is an error unless the history lists a correction (its effective date and a reason).
"""

from __future__ import annotations

import subprocess
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path, PurePosixPath
from typing import Any, Literal

from .costs import percent_change
from .load import as_json, load_kb, parse_text
from .records import KINDS
from .units import decimal

WORKING_TREE = "working tree"


class DiffError(Exception):
    """A revision is missing or git failed; the message says what to do."""


Status = Literal["added", "removed", "changed"]


@dataclass
class FieldChange:
    path: str
    old: Any
    new: Any


@dataclass
class RecordChange:
    kind: str
    id: str
    status: Status
    """`added`, `removed` or `changed`."""
    fields: list[FieldChange] = field(default_factory=list)


@dataclass
class PriceChange:
    offering: str
    effective: str
    old_input: Decimal | None
    old_output: Decimal | None
    new_input: Decimal
    new_output: Decimal
    """Prices as Decimal, read from the YAML literal's digits (units.decimal), never through float arithmetic."""

    def percent(self, old: Decimal | None, new: Decimal) -> str | None:
        change = percent_change(old, new)
        if change is None:
            return None
        shown = f"{change:+.1f}"
        if Decimal(shown) in (0, -100) and change not in (0, -100):  # $10 -> $0.0005 is not a free offering
            shown = f"{change:+.4f}".rstrip("0")
        return f"{shown}%"


@dataclass
class Problem:
    file: str
    message: str


@dataclass
class Diff:
    base: str
    head: str
    records: list[RecordChange] = field(default_factory=list)
    prices: list[PriceChange] = field(default_factory=list)
    lifecycle: list[FieldChange] = field(default_factory=list)
    references: list[FieldChange] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)
    unreadable: list[Problem] = field(default_factory=list)


def git(repo: Path, *args: str, stdin: str | None = None) -> str:
    try:
        result = subprocess.run(["git", *args], cwd=repo, input=stdin, capture_output=True, text=True, check=False)
    except FileNotFoundError as error:
        raise DiffError("git is not installed") from error
    if result.returncode != 0:
        raise DiffError(f"git {' '.join(args)} failed: {result.stderr.strip()}")
    return result.stdout


def resolve(repo: Path, rev: str) -> str:
    result = subprocess.run(["git", "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"], cwd=repo,
                            capture_output=True, text=True, check=False)
    if result.returncode == 0:
        return result.stdout.strip()
    shallow = git(repo, "rev-parse", "--is-shallow-repository").strip() == "true"
    hint = ("this is a shallow clone: fetch more history with `git fetch --deepen=50` (or `--unshallow`), "
            "or fetch the revision itself") if shallow else "check the name with `git log --oneline`"
    raise DiffError(f"revision `{rev}` is not in this repository; {hint}")


def records_at(repo: Path, rev: str, kb_dir: str) -> tuple[dict[tuple[str, str], dict[str, Any]], list[Problem]]:
    """(kind, id) -> record data for every record file under `kb_dir` at `rev`."""
    names = [n for n in git(repo, "ls-tree", "-r", "-z", "--name-only", rev, "--", kb_dir).split("\0")
             if n.endswith(".yaml")]
    if not names:
        return {}, []
    batch = subprocess.run(["git", "cat-file", "--batch"], cwd=repo, capture_output=True, check=False,
                           input="".join(f"{rev}:{name}\n" for name in names).encode())
    if batch.returncode != 0:
        raise DiffError(f"git cat-file failed: {batch.stderr.decode(errors='replace').strip()}")
    out, position = batch.stdout, 0
    texts: list[str | None] = []
    for _ in names:
        header_end = out.index(b"\n", position)
        header = out[position:header_end].split()
        if len(header) != 3 or header[1] != b"blob":  # a submodule or a missing object: nothing to read
            texts.append(None)
            position = header_end + 1
            continue
        size = int(header[2])
        blob = out[header_end + 1: header_end + 1 + size]
        position = header_end + 1 + size + 1
        try:
            texts.append(blob.decode("utf-8"))
        except UnicodeDecodeError:
            texts.append(None)
    found: dict[tuple[str, str], dict[str, Any]] = {}
    problems = []
    for name, text in zip(names, texts, strict=True):
        parts = PurePosixPath(name).relative_to(kb_dir).parts
        if len(parts) < 2 or parts[0] not in KINDS:
            continue
        if text is None:
            problems.append(Problem(name, f"unreadable at {rev[:12]}: not a UTF-8 text file"))
            continue
        raw, issues = parse_text(text, Path(name), parts[0])
        if raw is None:
            problems.append(Problem(name, f"unreadable at {rev[:12]}: {issues[0].message if issues else '?'}"))
            continue
        found[(parts[0], Path(name).stem)] = as_json(raw.data)
    return found, problems


def records_in_tree(root: Path) -> tuple[dict[tuple[str, str], dict[str, Any]], list[Problem]]:
    raws, issues = load_kb(root)
    return ({(raw.kind, raw.file.stem): as_json(raw.data) for raw in raws},
            [Problem(str(i.file), i.message) for i in issues])


def flatten(value: Any, prefix: str = "") -> dict[str, Any]:
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for key, item in value.items():
            out.update(flatten(item, f"{prefix}.{key}" if prefix else str(key)))
        return out or {prefix: {}}
    if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        out = {}
        for index, item in enumerate(value):
            out.update(flatten(item, f"{prefix}.{index}"))
        return out
    return {prefix: value}


def field_changes(old: dict[str, Any], new: dict[str, Any]) -> list[FieldChange]:
    a, b = flatten(old), flatten(new)
    return [FieldChange(path, a.get(path), b.get(path))
            for path in sorted(set(a) | set(b)) if a.get(path) != b.get(path)]


def references(kind: str, data: dict[str, Any] | None) -> Counter[tuple[str, str, str]]:
    """Each reference by the field that makes it, its place in a list left out: a source put first in a list moves the
    others, which still cite what they cited."""
    try:
        refs = KINDS[kind].model_validate(data).references() if data else iter(())
    except Exception:  # an old or broken record simply has no comparable references
        return Counter()
    return Counter((".".join(map(str, path[:-1] if isinstance(path[-1], int) else path)), target_kind, target)
                   for path, target_kind, target in refs)


def compare(base: dict[tuple[str, str], dict[str, Any]], head: dict[tuple[str, str], dict[str, Any]],
            base_name: str, head_name: str, kb_dir: str = "kb") -> Diff:
    diff = Diff(base_name, head_name)
    for key in sorted(set(base) | set(head)):
        kind, record_id = key
        old, new = base.get(key), head.get(key)
        if old is None:
            diff.records.append(RecordChange(kind, record_id, "added"))
        elif new is None:
            diff.records.append(RecordChange(kind, record_id, "removed"))
        elif old != new:
            changes = field_changes(old, new)
            diff.records.append(RecordChange(kind, record_id, "changed", changes))
            if kind == "offerings":
                diff.lifecycle += [FieldChange(f"{record_id}: {c.path}", c.old, c.new)
                                   for c in changes if c.path.startswith("lifecycle.")]
        if kind == "prices":
            price_history_changes(diff, f"{kb_dir}/prices/{record_id}.yaml", old, new)
        old_refs, new_refs = references(kind, old), references(kind, new)
        for path, target_kind, target in sorted((old_refs - new_refs).elements()):
            diff.references.append(FieldChange(f"{kind}/{record_id}: {path}", f"{target_kind}/{target}", None))
        for path, target_kind, target in sorted((new_refs - old_refs).elements()):
            diff.references.append(FieldChange(f"{kind}/{record_id}: {path}", None, f"{target_kind}/{target}"))
    return diff


def snapshot_list(data: dict[str, Any] | None) -> list[dict[str, Any]] | None:
    """The snapshots of a price history as the diff can compare them, or None when they are malformed (not a list
    of mappings, or a price or date of the wrong type)."""
    snapshots = (data or {}).get("snapshots") or []
    if not isinstance(snapshots, list) or not all(isinstance(s, dict) for s in snapshots):
        return None
    for snap in snapshots:
        if not isinstance(snap.get("effective"), str | None):
            return None
        if any(not is_number(snap.get(key)) for key in ("input", "output") if snap.get(key) is not None):
            return None
    return snapshots


def is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and value == value and abs(value) < 1e12


ANNOTATIONS = frozenset({"checked", "unchecked", "sources", "note"})
"""What a snapshot may gain or change without rewriting the past: who confirmed which of its figures, when, where."""


def figures(snapshot: dict[str, Any]) -> dict[str, Any]:
    """The part of a snapshot that history keeps: its prices, dates, basis and dispute, not its annotations."""
    return {key: value for key, value in snapshot.items() if key not in ANNOTATIONS}


def price_history_changes(diff: Diff, file: str, old: dict[str, Any] | None, new: dict[str, Any] | None) -> None:
    old_snaps, new_snaps = snapshot_list(old), snapshot_list(new)
    if old_snaps is None or new_snaps is None:
        which = "base" if old_snaps is None else "head"
        problem = Problem(file, f"the snapshots at the {which} revision are malformed (each needs an `effective` "
                                "date and numeric prices), so price changes were not compared; `kb validate` "
                                "says where")
        # A head that cannot be compared could hide a rewritten past, so the gate fails rather than passing it.
        (diff.errors if which == "head" and old is not None else diff.unreadable).append(problem)
        return
    corrections = (new or {}).get("corrections")
    corrected = {c.get("effective"): c.get("reason") for c in corrections or []
                 if isinstance(c, dict) and isinstance(c.get("effective"), str)} \
        if isinstance(corrections, list) else {}
    offering = str((new or old or {}).get("offering", "?"))
    remaining = list(new_snaps)
    for snap in old_snaps:
        same = next((i for i, s in enumerate(remaining) if figures(s) == figures(snap)), None)
        if same is not None:  # confirming a price (`checked`), citing or annotating it does not rewrite it
            del remaining[same]
            continue
        effective = snap.get("effective")
        if effective in corrected:
            continue
        edited = any(s.get("effective") == effective for s in remaining)
        what = "edited" if edited else "removed"
        diff.errors.append(Problem(file, f"the snapshot of {offering} effective {effective} was {what}: price history "
                                         "is append-only. Add a new snapshot instead, or, to correct a mistake, add "
                                         f"`corrections: [{{effective: {effective}, reason: ...}}]` to the record"))
    undisputed = [s for s in new_snaps if not s.get("disputed")]
    for snap in remaining:  # snapshots the new version adds
        if snap.get("disputed") or not is_number(snap.get("input")) or not is_number(snap.get("output")):
            continue
        index = next(i for i, s in enumerate(undisputed) if s is snap)
        before = undisputed[index - 1] if index else None
        diff.prices.append(PriceChange(offering, str(snap.get("effective")),
                                       decimal(before["input"]) if before and is_number(before.get("input")) else None,
                                       decimal(before["output"]) if before and is_number(before.get("output"))
                                       else None, decimal(snap["input"]), decimal(snap["output"])))


def diff_revisions(kb_root: Path, base_rev: str, head_rev: str | None) -> Diff:
    """Compare kb/ at `base_rev` with `head_rev` (None: the working tree)."""
    repo = Path(git(kb_root, "rev-parse", "--show-toplevel").strip())
    kb_dir = kb_root.resolve().relative_to(repo.resolve()).as_posix()
    base_sha = resolve(repo, base_rev)
    base, problems = records_at(repo, base_sha, kb_dir)
    if head_rev is None:
        head, head_problems = records_in_tree(kb_root)
        head_name = WORKING_TREE
    else:
        head_sha = resolve(repo, head_rev)
        head, head_problems = records_at(repo, head_sha, kb_dir)
        head_name = head_rev
    result = compare(base, head, base_rev, head_name, kb_dir)
    result.unreadable = problems + head_problems + result.unreadable
    return result

