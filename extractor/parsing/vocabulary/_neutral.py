"""Words and names the parser recognises in any language, as data.

Plain tuples, no code. Words of one language go in that language's module (``en.py``, ...).
"""

from __future__ import annotations

from typing import Final

#: The canonical sections a heading can name, in the order their headings are indexed (a
#: heading two sections share names the first). Each language maps them to its headings.
SECTIONS: Final = (
    "videos",
    "programs",
    "instructions",
    "technical_tips",
    "breathing_tips",
    "medical_restrictions",
    "description",
    "faq",
)

#: Sections whose content is one item per bullet.
LIST_SECTIONS: Final = ("instructions", "technical_tips", "breathing_tips", "medical_restrictions")

#: Sections filled by JavaScript on the live site; their placeholders are expected.
MEDIA_SECTIONS: Final = ("videos", "programs")

# Titles/headings of error pages in any language (matched as substrings of the normalised
# title); each language adds its own phrases.
ERROR_PAGE_PHRASES: Final = ("404",)

# JSON-LD @types of index pages (schema.org): a listing, not one exercise.
LISTING_JSONLD_TYPES: Final = ("ItemList", "CollectionPage", "SearchResultsPage", "OfferCatalog")

# Where a link in the Videos section is a video: player hosts (suffix match) and media files.
VIDEO_HOSTS: Final = (
    "youtube.com",
    "youtu.be",
    "youtube-nocookie.com",
    "vimeo.com",
    "dailymotion.com",
    "dai.ly",
    "wistia.com",
    "wistia.net",
    "loom.com",
    "streamable.com",
    "vidyard.com",
    "brightcove.net",
    "jwplayer.com",
    "jwplatform.com",
    "tiktok.com",
    "wi.st",
    "jwpcdn.com",
    "brightcove.com",
    "twitch.tv",
    "kaltura.com",
    "sproutvideo.com",
    "mediadelivery.net",
    "videopress.com",
    "cloudflarestream.com",
    "videodelivery.net",
)
VIDEO_FILE_SUFFIXES: Final = (".mp4", ".m4v", ".webm", ".ogv", ".mov", ".m3u8", ".mpd")

# Glyphs of a menu toggle ("☰"), glued to the logo's text in a copy ("☰FitMetrics").
MENU_TOGGLE_GLYPHS: Final = "☰≡⋮"

#: Exercise path words of languages with no module yet (``/es/ejercicio/<hex id>-<slug>``): a
#: record cannot be in those languages, but its id is read from such paths all the same.
OTHER_EXERCISE_PATH_WORDS: Final = {
    "es": ("ejercicio", "ejercicios"),
    "it": ("esercizio", "esercizi"),
    "pt": ("exercício", "exercícios", "exercicio", "exercicios"),
    "nl": ("oefening", "oefeningen"),
    "pl": ("ćwiczenie", "ćwiczenia", "cwiczenie", "cwiczenia"),
    "sv": ("övning", "övningar", "ovning", "ovningar"),
    "da": ("øvelse", "øvelser", "ovelse", "ovelser"),
}
#: The attribute table's typed fields (``Exercise`` fields), in the order their labels are
#: indexed. Each language maps them to its labels (``ATTRIBUTE_LABELS``); a row under any
#: other label is kept in ``Exercise.attributes``. ``difficulty`` holds one value, the rest
#: lists.
ATTRIBUTE_FIELDS: Final = ("difficulty", "focus", "equipment", "sports", "categories", "muscles")

#: Separators of several values in one attribute cell ("Mat, band", "Yoga · Pilates").
ATTRIBUTE_VALUE_SEPARATORS: Final = (",", "·", "•", "|", ";", "､", "、")
