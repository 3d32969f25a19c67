"""`kb migrate`: upgrade record files to the current schema version of their kind, in place.

Files are edited with ruamel.yaml's round-trip mode, which keeps comments, key order and quoting; a migration
moves values, never drops them. Files are rewritten only if every upgraded file validates against the current
model, and all of them as one step (kb/transaction.py): a failure or an interrupt leaves every original untouched.
"""

from __future__ import annotations

import decimal
import io
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.error import YAMLError

from .limits import size_issues, text_issues
from .load import find_record_files, read_record_text
from .records import KINDS
from .records.base import yaml_number
from .transaction import apply

Migration = Callable[[CommentedMap], None]


def prices_1_to_2(doc: CommentedMap) -> None:
    """Version 2 groups `batch_input`/`batch_output` under `batch` and moves snapshot `correction`s onto the
    history as `corrections: [{effective, reason}]`, so a removed snapshot can be explained too."""
    corrections = []
    snapshots = doc.get("snapshots") or []
    for index, snapshot in enumerate(snapshots if isinstance(snapshots, list) else []):
        if not isinstance(snapshot, CommentedMap):
            continue
        keys = list(snapshot.keys())
        if "batch_input" in snapshot or "batch_output" in snapshot:
            position = min(keys.index(k) for k in ("batch_input", "batch_output") if k in snapshot)
            grouped = snapshot.get("batch")
            if grouped is not None and not isinstance(grouped, CommentedMap):
                raise ValueError(f"snapshot {index} has both `batch_input`/`batch_output` and a `batch` that is not "
                                 "a mapping; keep one form, then run kb migrate again")
            batch = grouped if grouped is not None else CommentedMap()
            for old, new in (("batch_input", "input"), ("batch_output", "output")):
                if old in snapshot:
                    if new in batch and batch[new] != snapshot[old]:
                        raise ValueError(f"snapshot {index} has `{old}: {snapshot[old]}` and `batch: {{{new}: "
                                         f"{batch[new]}}}`; migrating would drop one: keep the right one, then run "
                                         "kb migrate again")
                    comment = snapshot.ca.items.pop(old, None)  # an end-of-line comment travels with its value
                    batch[new] = snapshot.pop(old)
                    if comment is not None:
                        batch.ca.items[new] = comment
            if grouped is None:
                snapshot.insert(position, "batch", batch)
        if "correction" in snapshot:
            corrections.append(CommentedMap(effective=snapshot.get("effective"), reason=snapshot.pop("correction")))
    if corrections:
        doc.setdefault("corrections", []).extend(corrections)
    doc["schema_version"] = 2


MIGRATIONS: dict[tuple[str, int], Migration] = {("prices", 1): prices_1_to_2}
"""(kind, from version) -> the function that upgrades a document one version, in place."""


@dataclass
class Outcome:
    file: Path
    old: int | None
    """The file's schema version; None when the file could not be read at all."""
    new: int
    error: str = ""


def yaml_round_trip() -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 111  # the width record files are written at, so untouched text keeps its line breaks
    yaml.indent(mapping=2, sequence=2, offset=0)
    # A migration may put one value in two places (a snapshot's date in its correction); records never hold
    # anchors and aliases, so write every value out in full.
    yaml.representer.ignore_aliases = lambda *args: True
    yaml.representer.add_representer(decimal.Decimal, lambda representer, value: representer.represent_scalar(
        "tag:yaml.org,2002:float", yaml_number(value)))
    return yaml


def dumped(value: Any) -> str:
    """`value` as record text, the way `yaml_round_trip` writes it."""
    buffer = io.StringIO()
    yaml_round_trip().dump(value, buffer)
    return buffer.getvalue()


def round_tripped(text: str, edit: Callable[[Any], None]) -> str:
    """A record's text loaded with its comments and key order, edited by `edit`, and written back whole (long
    plain scalars may re-wrap: kb/history_text.py edits price histories line by line instead)."""
    document = yaml_round_trip().load(text)
    edit(document)
    return dumped(document)


def leaves(value: Any) -> Iterator[Any]:
    """Every scalar a document holds (keys aside), with repeats, so a migration can prove it dropped none."""
    if isinstance(value, dict):
        for item in value.values():
            yield from leaves(item)
    elif isinstance(value, list):
        for item in value:
            yield from leaves(item)
    else:
        yield str(value)


def upgrade_document(doc: CommentedMap, kind: str) -> tuple[int, int]:
    """Apply migrations to a loaded document until it reaches its kind's version. Returns (old, new).
    Raises ValueError rather than drop a value the document held."""
    old = version = doc.get("schema_version")
    target = KINDS[kind].current_version()
    if not isinstance(version, int) or isinstance(version, bool):
        raise ValueError("`schema_version` is missing or not a number")
    before = Counter(leaves(doc))
    while version < target:
        migration = MIGRATIONS.get((kind, version))
        if migration is None:
            raise ValueError(f"no migration from version {version} of {kind} records")
        migration(doc)
        version = doc["schema_version"]
    lost = before - Counter(leaves(doc)) - Counter([str(old)])
    if lost:
        raise ValueError(f"upgrading would drop {', '.join(f'`{value}`' for value in sorted(lost))}; "
                         "move the value where the current schema keeps it, then run kb migrate again")
    return old, version


def upgrade_text(text: str, kind: str) -> tuple[str, int, int]:
    """The upgraded text of one record, with its old and new versions. Raises ValueError if it cannot be."""
    yaml = yaml_round_trip()
    doc = yaml.load(text)
    if not isinstance(doc, CommentedMap):
        raise ValueError("not a mapping of fields")
    old, new = upgrade_document(doc, kind)
    if old == new:
        return text, old, new
    buffer = io.StringIO()
    yaml.dump(doc, buffer)
    upgraded = buffer.getvalue()
    check_upgraded(upgraded, kind)
    return upgraded, old, new


def check_upgraded(text: str, kind: str) -> None:
    from .load import parse_text

    raw, issues = parse_text(text, Path(f"upgraded.{kind}.yaml"), kind)
    if raw is None:
        raise ValueError(f"{issues[0].message} (line {issues[0].line}); {issues[0].fix}" if issues
                         else "unreadable after upgrade")
    try:
        KINDS[kind].model_validate(raw.data)
    except ValidationError as error:
        first = error.errors()[0]
        raise ValueError(f"not valid after upgrade: {'.'.join(map(str, first['loc']))}: {first['msg']}") from error


class VersionError(ValueError):
    """A record whose schema version cannot be read, so it can be neither upgraded nor called current."""


def needs_upgrade(text: str, kind: str) -> int | None:
    """The file's schema version if it is older than its kind's; None if current. Raises YAMLError when the file
    does not parse: then nobody can tell its version, and it is not current."""
    doc = yaml_round_trip().load(text)
    version = doc.get("schema_version") if isinstance(doc, CommentedMap) else None
    current = KINDS[kind].current_version()
    if not isinstance(version, int) or isinstance(version, bool) or not 0 < version <= current:
        # A quoted or missing version is no version: calling such a file current would hide it from the upgrade.
        line = doc.lc.key("schema_version")[0] + 1 if isinstance(doc, CommentedMap) and version is not None else 1
        raise VersionError(f"`schema_version` is {version!r} (line {line}), not a version from 1 to {current}; write "
                           "it as a bare number (`schema_version: 1`) and run kb migrate again")
    return version if version < current else None


def migrate_kb(root: Path, write: bool = True) -> list[Outcome]:
    """Upgrade every record under `root` whose schema version is older than its kind's, all files as one step
    (kb/transaction.py), and only if every one of them upgrades. With `write=False`, report what would change
    without touching a file."""
    outcomes, writes = [], {}
    for kind, file in find_record_files(root):
        if file.suffix != ".yaml":
            continue
        text, issue = read_record_text(file)
        problem = issue if text is None else next(iter(size_issues(text, file) or text_issues(text, file)), None)
        if text is None or problem is not None:
            why = f"{problem.message} (line {problem.line}); {problem.fix}" if problem else "cannot be read"
            outcomes.append(Outcome(file, None, KINDS[kind].current_version(), why))
            continue
        try:
            old = needs_upgrade(text, kind)
        except YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            where = f" (line {mark.line + 1})" if mark is not None else ""
            outcomes.append(Outcome(file, None, KINDS[kind].current_version(),
                                    f"not valid YAML{where}; `kb validate` says where and how to fix it"))
            continue
        except VersionError as error:
            outcomes.append(Outcome(file, None, KINDS[kind].current_version(), str(error)))
            continue
        if old is None:
            continue
        try:
            upgraded, _, new = upgrade_text(text, kind)
        except Exception as error:  # reported against its file; the other files are still reported
            outcomes.append(Outcome(file, old, KINDS[kind].current_version(), str(error)))
            continue
        writes[file] = upgraded
        outcomes.append(Outcome(file, old, new))
    if write and writes and not any(o.error for o in outcomes):
        apply(root, writes)
    return outcomes


__all__ = ["MIGRATIONS", "migrate_kb", "upgrade_text"]
