"""Helpers shared by the crawler's test files (not a test module)."""

from __future__ import annotations

import asyncio
import json
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from extractor._models import Exercise
from extractor.crawling._crawl import Crawler, CrawlSummary
from extractor.crawling._fetch import Fetcher
from extractor.crawling._settings import CrawlSettings
from extractor.parsing._parse import parse_page
from extractor.testing._localsite import LocalSite

SITE = Path(__file__).resolve().parent.parent / "fixtures" / "site"

#: The sample site's exercise pages: source_id -> path (every one must become one record).
EXERCISE_PAGES = {
    "3f9a1c": "/en/exercise/3f9a1c-psoas-smash",
    "7b2e04": "/en/exercise/7b2e04-goblet-squat",
    "5e6f70": "/en/exercise/5e6f70-cat-cow",
    "d4e5f6": "/en/exercise/d4e5f6-forearm-plank",
    "a41d77": "/fr/exercise/a41d77-pont-fessier",
    "1b2c3d": "/fr/exercise/1b2c3d-gainage-lateral",
    "c0ffee": "/de/exercise/c0ffee-ausfallschritt",
    "9a8b7c": "/de/exercise/9a8b7c-kniebeuge",
}
LISTING_PAGE = "/en/exercise/"
DISALLOWED_PAGE = "/en/exercise/0ddba11-private-draft"


def fast_settings(output: Path, **overrides: Any) -> CrawlSettings:
    """Settings with tiny timeouts and backoffs so fault tests run in seconds."""
    values: dict[str, Any] = {
        "output": output,
        "concurrency": 3,
        "rate": None,
        "timeout": 2.0,
        "connect_timeout": 1.0,
        "max_retries": 2,
        "backoff_initial": 0.02,
        "backoff_max": 0.1,
        "retry_after_cap": 2.0,
    }
    values.update(overrides)
    return CrawlSettings(**values)


async def no_wait(delay: float) -> None:
    """Stands in for asyncio.sleep between retries: returns at once."""


def quick_fetcher(**overrides: Any) -> Fetcher:
    """A Fetcher for respx tests: no rate limit, no backoff, retries that never wait, and
    httpx's own transport (respx replaces the network under it)."""
    values: dict[str, Any] = {
        "http_client": "httpx",
        "rate": None,
        "backoff_initial": 0.0,
        "backoff_max": 0.0,
    }
    values.update(overrides)
    return Fetcher(CrawlSettings(**values), sleep=no_wait)


def run(settings: CrawlSettings, urls: Any = (), sitemaps: Any = (), **kwargs: Any) -> CrawlSummary:
    """One crawl in a fresh event loop, without touching the test process's signal handlers."""
    crawler = Crawler(settings, handle_signals=False, **kwargs)
    return asyncio.run(crawler.run(urls, sitemaps=sitemaps))


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    """Every line of a JSON Lines file, asserting none is torn."""
    if not path.exists():
        return []
    data = path.read_bytes()
    assert not data or data.endswith(b"\n"), f"{path.name} ends with a torn line"
    return [json.loads(line) for line in data.decode("utf-8").splitlines()]


def expected_record(site: LocalSite, path: str) -> dict[str, Any]:
    """What parsing the served page directly gives (the crawl must give the same)."""
    body, content_type = site.served(path)
    return parse_page(body, url=site.url(path), content_type=content_type).model_dump(mode="json")


def parse_or_die(body: bytes, *, url: str, content_type: str | None) -> Exercise:
    """``parse_page``, except that a page whose URL says "die" kills the process parsing it
    (a worker crashing on one page: a segfault in a C library, the OOM killer)."""
    if "die" in url:
        os._exit(3)
    return parse_page(body, url=url, content_type=content_type)


@asynccontextmanager
async def keep_alive_server(
    body: bytes, *, close_idle_after: float | None = None
) -> AsyncIterator[tuple[str, list[int], list[bytes]]]:
    """A keep-alive HTTP/1.1 server answering ``body`` to every request. Yields its origin,
    the number of connections it accepted (a one-item list) and every request head it read.
    With ``close_idle_after``, it closes each connection that long after its last response
    (as servers do with idle kept-alive connections)."""
    accepted = [0]
    heads: list[bytes] = []

    async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        accepted[0] += 1
        try:
            while head := await reader.readuntil(b"\r\n\r\n"):
                heads.append(head)
                writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n" % len(body) + body)
                await writer.drain()
                if close_idle_after is not None:
                    await asyncio.sleep(close_idle_after)
                    break
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()

    server = await asyncio.start_server(serve, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}", accepted, heads
    finally:
        server.close()
        await server.wait_closed()
