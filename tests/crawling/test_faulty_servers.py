"""The crawler against misbehaving servers on 127.0.0.1 (raw sockets, see ``faulty_server``).

The contract checked for every fault: the crawl ends in bounded time, every URL ends exactly
once (a record, or a ``failures.jsonl`` line with stage, error type, reason, status and
attempts), the manifest is written, and the reason names the real fault. Timeouts and
backoffs are tiny so the whole file runs in seconds.
"""

from __future__ import annotations

import asyncio
import functools
import gzip
import itertools
import json
import os
import signal
import subprocess
import sys
import time
import zlib
from pathlib import Path
from typing import Any

import pytest
from crawl_support import fast_settings, read_jsonl, run
from faulty_server import (
    EXERCISE_HTML,
    FaultyServer,
    Request,
    Route,
    body_response,
    hang,
    page,
    raw,
    reset,
    sequence,
    status,
    trickle,
)

from extractor._exceptions import TooLarge
from extractor.crawling._content_encoding import STEP, BoundedDecoder, UndecodableBody
from extractor.crawling._fetch import Fetcher
from extractor.crawling._settings import CrawlSettings
from extractor.parsing._urls import normalise_url

pytestmark = pytest.mark.slow
POSIX_ONLY = pytest.mark.skipif(sys.platform == "win32", reason="RLIMIT_FSIZE and SIGTERM")

TIMEOUT = 0.5
RETRIES = 2  # so a transient fault ends with attempts == 3
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4
ERROR_PAGE = (
    b"<html><head><title>404 Not Found</title></head><body><h1>Not Found</h1>"
    b"<p>The requested URL was not found on this server.</p></body></html>"
)


@functools.cache
def _bomb(decoded_size: int) -> bytes:
    """gzip of ``decoded_size`` spaces, built without holding them in memory."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    block = b" " * (1024 * 1024)
    parts = [packer.compress(block) for _ in range(decoded_size // len(block))]
    return b"".join(parts) + packer.flush()


def _broken_chunked(conn: Any, request: Request) -> None:
    conn.sendall(
        b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n"
        b"10\r\n<html><body>abcd\r\nzz\r\nxxxx"
    )


def _settled(output: Path) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    return read_jsonl(output / "exercises.jsonl"), read_jsonl(output / "failures.jsonl")


def assert_each_url_once(output: Path, urls: list[str]) -> dict[str, dict[str, Any]]:
    """Every URL is exactly one record or one well-formed failure; return failures by URL."""
    records, failures = _settled(output)
    ended = [normalise_url(r["url"]) for r in records] + [f["url"] for f in failures]
    expected = sorted({normalise_url(url) for url in urls})
    assert sorted(ended) == expected
    for failure in failures:
        assert failure["stage"] in ("robots", "fetch", "parse"), failure
        assert failure["error_type"], failure
        assert failure["reason"], failure
        assert isinstance(failure["attempts"], int), failure
        assert isinstance(failure["transient"], bool), failure
    assert json.loads((output / "manifest.json").read_text())["status"] == "completed"
    return {f["url"]: f for f in failures}


# -- one crawl over many faulty pages ------------------------------------------------------------

# path -> None (must become a record) or (stage, error_type, status, transient, attempts, reason)
EXPECTED: dict[str, tuple[str, str, int | None, bool, int, str] | None] = {
    "/exercise/a001-garbage-status": ("fetch", "NetworkError", None, True, 3, "malformed HTTP"),
    "/exercise/a002-never-answers": ("fetch", "NetworkError", None, True, 3, "timed out"),
    "/exercise/a003-trickle": ("fetch", "NetworkError", None, True, 3, "timed out"),
    "/exercise/a004-short-body": ("fetch", "NetworkError", None, True, 3, "connection dropped"),
    "/exercise/a005-broken-chunks": ("fetch", "NetworkError", None, True, 3, "chunk"),
    "/exercise/a006-gzip-bomb": ("fetch", "TooLarge", 200, False, 1, "too large"),
    "/exercise/a007-bad-gzip": ("fetch", "FetchError", 200, False, 1, "invalid gzip data"),
    "/exercise/a008-redirect-loop": ("fetch", "HTTPStatusError", 302, False, 1, "redirect loop"),
    "/exercise/a009-to-ftp": ("fetch", "FetchError", 302, False, 1, "non-http(s) URL: ftp://"),
    "/exercise/a00a-no-location": ("fetch", "HTTPStatusError", 301, False, 1, "without a Location"),
    "/exercise/a00b-empty": ("parse", "EmptyInput", 200, False, 1, "empty"),
    "/exercise/a00c-error-page": ("parse", "ErrorPage", 200, False, 1, "Not Found"),
    "/exercise/a00d-image-as-html": ("parse", "BinaryInput", 200, False, 1, "PNG"),
    "/exercise/a00e-always-429": ("fetch", "HTTPStatusError", 429, True, 3, "HTTP 429"),
    "/exercise/a00f-to-forbidden-host": (
        "robots",
        "RobotsDisallowed",
        None,
        False,
        1,
        "redirected",
    ),
    "/exercise/a010-bogus-charset": None,
    "/exercise/a011-reset-once": None,
    "/exercise/a012-retry-after-garbage": None,
    "/exercise/a013-retry-after-negative": None,
    "/exercise/a014-raw-deflate": None,
    "/exercise/a015-retry-after-huge": None,
    "/exercise/a016-back-after-cookie": None,  # A -> B -> A, then A answers: not a loop
}
MAX_BYTES = 256 * 1024
RETRY_AFTER_CAP = 0.3


@pytest.fixture(scope="module", params=["aiohttp", "httpx"])
def faulty_crawl(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Any:
    """One crawl of every faulty page, over each network client: the same faults must end
    the same way whichever client is under httpx (see ``crawling/_aiohttp.py``)."""
    output = tmp_path_factory.mktemp("faulty")
    with FaultyServer() as forbidden, FaultyServer() as site:
        forbidden.routes["/robots.txt"] = page(b"User-agent: *\nDisallow: /\n", content_type=None)
        forbidden.routes["/exercise/b001-target"] = page()
        retry_then_page = {
            name: sequence(status(503, headers={"Retry-After": value}), page())
            for name, value in [
                ("garbage", "soon-ish"),
                ("negative", "-5"),
                ("huge", "99999999999999999999"),
            ]
        }
        site.routes.update(
            {
                "/exercise/a001-garbage-status": raw(b"GARBAGE GARBAGE\r\n\r\nhello"),
                "/exercise/a002-never-answers": hang(),
                "/exercise/a003-trickle": trickle(
                    b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 9999\r\n\r\n",
                    interval=0.1,
                ),
                "/exercise/a004-short-body": raw(
                    body_response(EXERCISE_HTML, length=len(EXERCISE_HTML) + 500)
                ),
                "/exercise/a005-broken-chunks": _broken_chunked,
                "/exercise/a006-gzip-bomb": page(
                    _bomb(64 * 1024 * 1024), headers={"Content-Encoding": "gzip"}
                ),
                "/exercise/a007-bad-gzip": page(b"not gzip", headers={"Content-Encoding": "gzip"}),
                "/exercise/a008-redirect-loop": status(
                    302, headers={"Location": "/exercise/a008-redirect-loop"}
                ),
                "/exercise/a009-to-ftp": status(302, headers={"Location": "ftp://127.0.0.1/x"}),
                "/exercise/a00a-no-location": status(301),
                "/exercise/a00b-empty": page(b""),
                "/exercise/a00c-error-page": page(ERROR_PAGE),
                "/exercise/a00d-image-as-html": page(PNG),
                "/exercise/a00e-always-429": status(429),
                "/exercise/a00f-to-forbidden-host": status(
                    302, headers={"Location": forbidden.url("/exercise/b001-target")}
                ),
                "/exercise/a010-bogus-charset": page(content_type="text/html; charset=bogus"),
                "/exercise/a011-reset-once": sequence(reset(), page()),
                "/exercise/a012-retry-after-garbage": retry_then_page["garbage"],
                "/exercise/a013-retry-after-negative": retry_then_page["negative"],
                "/exercise/a014-raw-deflate": page(
                    zlib.compress(EXERCISE_HTML)[2:-4], headers={"Content-Encoding": "deflate"}
                ),
                "/exercise/a015-retry-after-huge": retry_then_page["huge"],
                "/exercise/a016-back-after-cookie": sequence(
                    status(302, headers={"Location": "/consent"}), page()
                ),
                "/consent": status(302, headers={"Location": "/exercise/a016-back-after-cookie"}),
            }
        )
        urls = [site.url(path) for path in EXPECTED]
        settings = fast_settings(
            output,
            concurrency=8,
            timeout=TIMEOUT,
            max_retries=RETRIES,
            max_bytes=MAX_BYTES,
            retry_after_cap=RETRY_AFTER_CAP,
            http_client=request.param,
        )
        started = time.monotonic()
        summary = run(settings, urls)
        elapsed = time.monotonic() - started
        yield {
            "site": site,
            "forbidden": forbidden,
            "urls": urls,
            "output": output,
            "summary": summary,
            "elapsed": elapsed,
        }


def test_every_faulty_url_ends_once_with_the_right_stage_type_and_reason(
    faulty_crawl: Any,
) -> None:
    site: FaultyServer = faulty_crawl["site"]
    failures = assert_each_url_once(faulty_crawl["output"], faulty_crawl["urls"])
    records, _ = _settled(faulty_crawl["output"])
    recorded = {normalise_url(r["url"]) for r in records}
    for path, expected in EXPECTED.items():
        url = site.url(path)
        if expected is None:
            assert url in recorded, (path, failures.get(url))
            continue
        stage, error_type, http_status, transient, attempts, reason = expected
        failure = failures[url]
        got = (failure["stage"], failure["error_type"], failure["status"], failure["transient"])
        assert got == (stage, error_type, http_status, transient), failure
        assert failure["attempts"] == attempts, failure
        assert reason in failure["reason"], failure
    # Never a library's name or a message that hides the fault.
    for failure in failures.values():
        assert "bytearray" not in failure["reason"]
        assert not failure["reason"].startswith("unexpected error")


def test_the_faulty_crawl_is_bounded_in_time(faulty_crawl: Any) -> None:
    # Three attempts of 0.5 s plus tiny backoffs for the slowest URLs, all in parallel.
    assert faulty_crawl["elapsed"] < 3 * TIMEOUT + 3.0
    assert faulty_crawl["summary"].status == "completed"


def test_retries_are_counted_per_fault(faulty_crawl: Any) -> None:
    site: FaultyServer = faulty_crawl["site"]
    for path, expected in EXPECTED.items():
        attempts = 1 if expected is None else expected[4]
        if path == "/exercise/a011-reset-once" or "retry-after" in path or "cookie" in path:
            attempts = 2  # one fault (or redirect), then the page
        if "redirect-loop" in path:
            attempts = 6  # the redirect budget (5) ends a loop: it may be a cookie check
        assert site.hits(path) == attempts, path
    assert faulty_crawl["forbidden"].hits("/exercise/b001-target") == 0


def test_an_absurd_retry_after_is_capped(faulty_crawl: Any) -> None:
    site: FaultyServer = faulty_crawl["site"]
    first, second = [r.arrived for r in site.requests if r.path.endswith("retry-after-huge")]
    assert RETRY_AFTER_CAP * 0.9 <= second - first < RETRY_AFTER_CAP + 1.0


# -- gzip bombs: the cap counts decoded bytes and memory stays at one step ------------------------


def test_decoder_output_is_lazy_and_stepped() -> None:
    bomb = _bomb(64 * 1024 * 1024)  # 64 MB of spaces in ~64 KB
    pieces = BoundedDecoder("gzip").decode(bomb)
    first = [next(pieces) for _ in range(4)]
    # Each zlib call produced at most one step; nothing else was inflated.
    assert all(0 < len(piece) <= STEP for piece in first)


def test_decoder_undoes_a_chain_of_codings_and_ignores_unknown_ones() -> None:
    body = gzip.compress(zlib.compress(EXERCISE_HTML), mtime=0)
    decoder = BoundedDecoder("deflate, identity, gzip, x-unknown")
    out = b"".join([*decoder.decode(body[:10]), *decoder.decode(body[10:]), *decoder.finish()])
    assert out == EXERCISE_HTML


def test_decoder_reports_corrupt_data() -> None:
    with pytest.raises(UndecodableBody, match="invalid gzip data"):
        list(BoundedDecoder("gzip").decode(b"\x1f\x8b\x08\x00" + b"\xff" * 64))


def test_concurrent_gzip_bombs_are_stopped_at_the_cap() -> None:
    bomb = _bomb(64 * 1024 * 1024)
    with FaultyServer(
        {f"/b{i}": page(bomb, headers={"Content-Encoding": "gzip"}) for i in range(4)}
    ) as s:

        async def fetch_all() -> list[BaseException | object]:
            config = CrawlSettings(rate=None, respect_robots=False, max_bytes=1024 * 1024)
            async with Fetcher(config) as fetcher:
                calls = [fetcher.fetch_page(s.url(f"/b{i}")) for i in range(4)]
                return await asyncio.gather(*calls, return_exceptions=True)

        results = asyncio.run(fetch_all())
    assert all(isinstance(result, TooLarge) for result in results), results


# -- robots.txt that misbehaves ------------------------------------------------------------------

PAGES = ["/exercise/c001-a", "/exercise/c002-b", "/private/exercise/c003-c"]


@pytest.mark.parametrize(
    ("robots", "fetched"),
    [
        (page(b"<html><body><h1>Welcome</h1></body></html>"), 3),  # HTML: no rules
        (page(b"User-agent: *\nDisallow: /private\n" + b"# pad\n" * 200_000), 2),  # > 500 KiB
        (status(302, headers={"Location": "/robots.txt"}), 3),  # redirect loop: unavailable
        (status(401), 3),  # RFC 9309 §2.3.1.3: 4xx = allow all
        (status(403), 3),
        (hang(), 0),  # unreachable = disallow all, transiently
        (status(500), 0),
    ],
    ids=["html", "huge", "redirect-loop", "401", "403", "timeout", "500"],
)
def test_robots_txt_faults(tmp_path: Path, robots: Route, fetched: int) -> None:
    with FaultyServer({"/robots.txt": robots, **{p: page() for p in PAGES}}) as site:
        urls = [site.url(p) for p in PAGES]
        started = time.monotonic()
        run(fast_settings(tmp_path, timeout=TIMEOUT, max_retries=1), urls)
        assert time.monotonic() - started < 2 * TIMEOUT + 2.0
        assert sum(site.hits(p) for p in PAGES) == fetched
        assert site.hits("/robots.txt") <= 6  # once, or once per redirect hop
    failures = assert_each_url_once(tmp_path, urls)
    for failure in failures.values():
        assert failure["stage"] == "robots"
        assert failure["transient"] is (fetched == 0), failure


def test_an_absurd_crawl_delay_is_capped(tmp_path: Path) -> None:
    robots = page(b"User-agent: *\nCrawl-delay: 100000\n", content_type="text/plain")
    with FaultyServer({"/robots.txt": robots, **{p: page() for p in PAGES[:2]}}) as site:
        started = time.monotonic()
        run(fast_settings(tmp_path, retry_after_cap=0.3), [site.url(p) for p in PAGES[:2]])
        arrivals = sorted(r.arrived for r in site.requests if r.path in PAGES)
    assert time.monotonic() - started < 3.0
    assert len(arrivals) == 2
    assert arrivals[1] - arrivals[0] >= 0.25


# -- sitemaps that misbehave ---------------------------------------------------------------------


def _urlset(locations: list[str]) -> bytes:
    entries = "".join(f"<url><loc>{loc}</loc></url>" for loc in locations)
    xmlns = "http://www.sitemaps.org/schemas/sitemap/0.9"
    return f'<?xml version="1.0"?><urlset xmlns="{xmlns}">{entries}</urlset>'.encode()


def test_broken_sitemaps_are_listed_and_their_readable_entries_kept(tmp_path: Path) -> None:
    with FaultyServer() as site:
        good = [site.url(f"/exercise/d00{i}-p") for i in range(4)]
        site.routes.update({f"/exercise/d00{i}-p": page() for i in range(4)})
        truncated_xml = _urlset(good[:2])[:-30]  # cut inside the last entry's closing tags
        gz = gzip.compress(_urlset(good[2:]), mtime=0)
        index = (
            f"<sitemapindex><sitemap><loc>{site.url('/index.xml')}</loc></sitemap></sitemapindex>"
        )
        site.routes.update(
            {
                "/cut.xml": page(truncated_xml, content_type="application/xml"),
                "/cut.xml.gz": page(gz[: len(gz) - 12], content_type="application/gzip"),
                "/empty.xml": page(b"", content_type="application/xml"),
                "/index.xml": page(index.encode(), content_type="application/xml"),
                "/hang.xml": hang(),
                # A prefix bound to no namespace once crashed the whole crawl (lxml's QName).
                "/prefix.xml": page(
                    f"<urlset><url><loc>{good[3]}</loc></url><x:junk/></urlset>".encode(),
                    content_type="application/xml",
                ),
            }
        )
        roots = ["/cut.xml", "/cut.xml.gz", "/empty.xml", "/index.xml", "/hang.xml", "/prefix.xml"]
        started = time.monotonic()
        summary = run(
            fast_settings(tmp_path, timeout=TIMEOUT, max_retries=0),
            sitemaps=[site.url(p) for p in roots],
        )
        assert time.monotonic() - started < TIMEOUT + 3.0
        assert site.hits("/index.xml") == 1  # an index naming itself is read once
    records, failures = _settled(tmp_path)
    # The first entry of the cut sitemap and what the cut gzip still holds are not lost.
    assert {normalise_url(r["url"]) for r in records} >= {good[0], good[2], good[3]}
    reasons = {f["url"]: f["reason"] for f in failures}
    assert "partly read" in reasons[site.url("/cut.xml")]
    assert "partly read" in reasons[site.url("/cut.xml.gz")]
    assert "empty document" in reasons[site.url("/empty.xml")]
    assert "timed out" in reasons[site.url("/hang.xml")]
    assert summary.status == "completed"


def test_a_full_size_sitemap_is_not_refused_by_the_page_size_cap(tmp_path: Path) -> None:
    with FaultyServer({"/exercise/e000-first": page()}) as site:
        # 20,000 entries with the usual extra fields: ~3 MB, three times the page cap.
        extra = "<lastmod>2024-01-01T00:00:00+00:00</lastmod><priority>0.5</priority>"
        entries = "".join(
            f"<url><loc>{site.url(f'/exercise/e{i:03x}-first')}</loc>{extra}{' ' * 60}</url>"
            for i in range(20_000)
        )
        body = f"<urlset>{entries}</urlset>".encode()
        assert len(body) > 2 * 1024 * 1024
        site.routes["/big.xml"] = page(body, content_type="application/xml")
        run(
            fast_settings(tmp_path, max_bytes=1024 * 1024, include=r"/e000-"),
            sitemaps=[site.url("/big.xml")],
        )
    records, failures = _settled(tmp_path)
    assert [r["source_id"] for r in records] == ["e000"], failures


# -- the URL list ------------------------------------------------------------------------------


def test_invalid_and_duplicated_list_entries(tmp_path: Path) -> None:
    with FaultyServer({"/exercise/f001-a": page(), "/exercise/f002-b": page()}) as site:
        port = site.port
        same = [
            site.url("/exercise/f001-a"),
            f"HTTP://127.0.0.1:{port}/exercise/f001-a#section",
            f"http://127.0.0.1:{port}/exercise/f001-a?utm_source=news",
            f"\ufeffhttp://127.0.0.1:{port}/exercise/f001-a",  # a BOM mid-list
        ]
        invalid = [
            f"127.0.0.1:{port}/exercise/f009-no-scheme",
            "/exercise/f00a-relative",
            "javascript:alert('/exercise/')",
            "http://127.0.0.1:99999/exercise/f00b-bad-port",
            "http://[::1/exercise/f00c-bad-ipv6",
            "http://exa mple.invalid/exercise/f00d-space-in-host",  # refused before any lookup
            "http://xn--/exercise/f00e-bad-punycode",
            "http://\u2603.invalid/exercise/f00f-bad-idna",
        ]
        listed = [*same, *invalid, site.url("/exercise/f002-b")]
        run(fast_settings(tmp_path), listed)
        assert site.hits("/exercise/f001-a") == 1
    records, failures = _settled(tmp_path)
    assert sorted(r["source_id"] for r in records) == ["f001", "f002"]
    assert len(failures) == len(invalid)
    for failure in failures:
        assert (failure["stage"], failure["error_type"], failure["attempts"]) == (
            "fetch",
            "FetchError",
            0,
        )
        assert "invalid URL" in failure["reason"]


# -- politeness over many hosts --------------------------------------------------------------------


def test_rate_per_host_and_concurrency_over_two_hosts(tmp_path: Path) -> None:
    def slow(conn: Any, request: Request) -> None:
        time.sleep(0.1)
        page()(conn, request)

    paths = [f"/exercise/{i:04x}-p" for i in range(8)]
    with FaultyServer(dict.fromkeys(paths, slow)) as site:
        # 127.0.0.1 and localhost are two origins (two robots.txt, two rate limits).
        urls = [site.url(p) for p in paths[:4]] + [
            f"http://localhost:{site.port}{p}" for p in paths[4:]
        ]
        run(fast_settings(tmp_path, concurrency=3, rate=10.0), urls)
        by_host: dict[str, list[float]] = {}
        for request in site.requests:
            by_host.setdefault(request.headers["host"].split(":")[0], []).append(request.arrived)
        assert site.peak_in_flight <= 3
    assert sorted(by_host) == ["127.0.0.1", "localhost"]
    for arrivals in by_host.values():
        arrivals.sort()
        gaps = [later - earlier for earlier, later in itertools.pairwise(arrivals)]
        # Spacing is enforced when a request is sent and measured when it arrives: a connect
        # or a server thread starting late shortens the next gap (by 34 ms once, on a loaded
        # CI machine). Two requests sent together would arrive a few ms apart.
        assert min(gaps) >= 0.1 - 0.05, gaps
    assert_each_url_once(tmp_path, urls)


def test_waiting_for_a_slot_does_not_bunch_requests_to_one_host() -> None:
    # Two requests that never get an answer (to two origins, so they start together) hold
    # both slots; two requests to host A take their turns meanwhile. When the slots free up
    # together, A's requests must still leave 0.2 s apart.
    with (
        FaultyServer({"/a1": page(), "/a2": page()}) as host_a,
        FaultyServer({"/b1": hang(2), "/b2": hang(2)}) as host_b,
    ):
        slow_urls = [host_b.url("/b1"), f"http://localhost:{host_b.port}/b2"]

        async def crawl() -> None:
            config = CrawlSettings(
                rate=5.0, concurrency=2, respect_robots=False, timeout=0.5, max_retries=0
            )
            async with Fetcher(config) as fetcher:
                slow = [fetcher.fetch_page(url) for url in slow_urls]
                tasks = [asyncio.ensure_future(call) for call in slow]
                await asyncio.sleep(0.05)
                fast = [fetcher.fetch_page(host_a.url(p)) for p in ("/a1", "/a2")]
                await asyncio.gather(*tasks, *fast, return_exceptions=True)

        asyncio.run(crawl())
        arrivals = sorted(r.arrived for r in host_a.requests)
    assert len(arrivals) == 2
    assert arrivals[1] - arrivals[0] >= 0.2 - 0.05  # arrival jitter: see the test above


# -- the command line: exit codes, manifest, no traceback ----------------------------------------


def _cli(*args: str, file_size_limit: int | None = None) -> subprocess.CompletedProcess[str]:
    """``extractor crawl ARGS`` in a child process (optionally under RLIMIT_FSIZE)."""
    setup = "import resource, sys\n"
    if file_size_limit is not None:  # writes past it fail with EFBIG (Python ignores SIGXFSZ)
        setup += f"resource.setrlimit(resource.RLIMIT_FSIZE, ({file_size_limit},) * 2)\n"
    setup += "from extractor.cli._main import main\nsys.exit(main(sys.argv[1:]))\n"
    command = [sys.executable, "-c", setup, "crawl", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=30, check=False)


def test_cli_completes_with_failures_listed_and_no_traceback(tmp_path: Path) -> None:
    routes = {
        "/exercise/g001-ok": page(),
        "/exercise/g002-garbage": raw(b"NOT HTTP AT ALL\r\n\r\n"),
        "/exercise/g003-gone": status(404),
    }
    with FaultyServer(routes) as site:
        urls = [site.url(p) for p in routes]
        result = _cli(*urls, "-o", str(tmp_path), "--rate", "0", "--max-retries", "1")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert_each_url_once(tmp_path, urls)


@POSIX_ONLY
def test_cli_output_that_becomes_unwritable_is_fatal_and_the_manifest_says_why(
    tmp_path: Path,
) -> None:
    routes = {f"/exercise/{i:04x}-p": page() for i in range(30)}
    with FaultyServer(routes) as site:
        urls = [site.url(p) for p in routes]
        # The records file reaches the limit after a few records; the manifest stays under it.
        result = _cli(*urls, "-o", str(tmp_path), "--rate", "0", file_size_limit=6000)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert "File too large" in result.stderr
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    assert manifest["status"] == "failed"
    assert manifest["error"]["type"] == "OutputError"
    assert "exercises.jsonl" in manifest["error"]["reason"]
    records, _ = _settled(tmp_path)  # what was written before is whole
    assert 0 < len(records) < len(urls)
    assert manifest["counts"]["pending"] > 0


@POSIX_ONLY
def test_cli_sigterm_during_sitemap_discovery_stops_at_once(tmp_path: Path) -> None:
    with FaultyServer({"/sitemap.xml": hang(20)}) as site:
        command = [
            sys.executable,
            "-m",
            "extractor",
            "crawl",
            "--sitemap",
            site.url("/sitemap.xml"),
        ]
        child = subprocess.Popen(
            [*command, "-o", str(tmp_path), "--timeout", "20"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            deadline = time.monotonic() + 10
            while site.hits("/sitemap.xml") == 0 and time.monotonic() < deadline:
                time.sleep(0.05)
            assert site.hits("/sitemap.xml") == 1
            child.send_signal(signal.SIGTERM)
            _, stderr = child.communicate(timeout=10)
        finally:
            if child.poll() is None:
                child.kill()
                child.wait()
    assert child.returncode == 130, stderr
    assert "Traceback" not in stderr
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    assert manifest["interrupted"] is True
    assert "SIGTERM" in manifest["stop_reason"]
    assert os.path.exists(tmp_path / "failures.jsonl")
