"""Helpers that build WARC files for the offline-extraction tests (not a test module)."""

from __future__ import annotations

import gzip
import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from extractor.testing import generated_exercise_page

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8


def exercise_html(number: int) -> bytes:
    """A small valid exercise page (the generator the local test site uses)."""
    page = generated_exercise_page(f"/en/exercise/{number:04x}-generated-{number}")
    assert page is not None
    return page.body


def response(
    writer: WARCWriter,
    url: str,
    body: bytes,
    *,
    status: str = "200 OK",
    content_type: str | None = "text/html; charset=utf-8",
    headers: Sequence[tuple[str, str]] = (),
    warc_headers: dict[str, str] | None = None,
) -> Any:
    http = [("Content-Type", content_type)] if content_type else []
    http += [*headers, ("Content-Length", str(len(body)))]
    return writer.create_warc_record(
        url,
        "response",
        payload=io.BytesIO(body),
        length=len(body),
        http_headers=StatusAndHeaders(status, http, protocol="HTTP/1.1"),
        warc_headers_dict=warc_headers or {},
    )


def member(record: Any, *, gzipped: bool = True) -> bytes:
    """One record serialised (a gzip member when ``gzipped``)."""
    buffer = io.BytesIO()
    WARCWriter(buffer, gzip=gzipped).write_record(record)
    return buffer.getvalue()


def pages_warc(path: Path, origin: str, numbers: Sequence[int]) -> list[str]:
    """A gzip-per-record WARC of generated exercise pages; returns their URLs in order."""
    urls = []
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        for number in numbers:
            url = f"{origin}/en/exercise/{number:04x}-generated-{number}"
            writer.write_record(response(writer, url, exercise_html(number)))
            urls.append(url)
    return urls


def gzip_bytes(data: bytes) -> bytes:
    return gzip.compress(data, mtime=0)
