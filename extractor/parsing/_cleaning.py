"""Text clean-up shared by the HTML and text front ends (pure functions)."""

from __future__ import annotations

import html
import re
import string
import unicodedata
from typing import Final

from .vocabulary import (
    CHROME_FIRST_WORDS,
    CHROME_SUBSTRING,
    FEEDBACK_LINES,
    STEP_LABELS,
    is_feedback_line,
    is_placeholder,
)

__all__ = [
    "clean_text",
    "is_chrome_text",
    "remove_chrome",
    "split_bullet",
    "strip_bullet",
    "strip_decoration",
]

# Zero-width and invisible format characters that survive copy-paste and CMS
# editors (ZWSP, ZWNJ, ZWJ, word joiner, BOM, soft hyphen).
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_INVISIBLE_SCAN = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")

_STEP_WORDS = "|".join(
    re.escape(word) for words in STEP_LABELS.values() for word in sorted(words, key=len)[::-1]
)
# A leading bullet glyph or list number: "•", "-", "*", "–", "—", "·", "▪", "◦",
# "1.", "2)", "(3)", and a numbered step label with a separator ("Step 4:", "Étape 2 -",
# "Schritt 3."): the issue wants numbering removed, and "Step 4:" in front of a step is
# numbering. "Step 4" alone (a heading) or "Step 4 was" (a sentence) are not touched.
_BULLET = re.compile(
    rf"""^\s*(?:
        [•\-*–—·▪◦●■►‣⁃∙✓✔➢➤➔→○◆◇□▸▹▶❖−‐✅☑👉➡⚠]\ufe0f?\s+   # a glyph followed by space
      | [•·▪◦●■►‣⁃∙✓✔➢➤➔○◆◇□▸▹▶❖✅☑👉➡⚠]\ufe0f?            # glyphs that never start a word
      | \d{{1,2}}\ufe0f?\u20e3\s*      # keycap emoji numbers: 1️⃣ 2️⃣
      | \(?\d{{1,3}}[.)]\s+           # 1. 2) (3)
      | (?i:{_STEP_WORDS})\s*\d{{1,3}}\s*[:.)\-–—]\s+   # Step 1: / Étape 2 - / Schritt 3.
    )""",
    re.VERBOSE,
)


def clean_text(text: str) -> str:
    """Decode entities, drop invisible characters, fold whitespace (NBSP included), NFC."""
    if "&" in text:
        text = html.unescape(text)
    # Hot path (every block of every page): the cheap scans decide whether the costly
    # per-character translate is needed; str.split() folds exactly what r"\s+" matches.
    if text.isascii():  # a flag lookup: ASCII holds no invisible character and is NFC
        # Folded already (what split/join would rebuild, without the copy): no space or
        # control character at either end (ASCII orders them before "!"), no double space,
        # no other whitespace (every ASCII whitespace character but " " is a control).
        if (
            text[:1] > " "
            and text[-1:] > " "
            and "  " not in text
            and text.isprintable()
            and text.__class__ is str  # (a str subclass in: a plain str out, as before)
        ):
            return text
        return " ".join(text.split())
    if _INVISIBLE_SCAN.search(text):
        text = text.translate(_INVISIBLE)
    text = " ".join(text.split())
    return unicodedata.normalize("NFC", text)


# Symbols that are never words: emoji and pictographs (So), modifiers (Sk), emoji
# variation selectors. "©", "®", "™" belong to names ("TheraBand®") and stay.
_DECORATION_CATEGORIES = frozenset({"So", "Sk"})
_KEPT_SYMBOLS = frozenset("©®™℠°")
_VARIATION_SELECTORS = frozenset("\ufe0e\ufe0f")


def _is_decoration(char: str) -> bool:
    if char in _VARIATION_SELECTORS:
        return True
    return unicodedata.category(char) in _DECORATION_CATEGORIES and char not in _KEPT_SYMBOLS


def strip_decoration(text: str) -> str:
    """A heading without the emoji or icons around its words ("🏋️ Goblet squat" ->
    "Goblet squat"); symbols inside the text are kept. "" when nothing but symbols."""
    if not text or (text[0].isalnum() and text[-1].isalnum()):
        return text  # the common case, decided without looking up categories
    start, end = 0, len(text)
    while start < end and (text[start].isspace() or _is_decoration(text[start])):
        start += 1
    while end > start and (text[end - 1].isspace() or _is_decoration(text[end - 1])):
        end -= 1
    return text[start:end]


def _opens_step_label(char: str) -> bool:
    return any(
        re.fullmatch(re.escape(word[0]), char, re.IGNORECASE)
        for words in STEP_LABELS.values()
        for word in words
        if word
    )


# ASCII letters no bullet can open with: neither a glyph nor the first letter of a step
# label (as the pattern matches it). Most lines open with one and are decided without the
# regex.
_NO_BULLET_LETTERS = frozenset(
    char
    for char in string.ascii_letters
    if _BULLET.match(f"{char} ") is None and not _opens_step_label(char)
)


def split_bullet(text: str) -> tuple[bool, str]:
    """Return (had a bullet glyph or number, text without it)."""
    if text[:1] in _NO_BULLET_LETTERS:
        return False, text.strip()
    match = _BULLET.match(text)
    if match is None:
        return False, text.strip()
    return True, text[match.end() :].strip()


def strip_bullet(text: str) -> str:
    """Remove one leading bullet glyph or list number."""
    return split_bullet(text)[1]


def is_chrome_text(text: str) -> bool:
    """True for text that is site chrome wherever it appears (placeholders, feedback line)."""
    return is_placeholder(text) or is_feedback_line(text)


_EMPTY_BRACKETS = re.compile(r"[(\[{]\s*[)\]}]")


def _shared_feedback_mark() -> str | None:
    """A character that every feedback alternative of ``CHROME_SUBSTRING`` matches as
    itself (the "?" of "Found errors? Tell us!"), or None when the lines share none."""
    char_sets = [
        set(unicodedata.normalize("NFC", line.rstrip("!").rstrip()))  # (the "!" is optional)
        for lines in FEEDBACK_LINES.values()
        for line in lines
    ]
    shared = set.intersection(*char_sets) if char_sets else set()
    # ASCII punctuation only: a letter matches other cases (IGNORECASE), a space any run
    # of spaces.
    marks = sorted(c for c in shared if c.isascii() and not (c.isalnum() or c.isspace()))
    return marks[0] if marks else None


_FEEDBACK_MARK: Final = _shared_feedback_mark()


def _may_hold_chrome_inside(text: str) -> bool:
    """False when ``CHROME_SUBSTRING`` certainly finds nothing in ``text``: each of its
    matches holds a placeholder's ellipsis or a feedback line's mark."""
    return ".." in text or "…" in text or _FEEDBACK_MARK is None or _FEEDBACK_MARK in text


def remove_chrome(text: str) -> str:
    """The text without any placeholder or feedback line inside it ("" if nothing else is left)."""
    if not _may_hold_chrome_inside(text) and not is_chrome_text(text):
        # What the steps below would decide (a long paragraph is no chrome line, and
        # nothing inside it matches), without scanning it for each chrome word.
        return text
    # ASCII text is NFC already: the normalisation (a scan of every character) is skipped.
    lowered = text.lower() if text.isascii() else unicodedata.normalize("NFC", text).lower()
    for word in CHROME_FIRST_WORDS:  # a loop: any() and its generator cost twice as much
        if word in lowered:
            break
    else:
        return text
    if is_chrome_text(text):
        return ""
    if CHROME_SUBSTRING.search(text) is None:
        return text
    # "Psoas smash (Loading...)": the brackets that held the placeholder go with it.
    remaining = clean_text(_EMPTY_BRACKETS.sub(" ", CHROME_SUBSTRING.sub(" ", text)))
    if not any(char.isalnum() for char in remaining):
        return ""  # only punctuation was left around the chrome
    return "" if is_chrome_text(remaining) else remaining
