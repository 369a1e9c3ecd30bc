"""Videos embedded in markup: iframes, ``<video>``, legacy ``<embed>``/``<object>``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urljoin, urlsplit

from ._cleaning import clean_text
from ._html_vocabulary import NON_VIDEO_EMBED_HOSTS
from ._models import Video
from ._vocabulary import is_video_url

__all__ = ["absolute_url", "is_parseable_url", "video_from_element"]

# Lazy-loading scripts keep the real address in a data attribute and put
# "about:blank" (or nothing) in src until the element scrolls into view.
_SOURCE_ATTRIBUTES = ("src", "data-src", "data-lazy-src", "data-url", "data-video-src")
_UNUSABLE_PREFIXES = ("about:", "javascript:", "data:", "blob:")


def absolute_url(url: str, base_url: str | None) -> str:
    """Resolve ``url`` against ``base_url`` (unchanged when there is no base)."""
    url = url.strip()
    if not base_url:
        # A protocol-relative embed ("//www.youtube.com/embed/x") is https today.
        return f"https:{url}" if url.startswith("//") else url
    try:
        return urljoin(base_url, url)
    except ValueError:  # an invalid IPv6 literal or port in hostile markup
        return url


def is_parseable_url(url: str) -> bool:
    """False for what ``urllib`` cannot split ("http://[::1", a non-numeric port): such a
    URL would make every later step that normalises it fail."""
    try:
        _ = urlsplit(url).port
    except ValueError:
        return False
    return True


def _is_non_video_embed(url: str) -> bool:
    try:
        parts = urlsplit(url)
    except ValueError:
        return True
    host = (parts.hostname or "").removeprefix("www.")
    location = f"{host}{parts.path}".lower()
    for entry in NON_VIDEO_EMBED_HOSTS:
        if "/" in entry:
            if location.startswith(entry) or f".{entry}" in f".{location}":
                return True
        elif host == entry or host.endswith(f".{entry}"):
            return True
    return False


def _first_source(attributes: Mapping[str, str]) -> str | None:
    for name in _SOURCE_ATTRIBUTES:
        value = (attributes.get(name) or "").strip()
        if value and not value.lower().startswith(_UNUSABLE_PREFIXES):
            return value
    return None


def _title(attributes: Mapping[str, str]) -> str | None:
    for name in ("title", "aria-label", "data-title"):
        text = clean_text(attributes.get(name) or "")
        if text:
            return text
    return None


def video_from_element(element: Any, base_url: str | None) -> Video | None:
    """The video an iframe/``<video>``/``<embed>``/``<object>`` shows, or None.

    Any iframe counts (a site may host its own player) except known non-video
    embeds (maps, ads, captchas, social widgets); ``<embed>``/``<object>`` only
    on a known video host or file, since they mostly carry other plug-ins.
    """
    tag = element.tag
    attributes = dict(element.items())
    if tag == "object":
        source = attributes.get("data") or _first_source(attributes)
    else:
        source = _first_source(attributes)
    if source is None and tag == "video":
        source = next(
            (url for child in element.iter("source") if (url := _first_source(child.attrib))),
            None,
        )
    if not source:
        return None
    url = absolute_url(source, base_url)
    if not is_parseable_url(url):
        return None
    if tag in ("embed", "object") and not is_video_url(url):
        return None
    if tag == "iframe" and _is_non_video_embed(url):
        return None
    return Video(url=url, title=_title(attributes))
