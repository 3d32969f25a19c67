"""YAML typing for records: libyaml parses, and `Builder` types plain scalars under YAML 1.2 core rules.

PyYAML would call its YAML 1.1 resolver (a Python function running regexes) for every scalar, and read `NO` as
false or `010` as 8. Here every scalar is text to libyaml; `Builder` types plain ones itself and reports each
YAML 1.1 trap (and duplicate keys, merge keys, tags, non-string keys) as an issue at its line and column.
"""

from __future__ import annotations

import datetime
import math
import re
from pathlib import Path
from typing import Any

import yaml

from .issues import Issue
from .limits import MAX_DEPTH

STR = "tag:yaml.org,2002:str"
INT = "tag:yaml.org,2002:int"
FLOAT = "tag:yaml.org,2002:float"
BOOL = "tag:yaml.org,2002:bool"
NULL = "tag:yaml.org,2002:null"
TIMESTAMP = "tag:yaml.org,2002:timestamp"
MAP = "tag:yaml.org,2002:map"
SEQ = "tag:yaml.org,2002:seq"
MERGE = "tag:yaml.org,2002:merge"

PLAIN_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")
# Decimal forms only: a leading zero (`032`) is octal to YAML 1.1, so it is refused below, not read as 32.
PLAIN_FLOAT = re.compile(r"[-+]?(?:(?:0|[1-9][0-9]*)(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?")
PLAIN_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
NULLS = {"", "~", "null", "Null", "NULL"}
NUMBER_START = frozenset("0123456789+-.")
# What YAML 1.1 (PyYAML's default) reads as something other than text, beyond the YAML 1.2 core forms above.
YAML11_BOOLS = {"yes", "Yes", "YES", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF", "y", "Y", "n", "N"}
YAML11_NUMBER = re.compile(
    r"[-+]?(?:0b[01_]+|0[0-7_]+|0x[0-9a-fA-F_]+|[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?"
    r"|[0-9][0-9_]*(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?|\.[0-9_]+(?:[eE][-+][0-9]+)?|\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))")
MAX_DIGITS = 20
"""The most digits a plain number may have: no count, price or score in a record needs more."""
PLACEHOLDER = "TODO"
"""What `kb new` writes where a value is needed; never a valid value."""
YAML11_TIMESTAMP = re.compile(r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}.*")


class RecordLoader(yaml.CSafeLoader):
    """libyaml's parser and composer, with scalar typing left to `Builder`.

    PyYAML would call its YAML 1.1 resolver (a Python function running regexes) for every scalar; `Builder`
    types plain scalars itself under YAML 1.2 core rules and flags what YAML 1.1 would read differently.
    """

    def resolve(self, kind: type[yaml.Node], value: str | None, implicit: tuple[bool, bool]) -> str:
        if kind is yaml.ScalarNode:
            return STR
        return SEQ if kind is yaml.SequenceNode else MAP

    def descend_resolver(self, current_node: object, current_index: object) -> None:
        """Path resolvers are not used; skipping them saves two Python calls per node."""

    def ascend_resolver(self) -> None:
        """See `descend_resolver`."""


def reading(text: str) -> str:
    """What YAML makes of a plain scalar that is not text, in words."""
    if text in BOOLS or text in YAML11_BOOLS:
        return "a boolean"
    if text in NULLS:
        return "null"
    if PLAIN_DATE.fullmatch(text) or YAML11_TIMESTAMP.fullmatch(text):
        return "a date"
    return "a number"


class Builder:
    """Turns a node tree into plain Python values, collecting an issue for every YAML trap it meets."""

    def __init__(self, file: Path) -> None:
        self.file = file
        self.issues: list[Issue] = []

    def issue(self, node: yaml.Node, message: str, fix: str) -> None:
        mark = node.start_mark
        self.issues.append(Issue(self.file, mark.line + 1, mark.column + 1, message, fix))

    def build(self, node: yaml.Node, depth: int = 1) -> Any:
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node)
        if depth > MAX_DEPTH:
            self.issue(node, f"the YAML nests deeper than {MAX_DEPTH} levels",
                       "flatten the structure: records nest a few levels at most")
            return None
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, depth + 1) for item in node.value]
        assert isinstance(node, yaml.MappingNode)
        return self.mapping(node, depth)

    def placeholder(self, node: yaml.ScalarNode) -> None:
        self.issue(node, f"replace the placeholder `{PLACEHOLDER}` with a real value",
                   "`kb new` wrote it; see the field's description in the schema for what belongs here")

    def mapping(self, node: yaml.MappingNode, depth: int = 1) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = key_node.value
            if not isinstance(key_node, yaml.ScalarNode):
                self.issue(key_node, "a key must be a plain name, not a collection", "use a field name from the schema")
                continue
            if key_node.tag != STR:
                self.issue(key_node, f"explicit YAML tag `{key_node.tag}` is not allowed", "remove the tag")
                continue
            if key == "<<" and not key_node.style:
                self.issue(key_node, "merge keys (`<<`) are not allowed in records", "write the fields out")
                continue
            if not key_node.style and not isinstance(self.plain(key_node, report=False), str):
                self.issue(key_node, f"the key `{key}` is not a string: YAML reads it as {reading(key)}",
                           f'quote it ("{key}") or use a field name from the schema')
                continue
            if key in result:
                self.issue(key_node, f"duplicate key `{key}`: YAML would silently keep only the last one",
                           f"remove one of the `{key}:` lines")
                continue
            if value_node.__class__ is yaml.ScalarNode and value_node.tag == STR:
                if value_node.value == PLACEHOLDER:
                    self.placeholder(value_node)
                result[key] = value_node.value if value_node.style else self.plain(value_node)
            else:
                result[key] = self.build(value_node, depth + 1)
        return result

    def scalar(self, node: yaml.ScalarNode) -> Any:
        if node.tag != STR:
            self.issue(node, f"explicit YAML tag `{node.tag}` is not allowed", "remove the tag")
            return None
        if node.value == PLACEHOLDER:
            self.placeholder(node)
        if node.style:
            return node.value
        return self.plain(node)

    def number(self, node: yaml.ScalarNode, report: bool) -> int | float | None:
        """A plain decimal number, refused when it has too many digits or is too large to be finite."""
        text = node.value
        digits = sum(map(str.isdigit, text)) if len(text) > MAX_DIGITS else 0
        if digits > MAX_DIGITS:
            if report:
                self.issue(node, f"a number with {digits:,} digits is out of range (at most {MAX_DIGITS})",
                           "write the real value: prices are USD per 1M tokens, counts are tokens")
            return None
        if PLAIN_INT.fullmatch(text):
            return int(text)
        value = float(text)
        mantissa = re.split("[eE]", text)[0]
        if value == 0 and any(c in "123456789" for c in mantissa):
            if report:
                self.issue(node, f"`{text}` is too small to be a number (it would be read as 0)",
                           "write the real value: prices are USD per 1M tokens, counts are tokens")
            return None
        if not math.isfinite(value):
            if report:
                self.issue(node, f"`{text}` is too large to be a number (it would be read as infinity)",
                           "write the real value: prices are USD per 1M tokens, counts are tokens")
            return None
        return value + 0.0  # -0.0 becomes 0.0: a price of "$-0.00" means nothing

    def plain(self, node: yaml.ScalarNode, report: bool = True) -> Any:
        """Type a plain (unquoted) scalar as YAML 1.2 core does, refusing what YAML 1.1 would read otherwise."""
        text = node.value
        if text[:1] in NUMBER_START:
            if PLAIN_INT.fullmatch(text) or PLAIN_FLOAT.fullmatch(text):
                return self.number(node, report)
            if PLAIN_DATE.fullmatch(text):
                try:
                    return datetime.date.fromisoformat(text)
                except ValueError:
                    if report:
                        self.issue(node, f"`{text}` is not a real calendar date", "correct the day or month")
                    return None
            if YAML11_NUMBER.fullmatch(text):
                if report:
                    self.issue(node, f"`{text}` is read as a number in a way that differs between YAML versions "
                               "(octal, hex, base 60, underscores, inf or nan)",
                               f'write a plain decimal number, or quote it ("{text}") if you mean text')
                return None
            if YAML11_TIMESTAMP.fullmatch(text):
                if report:
                    self.issue(node, f"`{text}` is a timestamp; records hold dates only",
                               "write the date as YYYY-MM-DD")
                return None
            return text
        if text in BOOLS:
            return BOOLS[text]
        if text in NULLS:
            return None
        if text in YAML11_BOOLS:
            if report:
                self.issue(node, f"`{text}` is read as a boolean by YAML 1.1 tools (and as text by others)",
                           f'quote it ("{text}") if you mean text, or write true / false')
            return None
        return text
