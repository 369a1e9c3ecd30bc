"""The aiohttp transport against real sockets on 127.0.0.1: it must answer as httpx's own.

Each test starts its own server: a keep-alive asyncio server for the pool's behaviour, the
raw-socket ``FaultyServer`` for faults. Every fault is asked of both transports and must
raise the same httpx exception type (the fetcher's retries and reasons depend on it).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import httpx
import pytest
from crawl_support import keep_alive_server
from faulty_server import FaultyServer, Route, body_response, hang, page, raw, reset

from extractor.crawling._aiohttp import AiohttpTransport
from extractor.crawling._retry import describe_fault
from extractor.crawling._transport import ShardedTransport

_BODY = b"y" * 3_000

Transport = Callable[[int], httpx.AsyncBaseTransport]
BOTH: list[Transport] = [AiohttpTransport, ShardedTransport]


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


def _header_lines(head: bytes) -> list[tuple[str, str]]:
    lines = head.decode("latin-1").split("\r\n")[1:]
    return [
        (name.lower(), value.strip()) for name, _, value in (x.partition(":") for x in lines if x)
    ]


@pytest.mark.anyio
async def test_the_request_goes_out_as_httpx_built_it() -> None:
    # What the WARC request record says was sent (httpx's request) is what the server read:
    # the same headers, none added by aiohttp, and the URL not re-quoted by yarl.
    async with (
        keep_alive_server(_BODY) as (origin, _, heads),
        httpx.AsyncClient(
            transport=AiohttpTransport(4), headers={"User-Agent": "TestBot/1.0"}
        ) as client,
    ):
        response = await client.get(f"{origin}/a%2Fb/%7Ec?q=%41&r=a+b")
        assert response.content == _BODY
    request_line = heads[0].split(b"\r\n", 1)[0]
    assert request_line == b"GET /a%2Fb/%7Ec?q=%41&r=a+b HTTP/1.1"
    sent = sorted(_header_lines(heads[0]))
    assert sent == sorted(
        (name.lower(), value) for name, value in response.request.headers.multi_items()
    )
    assert ("user-agent", "TestBot/1.0") in sent


@pytest.mark.anyio
@pytest.mark.parametrize("transport", BOTH, ids=["aiohttp", "httpx"])
async def test_connections_are_kept_alive_and_bounded(transport: Transport) -> None:
    async with (
        keep_alive_server(_BODY) as (origin, accepted, heads),
        httpx.AsyncClient(transport=transport(16)) as client,  # httpx's: two pools of 8
    ):
        for _ in range(3):
            answers = await asyncio.gather(*(client.get(f"{origin}/{n}") for n in range(32)))
            assert [answer.content for answer in answers] == [_BODY] * 32
        assert len(heads) == 96
        assert accepted[0] <= 16  # never more connections than the limit, reused across rounds


@pytest.mark.anyio
async def test_response_facts_httpx_callers_read() -> None:
    with FaultyServer() as server:
        server.routes["/p"] = raw(
            b"HTTP/1.0 203 Fine Thanks\r\nContent-Length: 2\r\nX-A: 1\r\nX-A: 2\r\n\r\nok"
        )
        async with httpx.AsyncClient(transport=AiohttpTransport(2)) as client:
            response = await client.get(server.url("/p"))
    assert (response.status_code, response.reason_phrase, response.http_version) == (
        203,
        "Fine Thanks",
        "HTTP/1.0",
    )
    assert response.headers.get_list("X-A") == ["1", "2"]
    assert response.content == b"ok"
    stream = response.extensions["network_stream"]
    assert stream.get_extra_info("server_addr")[0] == "127.0.0.1"  # body came with the head


@pytest.mark.anyio
async def test_bodies_come_back_raw_not_decompressed() -> None:
    # The fetcher decodes under its size cap (a gzip bomb stops early): the transport must
    # hand over the bytes on the wire.
    with FaultyServer() as server:
        server.routes["/gz"] = page(b"not really gzip", headers={"Content-Encoding": "gzip"})
        async with (
            httpx.AsyncClient(transport=AiohttpTransport(2)) as client,
            client.stream("GET", server.url("/gz")) as response,
        ):
            raw_bytes = b"".join([chunk async for chunk in response.aiter_raw()])
    assert raw_bytes == b"not really gzip"


@pytest.mark.anyio
async def test_long_and_many_headers_are_read_as_h11_reads_them() -> None:
    policy = "default-src 'self' " + "https://cdn.example.org " * 1_000  # ~25 KB, one line
    extra = "".join(f"X-H{n}: {n}\r\n" for n in range(300))
    head = (
        f"HTTP/1.1 200 OK\r\nContent-Security-Policy: {policy}\r\n{extra}Content-Length: 2\r\n\r\n"
    )
    with FaultyServer() as server:
        server.routes["/h"] = raw(head.encode() + b"ok")
        for transport in BOTH:
            async with httpx.AsyncClient(transport=transport(2)) as client:
                response = await client.get(server.url("/h"))
            assert response.headers["Content-Security-Policy"] == policy.strip()
            assert response.headers["X-H299"] == "299"


# -- faults: the same httpx exception from both transports ----------------------------------

FAULTS: dict[str, tuple[Route, type[httpx.HTTPError], str]] = {
    "garbage": (raw(b"GARBAGE GARBAGE\r\n\r\nhello"), httpx.RemoteProtocolError, "malformed"),
    "short-body": (
        raw(body_response(b"<html>", length=500)),
        httpx.RemoteProtocolError,
        "connection dropped",
    ),
    "broken-chunks": (
        raw(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nabcd\r\nzz\r\nxx"),
        httpx.RemoteProtocolError,
        "malformed",
    ),
    "closed-at-once": (raw(b""), httpx.RemoteProtocolError, "without a response"),
    "reset": (reset(), httpx.TransportError, ""),
    "hang": (hang(), httpx.ReadTimeout, "timeout"),
}


@pytest.mark.anyio
@pytest.mark.parametrize("fault", sorted(FAULTS))
@pytest.mark.parametrize("transport", BOTH, ids=["aiohttp", "httpx"])
async def test_faults_raise_what_httpx_raises(fault: str, transport: Transport) -> None:
    route, expected, words = FAULTS[fault]
    with FaultyServer() as server:
        server.routes["/f"] = route
        timeout = httpx.Timeout(0.3)
        async with httpx.AsyncClient(transport=transport(2), timeout=timeout) as client:
            with pytest.raises(expected) as caught:
                await client.get(server.url("/f"))
    assert words in describe_fault(caught.value).lower()


@pytest.mark.anyio
@pytest.mark.parametrize("transport", BOTH, ids=["aiohttp", "httpx"])
async def test_a_refused_connection_is_a_connect_error(transport: Transport) -> None:
    with FaultyServer() as server:
        url = server.url("/nobody")
    async with httpx.AsyncClient(transport=transport(2)) as client:  # the server is gone
        with pytest.raises(httpx.ConnectError):
            await client.get(url)
