"""Run parts of a step side by side in forked processes (loading a large KB, rendering its pages, checking links).

Rendering reads one large, already-linked KB; forked children inherit it as it is, where any other way of sharing
it would pickle 10,000 records per process. Each part's result comes back pickled, and a part's exception is raised
in the parent. Where fork is unavailable (macOS's default, Windows), the parts run one after another here.
"""

from __future__ import annotations

import functools
import gc
import multiprocessing
import traceback
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from multiprocessing.connection import Connection
from typing import Generic, TypeVar

T = TypeVar("T")
Item = TypeVar("Item")
FORK = "fork" in multiprocessing.get_all_start_methods()


class PartFailed(Exception):
    """A part raised an exception that could not be sent back as it was; carries its traceback as text."""


def _child(part: Callable[[], object], sender: Connection) -> None:
    try:
        result: tuple[bool, object] = (True, part())
    except BaseException as error:  # every failure must reach the parent
        result = (False, error)
    try:
        sender.send(result)
    except Exception:  # the result or the exception did not pickle
        sender.send((False, PartFailed(traceback.format_exc())))
    sender.close()


def run_parts(parts: list[Callable[[], T]]) -> list[T]:
    """Each part's result, in order: the first part runs here while the others run in forked children."""
    if len(parts) < 2 or not FORK:
        return [part() for part in parts]
    children = [Started(part) for part in parts[1:]]
    try:
        first = parts[0]()
        return [first, *(child.result() for child in children)]
    finally:
        for child in children:  # after a failure, those still running are stopped
            child.cancel()


class Started(Generic[T]):
    """A part running in a forked child while this process goes on (`started`); `result()` waits for it."""

    def __init__(self, part: Callable[[], T]) -> None:
        self.part: Callable[[], T] | None = None
        self.child: tuple[multiprocessing.process.BaseProcess, Connection] | None = None
        if not FORK:
            self.part = part  # run by `result()`, in this process
            return
        context = multiprocessing.get_context("fork")
        receiver, sender = context.Pipe(duplex=False)
        process = context.Process(target=_child, args=(part, sender), daemon=True)
        process.start()
        sender.close()
        self.child = (process, receiver)

    def result(self) -> T:
        """The part's result, or its exception raised here; once only."""
        if self.part is not None:
            part, self.part = self.part, None
            return part()
        assert self.child is not None, "result() is asked for once"
        (process, receiver), self.child = self.child, None
        try:
            ok, value = receiver.recv()
        except EOFError:
            process.join()
            raise PartFailed(f"a forked part died without a result (exit code {process.exitcode})") from None
        process.join()
        if not ok:
            assert isinstance(value, BaseException), "a part that failed sends its exception"
            raise value
        return value  # type: ignore[no-any-return]  # what `part` returned, sent back pickled

    def cancel(self) -> None:
        """Stop the part if it is still running (its result is no longer wanted)."""
        if self.child is not None:
            (process, receiver), self.child = self.child, None
            if process.is_alive():
                process.kill()
            process.join()
            receiver.close()
        self.part = None


def started(part: Callable[[], T]) -> Started[T]:
    """`part` running beside this process in a forked child (where fork is available; else run when its result is
    asked for): for a step whose result is needed only later, such as the cross-record rules of a build."""
    return Started(part)


def take_turns(items: Sequence[Item], work: Callable[[Item], T], jobs: int,
               first: Callable[[], object] | None = None) -> list[T]:
    """`work(item)` for every item, in `jobs` processes that each take the next item as soon as they are free
    (one page can cost a hundred times another, so fixed halves finish far apart); `first` runs in one of them
    before it starts taking items. Results in the order of `items`."""
    if jobs < 2 or not FORK:
        if first:
            first()
        return [work(item) for item in items]
    following = multiprocessing.get_context("fork").Value("i", 0)

    def turns(before: Callable[[], object] | None) -> list[tuple[int, T]]:
        if before:
            before()
        done: list[tuple[int, T]] = []
        while True:
            with following.get_lock():
                number = following.value
                following.value += 1
            if number >= len(items):
                return done
            done.append((number, work(items[number])))

    with frozen_for_forks():
        parts = run_parts([functools.partial(turns, first if number == jobs - 1 else None) for number in range(jobs)])
    return [result for _, result in sorted(pair for part in parts for pair in part)]


@contextmanager
def frozen_for_forks() -> Iterator[None]:
    """Freeze every object for a block that forks (`take_turns`): a collection in a child would touch, and so
    copy, every inherited object. Afterwards they are unfrozen only when nothing was frozen before the block: a
    loaded KB (frozen by `collector.collector_paused`) stays frozen. Unfreezing it made every later full
    collection in the build rescan it: the link check of a catalogue-scale build took 0.59 s instead of 0.22 s."""
    was_frozen = gc.get_freeze_count() > 0
    gc.freeze()
    try:
        yield
    finally:
        if not was_frozen:
            gc.unfreeze()
