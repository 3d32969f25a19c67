"""forked.background: the build works out what its cache keeps while mkdocs runs, so the call must return before
the work ends, and the work's result or exception must reach whoever asks for it."""

from __future__ import annotations

import threading

import pytest

from generators.forked import background


def test_returns_before_the_work_ends_and_gives_its_result() -> None:
    release, seen = threading.Event(), []

    def work() -> str:
        seen.append(release.wait(timeout=30))  # only the caller, after `background` returns, sets it
        return "kept"

    future = background(work)
    release.set()
    assert future.result(timeout=30) == "kept"
    assert seen == [True]


def test_the_works_exception_reaches_the_caller() -> None:
    def work() -> None:
        raise OSError("disk full while pickling the cache")

    with pytest.raises(OSError, match="disk full"):
        background(work).result(timeout=30)
