"""The crawl's waiting room: bounded per-host queues that keep every worker useful.

A worker that takes the next URL whatever its host can end up waiting for that host's rate
turn, or on a slow host, while URLs of other hosts sit idle behind it. Here the producer
puts URLs into one queue per origin (``scheme://host[:port]``: the scope of the rate limit,
of Crawl-delay and of robots.txt), bounded in total, and a worker takes a URL

- only from a host that is *ready*: a rate-limited host (``rate``, Crawl-delay) is ready
  when none of its taken URLs is still waiting for its first request to be sent; that one
  URL takes the host's next turn, and more would only hold workers. An unlimited host is
  always ready;
- among ready hosts, from the one with the fewest URLs in progress (ties: the host served
  longest ago), so a slow host cannot take every worker while other hosts have work.

One host alone gets every worker, in list order, as before. The fetcher still enforces the
rate and the global concurrency: this only decides who works on what. Memory is bounded by
``capacity`` URLs plus a few counters per host with URLs queued or in progress.
"""

from __future__ import annotations

import asyncio
from collections import Counter, deque
from collections.abc import Callable

from ._robots import origin_of

__all__ = ["HostQueues"]


class HostQueues:
    """Per-origin FIFO queues holding at most ``capacity`` URLs in total.

    ``rate_limited(origin)`` says whether requests to ``origin`` are spaced (then one URL at
    a time waits for the host's turn). The crawler reports ``sent(url)`` when the first
    request for a taken URL goes on the wire and ``done(url)`` when the URL is settled.
    """

    def __init__(self, capacity: int, *, rate_limited: Callable[[str], bool]) -> None:
        if capacity < 1:
            raise ValueError("capacity must be at least 1")
        self._capacity = capacity
        self._rate_limited = rate_limited
        self._queues: dict[str, deque[str]] = {}  # insertion order: least recently served first
        self._size = 0
        self._taken: dict[str, str] = {}  # URL in progress -> its origin
        self._busy: Counter[str] = Counter()  # URLs in progress per origin
        self._unsent: set[str] = set()  # taken URLs whose first request is not sent yet
        self._waiting: Counter[str] = Counter()  # the same, counted per origin
        self._closed = False
        self._work = asyncio.Event()  # replaced on each change; see _signal
        self._space = asyncio.Event()

    def __len__(self) -> int:
        """URLs queued (not taken)."""
        return self._size

    async def put(self, url: str) -> None:
        """Queue ``url``; waits while ``capacity`` URLs are queued."""
        while self._size >= self._capacity and not self._closed:
            await self._space.wait()
        if self._closed:
            raise RuntimeError("put() after close()")
        self._queues.setdefault(_origin(url), deque()).append(url)
        self._size += 1
        self._work = _signal(self._work)

    async def take(self) -> str | None:
        """The next URL of a ready host; ``None`` once closed and empty."""
        while (url := self._pick()) is None:
            if self._closed and not self._size:
                return None
            await self._work.wait()
        self._space = _signal(self._space)
        return url

    def sent(self, url: str) -> None:
        """The first request for ``url`` went on the wire: its host may take another waiter."""
        if url in self._unsent:
            self._unsent.discard(url)
            _decrement(self._waiting, self._taken[url])
            self._work = _signal(self._work)

    def done(self, url: str) -> None:
        """``url`` is settled (or abandoned): it no longer counts against its host."""
        origin = self._taken.pop(url, None)
        if origin is None:
            return
        if url in self._unsent:
            self._unsent.discard(url)
            _decrement(self._waiting, origin)
        _decrement(self._busy, origin)
        self._work = _signal(self._work)

    def close(self) -> None:
        """No more URLs: ``take()`` returns ``None`` once the queues are empty."""
        self._closed = True
        self._work = _signal(self._work)
        self._space = _signal(self._space)

    def clear(self) -> None:
        """Drop every queued URL (left for the next run) and close."""
        self._queues.clear()
        self._size = 0
        self.close()

    def _pick(self) -> str | None:
        ready = [origin for origin in self._queues if self._ready(origin)]
        if not ready:
            return None
        origin = min(ready, key=self._busy.__getitem__)  # the first of equals: served longest ago
        queue = self._queues.pop(origin)
        url = queue.popleft()
        if queue:
            self._queues[origin] = queue  # back of the line
        self._size -= 1
        self._taken[url] = origin
        self._busy[origin] += 1
        self._unsent.add(url)
        self._waiting[origin] += 1
        return url

    def _ready(self, origin: str) -> bool:
        return not self._waiting[origin] or not self._rate_limited(origin)


def _signal(event: asyncio.Event) -> asyncio.Event:
    """Wake every waiter of ``event`` and return a fresh event for the next wait."""
    event.set()
    return asyncio.Event()


def _decrement(counter: Counter[str], key: str) -> None:
    counter[key] -= 1
    if counter[key] <= 0:
        del counter[key]  # hosts with nothing in progress cost no memory


def _origin(url: str) -> str:
    try:
        return origin_of(url)
    except ValueError:  # not fetchable; the fetcher says why. Its own queue keeps it apart.
        return url
