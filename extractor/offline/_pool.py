"""An ordered, bounded map over worker processes.

``OrderedPool(workers).map(function, items, window=...)`` is ``map`` in order, with at most
``window`` items submitted ahead of the one being yielded: memory stays flat whatever the
input's length (``multiprocessing.Pool.imap`` reads its whole input ahead), and the output's
order is the input's, so the dataset is the same whatever the number of workers.

The workers are started when the pool is entered: enter it before opening files or taking
locks, so that forked workers inherit none of them (a worker outliving a killed parent must
not hold the output directory's lock). On Linux each worker also dies with its parent.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import signal
import sys
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from types import TracebackType
from typing import Self, TypeVar

__all__ = ["OrderedPool"]

In = TypeVar("In")
Out = TypeVar("Out")
_PR_SET_PDEATHSIG = 1


class OrderedPool:
    """``workers`` processes; ``map`` keeps the input's order."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self._executor = ProcessPoolExecutor(
            max_workers=workers, mp_context=_context(), initializer=_die_with_parent
        )
        # Start every worker now (before the caller opens anything they could inherit).
        for future in [self._executor.submit(_ready) for _ in range(workers)]:
            future.result()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._executor.shutdown(wait=True, cancel_futures=True)

    def map(
        self, function: Callable[[In], Out], items: Iterable[In], *, window: int
    ) -> Iterator[Out]:
        """``function`` over ``items`` on the workers, results in input order."""
        pending: deque[Future[Out]] = deque()
        try:
            for item in items:
                pending.append(self._executor.submit(function, item))
                if len(pending) >= window:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()
        finally:
            for future in pending:
                future.cancel()


def _context() -> multiprocessing.context.BaseContext:
    """``fork`` from a single-threaded process (fast: nothing imported again, and a script
    without a ``__main__`` guard works); ``forkserver`` when threads run (a thread holding a
    lock at fork time would leave the lock held forever in the child)."""
    if threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("forkserver")


def _ready() -> None:
    """A no-op: its result says a worker is up."""


def _die_with_parent() -> None:
    """Linux: SIGKILL this worker when its parent dies (a killed run leaves no orphans)."""
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
        except (OSError, AttributeError):  # no prctl: workers still end when the pipe closes
            pass
