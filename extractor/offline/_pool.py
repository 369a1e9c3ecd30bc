"""An ordered, bounded map over worker processes.

``ordered_map(function, chunks, workers)`` is ``map`` in order, with at most ``window`` chunks
submitted ahead of the one being yielded: memory stays flat whatever the input's length
(``multiprocessing.Pool.imap`` reads its whole input ahead), and the output's order is the
input's, so the dataset is the same whatever the number of workers.
"""

from __future__ import annotations

import multiprocessing
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import TypeVar

__all__ = ["ordered_map"]

In = TypeVar("In")
Out = TypeVar("Out")


def _context() -> multiprocessing.context.BaseContext:
    """``fork`` from a single-threaded process (fast: nothing imported again, and a script
    without a ``__main__`` guard works); ``forkserver`` when threads run (a thread holding a
    lock at fork time would leave the lock held forever in the child)."""
    if threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("forkserver")


def ordered_map(
    function: Callable[[In], Out], items: Iterable[In], *, workers: int, window: int
) -> Iterator[Out]:
    """``function`` over ``items`` on ``workers`` processes, results in input order."""
    executor = ProcessPoolExecutor(max_workers=workers, mp_context=_context())
    pending: deque[Future[Out]] = deque()
    try:
        for item in items:
            pending.append(executor.submit(function, item))
            if len(pending) >= window:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:
        for future in pending:
            future.cancel()
        executor.shutdown(wait=True, cancel_futures=True)
