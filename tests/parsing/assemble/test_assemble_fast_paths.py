"""The assembler's fast paths decide exactly what the slow paths they spare would decide.

Each shortcut (a first-character set, a mark no chrome match lacks, an already-folded key, a
byte table) is derived from vocabulary tables or patterns another edit may change: these
properties hold for any text, so a change a shortcut no longer covers fails here, not
silently on a page.
"""

from __future__ import annotations

import sys
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from extractor._models import FaqItem
from extractor.parsing._blocks import PageContent
from extractor.parsing._cleaning import _may_hold_chrome_inside, is_chrome_text, remove_chrome
from extractor.parsing.assemble._merge import _question_key, merge_jsonld
from extractor.parsing.assemble._state import NON_WORD, Draft, word_runs
from extractor.parsing.vocabulary._match import (
    _FEEDBACK_INITIALS,
    _FEEDBACK_NON_INITIALS,
    _PLACEHOLDER_INITIALS,
    _PLACEHOLDER_NON_INITIALS,
    CHROME_SUBSTRING,
    FEEDBACK_LINES,
    PLACEHOLDER_WORDS,
    SCRIPT_NOTICES,
    _cannot_start_key,
    normalise_key,
)

FAST = settings(max_examples=300, deadline=None)

# Text near the vocabulary: its phrases, cased and spaced oddly, among ordinary words.
_PHRASES = [
    p for table in (FEEDBACK_LINES, PLACEHOLDER_WORDS, SCRIPT_NOTICES) for ps in table.values()
    for p in ps
]  # fmt: skip
_PIECES = st.sampled_from(
    [*_PHRASES, *(p.upper() for p in _PHRASES), "...", "..", ". .", "…", "?", "？", "!", " ",
     "  ", "\n", "\t", "\u00a0", "\u3000", "\x1f", ":", "(", ")", "«", "Quad", "calf", "wait",
     "é", "e\u0301", "ß", "ſ", "K", "_", "x_y", "3", "٣", "How long"]
)  # fmt: skip
_TEXTS = st.one_of(st.text(max_size=120), st.lists(_PIECES, max_size=8).map("".join))
_WHITESPACE = [chr(code) for code in range(sys.maxunicode + 1) if chr(code).isspace()]


def test_no_whitespace_character_is_a_word_character_or_printable_but_space() -> None:
    # What the two split()-based shortcuts rest on, checked over every code point: split()
    # cuts only where NON_WORD put a space, and a printable key holds no whitespace but " ".
    assert [char for char in _WHITESPACE if not NON_WORD.match(char)] == []
    assert [char for char in _WHITESPACE if char != " " and char.isprintable()] == []


@FAST
@given(_TEXTS)
def test_normalise_key_skips_only_a_split_that_changes_nothing(text: str) -> None:
    folded = unicodedata.normalize("NFC", text).casefold()
    assert normalise_key(text) == " ".join(folded.split()).rstrip(" :：.")


@FAST
@given(_TEXTS)
def test_word_runs_are_the_runs_the_pattern_separates(text: str) -> None:
    assert word_runs(text) == NON_WORD.sub(" ", text).split()
    assert _question_key(text) == NON_WORD.sub(" ", normalise_key(text)).strip()


@FAST
@given(_TEXTS)
def test_first_character_sets_imply_the_initials_test(text: str) -> None:
    for non_initials, initials in (
        (_FEEDBACK_NON_INITIALS, _FEEDBACK_INITIALS),
        (_PLACEHOLDER_NON_INITIALS, _PLACEHOLDER_INITIALS),
    ):
        if text[:1] in non_initials and text.isascii():
            assert _cannot_start_key(text, initials)


@FAST
@given(_TEXTS)
def test_text_without_an_ellipsis_or_feedback_mark_holds_no_chrome_match(text: str) -> None:
    if not _may_hold_chrome_inside(text):
        assert CHROME_SUBSTRING.search(text) is None
        # ... so remove_chrome keeps it whole unless it is chrome as a whole.
        assert remove_chrome(text) == ("" if is_chrome_text(text) else text)


_QUESTIONS = st.sampled_from(
    ["How long?", "how long ?", "How long", "How  long?!", "How far?", "Why?", "why", "Who?",
     "¿Por qué?", "?", "Q_1"]
)  # fmt: skip
_PAIRS = st.lists(_QUESTIONS.map(lambda q: FaqItem(question=q, answer="A.")), max_size=5)


@FAST
@given(_PAIRS, _PAIRS)
def test_jsonld_faq_merge_skips_by_question_key(dom: list[FaqItem], jsonld: list[FaqItem]) -> None:
    draft = Draft(faq=list(dom))
    merge_jsonld(draft, PageContent(jsonld_faq=jsonld))
    # The rule the word-for-word shortcut spares: a pair is appended when its question's key
    # is neither empty nor a key seen before.
    expected = list(dom)
    known = {_question_key(item.question) for item in dom}
    for item in jsonld:
        key = _question_key(item.question)
        if key and key not in known:
            known.add(key)
            expected.append(item)
    assert draft.faq == expected
