"""Text clean-up shared by the HTML and text front ends (pure functions)."""

from __future__ import annotations

import html
import re
import unicodedata

from ._vocabulary import CHROME_FIRST_WORDS, CHROME_SUBSTRING, is_feedback_line, is_placeholder

__all__ = ["clean_text", "is_chrome_text", "remove_chrome", "split_bullet", "strip_bullet"]

# Zero-width and invisible format characters that survive copy-paste and CMS
# editors (ZWSP, ZWNJ, ZWJ, word joiner, BOM, soft hyphen).
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_INVISIBLE_SCAN = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")

# A leading bullet glyph or list number: "•", "-", "*", "–", "—", "·", "▪", "◦",
# "1.", "2)", "(3)", "Step 4:" is not stripped (it is content).
_BULLET = re.compile(
    r"""^\s*(?:
        [•\-*–—·▪◦●■►‣⁃∙]\s+        # a glyph followed by space
      | [•·▪◦●■►‣⁃∙]               # glyphs that never start a word, even unspaced
      | \(?\d{1,3}[.)]\s+           # 1. 2) (3)
    )""",
    re.VERBOSE,
)


def clean_text(text: str) -> str:
    """Decode entities, drop invisible characters, fold whitespace (NBSP included), NFC."""
    if "&" in text:
        text = html.unescape(text)
    # Hot path (every block of every page): the cheap scans decide whether the costly
    # per-character translate is needed; str.split() folds exactly what r"\s+" matches.
    if _INVISIBLE_SCAN.search(text):
        text = text.translate(_INVISIBLE)
    text = " ".join(text.split())
    return unicodedata.normalize("NFC", text)


def split_bullet(text: str) -> tuple[bool, str]:
    """Return (had a bullet glyph or number, text without it)."""
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


def remove_chrome(text: str) -> str:
    """The text without any placeholder or feedback line inside it ("" if nothing else is left)."""
    lowered = unicodedata.normalize("NFC", text).lower()
    if not any(word in lowered for word in CHROME_FIRST_WORDS):
        return text
    if is_chrome_text(text):
        return ""
    if CHROME_SUBSTRING.search(text) is None:
        return text
    remaining = clean_text(CHROME_SUBSTRING.sub(" ", text))
    return "" if is_chrome_text(remaining) else remaining
