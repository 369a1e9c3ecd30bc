"""WARC archives of a crawl: every HTTP exchange as request and response records (ISO 28500).

``WarcArchive(DIR / "warc")`` appends to ``extractor-<serial>-<UTC time>.warc.gz`` files::

    warcinfo                      first record of every file: software, user agent, robots policy,
                                  render mode (``render``: auto, always or never)
    request  + response           one pair per HTTP exchange (robots.txt, sitemaps, pages, errors,
                                  redirects, retried attempts), ``WARC-Concurrent-To`` linking them
    conversion                    a page's rendered DOM (``write_rendered``), ``WARC-Refers-To``
                                  the response it was rendered from, ``Extractor-Render-Stopped``
                                  why waiting for the DOM ended (``extract`` reads both)

Written with warcio, one gzip member per record (so any reader can seek to a record), with
``WARC-Block-Digest`` and ``WARC-Payload-Digest`` (SHA-1, base32). A file is closed and the next
one begun before it would grow past ``max_bytes`` (a request and its response stay together).

What a response record holds. The fetcher undoes ``Content-Encoding`` (gzip, deflate) and the
transfer coding while it reads, under a size cap; the archive stores the payload as the parser
saw it, so re-extracting it gives the same record without a decoder. Its HTTP headers say so,
the way Common Crawl's archives do: ``Content-Encoding``, ``Transfer-Encoding`` and
``Content-Length`` are renamed ``X-Crawler-Content-Encoding`` (and so on) and a
``Content-Length`` of the stored payload is added. A body that was not read whole (the size
cap, a timeout, a dropped connection, a refused content type, an error status whose body was
only sampled) keeps what was received, with ``WARC-Truncated`` saying why (``length``, ``time``,
``disconnect``, ``unspecified``).

Crash safety. A record is built in memory, then appended with ``os.write`` (nothing waits in a
user-space buffer), so a SIGKILL leaves at most one torn record at the end of the newest file.
Opening an archive cuts a torn tail off that file (read with warcio: the last record whose
gzip member and block are whole ends the file), then starts a new file: every file stays
readable by warcio up to its last whole record.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import threading
import zlib
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import IO, Any, Protocol, Self
from urllib.parse import urlsplit

from .._version import __version__
from ._writer import _output_errors

__all__ = [
    "DEFAULT_WARC_MAX_BYTES",
    "RENDER_INFO",
    "RENDER_STOPPED",
    "HttpExchange",
    "WarcArchive",
    "repair_warc_tail",
    "warc_files",
]

#: The ``warcinfo`` field holding the crawl's render mode (``auto``, ``always``, ``never``).
RENDER_INFO = "render"
#: The ``conversion`` record's field saying why waiting for the rendered DOM ended.
RENDER_STOPPED = "Extractor-Render-Stopped"
#: Rotate WARC files before they grow past this many bytes (1 GiB, the usual size).
DEFAULT_WARC_MAX_BYTES = 1024**3
#: Headers describing the bytes on the wire, renamed because the stored payload is decoded.
_RENAMED = ("content-encoding", "transfer-encoding", "content-length")
_RENAMED_PREFIX = "X-Crawler-"
_FILE_NAME = re.compile(r"^extractor-(\d{5,})-\d{8}T\d{6}Z\.warc\.gz$")
_RECENT_RESPONSES = 4096  # URL -> response record, for rendered-DOM records that refer to it
_READ_BLOCK = 64 * 1024
_GZIP_LEVEL = 6
_GZIP_WBITS = 16 + zlib.MAX_WBITS  # a gzip member, header and trailer


class HttpExchange(Protocol):
    """One HTTP request and the response it got, as the fetcher saw them."""

    @property
    def url(self) -> str:
        """The requested URL (``WARC-Target-URI``)."""

    @property
    def method(self) -> str: ...

    @property
    def request_headers(self) -> Sequence[tuple[str, str]]:
        """Request headers as sent, in order."""

    @property
    def http_version(self) -> str:
        """``HTTP/1.1`` or ``HTTP/2``."""

    @property
    def status(self) -> int: ...

    @property
    def reason(self) -> str: ...

    @property
    def response_headers(self) -> Sequence[tuple[str, str]]:
        """Response headers as received, in order."""

    @property
    def body(self) -> bytes | bytearray:
        """The payload as kept: transfer and content codings undone, at most the size cap."""

    @property
    def truncated(self) -> str | None:
        """Why ``body`` is not the whole payload (a ``WARC-Truncated`` value), or None."""

    @property
    def started(self) -> datetime:
        """When the request went on the wire (UTC): the ``WARC-Date``."""

    @property
    def ip_address(self) -> str | None:
        """The server's address, if known (``WARC-IP-Address``)."""


class WarcArchive:
    """Appends WARC records to size-rotated ``.warc.gz`` files in ``directory``.

    ``info`` goes into each file's ``warcinfo`` record. Thread-safe (a renderer may call
    ``write_rendered`` from its own thread). Every ``OSError`` becomes an ``OutputError``.
    """

    def __init__(
        self,
        directory: Path | str,
        *,
        max_bytes: int = DEFAULT_WARC_MAX_BYTES,
        info: Mapping[str, str] | None = None,
    ) -> None:
        if max_bytes < 1:
            raise ValueError("max_bytes must be at least 1")
        self.directory = Path(directory)
        self.max_bytes = max_bytes
        self.info = {"software": f"extractor/{__version__}", **(info or {})}
        self.repaired_bytes = 0
        """Bytes cut from a torn tail left by an earlier run (killed mid-record)."""
        self.records_written = 0
        self.files_written: list[Path] = []
        self._lock = threading.Lock()
        self._file: _AppendFile | None = None
        self._buffer = io.BytesIO()
        # Imported here: warcio pulls in fsspec, too slow for `import extractor` to parse pages.
        from warcio.warcwriter import WARCWriter

        # Records are serialised plain and gzipped here, at zlib's default level: warcio's
        # own gzip uses level 9, several times slower for ~1% smaller files.
        self._builder = WARCWriter(self._buffer, gzip=False)
        self._recent: OrderedDict[str, tuple[str, str]] = OrderedDict()
        with _output_errors("prepare the WARC directory", self.directory):
            self.directory.mkdir(parents=True, exist_ok=True)
            existing = warc_files(self.directory)
            if existing:
                self.repaired_bytes = repair_warc_tail(existing[-1])
            self._serial = _serial(existing[-1]) if existing else 0

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Sync and close the current file. Idempotent."""
        with self._lock:
            self._close_file()

    def summary(self) -> dict[str, Any]:
        """What this archive did (for the manifest)."""
        return {
            "directory": str(self.directory),
            "files": [path.name for path in self.files_written],
            "records": self.records_written,
            "max_bytes": self.max_bytes,
            "torn_bytes_repaired": self.repaired_bytes,
        }

    # -- records ---------------------------------------------------------------------------

    def write_exchange(self, exchange: HttpExchange) -> str:
        """Append the request and response records of ``exchange``; return the response's id."""
        date = _warc_date(exchange.started)
        response = self._response_record(exchange, date)
        request = self._request_record(exchange, date)
        response_id = response.rec_headers.get_header("WARC-Record-ID")
        request.rec_headers.add_header("WARC-Concurrent-To", response_id)
        with self._lock:
            self._append(self._serialise(request, response), records=2)
            self._remember(exchange.url, response_id, date)
        return str(response_id)

    def write_rendered(
        self,
        url: str,
        content: bytes | str,
        *,
        refers_to: str | None = None,
        content_type: str = "text/html; charset=utf-8",
        rendered_at: datetime | None = None,
        stopped: str | None = None,
    ) -> str:
        """Append a page's rendered DOM as a ``conversion`` record; return its record id.

        ``refers_to`` is the ``WARC-Record-ID`` of the response it was rendered from; by
        default the latest response archived for ``url`` (if any) is referred to.
        ``stopped`` (why waiting for the DOM ended) goes into ``RENDER_STOPPED``.
        """
        payload = content.encode("utf-8") if isinstance(content, str) else bytes(content)
        date = _warc_date(rendered_at or datetime.now(UTC))
        headers: dict[str, str] = {"WARC-Date": date}
        if stopped is not None:
            headers[RENDER_STOPPED] = " ".join(stopped.split())  # one header line
        with self._lock:
            referent = self._recent.get(url)
        if refers_to is not None:
            headers["WARC-Refers-To"] = refers_to
        elif referent is not None:
            headers["WARC-Refers-To"] = referent[0]
            headers["WARC-Refers-To-Date"] = referent[1]
        if "WARC-Refers-To" in headers:
            headers["WARC-Refers-To-Target-URI"] = url
        record = self._builder.create_warc_record(
            url,
            "conversion",
            payload=io.BytesIO(payload),
            length=len(payload),
            warc_content_type=content_type,
            warc_headers_dict=headers,
        )
        record_id = str(record.rec_headers.get_header("WARC-Record-ID"))
        with self._lock:
            self._append(self._serialise(record), records=1)
        return record_id

    def _response_record(self, exchange: HttpExchange, date: str) -> Any:
        from warcio.statusandheaders import StatusAndHeaders

        body = exchange.body
        headers = _stored_response_headers(exchange.response_headers, len(body))
        status_line = f"{exchange.status} {exchange.reason}".rstrip()
        http_headers = StatusAndHeaders(status_line, headers, protocol=exchange.http_version)
        warc_headers = {"WARC-Date": date}
        if exchange.truncated:
            warc_headers["WARC-Truncated"] = exchange.truncated
        if exchange.ip_address:
            warc_headers["WARC-IP-Address"] = exchange.ip_address
        return self._builder.create_warc_record(
            exchange.url,
            "response",
            payload=io.BytesIO(body),
            length=len(body),
            http_headers=http_headers,
            warc_headers_dict=warc_headers,
        )

    def _request_record(self, exchange: HttpExchange, date: str) -> Any:
        from warcio.statusandheaders import StatusAndHeaders

        target = _request_target(exchange.url)
        line = f"{exchange.method} {target} {exchange.http_version}"
        http_headers = StatusAndHeaders(line, list(exchange.request_headers), is_http_request=True)
        return self._builder.create_warc_record(
            exchange.url,
            "request",
            payload=io.BytesIO(b""),
            length=0,
            http_headers=http_headers,
            warc_headers_dict={"WARC-Date": date},
        )

    def _serialise(self, *records: Any) -> bytes:
        """The records as consecutive gzip members, one per record."""
        members = []
        for record in records:
            buffer = self._buffer
            buffer.seek(0)
            buffer.truncate()
            self._builder.write_record(record)
            compressor = zlib.compressobj(_GZIP_LEVEL, zlib.DEFLATED, _GZIP_WBITS)
            members.append(compressor.compress(buffer.getvalue()) + compressor.flush())
        return b"".join(members)

    def _remember(self, url: str, record_id: str, date: str) -> None:
        self._recent[url] = (record_id, date)
        self._recent.move_to_end(url)
        if len(self._recent) > _RECENT_RESPONSES:
            self._recent.popitem(last=False)

    # -- files -----------------------------------------------------------------------------

    def _append(self, data: bytes, *, records: int) -> None:
        """Append ``data`` (whole records) to the current file, rotating first if it is full."""
        current = self._file
        if current is None or (current.size + len(data) > self.max_bytes and current.has_data):
            current = self._rotate()
        with _output_errors("write a WARC record to", current.path):
            current.append(data)
        self.records_written += records

    def _rotate(self) -> _AppendFile:
        self._close_file()
        self._serial += 1
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        path = self.directory / f"extractor-{self._serial:05d}-{stamp}.warc.gz"
        with _output_errors("create", path):
            current = _AppendFile(path)
            warcinfo = self._builder.create_warcinfo_record(path.name, self.info)
            current.append(self._serialise(warcinfo))
        current.has_data = False  # a file holding only its warcinfo never rotates
        self._file = current
        self.files_written.append(path)
        return current

    def _close_file(self) -> None:
        current, self._file = self._file, None
        if current is not None:
            with _output_errors("close", current.path):
                current.close()


class _AppendFile:
    """An append-only file written with ``os.write`` (no user-space buffer), fsync-ed on close."""

    def __init__(self, path: Path) -> None:
        self.path = path
        flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
        self._fd = os.open(path, flags, 0o666)
        self.size = 0
        self.has_data = False

    def append(self, data: bytes) -> None:
        view = memoryview(data)
        written = 0
        try:
            while written < len(data):
                written += os.write(self._fd, view[written:])
        except OSError:
            # Disk full mid-record: cut it, so the file still ends with a whole record.
            with contextlib.suppress(OSError):
                os.ftruncate(self._fd, self.size)
            raise
        self.size += len(data)
        self.has_data = True

    def close(self) -> None:
        try:
            os.fsync(self._fd)
        finally:
            os.close(self._fd)


def warc_files(directory: Path) -> list[Path]:
    """This archive's WARC files in ``directory``, oldest first (by serial number)."""
    found = [path for path in directory.glob("extractor-*.warc.gz") if _FILE_NAME.match(path.name)]
    return sorted(found, key=_serial)


def repair_warc_tail(path: Path) -> int:
    """Cut a torn last record off a gzip-per-record WARC file; return the bytes cut.

    The file is read with warcio; a record counts only if its gzip member ended (trailer
    read) and its block holds ``Content-Length`` bytes. The file is truncated after the
    last such record (an empty file is removed).
    """
    with path.open("rb") as handle:
        size = handle.seek(0, os.SEEK_END)
        handle.seek(0)
        good = _whole_records_end(handle)
    if good == 0:
        path.unlink()
    elif good < size:
        with path.open("r+b") as handle:
            handle.truncate(good)
            os.fsync(handle.fileno())
    return size - good


def _whole_records_end(handle: IO[bytes]) -> int:
    """Offset just past the last whole record of the stream (0 if none)."""
    from warcio.archiveiterator import ArchiveIterator

    iterator = ArchiveIterator(handle, no_record_parse=True)
    good = 0
    try:
        for record in iterator:
            received = 0
            while chunk := record.raw_stream.read(_READ_BLOCK):
                received += len(chunk)
            iterator.read_to_end()
            decompressor = iterator.reader.decompressor
            if received != record.length or decompressor is None or not decompressor.eof:
                break
            good = iterator.get_record_offset() + iterator.get_record_length()
    except Exception:
        pass
    return good


def _serial(path: Path) -> int:
    match = _FILE_NAME.match(path.name)
    return int(match.group(1)) if match else 0


def _stored_response_headers(
    headers: Sequence[tuple[str, str]], stored_length: int
) -> list[tuple[str, str]]:
    """The response headers, renamed where they describe wire bytes the payload no longer has."""
    stored = [
        (_RENAMED_PREFIX + name, value) if name.lower() in _RENAMED else (name, value)
        for name, value in headers
    ]
    stored.append(("Content-Length", str(stored_length)))
    return stored


def _request_target(url: str) -> str:
    """The request line's target: path and query of ``url`` (``/`` if the path is empty)."""
    parts = urlsplit(url)
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


def _warc_date(moment: datetime) -> str:
    """``WARC-Date``: UTC, second precision (WARC/1.0)."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
