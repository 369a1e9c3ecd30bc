"""A small local HTTP server for the demo, the integration tests and the benchmarks.

``LocalSite`` serves a directory (or generated pages) on ``127.0.0.1`` on a free
port, in a background thread, as a context manager::

    faults = {"/a": Fault(status=503, times=1)}  # 503 once, then the page
    with LocalSite("fixtures/site", latency=0.05, faults=faults) as site:
        site.url("/robots.txt")           # "http://127.0.0.1:43127/robots.txt"
        ...
        site.peak_in_flight, site.requests, site.hits("/a"), site.max_requests_in(1.0)

What it does, and why each part exists:

- Paths map to files under the directory; ``/a/b`` also finds ``a/b.html``, ``a/b.txt``
  and ``a/b/index.html`` (exercise URLs have no extension). Content-Type comes from the
  file extension without a charset, so clients must sniff ``<meta charset>`` as
  they do on real sites. ``.gz`` files are served as ``application/gzip`` bytes,
  never with ``Content-Encoding``, like a gzipped sitemap on a static host.
- Files cannot know the server's port, so the literal ``ORIGIN_PLACEHOLDER``
  (``https://site.invalid``) in text files and inside ``.gz`` files is replaced by
  the real origin (``http://127.0.0.1:<port>``) when served.
- ``latency`` delays every response (a remote site's round trip); ``faults`` maps a
  path to a ``Fault`` (a status, ``Retry-After``, a connection dropped mid-body, a
  slow answer, a huge streamed body, another content type, a redirect) applied to
  the first ``times`` requests of that path only, so "503 then OK" is one entry.
- ``generate`` answers paths the directory does not have (the memory benchmark
  asks for 20,000 distinct pages).
- ``validators`` (``"etag"``, ``"last-modified"`` or ``"both"``) makes pages carry an
  ``ETag`` (a hash of the body) and/or ``Last-Modified`` (the file's mtime) and answers
  conditional requests as RFC 9110 §13.2.2 says (``If-None-Match`` first, then
  ``If-Modified-Since``) with a bodiless 304; the log marks conditional requests, so a test
  counts at the server what a re-crawl asked for and what it was spared.
- Every request is logged (arrival and end times, status, bytes sent, in-flight
  count) so tests can prove that a crawler never exceeded its concurrency or
  rate. A request counts as in flight from its arrival until the server starts
  the final write of its response, or until the client hangs up: a client that
  gave up (timeout, size cap) is not counted as still waiting.

Run ``python -m extractor.testing DIR [--latency S] [--generate]`` to serve from
a separate process (benchmarks measure the crawler without the server's CPU and
memory in the same process); it prints the origin on its first line.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import hashlib
import json
import mimetypes
import select
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from email.message import Message
from email.utils import formatdate, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Literal, Self
from urllib.parse import unquote, urlsplit

__all__ = [
    "ORIGIN_PLACEHOLDER",
    "Fault",
    "GeneratedResponse",
    "LocalSite",
    "RequestLog",
    "generated_exercise_page",
    "link_farm",
    "listing_site",
    "max_in_window",
    "serve_in_subprocess",
]

ORIGIN_PLACEHOLDER = "https://site.invalid"
"""Written in fixture files where the server's origin belongs (RFC 6761 reserves ``.invalid``)."""

_TEXT_TYPES = ("text/", "application/xml", "application/json", "application/xhtml")
_CHUNK = 64 * 1024
_POLL = 0.005  # seconds between checks that a waiting client is still connected


@dataclass(frozen=True, slots=True)
class Fault:
    """How to answer a path instead of serving it normally.

    Fields combine: ``Fault(status=429, retry_after="1", times=1)`` answers the first
    request with 429 and ``Retry-After: 1``, then serves the page.
    """

    status: int | None = None
    """Answer with this status and a short HTML body (e.g. 404, 503, 429)."""

    retry_after: str | None = None
    """``Retry-After`` header value (seconds or an HTTP date)."""

    drop_after: int | None = None
    """Announce the full Content-Length, send this many body bytes, then close the connection."""

    delay: float = 0.0
    """Extra seconds before answering (a page slower than the client's timeout)."""

    body_bytes: int | None = None
    """Stream a body of this many bytes in 64 KiB chunks (a huge page)."""

    declare_length: bool = True
    """With ``body_bytes``: send Content-Length; False streams it undeclared (close-delimited),
    so only a client that counts bytes as they arrive can stop it."""

    content_type: str | None = None
    """Serve with this Content-Type (e.g. ``image/png``)."""

    body: bytes | None = None
    """Serve these bytes instead of the file's."""

    redirect_to: str | None = None
    """Answer ``301`` with this ``Location`` (a path or an absolute URL)."""

    headers: tuple[tuple[str, str], ...] = ()
    """Extra response headers (e.g. ``(("X-Robots-Tag", "noindex"),)``)."""

    times: int | None = None
    """Apply to the first N requests of the path only; None means every request."""


@dataclass(frozen=True, slots=True)
class GeneratedResponse:
    """What a ``generate`` callback returns for a path."""

    body: bytes
    content_type: str = "text/html; charset=utf-8"
    status: int = 200


@dataclass(frozen=True, slots=True)
class RequestLog:
    """One request as the server saw it."""

    method: str
    path: str
    started: float
    """``time.monotonic()`` when the request line and headers had been read."""
    ended: float
    """When it stopped counting as in flight (final write begun, or client gone)."""
    status: int
    bytes_sent: int
    """Body bytes the server managed to write (a huge body abandoned early stays small)."""
    in_flight: int
    """Requests in flight at this one's arrival, itself included."""
    user_agent: str | None
    conditional: bool = False
    """The request carried ``If-None-Match`` or ``If-Modified-Since``."""


def max_in_window(times: Iterable[float], window: float) -> int:
    """Largest number of ``times`` inside any half-open span ``[t, t + window)``."""
    ordered = sorted(times)
    best = 0
    first = 0
    for last, moment in enumerate(ordered):
        while moment - ordered[first] >= window:
            first += 1
        best = max(best, last - first + 1)
    return best


@dataclass
class _State:
    """Shared between the handler threads; every field is guarded by ``lock``."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    in_flight: int = 0
    peak_in_flight: int = 0
    log: list[RequestLog] = field(default_factory=list)
    hits: dict[str, int] = field(default_factory=dict)


class LocalSite:
    """A threaded HTTP/1.1 server on 127.0.0.1 and a free port; see the module docstring."""

    def __init__(
        self,
        directory: Path | str | None = None,
        *,
        latency: float = 0.0,
        faults: Mapping[str, Fault] | None = None,
        generate: Callable[[str], GeneratedResponse | None] | None = None,
        keep_log: bool = True,
        validators: Literal["etag", "last-modified", "both"] | None = None,
    ) -> None:
        self.directory = Path(directory).resolve() if directory is not None else None
        self.latency = latency
        self.faults: dict[str, Fault] = dict(faults or {})
        self.generate = generate
        self.keep_log = keep_log
        self.validators = validators
        self._state = _State()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle -------------------------------------------------------------------------

    def start(self) -> Self:
        """Bind a free port and serve in a daemon thread."""
        server = _Server(("127.0.0.1", 0), _make_handler(self))
        server.daemon_threads = True
        # Keep-alive handler threads may outlive the client; never wait for them on close.
        server.block_on_close = False
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and release the port."""
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # -- addresses -------------------------------------------------------------------------

    @property
    def origin(self) -> str:
        """``http://127.0.0.1:<port>``."""
        if self._server is None:
            raise RuntimeError("LocalSite is not started")
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def url(self, path: str) -> str:
        """Absolute URL of ``path`` on this server."""
        return self.origin + (path if path.startswith("/") else "/" + path)

    # -- what happened ---------------------------------------------------------------------

    @property
    def requests(self) -> list[RequestLog]:
        """A copy of the log of finished requests, in arrival order."""
        with self._state.lock:
            return sorted(self._state.log, key=lambda entry: entry.started)

    @property
    def peak_in_flight(self) -> int:
        """Most requests in flight at once since the start (or the last ``reset``)."""
        with self._state.lock:
            return self._state.peak_in_flight

    def hits(self, path: str) -> int:
        """How many requests asked for ``path`` (query string ignored)."""
        with self._state.lock:
            return self._state.hits.get(path, 0)

    def max_requests_in(self, window: float) -> int:
        """Most requests that arrived within any span of ``window`` seconds."""
        return max_in_window((entry.started for entry in self.requests), window)

    def reset(self) -> None:
        """Forget the log, the hit counts and the peak (faults' ``times`` restart too)."""
        with self._state.lock:
            self._state.log.clear()
            self._state.hits.clear()
            self._state.peak_in_flight = self._state.in_flight

    def served(self, path: str) -> tuple[bytes, str]:
        """The body and Content-Type a normal request for ``path`` gets (placeholder replaced)."""
        found = self._resolve(path)
        if found is None:
            raise FileNotFoundError(path)
        return self._render(found), _content_type(found)

    # -- serving (called from handler threads) ----------------------------------------------

    def _resolve(self, path: str) -> Path | None:
        if self.directory is None:
            return None
        relative = unquote(path).lstrip("/")
        base = self.directory / relative
        candidates = (
            base,
            base.with_name(base.name + ".html"),
            base.with_name(base.name + ".txt"),
            base / "index.html",
        )
        for candidate in candidates:
            resolved = candidate.resolve()
            # No path traversal out of the served directory.
            if resolved.is_file() and resolved.is_relative_to(self.directory):
                return resolved
        return None

    def _render(self, file: Path) -> bytes:
        data = file.read_bytes()
        origin = self.origin.encode()
        placeholder = ORIGIN_PLACEHOLDER.encode()
        if file.suffix == ".gz":
            inner = gzip.decompress(data)
            if placeholder in inner:
                return gzip.compress(inner.replace(placeholder, origin), mtime=0)
            return data
        if _content_type(file).startswith(_TEXT_TYPES):
            return data.replace(placeholder, origin)
        return data

    def _validators(self, path: str, body: bytes) -> dict[str, str]:
        """The ``ETag``/``Last-Modified`` a normal 200 of ``path`` carries (``validators``)."""
        found = self._resolve(path)
        headers: dict[str, str] = {}
        if self.validators in ("etag", "both"):
            headers["ETag"] = '"' + hashlib.sha256(body).hexdigest()[:20] + '"'
        if self.validators in ("last-modified", "both") and found is not None:
            headers["Last-Modified"] = formatdate(found.stat().st_mtime, usegmt=True)
        return headers

    def _next_fault(self, path: str) -> Fault | None:
        """The fault for this request (call with the lock held; hits already counted)."""
        fault = self.faults.get(path)
        if fault is None:
            return None
        if fault.times is not None and self._state.hits[path] > fault.times:
            return None
        return fault


class _Server(ThreadingHTTPServer):
    # socketserver's default backlog of 5 drops the SYNs of a crawler opening 16 connections
    # at once, and each dropped SYN costs a one-second retransmission.
    request_queue_size = 128

    def handle_error(self, request: object, client_address: object) -> None:
        """A client hanging up (size cap, timeout, pool closed) is normal here, not an error."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)  # type: ignore[arg-type]


def _content_type(file: Path) -> str:
    if file.suffix == ".gz":
        return "application/gzip"
    guessed, _ = mimetypes.guess_type(file.name)
    return guessed or "application/octet-stream"


def _make_handler(site: LocalSite) -> type[BaseHTTPRequestHandler]:
    class Handler(_Handler):
        pass

    Handler.site = site
    return Handler


class _Handler(BaseHTTPRequestHandler):
    """One connection; ``site`` is set on a subclass per server."""

    site: LocalSite
    protocol_version = "HTTP/1.1"  # keep-alive, as real servers (and pooling clients) use
    timeout = 30  # idle keep-alive connections die eventually
    server_version = "extractor-localsite/1"
    # Headers and body go out as separate writes; with Nagle on, the client's delayed ACK
    # would add ~40 ms to every response.
    disable_nagle_algorithm = True

    def log_message(self, format: str, *args: object) -> None:
        """Silent: the structured request log replaces stderr lines."""

    def do_HEAD(self) -> None:
        self._serve(send_body=False)

    def do_GET(self) -> None:
        self._serve(send_body=True)

    # -- one request ---------------------------------------------------------------------

    def _serve(self, *, send_body: bool) -> None:
        state = self.site._state
        path = urlsplit(self.path).path
        with state.lock:
            state.in_flight += 1
            state.peak_in_flight = max(state.peak_in_flight, state.in_flight)
            state.hits[path] = state.hits.get(path, 0) + 1
            arrival_in_flight = state.in_flight
            fault = self.site._next_fault(path)
        self._started = time.monotonic()
        self._ended: float | None = None
        self._status = 0
        self._sent = 0
        try:
            self._answer(path, fault, send_body=send_body)
        except (ConnectionError, TimeoutError, OSError):
            self.close_connection = True
        finally:
            self._leave()
            if self.site.keep_log:
                entry = RequestLog(
                    method=self.command,
                    path=path,
                    started=self._started,
                    ended=self._ended or time.monotonic(),
                    status=self._status,
                    bytes_sent=self._sent,
                    in_flight=arrival_in_flight,
                    user_agent=self.headers.get("User-Agent"),
                    conditional=_is_conditional(self.headers),
                )
                with state.lock:
                    state.log.append(entry)

    def _leave(self) -> None:
        """Stop counting this request as in flight (once)."""
        if self._ended is None:
            self._ended = time.monotonic()
            with self.site._state.lock:
                self.site._state.in_flight -= 1

    def _answer(self, path: str, fault: Fault | None, *, send_body: bool) -> None:
        delay = self.site.latency + (fault.delay if fault else 0.0)
        if delay and not self._wait_connected(delay):
            return
        if fault and fault.redirect_to is not None:
            self._respond(301, b"", "text/html", {"Location": fault.redirect_to}, send_body)
            return
        if fault and fault.status is not None:
            body = fault.body or f"<html><body><h1>Error {fault.status}</h1></body></html>".encode()
            headers = {"Retry-After": fault.retry_after} if fault.retry_after else {}
            self._respond(fault.status, body, fault.content_type or "text/html", headers, send_body)
            return
        if fault and fault.body_bytes is not None:
            self._stream_huge(fault, send_body)
            return
        status, body, content_type = self._normal(path)
        if fault and fault.body is not None:
            status, body = 200, fault.body
        if fault and fault.content_type is not None:
            content_type = fault.content_type
        if fault and fault.drop_after is not None:
            self._drop_mid_body(body, content_type, fault.drop_after)
            return
        validators = (
            self.site._validators(path, body) if status == 200 and self.site.validators else {}
        )
        if validators and _not_modified(self.headers, validators):
            self._not_modified(validators)
            return
        extra = {**dict(fault.headers if fault else ()), **validators}
        self._respond(status, body, content_type, extra, send_body)

    def _not_modified(self, validators: Mapping[str, str]) -> None:
        """304: the validators, no body and no Content-Length (RFC 9110 §15.4.5)."""
        self._status = 304
        self.send_response(304)
        for name, value in validators.items():
            self.send_header(name, value)
        self.end_headers()
        self._leave()
        self.wfile.flush()

    def _normal(self, path: str) -> tuple[int, bytes, str]:
        found = self.site._resolve(path)
        if found is not None:
            return 200, self.site._render(found), _content_type(found)
        if self.site.generate is not None:
            generated = self.site.generate(path)
            if generated is not None:
                body = generated.body.replace(
                    ORIGIN_PLACEHOLDER.encode(), self.site.origin.encode()
                )
                return generated.status, body, generated.content_type
        return 404, b"<html><body><h1>404 Not Found</h1></body></html>", "text/html"

    # -- writing ------------------------------------------------------------------------

    def _head(self, status: int, content_type: str, length: int, extra: Mapping[str, str]) -> None:
        self._status = status
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(length))
        for name, value in extra.items():
            self.send_header(name, value)
        self.end_headers()

    def _respond(
        self,
        status: int,
        body: bytes,
        content_type: str,
        extra: Mapping[str, str],
        send_body: bool,
    ) -> None:
        self._head(status, content_type, len(body), extra)
        # Leave before the final write: once it begins, the client may finish and send its
        # next request, which must not be counted as overlapping this one.
        self._leave()
        if send_body:
            self.wfile.write(body)
            self._sent = len(body)
        self.wfile.flush()

    def _stream_huge(self, fault: Fault, send_body: bool) -> None:
        size = fault.body_bytes or 0
        content_type = fault.content_type or "text/html"
        if fault.declare_length:
            self._head(200, content_type, size, {})
        else:
            # No Content-Length: the body ends when the connection closes (RFC 9112 §6.3).
            self._status = 200
            self.send_response(200)
            self.send_header("Content-Type", content_type)
            self.send_header("Connection", "close")
            self.end_headers()
            self.close_connection = True
        if not send_body:
            return
        chunk = b"<p>" + b"x" * (_CHUNK - 8) + b"</p>\n\n"
        remaining = size
        while remaining > 0:
            piece = chunk[: min(len(chunk), remaining)]
            self.wfile.write(piece)  # raises once the client has hung up
            self._sent += len(piece)
            remaining -= len(piece)
        self.wfile.flush()

    def _drop_mid_body(self, body: bytes, content_type: str, keep: int) -> None:
        self._head(200, content_type, len(body), {})
        self.wfile.write(body[:keep])
        self._sent = min(keep, len(body))
        self.wfile.flush()
        self.close_connection = True
        # Shut down now so the client sees the truncation at once, not after a timeout.
        self.connection.shutdown(socket.SHUT_RDWR)

    def _wait_connected(self, seconds: float) -> bool:
        """Sleep ``seconds``; return False early if the client hung up meanwhile."""
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            readable, _, _ = select.select([self.connection], [], [], min(_POLL, left))
            # HTTP/1.1 clients do not pipeline: a readable socket while we wait means EOF.
            if readable and not self.connection.recv(1, socket.MSG_PEEK):
                self.close_connection = True
                self._leave()
                return False
        return True


def _is_conditional(headers: Message) -> bool:
    return "If-None-Match" in headers or "If-Modified-Since" in headers


def _not_modified(headers: Message, validators: Mapping[str, str]) -> bool:
    """RFC 9110 §13.2.2: If-None-Match decides when present; else If-Modified-Since."""
    if_none_match = headers.get("If-None-Match")
    if if_none_match is not None:
        etag = validators.get("ETag")
        if etag is None:
            return False
        tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
        return "*" in tags or etag.removeprefix("W/") in tags
    since, modified = headers.get("If-Modified-Since"), validators.get("Last-Modified")
    if since is None or modified is None:
        return False
    try:
        return parsedate_to_datetime(modified) <= parsedate_to_datetime(since)
    except (TypeError, ValueError):  # an unparsable date is ignored (RFC 9110 §13.1.3)
        return False


def _main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Serve a directory for crawler tests.")
    parser.add_argument("directory", nargs="?", help="directory to serve")
    parser.add_argument("--latency", type=float, default=0.0, help="seconds added to every answer")
    parser.add_argument(
        "--generate", action="store_true", help="answer any /exercise/ path with a small page"
    )
    parser.add_argument(
        "--log", type=Path, help="on exit, write each request's arrival time and path (JSON lines)"
    )
    parser.add_argument(
        "--site",
        metavar="KIND:A,B",
        help="a generated site: listing:PAGES,PER_PAGE (listing_site) or farm:HUBS,LINKS",
    )
    args = parser.parse_args(argv)
    generate: Callable[[str], GeneratedResponse | None] | None = None
    if args.generate:
        generate = generated_exercise_page
    if args.site:
        kind, _, numbers = args.site.partition(":")
        first, second = (int(n) for n in numbers.split(","))
        generate = listing_site(first, second) if kind == "listing" else link_farm(first, second)
    keep_log = args.log is not None
    site = LocalSite(args.directory, latency=args.latency, generate=generate, keep_log=keep_log)
    with site:
        print(site.origin, flush=True)
        # Serve until stdin closes or a signal arrives (the parent process owns us).
        with contextlib.suppress(KeyboardInterrupt):
            sys.stdin.read()
    if args.log:
        with args.log.open("w", encoding="utf-8") as handle:
            for entry in site.requests:
                fields = {"path": entry.path, "started": entry.started, "ended": entry.ended}
                fields |= {"status": entry.status, "in_flight": entry.in_flight}
                handle.write(json.dumps(fields) + "\n")
    return 0


@contextlib.contextmanager
def serve_in_subprocess(
    directory: Path | str | None = None,
    *,
    latency: float = 0.0,
    generate: bool = False,
    log: Path | None = None,
    site: str | None = None,
) -> Iterator[str]:
    """Run a ``LocalSite`` in a child process and yield its origin (benchmarks).

    The child serves until its stdin closes, which leaving the block does; with ``log`` it
    then writes its request log there (JSON lines: path, started, ended, status, in_flight).
    ``site`` names a generated site: ``listing:2000,100`` or ``farm:1000,1000``.
    """
    command = [sys.executable, "-m", "extractor.testing", "--latency", str(latency)]
    if directory is not None:
        command.append(str(directory))
    if generate:
        command.append("--generate")
    if log is not None:
        command += ["--log", str(log)]
    if site is not None:
        command += ["--site", site]
    child = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout is not None
        origin = child.stdout.readline().strip()
        if not origin.startswith("http://"):
            raise RuntimeError(f"the local server did not start (said {origin!r})")
        yield origin
    finally:
        if child.stdin is not None:
            child.stdin.close()
        try:
            child.wait(timeout=30)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()


_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{name}</title></head>
<body><main><h1>{name}</h1>
<h2>Instructions</h2><ul><li>Stand tall with feet apart.</li><li>Repeat {n} times.</li></ul>
<h2>Breathing tips</h2><ul><li>Exhale on effort.</li></ul>
<h2>Description</h2><p>Generated exercise number {n} for load tests.</p>
</main></body></html>
"""


def generated_exercise_page(path: str) -> GeneratedResponse | None:
    """A small valid exercise page for any ``/exercise/<hex>-<slug>`` path (benchmarks)."""
    if "/exercise/" not in path:
        return None
    slug = path.rsplit("/", 1)[-1]
    number = slug.split("-", 1)[0]
    return GeneratedResponse(_PAGE.format(name=f"Exercise {number}", n=number).encode())


# -- generated sites for the discovery benchmarks (bench/discover.py) ----------------------------
# listing_site(pages, per_page): a home page, numbered listing pages (each links to every listing
# page, as "1 2 3 ... Next" pagination does, and rel="next"), the exercise pages, and
# /sitemap.xml listing the same exercise pages: one site crawled both ways.
# link_farm(hubs, links): a home page linking `hubs` hub pages, each linking `links` distinct
# exercise URLs (only discovered by the benchmark, never fetched).

Generator = Callable[[str], GeneratedResponse | None]


def _page(title: str, links: list[str], head: str = "") -> GeneratedResponse:
    anchors = "\n".join(
        f'<li><a href="{link}">{link.rsplit("/", 1)[-1]}</a></li>' for link in links
    )
    html = (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>'
        f"{head}</head><body><main><h1>{title}</h1><ul>{anchors}</ul></main></body></html>"
    )
    return GeneratedResponse(html.encode())


def _exercise_path(number: int) -> str:
    return f"/en/exercise/{number:06x}-generated-page"


def listing_site(pages: int, per_page: int = 100) -> Generator:
    """The home -> listings -> exercises site, and its sitemap (see the module docstring)."""
    listings = max(1, -(-pages // per_page))
    numbered = [f"/en/exercises/page/{n}" for n in range(1, listings + 1)]

    def generate(path: str) -> GeneratedResponse | None:
        if path == "/":
            return _page("Home", numbered[:1])
        if path == "/sitemap.xml":
            locs = "".join(
                f"<url><loc>{ORIGIN_PLACEHOLDER}{_exercise_path(n)}</loc></url>"
                for n in range(pages)
            )
            xml = (
                '<?xml version="1.0" encoding="UTF-8"?>'
                f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{locs}</urlset>'
            )
            return GeneratedResponse(xml.encode(), "application/xml")
        if path.startswith("/en/exercises/page/"):
            number = int(path.rsplit("/", 1)[1])
            first = (number - 1) * per_page
            items = [_exercise_path(n) for n in range(first, min(pages, first + per_page))]
            head = f'<link rel="next" href="{numbered[number]}">' if number < listings else ""
            return _page(f"Exercises, page {number}", items + numbered, head)
        return generated_exercise_page(path)

    return generate


def link_farm(hubs: int, links: int) -> Generator:
    """The home -> hubs -> (never fetched) exercise URLs site (see the module docstring)."""

    def generate(path: str) -> GeneratedResponse | None:
        if path == "/":
            return _page("Hubs", [f"/hub/{n}" for n in range(hubs)])
        if path.startswith("/hub/"):
            hub = int(path.rsplit("/", 1)[1])
            first = hub * links
            # No number in the title: "Hub 404" reads as an error page.
            return _page("Hub page", [_exercise_path(n) for n in range(first, first + links)])
        return generated_exercise_page(path)

    return generate
