"""FAQ detection: where a section's FAQ part starts (a structural question, or a
question-shaped paragraph that an answer follows).
"""

from __future__ import annotations

from typing import Final

from .._blocks import Block
from ._state import ANSWER, ITEM, PARAGRAPH, QUESTION, is_question

__all__ = ["faq_start"]

_ANSWER_KINDS: Final = (PARAGRAPH, ANSWER, ITEM)


def faq_start(
    blocks: list[Block], *, weak_questions: bool = True, opens_section: bool = False
) -> int:
    """Index of the first block of the section's FAQ part (len(blocks) when there is none).

    A structural QUESTION always starts it. A question-shaped paragraph followed by an
    answer (the seed page's unheaded FAQ) does only when ``weak_questions``; and when it
    opens a section (``opens_section``: the first block under a Description heading, no
    placeholder before it) only if another question follows: a single question opening
    a section is rhetorical ("Why hang at all?" then the description's prose).
    """
    for index, block in enumerate(blocks):
        if block.kind is QUESTION:
            return index
        if (
            weak_questions
            and _weak_question(blocks, index)
            and (index or not opens_section or _any_question(blocks, start=1))
        ):
            return index
    return len(blocks)


def _weak_question(blocks: list[Block], index: int) -> bool:
    block = blocks[index]
    return block.kind is PARAGRAPH and is_question(block) and _answered(blocks, index)


def _any_question(blocks: list[Block], *, start: int) -> bool:
    return any(
        blocks[index].kind is QUESTION or _weak_question(blocks, index)
        for index in range(start, len(blocks))
    )


def _answered(blocks: list[Block], index: int) -> bool:
    """Whether the question paragraph at ``index`` is followed by an answer (not a question)."""
    if index + 1 >= len(blocks):
        return False
    following = blocks[index + 1]
    return following.kind in _ANSWER_KINDS and not (
        following.kind is PARAGRAPH and is_question(following)
    )
