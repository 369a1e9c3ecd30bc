"""The HTML front end: decoded HTML text -> ``PageContent`` (blocks + hints). Pure.

Design decision (issue 2, "Speed"): the page is parsed ONCE by lxml's C parser
and everything else walks that lxml tree directly; BeautifulSoup is not used.
The intended split (lxml parses and prunes the chrome, BeautifulSoup with the
"lxml" builder walks only the pruned content) was measured on generated
100 KB pages full of chrome: serialising the pruned content region and
building a BeautifulSoup tree of it costs more than the whole lxml parse of the
page (~1.1x-1.6x of it, even though it is only the ~20 KB of content), so that
design alone would spend the entire budget (parse_page >= 1/4 of a bare lxml
parse) before reading a single block. Walking the lxml tree once, deciding
chrome per element and skipping chrome subtrees unvisited, keeps the whole
front end at roughly 1.5x a bare lxml parse (see ``bench/`` and the README).

Steps: parse (``_dom``), read hints from ``<head>`` (lang, title, canonical,
``<base>``), read every JSON-LD script (``_jsonld``), walk ``<body>`` into
blocks (``_html_walk``).
"""

from __future__ import annotations

from typing import Any

from ._blocks import PageContent
from ._cleaning import clean_text
from ._dom import parse_document
from ._html_walk import BlockWalker
from ._jsonld import is_jsonld_script, read_jsonld
from ._media import absolute_url
from ._widgets import text_of

__all__ = ["read_html"]


def read_html(text: str, *, base_url: str | None = None) -> PageContent:
    """Read HTML text into blocks in reading order, with site chrome removed, plus hints.

    Never raises on malformed, truncated or tag-soup input: what cannot be parsed
    at all gives an empty ``PageContent`` (the assembler raises the typed error).
    """
    root = parse_document(text.removeprefix("\ufeff"))
    if root is None:
        return PageContent()
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
    return PageContent(
        blocks=blocks,
        lang_hint=hints.lang,
        title_hint=hints.title,
        canonical_url=hints.canonical,
        jsonld_faq=jsonld.faq,
        jsonld_videos=jsonld.videos,
        jsonld_types=jsonld.types,
        exercise_link_count=len(walker.exercise_links),
        is_html=True,
    )


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
        for element in root.iter("meta", "link"):
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
            hints.canonical = absolute_url(canonical, base_url)
        return hints


def _clean(value: str | None) -> str | None:
    if not value:
        return None
    return clean_text(value) or None
