"""Which text may be chrome: cheap filters run on every text node and line of a page.

Whole-line chrome (a loading placeholder, the feedback line, "Read more") and chrome inside
longer text (``CHROME_SUBSTRING``) are decided by the vocabulary's matchers, which normalise
the text first. These filters, derived from the same vocabulary tables, answer False for
almost every line without normalising it; they never answer False where the matcher would
find chrome (tests/parsing/html/test_walk_fast_paths.py holds them to that).
"""

from __future__ import annotations

import unicodedata
from typing import Final

from ..vocabulary import EXPANDER_LABELS, FEEDBACK_LINES, PLACEHOLDER_WORDS

__all__ = ["CHROME_LINE_MAX_CHARS", "NOT_INITIALS", "may_be_chrome_line", "may_hold_chrome"]

# Whole-line chrome (placeholder, feedback line, "Read more") is never longer than this
# (twice the longest vocabulary entry: room for odd spacing and long ellipses), and its
# first word is the first word of a vocabulary entry: two cheap filters run on every line
# before the vocabulary's own (normalising) matchers.
_CHROME_ENTRIES: Final = tuple(
    entry
    for table in (FEEDBACK_LINES, PLACEHOLDER_WORDS, EXPANDER_LABELS)
    for entries in table.values()
    for entry in entries
)

CHROME_LINE_MAX_CHARS: Final = 2 * max(len(entry) for entry in _CHROME_ENTRIES)

_WORD_END_MARKS: Final = ".…:?!"


def _first_word(text: str) -> str:
    # No regex, no NFC: this runs on every text node (NFD chrome is still caught by the
    # line-level check, which sees cleaned NFC text).
    words = text.split(None, 1)
    return words[0].casefold().rstrip(_WORD_END_MARKS) if words else ""


_CHROME_FIRST_WORDS: Final = frozenset(
    _first_word(unicodedata.normalize("NFC", entry)) for entry in _CHROME_ENTRIES
)

# Their first characters: a text whose first character (casefolded) is none of these does
# not start with one of them, decided without splitting the text. The marks ``_first_word``
# strips are included: stripping changes a word's first character only when it empties it.
_CHROME_INITIALS: Final = frozenset(
    {word[:1] for word in _CHROME_FIRST_WORDS} | set(_WORD_END_MARKS)
)

# ASCII characters that are not space and fold to no initial: a text opening with one is
# decided by one set lookup (most text opens with a letter, often an upper-case one).
NOT_INITIALS: Final = frozenset(
    char
    for char in map(chr, range(128))
    if not char.isspace() and char.casefold()[:1] not in _CHROME_INITIALS
)


def may_be_chrome_line(text: str) -> bool:
    """Cheap pre-check before the vocabulary's chrome matchers (False: certainly not chrome)."""
    return (
        len(text) <= CHROME_LINE_MAX_CHARS
        and text[:1] not in NOT_INITIALS
        and text.lstrip()[:1].casefold()[:1] in _CHROME_INITIALS
        and _first_word(text) in _CHROME_FIRST_WORDS
    )


def _literal_head(phrase: str) -> str:
    """The letters and digits (lower case) that open a phrase's ``CHROME_SUBSTRING``
    alternative: the pattern matches them literally, case-insensitively."""
    head = []
    for char in unicodedata.normalize("NFC", phrase):
        if not char.isalnum():
            break
        head.append(char)
    return "".join(head).lower()


_CHROME_HEADS: Final = frozenset(
    _literal_head(phrase)
    for table in (PLACEHOLDER_WORDS, FEEDBACK_LINES)
    for phrases in table.values()
    for phrase in phrases
)

# ASCII text holds a match only where it holds an ASCII head (a non-ASCII head cannot match
# it; for ASCII, str.lower() is the regex's case folding). An empty head (a phrase opening
# with punctuation) rules nothing out: then the filter is off (None).
_ASCII_CHROME_HEADS: Final = (
    None if "" in _CHROME_HEADS else tuple(sorted(h for h in _CHROME_HEADS if h.isascii()))
)


def may_hold_chrome(text: str) -> bool:
    """False when ``CHROME_SUBSTRING`` certainly finds nothing in ``text`` (cheap)."""
    if _ASCII_CHROME_HEADS is None or not text.isascii():
        return True
    lowered = text.lower()
    for head in _ASCII_CHROME_HEADS:  # noqa: SIM110 (a loop: any() and its generator cost 2x)
        if head in lowered:
            return True
    return False
