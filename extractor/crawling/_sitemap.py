"""Sitemaps (sitemaps.org protocol): page URLs from sitemaps and sitemap indexes.

``parse_sitemap`` is pure (bytes in, entries out); ``iter_sitemap_urls`` fetches
through the ``Fetcher`` (so sitemaps get the same robots, rate limit and user
agent as pages), follows indexes depth-first, and never crashes on a bad
sitemap: it skips it with a warning.
"""

from __future__ import annotations

import asyncio
import io
import logging
import re
import zlib
from collections.abc import AsyncIterator, Callable, Iterable
from dataclasses import dataclass
from typing import Literal, Protocol
from urllib.parse import urljoin, urlsplit

from lxml import etree

from .._exceptions import FetchError
from ..parsing import normalise_url

__all__ = [
    "MAX_SITEMAP_BYTES",
    "MAX_SITEMAP_DEPTH",
    "ResourceFetcher",
    "Sitemap",
    "SitemapError",
    "iter_sitemap_urls",
    "parse_sitemap",
]

log = logging.getLogger(__name__)

# sitemaps.org: a sitemap is at most 50 MB uncompressed; also bounds a gzip bomb.
MAX_SITEMAP_BYTES = 50 * 1024 * 1024
# Indexes may not nest per the protocol; sites nest anyway, so allow a few levels.
MAX_SITEMAP_DEPTH = 5
_GZIP_MAGIC = b"\x1f\x8b"
_XML_WHITESPACE = b" \t\r\n"
_UTF8_BOM = b"\xef\xbb\xbf"


class SitemapError(Exception):
    """A sitemap that cannot be read (malformed XML, unknown root, too big).

    ``partial`` holds the entries read before the fault (a sitemap cut off or broken near
    its end still names thousands of good URLs), or None when nothing usable was read.
    """

    def __init__(self, message: str, *, partial: Sitemap | None = None) -> None:
        super().__init__(message)
        self.partial = partial


@dataclass(frozen=True, slots=True)
class Sitemap:
    """What one sitemap document lists."""

    kind: Literal["urlset", "sitemapindex", "text"]
    """``urlset`` and ``text`` list pages; ``sitemapindex`` lists further sitemaps."""
    locations: tuple[str, ...]
    """``<loc>`` values in document order, whitespace stripped, possibly relative."""


class ResourceFetcher(Protocol):
    """What the sitemap reader needs of a fetcher (``Fetcher`` provides it)."""

    async def fetch_resource(self, url: str, *, max_bytes: int | None = None) -> _HasBody: ...


class _HasBody(Protocol):
    @property
    def body(self) -> bytes: ...

    @property
    def final_url(self) -> str: ...


def parse_sitemap(content: bytes) -> Sitemap:
    """Read a sitemap (XML urlset or sitemapindex, or the plain-text form), gzipped or not.

    Gzip is recognised by its magic bytes, whatever the URL or Content-Type say.
    XML is parsed without entity expansion, DTDs or network access. Raises
    ``SitemapError`` for anything unusable.
    """
    problem = None
    if content.startswith(_GZIP_MAGIC):
        content, problem = _gunzip(content)
    text = content.removeprefix(_UTF8_BOM).lstrip(_XML_WHITESPACE)
    try:
        if not text:
            raise SitemapError("empty document")
        sitemap = (
            _parse_text_sitemap(text) if not text.startswith(b"<") else _parse_xml_sitemap(text)
        )
    except SitemapError as exc:
        if problem is None:
            raise
        raise SitemapError(f"{problem} ({exc})", partial=exc.partial) from None
    if problem is not None:
        raise SitemapError(problem, partial=sitemap)
    return sitemap


def _gunzip(content: bytes) -> tuple[bytes, str | None]:
    """The decompressed bytes, and what was wrong if the stream did not end properly.

    A cut-off stream still gives its beginning (the caller salvages the entries in it).
    """
    inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
    try:
        data = inflater.decompress(content, MAX_SITEMAP_BYTES)
    except zlib.error as exc:
        raise SitemapError(f"corrupt gzip data: {exc}") from None
    if inflater.unconsumed_tail:
        raise SitemapError(f"larger than {MAX_SITEMAP_BYTES} bytes uncompressed")
    if not inflater.eof:
        return data, "truncated or corrupt gzip data"
    return data, None


def _parse_text_sitemap(text: bytes) -> Sitemap:
    """sitemaps.org "Text file": one absolute URL per line, UTF-8."""
    lines = text.decode("utf-8", errors="replace").splitlines()
    urls = tuple(line.strip() for line in lines if line.strip().lower().startswith("http"))
    if not urls and text.strip():
        raise SitemapError("neither XML nor a list of URLs")
    return Sitemap("text", urls)


def _parse_xml_sitemap(text: bytes) -> Sitemap:
    # iterparse keeps memory flat on 50 MB sitemaps: each element is cleared once read.
    events = etree.iterparse(
        io.BytesIO(text),
        events=("start", "end"),
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
    kind: str | None = None
    locations: list[str] = []
    try:
        for event, element in events:
            name = _local_name(element)
            if kind is None:
                kind = name
                if kind not in ("urlset", "sitemapindex"):
                    raise SitemapError(f"not a sitemap: root element <{kind}>")
            if event != "end":
                continue
            if name == "loc" and _is_entry_location(element) and element.text:
                location = element.text.strip()
                if location:
                    locations.append(location)
            if name in ("url", "sitemap"):
                _forget(element)
    except etree.XMLSyntaxError as exc:
        partial = Sitemap(_kind(kind), tuple(locations)) if locations else None
        raise SitemapError(f"malformed XML: {exc}", partial=partial) from None
    if kind is None:
        raise SitemapError("empty document")
    return Sitemap(_kind(kind), tuple(locations))


def _kind(root: str | None) -> Literal["urlset", "sitemapindex"]:
    return "sitemapindex" if root == "sitemapindex" else "urlset"


def _is_entry_location(loc: etree._Element) -> bool:
    """A ``<loc>`` of a ``<url>`` or ``<sitemap>`` entry, not of an extension (``<image:loc>``)."""
    parent = loc.getparent()
    return parent is not None and _local_name(parent) in ("url", "sitemap")


def _local_name(element: etree._Element) -> str:
    """``loc`` of ``{namespace}loc`` or of ``image:loc``; "" for comments and the like.

    Not ``etree.QName``: it raises ValueError for a prefix bound to no namespace
    (``<site:map>``), which a broken sitemap must not turn into a crashed crawl.
    """
    tag = element.tag
    if not isinstance(tag, str):
        return ""
    return tag.rpartition("}")[2].rpartition(":")[2]


def _forget(element: etree._Element) -> None:
    """Drop a finished entry and its already-read siblings so the tree never grows."""
    element.clear(keep_tail=False)
    parent = element.getparent()
    while parent is not None and element.getprevious() is not None:
        del parent[0]


async def iter_sitemap_urls(
    fetcher: ResourceFetcher,
    sitemap_urls: Iterable[str],
    include: re.Pattern[str],
    *,
    max_depth: int = MAX_SITEMAP_DEPTH,
    on_warning: Callable[[str, str], None] | None = None,
) -> AsyncIterator[str]:
    """Yield the page URLs listed by ``sitemap_urls``, normalised, de-duplicated, filtered.

    Sitemap indexes are followed depth-first up to ``max_depth`` levels; each
    sitemap URL is fetched at most once. Page URLs are kept when
    ``include.search(url)`` matches their normalised form. A sitemap that cannot
    be fetched or read is skipped: ``on_warning(sitemap_url, message)`` is
    called (and the warning logged); the walk goes on.
    """
    walk = _SitemapWalk(fetcher, include, max_depth, on_warning)
    for url in sitemap_urls:
        async for page in walk.visit(url, depth=0):
            yield page


class _SitemapWalk:
    """State of one walk: sitemaps already visited, page URLs already yielded."""

    def __init__(
        self,
        fetcher: ResourceFetcher,
        include: re.Pattern[str],
        max_depth: int,
        on_warning: Callable[[str, str], None] | None,
    ) -> None:
        self.fetcher = fetcher
        self.include = include
        self.max_depth = max_depth
        self.on_warning = on_warning
        self.visited: set[str] = set()
        self.seen_pages: set[str] = set()

    async def visit(self, sitemap_url: str, depth: int) -> AsyncIterator[str]:
        key = _absolute_http(sitemap_url, sitemap_url)
        if key is None:
            self.warn(sitemap_url, "not an http(s) URL")
            return
        if key in self.visited:
            return
        self.visited.add(key)
        sitemap, base = await self.read(sitemap_url)
        if sitemap is None:
            return
        if sitemap.kind == "sitemapindex":
            if depth >= self.max_depth:
                self.warn(sitemap_url, f"sitemap index nested deeper than {self.max_depth} levels")
                return
            for location in sitemap.locations:
                child = urljoin(base, location)
                async for page in self.visit(child, depth + 1):
                    yield page
            return
        for location in sitemap.locations:
            url = _absolute_http(location, base)
            if url is None or url in self.seen_pages or not self.include.search(url):
                continue
            self.seen_pages.add(url)
            yield url

    async def read(self, sitemap_url: str) -> tuple[Sitemap | None, str]:
        try:
            # The protocol's own limit, not the page cap: a full 50,000-URL sitemap with
            # <lastmod> and <priority> is over 10 MB uncompressed.
            result = await self.fetcher.fetch_resource(sitemap_url, max_bytes=MAX_SITEMAP_BYTES)
        except FetchError as exc:
            self.warn(sitemap_url, f"not fetched: {exc}")
            return None, sitemap_url
        try:
            # In a thread: a 50 MB sitemap takes a while to parse, and a blocked event loop
            # would make the requests in flight miss their deadlines.
            return await asyncio.to_thread(parse_sitemap, result.body), result.final_url
        except Exception as exc:
            if not isinstance(exc, SitemapError):  # a reader bug: skip this sitemap, go on
                self.warn(sitemap_url, f"skipped: unexpected error: {type(exc).__name__}: {exc}")
                return None, sitemap_url
            if exc.partial is None:
                self.warn(sitemap_url, f"skipped: {exc}")
                return None, sitemap_url
            kept = len(exc.partial.locations)
            self.warn(sitemap_url, f"partly read ({kept} entries kept): {exc}")
            return exc.partial, result.final_url

    def warn(self, sitemap_url: str, message: str) -> None:
        log.warning("sitemap %s: %s", sitemap_url, message)
        if self.on_warning is not None:
            self.on_warning(sitemap_url, message)


def _absolute_http(location: str, base: str) -> str | None:
    """``location`` resolved against ``base`` and normalised; None unless http(s) with a host."""
    try:
        url = urljoin(base, location.strip())
        parts = urlsplit(url)
        if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
            return None
        return normalise_url(url)
    except ValueError:  # malformed port or IPv6 literal
        return None
