"""Problems found in the knowledge base, each pointing at a file, a line and a column, with a fix.

Exception map:
    KBUsageError  - the command was called wrongly (a path that is not a KB); exit code 2.
Data problems are never raised: they are collected as `Issue`s so one run reports all of them.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from ..escape import terminal


class KBUsageError(Exception):
    """Raised when a command is called with arguments that cannot work (not for bad data in kb/)."""


@dataclass(frozen=True, order=True)
class Issue:
    """One problem in one file. Sorting orders issues by file, then line, then column."""

    file: Path
    line: int
    column: int
    message: str
    fix: str = ""

    def where(self) -> str:
        return f"{display_path(self.file)}:{self.line}:{self.column}"

    def __str__(self) -> str:
        text = f"{self.where()}: {printable(self.message)}"
        return f"{text}\n    fix: {printable(self.fix)}" if self.fix else text


def printable(text: str) -> str:
    """Text as a terminal may show it (escape.terminal, the one terminal escape): control and format characters
    that a file name or a record's value could carry are written as \\uXXXX instead of acting on the terminal."""
    return terminal(text)


def display_path(path: Path) -> str:
    """A path relative to the working directory when it lies below it, so messages stay short; printable."""
    try:
        relative = os.path.relpath(path)
    except ValueError:
        return printable(str(path))
    return printable(str(path) if relative.startswith("..") else relative)
