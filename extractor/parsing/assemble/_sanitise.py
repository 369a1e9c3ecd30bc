"""Step 1, sanitise: chrome blocks become placeholders or disappear (loading text, feedback
lines split over two blocks, copyright notices, the page's own address, emoji on headings).
"""

from __future__ import annotations

import re
from typing import Final

from .._blocks import Block
from .._cleaning import strip_decoration
from ..vocabulary import (
    is_copyright_line,
    is_feedback_line,
    is_feedback_prompt,
    is_placeholder,
)
from ._state import HEADING, PARAGRAPH, PLACEHOLDER, QUESTION, QUESTION_END, VIDEO, url_key

__all__ = ["sanitise", "without_own_address"]

#: The first half of a feedback line ("Vous avez trouvé des erreurs ?") is no longer.
FEEDBACK_HALF_MAX_CHARS: Final = 60


def sanitise(blocks: list[Block]) -> list[Block]:
    """Placeholder text in any block becomes a PLACEHOLDER; feedback lines and empty blocks go.

    Block text is clean by contract (``_blocks.Block``), so only the ends are trimmed.
    """
    result = []
    split_feedback = _split_feedback_lines(blocks)
    for index, block in enumerate(blocks):
        if index in split_feedback:
            continue
        kind = block.kind
        text = block.text.strip()
        if kind is VIDEO:
            if block.video is not None:
                result.append(block)
        elif kind is PLACEHOLDER or is_placeholder(text):
            result.append(Block(PLACEHOLDER, text))
        elif text and not is_feedback_line(text):
            if kind is PARAGRAPH and _is_copyright_notice(text):
                continue  # a footer without <footer>: "<div class=bg-dark><p>© 2026 ..."
            if kind is HEADING or kind is QUESTION:
                # "🏋️ Goblet squat", "❓ How long?": the icons are not part of the title.
                text = strip_decoration(text)
                if not text:
                    continue  # a heading that is only an emoji separates nothing
            result.append(block if text == block.text else _with_text(block, text))
    return result


# "(c)" opens an enumerated step ("(c) Lower the bar") as often as a notice: only with a year.
_ENUMERATION_C: Final = re.compile(r"\(c\)\s*(?!(?:19|20)\d\d\b)", re.IGNORECASE)


def _is_copyright_notice(text: str) -> bool:
    """A site footer's copyright line ("© 2026 FitMetrics AG · Privacy · Terms", "... All
    rights reserved."), which a ``<div>``-built footer leaves in the content's flow."""
    return is_copyright_line(text) and _ENUMERATION_C.match(text.lstrip()) is None


def without_own_address(blocks: list[Block], page_urls: tuple[str | None, ...]) -> list[Block]:
    """Without paragraphs that are only the page's own address (a print version prints
    it under the title): the record's ``url`` holds it already."""
    candidates = [
        index
        for index, block in enumerate(blocks)
        if block.kind is PARAGRAPH
        and block.text.startswith(("http://", "https://"))
        and " " not in block.text
    ]
    if not candidates:
        return blocks  # the common case: no bare address, no URL to normalise
    keys = {url_key(url) for url in page_urls if url}
    own = {index for index in candidates if url_key(blocks[index].text) in keys}
    return [block for index, block in enumerate(blocks) if index not in own]


def _split_feedback_lines(blocks: list[Block]) -> set[int]:
    """Indexes of the two halves of a feedback line split over two blocks ("Found errors?"
    in one element or line, "Tell us!" in the next), or of its prompt half alone: neither
    is a question or an answer.

    Every feedback line's first half ends with "?": only such short blocks are checked.
    """
    found: set[int] = set()
    for index, block in enumerate(blocks):
        text = block.text.rstrip()
        if len(text) > FEEDBACK_HALF_MAX_CHARS or not text.endswith(QUESTION_END):
            continue
        following = blocks[index + 1].text if index + 1 < len(blocks) else ""
        if following and is_feedback_line(f"{text} {following}"):
            found.update((index, index + 1))
        elif is_feedback_prompt(text):
            found.add(index)  # its "Tell us!" half was a button, dropped as a control
    return found


def _with_text(block: Block, text: str) -> Block:
    return Block(
        block.kind, text, level=block.level, links=block.links, video=block.video,
        values=block.values,
    )  # fmt: skip
