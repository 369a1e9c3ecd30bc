"""Parsing off the event loop: ``parse_page`` on worker processes, awaited like a coroutine.

::

    async with ParsePool(workers=2) as pool:
        record = await pool.parse(body, url=url, content_type=content_type)

The crawl's event loop only fetches; each page's bytes go to a worker process (pebble's
``ProcessPool``) and its record comes back, so fetching never waits for parsing and parsing
uses every core. ``workers=0`` parses in a thread of this process instead (what a crawl of a
handful of pages wants: no process to start). A crawl following links asks for the page's
links too (``parse_with_links``): the same worker reads them, so a page crosses once and the
event loop's process never parses it.

- **Failures stay per page.** The parser's own exception (an ``ExtractionError``, or a bug on
  one page) is raised again here, as ``parse_page`` would raise it in-process. A worker that
  dies (killed, out of memory, a crash in lxml) fails only the page it was parsing, with
  ``ParseWorkerDied`` (transient: the next run tries the page again); pebble starts another.
- **No orphan.** Workers ignore SIGINT (pebble: a Ctrl-C on the terminal is the crawl's to
  handle, pages in flight finish) and are stopped by ``aclose``; each also asks the kernel for
  SIGKILL when the process that started it dies (``PR_SET_PDEATHSIG``), so a crawl killed with
  SIGKILL leaves no worker behind.
- **Workers are forked** (where the platform can): they start at once with the parser
  already imported. Spawned workers would import the caller's ``__main__`` again, so a
  script calling ``extractor.crawl()`` without an ``if __name__ == "__main__"`` guard would
  hang; a forked worker only ever runs the parser, holding none of the locks other threads
  of the crawl may hold (pebble ignores SIGINT in it and exits on SIGTERM).
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import multiprocessing
import os
import pickle
import signal
import sys
from collections.abc import Callable
from types import TracebackType
from typing import Any, Protocol

from .._exceptions import ExtractionError
from .._models import Exercise
from ..parsing import PageLinks, page_links, parse_page

__all__ = ["ParsePool", "ParseWorkerDied", "Parser", "default_parse_workers"]


class Parser(Protocol):
    """What the pool runs: ``parse_page``'s signature."""

    def __call__(self, content: bytes, /, *, url: str, content_type: str | None) -> Exercise: ...


_PR_SET_PDEATHSIG = 1  # <linux/prctl.h>
_START_METHOD = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"


class ParseWorkerDied(ExtractionError):
    """The worker process parsing this page died (killed, out of memory, a crash)."""

    transient = True


def default_parse_workers() -> int:
    """One worker per core this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


class ParsePool:
    """``parse_page`` on ``workers`` processes (0: in a thread here); see the module docstring.

    The first ``inline_first`` pages are parsed in a thread here, and the processes start with
    the page after them: a small run starts no process (and none of pebble's three threads); a
    pool that parses nothing costs nothing.
    """

    def __init__(
        self, workers: int, *, inline_first: int = 0, parser: Parser | None = None
    ) -> None:
        if workers < 0 or inline_first < 0:
            raise ValueError("workers and inline_first must be >= 0")
        self.workers = workers
        # parse_page unless told; a module-level function: workers import it by name.
        self._parser: Parser = parser or parse_page
        self._inline_left = inline_first
        self._pool: Any = None  # pebble.ProcessPool, imported only when a worker is wanted

    async def __aenter__(self) -> ParsePool:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def parse(self, body: bytes, *, url: str, content_type: str | None) -> Exercise:
        """The record of one page, or the parser's exception for it (see the module docstring).

        Cancelling the call stops its worker (pebble replaces it): the page is left unparsed.
        """
        record: Exercise = await self._run(_parse, self._parser, body, url, content_type)
        return record

    async def parse_with_links(
        self, body: bytes, *, url: str, content_type: str | None, robots_header: str | None
    ) -> tuple[Exercise | Exception, PageLinks | None]:
        """The page's record (or the parser's exception for it) and its links, both read by
        the same worker: the page crosses to a worker once, and the event loop's process
        does not parse it a second time for its links. The links are None when the worker
        died (the page fails, transient)."""
        arguments = (self._parser, body, url, content_type, robots_header)
        try:
            outcome: tuple[Exercise | Exception, PageLinks] = await self._run(
                _parse_and_link, *arguments
            )
        except ParseWorkerDied as died:
            return died, None
        return outcome

    async def _run(self, function: Callable[..., Any], *arguments: Any) -> Any:
        """``function(*arguments)`` in a worker (or a thread here, see ``inline_first``); a
        worker that dies under it is ``ParseWorkerDied``."""
        if self.workers == 0 or self._inline_left > 0:
            self._inline_left -= 1
            return await asyncio.to_thread(function, *arguments)
        future = self._started().schedule(function, args=arguments)
        try:
            return await asyncio.wrap_future(future)
        except Exception as exc:
            from pebble import ProcessExpired

            if isinstance(exc, ProcessExpired):
                raise ParseWorkerDied(f"the parser's worker process died ({exc})") from None
            raise

    def _started(self) -> Any:
        if self._pool is None:
            from pebble import ProcessPool  # only a crawl that parses on workers needs it

            self._pool = ProcessPool(
                max_workers=self.workers,
                context=multiprocessing.get_context(_START_METHOD),
                initializer=_init_worker,
                initargs=(os.getpid(),),
            )
        return self._pool

    async def aclose(self) -> None:
        """Stop the workers (a page still being parsed is abandoned) and wait for them."""
        pool, self._pool = self._pool, None
        if pool is not None:
            pool.stop()
            await asyncio.to_thread(pool.join)


def _init_worker(parent: int) -> None:
    """In each worker: forget the crawl's signal wake-up pipe; die with the process that
    started it, even by SIGKILL (Linux)."""
    # A forked worker inherits the event loop's wake-up fd: every signal it gets (pebble's
    # SIGTERM when the pool stops) would also be written there and read by the crawl's loop
    # as its own, stopping the crawl.
    with contextlib.suppress(ValueError):  # not the main thread (cannot happen here)
        signal.set_wakeup_fd(-1)
    if sys.platform != "linux":
        return
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # it died before the request was made
        os._exit(1)


def _parse(parser: Parser, body: bytes, url: str, content_type: str | None) -> Exercise:
    """``parser`` in a worker; an exception that cannot cross back whole is described."""
    try:
        return parser(body, url=url, content_type=content_type)
    except Exception as exc:
        raise _crossable(exc) from None


def _parse_and_link(
    parser: Parser, body: bytes, url: str, content_type: str | None, robots_header: str | None
) -> tuple[Exercise | Exception, PageLinks]:
    """``parser``'s outcome and ``page_links`` (which never raises) of one page."""
    outcome: Exercise | Exception
    try:
        outcome = parser(body, url=url, content_type=content_type)
    except Exception as exc:  # ExtractionError, or a parser bug on this page only
        outcome = _crossable(exc)
    links = page_links(body, url=url, content_type=content_type, robots_header=robots_header)
    return outcome, links


def _crossable(exc: Exception) -> Exception:
    """``exc``, or a description of it when pickle cannot rebuild it in the crawl's process
    (a parser bug raising such an exception)."""
    try:
        pickle.loads(pickle.dumps(exc))
    except Exception:
        return RuntimeError(f"{type(exc).__name__}: {exc}")
    return exc
