"""robots.txt (RFC 9309): what a host allows, and a once-per-host cache of it.

``RobotsPolicy`` is pure (bytes or a status in, decisions out); ``RobotsCache``
makes sure each origin's robots.txt is fetched once, even when many first
requests for that origin arrive together.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from protego import Protego

from ..parsing import origin_of

__all__ = [
    "ROBOTS_MAX_BYTES",
    "ROBOTS_MAX_REDIRECTS",
    "RobotsCache",
    "RobotsPolicy",
    "origin_of",
    "product_token",
    "robots_url",
]

# RFC 9309 §2.5: crawlers MUST parse at least 500 KiB; we read that much and ignore the rest.
ROBOTS_MAX_BYTES = 500 * 1024
# RFC 9309 §2.3.1.2: follow at least five consecutive redirects.
ROBOTS_MAX_REDIRECTS = 5

# RFC 9309 §2.2.1: the product token is letters, "_" and "-" only.
_PRODUCT_TOKEN = re.compile(r"[A-Za-z_-]+")


def robots_url(url: str) -> str:
    """The robots.txt URL governing ``url`` (RFC 9309 §2.3)."""
    return origin_of(url) + "/robots.txt"


def product_token(user_agent: str) -> str:
    """The token robots.txt groups are matched against: ``extractor`` of ``extractor/1.0 (...)``.

    Matching on the token rather than the whole header (RFC 9309 §2.2.1) keeps a
    group such as ``User-agent: github`` from matching a contact URL in our header.
    """
    match = _PRODUCT_TOKEN.match(user_agent.strip())
    return match.group(0) if match else "*"


@dataclass(frozen=True, slots=True)
class RobotsPolicy:
    """What one origin's robots.txt allows.

    ``rules`` None with ``unreachable`` None means "allow everything" (no file,
    4xx); ``unreachable`` set means "disallow everything for now" (5xx, network).
    """

    source: str
    rules: Protego | None = None
    unreachable: str | None = None
    sitemaps: tuple[str, ...] = field(default=())

    @classmethod
    def allow_all(cls, source: str) -> RobotsPolicy:
        """No restrictions (robots.txt missing, 4xx, or not consulted)."""
        return cls(source)

    @classmethod
    def unreadable(cls, source: str, reason: str) -> RobotsPolicy:
        """Disallow all: RFC 9309 §2.3.1.4 (server error or unreachable)."""
        return cls(source, unreachable=reason)

    @classmethod
    def from_status(cls, source: str, status: int) -> RobotsPolicy:
        """The policy for a robots.txt request that ended with a non-2xx ``status``.

        3xx here means more redirects than RFC 9309 asks us to follow: treated as
        unavailable (§2.3.1.2), like 4xx (§2.3.1.3). 429 is a request to slow down,
        not an absent file, so it is treated like a 5xx (as major crawlers do).
        """
        if status == 429 or status >= 500:
            return cls.unreadable(source, f"robots.txt unreachable: HTTP {status}")
        return cls.allow_all(source)

    @classmethod
    def parse(cls, source: str, body: bytes) -> RobotsPolicy:
        """Parse a robots.txt body (UTF-8 per RFC 9309 §2.3; undecodable bytes replaced)."""
        text = body[:ROBOTS_MAX_BYTES].decode("utf-8", errors="replace").lstrip("\ufeff")
        rules = Protego.parse(text)
        return cls(source, rules=rules, sitemaps=tuple(rules.sitemaps))

    def refusal(self, url: str, user_agent: str) -> str | None:
        """Why ``url`` may not be fetched, or None when it may."""
        if self.unreachable is not None:
            return f"{self.unreachable} ({self.source}); not fetching until it can be read"
        if self.rules is None:
            return None
        token = product_token(user_agent)
        if self.rules.can_fetch(url, token):
            return None
        return f"disallowed by {self.source} for user agent {token!r}"

    def crawl_delay(self, user_agent: str) -> float | None:
        """Seconds between requests the file asks of ``user_agent`` (Crawl-delay), if any."""
        if self.rules is None:
            return None
        delay = self.rules.crawl_delay(product_token(user_agent))
        return float(delay) if delay is not None and delay > 0 else None


class RobotsCache:
    """Each origin's ``RobotsPolicy``, loaded once per run.

    The first caller for an origin starts one load task; every concurrent caller
    awaits the same task (shielded, so one cancelled caller does not cancel the
    load for the others).
    """

    def __init__(self, load: Callable[[str], Awaitable[RobotsPolicy]]) -> None:
        self._load = load
        self._tasks: dict[str, asyncio.Task[RobotsPolicy]] = {}

    async def get(self, origin: str) -> RobotsPolicy:
        """The policy for ``origin`` (``scheme://host[:port]``), loading it on first use."""
        task = self._tasks.get(origin)
        if task is None:
            task = asyncio.ensure_future(self._load(origin))
            self._tasks[origin] = task
        return await asyncio.shield(task)

    async def aclose(self) -> None:
        """Cancel loads still running (the fetcher is closing)."""
        pending = [task for task in self._tasks.values() if not task.done()]
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)
