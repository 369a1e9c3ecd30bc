"""A FAQ question and its answer on one line of a text rendering, split in two.

"How often should I train? Two to three times a week." is a question and its
answer when it sits in the page's FAQ: the assembler pairs a question paragraph
with the paragraphs after it, so the line becomes two paragraphs. The FAQ is

- the part of the page under a FAQ heading (up to the next section heading);
- in a page without one, the part after a question line answered by the next
  paragraph (the unheaded FAQ, as on the seed page) - unless that question opens
  its section (a rhetorical "Why side lunges?" opening a description);
- a run of two or more such one-line pairs, wherever it is.

A line outside the FAQ is never split: "Why side lunges? Most training happens
front to back." in a description is the description.

Where the question ends: at the first "?" outside quotes that is followed by an
answer sentence (starting in capitals or with a digit). A question of several
sentences ("Is it safe? What about my knees? Yes, if ...") runs to the last "?"
of its leading questions; a line of questions only has no answer and is not split.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Final

from .._blocks import Block, Kind, Link
from ..vocabulary import canonical_section

__all__ = ["split_inline_answers", "split_question"]

#: A question (and so a question line) is no longer than this.
QUESTION_MAX_CHARS: Final = 200
#: A question has at least this many words ("Why?" alone opens running text).
QUESTION_MIN_WORDS: Final = 2
#: This many one-line pairs in a row are a FAQ even without a heading.
PAIR_RUN_MIN: Final = 2

_QUESTION_MARKS: Final = frozenset("?？")
_STATEMENT_END: Final = re.compile(r"[.!…](?=\s|$)")
# Quotes that open and close: inside them a "?" belongs to a quotation.
_OPENING_QUOTES: Final = frozenset("“„«")
_CLOSING_QUOTES: Final = frozenset("”»")


def split_question(text: str) -> tuple[str, str] | None:
    """ "How long? Ten seconds." -> ("How long?", "Ten seconds."); None when the text is
    not a question followed by its answer (module docstring)."""
    end: int | None = None
    start = 0
    for mark in _question_marks(text):
        if end is not None and _STATEMENT_END.search(text, start, mark):
            break  # a statement since the last "?": the answer has started
        if end is None and _STATEMENT_END.search(text, 0, mark):
            return None  # a statement before the first "?": running text
        end, start = mark, mark + 1
    if end is None:
        return None
    question, answer = text[: end + 1].strip(), text[end + 1 :].strip()
    if (
        len(question) > QUESTION_MAX_CHARS
        or len(question.split()) < QUESTION_MIN_WORDS
        or not _starts_sentence(answer)
        or answer.endswith(tuple(_QUESTION_MARKS))
    ):
        return None
    return question, answer


def _question_marks(text: str) -> list[int]:
    """Positions of "?" outside quotes and followed by a space (so not "?!" or "?”")."""
    marks = []
    straight = False
    curly: list[str] = []
    for index, char in enumerate(text):
        if char == '"':
            straight = not straight
        elif char == "“" and curly and curly[-1] == "„":
            curly.pop()  # German quotes: „...“
        elif char in _OPENING_QUOTES:
            curly.append(char)
        elif char in _CLOSING_QUOTES and curly:
            curly.pop()
        elif (
            char in _QUESTION_MARKS
            and not straight
            and not curly
            and text[index + 1 : index + 2].isspace()
        ):
            marks.append(index)
    return marks


def _starts_sentence(text: str) -> bool:
    """An answer sentence starts with a capital or a digit (after an opening quote)."""
    stripped = text.lstrip("\"'“„«(")
    return bool(stripped) and (stripped[0].isupper() or stripped[0].isdigit())


def _is_question_line(block: Block) -> bool:
    return (
        block.kind is Kind.PARAGRAPH
        and len(block.text) <= QUESTION_MAX_CHARS
        and block.text.rstrip()[-1:] in _QUESTION_MARKS
    )


def _faq_region(blocks: Sequence[Block], splits: Sequence[tuple[str, str] | None]) -> list[bool]:
    """For each block, whether it is in the page's FAQ (module docstring)."""
    region = [False] * len(blocks)
    in_faq = False
    opens_section = True
    for index, block in enumerate(blocks):
        if block.kind is Kind.HEADING:
            canonical = canonical_section(block.text)
            if canonical is not None:
                in_faq = canonical == "faq"
            opens_section = True
            region[index] = in_faq
            continue
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        if (
            not opens_section
            and _is_question_line(block)
            and following is not None
            and following.kind in (Kind.PARAGRAPH, Kind.ITEM)
            and not _is_question_line(following)
        ):
            in_faq = True  # an answered question line: the unheaded FAQ starts here
        region[index] = in_faq
        opens_section = opens_section and block.kind is Kind.PLACEHOLDER
    index = 0
    while index < len(blocks):
        end = index
        while end < len(blocks) and splits[end] is not None:
            end += 1
        if end - index >= PAIR_RUN_MIN:
            region[index:end] = [True] * (end - index)
        index = end + 1
    return region


def split_inline_answers(blocks: list[Block]) -> list[Block]:
    """The blocks with each one-line question and answer in the FAQ split in two."""
    splits = [
        split_question(block.text) if block.kind is Kind.PARAGRAPH else None for block in blocks
    ]
    if not any(splits):
        return blocks
    region = _faq_region(blocks, splits)
    result: list[Block] = []
    for block, split, in_faq in zip(blocks, splits, region, strict=True):
        if split is None or not in_faq:
            result.append(block)
            continue
        question, answer = split
        result.append(Block(Kind.PARAGRAPH, question, links=_links_in(block.links, question)))
        answer_links = tuple(link for link in block.links if not _in(link, question))
        result.append(Block(Kind.PARAGRAPH, answer, links=answer_links))
    return result


def _in(link: Link, text: str) -> bool:
    return (bool(link.text) and link.text in text) or link.url in text


def _links_in(links: tuple[Link, ...], text: str) -> tuple[Link, ...]:
    return tuple(link for link in links if _in(link, text))
