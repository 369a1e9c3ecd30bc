"""Parsing off the event loop: ``parse_page`` on worker processes, awaited like a coroutine.

::

    async with ParsePool(workers=2) as pool:
        record = await pool.parse(body, url=url, content_type=content_type)

The crawl's event loop only fetches; each page's bytes go to a worker process (``_workers``:
forked processes, each with its own pipes, driven by the event loop) and its record comes
back, so fetching never waits for parsing and parsing uses every core. ``workers=0`` parses
in a thread of this process instead (what a crawl of a handful of pages wants: no process to
start), as does a platform without ``fork``. A crawl following links asks for the page's
links too (``parse_with_links``): the same worker reads them, so a page crosses once and the
event loop's process never parses it.

- **Failures stay per page.** The parser's own exception (an ``ExtractionError``, or a bug on
  one page) is raised again here, as ``parse_page`` would raise it in-process. A worker that
  dies (killed, out of memory, a crash in lxml) fails only the page it was parsing, with
  ``ParseWorkerDied`` (transient: the next run tries the page again); the next page starts
  another worker.
- **No orphan**, and no signal of the crawl's is a worker's: see ``_workers``.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable
from types import TracebackType
from typing import Any, Protocol

from .._exceptions import ExtractionError
from .._models import Exercise
from ..parsing import PageLinks, page_links, parse_page
from ._workers import WorkerDied, Workers, can_fork, crossable

__all__ = ["ParsePool", "ParseWorkerDied", "Parser", "default_parse_workers"]


class Parser(Protocol):
    """What the pool runs: ``parse_page``'s signature."""

    def __call__(self, content: bytes, /, *, url: str, content_type: str | None) -> Exercise: ...


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
    the page after them: a small run starts no process; a pool that parses nothing costs
    nothing.
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
        self._in_threads = workers == 0 or not can_fork()  # decided once, not per page
        self._pool: Workers | None = None  # started with the first page parsed on a worker

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

        Cancelling the call leaves the page unparsed (its worker finishes it; the record is
        dropped).
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
        if self._in_threads or self._inline_left > 0:
            self._inline_left -= 1
            return await asyncio.to_thread(function, *arguments)
        if self._pool is None:
            self._pool = Workers(self.workers)
        try:
            return await self._pool.call(function, *arguments)
        except WorkerDied as exc:
            raise ParseWorkerDied(f"the parser's worker process died ({exc})") from None

    async def aclose(self) -> None:
        """Stop the workers (a page still being parsed is abandoned) and wait for them."""
        pool, self._pool = self._pool, None
        if pool is not None:
            await pool.aclose()


def _parse(parser: Parser, body: bytes, url: str, content_type: str | None) -> Exercise:
    """``parser`` in a worker; an exception that cannot cross back whole is described."""
    try:
        return parser(body, url=url, content_type=content_type)
    except Exception as exc:
        raise crossable(exc) from None


def _parse_and_link(
    parser: Parser, body: bytes, url: str, content_type: str | None, robots_header: str | None
) -> tuple[Exercise | Exception, PageLinks]:
    """``parser``'s outcome and ``page_links`` (which never raises) of one page."""
    outcome: Exercise | Exception
    try:
        outcome = parser(body, url=url, content_type=content_type)
    except Exception as exc:  # ExtractionError, or a parser bug on this page only
        outcome = crossable(exc)
    links = page_links(body, url=url, content_type=content_type, robots_header=robots_header)
    return outcome, links
