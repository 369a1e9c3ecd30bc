"""The fetcher's rules: retries, Retry-After, size cap, content types, redirects, politeness.

Unit tests mock HTTP with respx; waits between retries go through an injected
recording sleep, so nothing here waits for real except the rate-limit and
concurrency checks (tens of milliseconds). The last tests use a real HTTP server
on 127.0.0.1 for what a mock cannot do: a body cut off by the server, and a body
far larger than the cap that must not be read to the end.
"""

from __future__ import annotations

import asyncio
import gzip
import http.server
import itertools
import threading
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from typing import Any

import httpx
import pytest
import respx

from extractor._exceptions import (
    FetchError,
    HTTPStatusError,
    NetworkError,
    TooLarge,
    UnsupportedContentType,
)
from extractor.crawling._fetch import Fetcher
from extractor.crawling._retry import parse_retry_after
from extractor.crawling._settings import CrawlSettings

pytestmark = pytest.mark.anyio

SITE = "https://site.test"
PAGE = f"{SITE}/en/exercise/abc123-squat"
HTML = "<!doctype html><html><body><h1>Squat</h1></body></html>"


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


class RecordingSleep:
    """Stands in for asyncio.sleep between retries: records the delay, returns at once."""

    def __init__(self) -> None:
        self.delays: list[float] = []

    async def __call__(self, delay: float) -> None:
        self.delays.append(delay)


class RecordingEvents:
    def __init__(self) -> None:
        self.retries: list[tuple[str, int, str, float]] = []

    def on_retry(self, url: str, attempt: int, reason: str, delay: float) -> None:
        self.retries.append((url, attempt, reason, delay))


def settings(**overrides: Any) -> CrawlSettings:
    """Fast settings: no rate limit, no robots, no backoff (each test turns on what it checks).

    httpx's own transport: respx replaces the network under it."""
    values: dict[str, Any] = {
        "http_client": "httpx",
        "rate": None,
        "respect_robots": False,
        "backoff_initial": 0.0,
        "backoff_max": 0.0,
        "max_retries": 3,
    }
    values.update(overrides)
    return CrawlSettings(**values)


def fetcher(
    config: CrawlSettings | None = None,
    *,
    sleep: RecordingSleep | None = None,
    events: object | None = None,
) -> Fetcher:
    return Fetcher(config or settings(), sleep=sleep or RecordingSleep(), events=events)  # type: ignore[arg-type]


@pytest.fixture
def router() -> Iterator[respx.MockRouter]:
    with respx.mock(assert_all_called=False) as mock:
        yield mock


def html_response(
    status: int = 200, *, headers: dict[str, str] | None = None, **kwargs: Any
) -> httpx.Response:
    all_headers = {"Content-Type": "text/html; charset=utf-8", **(headers or {})}
    return httpx.Response(status, headers=all_headers, **kwargs)


class CountingBody:
    """A streamed body that counts how many chunks were actually pulled from it."""

    def __init__(self, chunks: int, size: int = 1024, fail_after: int | None = None) -> None:
        self.total = chunks
        self.size = size
        self.fail_after = fail_after
        self.yielded = 0

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for _ in range(self.total):
            if self.fail_after is not None and self.yielded >= self.fail_after:
                raise httpx.RemoteProtocolError("peer closed connection mid-body")
            self.yielded += 1
            yield b"<p>" + b"x" * (self.size - 3)


# -- success -------------------------------------------------------------------------------


async def test_successful_fetch_returns_body_status_type_and_one_attempt(
    router: respx.MockRouter,
) -> None:
    router.get(PAGE).mock(return_value=html_response(text=HTML))
    async with fetcher() as f:
        result = await f.fetch_page(PAGE)
    assert result.body == HTML.encode()
    assert result.status == 200
    assert result.content_type == "text/html; charset=utf-8"
    assert result.url == result.final_url == PAGE
    assert result.attempts == 1
    assert result.elapsed >= 0


# -- retry set -----------------------------------------------------------------------------


@pytest.mark.parametrize("status", [408, 429, 500, 502, 503, 504])
async def test_each_retryable_status_is_retried(router: respx.MockRouter, status: int) -> None:
    route = router.get(PAGE).mock(side_effect=[html_response(status), html_response(text=HTML)])
    events = RecordingEvents()
    async with fetcher(events=events) as f:
        result = await f.fetch_page(PAGE)
    assert route.call_count == 2
    assert result.attempts == 2
    assert events.retries == [(PAGE, 1, f"HTTP {status}", 0.0)]


@pytest.mark.parametrize(
    "fault",
    [
        httpx.ConnectError("connection refused"),
        httpx.ConnectTimeout("connect timed out"),
        httpx.ReadTimeout("read timed out"),
        httpx.RemoteProtocolError("peer closed connection"),
        httpx.ReadError("connection reset by peer"),
    ],
    ids=lambda exc: type(exc).__name__,
)
async def test_each_transient_network_fault_is_retried(
    router: respx.MockRouter, fault: Exception
) -> None:
    route = router.get(PAGE).mock(side_effect=[fault, html_response(text=HTML)])
    events = RecordingEvents()
    async with fetcher(events=events) as f:
        result = await f.fetch_page(PAGE)
    assert route.call_count == 2
    assert result.attempts == 2
    assert len(events.retries) == 1
    assert str(fault) in events.retries[0][2]


@pytest.mark.parametrize("status", [400, 401, 403, 404, 410, 451])
async def test_other_4xx_fail_at_once_without_retry(router: respx.MockRouter, status: int) -> None:
    route = router.get(PAGE).mock(return_value=html_response(status))
    async with fetcher() as f:
        with pytest.raises(HTTPStatusError) as caught:
            await f.fetch_page(PAGE)
    assert route.call_count == 1
    assert caught.value.status == status
    assert caught.value.attempts == 1
    assert caught.value.transient is False
    assert str(status) in str(caught.value)


async def test_retries_stop_after_max_retries_with_transient_status_error(
    router: respx.MockRouter,
) -> None:
    route = router.get(PAGE).mock(return_value=html_response(503))
    events = RecordingEvents()
    async with fetcher(settings(max_retries=2), events=events) as f:
        with pytest.raises(HTTPStatusError) as caught:
            await f.fetch_page(PAGE)
    assert route.call_count == 3
    assert caught.value.status == 503
    assert caught.value.attempts == 3
    assert caught.value.transient is True
    assert [attempt for _, attempt, _, _ in events.retries] == [1, 2]


async def test_network_fault_after_all_retries_is_a_transient_network_error(
    router: respx.MockRouter,
) -> None:
    route = router.get(PAGE).mock(side_effect=httpx.ConnectError("connection refused"))
    async with fetcher(settings(max_retries=1)) as f:
        with pytest.raises(NetworkError) as caught:
            await f.fetch_page(PAGE)
    assert route.call_count == 2
    assert caught.value.attempts == 2
    assert caught.value.transient is True
    assert caught.value.status is None
    assert "connection refused" in str(caught.value)


async def test_no_retries_when_max_retries_is_zero(router: respx.MockRouter) -> None:
    route = router.get(PAGE).mock(return_value=html_response(500))
    async with fetcher(settings(max_retries=0)) as f:
        with pytest.raises(HTTPStatusError) as caught:
            await f.fetch_page(PAGE)
    assert route.call_count == 1
    assert caught.value.attempts == 1


async def test_a_permanent_status_after_a_retry_keeps_the_attempt_count(
    router: respx.MockRouter,
) -> None:
    router.get(PAGE).mock(side_effect=[html_response(503), html_response(404)])
    async with fetcher() as f:
        with pytest.raises(HTTPStatusError) as caught:
            await f.fetch_page(PAGE)
    assert caught.value.status == 404
    assert caught.value.attempts == 2


# -- backoff and Retry-After ---------------------------------------------------------------


async def test_backoff_grows_exponentially_and_is_capped(router: respx.MockRouter) -> None:
    router.get(PAGE).mock(return_value=html_response(503))
    sleep = RecordingSleep()
    config = settings(max_retries=4, backoff_initial=1.0, backoff_max=5.0)
    async with fetcher(config, sleep=sleep) as f:
        with pytest.raises(HTTPStatusError):
            await f.fetch_page(PAGE)
    first, second, third, fourth = sleep.delays
    assert 1.0 <= first <= 2.0  # initial + jitter in [0, initial]
    assert 2.0 <= second <= 3.0
    assert 4.0 <= third <= 5.0
    assert fourth == 5.0  # 8 + jitter, capped at backoff_max


async def test_retry_after_seconds_is_honoured(router: respx.MockRouter) -> None:
    router.get(PAGE).mock(
        side_effect=[html_response(429, headers={"Retry-After": "7"}), html_response(text=HTML)]
    )
    sleep = RecordingSleep()
    events = RecordingEvents()
    async with fetcher(sleep=sleep, events=events) as f:
        await f.fetch_page(PAGE)
    assert sleep.delays == [7.0]
    assert events.retries[0][3] == 7.0


async def test_retry_after_http_date_is_honoured(router: respx.MockRouter) -> None:
    when = format_datetime(datetime.now(UTC) + timedelta(seconds=30), usegmt=True)
    router.get(PAGE).mock(
        side_effect=[html_response(503, headers={"Retry-After": when}), html_response(text=HTML)]
    )
    sleep = RecordingSleep()
    async with fetcher(sleep=sleep) as f:
        await f.fetch_page(PAGE)
    [delay] = sleep.delays
    assert 25.0 <= delay <= 30.0


async def test_retry_after_is_capped(router: respx.MockRouter) -> None:
    router.get(PAGE).mock(
        side_effect=[html_response(503, headers={"Retry-After": "3600"}), html_response(text=HTML)]
    )
    sleep = RecordingSleep()
    async with fetcher(settings(retry_after_cap=12.5), sleep=sleep) as f:
        await f.fetch_page(PAGE)
    assert sleep.delays == [12.5]


def test_parse_retry_after_forms() -> None:
    now = datetime(2024, 5, 1, 12, 0, 0, tzinfo=UTC)
    assert parse_retry_after("120", now=now) == 120.0
    assert parse_retry_after(" 5 ", now=now) == 5.0
    assert parse_retry_after("Wed, 01 May 2024 12:01:30 GMT", now=now) == 90.0
    assert parse_retry_after("Wednesday, 01-May-24 12:00:10 GMT", now=now) == 10.0  # RFC 850
    assert parse_retry_after("Wed, 01 May 2024 11:00:00 GMT", now=now) == 0.0  # past: now
    assert parse_retry_after("soon", now=now) is None
    assert parse_retry_after("-5", now=now) is None
    assert parse_retry_after("", now=now) is None
    assert parse_retry_after(None, now=now) is None


async def test_waiting_for_retry_after_does_not_hold_the_concurrency_slot(
    router: respx.MockRouter,
) -> None:
    other = f"{SITE}/en/exercise/def456-lunge"
    router.get(PAGE).mock(
        side_effect=[html_response(503, headers={"Retry-After": "30"}), html_response(text=HTML)]
    )
    router.get(other).mock(return_value=html_response(text=HTML))
    other_done = asyncio.Event()

    async def sleep_until_other_is_done(delay: float) -> None:
        # With one slot, the other page can only finish if the waiting page released it.
        await other_done.wait()

    async def fetch_other(f: Fetcher) -> None:
        await asyncio.sleep(0)  # let the first page take the slot first
        await f.fetch_page(other)
        other_done.set()

    async with Fetcher(settings(concurrency=1), sleep=sleep_until_other_is_done) as f:
        async with asyncio.timeout(5):
            result, _ = await asyncio.gather(f.fetch_page(PAGE), fetch_other(f))
    assert result.attempts == 2
    assert f.peak_in_flight == 1


# -- deadline --------------------------------------------------------------------------------


async def test_total_deadline_per_attempt_is_a_retryable_timeout(
    router: respx.MockRouter,
) -> None:
    started: list[httpx.Request] = []

    async def too_slow(request: httpx.Request) -> httpx.Response:
        started.append(request)
        await asyncio.sleep(5)
        return html_response(text=HTML)

    router.get(PAGE).mock(side_effect=too_slow)
    async with fetcher(settings(timeout=0.05, max_retries=1)) as f:
        with pytest.raises(NetworkError) as caught:
            await f.fetch_page(PAGE)
    assert len(started) == 2
    assert caught.value.attempts == 2
    assert "timed out" in str(caught.value)
    assert f.in_flight == 0


# -- size cap --------------------------------------------------------------------------------


async def test_content_length_over_the_cap_is_refused_without_reading(
    router: respx.MockRouter,
) -> None:
    body = CountingBody(chunks=100)
    router.get(PAGE).mock(
        return_value=httpx.Response(
            200, headers={"Content-Type": "text/html", "Content-Length": "102400"}, content=body
        )
    )
    async with fetcher(settings(max_bytes=10_000)) as f:
        with pytest.raises(TooLarge) as caught:
            await f.fetch_page(PAGE)
    assert body.yielded == 0
    assert "too large" in str(caught.value)
    assert "10000" in str(caught.value)
    assert caught.value.transient is False
    assert caught.value.status == 200


async def test_streamed_body_is_abandoned_as_soon_as_it_exceeds_the_cap(
    router: respx.MockRouter,
) -> None:
    body = CountingBody(chunks=1000, size=1024)  # 1 MB, no Content-Length
    route = router.get(PAGE).mock(
        return_value=httpx.Response(200, headers={"Content-Type": "text/html"}, content=body)
    )
    async with fetcher(settings(max_bytes=10_000)) as f:
        with pytest.raises(TooLarge) as caught:
            await f.fetch_page(PAGE)
    assert str(caught.value) == "too large: > 10000 bytes"
    assert body.yielded == 10  # the tenth KiB crosses 10 000 bytes; not one chunk more
    assert route.call_count == 1  # not retried


async def test_a_body_of_exactly_the_cap_is_accepted(router: respx.MockRouter) -> None:
    router.get(PAGE).mock(return_value=html_response(content=b"<p>" + b"x" * 997))
    async with fetcher(settings(max_bytes=1000)) as f:
        result = await f.fetch_page(PAGE)
    assert len(result.body) == 1000


async def test_the_cap_applies_to_decoded_bytes_of_a_compressed_body(
    router: respx.MockRouter,
) -> None:
    bomb = gzip.compress(b"<p>" + b"x" * 200_000)
    router.get(PAGE).mock(
        return_value=httpx.Response(
            200, headers={"Content-Type": "text/html", "Content-Encoding": "gzip"}, content=bomb
        )
    )
    async with fetcher(settings(max_bytes=50_000)) as f:
        with pytest.raises(TooLarge):
            await f.fetch_page(PAGE)


async def test_body_shorter_than_content_length_is_retried_as_truncated(
    router: respx.MockRouter,
) -> None:
    def short_body() -> httpx.Response:
        return httpx.Response(
            200,
            headers={"Content-Type": "text/html", "Content-Length": "4096"},
            content=CountingBody(chunks=1),
        )

    route = router.get(PAGE).mock(side_effect=[short_body(), short_body()])
    async with fetcher(settings(max_retries=1)) as f:
        with pytest.raises(NetworkError) as caught:
            await f.fetch_page(PAGE)
    assert route.call_count == 2
    assert "truncated body: 1024 of 4096 bytes" in str(caught.value)
    assert caught.value.transient is True


async def test_connection_dropped_mid_body_is_retried(router: respx.MockRouter) -> None:
    broken = httpx.Response(
        200, headers={"Content-Type": "text/html"}, content=CountingBody(chunks=5, fail_after=2)
    )
    route = router.get(PAGE).mock(side_effect=[broken, html_response(text=HTML)])
    async with fetcher() as f:
        result = await f.fetch_page(PAGE)
    assert route.call_count == 2
    assert result.body == HTML.encode()


# -- content types ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "content_type",
    [
        "text/html",
        "text/html; charset=ISO-8859-1",
        "TEXT/HTML",
        "application/xhtml+xml",
        "text/plain",
        "text/markdown; charset=utf-8",  # issue 12: markdown copies are pages too
    ],
)
async def test_page_content_types_are_accepted(router: respx.MockRouter, content_type: str) -> None:
    router.get(PAGE).mock(
        return_value=httpx.Response(200, headers={"Content-Type": content_type}, text=HTML)
    )
    async with fetcher() as f:
        result = await f.fetch_page(PAGE)
    assert result.content_type == content_type


@pytest.mark.parametrize(
    "content_type",
    ["image/png", "application/pdf", "application/json", "application/octet-stream", "text/css"],
)
async def test_other_content_types_are_refused_before_reading_the_body(
    router: respx.MockRouter, content_type: str
) -> None:
    body = CountingBody(chunks=10)
    route = router.get(PAGE).mock(
        return_value=httpx.Response(200, headers={"Content-Type": content_type}, content=body)
    )
    async with fetcher() as f:
        with pytest.raises(UnsupportedContentType) as caught:
            await f.fetch_page(PAGE)
    assert content_type in str(caught.value)
    assert caught.value.transient is False
    assert body.yielded == 0
    assert route.call_count == 1


@pytest.mark.parametrize(
    "body",
    [HTML.encode(), b"  \n<html lang=en><p>hi", b"Squat\n\nHow to do it\n- Stand tall\n"],
    ids=["doctype", "html-tag", "plain-text"],
)
async def test_missing_content_type_is_sniffed_as_page(
    router: respx.MockRouter, body: bytes
) -> None:
    router.get(PAGE).mock(return_value=httpx.Response(200, content=body))
    async with fetcher() as f:
        result = await f.fetch_page(PAGE)
    assert result.content_type is None
    assert result.body == body


@pytest.mark.parametrize(
    ("body", "sniffed"),
    [
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "image/png"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "application/pdf"),
        (b"\x00\x01\x02\x03binary", "application/octet-stream"),
    ],
    ids=["png", "pdf", "binary"],
)
async def test_missing_content_type_with_binary_body_is_refused(
    router: respx.MockRouter, body: bytes, sniffed: str
) -> None:
    router.get(PAGE).mock(return_value=httpx.Response(200, content=body))
    async with fetcher() as f:
        with pytest.raises(UnsupportedContentType) as caught:
            await f.fetch_page(PAGE)
    assert sniffed in str(caught.value)


async def test_fetch_resource_accepts_any_content_type(router: respx.MockRouter) -> None:
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16
    router.get(f"{SITE}/logo.png").mock(
        return_value=httpx.Response(200, headers={"Content-Type": "image/png"}, content=png)
    )
    async with fetcher() as f:
        result = await f.fetch_resource(f"{SITE}/logo.png")
    assert result.body == png


# -- redirects -------------------------------------------------------------------------------


async def test_redirects_are_followed_and_final_url_recorded(router: respx.MockRouter) -> None:
    router.get(f"{SITE}/old").mock(
        return_value=httpx.Response(301, headers={"Location": f"{SITE}/moved"})
    )
    router.get(f"{SITE}/moved").mock(
        return_value=httpx.Response(302, headers={"Location": "/en/exercise/abc123-squat"})
    )
    router.get(PAGE).mock(return_value=html_response(text=HTML))
    async with fetcher() as f:
        result = await f.fetch_page(f"{SITE}/old")
    assert result.url == f"{SITE}/old"
    assert result.final_url == PAGE
    assert result.body == HTML.encode()


async def test_too_many_redirects_is_a_permanent_failure(router: respx.MockRouter) -> None:
    route = router.get(url__regex=rf"{SITE}/loop/\d+").mock(
        side_effect=lambda request: httpx.Response(
            302, headers={"Location": f"/loop/{int(request.url.path.rsplit('/', 1)[1]) + 1}"}
        )
    )
    async with fetcher(settings(max_redirects=2)) as f:
        with pytest.raises(HTTPStatusError) as caught:
            await f.fetch_page(f"{SITE}/loop/0")
    assert route.call_count == 3  # the request and two redirects followed, then give up
    assert "too many redirects" in str(caught.value)
    assert caught.value.status == 302
    assert caught.value.transient is False


async def test_redirect_with_an_unusable_location_is_not_retried(
    router: respx.MockRouter,
) -> None:
    route = router.get(PAGE).mock(
        return_value=httpx.Response(302, headers={"Location": "https://host:port/"})
    )
    async with fetcher() as f:
        with pytest.raises(FetchError) as caught:
            await f.fetch_page(PAGE)
    assert route.call_count == 1
    assert caught.value.transient is False


async def test_invalid_url_is_a_permanent_failure_without_request(
    router: respx.MockRouter,
) -> None:
    async with fetcher() as f:
        with pytest.raises(FetchError) as caught:
            await f.fetch_page("ftp://site.test/file")
    assert caught.value.transient is False
    assert not router.calls


# -- user agent ------------------------------------------------------------------------------


async def test_user_agent_from_settings_on_page_robots_and_sitemap_requests(
    router: respx.MockRouter,
) -> None:
    router.get(f"{SITE}/robots.txt").mock(return_value=httpx.Response(200, text="User-agent: *"))
    router.get(PAGE).mock(return_value=html_response(text=HTML))
    router.get(f"{SITE}/sitemap.xml").mock(return_value=httpx.Response(200, text="<urlset/>"))
    config = settings(respect_robots=True, user_agent="TestBot/2.0 (+https://example.org/bot)")
    async with fetcher(config) as f:
        await f.fetch_page(PAGE)
        await f.fetch_resource(f"{SITE}/sitemap.xml")
    agents = [call.request.headers["User-Agent"] for call in router.calls]
    assert len(agents) == 3
    assert set(agents) == {"TestBot/2.0 (+https://example.org/bot)"}


async def test_default_user_agent_is_the_projects_not_httpx(router: respx.MockRouter) -> None:
    router.get(PAGE).mock(return_value=html_response(text=HTML))
    async with Fetcher(CrawlSettings(respect_robots=False, rate=None, http_client="httpx")) as f:
        await f.fetch_page(PAGE)
    agent = router.calls.last.request.headers["User-Agent"]
    assert agent.startswith("extractor/")
    assert "http" in agent  # names a contact URL
    assert "python-httpx" not in agent


# -- concurrency and rate --------------------------------------------------------------------


async def test_never_more_requests_in_flight_than_the_concurrency(
    router: respx.MockRouter,
) -> None:
    in_flight = 0
    observed: list[int] = []

    async def slow(request: httpx.Request) -> httpx.Response:
        nonlocal in_flight
        in_flight += 1
        observed.append(in_flight)
        await asyncio.sleep(0.01)
        in_flight -= 1
        return html_response(text=HTML)

    router.get(url__startswith=f"{SITE}/p/").mock(side_effect=slow)
    urls = [f"{SITE}/p/{n}" for n in range(15)]
    async with fetcher(settings(concurrency=3)) as f:
        results = await asyncio.gather(*(f.fetch_page(url) for url in urls))
    assert len(results) == 15
    assert max(observed) == 3
    assert f.peak_in_flight == 3
    assert f.in_flight == 0


async def test_requests_to_one_host_are_spaced_by_the_rate(router: respx.MockRouter) -> None:
    loop = asyncio.get_running_loop()
    starts: list[float] = []

    def record(request: httpx.Request) -> httpx.Response:
        starts.append(loop.time())
        return html_response(text=HTML)

    router.get(url__startswith=f"{SITE}/p/").mock(side_effect=record)
    async with fetcher(settings(rate=25.0, concurrency=8)) as f:  # one every 40 ms
        await asyncio.gather(*(f.fetch_page(f"{SITE}/p/{n}") for n in range(5)))
    gaps = [later - earlier for earlier, later in itertools.pairwise(starts)]
    # Lower bounds only: a slow machine spaces them more, never less. Without the limiter the
    # five requests would start within a millisecond.
    assert min(gaps) >= 0.03
    assert starts[-1] - starts[0] >= 4 * 0.04 - 0.005


async def test_retries_also_wait_for_the_rate_limiter(router: respx.MockRouter) -> None:
    loop = asyncio.get_running_loop()
    starts: list[float] = []

    def flaky(request: httpx.Request) -> httpx.Response:
        starts.append(loop.time())
        return html_response(503) if len(starts) == 1 else html_response(text=HTML)

    router.get(PAGE).mock(side_effect=flaky)
    async with fetcher(settings(rate=20.0)) as f:  # retry sleep is instant; the limiter is not
        await f.fetch_page(PAGE)
    assert starts[1] - starts[0] >= 0.04


async def test_redirect_hops_also_wait_for_the_rate_limiter(router: respx.MockRouter) -> None:
    loop = asyncio.get_running_loop()
    starts: list[float] = []

    def redirect(request: httpx.Request) -> httpx.Response:
        starts.append(loop.time())
        return httpx.Response(301, headers={"Location": PAGE})

    def page(request: httpx.Request) -> httpx.Response:
        starts.append(loop.time())
        return html_response(text=HTML)

    router.get(f"{SITE}/old").mock(side_effect=redirect)
    router.get(PAGE).mock(side_effect=page)
    async with fetcher(settings(rate=20.0)) as f:
        result = await f.fetch_page(f"{SITE}/old")
    assert result.final_url == PAGE
    assert starts[1] - starts[0] >= 0.04  # a hop is a request to the host like any other


async def test_events_without_on_retry_are_tolerated(router: respx.MockRouter) -> None:
    router.get(PAGE).mock(side_effect=[html_response(500), html_response(text=HTML)])
    async with fetcher(events=object()) as f:
        result = await f.fetch_page(PAGE)
    assert result.attempts == 2


# -- a real server on 127.0.0.1 --------------------------------------------------------------


class _FaultyHandler(http.server.BaseHTTPRequestHandler):
    """``/endless``: an HTML body with no length, written until the client goes away.
    ``/drop``: announces 10 000 bytes, sends 100, closes. ``/drop-once``: /drop, then a page."""

    server: _FaultyServer

    def do_GET(self) -> None:
        if self.path == "/endless":
            self._endless()
        elif self.path == "/drop" or (self.path == "/drop-once" and not self.server.dropped):
            self.server.dropped = True
            self._drop()
        else:
            body = HTML.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    def _endless(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.end_headers()  # HTTP/1.0 without Content-Length: the body runs until close
        chunk = b"<p>" + b"x" * (64 * 1024 - 3)
        try:
            while self.server.endless_written < self.server.endless_total:
                self.wfile.write(chunk)
                self.server.endless_written += len(chunk)
        except OSError:
            pass  # the client hung up: what we want
        finally:
            self.server.endless_done.set()

    def _drop(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", "10000")
        self.end_headers()
        self.wfile.write(b"<p>" + b"x" * 97)
        self.wfile.flush()
        self.close_connection = True

    def log_message(self, format: str, *args: object) -> None:
        pass


class _FaultyServer(http.server.ThreadingHTTPServer):
    daemon_threads = True
    endless_total = 200 * 1024 * 1024
    endless_written = 0
    dropped = False

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _FaultyHandler)
        self.endless_done = threading.Event()


@pytest.fixture
def faulty_server() -> Iterator[_FaultyServer]:
    server = _FaultyServer()
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def _base(server: _FaultyServer) -> str:
    host, port = server.server_address[:2]
    return f"http://{host!s}:{port}"


async def test_real_server_oversized_body_is_abandoned_early(
    faulty_server: _FaultyServer,
) -> None:
    async with fetcher(settings(max_bytes=256 * 1024, timeout=10)) as f:
        with pytest.raises(TooLarge):
            await f.fetch_page(_base(faulty_server) + "/endless")
    assert await asyncio.to_thread(faulty_server.endless_done.wait, 10)
    # Only what fits in the socket buffers was written beyond the cap, not the 200 MB.
    assert faulty_server.endless_written < faulty_server.endless_total // 4


async def test_real_server_connection_dropped_mid_body_is_retried_then_fails(
    faulty_server: _FaultyServer,
) -> None:
    async with fetcher(settings(max_retries=1, timeout=10)) as f:
        with pytest.raises(NetworkError) as caught:
            await f.fetch_page(_base(faulty_server) + "/drop")
    assert caught.value.attempts == 2
    assert caught.value.transient is True


async def test_real_server_connection_dropped_once_then_succeeds(
    faulty_server: _FaultyServer,
) -> None:
    events = RecordingEvents()
    async with fetcher(settings(timeout=10), events=events) as f:
        result = await f.fetch_page(_base(faulty_server) + "/drop-once")
    assert result.body == HTML.encode()
    assert result.attempts == 2
    assert len(events.retries) == 1
