"""The links of an HTML page, for the crawler: anchors, hreflang alternates, pagination. Pure.

``read_html_links`` parses the page once with the front end's parser and reads every
``<a href>``/``<area href>``, ``<link rel="alternate" hreflang>`` and ``rel="next"`` link, resolved
against ``<base href>`` (HTML §4.2.3) or the page URL, and the page's ``<meta name="robots">``
directives. ``hreflang_links`` is shared with the reader, which fills the record's
``alternates`` from the same tags.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from .._media import absolute_url
from ._dom import parse_document

__all__ = ["HtmlLinks", "hreflang_links", "read_html_links"]

# Link targets that are never documents (RFC 3986 schemes a crawler cannot fetch).
_FOLLOWABLE_SCHEMES = frozenset({"http", "https"})


@dataclass(frozen=True, slots=True)
class HtmlLinks:
    """What an HTML page links to, absolute and in document order (not normalised)."""

    links: tuple[str, ...]
    """Every followable target: anchors, hreflang alternates, ``rel=next``; no duplicates."""
    alternates: dict[str, str]
    """``hreflang`` (lower-case, as declared; ``x-default`` included) -> absolute URL."""
    robots: tuple[str, ...]
    """Directives of ``<meta name="robots">`` (lower-case): ``nofollow``, ``noindex``, ..."""


def read_html_links(data: bytes | str, *, base_url: str | None) -> HtmlLinks:
    """The links of ``data`` (decoded HTML, as text or UTF-8 bytes); never raises."""
    root = parse_document(data)
    if root is None:
        return HtmlLinks((), {}, ())
    head = root.find("head")
    base = _base(root, base_url)
    found: dict[str, None] = {}
    robots: list[str] = []
    for element in root.iter("a", "area", "link", "meta"):
        if element.tag == "meta":
            if (element.get("name") or "").strip().lower() == "robots":
                robots.extend(_directives(element.get("content") or ""))
            continue
        rel = (element.get("rel") or "").lower().split()
        if element.tag == "link" and not ({"alternate", "next"} & set(rel)):
            continue  # stylesheets, icons, preloads: resources, not pages
        if "nofollow" in rel:
            continue  # the site asks crawlers not to follow this one link
        url = _target(element.get("href"), base)
        if url is not None:
            found.setdefault(url, None)
    alternates = hreflang_links(head, base)
    return HtmlLinks(tuple(found), alternates, tuple(robots))


def hreflang_links(head: Any, base_url: str | None) -> dict[str, str]:
    """``<link rel="alternate" hreflang="fr" href="...">`` in ``head``: language -> absolute URL.

    The first link of a language wins; languages are lower-cased and kept as declared
    (``fr``, ``de-ch``, ``x-default``), sorted.
    """
    if head is None:
        return {}
    found: dict[str, str] = {}
    for element in head.iter("link"):
        language = (element.get("hreflang") or "").strip().lower()
        if not language or "alternate" not in (element.get("rel") or "").lower().split():
            continue
        url = _target(element.get("href"), base_url)
        if url is not None:
            found.setdefault(language, url)
    return dict(sorted(found.items()))


def _base(root: Any, base_url: str | None) -> str | None:
    for element in root.iter("base"):
        href = element.get("href")
        if href and href.strip():
            return absolute_url(href, base_url)
    return base_url


def _target(href: str | None, base_url: str | None) -> str | None:
    """``href`` resolved, without its fragment; None for what is not an http(s) document."""
    if not href or not href.strip() or href.strip().startswith("#"):
        return None
    url = absolute_url(href, base_url)
    try:
        parts = urlsplit(url)
        _ = parts.port  # a bad port raises here, not later in the crawler
    except ValueError:
        return None
    if parts.scheme.lower() not in _FOLLOWABLE_SCHEMES or not parts.hostname:
        return None
    return url.split("#", 1)[0]


def _directives(content: str) -> list[str]:
    return [part.strip().lower() for part in content.split(",") if part.strip()]
