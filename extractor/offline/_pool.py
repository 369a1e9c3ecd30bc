"""An ordered, bounded map over worker processes.

``ordered_map(function, chunks, workers)`` is ``map`` in order, with at most ``window`` chunks
submitted ahead of the one being yielded: memory stays flat whatever the input's length
(``multiprocessing.Pool.imap`` reads its whole input ahead), and the output's order is the
input's, so the dataset is the same whatever the number of workers.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import TypeVar

__all__ = ["ordered_map"]

In = TypeVar("In")
Out = TypeVar("Out")


def ordered_map(
    function: Callable[[In], Out], items: Iterable[In], *, workers: int, window: int
) -> Iterator[Out]:
    """``function`` over ``items`` on ``workers`` processes, results in input order."""
    # forkserver: workers start from a clean process, not a copy of this one's threads.
    context = multiprocessing.get_context("forkserver")
    executor = ProcessPoolExecutor(max_workers=workers, mp_context=context)
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
