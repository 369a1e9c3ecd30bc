"""Is a response a page? Content-Type rules, and sniffing when the header is missing.

Pure functions. Sniffing follows the shape of the WHATWG MIME Sniffing
standard (§7.1 "identifying a resource with an unknown MIME type"): known
binary signatures first, then HTML-looking tags, then the binary-byte test.
"""

from __future__ import annotations

__all__ = [
    "PAGE_MEDIA_TYPES",
    "media_type",
    "needs_sniffing",
    "page_type_refusal",
    "sniff_media_type",
]

# Media types the fetcher hands to the page parser.
PAGE_MEDIA_TYPES = frozenset(
    {"text/html", "application/xhtml+xml", "text/plain", "text/markdown", "text/x-markdown"}
)
# Types that say "unknown" rather than naming one (WHATWG MIME Sniffing §7.1): sniff them.
_UNKNOWN_TYPES = frozenset({"", "unknown/unknown", "application/unknown", "*/*"})
# How many leading bytes sniffing looks at (WHATWG: the resource header, 1445 bytes).
SNIFF_BYTES = 1445

# Leading bytes of common non-page formats, checked before anything else.
_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"RIFF", "application/octet-stream"),  # WebP, WAV, AVI
    (b"PK\x03\x04", "application/zip"),
    (b"\x1f\x8b\x08", "application/gzip"),
    (b"%!PS-Adobe-", "application/postscript"),
    (b"\x00\x00\x01\x00", "image/x-icon"),
    (b"wOFF", "font/woff"),
    (b"wOF2", "font/woff2"),
)
# Tags (lower-cased, followed by a space or ">") that make a text HTML (WHATWG §7.1 step 2).
_HTML_OPENERS = (
    b"<!doctype html",
    b"<html",
    b"<head",
    b"<body",
    b"<script",
    b"<iframe",
    b"<h1",
    b"<div",
    b"<font",
    b"<table",
    b"<a",
    b"<style",
    b"<title",
    b"<b",
    b"<br",
    b"<p",
    b"<!--",
)
_TEXT_BOMS = (b"\xef\xbb\xbf", b"\xfe\xff", b"\xff\xfe")
# Control bytes that never occur in text (WHATWG "binary data byte").
_BINARY_BYTES = frozenset({*range(0x09), 0x0B, *range(0x0E, 0x1B), *range(0x1C, 0x20)})


def media_type(content_type: str | None) -> str:
    """The lower-cased ``type/subtype`` of a Content-Type header ("" when absent)."""
    if not content_type:
        return ""
    return content_type.split(";", 1)[0].strip().lower()


def sniff_media_type(head: bytes) -> str:
    """Guess the media type of a body from its first bytes.

    Returns ``text/html``, ``text/plain``, a known binary type, or
    ``application/octet-stream``.
    """
    head = head[:SNIFF_BYTES]
    for signature, kind in _SIGNATURES:
        if head.startswith(signature):
            return kind
    if head.startswith(_TEXT_BOMS):
        return "text/html" if _looks_like_html(_strip_bom(head)) else "text/plain"
    if _looks_like_html(head):
        return "text/html"
    if any(byte in _BINARY_BYTES for byte in head):
        return "application/octet-stream"
    return "text/plain"


def _strip_bom(head: bytes) -> bytes:
    for bom in _TEXT_BOMS:
        if head.startswith(bom):
            # A UTF-16 body keeps a NUL after each ASCII byte; dropping them lets the tag test run.
            rest = head[len(bom) :]
            return rest.replace(b"\x00", b"") if bom != b"\xef\xbb\xbf" else rest
    return head


def _looks_like_html(head: bytes) -> bool:
    text = head.lstrip(b" \t\n\r\x0c").lower()
    for opener in _HTML_OPENERS:
        if text.startswith(opener):
            after = text[len(opener) : len(opener) + 1]
            if opener == b"<!--" or after in (b" ", b">", b"\t", b"\n", b"\r", b"\x0c"):
                return True
    return False


def page_type_refusal(content_type: str | None, head: bytes | None) -> str | None:
    """Why a response is not a page, or None when it is.

    A declared type decides alone; a missing or "unknown" type is sniffed from
    ``head`` (the first bytes of the body; None means "not read yet", which
    counts as acceptable until the body is there).
    """
    declared = media_type(content_type)
    if declared in PAGE_MEDIA_TYPES:
        return None
    if declared not in _UNKNOWN_TYPES:
        return f"unsupported content type: {declared}"
    if head is None:
        return None
    sniffed = sniff_media_type(head)
    if sniffed in PAGE_MEDIA_TYPES:
        return None
    label = "no Content-Type" if not declared else f"Content-Type {declared}"
    return f"unsupported content type: {label}, body looks like {sniffed}"


def needs_sniffing(content_type: str | None) -> bool:
    """Whether the header leaves the type to the body (absent or an "unknown" placeholder)."""
    return media_type(content_type) in _UNKNOWN_TYPES
