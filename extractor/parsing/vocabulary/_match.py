"""The matchers over the vocabulary, and the ``{language: words}`` tables they use.

The words are data in other modules: one module per language (``en.py``, ``fr.py``,
``de.py``) and ``_neutral`` for what no language owns. ``LANGUAGE_MODULES`` registers the
languages; every table here is assembled from them in that order. A new language is one
data module (copy ``en.py``) and one line in ``LANGUAGE_MODULES``; a new site wording is one
entry in a data module. Matching goes through ``normalise_key``: case, surrounding
whitespace, a trailing colon and Unicode composition form are ignored ("INSTRUCTIONS:",
"Vidéos" in NFD and "vidéos" all match).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from types import ModuleType
from typing import Final
from urllib.parse import urlsplit

from . import de, en, fr
from ._neutral import (
    ATTRIBUTE_FIELDS,
    ATTRIBUTE_VALUE_SEPARATORS,
    LIST_SECTIONS,
    LISTING_JSONLD_TYPES,
    MEDIA_SECTIONS,
    MENU_TOGGLE_GLYPHS,
    OTHER_EXERCISE_PATH_WORDS,
    SECTIONS,
    VIDEO_FILE_SUFFIXES,
    VIDEO_HOSTS,
)
from ._neutral import ERROR_PAGE_PHRASES as _ERROR_PAGE_PHRASES

__all__ = [
    "ANSWER_LABELS",
    "ATTRIBUTE_FIELDS",
    "ATTRIBUTE_LABELS",
    "ATTRIBUTE_VALUE_SEPARATORS",
    "AUTHOR_LABELS",
    "CHROME_FIRST_WORDS",
    "CHROME_SUBSTRING",
    "CONSENT_LABELS",
    "COOKIE_WORDS",
    "ERROR_PAGE_PHRASES",
    "EXERCISE_PATH_WORDS",
    "EXPANDER_LABELS",
    "FEEDBACK_LINES",
    "FOOTER_LINKS",
    "HEADER_LABELS",
    "HYPHEN_SUSPENDING_WORDS",
    "LANGUAGES",
    "LANGUAGE_HINT_WORDS",
    "LANGUAGE_NAMES",
    "LISTING_JSONLD_TYPES",
    "LIST_SECTIONS",
    "MEDIA_SECTIONS",
    "MENU_TOGGLE_GLYPHS",
    "PLACEHOLDER_FIRST_WORDS",
    "PLACEHOLDER_LAST_WORDS",
    "PLACEHOLDER_WORDS",
    "PRINT_BAR_LABELS",
    "QUESTION_LABELS",
    "READING_TIME_UNITS",
    "RELATED_HEADINGS",
    "RIGHTS_RESERVED",
    "SCRIPT_NOTICES",
    "SECTION_HEADINGS",
    "SHARE_LABELS",
    "SKIP_LINKS",
    "STEP_LABELS",
    "VIDEO_FILE_SUFFIXES",
    "VIDEO_HOSTS",
    "attribute_field",
    "canonical_section",
    "has_question_label",
    "heading_language",
    "is_author_label",
    "is_consent_label",
    "is_copyright_line",
    "is_expander_label",
    "is_feedback_line",
    "is_feedback_prompt",
    "is_footer_link",
    "is_header_label",
    "is_language_name",
    "is_placeholder",
    "is_print_bar_label",
    "is_reading_time",
    "is_related_heading",
    "is_share_label",
    "is_skip_link",
    "is_video_url",
    "mentions_cookies",
    "normalise_key",
    "without_answer_label",
    "without_question_label",
]


# The registered languages, in this order: it is the order of every table below, and the first
# language listing a word wins where order counts. A new language: its module, then one line.
LANGUAGE_MODULES: Final[dict[str, ModuleType]] = {
    "en": en,
    "fr": fr,
    "de": de,
}

#: Languages a record can be in (``Exercise.language``).
LANGUAGES: Final = tuple(LANGUAGE_MODULES)


def _by_language(table: str) -> dict[str, tuple[str, ...]]:
    """One table of every language module (``language -> entries``), in registration order."""
    return {language: getattr(words, table) for language, words in LANGUAGE_MODULES.items()}


def _every_language(table: str) -> tuple[str, ...]:
    """One table of every language module, as one tuple (for tables matched as a whole)."""
    return tuple(entry for entries in _by_language(table).values() for entry in entries)


def _section_headings() -> dict[str, dict[str, tuple[str, ...]]]:
    by_language = {language: words.SECTION_HEADINGS for language, words in LANGUAGE_MODULES.items()}
    for language, headings in by_language.items():
        unknown = set(headings) - set(SECTIONS)
        if unknown:
            raise ValueError(f"vocabulary/{language}: headings of unknown sections {unknown}")
    return {
        canonical: {
            language: headings[canonical]
            for language, headings in by_language.items()
            if canonical in headings
        }
        for canonical in SECTIONS
    }


# canonical name -> language -> accepted headings.
SECTION_HEADINGS: Final = _section_headings()
FEEDBACK_LINES: Final = _by_language("FEEDBACK_LINES")

#: language -> the path words of its exercise pages (``/fr/exercice/<id>-<slug>``): the
#: languages' modules, then languages with no module yet (their words name ids too).
EXERCISE_PATH_WORDS: Final = {
    **_by_language("EXERCISE_PATH_WORDS"),
    **OTHER_EXERCISE_PATH_WORDS,
}
PLACEHOLDER_WORDS: Final = _by_language("PLACEHOLDER_WORDS")
SCRIPT_NOTICES: Final = _by_language("SCRIPT_NOTICES")
STEP_LABELS: Final = _by_language("STEP_LABELS")
HYPHEN_SUSPENDING_WORDS: Final = _by_language("HYPHEN_SUSPENDING_WORDS")
QUESTION_LABELS: Final = _by_language("QUESTION_LABELS")
ANSWER_LABELS: Final = _by_language("ANSWER_LABELS")
LANGUAGE_NAMES: Final = _by_language("LANGUAGE_NAMES")
LANGUAGE_HINT_WORDS: Final = _by_language("LANGUAGE_HINT_WORDS")
PLACEHOLDER_FIRST_WORDS: Final = _by_language("PLACEHOLDER_FIRST_WORDS")
PLACEHOLDER_LAST_WORDS: Final = _by_language("PLACEHOLDER_LAST_WORDS")
EXPANDER_LABELS: Final = _by_language("EXPANDER_LABELS")
SKIP_LINKS: Final = _by_language("SKIP_LINKS")
COOKIE_WORDS: Final = _by_language("COOKIE_WORDS")
CONSENT_LABELS: Final = _by_language("CONSENT_LABELS")
FOOTER_LINKS: Final = _by_language("FOOTER_LINKS")
READING_TIME_UNITS: Final = _by_language("READING_TIME_UNITS")
HEADER_LABELS: Final = _by_language("HEADER_LABELS")
PRINT_BAR_LABELS: Final = _by_language("PRINT_BAR_LABELS")
SHARE_LABELS: Final = _by_language("SHARE_LABELS")
AUTHOR_LABELS: Final = _by_language("AUTHOR_LABELS")
RELATED_HEADINGS: Final = _by_language("RELATED_HEADINGS")
#: Error-page phrases and "all rights reserved" of every language (matched as substrings).
ERROR_PAGE_PHRASES: Final = _ERROR_PAGE_PHRASES + _every_language("ERROR_PAGE_PHRASES")
RIGHTS_RESERVED: Final = _every_language("RIGHTS_RESERVED")

_ELLIPSIS = re.compile(r"(?:\.{2,}|…)+\s*$")


def normalise_key(text: str) -> str:
    """Fold a heading or line for comparison: NFC, casefold, trimmed, no trailing colon."""
    folded = unicodedata.normalize("NFC", text).casefold()
    # str methods, not regexes: this runs on every line of every page. Most keys are folded
    # already: no space at either end, no double space and no other whitespace (every
    # whitespace character but " " is unprintable); split/join would rebuild them (0.3 µs).
    if not (
        folded.isprintable() and "  " not in folded and folded[:1] != " " and folded[-1:] != " "
    ):
        folded = " ".join(folded.split())
    return folded.rstrip(" :：.")


def _keys(table: Mapping[str, Sequence[str]]) -> frozenset[str]:
    """Every entry of a vocabulary table (language -> entries), normalised for lookup."""
    return frozenset(normalise_key(entry) for entries in table.values() for entry in entries)


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
_EXPANDER_KEYS: Final = _keys(EXPANDER_LABELS)
_PLACEHOLDER_KEYS: Final = _keys(PLACEHOLDER_WORDS)
_SCRIPT_NOTICE_KEYS: Final = tuple(
    normalise_key(notice) for notices in SCRIPT_NOTICES.values() for notice in notices
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
    for table in (FEEDBACK_LINES, PLACEHOLDER_WORDS, SCRIPT_NOTICES)
    for entries in table.values()
    for entry in entries
)


def _max_chars(longest: int) -> int:
    # Generous: spacing, a trailing colon or a long ellipsis may pad a real entry.
    return 3 * longest + 24


# (Limits computed once: the matchers compare a length, without a call per line.)
_HEADING_MAX_CHARS: Final = _max_chars(_LONGEST_ENTRY)
_CHROME_MAX_CHARS: Final = _max_chars(_LONGEST_CHROME)


def _heading_entry(heading: str) -> tuple[str, frozenset[str]] | None:
    if len(heading) > _HEADING_MAX_CHARS:
        return None
    key = normalise_key(heading)
    entry = _HEADING_INDEX.get(key)
    if entry is None and key and not (key[0].isalpha() and key[-1].isalpha()):
        entry = _HEADING_INDEX.get(_loose_heading_key(key))
    return entry


def _loose_heading_key(key: str) -> str:
    """The key without decoration around the words: an icon or emoji ("🎬 Videos"), section
    numbering ("1. Instructions", "2) Technical tips") and a trailing count in parentheses
    ("Instructions (4 steps)", "FAQ (5)"). Only the ends move: the words must still be
    exactly a vocabulary entry, so running text never matches."""
    start = 0
    while start < len(key) and not key[start].isalpha():
        start += 1
    key = key[start:]
    if key.endswith(")") and "(" in key:
        key = key[: key.rindex("(")]
    end = len(key)
    while end and not key[end - 1].isalpha():
        end -= 1
    return key[:end]


def _attribute_labels() -> dict[str, dict[str, tuple[str, ...]]]:
    """field -> language -> labels, every field of ``ATTRIBUTE_FIELDS`` checked."""
    table: dict[str, dict[str, tuple[str, ...]]] = {name: {} for name in ATTRIBUTE_FIELDS}
    for language, words in LANGUAGE_MODULES.items():
        for name, labels in words.ATTRIBUTE_LABELS.items():
            if name not in table:
                raise ValueError(f"vocabulary/{language}: labels of unknown attribute {name!r}")
            table[name][language] = labels
    return table


#: field -> language -> the labels of that attribute-table row.
ATTRIBUTE_LABELS: Final = _attribute_labels()
_ATTRIBUTE_INDEX: Final = {
    normalise_key(label): name
    for name, by_language in ATTRIBUTE_LABELS.items()
    for labels in by_language.values()
    for label in labels
}
_ATTRIBUTE_MAX_CHARS: Final = 2 * max(map(len, _ATTRIBUTE_INDEX))


def attribute_field(label: str) -> str | None:
    """The record field an attribute-table label names ("Équipements :" -> "equipment",
    "🏋 Equipment" too), or None for a label outside the vocabulary."""
    if len(label) > _ATTRIBUTE_MAX_CHARS:
        return None
    key = normalise_key(label)
    name = _ATTRIBUTE_INDEX.get(key)
    if name is None and key and not (key[0].isalpha() and key[-1].isalpha()):
        name = _ATTRIBUTE_INDEX.get(_loose_heading_key(key))
    return name


def canonical_section(heading: str) -> str | None:
    """The canonical section a heading names ("Technische Tipps:" -> "technical_tips",
    "🎬 Videos" and "1. Instructions (4 steps)" too)."""
    entry = _heading_entry(heading)
    return entry[0] if entry else None


def heading_language(heading: str) -> frozenset[str]:
    """Languages whose vocabulary contains this heading (empty if none)."""
    entry = _heading_entry(heading)
    return entry[1] if entry else frozenset()


def _initials(keys: frozenset[str]) -> frozenset[str]:
    return frozenset(key[0] for key in keys if key)


_FEEDBACK_INITIALS: Final = _initials(_FEEDBACK_KEYS)
_PLACEHOLDER_INITIALS: Final = _initials(_PLACEHOLDER_KEYS)
_EXPANDER_INITIALS: Final = _initials(_EXPANDER_KEYS)


def _non_initials(initials: frozenset[str]) -> frozenset[str]:
    """ASCII characters that are not space and lower to none of ``initials``: ASCII text
    opening with one cannot start such a key, decided by one set lookup (most lines open
    with a letter that starts no chrome key)."""
    return frozenset(
        char for char in map(chr, range(128)) if not char.isspace() and char.lower() not in initials
    )


_FEEDBACK_NON_INITIALS: Final = _non_initials(_FEEDBACK_INITIALS)
_PLACEHOLDER_NON_INITIALS: Final = _non_initials(_PLACEHOLDER_INITIALS)


def _cannot_start_key(text: str, initials: frozenset[str]) -> bool:
    """True when ``text`` certainly does not normalise to a key starting with one of
    ``initials``: these matchers run on nearly every line of every page, and almost no
    line is chrome. Decided for ASCII text only (there NFC changes nothing and casefold
    is lower, so the key starts with the first non-space character, lowered)."""
    return text.isascii() and text.lstrip()[:1].lower() not in initials


def _without_ellipsis(key: str) -> str:
    # A normalised key ends with no dot or space, so an ellipsis to drop ends with "…":
    # only then is the $-anchored pattern (tried at every position) worth running.
    return _ELLIPSIS.sub("", key).strip() if key.endswith("…") else key


def is_feedback_line(text: str) -> bool:
    """True for "Found errors? Tell us!" and its translations, however spaced."""
    if len(text) > _CHROME_MAX_CHARS or (text[:1] in _FEEDBACK_NON_INITIALS and text.isascii()):
        return False  # (most lines: one set lookup decides what _cannot_start_key would)
    if _cannot_start_key(text, _FEEDBACK_INITIALS):
        return False
    return _feedback_key(text) in _FEEDBACK_KEYS


# "Found errors?" alone: the prompt half of a feedback line whose "Tell us!" half is a
# button or a link the page renders apart (and a front end dropped as a control).
_FEEDBACK_PROMPT_KEYS: Final = frozenset(
    _feedback_key(line.split("?", 1)[0] + "?")
    for lines in FEEDBACK_LINES.values()
    for line in lines
    if "?" in line
)


def is_feedback_prompt(text: str) -> bool:
    """True for the first half of a feedback line on its own ("Found errors?")."""
    if len(text) > _CHROME_MAX_CHARS or (text[:1] in _FEEDBACK_NON_INITIALS and text.isascii()):
        return False  # (most lines: one set lookup decides what _cannot_start_key would)
    if _cannot_start_key(text, _FEEDBACK_INITIALS):
        return False
    return _feedback_key(text) in _FEEDBACK_PROMPT_KEYS


def is_placeholder(text: str) -> bool:
    """True for a loading placeholder: "Loading...", "Loading…", "Chargement...", and with
    an ellipsis its wordier forms: "Loading videos...", "Videos werden geladen…",
    "(Loading…)"."""
    if len(text) > _CHROME_MAX_CHARS:
        return False  # a placeholder padded beyond this is still caught by CHROME_SUBSTRING
    if (
        text[:1] in _PLACEHOLDER_NON_INITIALS
        and text.isascii()
        and "avascript" not in text
        and "avaScript" not in text
        and not _has_ellipsis(text)
    ):
        # Most lines: no script notice, no ellipsis, and _cannot_start_key holds (one set
        # lookup), so the steps below would return False.
        return False
    ellipsis = _has_ellipsis(text)
    # Every script notice names JavaScript: the cheap substring test guards the fold.
    if ("avascript" in text or "avaScript" in text) and normalise_key(text).startswith(
        _SCRIPT_NOTICE_KEYS
    ):
        return True
    if not ellipsis and _cannot_start_key(text, _PLACEHOLDER_INITIALS):
        return False
    key = _without_ellipsis(normalise_key(text))
    if key in _PLACEHOLDER_KEYS:
        return True
    if not ellipsis:
        return False
    key = key.strip(_PLACEHOLDER_WRAPPERS).rstrip(" .…")
    if key in _PLACEHOLDER_KEYS:
        return True
    if any(mark in key for mark in "?!.:;？"):
        return False  # two sentences ("How long? Wird geladen..."): text with chrome inside
    words = key.replace(",", " ").split()
    return 0 < len(words) <= _PLACEHOLDER_MAX_WORDS and (
        words[0] in _PLACEHOLDER_FIRST_KEYS or words[-1] in _PLACEHOLDER_LAST_KEYS
    )


# Brackets and quotes a placeholder may be wrapped in: "(Loading…)", "[Chargement...]".
_PLACEHOLDER_WRAPPERS: Final = " ()[]{}<>«»\"'“”‚‘’"
_PLACEHOLDER_MAX_WORDS: Final = 5
_PLACEHOLDER_FIRST_KEYS: Final = _keys(PLACEHOLDER_FIRST_WORDS)
_PLACEHOLDER_LAST_KEYS: Final = _keys(PLACEHOLDER_LAST_WORDS)


def _has_ellipsis(text: str) -> bool:
    end = text.rstrip(_PLACEHOLDER_WRAPPERS)
    return end.endswith(("..", "…", ". ."))


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
        # Every script notice names JavaScript; its first words ("you", "this") are too
        # common to serve as this filter.
        | {"javascript"}
    )
)


def _label_pattern(table: dict[str, tuple[str, ...]]) -> re.Pattern[str]:
    labels = sorted({label for labels in table.values() for label in labels}, key=len, reverse=True)
    alternatives = "|".join(re.escape(label) for label in labels)
    # "Q: How long?", "Q : ..." (French spacing), "Frage: ..."; the label is a whole word.
    return re.compile(rf"^(?:{alternatives})\s*[:：]\s*(?=\S)", re.IGNORECASE)


_QUESTION_LABEL: Final = _label_pattern(QUESTION_LABELS)
_ANSWER_LABEL: Final = _label_pattern(ANSWER_LABELS)
_QA_LABEL_INITIALS: Final = frozenset(
    label[0].casefold()
    for table in (QUESTION_LABELS, ANSWER_LABELS)
    for labels in table.values()
    for label in labels
)


def has_question_label(text: str) -> bool:
    """True for "Q: ..." / "Question: ..." / "Frage: ..."."""
    return text[:1].casefold() in _QA_LABEL_INITIALS and _QUESTION_LABEL.match(text) is not None


def without_question_label(text: str) -> str:
    """ "Q: How long?" -> "How long?" (unchanged without a label)."""
    if text[:1].casefold() not in _QA_LABEL_INITIALS:
        return text
    return _QUESTION_LABEL.sub("", text, count=1)


def without_answer_label(text: str) -> str:
    """ "A: Ten seconds." -> "Ten seconds." (unchanged without a label)."""
    if text[:1].casefold() not in _QA_LABEL_INITIALS:
        return text
    return _ANSWER_LABEL.sub("", text, count=1)


_LANGUAGE_NAME_KEYS: Final = _keys(LANGUAGE_NAMES)


def is_language_name(text: str) -> bool:
    """True for a language switcher's label: "English", "Français", "DE"."""
    return len(text) <= 20 and normalise_key(text) in _LANGUAGE_NAME_KEYS


def is_expander_label(text: str) -> bool:
    """True for "Read more" / "Show less" / "Weiterlesen" toggle labels (a trailing "…" allowed)."""
    if _cannot_start_key(text, _EXPANDER_INITIALS):
        return False
    return _without_ellipsis(normalise_key(text)) in _EXPANDER_KEYS


# --- site chrome in text renderings (a whole-page copy, a lynx/w3m dump) -------------------


_SKIP_LINK_KEYS: Final = _keys(SKIP_LINKS)
_COOKIE_WORD_KEYS: Final = _keys(COOKIE_WORDS)
_CONSENT_KEYS: Final = _keys(CONSENT_LABELS)
_FOOTER_KEYS: Final = _keys(FOOTER_LINKS)
_WORDS: Final = re.compile(r"\w+")
# "© 2025 FitMetrics", "(c) 2024", "Copyright 2023 ...", "FitMetrics © 2025".
_COPYRIGHT: Final = re.compile(
    r"^\s*(?:©|\(c\)|copyright\b)|(?:©|\(c\)|copyright)\s*\d{4}", re.IGNORECASE
)


_READING_TIME_KEYS: Final = _keys(READING_TIME_UNITS)
_READING_TIME: Final = re.compile(r"^(?:~\s*)?\d{1,3}(?:\s*[-–—]\s*\d{1,3})?\s*(?P<unit>\D.*)$")


def is_reading_time(text: str) -> bool:
    """True for a reading-time estimate on its own: "2–3 minutes", "5 min read", "4 Minuten"."""
    match = _READING_TIME.match(text.strip()) if len(text) <= 40 else None
    return match is not None and normalise_key(match.group("unit")) in _READING_TIME_KEYS


def is_skip_link(text: str) -> bool:
    """True for a skip link's label on its own: "Skip to content", "Zum Inhalt springen"."""
    return len(text) <= 60 and normalise_key(text) in _SKIP_LINK_KEYS


def mentions_cookies(text: str) -> bool:
    """True for a line that names cookies ("We use cookies to improve ...")."""
    if "ookie" not in text and "émoin" not in text and "EMOIN" not in text.upper():
        return False
    return any(word in _COOKIE_WORD_KEYS for word in _WORDS.findall(text.casefold()))


def is_consent_label(text: str) -> bool:
    """True for a cookie banner's button label: "Accept all", "Tout refuser", "Ablehnen"."""
    return len(text) <= 40 and normalise_key(text) in _CONSENT_KEYS


def is_footer_link(text: str) -> bool:
    """True for a footer's legal link on its own: "Privacy policy", "Impressum"."""
    return len(text) <= 40 and normalise_key(text) in _FOOTER_KEYS


def is_copyright_line(text: str) -> bool:
    """True for a footer's copyright line: "© 2025 FitMetrics", "Copyright 2024 ...",
    "FitMetrics AG. All rights reserved."."""
    if len(text) > 200:
        return False
    if _COPYRIGHT.search(text) is not None:
        return True
    folded = text.casefold()
    return any(phrase in folded for phrase in RIGHTS_RESERVED)


# --- more site chrome in text renderings: the header bar, share and author cards, related
# exercises, a video card's duration badge ----------------------------------------------------


_HEADER_KEYS: Final = _keys(HEADER_LABELS)
_PRINT_BAR_KEYS: Final = _keys(PRINT_BAR_LABELS)
_SHARE_KEYS: Final = _keys(SHARE_LABELS)
_AUTHOR_KEYS: Final = _keys(AUTHOR_LABELS)
_RELATED_KEYS: Final = _keys(RELATED_HEADINGS)
_LABEL_MAX_CHARS: Final = 40


def is_header_label(text: str) -> bool:
    """True for a header bar's label on its own: "Menu", "Sign in", "Startseite"."""
    return len(text) <= _LABEL_MAX_CHARS and normalise_key(text) in _HEADER_KEYS


def is_print_bar_label(text: str) -> bool:
    """True for a print version's link: "Print this page", "Close window"."""
    return len(text) <= _LABEL_MAX_CHARS and normalise_key(text) in _PRINT_BAR_KEYS


def is_share_label(text: str) -> bool:
    """True for a share card's title or button: "Share", "Facebook", "Teilen"."""
    return len(text) <= _LABEL_MAX_CHARS and normalise_key(text) in _SHARE_KEYS


def is_author_label(text: str) -> bool:
    """True for an author box's label: "Written by", "Geschrieben von"."""
    return len(text) <= _LABEL_MAX_CHARS and normalise_key(text) in _AUTHOR_KEYS


def is_related_heading(text: str) -> bool:
    """True for the heading of other exercises' cards: "Related exercises"."""
    return len(text) <= 60 and normalise_key(text) in _RELATED_KEYS
