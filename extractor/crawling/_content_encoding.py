"""Undo ``Content-Encoding`` (gzip, deflate) with bounded memory, so a size cap stops a gzip bomb.

httpx inflates each network chunk whole: one 64 KiB chunk of a gzip bomb becomes ~64 MB in
memory before a cap on the decoded size can look at it (measured: eight bombs of 1 MB each,
cap 1 MB, peaked at 1.1 GB of RSS). Here every zlib call is told how much it may produce
(``max_length``) and the output is handed out lazily, step by step, so the reader can stop
as soon as its cap is passed and memory stays at one step, whatever the compression ratio.

Pure (no I/O). Codings are listed in the order they were applied (RFC 9110 §8.4) and undone
in reverse; ``identity`` and codings we do not know are passed through unchanged, as httpx
does (we only ask for ``gzip, deflate``, so a server that sends anything else is wrong about
the header more often than about the body).
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Iterator

__all__ = ["ACCEPT_ENCODING", "STEP", "BoundedDecoder", "UndecodableBody", "content_codings"]

#: The ``Accept-Encoding`` request header: exactly the codings ``BoundedDecoder`` undoes.
ACCEPT_ENCODING = "gzip, deflate"
#: Most bytes one zlib call may produce.
STEP = 64 * 1024

_GZIP_WBITS = 16 + zlib.MAX_WBITS  # gzip header and trailer
_ZLIB_WBITS = zlib.MAX_WBITS  # RFC 9110 "deflate" is the zlib format (RFC 1950)
_RAW_WBITS = -zlib.MAX_WBITS  # ... but many servers send bare deflate (RFC 1951)
_WBITS = {"gzip": _GZIP_WBITS, "x-gzip": _GZIP_WBITS, "deflate": _ZLIB_WBITS}


class UndecodableBody(Exception):
    """The body is not valid data of its declared ``Content-Encoding``."""


def content_codings(header: str | None) -> list[str]:
    """The codings of a ``Content-Encoding`` header, lower-cased, in the order applied."""
    if not header:
        return []
    return [coding.strip().lower() for coding in header.split(",") if coding.strip()]


class BoundedDecoder:
    """Decodes a body chunk by chunk; each produced piece is at most ``STEP`` bytes.

    ``decode(chunk)`` and ``finish()`` return lazy iterators: pulling stops inflating.
    Raises ``UndecodableBody`` for corrupt data.
    """

    def __init__(self, content_encoding: str | None) -> None:
        codings = [c for c in content_codings(content_encoding) if c in _WBITS]
        self._stages = [_Inflater(coding) for coding in reversed(codings)]

    def decode(self, chunk: bytes) -> Iterator[bytes]:
        """The decoded pieces ``chunk`` gives (possibly none yet)."""
        pieces: Iterable[bytes] = (chunk,)
        for stage in self._stages:
            pieces = stage.feed(pieces)
        return (piece for piece in pieces if piece)

    def finish(self) -> Iterator[bytes]:
        """What is left once the body has ended."""
        pieces: Iterable[bytes] = ()
        for stage in self._stages:
            pieces = stage.finish(pieces)
        return (piece for piece in pieces if piece)


class _Inflater:
    """One coding of the chain."""

    def __init__(self, coding: str) -> None:
        self.coding = coding
        self._inflater = zlib.decompressobj(_WBITS[coding])
        self._consumed = 0  # input bytes accepted so far (the deflate fallback needs none)

    def feed(self, pieces: Iterable[bytes]) -> Iterator[bytes]:
        for piece in pieces:
            yield from self._inflate(piece)

    def finish(self, pieces: Iterable[bytes]) -> Iterator[bytes]:
        yield from self.feed(pieces)
        try:
            tail = self._inflater.flush()
        except zlib.error as exc:
            raise UndecodableBody(f"invalid {self.coding} data: {exc}") from None
        if tail:
            yield tail

    def _inflate(self, data: bytes) -> Iterator[bytes]:
        while data and not self._inflater.eof:  # bytes after the end of the stream are ignored
            try:
                out = self._inflater.decompress(data, STEP)
            except zlib.error as exc:
                if self.coding == "deflate" and self._consumed == 0:
                    # No zlib header: bare deflate, a common server bug browsers accept.
                    self._inflater = zlib.decompressobj(_RAW_WBITS)
                    self._consumed = -1  # fall back once only
                    continue
                raise UndecodableBody(f"invalid {self.coding} data: {exc}") from None
            rest = self._inflater.unconsumed_tail
            if not out and len(rest) == len(data):
                return  # no progress (cannot happen with zlib; never spin on it)
            if self._consumed >= 0:
                self._consumed += len(data) - len(rest)
            data = rest
            if out:
                yield out
