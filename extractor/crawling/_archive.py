"""The crawl's WARC archive (``--warc``): the fetcher's exchanges into ``DIR/warc/``.

The fetcher knows nothing of WARC; it shows every HTTP exchange to an observer that has
``on_exchange``. ``ArchivingEvents`` wraps the crawl's own observer, adds that method and
writes each exchange to a ``WarcArchive`` (``extractor.dataset``). A failure to write the
archive (disk full) is reported once through ``on_error``: the crawl stops and fails, the
page whose exchange it was is not lost.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from typing import Any

from .._exceptions import OutputError
from ..dataset import WarcArchive
from ._fetch import Exchange
from ._settings import CrawlSettings

__all__ = ["WARC_FOLDER", "ArchivingEvents", "open_archive"]

#: The archive's folder inside the output directory.
WARC_FOLDER = "warc"


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
    """The crawl's fetch observer plus ``on_exchange``, which writes to ``archive``."""

    def __init__(
        self, inner: object, archive: WarcArchive, on_error: Callable[[OutputError], None]
    ) -> None:
        self._inner = inner
        self._archive = archive
        self._on_error = on_error
        self._failed = False

    def __getattr__(self, name: str) -> Any:
        # Every other event goes to the crawl's own observer, whatever methods it grows.
        return getattr(self._inner, name)

    def on_exchange(self, exchange: Exchange) -> None:
        if self._failed:
            return
        try:
            self._archive.write_exchange(exchange)
        except OutputError as exc:
            self._failed = True
            self._on_error(exc)
