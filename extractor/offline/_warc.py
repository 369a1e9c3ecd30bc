"""A WARC (or ARC) file, streamed with warcio, as work units; what is no page is skipped early.

The pre-filter reads only record and HTTP headers: a record becomes a page to parse only if it
is a ``response`` (or an ARC record) for an http(s) URL matching ``include``, with a 2xx status,
not marked ``WARC-Truncated``, whose Content-Type is a page type (HTML, XHTML, plain text) or
missing. Everything else is counted by reason and skipped without reading its payload (a
gzip member is still inflated to find the next one). Payloads are read under ``max_bytes``,
``Content-Encoding`` and chunking undone (warcio), so archives of other tools work too.

A page a crawl of ours rendered in a browser is read as the crawl read it: from its rendered DOM
(the ``conversion`` record that refers to the response), not from the response, whose sections
still said "Loading...". ``rendered_responses`` finds those responses first (a header-only pass,
run only on files whose ``warcinfo`` says the crawl may have rendered pages); the response is
then skipped (``rendered``) and the DOM parsed with ``rendering.read_rendered``. Conversion
records of other tools are not read.

A broken record (a corrupt or torn gzip member, garbage between records) becomes one failure
line naming the file and offset; reading goes on at the next gzip member (or ``WARC/`` line
of an uncompressed file), so one bad member never loses the rest of a segment.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Generator, Iterator
from typing import IO, Any

from .._exceptions import TooLarge, UnreadableInput
from .._models import Failure
from ..dataset import RENDER_INFO, RENDER_STOPPED, utc_now
from ._units import Options, Page, Unit

__all__ = ["PAGE_MEDIA_TYPES", "iter_warc", "rendered_responses"]

#: Content types handed to the parser (as the crawler's fetcher does); no type: the parser sniffs.
PAGE_MEDIA_TYPES = frozenset({"text/html", "application/xhtml+xml", "text/plain"})
_GZIP_MAGIC = b"\x1f\x8b\x08"
_WARC_MAGIC = b"WARC/1."
_ARC_MAGIC = b"filedesc://"
_SCAN_BLOCK = 1024 * 1024
_READ_BLOCK = 64 * 1024
_PAGE_RECORDS = frozenset({"response"})


def iter_warc(path: str, options: Options, counts: Counter[str]) -> Iterator[Unit]:
    """The units of the WARC file ``path``, in file order; ``counts`` tallies the rest."""
    try:
        handle = open(path, "rb")  # noqa: SIM115 - closed below, after a generator's life
    except OSError as exc:
        yield _read_failure(path, f"cannot read the file: {exc.strerror or exc}")
        return
    with handle:
        compressed = handle.read(2) == _GZIP_MAGIC[:2]
        start: int | None = 0
        reported = False  # one failure per broken stretch, however many restarts it takes
        while start is not None:
            handle.seek(start)
            broken = yield from _records(handle, path, options, counts)
            if broken is None:
                return
            offset, reason, read_any = broken
            if read_any or not reported:
                counts["broken_parts"] += 1
                yield _read_failure(path, f"broken record at offset {offset}: {reason}")
            reported = True
            start = _next_start(handle, offset + 1, compressed)


def _records(
    handle: IO[bytes], path: str, options: Options, counts: Counter[str]
) -> Generator[Unit, None, tuple[int, str, bool] | None]:
    """Units from the current position; returns None at a clean end, else (offset, why, read)."""
    # Imported here: warcio pulls in fsspec, too slow for every command line to pay for.
    from warcio.archiveiterator import ArchiveIterator, WARCIterator

    end = handle.tell()
    read_any = False
    # ARC records are read (as WARC responses) only in an ARC file: elsewhere a line of
    # garbage would pass for an ARC header.
    if path.lower().endswith((".arc", ".arc.gz")):
        iterator: ArchiveIterator = ArchiveIterator(handle, arc2warc=True)
    else:
        iterator = WARCIterator(handle)
    try:
        for record in iterator:
            unit = _unit(record, path, options, counts)
            iterator.read_to_end()
            if not _whole(record, iterator):
                return end, "the record is cut short (a torn or corrupt gzip member)", read_any
            end = iterator.get_record_offset() + iterator.get_record_length()
            read_any = True
            if unit is not None:
                yield unit
            if iterator.err_count:  # warcio stepped over bytes that are no record: say so
                iterator.err_count = 0
                counts["broken_parts"] += 1
                yield _read_failure(path, f"bytes that are no record skipped after offset {end}")
    except Exception as exc:
        return end, f"{type(exc).__name__}: {exc}".strip().splitlines()[0], read_any
    return None


def _unit(record: Any, path: str, options: Options, counts: Counter[str]) -> Unit | None:
    """The record as a page to parse, a failure, or None (skipped and counted)."""
    kind = record.rec_type
    counts[f"records:{kind}"] += 1
    if kind == "conversion":
        return _rendered_unit(record, options, counts)
    if kind not in _PAGE_RECORDS:
        return None
    url = _header(record, "WARC-Target-URI")
    http = record.http_headers
    reason = _skip_reason(record, url, http, options)
    if reason is None and _header(record, "WARC-Record-ID") in options.rendered_responses:
        reason = "rendered"  # the crawl read this page's rendered DOM: so does extract, later
    if reason is not None:
        counts[f"skipped:{reason}"] += 1
        return None
    body = _body(record, url, options)
    if isinstance(body, Failure):
        return body
    return Page(body=body, url=url, content_type=http.get_header("Content-Type"))


def _rendered_unit(record: Any, options: Options, counts: Counter[str]) -> Unit | None:
    """A crawl's rendered DOM (a ``conversion`` record referring to a response it replaces,
    see ``rendered_responses``) as a page to parse; any other conversion is skipped."""
    if _header(record, "WARC-Refers-To") not in options.rendered_responses:
        return None
    url = _header(record, "WARC-Target-URI")
    if not options.included(url):
        counts["skipped:excluded"] += 1
        return None
    body = _body(record, url, options)
    if isinstance(body, Failure):
        return body
    return Page(
        body=body,
        url=url,
        content_type=_header(record, "Content-Type") or None,
        rendered=True,
        render_stopped=record.rec_headers.get_header(RENDER_STOPPED),
    )


def _body(record: Any, url: str, options: Options) -> bytes | Failure:
    """The record's payload under ``max_bytes``, or the failure of its page."""
    try:
        return _payload(record, options.max_bytes)
    except TooLarge as exc:
        return _page_failure(url, exc)
    except Exception as exc:
        return _page_failure(url, UnreadableInput(f"undecodable payload: {exc}"))


def rendered_responses(path: str) -> set[str]:
    """The responses a crawl of ours rendered, as the record ids its ``conversion`` records
    refer to; empty for any other WARC (and without reading past its first record).

    A rendered page's DOM is archived after its response, often several records later (or in
    the next file, after a rotation), so a streamed read meets the response first: this
    header-only pass over the crawl's files tells it which responses to skip. It runs only on
    files whose ``warcinfo`` says a crawl of ours rendered pages (``RENDER_INFO``).
    """
    from warcio.archiveiterator import ArchiveIterator

    found: set[str] = set()
    try:
        with open(path, "rb") as handle:
            records = ArchiveIterator(handle)
            first = next(records, None)
            if first is None or not _rendering_crawl(first):
                return found
            for record in records:
                if record.rec_type == "conversion" and (
                    refers_to := _header(record, "WARC-Refers-To")
                ):
                    found.add(refers_to)
    except Exception:  # a broken member: the main pass reports it; what was found stands
        return found
    return found


def _rendering_crawl(record: Any) -> bool:
    """``record`` is the ``warcinfo`` of a crawl of ours that may have rendered pages."""
    if record.rec_type != "warcinfo":
        return False
    fields: dict[str, str] = {}
    for line in record.content_stream().read(_READ_BLOCK).decode("utf-8", "replace").splitlines():
        name, _, value = line.partition(":")
        fields[name.strip().lower()] = value.strip()
    ours = fields.get("software", "").startswith("extractor/")
    return ours and fields.get(RENDER_INFO, "auto") != "never"


def _header(record: Any, name: str) -> str:
    """A WARC header of ``record``, stripped ("" when absent)."""
    return (record.rec_headers.get_header(name) or "").strip()


def _skip_reason(record: Any, url: str, http: Any, options: Options) -> str | None:
    if not url.lower().startswith(("http://", "https://")) or http is None:
        return "not_http"
    if not options.included(url):
        return "excluded"
    status = http.get_statuscode() or ""
    if not (len(status) == 3 and status.startswith("2")):
        return "status"
    if record.rec_headers.get_header("WARC-Truncated"):
        return "truncated"
    content_type = http.get_header("Content-Type") or ""
    media = content_type.split(";", 1)[0].strip().lower()
    if media and media not in PAGE_MEDIA_TYPES:
        return "not_a_page"
    return None


def _payload(record: Any, max_bytes: int) -> bytes:
    stream = record.content_stream()
    body = bytearray()
    while chunk := stream.read(_READ_BLOCK):
        body += chunk
        if len(body) > max_bytes:
            raise TooLarge(f"payload larger than {max_bytes} bytes (--max-bytes)")
    return bytes(body)


def _whole(record: Any, iterator: Any) -> bool:
    """The record's block was read to its Content-Length and its gzip member ended."""
    remaining = getattr(record.raw_stream, "limit", 0)
    if remaining:
        return False
    decompressor = iterator.reader.decompressor
    return decompressor is None or bool(getattr(decompressor, "eof", True))


def _next_start(handle: IO[bytes], offset: int, compressed: bool) -> int | None:
    """The next place a record may start at or after ``offset``, or None at the end."""
    magics = (_GZIP_MAGIC,) if compressed else (_WARC_MAGIC, _ARC_MAGIC)
    overlap = max(len(magic) for magic in magics) - 1
    position = offset
    while True:
        handle.seek(position)
        block = handle.read(_SCAN_BLOCK)
        if not block:
            return None
        found = [i for i in (block.find(magic) for magic in magics) if i >= 0]
        if found:
            return position + min(found)
        if len(block) < _SCAN_BLOCK:
            return None
        position += len(block) - overlap


def _read_failure(path: str, reason: str) -> Failure:
    return Failure(
        path=path, stage="read", error_type="UnreadableInput", reason=reason, time=utc_now()
    )


def _page_failure(url: str, error: Exception) -> Failure:
    return Failure(
        url=url, stage="read", error_type=type(error).__name__, reason=str(error), time=utc_now()
    )
