"""The HTML front end: decoded HTML text -> ``PageContent`` (blocks + hints). Pure.

Design decision (issue 2, "Speed"): the page is parsed ONCE by lxml's C parser
and everything else walks that lxml tree directly; BeautifulSoup is not used.

The intended split was lxml to parse and prune the chrome, then BeautifulSoup
(with the "lxml" builder) over the pruned content region only. Measured on the
benchmark's 113 KB pages (mega menus, scripts, cookie banner, modals; median of
interleaved rounds, one machine): a bare lxml parse takes 0.97 ms; serialising
the ~7 KB content region and building a BeautifulSoup tree of it adds another
~1.0 ms, i.e. as much as the whole lxml parse, before a single block is read
(a BeautifulSoup tree of the whole page: 18.7 ms, 19x). Walking the lxml tree
once, deciding chrome per element and never visiting chrome subtrees, is
cheaper than any such split.

Most of what is left of a parse is building the nodes of mega menus nobody
reads, so the content of ``<nav>`` and ``<footer>`` and the text of scripts
and styles are cut from the bytes first (``_prune``: 0.2 ms, and the parse
falls from 0.9 ms to 0.08 ms on those pages). Figures: README, "Benchmarks".

Steps: cut chrome from the bytes (``_prune``), parse (``_dom``), read hints from ``<head>``
(lang, title, canonical, hreflang alternates, ``<base>``), read every JSON-LD script
(``_jsonld``), walk ``<body>`` into blocks (``_walk``).
"""

from __future__ import annotations

import codecs
from typing import Any
from urllib.parse import urlsplit

from .._blocks import PageContent
from .._cleaning import clean_text
from .._media import absolute_url, is_parseable_url
from ._dom import parse_document, parse_was_cut_short
from ._images import merge_images, read_images
from ._jsonld import is_jsonld_script, read_jsonld
from ._links import hreflang_links
from ._prune import prune_chrome
from ._walk import BlockWalker
from ._widgets import text_of

__all__ = ["read_html"]


def read_html(
    text: str, *, base_url: str | None = None, utf8: bytes | None = None, prune: bool = True
) -> PageContent:
    """Read HTML text into blocks in reading order, with site chrome removed, plus hints.

    ``utf8``, when given, is ``text`` encoded as UTF-8 (the parser reads it instead of
    encoding the text again). ``prune``: cut navigation and footer content from the
    bytes before the parse (``_prune``; False reads every byte). Never raises on
    malformed, truncated or tag-soup input: what cannot be parsed at all gives an
    empty ``PageContent`` (the assembler raises the typed error).
    """
    if utf8 is None:
        utf8 = text.removeprefix("\ufeff").encode("utf-8", "replace")
    data = utf8.removeprefix(codecs.BOM_UTF8)
    pruned = prune_chrome(data) if prune else data
    root = parse_document(pruned)
    if root is None:
        return PageContent()
    cut_short = parse_was_cut_short()  # before any other parse (JSON-LD answers) on this thread
    head = root.find("head")
    base = _base_url(head, base_url)
    hints = _Hints.read(root, head, base)
    scripts = (
        script.text or "" for script in root.iter("script") if is_jsonld_script(script.get("type"))
    )
    jsonld = read_jsonld(scripts, base_url=base)
    page_urls = frozenset(_page_key(url) for url in (base_url, hints.canonical) if url)
    walker = BlockWalker(base, page_urls)
    body = root.find("body")
    blocks = walker.walk(body if body is not None else root)
    images = merge_images(read_images(root, base or hints.canonical, page_urls), jsonld.images)
    return PageContent(
        blocks=blocks,
        lang_hint=hints.lang,
        title_hint=hints.title,
        canonical_url=hints.canonical,
        alternates=hreflang_links(head, base),
        jsonld_faq=jsonld.faq,
        jsonld_videos=jsonld.videos,
        jsonld_video_aliases=jsonld.video_aliases,
        jsonld_steps=jsonld.steps,
        jsonld_types=jsonld.types,
        images=images,
        exercise_link_count=len(walker.exercise_links),
        deep_skipped=walker.deep_skipped,
        cut_short=cut_short,
        frame_urls=_frame_urls(root, base),
        is_html=True,
        truncated=_looks_truncated(text),
        pruned=pruned is not data,
    )


# Both end tags are optional in HTML, but a page that opens <body> and closes neither
# was almost always cut off in transfer (a dropped connection, a size cap upstream).
_TAIL_CHARS = 4096


def _looks_truncated(text: str) -> bool:
    if "<body" not in text and "<BODY" not in text:
        return False
    tail = text[-_TAIL_CHARS:].lower()
    return "</body" not in tail and "</html" not in tail


def _frame_urls(root: Any, base_url: str | None) -> list[str]:
    """The documents of a ``<frameset>`` page (a direct child of ``<html>``)."""
    frameset = root.find("frameset")
    if frameset is None:
        return []
    sources = (frame.get("src") for frame in frameset.iter("frame", "iframe"))
    return [absolute_url(src, base_url) for src in sources if src and src.strip()]


def _page_key(url: str) -> str:
    """The form ``BlockWalker`` compares exercise links in: host + path, no trailing slash."""
    without_scheme = url.split("://", 1)[-1]
    return without_scheme.split("#", 1)[0].split("?", 1)[0].rstrip("/")


def _base_url(head: Any, base_url: str | None) -> str | None:
    """``<base href>`` overrides the page URL for resolving links (HTML §4.2.3)."""
    if head is None:
        return base_url
    for element in head.iter("base"):
        href = element.get("href")
        if href and href.strip():
            return absolute_url(href, base_url)
    return base_url


class _Hints:
    """``<html lang>``/og:locale, og:title/``<title>``, canonical link/og:url."""

    __slots__ = ("canonical", "lang", "title")

    def __init__(self) -> None:
        self.lang: str | None = None
        self.title: str | None = None
        self.canonical: str | None = None

    @classmethod
    def read(cls, root: Any, head: Any, base_url: str | None) -> _Hints:
        hints = cls()
        lang = root.get("lang") or root.get("xml:lang")
        meta: dict[str, str] = {}
        canonical: str | None = None
        # <head> only: walking the whole tree again for two tags costs more than the
        # rare page that puts its meta tags in <body> would gain.
        for element in head.iter("meta", "link") if head is not None else ():
            if element.tag == "link":
                rel = (element.get("rel") or "").lower().split()
                if canonical is None and "canonical" in rel and element.get("href"):
                    canonical = element.get("href")
                continue
            key = (
                (element.get("property") or element.get("name") or element.get("http-equiv") or "")
                .strip()
                .lower()
            )
            content = element.get("content")
            if key and content and key not in meta:
                meta[key] = content
        hints.lang = _clean(lang) or _clean(meta.get("og:locale"))
        hints.lang = hints.lang or _clean(meta.get("content-language"))
        title = head.find("title") if head is not None else None
        hints.title = _clean(meta.get("og:title")) or (
            text_of(title) or None if title is not None else None
        )
        canonical = canonical or meta.get("og:url")
        if canonical and canonical.strip():
            hints.canonical = _usable_url(absolute_url(canonical, base_url))
        return hints


def _usable_url(url: str) -> str | None:
    """The URL if it is absolute http(s) and parses (a broken canonical must not break a page)."""
    if not is_parseable_url(url):
        return None
    parts = urlsplit(url)
    return url if parts.scheme in ("http", "https") and parts.hostname else None


def _clean(value: str | None) -> str | None:
    if not value:
        return None
    return clean_text(value) or None
