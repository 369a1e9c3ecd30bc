"""Image vocabulary of the HTML front end, as data: what marks an image as site chrome.

An exercise page shows the exercise's own pictures beside logos, icons, author avatars,
payment badges and tracking pixels. These tables say which is which; ``html/_images.py``
applies them. A new icon-naming convention or tracker is one entry here.
"""

from __future__ import annotations

import re
from typing import Final

__all__ = [
    "IMAGE_CHROME_ALT",
    "IMAGE_LAZY_ATTRIBUTES",
    "IMAGE_MIN_SIDE",
    "IMAGE_NAME_CHROME_WORDS",
    "NON_CONTENT_JSONLD_TYPES",
    "TRACKING_PIXEL_HOSTS",
    "is_chrome_image_name",
]

#: Words in an image's class, id or file path that mark it as chrome, matched as whole
#: parts of a token ("site-logo", "icon_24.png", "/icons/", "avatar"), plural "s" allowed.
IMAGE_NAME_CHROME_WORDS: Final = (
    "logo", "icon", "ico", "favicon", "glyph", "avatar", "gravatar", "author", "profile",
    "emoji", "emoticon", "smiley", "badge", "sprite", "spinner", "loader", "spacer", "pixel",
    "tracking", "tracker", "beacon", "blank", "transparent", "placeholder", "ad", "advert",
    "sponsor", "payment", "appstore", "app-store", "googleplay", "google-play", "qr", "rating",
    "stars", "social", "share", "arrow", "chevron", "caret", "bullet", "divider", "separator",
    "decoration", "decorative", "ornament", "watermark", "signature",
)  # fmt: skip

#: Alternative texts that name chrome outright (alt text is the exercise's words otherwise:
#: an exercise may well be called "Dragon flag", so only unambiguous words are listed).
IMAGE_CHROME_ALT: Final = frozenset(
    {"logo", "avatar", "gravatar", "profile picture", "profile photo", "icon", "tracking pixel"}
)

#: Width or height attributes (CSS pixels) below this: an icon or a pixel, not a picture.
IMAGE_MIN_SIDE: Final = 48

#: Attributes lazy-loading scripts keep the real address in (``src`` holds a placeholder).
IMAGE_LAZY_ATTRIBUTES: Final = (
    "data-src", "data-lazy-src", "data-original", "data-lazy", "data-url", "data-full-url",
    "data-orig-file", "data-large-file",
)  # fmt: skip

#: Analytics and advertising hosts whose "images" are tracking pixels (host, or host/path).
TRACKING_PIXEL_HOSTS: Final = (
    "facebook.com/tr", "google-analytics.com", "googletagmanager.com", "doubleclick.net",
    "googleadservices.com", "googlesyndication.com", "bat.bing.com", "analytics.twitter.com",
    "t.co", "px.ads.linkedin.com", "stats.wp.com", "pixel.wp.com", "quantserve.com",
    "scorecardresearch.com", "hotjar.com", "matomo.cloud", "ct.pinterest.com",
)  # fmt: skip

#: JSON-LD node types whose ``image`` is not the exercise's (a publisher's logo, an author's
#: portrait, a video's still, a list's items).
NON_CONTENT_JSONLD_TYPES: Final = frozenset(
    {
        "Organization", "Corporation", "LocalBusiness", "SportsOrganization", "Person",
        "WebSite", "Brand", "SiteNavigationElement", "BreadcrumbList", "ListItem", "ItemList",
        "CollectionPage", "VideoObject", "Review", "Rating", "AggregateRating", "Offer",
        "Question", "Answer", "Comment", "SearchAction", "EntryPoint",
    }
)  # fmt: skip

_WORDS: Final = "|".join(
    re.escape(word) for word in sorted(IMAGE_NAME_CHROME_WORDS, key=len, reverse=True)
)
_CHROME_NAME: Final = re.compile(rf"(?:^|[^a-z0-9])(?:{_WORDS})s?(?=$|[^a-z0-9])", re.IGNORECASE)
# camelCase class names ("menuIcon", "siteLogo"): case-sensitive, or "silicon" would match.
_CHROME_CAMEL: Final = re.compile(r"[a-z0-9](?:Icon|Logo|Avatar)s?(?=$|[^a-z])")


def is_chrome_image_name(value: str) -> bool:
    """True when a class, id or file path names chrome ("site-logo", "/icons/x.svg",
    "menuIcon")."""
    return _CHROME_NAME.search(value) is not None or _CHROME_CAMEL.search(value) is not None
