"""The sharded transport against real sockets on 127.0.0.1 (a server started by each test)."""

from __future__ import annotations

import asyncio
import socket

import httpcore
import httpx
import pytest
from crawl_support import keep_alive_server

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
async def test_a_connection_the_server_closed_is_not_reused() -> None:
    # The readability check is what tells a dead kept-alive connection from an idle one:
    # without it the second request goes out on a closed socket and fails.
    async with (
        keep_alive_server(_BODY, close_idle_after=0.05) as (origin, accepted, _),
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
