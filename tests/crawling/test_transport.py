"""The sharded transport against real sockets on 127.0.0.1 (a server started by each test)."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpcore
import httpx
import pytest

from extractor.crawling._transport import (
    SHARD_CONNECTIONS,
    ShardedTransport,
    _CachedSocketBackend,
    _poller,
    _readable,
)

_BODY = b"x" * 1_000


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@asynccontextmanager
async def _server(*, close_idle_after: float | None) -> AsyncIterator[tuple[str, list[int]]]:
    """A keep-alive HTTP/1.1 server; with ``close_idle_after``, it closes each connection that
    long after its last response (as servers do with idle kept-alive connections). Yields its
    origin and the number of connections it accepted (a one-item list)."""
    accepted = [0]

    async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        accepted[0] += 1
        try:
            while await reader.readuntil(b"\r\n\r\n"):
                head = f"HTTP/1.1 200 OK\r\nContent-Length: {len(_BODY)}\r\n\r\n"
                writer.write(head.encode() + _BODY)
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
        yield f"http://127.0.0.1:{port}", accepted
    finally:
        server.close()
        await server.wait_closed()


def test_every_pool_uses_the_cached_socket_backend() -> None:
    # Guards the one private attribute used (httpx's transport's _pool): a rename fails here.
    transport = ShardedTransport(3 * SHARD_CONNECTIONS - 1)
    assert len(transport._shards) == 3
    for shard in transport._shards:
        pool = shard._pool
        assert isinstance(pool, httpcore.AsyncConnectionPool)
        assert isinstance(pool._network_backend, _CachedSocketBackend)
        assert pool._max_connections == SHARD_CONNECTIONS


@pytest.mark.anyio
async def test_concurrent_requests_reuse_kept_alive_connections() -> None:
    async with (
        _server(close_idle_after=None) as (origin, accepted),
        httpx.AsyncClient(transport=ShardedTransport(16)) as client,
    ):
        for _ in range(3):
            answers = await asyncio.gather(*(client.get(f"{origin}/{n}") for n in range(16)))
            assert [answer.content for answer in answers] == [_BODY] * 16
        assert accepted[0] <= 16  # 48 requests, never more connections than the limit


@pytest.mark.anyio
async def test_a_connection_the_server_closed_is_not_reused() -> None:
    # The readability check is what tells a dead kept-alive connection from an idle one:
    # without it the second request goes out on a closed socket and fails.
    async with (
        _server(close_idle_after=0.05) as (origin, accepted),
        httpx.AsyncClient(transport=ShardedTransport(1)) as client,
    ):
        assert (await client.get(f"{origin}/a")).content == _BODY
        await asyncio.sleep(0.3)  # the server has closed the connection by now
        assert (await client.get(f"{origin}/b")).content == _BODY
        assert accepted[0] == 2


def test_readable_says_what_the_socket_holds() -> None:
    left, right = socket.socketpair()
    poller = _poller(left)
    try:
        assert not _readable(left, poller)
        assert not _readable(left)  # select() where poll() is missing
        right.sendall(b"!")
        assert _readable(left, poller)
        assert _readable(left)
        right.close()
    finally:
        left.close()
    assert _readable(left, poller)  # closed: counts as readable, so the connection is dropped
    assert _readable(None)


@pytest.mark.parametrize("connections", [1, 8, 9, 64])
def test_shards_add_up_to_the_concurrency(connections: int) -> None:
    transport = ShardedTransport(connections)
    total = sum(shard._pool._max_connections for shard in transport._shards)
    assert connections <= total < connections + len(transport._shards)
