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

__all__ = [
    "ERROR_PAGE_PHRASES",
    "FEEDBACK_LINES",
    "LIST_SECTIONS",
    "MEDIA_SECTIONS",
    "SECTION_HEADINGS",
    "canonical_section",
    "heading_language",
    "is_feedback_line",
    "is_placeholder",
    "normalise_key",
]

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

_TRAILING_PUNCT = re.compile(r"[\s:：.]+$")
_SPACES = re.compile(r"\s+")
_ELLIPSIS = re.compile(r"(?:\.{2,}|…)+\s*$")


def normalise_key(text: str) -> str:
    """Fold a heading or line for comparison: NFC, casefold, trimmed, no trailing colon."""
    folded = unicodedata.normalize("NFC", text).casefold()
    folded = _SPACES.sub(" ", folded).strip()
    return _TRAILING_PUNCT.sub("", folded)


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
    return _SPACES.sub("", normalise_key(text)).rstrip("!")


_FEEDBACK_KEYS: Final = frozenset(
    _feedback_key(line) for lines in FEEDBACK_LINES.values() for line in lines
)
_PLACEHOLDER_KEYS: Final = frozenset(
    normalise_key(word) for words in PLACEHOLDER_WORDS.values() for word in words
)


def canonical_section(heading: str) -> str | None:
    """The canonical section a heading names ("Technische Tipps:" -> "technical_tips")."""
    entry = _HEADING_INDEX.get(normalise_key(heading))
    return entry[0] if entry else None


def heading_language(heading: str) -> frozenset[str]:
    """Languages whose vocabulary contains this heading (empty if none)."""
    entry = _HEADING_INDEX.get(normalise_key(heading))
    return entry[1] if entry else frozenset()


def is_feedback_line(text: str) -> bool:
    """True for "Found errors? Tell us!" and its translations, however spaced."""
    return _feedback_key(text) in _FEEDBACK_KEYS


def is_placeholder(text: str) -> bool:
    """True for a loading placeholder: "Loading...", "Loading…", "Chargement...", ..."""
    key = normalise_key(text)
    key = _ELLIPSIS.sub("", key).strip()
    return key in _PLACEHOLDER_KEYS
