"""Fairness between hosts: a slow or rate-limited host does not hold every worker.

Each crawl lists the slow host's URLs first, so a worker that took URLs in list order would
serve the fast host only once the slow host's URLs were nearly all taken. The assertions
compare the two hosts' request times within the same run, not absolute speeds.
"""

from __future__ import annotations

import asyncio
import itertools
import time
from pathlib import Path
from typing import Any

import pytest
from crawl_support import fast_settings, read_jsonl, run
from faulty_server import FaultyServer, Request, page

from extractor.crawling._frontier import HostQueues

pytestmark = pytest.mark.slow

PAGES = 8


def _paths(prefix: str) -> list[str]:
    return [f"/exercise/{prefix}{n:03x}-page" for n in range(PAGES)]


def _arrivals(server: FaultyServer) -> list[float]:
    return sorted(r.arrived for r in server.requests if r.path.startswith("/exercise/"))


def _crawl_both(slow: FaultyServer, fast: FaultyServer, output: Path, **settings: Any) -> None:
    urls = [slow.url(p) for p in _paths("a")] + [fast.url(p) for p in _paths("b")]
    summary = run(fast_settings(output, concurrency=3, **settings), urls)
    assert summary.records == 2 * PAGES
    assert len(read_jsonl(output / "exercises.jsonl")) == 2 * PAGES


def test_a_rate_limited_host_holds_one_worker_and_the_other_host_goes_ahead(
    tmp_path: Path,
) -> None:
    robots = page(b"User-agent: *\nCrawl-delay: 0.3\n", content_type="text/plain")
    with (
        FaultyServer({"/robots.txt": robots, **dict.fromkeys(_paths("a"), page())}) as slow,
        FaultyServer(dict.fromkeys(_paths("b"), page())) as fast,
    ):
        _crawl_both(slow, fast, tmp_path)
        slow_times, fast_times = _arrivals(slow), _arrivals(fast)
    gaps = [later - earlier for earlier, later in itertools.pairwise(slow_times)]
    assert min(gaps) >= 0.3 - 0.05  # the Crawl-delay still holds (less arrival jitter)
    # The fast host is done before the slow host's third turn (0.6 s in; all 8 take 2.1 s).
    assert fast_times[-1] < slow_times[2]


def test_a_slow_host_does_not_take_every_worker(tmp_path: Path) -> None:
    def slow_page(conn: Any, request: Request) -> None:
        time.sleep(0.4)
        page()(conn, request)

    with (
        FaultyServer(dict.fromkeys(_paths("a"), slow_page)) as slow,
        FaultyServer(dict.fromkeys(_paths("b"), page())) as fast,
    ):
        _crawl_both(slow, fast, tmp_path, rate=None)
        slow_times, fast_times = _arrivals(slow), _arrivals(fast)
    # Without fairness the three workers would all sit on slow pages for 0.4 s at a time and
    # reach the fast host only near the end; here it is done before any slow page is.
    assert fast_times[-1] < slow_times[0] + 0.4


# -- HostQueues on its own -----------------------------------------------------------------------


def test_queues_serve_the_least_busy_ready_host_and_stay_bounded() -> None:
    async def scenario() -> None:
        limited = {"http://slow.example"}
        frontier = HostQueues(4, rate_limited=limited.__contains__)
        for url in ["http://slow.example/1", "http://slow.example/2", "http://fast.example/1"]:
            await frontier.put(url)
        await frontier.put("http://fast.example/2")
        blocked = asyncio.ensure_future(frontier.put("http://fast.example/3"))
        await asyncio.sleep(0)
        assert not blocked.done()  # four queued: the fifth waits for room

        assert await frontier.take() == "http://slow.example/1"
        await asyncio.sleep(0)
        assert blocked.done()
        # slow/2 waits: slow/1 has not been sent yet and the host is rate limited.
        assert await frontier.take() == "http://fast.example/1"
        assert await frontier.take() == "http://fast.example/2"
        frontier.sent("http://slow.example/1")
        # Ready again; and least busy (1 in progress against fast's 2).
        assert await frontier.take() == "http://slow.example/2"
        waiting = asyncio.ensure_future(frontier.take())
        await asyncio.sleep(0)
        assert await waiting == "http://fast.example/3"  # an unlimited host is always ready

        frontier.close()
        assert await frontier.take() is None

    asyncio.run(scenario())


def test_a_rate_limited_host_is_ready_again_when_its_waiting_url_is_done() -> None:
    async def scenario() -> None:
        frontier = HostQueues(8, rate_limited=lambda origin: True)
        for n in range(2):
            await frontier.put(f"http://h.example/{n}")
        frontier.close()
        first = await frontier.take()
        second = asyncio.ensure_future(frontier.take())
        await asyncio.sleep(0)
        assert not second.done()
        assert first is not None
        frontier.done(first)  # e.g. refused by robots.txt before any request
        assert await second == "http://h.example/1"

    asyncio.run(scenario())
