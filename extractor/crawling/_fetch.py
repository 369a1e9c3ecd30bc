"""The fetcher: polite, bounded, retrying HTTP GETs over one ``httpx.AsyncClient``.

Every request, robots.txt and sitemaps included, goes through the same path::

    robots.txt check (once per origin) -> per-origin spacing (rate, Crawl-delay)
    -> a global concurrency slot -> GET under the total deadline
    -> body streamed under a size cap -> content-type rule (pages only)

wrapped in tenacity retries. Redirects are followed by hand, each hop taking the
same path (robots check, spacing, slot), up to ``max_redirects``. A slot is held
only while a request is on the wire, so waiting for a turn, a backoff or a
``Retry-After`` never blocks other URLs. The fetcher knows nothing of exercises.

An observer with ``on_exchange`` (``FetchEvents``) is shown every response received, each
attempt and redirect hop, errors included, with the body as kept (an archive writes them as
WARC records); only then are error and redirect bodies read, up to ``EXCHANGE_SAMPLE_BYTES``.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import re
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from types import TracebackType
from typing import Protocol

import httpx
import idna
from tenacity import RetryCallState

from .._exceptions import (
    FetchError,
    HTTPStatusError,
    RobotsDisallowed,
    TooLarge,
    UnsupportedContentType,
)
from ._aiohttp import AiohttpTransport
from ._content_encoding import ACCEPT_ENCODING, BoundedDecoder, UndecodableBody
from ._content_type import SNIFF_BYTES, needs_sniffing, page_type_refusal
from ._ratelimit import HostRateLimiter
from ._retry import (
    RETRYABLE_STATUSES,
    AttemptTimeout,
    Backoff,
    RetryableStatus,
    TruncatedBody,
    describe_fault,
    final_error,
    make_retrying,
    parse_retry_after,
)
from ._robots import ROBOTS_MAX_BYTES, ROBOTS_MAX_REDIRECTS, RobotsCache, RobotsPolicy, origin_of
from ._settings import CrawlSettings
from ._transport import ShardedTransport

__all__ = [
    "EXCHANGE_SAMPLE_BYTES",
    "Exchange",
    "ExchangeEvents",
    "FetchEvents",
    "FetchResult",
    "Fetcher",
]

log = logging.getLogger(__name__)

# Prefer pages, but accept anything: sitemaps and robots.txt come through the same client.
_ACCEPT = "text/html,application/xhtml+xml;q=0.9,text/plain;q=0.8,*/*;q=0.5"
# Faults from httpx (and from URL/IDNA handling underneath it) turned into FetchError.
_LIBRARY_FAULTS = (httpx.HTTPError, httpx.InvalidURL, httpx.StreamError, ValueError)

Sleep = Callable[[float], Awaitable[None]]
# What a DNS name or IPv4 address can hold once IDNA-encoded (RFC 3986 unreserved characters);
# httpx lets "exa%20mple.com" through to the resolver.
_HOST_NAME = re.compile(r"[A-Za-z0-9._~-]+")
_NONE: Mapping[str, str] = {}
# Statuses whose meaning is "go there" (RFC 9110 §15.4); 300 and 304 are not.
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
#: Most bytes of an error or redirect body read for an exchange observer (an archive).
EXCHANGE_SAMPLE_BYTES = 64 * 1024
#: Most seconds spent reading such a body (never long enough to change the attempt's outcome).
_SAMPLE_SECONDS = 2.0


@dataclass(frozen=True, slots=True)
class FetchResult:
    """A successful response, body fully read."""

    url: str
    """The URL as requested."""
    final_url: str
    """The URL after redirects."""
    status: int
    content_type: str | None
    """The raw Content-Type header, if any."""
    body: bytes
    attempts: int
    """Attempts made, the successful one included."""
    elapsed: float
    """Seconds from the first attempt to the end of the body, waits included."""
    robots_tag: str | None = None
    """The ``X-Robots-Tag`` header (several joined by commas), if any: an HTTP fact the
    crawler reads, like the status."""
    etag: str | None = None
    """The response's ``ETag`` validator, verbatim (weak ``W/`` prefix kept), if any."""
    last_modified: str | None = None
    """The response's ``Last-Modified`` date, verbatim, if any."""

    @property
    def not_modified(self) -> bool:
        """A 304 to a conditional request: the copy the validators came from is current."""
        return self.status == 304


class FetchEvents(Protocol):
    """Optional observer of the fetcher (progress display). Missing methods are skipped."""

    def on_retry(self, url: str, attempt: int, reason: str, delay: float) -> None:
        """Attempt number ``attempt`` of ``url`` failed for ``reason``; retrying in ``delay`` s."""

    def on_sent(self, url: str) -> None:
        """A request for ``url`` goes on the wire now (its host's turn and a slot taken).

        Once per attempt and redirect hop; ``url`` is the URL as requested.
        """


class ExchangeEvents(Protocol):
    """What an observer (``events``) also defines to be shown every HTTP exchange (an archive)."""

    def on_exchange(self, exchange: Exchange) -> None:
        """A response was received (every attempt and redirect hop, errors included).

        Called once the response is done with, whatever its outcome; an exception raised
        here ends the fetch with that exception.
        """


@dataclass(slots=True)
class Exchange:
    """A request and the response it got, for an observer (``FetchEvents.on_exchange``)."""

    url: str
    """The URL requested by this hop."""
    method: str
    request_headers: Sequence[tuple[str, str]]
    """As sent, in order."""
    http_version: str
    status: int
    reason: str
    response_headers: Sequence[tuple[str, str]]
    """As received, in order."""
    started: datetime
    """When the request went on the wire (UTC)."""
    ip_address: str | None = None
    body: bytearray = field(default_factory=bytearray)
    """The body as kept: transfer and content codings undone, at most the size cap."""
    truncated: str | None = None
    """Why ``body`` is not the whole body (``length``, ``time``, ``disconnect``,
    ``unspecified``; WARC-Truncated values), or None when it was read whole."""
    read_to_end: bool = False
    """The body was read to its end (a fault raised afterwards, e.g. for the status, did not
    cut it)."""


@dataclass(frozen=True, slots=True)
class _Job:
    """What one fetch asks for."""

    url: str
    target: httpx.URL  # url as httpx parsed it when checking it (not parsed again per attempt)
    max_redirects: int
    max_bytes: int
    truncate: bool  # keep the first max_bytes instead of failing (robots.txt, RFC 9309 §2.5)
    pages_only: bool
    obey_robots: bool  # check redirect targets too (False for robots.txt itself)
    headers: tuple[tuple[str, str], ...] = ()  # conditional request headers (re-crawls)


class Fetcher:
    """Fetches URLs politely: robots.txt, per-host rate, global concurrency, retries, size cap.

    Use as ``async with Fetcher(settings) as fetcher:``; it owns one httpx.AsyncClient.
    ``transport`` replaces the network (tests); ``sleep`` replaces the wait between
    retries (tests); ``events`` observes retries.
    """

    def __init__(
        self,
        settings: CrawlSettings,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        events: FetchEvents | None = None,
        sleep: Sleep | None = None,
    ) -> None:
        self.settings = settings
        self._events = events
        self._on_exchange: Callable[[Exchange], None] | None = getattr(events, "on_exchange", None)
        self._sleep: Sleep = sleep or asyncio.sleep
        self._client = httpx.AsyncClient(
            headers={
                "User-Agent": settings.user_agent,
                "Accept": _ACCEPT,
                # Only what _read_body can undo under the size cap (no br/zstd surprises).
                "Accept-Encoding": ACCEPT_ENCODING,
            },
            timeout=httpx.Timeout(settings.timeout, connect=settings.connect_timeout),
            limits=httpx.Limits(
                max_connections=settings.concurrency,
                max_keepalive_connections=settings.concurrency,
            ),
            follow_redirects=False,  # followed in _send, to bound and close each hop ourselves
            transport=transport or _network(settings),
        )
        self._slots = asyncio.Semaphore(settings.concurrency)
        self._spacing = HostRateLimiter(settings.rate)
        self._robots = RobotsCache(self._load_robots)
        self._backoff = Backoff(
            initial=settings.backoff_initial,
            maximum=settings.backoff_max,
            retry_after_cap=settings.retry_after_cap,
        )
        self._in_flight = 0
        self.peak_in_flight = 0
        """Highest number of requests in flight at once so far."""

    async def __aenter__(self) -> Fetcher:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Stop robots.txt loads still running and close the HTTP client."""
        await self._robots.aclose()
        await self._client.aclose()

    def interval(self, origin: str) -> float:
        """Current minimum seconds between two requests to ``origin`` (0 = no spacing)."""
        return self._spacing.interval(origin)

    @property
    def in_flight(self) -> int:
        """Requests in flight right now."""
        return self._in_flight

    async def fetch_page(self, url: str, *, validators: Mapping[str, str] = _NONE) -> FetchResult:
        """GET a page: HTML (text/html, application/xhtml+xml) or text/plain only.

        ``validators``: conditional request headers (``If-None-Match``, ``If-Modified-Since``)
        from an earlier response; a 304 answer is then a result with ``not_modified`` and no
        body (without validators a 304 is an error, as it means nothing). Raises a
        ``FetchError`` subclass (status, attempts and transient set).
        """
        return await self._fetch(url, pages_only=True, headers=tuple(validators.items()))

    async def fetch_resource(self, url: str, *, max_bytes: int | None = None) -> FetchResult:
        """GET any resource (a sitemap, a feed) with the same politeness, retries and size cap.

        ``max_bytes`` replaces ``settings.max_bytes`` for this resource (a format with its own
        limit, e.g. sitemaps' 50 MB, must not be refused by a cap chosen for pages).
        """
        return await self._fetch(url, pages_only=False, max_bytes=max_bytes)

    async def robots_sitemaps(self, url: str) -> list[str]:
        """The ``Sitemap:`` URLs of the robots.txt governing ``url`` (fetched once per origin)."""
        policy = await self._robots.get(_checked_origin(url))
        return list(policy.sitemaps)

    # -- one fetch ---------------------------------------------------------------------------

    async def _fetch(
        self,
        url: str,
        *,
        pages_only: bool,
        max_bytes: int | None = None,
        headers: tuple[tuple[str, str], ...] = (),
    ) -> FetchResult:
        target, origin = _checked_url(url)
        if self.settings.respect_robots:
            await self._check_robots(url, origin, redirected=False)
        job = _Job(
            url=url,
            target=target,
            max_redirects=self.settings.max_redirects,
            max_bytes=self.settings.max_bytes if max_bytes is None else max_bytes,
            truncate=False,
            pages_only=pages_only,
            obey_robots=self.settings.respect_robots,
            headers=headers,
        )
        return await self._get(job)

    async def _check_robots(self, url: str, origin: str, *, redirected: bool) -> None:
        policy = await self._robots.get(origin)
        refusal = policy.refusal(url, self.settings.user_agent)
        if refusal is None:
            return
        if redirected:
            refusal = f"redirected to {url}: {refusal}"
        # Nothing was requested for the refused URL itself, hence attempts=0 (the retry
        # loop sets the real count when a redirect target is refused).
        raise RobotsDisallowed(refusal, attempts=0, transient=policy.unreachable is not None)

    async def _get(self, job: _Job) -> FetchResult:
        """All attempts of one job, under tenacity."""
        started = time.monotonic()
        attempts = 0

        async def attempt() -> FetchResult:
            nonlocal attempts
            attempts += 1
            return await self._attempt(job, attempts, started)

        retrying = make_retrying(
            max_retries=self.settings.max_retries,
            backoff=self._backoff,
            before_sleep=lambda state: self._report_retry(job.url, state),
            sleep=self._sleep,
        )
        try:
            return await retrying(attempt)
        except FetchError as exc:
            exc.attempts = attempts
            raise
        except (RetryableStatus, TruncatedBody, AttemptTimeout, *_LIBRARY_FAULTS) as exc:
            raise final_error(exc, attempts) from exc

    def _report_retry(self, url: str, state: RetryCallState) -> None:
        exc = state.outcome.exception() if state.outcome is not None else None
        reason = describe_fault(exc) if exc is not None else "unknown"
        delay = state.next_action.sleep if state.next_action is not None else 0.0
        number = state.attempt_number
        log.info("retrying %s in %.2f s after attempt %d: %s", url, delay, number, reason)
        on_retry = getattr(self._events, "on_retry", None)
        if on_retry is not None:
            on_retry(url, number, reason, delay)

    async def _attempt(self, job: _Job, number: int, started: float) -> FetchResult:
        """One attempt: the request, then at most ``job.max_redirects`` redirects, by hand.

        Each hop is a request of its own: it waits for its origin's turn (rate,
        Crawl-delay), is checked against that origin's robots.txt, and takes a
        concurrency slot only while it is on the wire. Redirect responses are
        closed unread (httpx's own follower reads their bodies, whatever the size).
        """
        # httpx carries these headers over to redirect hops (same request, new URL).
        request = self._client.build_request("GET", job.target, headers=job.headers)
        status = 0
        chain: list[str] = []
        for hop in range(job.max_redirects + 1):
            target = str(request.url)
            chain.append(target)
            if hop:
                _check_redirect_scheme(target, status)
            origin = _checked_origin(target)
            if hop and job.obey_robots:
                await self._check_robots(target, origin, redirected=True)
            await self._spacing.wait_turn(origin)
            outcome = await self._hop(request, job, number, started, origin)
            if isinstance(outcome, FetchResult):
                return outcome
            request, status = outcome
        raise HTTPStatusError(_too_many_redirects(chain, str(request.url)), status=status)

    async def _hop(
        self, request: httpx.Request, job: _Job, number: int, started: float, origin: str
    ) -> FetchResult | tuple[httpx.Request, int]:
        """One request under a slot and the total deadline: the result, or where it redirects.

        The deadline is per request on the wire, so a redirect chain does not eat into
        the time of its last hop, and waiting for an origin's turn is not counted.
        """
        async with self._slot(origin):
            self._in_flight += 1
            self.peak_in_flight = max(self.peak_in_flight, self._in_flight)
            try:
                if (on_sent := getattr(self._events, "on_sent", None)) is not None:
                    on_sent(job.url)
                async with asyncio.timeout(self.settings.timeout):
                    sent_at = datetime.now(UTC)
                    response = await self._send(request)
                    exchange = self._exchange(request, response, sent_at)
                    try:
                        if response.next_request is None:
                            return await self._read(job, response, number, started, exchange)
                        await _sample_body(response, exchange)
                        return response.next_request, response.status_code
                    except BaseException as exc:
                        if exchange is not None and not exchange.read_to_end:
                            exchange.truncated = exchange.truncated or _truncation(exc)
                        raise
                    finally:
                        await response.aclose()
                        if exchange is not None and self._on_exchange is not None:
                            self._on_exchange(exchange)
            except TimeoutError:
                raise AttemptTimeout(self.settings.timeout) from None
            finally:
                self._in_flight -= 1

    @contextlib.asynccontextmanager
    async def _slot(self, origin: str) -> AsyncIterator[None]:
        """A concurrency slot, taken right after the origin's turn (the caller waited for it).

        If every slot was busy, the turn went stale while waiting for one: requests whose
        turns were ``interval`` apart would leave together when slots free up, above the
        rate on the wire. So after such a wait the origin's turn is taken again, slot held.
        """
        waited = self._slots.locked()
        await self._slots.acquire()
        try:
            if waited:
                await self._spacing.wait_turn(origin)
            yield
        finally:
            self._slots.release()

    def _exchange(
        self, request: httpx.Request, response: httpx.Response, sent_at: datetime
    ) -> Exchange | None:
        """The exchange to fill and show the observer, or None if nobody watches exchanges."""
        if self._on_exchange is None:
            return None
        return Exchange(
            url=str(request.url),
            method=request.method,
            request_headers=_header_pairs(request.headers),
            http_version=response.http_version,
            status=response.status_code,
            reason=response.reason_phrase,
            response_headers=_header_pairs(response.headers),
            started=sent_at,
            ip_address=_server_address(response),
        )

    async def _send(self, request: httpx.Request) -> httpx.Response:
        try:
            return await self._client.send(request, stream=True)
        except httpx.RemoteProtocolError as exc:
            # httpx reports an unparsable Location as a protocol error; it is the
            # site's bug, not a network fault, so it must not be retried.
            if "location header" in str(exc).lower():
                raise FetchError(f"bad redirect: {exc}") from None
            raise
        except httpx.InvalidURL as exc:
            # The request's own URL was checked by _origin: this is the Location header's.
            raise FetchError(f"bad redirect: invalid URL in Location header: {exc}") from None

    async def _read(
        self,
        job: _Job,
        response: httpx.Response,
        number: int,
        started: float,
        exchange: Exchange | None = None,
    ) -> FetchResult:
        status = response.status_code
        if status == 304 and job.headers:
            return _result(job, response, b"", number, started)
        if not 200 <= status < 300:
            await _sample_body(response, exchange)
        if status in RETRYABLE_STATUSES:
            raise RetryableStatus(status, parse_retry_after(response.headers.get("Retry-After")))
        if not 200 <= status < 300:
            if status in _REDIRECTS:
                # A redirect httpx could not follow: no Location header, or an empty one.
                raise HTTPStatusError(f"HTTP {status} redirect without a Location", status=status)
            raise HTTPStatusError(f"HTTP {status}", status=status)
        content_type = response.headers.get("Content-Type")
        if job.pages_only and (refusal := page_type_refusal(content_type, None)):
            raise UnsupportedContentType(refusal, status=status)  # decided before any body byte
        sniff = job.pages_only and needs_sniffing(content_type)
        body = await _read_body(response, job, sniff=sniff, exchange=exchange)
        return _result(job, response, body, number, started)

    # -- robots.txt --------------------------------------------------------------------------

    async def _load_robots(self, origin: str) -> RobotsPolicy:
        """Fetch and interpret ``origin``'s robots.txt (RFC 9309 §2.3.1); never raises."""
        source = origin + "/robots.txt"
        job = _Job(
            url=source,
            target=_checked_url(source)[0],
            max_redirects=ROBOTS_MAX_REDIRECTS,
            max_bytes=ROBOTS_MAX_BYTES,
            truncate=True,
            pages_only=False,
            obey_robots=False,
        )
        try:
            result = await self._get(job)
        except HTTPStatusError as exc:
            policy = RobotsPolicy.from_status(source, exc.status or 0)
        except FetchError as exc:
            policy = RobotsPolicy.unreadable(source, f"robots.txt unreachable: {exc}")
        else:
            policy = RobotsPolicy.parse(source, result.body)
        if policy.unreachable:
            log.warning("%s: %s", source, policy.unreachable)
        delay = policy.crawl_delay(self.settings.user_agent)
        if self.settings.respect_robots and delay:
            cap = self.settings.retry_after_cap
            if delay > cap:
                # "Crawl-delay: 100000" would stall the run for days; waits a server can
                # impose are capped alike (Retry-After, Crawl-delay).
                log.warning("%s: Crawl-delay %g s capped at %g s", source, delay, cap)
                delay = cap
            await self._spacing.slow_down(origin, delay)
        return policy


def _result(
    job: _Job, response: httpx.Response, body: bytes, number: int, started: float
) -> FetchResult:
    return FetchResult(
        url=job.url,
        final_url=str(response.url),
        status=response.status_code,
        content_type=response.headers.get("Content-Type"),
        body=body,
        attempts=number,
        elapsed=time.monotonic() - started,
        etag=response.headers.get("ETag"),
        last_modified=response.headers.get("Last-Modified"),
        robots_tag=_joined(response.headers.get_list("X-Robots-Tag")),
    )


async def _read_body(
    response: httpx.Response, job: _Job, *, sniff: bool, exchange: Exchange | None = None
) -> bytes:
    """Stream the body under ``job.max_bytes``; stop reading as soon as it is exceeded.

    ``sniff`` (a page without a usable Content-Type) makes the first bytes decide
    whether it is a page, before the rest is downloaded. The bytes go into
    ``exchange.body`` when there is an exchange (what was received, even if it fails).
    """
    limit = job.max_bytes
    declared = _content_length(response)
    if declared is not None and declared > limit and not job.truncate:
        raise TooLarge(
            f"too large: Content-Length {declared} > {limit} bytes", status=response.status_code
        )
    body = exchange.body if exchange is not None else bytearray()
    sniffed = not sniff
    # Raw bytes, decoded here piece by piece: the cap counts decoded bytes and stops a
    # gzip bomb after at most one more step (httpx would inflate a whole chunk first).
    decoder = BoundedDecoder(response.headers.get("Content-Encoding"))
    async for pieces in _decoded(response, decoder):
        for piece in pieces:
            body += piece
            if len(body) > limit:
                if job.truncate:
                    del body[limit:]
                    if exchange is not None:
                        exchange.truncated = "length"
                        exchange.read_to_end = True
                    return bytes(body)
                raise TooLarge(f"too large: > {limit} bytes", status=response.status_code)
            if not sniffed and len(body) >= SNIFF_BYTES:
                sniffed = True
                _refuse_non_page(response, body)
    if not sniffed:
        _refuse_non_page(response, body)
    # A peer that closes early after a Content-Length is caught by h11; this also covers
    # transports that do not check (num_bytes_downloaded counts raw, still-encoded bytes).
    if declared is not None and response.num_bytes_downloaded < declared:
        raise TruncatedBody(response.num_bytes_downloaded, declared)
    if exchange is not None:
        exchange.read_to_end = True
    return bytes(body)


async def _decoded(
    response: httpx.Response, decoder: BoundedDecoder
) -> AsyncIterator[Iterator[bytes]]:
    """The body's decoded pieces: a lazy batch per network chunk, then the decoder's tail."""
    async for chunk in response.aiter_raw():
        yield _guarded(decoder.decode(chunk), response.status_code)
    yield _guarded(decoder.finish(), response.status_code)


def _guarded(pieces: Iterator[bytes], status: int) -> Iterator[bytes]:
    """``pieces``, corrupt compressed data reported as a FetchError (permanent: the same
    bytes come back next time; a cut-off transfer is caught as truncated instead)."""
    try:
        yield from pieces
    except UndecodableBody as exc:
        raise FetchError(f"undecodable body: {exc}", status=status) from None


def _network(settings: CrawlSettings) -> httpx.AsyncBaseTransport:
    """The transport ``settings.http_client`` names, for ``settings.concurrency`` connections."""
    if settings.http_client == "aiohttp":
        return AiohttpTransport(settings.concurrency)
    # httpx's own transport, in pools of a few connections (see _transport: the cost of one
    # big pool grows with the concurrency).
    return ShardedTransport(settings.concurrency)


def _joined(values: list[str]) -> str | None:
    return ", ".join(values) if values else None


async def _sample_body(response: httpx.Response, exchange: Exchange | None) -> None:
    """Read an error or redirect body into ``exchange`` (bounded in bytes and time).

    Only for an observer: the fetch's outcome is already decided by the status, so any
    fault here just marks the body as truncated.
    """
    if exchange is None:
        return
    decoder = BoundedDecoder(response.headers.get("Content-Encoding"))
    try:
        async with asyncio.timeout(_SAMPLE_SECONDS):
            async for pieces in _decoded(response, decoder):
                for piece in pieces:
                    exchange.body += piece
                    if len(exchange.body) > EXCHANGE_SAMPLE_BYTES:
                        del exchange.body[EXCHANGE_SAMPLE_BYTES:]
                        exchange.truncated = "length"
                        exchange.read_to_end = True  # as far as it will be read
                        return
    except (TimeoutError, FetchError, *_LIBRARY_FAULTS) as exc:
        exchange.truncated = _truncation(exc)
    exchange.read_to_end = True


def _truncation(exc: BaseException) -> str:
    """The ``WARC-Truncated`` reason for a body whose reading ended with ``exc``."""
    if isinstance(exc, TooLarge):
        return "length"
    if isinstance(exc, TimeoutError | asyncio.CancelledError | httpx.TimeoutException):
        return "time"
    if isinstance(exc, TruncatedBody | httpx.RemoteProtocolError | httpx.ReadError):
        return "disconnect"
    return "unspecified"


def _header_pairs(headers: httpx.Headers) -> list[tuple[str, str]]:
    """Headers as on the wire (original case and order), decoded as HTTP does (Latin-1)."""
    return [(name.decode("latin-1"), value.decode("latin-1")) for name, value in headers.raw]


def _server_address(response: httpx.Response) -> str | None:
    """The peer's IP address, when the transport tells it (httpcore's network stream)."""
    stream = response.extensions.get("network_stream")
    try:
        address = stream.get_extra_info("server_addr") if stream is not None else None
    except Exception:
        return None
    return str(address[0]) if isinstance(address, tuple) and address else None


def _check_redirect_scheme(target: str, status: int) -> None:
    """Refuse a redirect to a non-http(s) URL (ftp:, mailto:, javascript:) with that reason."""
    scheme = target.split(":", 1)[0].lower()
    if scheme not in ("http", "https"):
        raise FetchError(f"HTTP {status} redirect to a non-http(s) URL: {target}", status=status)


def _too_many_redirects(chain: list[str], next_url: str) -> str:
    """The reason for a chain longer than allowed: a loop if it came back to a URL.

    A URL visited twice is not refused on sight: "A -> B (sets a cookie) -> A" is a
    common consent pattern that ends well; only the redirect budget ends a chain.
    """
    chain = [*chain, next_url]
    for index, url in enumerate(chain):
        if url in chain[index + 1 :]:
            end = chain.index(url, index + 1)
            return f"redirect loop: {' -> '.join(chain[index : end + 1])}"
    return f"too many redirects (more than {len(chain) - 2})"


def _refuse_non_page(response: httpx.Response, body: bytearray) -> None:
    content_type = response.headers.get("Content-Type")
    refusal = page_type_refusal(content_type, bytes(body[:SNIFF_BYTES]))
    if refusal is not None:
        raise UnsupportedContentType(refusal, status=response.status_code)


def _content_length(response: httpx.Response) -> int | None:
    value = response.headers.get("Content-Length", "").strip()
    return int(value) if value.isdigit() else None


def _checked_origin(url: str) -> str:
    """``url``'s origin, checked as ``_checked_url`` checks it."""
    return _checked_url(url)[1]


@functools.lru_cache(maxsize=1024)
def _checked_url(url: str) -> tuple[httpx.URL, str]:
    """``url`` as httpx parses it, and its origin; a URL httpx would refuse fails here,
    before robots.txt.

    Otherwise an invalid host name (bad IDNA, a space) would surface as that host's
    robots.txt being "unreachable": a transient robots failure instead of the
    permanent input error it is. The parsed URL is the request's (httpx would parse the
    string again). Cached: a page's URL is checked before its robots.txt and again as
    its first hop.
    """
    try:
        origin = origin_of(url)
        # httpx's IDNA and character checks (the idna package's errors are ValueErrors).
        target = httpx.URL(url)
        host = target.raw_host.decode("ascii")
    except (httpx.InvalidURL, ValueError) as exc:
        raise FetchError(f"invalid URL: {exc}", attempts=0) from None
    if ":" not in host and not _HOST_NAME.fullmatch(host):  # an IPv6 literal has ":"
        raise FetchError(f"invalid URL: bad host name {host!r}", attempts=0)
    if "xn--" in host.lower():
        try:  # an ASCII "xn--" label is only checked when resolving (by anyio, with idna)
            idna.decode(host)
        except ValueError as exc:  # idna.IDNAError
            raise FetchError(f"invalid URL: bad host name {host!r}: {exc}", attempts=0) from None
    return target, origin
