"""The network transport: httpx's own, split into small connection pools.

httpcore's connection pool walks every connection it holds on each request and each response
close (``_assign_requests_to_connections``, with an ``is_readable`` check per idle
connection): at concurrency 64 that walk was 60% of the crawl's CPU (cProfile on
bench/crawl_vs_scrapy.py). ``ShardedTransport`` keeps httpx's transport and its behaviour
(the same errors, redirects, limits, respx in tests) and bounds the walk: requests go to the
least busy of several ``AsyncHTTPTransport`` pools of at most ``SHARD_CONNECTIONS``
connections each, their sum being the crawl's concurrency.
"""

from __future__ import annotations

import math
from collections.abc import AsyncIterator

import httpx

__all__ = ["SHARD_CONNECTIONS", "ShardedTransport"]

#: Connections per pool: the walk stays as cheap as at concurrency 8.
SHARD_CONNECTIONS = 8


class ShardedTransport(httpx.AsyncBaseTransport):
    """``connections`` connections over pools of at most ``SHARD_CONNECTIONS``; see above."""

    def __init__(self, connections: int) -> None:
        count = max(1, math.ceil(connections / SHARD_CONNECTIONS))
        per_shard = math.ceil(connections / count)
        limits = httpx.Limits(max_connections=per_shard, max_keepalive_connections=per_shard)
        self._shards = [httpx.AsyncHTTPTransport(limits=limits) for _ in range(count)]
        self._busy = [0] * count  # responses not yet closed, per pool

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        index = min(range(len(self._busy)), key=self._busy.__getitem__)
        self._busy[index] += 1
        try:
            response = await self._shards[index].handle_async_request(request)
        except BaseException:
            self._busy[index] -= 1
            raise
        assert isinstance(response.stream, httpx.AsyncByteStream)
        response.stream = _Released(response.stream, self._busy, index)
        return response

    async def aclose(self) -> None:
        for shard in self._shards:
            await shard.aclose()


class _Released(httpx.AsyncByteStream):
    """A response body that gives its pool's place back when closed (once)."""

    def __init__(self, stream: httpx.AsyncByteStream, busy: list[int], index: int) -> None:
        self._stream = stream
        self._busy = busy
        self._index: int | None = index

    async def __aiter__(self) -> AsyncIterator[bytes]:
        async for chunk in self._stream:
            yield chunk

    async def aclose(self) -> None:
        if self._index is not None:
            self._busy[self._index] -= 1
            self._index = None
        await self._stream.aclose()
