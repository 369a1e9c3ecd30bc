"""The crawl's WARC archive (``--warc``): the fetcher's exchanges into ``DIR/warc/``.

The fetcher knows nothing of WARC; it shows every HTTP exchange to an observer that has
``on_exchange``. ``ArchivingEvents`` wraps the crawl's own observer, adds that method and
hands each exchange to one writer thread, which builds, gzips and appends the records
(``WarcArchive`` in ``extractor.dataset``): hashing and compressing a page costs milliseconds
that must not be taken from the event loop (zlib and hashlib release the GIL). The thread takes
exchanges in the order they came, so the archive's order is the order of the responses; at
most ``_QUEUED`` wait (a disk slower than the network slows the crawl down instead of filling
memory). A failure to write (disk full) is reported once through ``on_error`` on the event
loop: the crawl stops and fails; the pages already fetched are not lost.

Consistency. A page's line (record, failure, hub) is written only after ``await
archived()``: the thread writes in order, so once a marker handed to it after the page's
exchanges (and its rendered DOM) has run, they are in the file (``os.write`` done), and a
``kill -9`` can no longer leave a record whose response is missing from the archive (a page
whose line was not written is fetched again by the resumed run).
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from .._exceptions import OutputError
from ..dataset import RENDER_INFO, WarcArchive
from ._fetch import Exchange
from ._settings import CrawlSettings

__all__ = ["WARC_FOLDER", "ArchivingEvents", "open_archive"]

#: The archive's folder inside the output directory.
WARC_FOLDER = "warc"
_QUEUED = 256  # exchanges waiting for the writer thread, at most


@contextlib.contextmanager
def open_archive(settings: CrawlSettings) -> Iterator[WarcArchive | None]:
    """The run's archive if ``settings.warc`` (a torn tail left by a killed run is cut)."""
    if not settings.warc:
        yield None
        return
    info = {
        "format": "WARC File Format 1.0",
        "conformsTo": "https://iso.org/standard/68004.html",
        "http-header-user-agent": settings.user_agent,
        "robots": "obey" if settings.respect_robots else "ignore",
        # Tells ``extract`` whether rendered DOMs may follow their responses (see offline).
        RENDER_INFO: settings.render,
        "description": "extractor crawl; payloads stored decoded (see X-Crawler-* headers)",
    }
    archive = WarcArchive(
        settings.output / WARC_FOLDER, max_bytes=settings.warc_max_bytes, info=info
    )
    try:
        yield archive
    finally:
        archive.close()


class ArchivingEvents:
    """The crawl's fetch observer plus ``on_exchange``, which writes to ``archive``.

    Create it on the event loop; ``close()`` waits for the exchanges still queued.
    """

    def __init__(
        self, inner: object, archive: WarcArchive, on_error: Callable[[OutputError], None]
    ) -> None:
        self._inner = inner
        self._archive = archive
        self._on_error = on_error
        self._loop = asyncio.get_running_loop()
        self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="extractor-warc")
        self._room = threading.BoundedSemaphore(_QUEUED)
        self._failed = threading.Event()
        self._failure: OutputError | None = None

    def __getattr__(self, name: str) -> Any:
        # Every other event goes to the crawl's own observer, whatever methods it grows.
        return getattr(self._inner, name)

    def on_exchange(self, exchange: Exchange) -> None:
        if self._failed.is_set():
            return
        self._room.acquire()
        future = self._writer.submit(self._archive.write_exchange, exchange)
        future.add_done_callback(self._written)

    def write_rendered(self, url: str, html: str, *, stopped: str | None = None) -> None:
        """Queue the rendered DOM of the page whose response was archived for ``url``
        (``stopped``: why waiting for it ended)."""
        if self._failed.is_set():
            return
        self._room.acquire()
        future = self._writer.submit(self._archive.write_rendered, url, html, stopped=stopped)
        future.add_done_callback(self._written)

    async def archived(self) -> None:
        """Return once everything queued so far is in the WARC file.

        Raises the archive's ``OutputError`` if it cannot be written: nothing more may be
        said to be archived (the page's line is left for the next run).
        """
        if not self._failed.is_set():
            await asyncio.wrap_future(self._writer.submit(_marker))
        if self._failed.is_set():
            raise self._failure or OutputError("the WARC archive cannot be written")

    def close(self) -> None:
        """Write what is queued, then stop the writer thread."""
        self._writer.shutdown(wait=True)

    def _written(self, future: Future[str]) -> None:  # in the writer thread
        self._room.release()
        error = future.exception()
        if error is None or self._failed.is_set():
            return
        if isinstance(error, OutputError):
            failure = error
        else:  # a bug in the writer must still stop the run, not vanish in a thread
            failure = OutputError(f"the WARC archive failed: {type(error).__name__}: {error}")
        self._failure = failure
        self._failed.set()  # after _failure: archived() reads it once this is set
        with contextlib.suppress(RuntimeError):  # the loop is already closed
            self._loop.call_soon_threadsafe(self._on_error, failure)


def _marker() -> None:
    """Run by the writer thread after everything queued before it (see ``archived``)."""
