"""Markdown copies' cues, as data: the keys of a reader service's header block and of a
front matter, and the words that mark an image as site chrome.

Reader services (Jina Reader, Firecrawl, read-later apps) put a header block before the
page's markdown ("Title: Psoas smash | FitMetrics", "URL Source: https://...",
"Published Time: ...", "Markdown Content:"); converters and clippers write a YAML front
matter ("---" / "title: ..." / "source: ..." / "---"). Keys are matched case-insensitively.
"""

from __future__ import annotations

from typing import Final

__all__ = [
    "HEADER_CONTENT_KEYS",
    "HEADER_KEYS",
    "HEADER_TITLE_KEYS",
    "HEADER_URL_KEYS",
    "IMAGE_CHROME_WORDS",
    "IMAGE_SUFFIXES",
    "READER_IMAGE_LABELS",
]

#: Keys whose value is the page's title (its site name after a separator is not part of it).
HEADER_TITLE_KEYS: Final = frozenset({"title", "page title", "og:title"})
#: Keys whose value is the page's address.
HEADER_URL_KEYS: Final = frozenset(
    {"url source", "url", "source", "source url", "original url", "canonical", "link", "permalink"}
)
#: The key that closes a reader service's header block (its value, if any, is content).
HEADER_CONTENT_KEYS: Final = frozenset({"markdown content", "content"})
#: Every key a header block or a front matter may hold (none of them is page content).
HEADER_KEYS: Final = (
    HEADER_TITLE_KEYS
    | HEADER_URL_KEYS
    | HEADER_CONTENT_KEYS
    | frozenset(
        {
            "published time",
            "published",
            "date",
            "created",
            "updated",
            "modified time",
            "description",
            "excerpt",
            "author",
            "authors",
            "byline",
            "site name",
            "sitename",
            "hostname",
            "language",
            "lang",
            "tags",
            "categories",
            "image",
            "images",
            "links",
            "warning",
            "number of pages",
            "fingerprint",
            "id",
            "license",
            "clipped",
            "status code",
        }
    )
)

#: Words of an image's file name or alternative text that say it is site chrome.
IMAGE_CHROME_WORDS: Final = frozenset(
    {"logo", "icon", "icons", "favicon", "sprite", "avatar", "badge", "spinner", "pixel", "emoji"}
)
#: File name endings of images: a linked image whose link points to one is a zoomable picture.
IMAGE_SUFFIXES: Final = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif", ".svg", ".bmp")


#: A reader service numbers the images of its copy in their alternative text ("![Image 2: Psoas
#: smash](...)"): the label and number are not the image's own text.
READER_IMAGE_LABELS: Final = ("Image",)
