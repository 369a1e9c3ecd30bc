"""A raw-socket HTTP server on 127.0.0.1 that can misbehave in ways http.server cannot.

Not a test module. Each route is a function ``(conn, request) -> None`` that writes whatever
bytes it likes (garbage status lines, lying headers, broken chunking, resets) on the raw
socket. The server runs in a daemon thread, answers one request per connection (it always
closes afterwards) and logs every request, so tests can count hits and check spacing.

Bounded: connection threads use socket timeouts; ``stop()`` closes the listener and every
open connection, so a handler that "never answers" ends when the test ends.
"""

from __future__ import annotations

import contextlib
import gzip
import socket
import struct
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from types import TracebackType
from typing import Self

__all__ = [
    "EXERCISE_HTML",
    "FaultyServer",
    "Request",
    "Route",
    "body_response",
    "hang",
    "page",
    "raw",
    "reset",
    "sequence",
    "status",
    "trickle",
]

EXERCISE_HTML = b"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Goblet squat</title></head>
<body><main><h1>Goblet squat</h1>
<h2>Instructions</h2><ul><li>Hold a weight at your chest.</li><li>Squat down slowly.</li></ul>
<h2>Breathing tips</h2><ul><li>Exhale on the way up.</li></ul>
<h2>Description</h2><p>A squat with the weight held in front.</p>
</main></body></html>
"""

_IO_TIMEOUT = 10.0  # no connection thread outlives a test by more than this


@dataclass(frozen=True, slots=True)
class Request:
    """One request as the server read it."""

    path: str
    headers: dict[str, str]
    arrived: float  # time.monotonic()


Route = Callable[[socket.socket, Request], None]


@dataclass
class _Log:
    lock: threading.Lock = field(default_factory=threading.Lock)
    requests: list[Request] = field(default_factory=list)
    in_flight: int = 0
    peak_in_flight: int = 0


class FaultyServer:
    """``with FaultyServer({"/a": page(), "/b": hang()}) as server: server.url("/a")``.

    Unknown paths get a 404 (robots.txt too, which RFC 9309 reads as "allow all").
    """

    def __init__(self, routes: dict[str, Route] | None = None) -> None:
        self.routes: dict[str, Route] = dict(routes or {})
        self._log = _Log()
        self._listener: socket.socket | None = None
        self._port = 0
        self._connections: set[socket.socket] = set()
        self._stopping = threading.Event()
        self._accepter: threading.Thread | None = None

    def __enter__(self) -> Self:
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", 0))
        listener.listen(128)
        listener.settimeout(0.05)
        self._listener = listener
        self._port = int(listener.getsockname()[1])
        self._accepter = threading.Thread(target=self._accept_loop, daemon=True)
        self._accepter.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def stop(self) -> None:
        """Close the listener and every open connection; wait for the accept thread."""
        self._stopping.set()
        if self._accepter is not None:
            self._accepter.join(timeout=5)
        with self._log.lock:
            connections = list(self._connections)
        for conn in connections:
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)
            with contextlib.suppress(OSError):
                conn.close()
        if self._listener is not None:
            self._listener.close()

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self._port}"

    @property
    def port(self) -> int:
        """The listening port (still known after ``stop()``, for assertions)."""
        return self._port

    def url(self, path: str) -> str:
        return self.origin + path

    def hits(self, path: str) -> int:
        with self._log.lock:
            return sum(1 for r in self._log.requests if r.path == path)

    @property
    def requests(self) -> list[Request]:
        with self._log.lock:
            return list(self._log.requests)

    @property
    def peak_in_flight(self) -> int:
        with self._log.lock:
            return self._log.peak_in_flight

    # -- serving -----------------------------------------------------------------------------

    def _accept_loop(self) -> None:
        assert self._listener is not None
        while not self._stopping.is_set():
            try:
                conn, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            conn.settimeout(_IO_TIMEOUT)
            with self._log.lock:
                self._connections.add(conn)
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: socket.socket) -> None:
        try:
            request = _read_request(conn)
            if request is None:
                return
            route = self.routes.get(request.path, status(404))
            with self._log.lock:
                self._log.requests.append(request)
                self._log.in_flight += 1
                self._log.peak_in_flight = max(self._log.peak_in_flight, self._log.in_flight)
            try:
                route(conn, request)
            finally:
                with self._log.lock:
                    self._log.in_flight -= 1
        except OSError:
            pass  # the client hung up or the server is stopping
        finally:
            with self._log.lock:
                self._connections.discard(conn)
            with contextlib.suppress(OSError):
                conn.close()


def _read_request(conn: socket.socket) -> Request | None:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(4096)
        if not chunk:
            return None
        data += chunk
        if len(data) > 65536:
            return None
    head = data.split(b"\r\n\r\n", 1)[0].decode("latin-1")
    request_line, *header_lines = head.split("\r\n")
    target = request_line.split(" ")[1] if request_line.count(" ") >= 2 else "/"
    path = target.split("?", 1)[0]
    headers = {}
    for line in header_lines:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return Request(path, headers, time.monotonic())


# -- route builders ------------------------------------------------------------------------------


def raw(data: bytes, *, linger: float = 0.0) -> Route:
    """Send ``data`` as is, then close (after ``linger`` s)."""

    def route(conn: socket.socket, request: Request) -> None:
        conn.sendall(data)
        if linger:
            time.sleep(linger)

    return route


def body_response(
    body: bytes,
    *,
    code: int = 200,
    content_type: str | None = "text/html; charset=utf-8",
    headers: dict[str, str] | None = None,
    length: int | None = None,
) -> bytes:
    """A complete HTTP/1.1 response; ``length`` overrides the Content-Length (a lie)."""
    lines = [f"HTTP/1.1 {code} X"]
    if content_type is not None:
        lines.append(f"Content-Type: {content_type}")
    lines.append(f"Content-Length: {len(body) if length is None else length}")
    lines.append("Connection: close")
    lines += [f"{name}: {value}" for name, value in (headers or {}).items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


def page(body: bytes = EXERCISE_HTML, **kwargs: object) -> Route:
    """A well-formed response (by default a valid exercise page)."""
    return raw(body_response(body, **kwargs))  # type: ignore[arg-type]


def status(code: int, *, headers: dict[str, str] | None = None) -> Route:
    """A short HTML error page with status ``code``."""
    body = f"<html><body><h1>Error {code}</h1></body></html>".encode()
    return page(body, code=code, headers=headers)


def hang(seconds: float = _IO_TIMEOUT) -> Route:
    """Accept the request and never answer (until the client or the server gives up)."""

    def route(conn: socket.socket, request: Request) -> None:
        conn.settimeout(seconds)
        with contextlib.suppress(OSError):
            while conn.recv(4096):
                pass

    return route


def reset() -> Route:
    """Reset the connection (RST, SO_LINGER 0) right after reading the request."""

    def route(conn: socket.socket, request: Request) -> None:
        conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        conn.close()

    return route


def trickle(head: bytes, *, interval: float, count: int = 1000) -> Route:
    """Send ``head``, then one byte every ``interval`` seconds (a body slower than any deadline)."""

    def route(conn: socket.socket, request: Request) -> None:
        conn.sendall(head)
        for _ in range(count):
            time.sleep(interval)
            conn.sendall(b"<")

    return route


def sequence(*routes: Route) -> Route:
    """The n-th request of the path gets ``routes[n]`` (the last one repeats)."""
    lock = threading.Lock()
    served = [0]

    def route(conn: socket.socket, request: Request) -> None:
        with lock:
            index = min(served[0], len(routes) - 1)
            served[0] += 1
        routes[index](conn, request)

    return route


def gzipped(data: bytes) -> bytes:
    return gzip.compress(data, mtime=0)
