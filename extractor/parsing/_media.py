"""Videos embedded in markup: iframes, ``<video>``, legacy ``<embed>``/``<object>``."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any, Final
from urllib.parse import parse_qsl, urljoin, urlsplit

from .._models import Video
from ._cleaning import clean_text
from .vocabulary import NON_VIDEO_EMBED_HOSTS, is_video_url

__all__ = [
    "AMP_MEDIA",
    "LITE_EMBEDS",
    "PLAYER_DATA_ATTRIBUTES",
    "absolute_url",
    "is_duration",
    "is_parseable_url",
    "video_from_element",
    "video_from_player_data",
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


# A video card's duration badge ("1:02", "12:34", "1:02:03"): never the video's title.
_DURATION: Final = re.compile(r"\d{1,2}(?::[0-5]\d){1,2}")


def is_duration(text: str) -> bool:
    """True for a play time alone, as a video card's badge shows it ("0:48", "1:02:33")."""
    return _DURATION.fullmatch(text.strip()) is not None


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
    title = _title(attributes) or _without_play_word(clean_text(attributes.get("playlabel") or ""))
    return Video(url=LITE_EMBEDS[tag].format(video_id), title=title or None)


# Script-built players: a placeholder element names the video in a data attribute and a
# script writes the iframe into it after load (so the served page has no iframe at all).
# Elementor's video widget: data-settings='{"youtube_url": ..., "video_type": "youtube"}';
# the Vimeo player SDK: data-vimeo-id / data-vimeo-url; Plyr: data-plyr-provider +
# data-plyr-embed-id; themes' own players: data-video-url / data-youtube-url.
_PLAYER_ID_URLS: Final = {
    "data-vimeo-id": "https://player.vimeo.com/video/{}",
    "data-youtube-id": "https://www.youtube.com/embed/{}",
}
# "data-src": consent placeholders (Borlabs, Complianz, themes' "click to load the video")
# keep the blocked embed's address there; only a video address counts.
_PLAYER_URL_ATTRIBUTES: Final = (
    "data-vimeo-url", "data-video-url", "data-youtube-url", "data-src",
)  # fmt: skip
_PLYR_URLS: Final = {
    "youtube": "https://www.youtube.com/embed/{}",
    "vimeo": "https://player.vimeo.com/video/{}",
}
# Elementor's data-settings keys naming the video, by its "video_type".
_ELEMENTOR_URL_KEYS: Final = ("youtube_url", "vimeo_url", "dailymotion_url", "videopress_url")
#: Attributes through which a script-built player names its video (a cheap pre-test).
PLAYER_DATA_ATTRIBUTES: Final = frozenset(
    {"data-settings", "data-plyr-embed-id", *_PLAYER_ID_URLS, *_PLAYER_URL_ATTRIBUTES}
)


def video_from_player_data(attributes: Mapping[str, str], base_url: str | None) -> Video | None:
    """The video a script-built player's placeholder names in its data attributes, if any."""
    title = _title(attributes)
    for name, template in _PLAYER_ID_URLS.items():
        video_id = (attributes.get(name) or "").strip()
        if video_id and all(char.isalnum() or char in "-_" for char in video_id):
            return Video(url=template.format(video_id), title=title)
    provider = (attributes.get("data-plyr-provider") or "").strip().lower()
    embed_id = (attributes.get("data-plyr-embed-id") or "").strip()
    if embed_id and provider in _PLYR_URLS:
        url = embed_id if "/" in embed_id else _PLYR_URLS[provider].format(embed_id)
        return Video(url=url, title=title) if is_video_url(url) else None
    candidates = [attributes.get(name) or "" for name in _PLAYER_URL_ATTRIBUTES]
    settings = attributes.get("data-settings")
    if settings and "_url" in settings:
        candidates.extend(_elementor_urls(settings))
    for candidate in candidates:
        url = absolute_url(candidate, base_url) if candidate.strip() else ""
        if url and is_parseable_url(url) and is_video_url(url):
            return Video(url=url, title=title)
    return None


def _elementor_urls(settings: str) -> list[str]:
    """The video URLs of an Elementor widget's ``data-settings`` JSON: the source its
    ``video_type`` names, or every video key when the type is missing."""
    try:
        data = json.loads(settings)
    except ValueError:
        return []
    if not isinstance(data, dict):
        return []
    kind = data.get("video_type")
    if kind == "hosted":
        hosted = data.get("hosted_url")
        urls = [hosted.get("url")] if isinstance(hosted, dict) else []
    elif isinstance(kind, str):
        # Only the chosen source: the other keys may hold the editor's sample videos.
        urls = [data.get(f"{kind}_url")]
    else:
        urls = [data.get(key) for key in _ELEMENTOR_URL_KEYS]
    return [url for url in urls if isinstance(url, str) and url.strip()]


# lite-youtube's convention: playlabel="Play: <title>", in the page's language.
_PLAY_WORDS: Final = frozenset(
    {"play", "play video", "watch", "lecture", "lire", "lire la vidéo", "regarder",
     "abspielen", "wiedergabe", "video abspielen", "ansehen"}
)  # fmt: skip


def _without_play_word(label: str) -> str:
    """ "Play: Squat" -> "Squat"; "Play" alone -> "" (the player's default label, no title);
    a label whose own words hold a colon stays whole."""
    if label.casefold() in _PLAY_WORDS:
        return ""
    word, colon, rest = label.partition(":")
    if colon and rest.strip() and word.strip().casefold() in _PLAY_WORDS:
        return rest.strip()
    return label


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
