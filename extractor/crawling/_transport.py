"""httpx's own transport, split into small connection pools (``--http-client httpx``).

The crawl's default network is aiohttp under httpx's client (``_aiohttp``); this one keeps
httpcore and h11 end to end: the fallback, and what respx mocks in the unit tests.

httpcore's connection pool walks every connection it holds on each request and each response
close (``_assign_requests_to_connections``), asking each idle connection whether its socket
is readable (a server that closed a kept-alive connection). Two costs follow, both measured
with py-spy on bench/crawl_vs_scrapy.py:

- the walk grows with the pool: at concurrency 64 it was 60% of the crawl's CPU.
  ``ShardedTransport`` keeps httpx's transport and its behaviour (the same errors, redirects,
  limits, respx in tests) and bounds the walk: requests go to the least busy of several
  pools of at most ``SHARD_CONNECTIONS`` connections each, their sum being the concurrency;
- each readability question cost more than the answer: httpcore's anyio stream rebuilds
  anyio's table of socket attributes on every question, with a ``getpeername`` system call,
  only to read the socket out of it (17% of the event loop's time at concurrency 32).
  ``_CachedSocketStream`` keeps the socket and asks ``poll`` directly, as httpcore does.
"""

# httpcore's network interface takes timeouts as arguments (ASYNC109 would have asyncio's).
# ruff: noqa: ASYNC109

from __future__ import annotations

import math
import select
import socket
import ssl
from collections.abc import AsyncIterator, Iterable
from typing import Any

import httpcore
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
        tls = httpx.create_ssl_context()  # one CA bundle read, not one per pool
        self._shards = [_transport(limits, tls) for _ in range(count)]
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


def _transport(limits: httpx.Limits, tls: ssl.SSLContext) -> httpx.AsyncHTTPTransport:
    """httpx's transport over an httpcore pool whose connections answer readability cheaply.

    httpx's transport takes no network backend, so its pool is replaced by the same pool
    (httpx's arguments for it) built with one; ``tests/crawling/test_transport.py`` fails
    loudly should httpx ever rename the attribute.
    """
    transport = httpx.AsyncHTTPTransport(verify=tls, limits=limits)
    transport._pool = httpcore.AsyncConnectionPool(
        ssl_context=tls,
        max_connections=limits.max_connections,
        max_keepalive_connections=limits.max_keepalive_connections,
        keepalive_expiry=limits.keepalive_expiry,
        network_backend=_CachedSocketBackend(),
    )
    return transport


class _CachedSocketBackend(httpcore.AsyncNetworkBackend):
    """httpcore's anyio backend, its streams wrapped in ``_CachedSocketStream``."""

    def __init__(self) -> None:
        self._backend = httpcore.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        stream = await self._backend.connect_tcp(
            host, port, timeout, local_address=local_address, socket_options=socket_options
        )
        return _CachedSocketStream(stream)

    async def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.AsyncNetworkStream:
        stream = await self._backend.connect_unix_socket(path, timeout, socket_options)
        return _CachedSocketStream(stream)

    async def sleep(self, seconds: float) -> None:
        await self._backend.sleep(seconds)


class _CachedSocketStream(httpcore.AsyncNetworkStream):
    """A connection that keeps its socket, so "is it readable?" is one ``poll``."""

    def __init__(self, stream: httpcore.AsyncNetworkStream) -> None:
        self._stream = stream
        self._socket: socket.socket | None = stream.get_extra_info("socket")
        self._poller = _poller(self._socket)  # made once: the pool asks on every walk

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return await self._stream.read(max_bytes, timeout)

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        await self._stream.write(buffer, timeout)

    async def aclose(self) -> None:
        await self._stream.aclose()

    async def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.AsyncNetworkStream:
        stream = await self._stream.start_tls(ssl_context, server_hostname, timeout)
        return _CachedSocketStream(stream)

    def get_extra_info(self, info: str) -> Any:
        if info == "is_readable":
            return _readable(self._socket, self._poller)
        return self._stream.get_extra_info(info)


def _poller(sock: socket.socket | None) -> Any:
    """A ``poll`` object watching ``sock`` for input; None without one (Windows)."""
    if sock is None or sock.fileno() == -1 or not hasattr(select, "poll"):
        return None
    poller = select.poll()
    poller.register(sock, select.POLLIN)
    return poller


def _readable(sock: socket.socket | None, poller: Any = None) -> bool:
    """httpcore's check: a closed or unknown socket counts as readable (so: expired)."""
    if sock is None or sock.fileno() == -1:
        return True  # checked first: a closed socket's number may already be another's
    if poller is None:
        readable, _, _ = select.select([sock], [], [], 0)
        return bool(readable)
    return bool(poller.poll(0))


class _Released(httpx.AsyncByteStream):
    """A response body that gives its pool's place back when closed (once)."""

    def __init__(self, stream: httpx.AsyncByteStream, busy: list[int], index: int) -> None:
        self._stream = stream
        self._busy = busy
        self._index: int | None = index

    def __aiter__(self) -> AsyncIterator[bytes]:
        # The pool's own iterator, not a generator around it: a body arrives in many chunks,
        # and each layer of generators costs every chunk a resumption.
        return self._stream.__aiter__()

    async def aclose(self) -> None:
        if self._index is not None:
            self._busy[self._index] -= 1
            self._index = None
        await self._stream.aclose()
