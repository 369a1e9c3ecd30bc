"""The exercise's own images: ``<img>`` (lazy-loaded ones too) in the page's content, and
the ``image`` of its JSON-LD entities. Site chrome is not an exercise image.

Not an exercise image: anything inside chrome (navigation, banners, footers, dialogs,
asides, elements whose role, class or id says menu, share, comment, author box, ...), a
logo, icon, avatar, badge or sprite (by class, id or file name), an image the markup says is
decorative (``role=presentation``, ``aria-hidden``), one drawn smaller than an icon
(``width``/``height`` attributes), a tracking pixel, and a picture inside a link to another
page (a related-exercise or program card shows that page's picture). A separate pass over
the tree, not the block walk: images carry no text, and the walk skips them as chrome.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any, Final
from urllib.parse import urlsplit

from ..._models import Image
from .._cleaning import clean_text
from .._media import absolute_url, is_parseable_url
from ..vocabulary import (
    CHROME_ROLES,
    CHROME_TAGS,
    IMAGE_CHROME_ALT,
    IMAGE_LAZY_ATTRIBUTES,
    IMAGE_MIN_SIDE,
    TRACKING_PIXEL_HOSTS,
    Cue,
    class_cues,
    is_chrome_image_name,
)
from ._chrome import SECTIONING_TAGS
from ._widgets import raw_text

__all__ = ["image_identity", "merge_images", "read_images"]

# The image elements themselves and their wrappers are not chrome; <noscript> holds the
# fallback copy of a lazy-loaded image (the same image: de-duplicated).
_NOT_CHROME_HERE: Final = frozenset({"img", "amp-img", "picture", "noscript"})
_IMAGE_FILE: Final = re.compile(r"\.(?:jpe?g|png|gif|webp|avif|svg|bmp|tiff?)$", re.IGNORECASE)
_SIZE_SUFFIX: Final = re.compile(
    r"[-_@](?:\d{2,5}x\d{2,5}|\d(?:\.\d)?x|scaled)(?=\.[a-z0-9]+$)", re.I
)
_UNUSABLE: Final = ("data:", "about:", "javascript:", "blob:")
# A card: its box is at most this many levels above the picture and holds little text.
_CARD_LEVELS: Final = 4
_CARD_MAX_TEXT: Final = 300
_NEVER_CARDS: Final = frozenset({"html", "body", "main"})  # a short page is no card


def read_images(
    root: Any, base_url: str | None, page_keys: frozenset[str] = frozenset()
) -> list[Image]:
    """The exercise images of the document ``root``, in page order, without duplicates.

    ``page_keys``: this page's own addresses (host + path), so that a picture linking to
    the page itself is kept.
    """
    scope = _content_scope(root)
    images: list[Image] = []
    seen: set[str] = set()
    for element in scope.iter("img", "amp-img"):
        image = _image(element, scope, base_url, page_keys)
        if image is not None and (key := image_identity(image.url)) not in seen:
            seen.add(key)
            images.append(image)
    return images


def merge_images(dom: list[Image], jsonld: Iterable[Image]) -> list[Image]:
    """The DOM's images, then the JSON-LD ones the DOM does not show (same identity)."""
    merged = list(dom)
    seen = {image_identity(image.url) for image in dom}
    for image in jsonld:
        if (key := image_identity(image.url)) not in seen:
            seen.add(key)
            merged.append(image)
    return merged


def image_identity(url: str) -> str:
    """One key for the size variants of one picture ("squat-1024x683.jpg", "squat.jpg",
    "squat@2x.jpg", "squat.jpg?w=800"): host and path without a size suffix or query."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    return f"{(parts.hostname or '').lower()}{_SIZE_SUFFIX.sub('', parts.path)}"


def _content_scope(root: Any) -> Any:
    """``<main>`` (or ``role=main``) when the page has exactly one, else ``<body>``."""
    mains = [el for el in root.iter("main") if el.get("hidden") is None]
    if not mains:  # XPath runs in C: no Python-level visit of every element
        mains = root.xpath(".//*[@role='main']")
    if len(mains) == 1:
        return mains[0]
    body = root.find("body")
    return body if body is not None else root


def _image(
    element: Any, scope: Any, base_url: str | None, page_keys: frozenset[str]
) -> Image | None:
    if _is_decorative(element) or _in_chrome(element, scope, base_url, page_keys):
        return None
    source = _source(element)
    if source is None:
        return None
    url = absolute_url(source, base_url)
    if not _is_usable(url):
        return None
    alt = clean_text(element.get("alt") or "") or None
    if alt is not None and alt.casefold() in IMAGE_CHROME_ALT:
        return None
    return Image(url=url, alt=alt)


def _is_decorative(element: Any) -> bool:
    role = (element.get("role") or "").strip().lower()
    if role in ("presentation", "none") or (element.get("aria-hidden") or "").lower() == "true":
        return True
    for name in ("width", "height"):
        value = (element.get(name) or "").strip().removesuffix("px")
        if value.isdigit() and int(value) < IMAGE_MIN_SIDE:
            return True
    return any(
        class_cues(value) & Cue.CHROME or is_chrome_image_name(value)
        for value in (element.get("class"), element.get("id"))
        if value
    )


def _in_chrome(element: Any, scope: Any, base_url: str | None, page_keys: frozenset[str]) -> bool:
    """An ancestor (up to ``scope``) is chrome, a link to another page, or a card of one."""
    ancestors = list(_ancestors(element, scope))
    if _in_card([node for node in ancestors if node is not scope], base_url, page_keys):
        return True
    sectioned = any(node.tag in SECTIONING_TAGS for node in ancestors)
    for node in ancestors:
        tag = node.tag
        if not isinstance(tag, str):
            continue
        if tag in CHROME_TAGS and tag not in _NOT_CHROME_HERE:
            return True
        if tag == "header" and not sectioned and next(node.iter("h1"), None) is None:
            return True  # the page banner (logo, menu), unless it is the title's own header
        role = (node.get("role") or "").strip().lower()
        if role in CHROME_ROLES:
            return True
        if any(
            class_cues(value) & Cue.CHROME or is_chrome_image_name(value)
            for value in (node.get("class"), node.get("id"))
            if value
        ):
            return True
        if tag == "a" and _links_elsewhere(node.get("href"), base_url, page_keys):
            return True
    return False


def _in_card(ancestors: list[Any], base_url: str | None, page_keys: frozenset[str]) -> bool:
    """The picture of a card for another page of the site: a small box (a few levels up,
    little text) that links to that page elsewhere than around the image (a "stretched"
    title link). A credit line linking to a photographer's site is not a card."""
    host = _host(base_url) if base_url else None
    for node in ancestors[:_CARD_LEVELS]:
        if node.tag in _NEVER_CARDS or _read_text_length(node) > _CARD_MAX_TEXT:
            return False
        for anchor in node.iter("a"):
            href = anchor.get("href")
            if _inside_chrome_tag(anchor, node):
                continue  # a menu's link: the walk drops it, and so must this rule
            if _links_elsewhere(href, base_url, page_keys) and _host(
                absolute_url(href or "", base_url)
            ) in (host, None):
                return True
    return False


def _read_text_length(node: Any) -> int:
    """How much text of ``node`` the walk reads: its text but that of chrome elements
    (menus, scripts, styles). Counting a menu's words would make a card's box look long
    on one page and short once the menu is cut before the parse (``_prune``)."""
    length = len(raw_text(node))
    if length <= _CARD_MAX_TEXT:
        return length  # chrome text only adds: short with it is short without it
    for element in node.iter(*CHROME_TAGS):
        if element is not node and not _inside_chrome_tag(element, node):
            length -= len(raw_text(element))  # the outermost chrome only: nested counts once
    return length


def _inside_chrome_tag(element: Any, top: Any) -> bool:
    node = element.getparent()
    while node is not None and node is not top:
        if node.tag in CHROME_TAGS:
            return True
        node = node.getparent()
    return False


def _host(url: str) -> str | None:
    try:
        return (urlsplit(url).hostname or "").removeprefix("www.") or None
    except ValueError:
        return None


def _ancestors(element: Any, scope: Any) -> Iterator[Any]:
    node = element.getparent()
    while node is not None:
        yield node
        if node is scope:
            return
        node = node.getparent()


def _links_elsewhere(href: str | None, base_url: str | None, page_keys: frozenset[str]) -> bool:
    """A link to another page (a card), not to the picture itself or to this page."""
    if not href or not href.strip() or href.strip().startswith("#"):
        return False
    url = absolute_url(href, base_url)
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    if _IMAGE_FILE.search(parts.path) or parts.scheme in ("javascript", "data"):
        return False
    return f"{parts.netloc}{parts.path}".rstrip("/") not in page_keys


def _source(element: Any) -> str | None:
    """The real address: a lazy-loading attribute over a placeholder ``src``, else ``src``,
    else the largest ``srcset`` candidate."""
    for name in IMAGE_LAZY_ATTRIBUTES:
        value = (element.get(name) or "").strip()
        if value and not value.startswith(_UNUSABLE):
            return value
    src = (element.get("src") or "").strip()
    if src and not src.startswith(_UNUSABLE):
        return src
    for name in ("data-srcset", "data-lazy-srcset", "srcset"):
        candidate = _largest(element.get(name) or "")
        if candidate:
            return candidate
    return None


def _largest(srcset: str) -> str | None:
    best, best_size = None, -1.0
    for candidate in srcset.split(","):
        fields = candidate.split()
        if not fields or fields[0].startswith(_UNUSABLE):
            continue
        size = 1.0
        if len(fields) > 1:
            try:
                size = float(fields[1].rstrip("wxWX"))
            except ValueError:
                size = 1.0
        if size > best_size:
            best, best_size = fields[0], size
    return best


def _is_usable(url: str) -> bool:
    """An absolute http(s) URL that is no tracking pixel and names no chrome file."""
    if not is_parseable_url(url):
        return False
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return False
    host = parts.hostname.removeprefix("www.")
    location = f"{host}{parts.path}".lower()
    for entry in TRACKING_PIXEL_HOSTS:
        if "/" in entry:
            if location.startswith(entry) or f".{entry}" in f".{location}":
                return False
        elif host == entry or host.endswith(f".{entry}"):
            return False
    return not is_chrome_image_name(parts.path)
