"""When the cyclic collector runs (generators/collector.py): paused for a block, and what the block leaves freed."""

from __future__ import annotations

import gc
import weakref

from generators import forked
from generators.collector import collector_paused, one_young_pass


class Node:
    def __init__(self) -> None:
        self.me = self  # a cycle: reference counting alone never frees it


def test_a_cycle_left_by_a_page_is_freed_when_the_page_is_done() -> None:
    gc.enable()
    with one_young_pass():
        assert not gc.isenabled()
        left = weakref.ref(Node())
        assert left() is not None  # nothing collects while the page renders
    assert gc.isenabled()
    assert left() is None


def test_with_the_collector_off_before_a_page_it_stays_off_and_collects_nothing() -> None:
    gc.disable()
    try:
        with one_young_pass():
            left = weakref.ref(Node())
        assert not gc.isenabled()
        assert left() is not None
    finally:
        gc.enable()
        gc.collect()


def test_what_survives_a_paused_load_is_frozen_and_the_collector_is_back_on() -> None:
    gc.enable()
    before = gc.get_freeze_count()
    try:
        with collector_paused():
            assert not gc.isenabled()
            kept = [Node() for _ in range(100)]
        assert gc.isenabled()
        assert gc.get_freeze_count() >= before + len(kept)
    finally:
        gc.unfreeze()


def test_a_frozen_kb_stays_frozen_after_the_pages_are_forked() -> None:
    """take_turns freezes every object so its children copy none; a KB frozen before (collector_paused) must stay
    frozen after, or every later full collection of the build rescans it."""
    gc.enable()
    gc.unfreeze()
    try:
        with collector_paused():
            kb = [Node() for _ in range(100)]
        assert not any(tracked is kb for tracked in gc.get_objects())  # frozen: no generation the collector scans
        assert forked.take_turns(list(range(4)), lambda item: item * 2, 2) == [0, 2, 4, 6]
        assert not any(tracked is kb for tracked in gc.get_objects())
    finally:
        gc.unfreeze()


def test_with_nothing_frozen_before_the_pages_are_forked_nothing_stays_frozen() -> None:
    gc.enable()
    gc.unfreeze()
    kept = [Node() for _ in range(100)]
    assert forked.take_turns(list(range(4)), lambda item: item * 2, 2) == [0, 2, 4, 6]
    assert gc.get_freeze_count() == 0
    assert any(tracked is kept for tracked in gc.get_objects())
