"""Videos embedded in markup: iframes, ``<video>``, legacy ``<embed>``/``<object>``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final
from urllib.parse import parse_qsl, urljoin, urlsplit

from ._cleaning import clean_text
from ._html_vocabulary import NON_VIDEO_EMBED_HOSTS
from ._models import Video
from ._vocabulary import is_video_url

__all__ = [
    "AMP_MEDIA",
    "LITE_EMBEDS",
    "absolute_url",
    "is_parseable_url",
    "video_from_element",
    "video_identity",
]

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
    tag = AMP_MEDIA.get(tag, tag)
    if tag in LITE_EMBEDS:
        return _lite_embed(tag, attributes)
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


# Lazy "facade" players (the lite-youtube-embed / lite-vimeo-embed custom elements): no
# iframe until clicked; the element names the video by id.
LITE_EMBEDS: Final = {
    "lite-youtube": "https://www.youtube.com/embed/{}",
    "lite-vimeo": "https://player.vimeo.com/video/{}",
    "amp-youtube": "https://www.youtube.com/embed/{}",
    "amp-vimeo": "https://player.vimeo.com/video/{}",
}
# AMP pages replace <video>/<iframe> by their own elements (same attributes).
AMP_MEDIA: Final = {"amp-video": "video", "amp-iframe": "iframe"}


def _lite_embed(tag: str, attributes: Mapping[str, str]) -> Video | None:
    video_id = (
        attributes.get("videoid")
        or attributes.get("data-videoid")
        or attributes.get("data-id")
        or ""
    ).strip()
    if not video_id or not all(char.isalnum() or char in "-_" for char in video_id):
        return None
    title = _title(attributes) or clean_text(attributes.get("playlabel") or "")
    if title[:5].casefold() == "play:":
        title = title[5:].strip()  # lite-youtube's convention: playlabel="Play: <title>"
    return Video(url=LITE_EMBEDS[tag].format(video_id), title=title or None)


# Players that show one video under several addresses: watch page, short link, embed
# (with or without player parameters such as ?rel=0 or ?autoplay=1).
_YOUTUBE_HOSTS = ("youtube.com", "youtube-nocookie.com", "youtu.be")
_YOUTUBE_PATH_PREFIXES = ("/embed/", "/v/", "/shorts/", "/live/")


def video_identity(url: str) -> str | None:
    """ "youtube:<id>" / "vimeo:<id>" for a YouTube or Vimeo address in any of its forms
    (None for other URLs): the same video embedded and linked is one video."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    host = (parts.hostname or "").lower().removeprefix("www.").removeprefix("m.")
    path = parts.path
    if any(host == known or host.endswith("." + known) for known in _YOUTUBE_HOSTS):
        if host == "youtu.be":
            video_id = path.strip("/").split("/", 1)[0]
        elif path.rstrip("/") == "/watch":
            video_id = next((value for key, value in parse_qsl(parts.query) if key == "v"), "")
        else:
            prefix = next((p for p in _YOUTUBE_PATH_PREFIXES if path.startswith(p)), None)
            video_id = path[len(prefix) :].split("/", 1)[0] if prefix else ""
        return f"youtube:{video_id}" if video_id else None
    if host == "vimeo.com" or host.endswith(".vimeo.com"):
        # vimeo.com/76979871, player.vimeo.com/video/76979871
        digits = [segment for segment in path.split("/") if segment.isdigit()]
        return f"vimeo:{digits[0]}" if digits else None
    return None
