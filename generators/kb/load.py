"""Load step: read every record file of a KB with libyaml, keeping where each value sits.

Values are built from libyaml's node tree rather than with `yaml.load`, so that every key and value keeps
its line and column, and so that YAML's surprises are refused instead of silently accepted: duplicate keys,
anchors and aliases, non-string keys, and YAML 1.1 readings such as `NO` -> false or `010` -> 8.
"""

from __future__ import annotations

import datetime
import functools
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .issues import Issue, KBUsageError
from .limits import read_record_bytes, size_issues, text_issues
from .parse_cache import Parsed, text_key
from .records import KINDS, SINGULAR
from .yaml_typing import Builder, RecordLoader


@dataclass(frozen=True)
class RawRecord:
    """A record file as parsed: its data, and the text it was parsed from, whose node tree says where each value
    was. The tree is composed again only when a line is asked for (an issue's): kept for every record, the trees
    were most of a large KB's memory (1.3 GB of 2.3 GB at 10,000 models), the text is a small part of that."""

    file: Path
    kind: str
    data: dict[str, Any]
    text: str

    @functools.cached_property
    def node(self) -> yaml.MappingNode:
        """The node tree of `text` (the text this record was built from, not the file as it is now)."""
        node = yaml.compose(self.text, Loader=RecordLoader)
        assert isinstance(node, yaml.MappingNode), "the text parsed as a mapping when the record was loaded"
        return node

    def locate(self, path: tuple[str | int, ...]) -> tuple[int, int]:
        """1-based (line, column) of the value at `path`, or of its nearest existing parent."""
        return locate(self.node, path)


def as_json(value: Any) -> Any:
    """Record data as JSON holds it: dates as ISO strings (for JSON Schema checks and diffs)."""
    if isinstance(value, dict):
        return {k: as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_json(v) for v in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def locate(node: yaml.Node, path: tuple[str | int, ...]) -> tuple[int, int]:
    for step in path:
        child = None
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if key.value == step:
                    child = value
                    break
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and 0 <= step < len(node.value):
            child = node.value[step]
        if child is None:
            break
        node = child
    return node.start_mark.line + 1, node.start_mark.column + 1


def scalar_at(node: yaml.Node, path: tuple[str | int, ...]) -> yaml.ScalarNode | None:
    """The scalar node at exactly `path`, if there is one."""
    for step in path:
        if isinstance(node, yaml.MappingNode):
            found: yaml.Node | None = next((value for key, value in node.value if key.value == step), None)
            if found is None:
                return None
            node = found
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and 0 <= step < len(node.value):
            node = node.value[step]
        else:
            return None
        if node is None:
            return None
    return node if isinstance(node, yaml.ScalarNode) else None


def find_record_files(root: Path) -> list[tuple[str, Path]]:
    """(kind, file) for every file under root's kind folders, sorted so runs are reproducible."""
    return [(kind, Path(name)) for kind, name in record_file_names(root)]


def record_file_names(root: Path) -> list[tuple[str, str]]:
    """`find_record_files` with plain string paths, for callers that look at every file often (`kb serve`)."""
    if not root.is_dir():
        raise KBUsageError(f"{root} is not a directory")
    found: list[tuple[str, str]] = []
    top = os.path.realpath(root)

    def unreadable(error: OSError) -> None:
        raise KBUsageError(f"{error.filename}: cannot be read ({error.strerror}); the KB is what is on disk inside "
                           "it, so fix its permissions (chmod u+rx) or move it out of the KB")

    for kind in KINDS:
        start = os.path.join(root, kind)
        if os.path.islink(start) and not os.path.realpath(start).startswith(top + os.sep):
            raise KBUsageError(f"{start} is a symbolic link to {os.path.realpath(start)}, outside the KB; records "
                               "must live inside it: replace the link with the folder itself")
        for folder, folders, names in os.walk(start, onerror=unreadable if os.path.lexists(start) else None):
            linked = [name for name in folders if os.path.islink(os.path.join(folder, name))]
            if linked:
                raise KBUsageError(f"{os.path.join(folder, linked[0])} is a symbolic link to a folder; the KB is "
                                   "what is on disk inside it: replace the link with the folder itself")
            found.extend((kind, os.path.join(folder, name)) for name in names)
    found.sort(key=lambda item: item[1])
    return found


def is_note(name: str) -> bool:
    """A file a kind folder may hold beside its records without being one: a dotfile, a `.md` or `.txt` note."""
    return name.startswith(".") or os.path.splitext(name)[1] in {".md", ".txt"}


def is_kb_root(path: Path) -> bool:
    return path.is_dir() and any((path / kind).is_dir() for kind in KINDS)


def load_kb(root: Path) -> tuple[list[RawRecord], list[Issue]]:
    """Parse every record file under `root`. Files that cannot be parsed give issues, not records."""
    return load_files(find_record_files(root))


def load_files(files: list[tuple[str, Path]], parsed: Parsed | None = None) -> tuple[list[RawRecord], list[Issue]]:
    """`load_kb` for the (kind, file) pairs given, in their order; a file whose kind and text `parsed` holds (a build
    cache's, parse_cache.py) takes its data from there."""
    records: list[RawRecord] = []
    issues: list[Issue] = []
    for kind, file in files:
        if file.suffix != ".yaml":
            if is_note(file.name):
                if not stat.S_ISREG(os.lstat(file).st_mode):  # a note is text beside the records, nothing else
                    issues.append(Issue(file, 1, 1, "a note beside the records must be a regular file, not a link, "
                                                    "FIFO or device", "replace it with the file itself, or delete it"))
                continue
            issues.append(Issue(file, 1, 1, f"`{file.name}` is not a `.yaml` file",
                                f"rename it to `{file.stem}.yaml`, or move it out of kb/{kind}/"))
            continue
        record, file_issues = load_file(file, kind, parsed)
        issues.extend(file_issues)
        if record is not None:
            records.append(record)
    return records, issues


def load_file(file: Path, kind: str, parsed: Parsed | None = None) -> tuple[RawRecord | None, list[Issue]]:
    text, issue = read_record_text(file)
    if text is None:
        return None, [issue] if issue else []
    data = parsed.get(text_key(kind, text)) if parsed else None
    if data is not None:
        return RawRecord(file, kind, data, text), []
    return parse_text(text, file, kind)


def read_record_text(file: Path) -> tuple[str | None, Issue | None]:
    """A record file's text, or the issue that says why it cannot be read (not a regular file, too big,
    not UTF-8)."""
    raw, issue = read_record_bytes(file)
    if raw is None:
        return None, issue
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return None, Issue(file, line, 1, f"not valid UTF-8 (byte {raw[error.start]:#04x})",
                           "save the file as UTF-8")


def syntax_fix(problem: str) -> str:
    """How to fix a YAML syntax error. The commonest in prose fields gets its own answer: a colon and a space inside
    unquoted text ("title: A page: with a colon") make YAML read a second key."""
    if "mapping values are not allowed" in problem:
        return ("a colon followed by a space inside unquoted text starts a new key: quote the whole value ('...', "
                "doubling any ' inside), or write that colon another way (a semicolon, a dash)")
    return "fix the YAML at this point (check indentation, quotes and colons)"


def parse_text(text: str, file: Path, kind: str) -> tuple[RawRecord | None, list[Issue]]:
    issues = size_issues(text, file) or text_issues(text, file)
    if issues:
        return None, issues
    try:
        node = yaml.compose(text, Loader=RecordLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = " ".join(filter(None, [error.context, error.problem]))
        started = error.context_mark
        if started and error.problem_mark and started.line != error.problem_mark.line:
            problem += f" (the construct began at line {started.line + 1}, column {started.column + 1})"
        return None, [Issue(file, line, column, f"YAML syntax error: {problem}", syntax_fix(problem))]
    except yaml.YAMLError as error:
        return None, [Issue(file, 1, 1, f"YAML error: {error}", "fix the YAML")]
    if node is None:
        return None, [Issue(file, 1, 1, "the file is empty", "fill it in with `kb new`, or delete it")]
    if "&" in text or "*" in text or "!" in text:
        issues.extend(event_issues(text, file))
        if issues:
            return None, issues
    if not isinstance(node, yaml.MappingNode):
        line, column = node.start_mark.line + 1, node.start_mark.column + 1
        return None, [Issue(file, line, column, "a record must be a mapping of `field: value` lines",
                            "start the file with `schema_version: 1` and `id: ...` at the left margin")]
    builder = Builder(file)
    data = builder.build(node)
    builder.issues.extend(header_issues(text, file, kind))
    if builder.issues:
        return None, builder.issues
    return RawRecord(file, kind, data, text), []


def header_issues(text: str, file: Path, kind: str) -> list[Issue]:
    """Editors find a record's schema through its first line; without it contributors get no hints."""
    first = text.split("\n", 1)[0].strip()
    wanted = f"schemas/{SINGULAR[kind]}.schema.json"
    if first.startswith("# yaml-language-server: $schema=") and first.endswith(wanted):
        return []
    return [Issue(file, 1, 1, f"the first line must point editors at the schema ({wanted})",
                  f"make line 1: # yaml-language-server: $schema=<relative path to {wanted}> "
                  "(`kb new` writes it for you)")]


def event_issues(text: str, file: Path) -> list[Issue]:
    """Anchors and aliases make one value appear in two places; a record must spell each value out. An explicit
    tag on any node (`!!set`, `!python/object/apply:...`, even the bare `!` that turns `! 5.0` into a number) asks
    the reader to construct something: records hold plain data only."""
    issues = []
    try:
        for event in yaml.parse(text, Loader=yaml.CSafeLoader):
            mark = event.start_mark
            line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
            tag, anchor = getattr(event, "tag", None), getattr(event, "anchor", None)
            if tag is not None and isinstance(event, yaml.ScalarEvent | yaml.CollectionStartEvent):
                issues.append(Issue(file, line, column, f"explicit YAML tag `{tag}` is not allowed", "remove the tag"))
            if isinstance(event, yaml.AliasEvent):
                issues.append(Issue(file, line, column,
                                    f"alias `*{anchor}`: anchors and aliases are not allowed in records",
                                    "write the value out in full here"))
            elif anchor:
                issues.append(Issue(file, line, column,
                                    f"anchor `&{anchor}`: anchors and aliases are not allowed in records",
                                    f"remove `&{anchor}` and write values out where they are used"))
    except yaml.YAMLError:
        pass
    return issues
