"""A fast loopback exercise site for bench/crawl_vs_scrapy.py (run as a child process).

``LocalSite`` (a thread per connection, ``http.server``) costs ~1 ms of CPU per 100 KB page,
as much as a crawler's own fetch: at concurrency 64 on two cores it would be what both
crawlers measure. This server is one asyncio ``Protocol``: every response (headers and body)
is built before the port opens, a request costs a dictionary look-up and one ``write`` after
``--latency`` seconds, so the server stays far below either crawler's cost (the bench measures
and prints its CPU per request).

It serves ``/robots.txt`` (allow all), ``/sitemap.xml`` (every page) and ``--pages`` exercise
pages of about 100 KB (``bench/_pages.build_page``: real-site chrome, every section), HTTP/1.1
keep-alive, ``Content-Length`` bodies. Building 2,000 distinct pages would take 30 s, so
``_TEMPLATES`` pages are built and each URL gets one with its own URL (canonical, og:url,
JSON-LD) written in: every page is a distinct exercise (its own ``source_id``).

It prints its origin on the first line, serves until stdin closes, then prints one JSON line:
``{"requests": N, "cpu_seconds": S}`` (its own user+system time while serving).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _pages import build_page

_TEMPLATES = 40


def page_path(number: int) -> str:
    """The path of page ``number`` (a 12-digit hex id, as on the real site)."""
    return f"/en/exercise/{number:012x}-bench-stretch-{number}"


def _response(body: bytes, content_type: str) -> bytes:
    head = (
        f"HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\n"
        f"Content-Length: {len(body)}\r\nServer: bench-site\r\n\r\n"
    )
    return head.encode("ascii") + body


def build_responses(origin: str, pages: int) -> dict[bytes, bytes]:
    """Every path's whole response, keyed by the request target as bytes."""
    templates = [build_page(seed) for seed in range(_TEMPLATES)]
    responses: dict[bytes, bytes] = {}
    entries = []
    for number in range(pages):
        template = templates[number % _TEMPLATES]
        url = origin + page_path(number)
        body = template.html.replace(template.url.encode(), url.encode())
        responses[page_path(number).encode()] = _response(body, "text/html; charset=utf-8")
        entries.append(f"<url><loc>{url}</loc></url>")
    sitemap = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        + "".join(entries)
        + "</urlset>\n"
    )
    responses[b"/sitemap.xml"] = _response(sitemap.encode(), "application/xml")
    robots = f"User-agent: *\nAllow: /\nSitemap: {origin}/sitemap.xml\n"
    responses[b"/robots.txt"] = _response(robots.encode(), "text/plain")
    return responses


_NOT_FOUND = (
    b"HTTP/1.1 404 Not Found\r\nContent-Type: text/plain\r\nContent-Length: 9\r\n\r\nnot found"
)


class _Connection(asyncio.Protocol):
    """One keep-alive connection; clients do not pipeline, so answers keep request order."""

    served = 0

    def __init__(self, responses: dict[bytes, bytes], latency: float) -> None:
        self._responses = responses
        self._latency = latency
        self._buffer = b""
        self._transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self._transport = transport

    def connection_lost(self, exc: Exception | None) -> None:
        self._transport = None

    def data_received(self, data: bytes) -> None:
        self._buffer += data
        loop = asyncio.get_running_loop()
        while (end := self._buffer.find(b"\r\n\r\n")) >= 0:
            head, self._buffer = self._buffer[:end], self._buffer[end + 4 :]
            parts = head.split(b" ", 2)
            target = parts[1].split(b"?", 1)[0] if len(parts) > 1 else b""
            response = self._responses.get(target, _NOT_FOUND)
            loop.call_later(self._latency, self._send, response)

    def _send(self, response: bytes) -> None:
        if self._transport is not None and not self._transport.is_closing():
            self._transport.write(response)
            _Connection.served += 1


async def _serve(pages: int, latency: float) -> None:
    loop = asyncio.get_running_loop()
    responses: dict[bytes, bytes] = {}
    server = await loop.create_server(
        lambda: _Connection(responses, latency), "127.0.0.1", 0, backlog=1024
    )
    port = server.sockets[0].getsockname()[1]
    origin = f"http://127.0.0.1:{port}"
    responses.update(build_responses(origin, pages))
    print(origin, flush=True)
    start = os.times()
    # Serve until the parent closes our stdin.
    await loop.run_in_executor(None, sys.stdin.read)
    end = os.times()
    server.close()
    cpu = (end.user - start.user) + (end.system - start.system)
    print(json.dumps({"requests": _Connection.served, "cpu_seconds": round(cpu, 3)}), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--latency", type=float, default=0.05)
    args = parser.parse_args()
    asyncio.run(_serve(args.pages, args.latency))


if __name__ == "__main__":
    main()
