"""httpx's transport interface over aiohttp's client: the crawl's default network.

Why: the crawl is CPU-bound on the event loop's process at high concurrency, and most of that
CPU was httpx's own transport: httpcore's pool walk, h11's pure-Python parsing and anyio's
cancel scopes around every read (py-spy on bench/crawl_vs_scrapy.py: 60% of the event loop's
time at concurrency 32, after ``_transport``'s fixes). aiohttp parses HTTP in C (llhttp) and
keeps its own pool: in an A/B run at concurrency 32 the event loop's process went from 2.5 to
1.9 ms of CPU per page (README, "Benchmarks").

What stays httpx's: the client, its ``Request``/``Response``, redirects by hand, cookies, and
the exception types every caller catches. Only the wire changes, so this module's job is to
answer exactly as httpx's own transport would:

- **Bytes as sent.** The request goes out with httpx's headers (``Host``, ``Accept-Encoding``,
  the user agent) and its already-encoded URL (``encoded=True``: yarl must not re-quote it);
  the body comes back raw (``auto_decompress=False``: the fetcher decodes under its size cap);
  aiohttp keeps no cookies (httpx's client does) and reads no proxy from the environment.
- **Errors as httpx's.** Each aiohttp fault becomes the httpx exception httpx's transport
  raises for the same fault (``_translated``), with words that keep ``describe_fault`` telling
  a dropped connection from a malformed response.
- **Headers as h11 accepts them.** llhttp's default limit on a header line (8 KB) would refuse
  real sites' long ``Content-Security-Policy`` or ``Link`` headers that h11 accepts (it allows
  a whole head of 100 KB); the limit here is h11's.

``http_client="httpx"`` (``--http-client httpx``) keeps httpx's own transport
(``_transport.ShardedTransport``), for respx in tests and as a fallback.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from typing import Any

import aiohttp
import httpx
import yarl

__all__ = ["AiohttpTransport"]

#: h11's bound on a response head (``max_incomplete_event_size``), as llhttp's line limits.
_MAX_HEAD_BYTES = 100 * 1024
#: h11 counts no headers (only the head's bytes); llhttp's default refuses a 129th header.
_MAX_HEADERS = 1024
#: httpx's default keep-alive expiry (``httpx.Limits``): an idle connection is closed after it.
_KEEPALIVE_SECONDS = 5.0


class AiohttpTransport(httpx.AsyncBaseTransport):
    """At most ``connections`` connections over all hosts; see the module docstring.

    The session is made on the first request (aiohttp binds it to the running event loop).
    """

    def __init__(self, connections: int) -> None:
        self._connections = connections
        self._tls = httpx.create_ssl_context()  # httpx's CA bundle and TLS defaults
        self._session: aiohttp.ClientSession | None = None

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        session = self._session or self._open()
        body = await request.aread()
        with _translating():
            response = await session.request(
                request.method,
                yarl.URL(str(request.url), encoded=True),
                headers=request.headers.multi_items(),
                data=body or None,
                allow_redirects=False,
                timeout=_timeout(request.extensions.get("timeout", {})),
            )
        return httpx.Response(
            status_code=response.status,
            headers=list(response.raw_headers),
            stream=_Body(response),
            request=request,
            extensions={
                "http_version": _version(response.version),
                "reason_phrase": (response.reason or "").encode("latin-1", "replace"),
                "network_stream": _Peer(response.peer if isinstance(response, _Response) else None),
            },
        )

    async def aclose(self) -> None:
        if self._session is not None:
            await self._session.close()

    def _open(self) -> aiohttp.ClientSession:
        connector = aiohttp.TCPConnector(
            limit=self._connections,
            limit_per_host=0,  # the fetcher's per-host rate and slots decide
            ssl=self._tls,
            keepalive_timeout=_KEEPALIVE_SECONDS,
            resolver=aiohttp.ThreadedResolver(),  # the system's resolver, as httpx's anyio
        )
        self._session = aiohttp.ClientSession(
            connector=connector,
            cookie_jar=aiohttp.DummyCookieJar(),
            auto_decompress=False,
            trust_env=False,
            max_line_size=_MAX_HEAD_BYTES,
            max_field_size=_MAX_HEAD_BYTES,
            max_headers=_MAX_HEADERS,
            response_class=_Response,
        )
        return self._session


def _timeout(timeouts: dict[str, float | None]) -> aiohttp.ClientTimeout:
    """httpx's timeouts in aiohttp's terms: the pool wait and connect, the connect, each read
    (no total: the fetcher bounds the whole attempt itself)."""
    return aiohttp.ClientTimeout(
        total=None,
        connect=timeouts.get("pool"),
        sock_connect=timeouts.get("connect"),
        sock_read=timeouts.get("read"),
    )


def _version(version: aiohttp.HttpVersion | None) -> bytes:
    """httpx's ``http_version`` extension ("HTTP/1.1") for aiohttp's version tuple."""
    return b"HTTP/%d.%d" % tuple(version or aiohttp.HttpVersion11)


class _Response(aiohttp.ClientResponse):
    """aiohttp's response, plus the server's address (the WARC record's ``WARC-IP-Address``).

    Taken when the response starts: a body that arrives with the head gives its connection
    back to the pool before the caller sees the response.
    """

    peer: Any = None

    async def start(self, connection: aiohttp.connector.Connection) -> aiohttp.ClientResponse:
        transport = connection.transport
        self.peer = transport.get_extra_info("peername") if transport is not None else None
        return await super().start(connection)


class _Body(httpx.AsyncByteStream):
    """A response's raw body as aiohttp receives it, chunk by chunk."""

    def __init__(self, response: aiohttp.ClientResponse) -> None:
        self._response = response

    async def __aiter__(self) -> AsyncIterator[bytes]:
        with _translating():
            async for chunk in self._response.content.iter_any():
                yield chunk

    async def aclose(self) -> None:
        # A body read to its end gives its connection back to the pool; one left unread
        # (a redirect, a refused type, a cap reached) closes it, as httpcore does.
        if self._response.content.is_eof():
            self._response.release()
        else:
            self._response.close()


class _Peer:
    """What the fetcher asks httpx's ``network_stream`` extension: the server's address."""

    def __init__(self, address: Any) -> None:
        self._address = address

    def get_extra_info(self, info: str) -> Any:
        return self._address if info == "server_addr" else None


@contextmanager
def _translating() -> Iterator[None]:
    """aiohttp's exceptions raised as httpx's (the original kept as ``__cause__``)."""
    try:
        yield
    except aiohttp.ClientError as exc:
        raise _translated(exc) from exc


def _translated(exc: aiohttp.ClientError) -> Exception:
    """The httpx exception httpx's own transport raises for the fault behind ``exc``.

    Order matters: aiohttp's timeouts are connection errors too, and its connect errors
    are OS errors too.
    """
    message = str(exc) or type(exc).__name__
    if isinstance(exc, aiohttp.ConnectionTimeoutError):
        return httpx.ConnectTimeout(message)
    if isinstance(exc, aiohttp.ServerTimeoutError):
        return httpx.ReadTimeout(message)
    if isinstance(exc, aiohttp.NonHttpUrlClientError):
        return httpx.UnsupportedProtocol(message)
    if isinstance(exc, aiohttp.InvalidURL):
        return httpx.InvalidURL(message)
    if isinstance(exc, aiohttp.ClientConnectorError):  # refused, DNS, TLS handshake
        return httpx.ConnectError(message)
    if isinstance(exc, aiohttp.ServerDisconnectedError):
        return httpx.RemoteProtocolError("Server disconnected without sending a response.")
    if isinstance(exc, aiohttp.ClientPayloadError):
        return _payload_error(exc)
    if isinstance(exc, aiohttp.ClientResponseError):  # llhttp could not read the response
        return httpx.RemoteProtocolError(_first_line(exc.message))
    if isinstance(exc, aiohttp.ClientOSError | aiohttp.ClientConnectionResetError):
        return httpx.ReadError(f"connection reset: {message}")
    return httpx.TransportError(message)


def _payload_error(exc: aiohttp.ClientPayloadError) -> httpx.RemoteProtocolError:
    """A body that ended early (the peer closed: a disconnect) or that is not HTTP (broken
    chunked framing: malformed), told apart as h11's messages tell them."""
    cause = exc.__cause__ if exc.__cause__ is not None else exc
    detail = getattr(cause, "message", None) or str(cause)
    if isinstance(cause, aiohttp.http_exceptions.ContentLengthError) or "not enough data" in (
        detail.lower()
    ):
        return httpx.RemoteProtocolError(
            f"peer closed connection without sending complete message body ({detail})"
        )
    return httpx.RemoteProtocolError(_first_line(detail))


def _first_line(message: str) -> str:
    """llhttp's message without the lines under it that draw the bad bytes and a caret."""
    return message.strip().split("\n", 1)[0].strip() or "unreadable response"
