"""Per-host request spacing: ``rate`` requests per second, or a slower robots Crawl-delay.

A host is an origin (``scheme://host[:port]``), the scope of a robots.txt and so
of its Crawl-delay.

Each host gets an ``aiolimiter.AsyncLimiter(1, interval)``: a leaky bucket of
capacity one, so requests are spaced at least ``interval`` apart and never
burst above the rate (a bucket of capacity ``rate`` per second would allow a
burst of ``rate`` requests at once).
"""

from __future__ import annotations

from aiolimiter import AsyncLimiter

__all__ = ["HostRateLimiter"]


class HostRateLimiter:
    """Spaces requests per host; ``rate`` None means no limit unless a Crawl-delay asks for one."""

    def __init__(self, rate: float | None) -> None:
        self._base_interval = 1.0 / rate if rate else 0.0
        self._limiters: dict[str, AsyncLimiter] = {}

    def interval(self, origin: str) -> float:
        """Current minimum seconds between two requests to ``origin`` (0 = unlimited)."""
        limiter = self._limiters.get(origin)
        return limiter.time_period if limiter is not None else self._base_interval

    async def wait_turn(self, origin: str) -> None:
        """Return when a request to ``origin`` may start."""
        limiter = self._limiters.get(origin)
        if limiter is None:
            if not self._base_interval:
                return
            limiter = self._limiters[origin] = AsyncLimiter(1, self._base_interval)
        await limiter.acquire()

    async def slow_down(self, origin: str, interval: float) -> None:
        """Raise ``origin``'s interval to ``interval`` seconds (Crawl-delay) if that is slower.

        The new bucket starts full, as if a request had just been made: it is called
        right after the robots.txt request, which must count against the new spacing,
        and before any other request to the origin (they all wait for robots.txt first),
        so no request is left waiting on the replaced bucket.
        """
        if interval <= self.interval(origin):
            return
        limiter = self._limiters[origin] = AsyncLimiter(1, interval)
        await limiter.acquire()  # immediate: the bucket is new
