"""Limits checked before a record is parsed: what a file may be, how big, how long its lines, how deep it nests.

libyaml composes nested collections recursively in C: 100,000 levels of `[` crash the interpreter, 10,000 take
most of a second. A record file is therefore read only if it is a regular file of reasonable size, and its
text is parsed only once its lines and its nesting are known to be within bounds.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from pathlib import Path

import yaml

from .issues import Issue

READ_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
MAX_FILE_BYTES = 1_000_000
"""The largest record file read. Real records are a few kilobytes; a long price history stays far below."""
MAX_LINE_CHARS = 10_000
"""The longest line allowed: a 2,000-character description fits several times over."""
MAX_DEPTH = 16
"""The deepest nesting of mappings and lists allowed. The deepest real record nests 6 levels."""
# Without one of these a text cannot nest much deeper than MAX_DEPTH (a block level starts at least one column
# further right every other level, unless indicators are chained on one line as in `- - - x`; a flow level
# needs a bracket), so only such texts are scanned level by level before parsing. `Builder` enforces the
# exact limit on the rest.
DEEP_INDENT = "\n" + " " * (MAX_DEPTH // 2 - 2)
CHAINED_INDICATORS = re.compile(r"[-?][ \t]+[-?](?:[ \t]|$)", re.MULTILINE)


def read_record_bytes(file: Path) -> tuple[bytes | None, Issue | None]:
    """The bytes of a record file, or the issue that says why it is not read.

    Opened without following links and without blocking, so a FIFO or a device named `x.yaml` cannot hang
    the run and a symbolic link cannot make the KB read (and publish) a file from elsewhere.
    """
    try:
        descriptor = os.open(file, READ_FLAGS)
    except OSError as error:
        if error.errno == errno.ELOOP or os.path.islink(file):
            return None, Issue(file, 1, 1, "a record must be a regular file, not a symbolic link",
                               "replace the link with the record itself (or delete it)")
        return None, Issue(file, 1, 1, f"cannot be read: {error.strerror}",
                           "check the file exists and is readable, or delete it")
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            return None, Issue(file, 1, 1, "a record must be a regular file (this is a device, FIFO or socket)",
                               "delete it and write the record as an ordinary file")
        if info.st_size > MAX_FILE_BYTES:
            return None, too_big(file, f"{info.st_size:,} bytes")
        chunks, size = [], 0
        while chunk := os.read(descriptor, MAX_FILE_BYTES + 1 - size):
            chunks.append(chunk)
            size += len(chunk)
            if size > MAX_FILE_BYTES:  # grew since fstat
                return None, too_big(file, f"over {MAX_FILE_BYTES:,} bytes")
    finally:
        os.close(descriptor)
    return b"".join(chunks), None


def too_big(file: Path, size: str) -> Issue:
    return Issue(file, 1, 1, f"the file is {size}; a record may be at most {MAX_FILE_BYTES:,}",
                 "split it, or remove what does not belong in a record")


def size_issues(text: str, file: Path) -> list[Issue]:
    """Lines too long, or nesting too deep, found before the text is parsed."""
    if len(text) > MAX_FILE_BYTES:
        return [Issue(file, 1, 1, f"the text is {len(text):,} characters; a record may be at most "
                      f"{MAX_FILE_BYTES:,}", "split it, or remove what does not belong in a record")]
    if len(text) > MAX_LINE_CHARS:
        for number, line in enumerate(text.split("\n"), start=1):
            if len(line) > MAX_LINE_CHARS:
                return [Issue(file, number, 1, f"line {number} is {len(line):,} characters long; the limit is "
                              f"{MAX_LINE_CHARS:,}", "break the text over several lines, or shorten it")]
    if (text.count("[") + text.count("{") > MAX_DEPTH or DEEP_INDENT in text
            or CHAINED_INDICATORS.search(text)):
        return depth_issues(text, file)
    return []


def depth_issues(text: str, file: Path) -> list[Issue]:
    """The first place the text nests deeper than MAX_DEPTH, found from libyaml's flat event stream."""
    depth = 0
    try:
        for event in yaml.parse(text, Loader=yaml.CSafeLoader):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    mark = event.start_mark
                    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
                    return [Issue(file, line, column,
                                  f"the YAML nests deeper than {MAX_DEPTH} levels",
                                  "flatten the structure: records nest a few levels at most")]
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError:
        pass  # the parse proper reports syntax errors, with their place
    return []


ODD_BREAKS = re.compile("\r(?!\n)|[\x85\u2028\u2029]")
"""Line breaks YAML counts and editors do not (or the reverse): every reported line after one would be off."""
NON_PRINTABLE = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
"""What YAML's reader refuses (PyYAML's `Reader.NON_PRINTABLE`); found here so the error names an editor's line."""


def line_column(text: str, offset: int) -> tuple[int, int]:
    """The 1-based line and column of a character offset, counting lines as editors do (LF ends a line)."""
    return text.count("\n", 0, offset) + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1


def text_issues(text: str, file: Path) -> list[Issue]:
    if text.startswith("\ufeff"):
        return [Issue(file, 1, 1, "the file starts with a byte-order mark (BOM)",
                      "save the file as UTF-8 without BOM")]
    odd = ODD_BREAKS.search(text)
    if odd:
        what = "a lone carriage return (an old Mac line end)" if odd.group() == "\r" else \
            f"U+{ord(odd.group()):04X}, which YAML reads as a line break"
        return [Issue(file, *line_column(text, odd.start()),
                      f"{what}: YAML and editors would disagree on every line number after it",
                      "save the file with LF (or CRLF) line ends, and remove the character")]
    control = NON_PRINTABLE.search(text)
    if control:
        return [Issue(file, *line_column(text, control.start()),
                      f"the control character U+{ord(control.group()):04X}, which YAML does not allow in a file",
                      "delete it (it is invisible in most editors; write `\\uXXXX` in a double-quoted string if "
                      "the text needs it)")]
    issues: list[Issue] = []
    if "\t" not in text:
        return issues
    for number, row in enumerate(text.split("\n"), start=1):
        stripped = row.lstrip(" ")
        if stripped.startswith("\t"):
            issues.append(Issue(file, number, len(row) - len(stripped) + 1,
                                "a tab is used for indentation; YAML only allows spaces",
                                "replace the tab with spaces (two per level)"))
    return issues
