"""Every word the parser recognises, as data.

A new language or a new site wording is one line in one of these tables; no
other module holds page vocabulary. Matching goes through ``normalise_key``:
case, surrounding whitespace, a trailing colon and Unicode composition form are
ignored ("INSTRUCTIONS:", "Vidéos" in NFD and "vidéos" all match).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Final
from urllib.parse import urlsplit

__all__ = [
    "CHROME_FIRST_WORDS",
    "CHROME_SUBSTRING",
    "ERROR_PAGE_PHRASES",
    "EXPANDER_LABELS",
    "FEEDBACK_LINES",
    "LANGUAGES",
    "LISTING_JSONLD_TYPES",
    "LIST_SECTIONS",
    "MEDIA_SECTIONS",
    "SECTION_HEADINGS",
    "VIDEO_FILE_SUFFIXES",
    "VIDEO_HOSTS",
    "canonical_section",
    "heading_language",
    "is_expander_label",
    "is_feedback_line",
    "is_placeholder",
    "is_video_url",
    "normalise_key",
]

#: Languages a record can be in (``Exercise.language``).
LANGUAGES: Final = ("en", "fr", "de")

# canonical name -> language -> accepted headings.
SECTION_HEADINGS: Final[dict[str, dict[str, tuple[str, ...]]]] = {
    "videos": {"en": ("Videos", "Video"), "fr": ("Vidéos", "Vidéo"), "de": ("Videos", "Video")},
    "programs": {"en": ("Programs", "Programmes"), "fr": ("Programmes",), "de": ("Programme",)},
    "instructions": {
        "en": ("Instructions", "How to do it", "Steps"),
        "fr": ("Instructions", "Consignes"),
        "de": ("Anleitung", "Ausführung"),
    },
    "technical_tips": {
        "en": ("Technical tips", "Technique tips"),
        "fr": ("Conseils techniques",),
        "de": ("Technische Tipps",),
    },
    "breathing_tips": {
        "en": ("Breathing tips", "Breathing"),
        "fr": ("Conseils de respiration", "Respiration"),
        "de": ("Atemtipps", "Atmung"),
    },
    "medical_restrictions": {
        "en": ("Medical restrictions", "Contraindications"),
        "fr": ("Restrictions médicales", "Contre-indications"),
        "de": ("Medizinische Einschränkungen", "Kontraindikationen"),
    },
    "description": {"en": ("Description",), "fr": ("Description",), "de": ("Beschreibung",)},
    "faq": {
        "en": ("Frequently asked questions", "FAQ", "FAQs"),
        "fr": ("Questions fréquentes", "Foire aux questions", "FAQ"),
        "de": ("Häufige Fragen", "Häufig gestellte Fragen", "FAQ"),
    },
}

#: Sections whose content is one item per bullet.
LIST_SECTIONS: Final = ("instructions", "technical_tips", "breathing_tips", "medical_restrictions")

#: Sections filled by JavaScript on the live site; their placeholders are expected.
MEDIA_SECTIONS: Final = ("videos", "programs")

# "Found errors? Tell us!" and its translations: site chrome, never content.
FEEDBACK_LINES: Final[dict[str, tuple[str, ...]]] = {
    "en": ("Found errors? Tell us!", "Found an error? Tell us!"),
    "fr": ("Vous avez trouvé des erreurs ? Dites-le-nous !",),
    "de": ("Fehler gefunden? Sag es uns!", "Fehler gefunden? Sagen Sie es uns!"),
}

# Loading placeholders; any ellipsis form ("...", "…", "..", none) is accepted.
PLACEHOLDER_WORDS: Final[dict[str, tuple[str, ...]]] = {
    "en": ("Loading", "Loading content", "Please wait"),
    "fr": ("Chargement", "Chargement en cours"),
    "de": ("Wird geladen", "Laden", "Lädt"),
}

# Labels of "read more" toggles: they expand text in place; neither a question nor content.
EXPANDER_LABELS: Final[dict[str, tuple[str, ...]]] = {
    "en": ("Read more", "Read less", "Show more", "Show less", "See more", "See less", "More"),
    "fr": ("Lire la suite", "Voir plus", "Voir moins", "Afficher plus", "Afficher moins"),
    "de": ("Mehr lesen", "Weiterlesen", "Mehr anzeigen", "Weniger anzeigen", "Mehr", "Weniger"),
}

# Titles/headings of error pages (matched as substrings of the normalised title).
ERROR_PAGE_PHRASES: Final[tuple[str, ...]] = (
    "404",
    "page not found",
    "not found",
    "page introuvable",
    "page non trouvée",
    "seite nicht gefunden",
    "nicht gefunden",
    "internal server error",
    "service unavailable",
    "erreur 500",
    "fehler 404",
)

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

_ELLIPSIS = re.compile(r"(?:\.{2,}|…)+\s*$")


def normalise_key(text: str) -> str:
    """Fold a heading or line for comparison: NFC, casefold, trimmed, no trailing colon."""
    folded = unicodedata.normalize("NFC", text).casefold()
    # str methods, not regexes: this runs on every line of every page.
    return " ".join(folded.split()).rstrip(" :：.")


def _index_headings() -> dict[str, tuple[str, frozenset[str]]]:
    index: dict[str, tuple[str, set[str]]] = {}
    for canonical, by_language in SECTION_HEADINGS.items():
        for language, words in by_language.items():
            for word in words:
                key = normalise_key(word)
                entry = index.setdefault(key, (canonical, set()))
                entry[1].add(language)
    return {key: (canonical, frozenset(langs)) for key, (canonical, langs) in index.items()}


_HEADING_INDEX: Final = _index_headings()


def _feedback_key(text: str) -> str:
    # Spacing before "?" and "!" differs by language and typography ("erreurs ?").
    return normalise_key(text).replace(" ", "").rstrip("!")


_FEEDBACK_KEYS: Final = frozenset(
    _feedback_key(line) for lines in FEEDBACK_LINES.values() for line in lines
)
_EXPANDER_KEYS: Final = frozenset(
    normalise_key(label) for labels in EXPANDER_LABELS.values() for label in labels
)
_PLACEHOLDER_KEYS: Final = frozenset(
    normalise_key(word) for words in PLACEHOLDER_WORDS.values() for word in words
)


# Text much longer than any vocabulary entry is running text: skip folding it (a 2 KB
# paragraph is checked against the vocabulary on every page).
_LONGEST_ENTRY: Final = max(
    len(entry)
    for table in (SECTION_HEADINGS[name] for name in SECTION_HEADINGS)
    for entries in table.values()
    for entry in entries
)
_LONGEST_CHROME: Final = max(
    len(entry)
    for table in (FEEDBACK_LINES, PLACEHOLDER_WORDS)
    for entries in table.values()
    for entry in entries
)


def _too_long(text: str, longest: int) -> bool:
    # Generous: spacing, a trailing colon or a long ellipsis may pad a real entry.
    return len(text) > 3 * longest + 24


def canonical_section(heading: str) -> str | None:
    """The canonical section a heading names ("Technische Tipps:" -> "technical_tips")."""
    if _too_long(heading, _LONGEST_ENTRY):
        return None
    entry = _HEADING_INDEX.get(normalise_key(heading))
    return entry[0] if entry else None


def heading_language(heading: str) -> frozenset[str]:
    """Languages whose vocabulary contains this heading (empty if none)."""
    if _too_long(heading, _LONGEST_ENTRY):
        return frozenset()
    entry = _HEADING_INDEX.get(normalise_key(heading))
    return entry[1] if entry else frozenset()


def is_feedback_line(text: str) -> bool:
    """True for "Found errors? Tell us!" and its translations, however spaced."""
    return not _too_long(text, _LONGEST_CHROME) and _feedback_key(text) in _FEEDBACK_KEYS


def is_placeholder(text: str) -> bool:
    """True for a loading placeholder: "Loading...", "Loading…", "Chargement...", ..."""
    if _too_long(text, _LONGEST_CHROME):
        return False  # a placeholder padded beyond this is still caught by CHROME_SUBSTRING
    key = normalise_key(text)
    key = _ELLIPSIS.sub("", key).strip()
    return key in _PLACEHOLDER_KEYS


def is_video_url(url: str) -> bool:
    """True for a link to a video player host or a video file."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:  # an invalid IPv6 literal in hostile markup
        return False
    host = (parts.hostname or "").lower()
    if any(host == known or host.endswith("." + known) for known in VIDEO_HOSTS):
        return True
    return parts.path.lower().endswith(VIDEO_FILE_SUFFIXES)


def _chrome_substring() -> re.Pattern[str]:
    """Placeholders (with an ellipsis) and feedback lines as they may appear inside longer text.

    Only horizontal whitespace is matched, so paragraphs joined by blank lines never form
    a match across their boundary.
    """
    placeholders = sorted(
        (word for words in PLACEHOLDER_WORDS.values() for word in words), key=len, reverse=True
    )
    feedback = sorted(
        (line for lines in FEEDBACK_LINES.values() for line in lines), key=len, reverse=True
    )
    placeholder_alternatives = "|".join(_flexible(word) for word in placeholders)
    feedback_alternatives = "|".join(
        _flexible(line.rstrip("!").rstrip()) + rf"{_HSPACE}*!?" for line in feedback
    )
    return re.compile(
        rf"(?<!\w)(?:(?:{placeholder_alternatives}){_HSPACE}*(?:\.{{2,}}|…)+"
        rf"|{feedback_alternatives})",
        re.IGNORECASE,
    )


_HSPACE: Final = r"[^\S\n]"


def _flexible(phrase: str) -> str:
    # Any run of spaces, and optional spaces before "?"/"!" ("erreurs ?" and "erreurs?").
    parts = []
    for char in unicodedata.normalize("NFC", phrase):
        if char.isspace():
            parts.append(_HSPACE + "+")
        elif char in "?!":
            parts.append(_HSPACE + "*" + re.escape(char))
        else:
            parts.append(re.escape(char))
    return "".join(parts).replace(f"{_HSPACE}+{_HSPACE}*", f"{_HSPACE}*")


#: Placeholder or feedback text inside a longer string ("Psoas smash Loading...").
CHROME_SUBSTRING: Final = _chrome_substring()

#: The first word (lower case) of every placeholder and feedback line: text holding none
#: of them cannot hold chrome, which spares the regex on almost every string.
CHROME_FIRST_WORDS: Final = tuple(
    sorted(
        {
            phrase.split()[0].lower()
            for table in (PLACEHOLDER_WORDS, FEEDBACK_LINES)
            for phrases in table.values()
            for phrase in phrases
        }
    )
)


def is_expander_label(text: str) -> bool:
    """True for "Read more" / "Show less" / "Weiterlesen" toggle labels (a trailing "…" allowed)."""
    key = _ELLIPSIS.sub("", normalise_key(text)).strip()
    return key in _EXPANDER_KEYS
