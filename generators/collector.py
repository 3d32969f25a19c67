"""When the cyclic garbage collector runs: the KB and the pages made from it hold millions of live objects and
almost no garbage cycles, so its automatic passes rescan them again and again for nothing.

Records, parse trees and rendered text are freed by reference counting; what the collector would find is the odd
cycle a template leaves behind (a macro and the context it closes over).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a KB is loaded, validated and linked.

    Every record keeps its data (and once held its node tree), so a 10,000-record KB holds millions of live objects;
    the collector would rescan them all again and again (about twice the parse time) while finding no garbage
    cycles. Freezing what survived before re-enabling keeps the first collection afterwards from scanning the whole
    new heap once more (another 0.4 s at 10,000).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was_enabled:
            gc.enable()


@contextmanager
def one_young_pass() -> Iterator[None]:
    """Run a block (one page's render) with the collector paused, then one pass over what the block allocated.

    A summary page at catalogue scale allocates millions of objects, and with the KB frozen the collector counts
    almost nothing as long-lived, so it kept running full passes over every value pages share: a quarter of the
    render's CPU. One pass of the youngest generation afterwards still frees the cycles the block left."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.collect(0)
            gc.enable()
