"""Steps written as prose: "1) Lie down. 2) Lift your hips. 3) Lower slowly." -> three steps.

Sites write steps in more ways than lists: one paragraph whose sentences are numbered
inline ("1) ... 2) ...", "1. ... 2. ...", "(1) ... (2) ...", "Step 1: ... Step 2: ...",
"Étape 1 ...", "Schritt 1 ..."; step words from the vocabulary). Such a paragraph is split
into its steps, and only such a paragraph: the markers must open sentences (the start of
the paragraph, or after a sentence's end), be written alike, and count 1, 2, 3... without
a gap, at least two of them. Numbers inside prose ("hold for 1 to 2 minutes", "3 sets of
10", "1.5 kg", "on 12.03.2024", "page 2. Then") never open a run. Text before the first
marker (an intro, "Follow these steps:") is kept as the first item. Pure functions, shared
by both front ends and the assembler.
"""

from __future__ import annotations

import re
from typing import Final

from .vocabulary import STEP_LABELS

__all__ = ["split_inline_steps"]

_STEP_WORDS: Final = "|".join(
    re.escape(word)
    for word in sorted({w for words in STEP_LABELS.values() for w in words}, key=len)[::-1]
)
# A marker: "1)", "1.", "(1)", "1:" before a word; "Step 1", "Step 1:", "Step 1 -", "Step 1."
_MARKER: Final = re.compile(
    rf"""(?:
        (?P<open>\()?(?P<number>\d{{1,2}})(?P<close>[.):])(?=[ \t]+(?P<next>\S))
      | (?P<word>(?i:{_STEP_WORDS}))[ \t]*(?P<word_number>\d{{1,2}})
        (?P<word_close>[ \t]*[:.)\-–—])?(?=[ \t]+\S)
    )""",
    re.VERBOSE,
)
# What ends the sentence before a marker (closing quotes and brackets may follow it).
_SENTENCE_END: Final = frozenset(".!?:;…")
_CLOSERS: Final = frozenset("\"'”’»)]")
_MIN_STEPS: Final = 2
_TWO_DIGITS: Final = re.compile(r"\d\D*\d")


def split_inline_steps(text: str) -> list[str] | None:
    """The steps of a paragraph numbered inline (intro first, numbering removed), or None
    when it is not one."""
    if _TWO_DIGITS.search(text) is None:
        return None  # (the common case: running text without two numbers, at C speed)
    markers = [
        match
        for match in _MARKER.finditer(text)
        if _opens_sentence(text, match.start()) and _opens_step(match)
    ]
    chain = _longest_run(markers)
    if len(chain) < _MIN_STEPS:
        return None
    pieces = [text[: chain[0].start()]]
    pieces += [
        text[marker.end() : following.start() if following is not None else len(text)]
        for marker, following in zip(chain, [*chain[1:], None], strict=True)
    ]
    steps = [" ".join(pieces[0].split())]
    steps += [" ".join(piece.split()).strip(" -–—:") for piece in pieces[1:]]
    if not all(any(char.isalpha() for char in step) for step in steps[1:]):
        return None  # "1. 2. 3." with nothing between: not steps
    return [step for step in steps if any(char.isalnum() for char in step)]


def _opens_sentence(text: str, start: int) -> bool:
    """At the start of the text, or after whitespace following a sentence's end."""
    before = text[:start].rstrip()
    if not before:
        return True
    if before == text[:start]:
        return False  # no space before the marker: "A1)" or "x(1)"
    while before and before[-1] in _CLOSERS:
        before = before[:-1]
    return bool(before) and before[-1] in _SENTENCE_END


def _opens_step(marker: re.Match[str]) -> bool:
    """ "1." and "1:" are followed by a word ("1. 5 kg" is no step); "1)", "(1)" and a
    step word may be followed by a number ("2) 10 squats")."""
    following = marker.group("next")
    return following is None or marker.group("close") == ")" or not following.isdigit()


def _style(marker: re.Match[str]) -> tuple[str, ...]:
    if marker.group("word") is not None:
        # Written alike, case too: "Step 1 ... Step 2 ... step 3 again" has two steps.
        return ("word", marker.group("word"))
    return ("number", marker.group("open") or "", marker.group("close"))


def _number(marker: re.Match[str]) -> int:
    return int(marker.group("number") or marker.group("word_number"))


def _longest_run(markers: list[re.Match[str]]) -> list[re.Match[str]]:
    """The longest run of markers of one style numbered 1, 2, 3... in order."""
    best: list[re.Match[str]] = []
    for index, first in enumerate(markers):
        if _number(first) != 1:
            continue
        style = _style(first)
        run = [first]
        for marker in markers[index + 1 :]:
            if _style(marker) == style and _number(marker) == len(run) + 1:
                run.append(marker)
        if len(run) > len(best):
            best = run
    return best
