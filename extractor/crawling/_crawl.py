"""The crawl pipeline: a streamed frontier -> ``Fetcher`` -> ``parse_page`` -> ``DatasetWriter``.

::

    summary = extractor.crawl(["https://example.org/en/exercise/1a2b-squat"], output="out", rate=1)
    summary = await Crawler(CrawlSettings(...)).run(urls, sitemaps=["https://example.org/sitemap.xml"])

How a run goes:

- **Frontier.** URLs come from an iterable or async iterable (a list, a file or stdin read
  lazily in a thread, a generator) and then from sitemaps (``iter_sitemap_urls``, plus the
  ``Sitemap:`` lines of those hosts' robots.txt). Each URL is normalised and de-duplicated
  (a set of normalised URLs), listed URLs are filtered by ``settings.include``, and URLs an
  earlier run settled are skipped (resume). The rest wait in bounded per-host queues
  (``HostQueues``) for ``concurrency`` workers: memory does not grow with the number of URLs
  beyond that set.
- **Fairness between hosts.** A worker takes a URL of a host that is ready (a rate-limited
  host has at most one URL waiting for its turn), the least busy host first, so a slow or
  rate-limited host does not hold every worker while other hosts' URLs wait.
- **Following links** (``settings.follow``): start URLs and sitemap pages seed a frontier kept
  on disk (``_discovery``: scope, trap budgets, the SQLite store); every fetched page's links
  are queued, and the parser decides what a page is. A page refused as not an exercise is a
  hub: a line of ``pages.jsonl``, not a failure.
- **Every URL ends as a record or a failure** (or, following links, a ``pages.jsonl`` line).
  A fetch error, a parse error (not an exercise
  page, binary, ...) or an unexpected exception becomes a line of ``failures.jsonl`` with its
  stage, error type, reason, HTTP status and attempts. A record whose identity (``source_id``,
  ``language``) was already written (another URL of the same exercise in the same language) is
  counted as a duplicate, not written twice.
- **Rendering.** With ``settings.render`` (``auto``: a record with unloaded sections or an
  ``UnrenderedPage``; ``always``: every HTML page), the page goes on to ``extractor.rendering``
  (a headless browser whose every request is fetched by this run's ``Fetcher``) and its DOM is
  parsed again; a browser that keeps crashing fails the page at stage ``render``.
- **Archive** (``settings.warc``): every HTTP exchange, and a rendered page's DOM (a
  ``conversion`` record referring to its response), go to the WARC writer thread; a page's
  line is written only once they are in the file (``ArchivingEvents.archived``).
- **Resume.** ``DatasetWriter(output, resume=settings.resume)`` repairs a torn last line and
  says which URLs have a record or a permanent failure; those are skipped, transient failures
  are tried again.
- **Stop.** ``request_stop()`` (the first SIGINT or SIGTERM) stops taking URLs, lets pages in
  flight finish for up to ``stop_grace`` seconds (the rest are left for the next run), writes
  the manifest with ``"interrupted": true``. ``abort()`` (a second SIGINT) cancels pages in flight
  at once; the manifest is still written.
- **Manifest.** Counts, settings, versions, schema version, start/end, completed or interrupted.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import signal
import threading
import time
from collections import Counter
from collections.abc import (
    AsyncIterable,
    AsyncIterator,
    Collection,
    Iterable,
    Mapping,
    Sequence,
)
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, Literal, cast

from .._exceptions import ExtractionError, FetchError, OutputError, RenderError, RobotsDisallowed
from .._models import SCHEMA_VERSION, Exercise, Failure
from ..dataset import (
    DatasetWriter,
    ResumeState,
    iso_utc,
    library_versions,
    record_identity,
    utc_now,
)
from ..parsing import PageLinks, merge_links, normalise_url, page_links
from ._archive import ArchivingEvents, open_archive
from ._discovery import Discovery, page_kind
from ._frontier import HostQueues
from ._parse_pool import ParsePool, default_parse_workers
from ._recrawl import Recrawl
from ._rendered import open_renderer
from ._reporter import CrawlSummary, Reporter
from ._settings import CrawlSettings
from ._sitemap import iter_sitemap_urls

if TYPE_CHECKING:
    import httpx

    from ..dataset import WarcArchive
    from ..rendering import Renderer
    from ._fetch import Fetcher, FetchEvents, FetchResult

__all__ = ["CrawlSummary", "Crawler", "crawl"]

#: Seconds pages in flight may take to finish after a graceful stop was requested.
DEFAULT_STOP_GRACE = 10.0

#: URLs queued (per worker) beyond those in progress: the look-ahead that lets workers pick
#: another host's URL while one host is busy. 32 x 64 workers is ~2,000 URLs, ~0.3 MB.
_LOOKAHEAD_PER_WORKER = 32
#: With the default ``parse_workers``, pages parsed in this process before the workers start.
_INLINE_PAGES = 32
_MANIFEST_URLS = 100  # longer URL lists are summarised in the manifest
_INVISIBLE = "\ufeff\u200b\u200c\u200d\u2060"  # BOM, zero-width space/joiners, word joiner


def crawl(
    urls: Iterable[str] | AsyncIterable[str] = (),
    *,
    sitemaps: Sequence[str] = (),
    reporter: Reporter | None = None,
    **settings: Any,
) -> CrawlSummary:
    """Crawl ``urls`` and ``sitemaps`` with ``CrawlSettings(**settings)``; blocks until done.

    A thin synchronous wrapper over ``Crawler(...).run(...)`` (it runs its own event loop, so
    call it from synchronous code). Raises ``pydantic.ValidationError`` for bad settings and
    ``OutputError`` when the dataset cannot be written.
    """
    crawler = Crawler(CrawlSettings(**settings), reporter=reporter)
    return asyncio.run(crawler.run(urls, sitemaps=sitemaps))


@dataclass
class _Counts:
    """Mutable tallies of a run (only the event loop thread touches them)."""

    records: int = 0
    duplicates: int = 0
    skipped_resume: int = 0
    excluded: int = 0
    retries: int = 0
    queued: int = 0
    settled: int = 0
    processed: int = 0  # queued URLs that ended as a record, a duplicate or a failure
    failure_types: Counter[str] = field(default_factory=Counter)
    page_kinds: Counter[str] = field(default_factory=Counter)  # pages.jsonl lines (--follow)

    @property
    def failures(self) -> int:
        return sum(self.failure_types.values())

    @property
    def pending(self) -> int:
        """Queued URLs not settled: still queued, in flight when stopped, or being queued."""
        return self.queued - self.processed


class Crawler:
    """Crawls URLs into ``settings.output``; see the module docstring.

    ``transport`` replaces httpx's network transport (tests); ``reporter`` observes progress;
    ``handle_signals`` installs SIGINT/SIGTERM handlers while running (main thread only);
    ``stop_grace`` bounds the wait for pages in flight after a stop request; ``arguments``
    are recorded in the manifest beside the settings (the CLI records its URL sources).
    """

    def __init__(
        self,
        settings: CrawlSettings,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        reporter: Reporter | None = None,
        handle_signals: bool = True,
        stop_grace: float = DEFAULT_STOP_GRACE,
        arguments: Mapping[str, Any] | None = None,
    ) -> None:
        self.settings = settings
        self.arguments = dict(arguments or {})
        self.reporter = reporter if reporter is not None else Reporter()
        self._transport = transport
        self._handle_signals = handle_signals
        self._stop_grace = stop_grace
        self._include = re.compile(settings.include)
        self._stop = asyncio.Event()
        self._abort = asyncio.Event()
        self._stop_reason: str | None = None
        self._counts = _Counts()
        self._seen: set[str] = set()
        # The identity (source_id, language) of every record, or its normalised URL.
        self._written: set[tuple[str, str | None] | str] = set()
        self._frontier: HostQueues | None = None  # while crawling
        self._renderer: Renderer | None = None  # while crawling, unless render="never"
        self._parser = _parse_pool(settings.parse_workers)
        # Fetched pages waiting to be parsed and written (beyond those being fetched): the
        # fetch slots go on fetching while these wait for the parser, within this bound.
        self._finish_slots = asyncio.Semaphore(settings.concurrency)
        self._discovery: Discovery | None = None  # while crawling with settings.follow
        self._recrawl: Recrawl | None = None  # fetch facts; the earlier dataset (--since)
        self._ran = False
        self.archive: WarcArchive | None = None
        """The run's WARC archive while it runs (``settings.warc``); written by its thread."""
        self._archive_error: OutputError | None = None
        self._archiving: ArchivingEvents | None = None  # the archive's writer thread, if any

    # -- control ---------------------------------------------------------------------------

    def request_stop(self, reason: str = "stop requested") -> None:
        """Stop taking URLs; pages in flight finish (up to ``stop_grace`` s). Loop thread only."""
        if self._stop.is_set():
            return
        self._stop_reason = reason
        self._stop.set()
        self.reporter.on_stopping(reason)

    def abort(self) -> None:
        """Stop now: pages in flight are cancelled and left for the next run."""
        self.request_stop("abort requested")
        self._abort.set()

    def _on_signal(self, signum: int) -> None:
        if self._stop.is_set():
            self.abort()
        else:
            self.request_stop(f"received {signal.Signals(signum).name}")

    # -- the run ---------------------------------------------------------------------------

    async def run(
        self,
        urls: Iterable[str] | AsyncIterable[str] = (),
        *,
        sitemaps: Sequence[str] = (),
    ) -> CrawlSummary:
        """Crawl ``urls`` then the page URLs of ``sitemaps``; write the dataset; summarise.

        Raises ``OutputError`` if the dataset cannot be written (nothing more can be saved)
        and re-raises an exception from the URL source (e.g. an unreadable ``--urls`` file).
        """
        if self._ran:
            raise RuntimeError("a Crawler runs once; create a new one for another run")
        self._ran = True
        try:
            summary = await self._run(urls, sitemaps)
        except BaseException as exc:
            self.reporter.on_error(exc)
            raise
        self.reporter.on_finish(summary)
        return summary

    async def _run(
        self, urls: Iterable[str] | AsyncIterable[str], sitemaps: Sequence[str]
    ) -> CrawlSummary:
        # Imported here, not at the top: `import extractor` to parse pages stays free of
        # the HTTP stack (httpx, tenacity, protego, aiolimiter).
        from ._fetch import Fetcher

        started, clock = utc_now(), time.monotonic()
        settings = self.settings
        previous = Recrawl.open_previous(settings.since)  # before the output is touched
        with (
            DatasetWriter(settings.output, resume=settings.resume) as writer,
            Recrawl(writer, previous) as self._recrawl,
            contextlib.ExitStack() as closing,
            open_archive(settings) as self.archive,
        ):
            resume = writer.resume_state
            self._written = {*resume.done_identities, *resume.done_urls}
            self.reporter.on_start(settings, resumed_records=resume.records)
            if settings.follow:
                discovery = Discovery(settings, retry=resume.transient_urls)
                self._discovery = closing.enter_context(contextlib.closing(discovery))
            try:
                with self._signals_handled():
                    events = self._fetch_events()
                    try:
                        async with (
                            Fetcher(settings, transport=self._transport, events=events) as fetcher,
                            open_renderer(
                                settings,
                                fetcher,
                                on_warning=self.reporter.on_warning,
                                on_retry=events.on_retry,
                            ) as self._renderer,
                            self._parser,
                        ):
                            await self._crawl(fetcher, writer, urls, sitemaps)
                    finally:
                        if isinstance(events, ArchivingEvents):
                            await asyncio.to_thread(events.close)  # what is queued is written
                if self._archive_error is not None:
                    raise self._archive_error
            except Exception as exc:
                # Fatal (the disk filled up, the URL list became unreadable): what was
                # written stays, and the manifest says why the run stopped.
                summary = self._summary(started, clock, resume)
                manifest = self._manifest(summary, resume, urls, sitemaps)
                manifest.update(status="failed", completed=False, interrupted=False)
                manifest["error"] = {"type": type(exc).__name__, "reason": str(exc)}
                self._describe_archive(manifest)
                with contextlib.suppress(ExtractionError):  # the disk may refuse this too
                    writer.write_manifest(manifest)
                raise
            summary = self._summary(started, clock, resume)
            manifest = self._manifest(summary, resume, urls, sitemaps)
            writer.write_manifest(self._describe_archive(manifest))
            if settings.output_format == "json":
                writer.write_json_array()
        return summary

    def _fetch_events(self) -> FetchEvents:
        """The fetcher's observer; with an archive, every HTTP exchange is written to it."""
        events = _FetchEvents(self)
        if self.archive is None:
            return events
        self._archiving = ArchivingEvents(events, self.archive, self._on_archive_error)
        return cast("FetchEvents", self._archiving)

    async def _archived(self) -> None:
        """With ``--warc``, wait until the page's exchanges are in the archive: a page's line
        is written after them, so a killed run never leaves a record without its response."""
        if self._archiving is not None:
            await self._archiving.archived()

    def _on_archive_error(self, exc: OutputError) -> None:
        """The archive cannot be written (disk full): stop, and fail the run at its end."""
        self._archive_error = exc
        self.request_stop(f"the WARC archive cannot be written: {exc}")

    def _describe_archive(self, manifest: dict[str, Any]) -> dict[str, Any]:
        if self.archive is not None:
            manifest["warc"] = self.archive.summary()
        return manifest

    async def _crawl(
        self,
        fetcher: Fetcher,
        writer: DatasetWriter,
        urls: Iterable[str] | AsyncIterable[str],
        sitemaps: Sequence[str],
    ) -> None:
        concurrency = self.settings.concurrency
        frontier = self._frontier = HostQueues(
            _LOOKAHEAD_PER_WORKER * concurrency,
            rate_limited=lambda origin: fetcher.interval(origin) > 0,
        )
        producer = asyncio.create_task(self._produce(frontier, fetcher, writer, urls, sitemaps))
        workers = [
            asyncio.create_task(self._work(frontier, fetcher, writer)) for _ in range(concurrency)
        ]
        try:
            await self._supervise(frontier, producer, workers)
        finally:
            for task in [producer, *workers]:
                task.cancel()
            await asyncio.gather(producer, *workers, return_exceptions=True)
            self._frontier = None

    async def _supervise(
        self,
        frontier: HostQueues,
        producer: asyncio.Task[None],
        workers: list[asyncio.Task[None]],
    ) -> None:
        """Wait for the workers to drain the frontier, or for a stop request."""
        stop = asyncio.create_task(self._stop.wait())
        try:
            watched: set[asyncio.Task[Any]] = {producer, *workers}
            while any(not task.done() for task in workers):
                done, _ = await asyncio.wait(
                    {t for t in watched if not t.done()} | {stop},
                    return_when=asyncio.FIRST_COMPLETED,
                )
                _raise_first_error(done - {stop})
                if stop in done:
                    await self._wind_down(frontier, producer, workers)
                    # An error met while finishing (the disk filled up) is still fatal.
                    _raise_first_error(workers)
                    return
        finally:
            stop.cancel()

    async def _wind_down(
        self,
        frontier: HostQueues,
        producer: asyncio.Task[None],
        workers: list[asyncio.Task[None]],
    ) -> None:
        """Graceful stop: no new URLs; pages in flight get ``stop_grace`` s unless aborted."""
        producer.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await producer
        frontier.clear()  # what is still queued is left for the next run
        abort = asyncio.create_task(self._abort.wait())
        deadline = time.monotonic() + self._stop_grace
        try:
            while (busy := [w for w in workers if not w.done()]) and not abort.done():
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                await asyncio.wait({*busy, abort}, timeout=left, return_when="FIRST_COMPLETED")
        finally:
            abort.cancel()
        for worker in workers:  # pages still in flight are left for the next run
            worker.cancel()

    # -- frontier --------------------------------------------------------------------------

    async def _produce(
        self,
        frontier: HostQueues,
        fetcher: Fetcher,
        writer: DatasetWriter,
        urls: Iterable[str] | AsyncIterable[str],
        sitemaps: Sequence[str],
    ) -> None:
        if self._discovery is not None:
            await self._produce_followed(self._discovery, frontier, fetcher, writer, urls, sitemaps)
            return
        async for url in _aiter(urls):
            await self._offer(frontier, writer, url, check_include=True)
        if sitemaps:
            async for url in self._sitemap_urls(fetcher, writer, sitemaps):
                # iter_sitemap_urls already applied settings.include.
                await self._offer(frontier, writer, url, check_include=False)
        for url in self._tracker.revisit():  # --since: the earlier dataset's pages, once each
            await self._offer(frontier, writer, url, check_include=False)
        self.reporter.on_frontier_done()
        frontier.close()

    async def _offer(
        self,
        frontier: HostQueues,
        writer: DatasetWriter,
        raw_url: str,
        *,
        check_include: bool,
    ) -> None:
        # A BOM in mid-list (files concatenated) or stray zero-width characters are not
        # part of any URL but would make it unusable.
        raw_url = raw_url.strip().strip(_INVISIBLE).strip()
        if not raw_url or raw_url.startswith("#"):
            return
        try:
            url = normalise_url(raw_url)
        except ValueError as exc:  # e.g. a port out of range: listed, never fetched
            invalid = FetchError(f"invalid URL: {exc}", attempts=0)
            self._fail(writer, raw_url, "fetch", invalid, attempts=0)
            return
        if url in self._seen:
            return
        self._seen.add(url)
        if check_include and not self._include.search(url):
            self._counts.excluded += 1
            self.reporter.on_skipped(url, f"does not match --include {self.settings.include!r}")
            return
        if writer.resume_state.should_skip(url):
            self._counts.skipped_resume += 1
            self.reporter.on_skipped(url, "done in an earlier run")
            return
        self._counts.queued += 1
        self.reporter.on_queued(url)
        await frontier.put(url)

    async def _produce_followed(
        self,
        discovery: Discovery,
        frontier: HostQueues,
        fetcher: Fetcher,
        writer: DatasetWriter,
        urls: Iterable[str] | AsyncIterable[str],
        sitemaps: Sequence[str],
    ) -> None:
        """Seed the on-disk frontier (start URLs, then sitemap pages), then feed the workers."""
        async for raw_url in _aiter(urls):
            if (url := self._start_url(writer, raw_url)) is not None:
                discovery.seed(url)
        for sitemap in sitemaps:
            with contextlib.suppress(ValueError):
                discovery.scope.add_host(normalise_url(sitemap))
        if sitemaps:
            async for url in self._sitemap_urls(fetcher, writer, sitemaps, include=_ANY):
                discovery.seed(url)

        def skip(url: str) -> bool:
            if writer.resume_state.should_skip(url):
                self._counts.skipped_resume += 1
                self.reporter.on_skipped(url, "done in an earlier run")
                return True
            return False

        async def queue(url: str) -> None:
            self._counts.queued += 1
            self.reporter.on_queued(url)
            await frontier.put(url)

        await discovery.feed(queue, skip)
        self.reporter.on_frontier_done()
        frontier.close()

    def _start_url(self, writer: DatasetWriter, raw_url: str) -> str | None:
        """A listed URL, cleaned and normalised; an invalid one is listed as a failure."""
        raw_url = raw_url.strip().strip(_INVISIBLE).strip()
        if not raw_url or raw_url.startswith("#"):
            return None
        try:
            return normalise_url(raw_url)
        except ValueError as exc:  # e.g. a port out of range: listed, never fetched
            invalid = FetchError(f"invalid URL: {exc}", attempts=0)
            self._fail(writer, raw_url, "fetch", invalid, attempts=0)
            return None

    async def _sitemap_urls(
        self,
        fetcher: Fetcher,
        writer: DatasetWriter,
        sitemaps: Sequence[str],
        include: re.Pattern[str] | None = None,
    ) -> AsyncIterator[str]:
        def unreadable(sitemap_url: str, message: str) -> None:
            # Listed so the run shows it; transient because every run reads sitemaps again.
            failure = self._failure(sitemap_url, "fetch", "SitemapError", message, transient=True)
            self._record_failure(writer, failure)

        roots: dict[str, None] = {}
        for given in sitemaps:
            try:
                roots[normalise_url(given)] = None
            except ValueError as exc:
                unreadable(given, f"invalid URL: {exc}")
        # The hosts' robots.txt may name more sitemaps (their `Sitemap:` lines).
        for given in list(roots):
            with contextlib.suppress(ExtractionError):  # unreadable: the sitemap fetch says why
                for listed in await fetcher.robots_sitemaps(given):
                    with contextlib.suppress(ValueError):  # a malformed line is not our input
                        roots[normalise_url(listed)] = None

        wanted = include or self._include
        async for url in iter_sitemap_urls(fetcher, roots, wanted, on_warning=unreadable):
            yield url

    # -- one page --------------------------------------------------------------------------

    async def _work(self, frontier: HostQueues, fetcher: Fetcher, writer: DatasetWriter) -> None:
        """One fetch slot: fetches a URL, hands the page over to be parsed and written, and
        takes the next URL at once; done when its pages are (errors are raised here)."""
        finishing: set[asyncio.Task[None]] = set()

        def forget(task: asyncio.Task[None]) -> None:  # a failed one stays, to be raised here
            if task.cancelled() or task.exception() is None:
                finishing.discard(task)

        try:
            while (url := await frontier.take()) is not None:
                _raise_first_error(list(finishing))
                try:
                    fetched = await self._fetch(url, fetcher, writer)
                finally:
                    frontier.done(url)
                if fetched is None:
                    self._settled(url)
                    continue
                # Parsing never holds a fetch slot: at concurrency 16 a slot waiting for its
                # page's parse fetched 200 pages/s where 320 was possible (50 ms pages).
                await self._finish_slots.acquire()
                task = asyncio.create_task(self._finish(url, *fetched, writer))
                finishing.add(task)
                task.add_done_callback(forget)
            if finishing:
                await asyncio.wait(finishing)
                _raise_first_error(finishing)
        finally:
            for task in finishing:
                task.cancel()
            if finishing:
                await asyncio.gather(*finishing, return_exceptions=True)

    def _settled(self, url: str) -> None:
        if self._discovery is not None:
            self._discovery.abandon(url)  # a no-op once settled
        self._counts.processed += 1

    async def _fetch(
        self, url: str, fetcher: Fetcher, writer: DatasetWriter
    ) -> tuple[FetchResult, float] | None:
        """The page fetched, and when its fetch began; None when the URL ended here."""
        clock, tracker = time.monotonic(), self._tracker
        if self._discovery is not None and self._discovery.refusal(url) is not None:
            return None  # a trap budget is spent: cut (counted in the summary), never fetched
        try:
            result = await fetcher.fetch_page(url, validators=tracker.validators(url))
        except FetchError as exc:
            await self._archived()
            tracker.failed(url, exc)
            self._fail(writer, url, _stage(exc), exc, status=exc.status, attempts=exc.attempts)
            self._settle_discovered(url, record=False)
            return None
        except Exception as exc:
            # A fault the fetcher did not translate (a bug): listed, tried again on resume,
            # and the other pages go on.
            await self._archived()
            tracker.failed(url, exc)
            self._fail(writer, url, "fetch", exc, transient=True)
            self._settle_discovered(url, record=False)
            return None
        if result.not_modified and (kept := tracker.unchanged(url, result)) is not None:
            earlier, facts = kept  # --since: the earlier record is current; nothing to parse
            await self._archived()
            tracker.kept(facts, written=self._keep(writer, url, earlier, time.monotonic() - clock))
            return None
        return result, clock

    async def _finish(
        self, url: str, result: FetchResult, clock: float, writer: DatasetWriter
    ) -> None:
        """Parse (render if needed) and write a fetched page; frees its place when done."""
        try:
            await self._parse_and_write(url, result, clock, writer)
        finally:
            self._finish_slots.release()
            self._settled(url)

    async def _parse_and_write(
        self, url: str, result: FetchResult, clock: float, writer: DatasetWriter
    ) -> None:
        tracker = self._tracker
        record: Exercise | Exception
        links: PageLinks | None = None
        try:
            if self._discovery is not None:  # the links too, read by the same worker
                record, links = await self._parser.parse_with_links(
                    result.body,
                    url=result.final_url,
                    content_type=result.content_type,
                    robots_header=result.robots_tag,
                )
            else:
                record = await self._parser.parse(
                    result.body, url=result.final_url, content_type=result.content_type
                )
        except Exception as exc:  # ExtractionError, or a parser bug on this page only
            record = exc
        renderer = self._renderer
        if renderer is not None and renderer.wants(self.settings.render, result, record):
            try:  # the page again, in the browser (extractor.rendering)
                rendered = await renderer.render_page(result, record)
            except RenderError as exc:  # the browser crashed on every attempt
                await self._archived()
                tracker.failed(url, exc, result)
                self._fail(writer, url, "render", exc, attempts=exc.attempts)
                self._settle_discovered(url, record=False)
                return
            except Exception as exc:  # a fault the renderer did not translate (a bug)
                record = exc
            else:
                record = rendered.outcome
                if rendered.html is not None and self._archiving is not None:
                    # The DOM as read, referring to the page's response (its final URL's).
                    self._archiving.write_rendered(
                        result.final_url, rendered.html, stopped=rendered.stopped
                    )
                if rendered.html is not None and links is not None:
                    links = merge_links(links, await _rendered_links(result, rendered.html))
        await self._archived()
        if self._discovery is not None and links is not None:
            # Links of the page as fetched, and of its DOM when it was rendered (a listing
            # built by a script links to its exercises only there).
            kind, written = self._follow(self._discovery, writer, url, result, record, links, clock)
            if isinstance(record, Exception):
                if kind == "failure":
                    tracker.failed(url, record, result)
            elif kind == "record":
                tracker.parsed(url, result, record, written=written)
        elif isinstance(record, Exception):  # (following links: only if the worker died)
            tracker.failed(url, record, result)
            self._fail(writer, url, "parse", record, status=result.status, attempts=result.attempts)
            self._settle_discovered(url, record=False)
        else:
            written = self._keep(writer, url, record, time.monotonic() - clock)
            tracker.parsed(url, result, record, written=written)

    @property
    def _tracker(self) -> Recrawl:
        if self._recrawl is None:
            raise RuntimeError("the fetch facts are kept only while the crawler runs")
        return self._recrawl

    def _follow(
        self,
        discovery: Discovery,
        writer: DatasetWriter,
        url: str,
        result: FetchResult,
        outcome: Exercise | Exception,
        links: PageLinks,
        clock: float,
    ) -> tuple[str, bool]:
        """A fetched page when following links: its links are queued (on disk) before its line
        is written, then it ends as a record, a failure or a ``pages.jsonl`` line.
        Returns the page's kind and whether a record was written."""
        kind: str
        kind, reason = page_kind(outcome, links, included=discovery.included(url))
        duplicate_of = None
        if kind == "hub":
            duplicate_of = discovery.traps.duplicate_of(url, result.body)
        if duplicate_of is None:
            found, queued = discovery.links_of(url, result.final_url, links)
        else:  # the same page under another address: its links were queued from there
            found, queued = len(links.links), 0
        written = False
        if isinstance(outcome, Exception):
            if kind == "failure":
                self._fail(
                    writer, url, "parse", outcome, status=result.status, attempts=result.attempts
                )
        elif kind == "record":
            written = self._keep(writer, url, outcome, time.monotonic() - clock)
        if kind != "record" and kind != "failure":
            if duplicate_of is not None:
                kind, reason = "duplicate_content", f"same content as {duplicate_of}"
            self._write_page(writer, url, result, kind, reason, found, queued, discovery)
        discovery.settle(url, record=written)
        return kind, written

    def _write_page(
        self,
        writer: DatasetWriter,
        url: str,
        result: FetchResult,
        kind: str,
        reason: str | None,
        found: int,
        queued: int,
        discovery: Discovery,
    ) -> None:
        self._counts.settled += 1
        self._counts.page_kinds[kind] += 1
        if normalise_url(url) in writer.resume_state.done_pages:
            return  # written by a run killed before it could mark the page done
        writer.write_page(
            {
                "url": url,
                "final_url": result.final_url,
                "status": result.status,
                "depth": discovery.depth(url),
                "kind": kind,
                "reason": reason,
                "links_found": found,
                "links_queued": queued,
                "time": utc_now(),
            }
        )
        self.reporter.on_page(url, kind, reason)

    def _settle_discovered(self, url: str, *, record: bool) -> None:
        if self._discovery is not None:
            self._discovery.settle(url, record=record)

    def _keep(self, writer: DatasetWriter, url: str, record: Exercise, seconds: float) -> bool:
        """Write ``record`` unless its identity is already written; True when written."""
        self._counts.settled += 1
        # Another URL of the same exercise in the same language (a slug variant, a redirect).
        identity: tuple[str, str | None] | str | None = record_identity(
            record.source_id, record.language
        ) or (normalise_url(record.url) if record.url else None)
        if identity is not None and identity in self._written:
            # Listed, so that every URL ends as a record or a failure line, and a resumed
            # run skips it (a permanent failure) instead of fetching it again.
            self._counts.duplicates += 1
            named = identity if isinstance(identity, str) else "/".join(map(str, identity))
            self.reporter.on_duplicate(url, named)
            reason = f"the exercise {named} is already in the dataset (from another URL)"
            duplicate = self._failure(url, "dedupe", "DuplicateRecord", reason, transient=False)
            writer.write_failure(duplicate)
            return False
        writer.write_record(record)
        if identity is not None:
            self._written.add(identity)
        self._counts.records += 1
        self.reporter.on_record(url, record, seconds)
        return True

    def _fail(
        self,
        writer: DatasetWriter,
        url: str,
        stage: Literal["robots", "fetch", "render", "parse", "dedupe"],
        exc: BaseException,
        *,
        status: int | None = None,
        attempts: int = 1,
        transient: bool | None = None,
    ) -> None:
        if transient is None:
            transient = bool(getattr(exc, "transient", False))
        reason = str(exc) or (type(exc).__doc__ or type(exc).__name__).strip()
        if not isinstance(exc, ExtractionError):
            reason = f"unexpected error: {reason}"
        failure = self._failure(
            url, stage, type(exc).__name__, reason, status, attempts, transient=transient
        )
        self._record_failure(writer, failure)

    @staticmethod
    def _failure(
        url: str,
        stage: Literal["robots", "fetch", "render", "parse", "dedupe"],
        error_type: str,
        reason: str,
        status: int | None = None,
        attempts: int = 1,
        *,
        transient: bool,
    ) -> Failure:
        return Failure(
            url=url,
            stage=stage,
            error_type=error_type,
            reason=reason,
            status=status,
            attempts=attempts,
            transient=transient,
            time=utc_now(),
        )

    def _record_failure(self, writer: DatasetWriter, failure: Failure) -> None:
        writer.write_failure(failure)
        self._counts.settled += 1
        self._counts.failure_types[failure.error_type] += 1
        self.reporter.on_failure(failure)

    # -- signals, summary, manifest ----------------------------------------------------------

    @contextlib.contextmanager
    def _signals_handled(self) -> Any:
        loop = asyncio.get_running_loop()
        installed: list[signal.Signals] = []
        if self._handle_signals and threading.current_thread() is threading.main_thread():
            for signum in (signal.SIGINT, signal.SIGTERM):
                try:
                    loop.add_signal_handler(signum, self._on_signal, signum)
                except (NotImplementedError, RuntimeError, ValueError):  # Windows, no loop
                    continue
                installed.append(signum)
        try:
            yield
        finally:
            for signum in installed:
                loop.remove_signal_handler(signum)

    def _summary(self, started: str, clock: float, resume: ResumeState) -> CrawlSummary:
        counts = self._counts
        elapsed = time.monotonic() - clock
        return CrawlSummary(
            status="interrupted" if self._stop.is_set() else "completed",
            records=counts.records,
            failures=counts.failures,
            failures_by_type=dict(sorted(counts.failure_types.items())),
            duplicates=counts.duplicates,
            skipped_resume=counts.skipped_resume,
            excluded=counts.excluded,
            retries=counts.retries,
            queued=counts.queued,
            pending=counts.pending,
            resumed_records=resume.records,
            pages=sum(counts.page_kinds.values()),
            pages_by_kind=dict(sorted(counts.page_kinds.items())),
            discovered=self._discovery.discovered if self._discovery else 0,
            cut=dict(sorted(self._discovery.cut.items())) if self._discovery else {},
            started=datetime.fromisoformat(started),
            finished=datetime.fromisoformat(utc_now()),
            elapsed_seconds=round(elapsed, 4),
            pages_per_second=round(counts.settled / elapsed, 3) if elapsed > 0 else 0.0,
            output=self.settings.output,
        )

    def _manifest(
        self,
        summary: CrawlSummary,
        resume: ResumeState,
        urls: Iterable[str] | AsyncIterable[str],
        sitemaps: Sequence[str],
    ) -> dict[str, Any]:
        counts = summary.model_dump(
            mode="json", exclude={"status", "started", "finished", "elapsed_seconds", "output"}
        )
        return {
            "command": "crawl",
            "schema_version": SCHEMA_VERSION,
            "status": summary.status,
            "completed": not summary.interrupted,
            "interrupted": summary.interrupted,
            "stop_reason": self._stop_reason,
            "started": iso_utc(summary.started),
            "finished": iso_utc(summary.finished),
            "duration_seconds": summary.elapsed_seconds,
            "arguments": {
                "urls": _describe_urls(urls),
                "sitemaps": list(sitemaps),
                **self.arguments,
                "settings": self.settings.model_dump(mode="json"),
            },
            "counts": counts,
            "dataset": {
                "records": resume.records + summary.records,
                "failures": resume.failures + summary.failures,
                "pages": len(resume.done_pages) + summary.pages,
            },
            "discovery": self._discovery.describe() if self._discovery else None,
            "resume": {
                "enabled": self.settings.resume,
                "records_before": resume.records,
                "permanent_failures_before": resume.failures,
                "transient_failures_retried": resume.transient_dropped,
                "torn_bytes_repaired": resume.repaired_bytes,
            },
            "since": self._tracker.manifest(),
            "versions": library_versions(),
        }


class _FetchEvents:
    """The fetcher's observer: counts retries (for the reporter), tells the frontier when a
    page's request went on the wire (its host may then take another URL)."""

    def __init__(self, crawler: Crawler) -> None:
        self._crawler = crawler

    def on_retry(self, url: str, attempt: int, reason: str, delay: float) -> None:
        self._crawler._counts.retries += 1
        self._crawler.reporter.on_retry(url, attempt, reason, delay)

    def on_sent(self, url: str) -> None:
        if (frontier := self._crawler._frontier) is not None:
            frontier.sent(url)


def _parse_pool(workers: int | None) -> ParsePool:
    """The pool ``parse_workers`` asks for (None: one worker per core, after a few pages)."""
    if workers is None:
        return ParsePool(default_parse_workers(), inline_first=_INLINE_PAGES)
    return ParsePool(workers)


def _raise_first_error(tasks: Iterable[asyncio.Task[Any]]) -> None:
    """Re-raise the exception of the first finished task that failed (not cancelled)."""
    for task in tasks:
        if task.done() and not task.cancelled() and (error := task.exception()) is not None:
            raise error


def _describe_urls(urls: Iterable[str] | AsyncIterable[str]) -> list[str] | str:
    """The listed URLs for the manifest: a short list as is, else how they were given."""
    if isinstance(urls, Collection) and not isinstance(urls, str):
        if len(urls) <= _MANIFEST_URLS:
            return list(urls)
        return f"{len(urls)} URLs"
    return "a stream of URLs"


_ANY = re.compile("")  # every sitemap page seeds a followed crawl; the parser decides


async def _rendered_links(result: FetchResult, html: str) -> PageLinks:
    """The links of a page's rendered DOM (read in a thread: rendered pages are few)."""
    return await asyncio.to_thread(
        page_links, html, url=result.final_url, content_type="text/html; charset=utf-8"
    )


def _stage(exc: FetchError) -> Literal["robots", "fetch"]:
    return "robots" if isinstance(exc, RobotsDisallowed) else "fetch"


async def _aiter(urls: Iterable[str] | AsyncIterable[str]) -> AsyncIterator[str]:
    """Iterate any URL source without blocking the event loop.

    In-memory collections are iterated directly; any other iterable (a file, stdin, a
    generator) is read in a daemon thread, so a slow pipe never stalls pages in flight, and a
    stop never waits for a read that may never return.
    """
    if isinstance(urls, AsyncIterable):
        async for url in urls:
            yield url
        return
    if isinstance(urls, Collection):
        for url in urls:
            yield url
        return
    loop = asyncio.get_running_loop()
    handoff: asyncio.Queue[tuple[str | None, BaseException | None]] = asyncio.Queue(256)
    gone = threading.Event()  # the consumer stopped listening

    def put(item: tuple[str | None, BaseException | None]) -> bool:
        try:
            future = asyncio.run_coroutine_threadsafe(handoff.put(item), loop)
        except RuntimeError:  # the event loop is closed
            return False
        while not gone.is_set():
            with contextlib.suppress(TimeoutError):
                future.result(timeout=0.2)
                return True
        future.cancel()
        return False

    def read() -> None:
        try:
            for url in urls:
                if not put((url, None)):
                    return
        except Exception as exc:  # raised again in the event loop, where the caller is
            put((None, exc))
            return
        put((None, None))

    threading.Thread(target=read, name="extractor-url-reader", daemon=True).start()
    try:
        while True:
            item, error = await handoff.get()
            if error is not None:
                raise error
            if item is None:
                return
            yield item
    finally:
        gone.set()
