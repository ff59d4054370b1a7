"""Work on large read-only data in forked processes, one slice of the items each.

Identity matching compares millions of pairs of records in Python, where one
process uses one core. The records, the scorer and the pairs are built once;
forked worker processes inherit them copy-on-write (nothing is pickled on the
way in), each works on slices of the items, and sends back a compact result
(:mod:`numpy` arrays). Where ``fork`` does not exist (Windows), or the work is
small, the slices are worked on in this process, with the same function and
the same results.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

T = TypeVar("T")

#: Items of the smallest work that is shared between processes (below, forking costs more than it saves).
LEAST_SHARED_ITEMS = 10_000
#: Items per slice: small enough that the workers finish together and progress moves, large enough
#: that sending a slice's result back costs little.
SLICE_ITEMS = 10_000

# What the workers inherit: set in the parent before the fork, read by the children.
_work: tuple[Callable[[Any, int, int], Any], Any] | None = None


def _run_slice(bounds: tuple[int, int]) -> Any:
    assert _work is not None
    function, data = _work
    return function(data, *bounds)


def workers_available() -> int:
    """How many processes may work at once: the cores this process may run on, at most 4."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, 4))


def map_slices(function: Callable[[Any, int, int], T], data: Any, items: int, *,
               processes: int | None = None) -> Iterator[tuple[int, T]]:
    """``function(data, start, stop)`` over consecutive slices of ``range(items)``, in order.

    Yields ``(stop - start, result)`` per slice as results come. With more
    than one process (by default :func:`workers_available`), the slices run
    in processes forked from this one, which share ``data`` copy-on-write;
    ``function`` must not change it, and its result must pickle.
    """
    global _work
    processes = workers_available() if processes is None else processes
    bounds = [(start, min(start + SLICE_ITEMS, items)) for start in range(0, items, SLICE_ITEMS)]
    if processes < 2 or items < LEAST_SHARED_ITEMS or "fork" not in multiprocessing.get_all_start_methods():
        for start, stop in bounds:
            yield stop - start, function(data, start, stop)
        return
    _work = (function, data)
    try:
        # objects moved to the permanent generation are not scanned by the children's
        # collector, so it does not touch (and copy) every page the parent holds
        gc.freeze()
        with multiprocessing.get_context("fork").Pool(processes) as pool:
            for (start, stop), result in zip(bounds, pool.imap(_run_slice, bounds), strict=True):
                yield stop - start, result
    finally:
        gc.unfreeze()
        _work = None


@contextmanager
def no_cycle_collection() -> Iterator[None]:
    """Turn off Python's cycle collector for a while.

    Matching holds millions of small objects (records, sets, pairs) that make
    no reference cycles; the collector would walk all of them again and
    again as they are made. Reference counting still frees what is dropped.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
