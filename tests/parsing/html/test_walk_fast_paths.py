"""The walker's fast paths decide exactly what the slow paths they spare would decide.

Each shortcut (a first-character filter, a libxml2 text read, an already-folded string) is
derived from vocabulary tables another edit may extend: these properties hold for any text,
so a new entry that a shortcut no longer covers fails here, not silently on a page.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from extractor.parsing._cleaning import _BULLET, clean_text, split_bullet
from extractor.parsing.html._chrome_lines import (
    _CHROME_FIRST_WORDS,
    _CHROME_INITIALS,
    CHROME_LINE_MAX_CHARS,
    _first_word,
    may_be_chrome_line,
    may_hold_chrome,
)
from extractor.parsing.html._dom import parse_document
from extractor.parsing.html._widgets import raw_text
from extractor.parsing.vocabulary._match import CHROME_SUBSTRING, FEEDBACK_LINES, PLACEHOLDER_WORDS

FAST = settings(max_examples=300, deadline=None)

# Text near the vocabulary: its phrases, cased and spaced oddly, among ordinary words.
_PHRASES = [p for table in (FEEDBACK_LINES, PLACEHOLDER_WORDS) for ps in table.values() for p in ps]
_PIECES = st.sampled_from(
    [*_PHRASES, *(p.upper() for p in _PHRASES), "...", "…", "?", " ", "  ", "\n", "\t", "Step 2:",
     "1.", "(3)", "• ", "- ", "Quad", "loading", "wait", "é", "\u00a0", "\x1f", "\x7f", "ſ", "K"]
)  # fmt: skip
_TEXTS = st.one_of(st.text(max_size=120), st.lists(_PIECES, max_size=8).map("".join))


@FAST
@given(_TEXTS)
def test_chrome_prefilter_never_hides_a_match(text: str) -> None:
    if CHROME_SUBSTRING.search(text) is not None:
        assert may_hold_chrome(text)


@FAST
@given(_TEXTS)
def test_chrome_line_precheck_is_the_full_test(text: str) -> None:
    full = (
        len(text) <= CHROME_LINE_MAX_CHARS
        and text.lstrip()[:1].casefold()[:1] in _CHROME_INITIALS
        and _first_word(text) in _CHROME_FIRST_WORDS
    )
    assert may_be_chrome_line(text) is full


@FAST
@given(_TEXTS)
def test_bullet_shortcut_agrees_with_the_pattern(text: str) -> None:
    match = _BULLET.match(text)
    expected = (False, text.strip()) if match is None else (True, text[match.end() :].strip())
    assert split_bullet(text) == expected


@FAST
@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=80))
def test_folded_ascii_text_is_returned_as_split_and_join_would_build_it(text: str) -> None:
    text = text.replace("&", "")  # entities are another step
    assert clean_text(text) == " ".join(text.split())


@FAST
@given(st.lists(st.sampled_from(["<p>", "</p>", "<b>", "</b>", "x ", "&amp;", "<br>", "<!-- c -->",
                                 "<script>a<b</script>", "é", "<li>", "<td>", " ", "\n"]),
                max_size=30).map("".join))  # fmt: skip
def test_raw_text_is_the_joined_text_iterator(markup: str) -> None:
    root = parse_document(f"<html><body><div>{markup}</div></body></html>")
    assert root is not None
    for element in root.iter(etree.Element):
        assert raw_text(element) == "".join(element.itertext())
