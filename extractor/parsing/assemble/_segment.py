"""Step 2b, segmentation: the block stream cut into sections at every section heading.

Vocabulary headings open known sections; other headings open extra sections, except
question headings (kept inside the current section as questions), sub-headings of the
instructions, bold emphasis inside a real section and linked card titles under
Programs/Videos.
"""

from __future__ import annotations

from typing import Final

from .._blocks import Block
from ..vocabulary import (
    MEDIA_SECTIONS,
)
from ._state import HEADING, ITEM, PARAGRAPH, QUESTION, Section, is_question, section_of

__all__ = ["segment"]

#: Sections whose deeper headings are phases of the section ("Starting position").
SUBHEADED_SECTIONS: Final = ("instructions",)


def segment(blocks: list[Block], *, skip: int | None) -> list[Section]:
    """Cut the stream into sections; the first one is the preamble (before any heading)."""
    current = Section(title="", canonical=None, level=0, is_preamble=True)
    sections = [current]
    for index, block in enumerate(blocks):
        if index == skip:
            continue
        canonical = section_of(block)
        if canonical is not None:
            level = block.level if block.kind is HEADING else 7
            current = Section(title=block.text, canonical=canonical, level=level)
            sections.append(current)
        elif block.kind is not HEADING:  # text, a question, a placeholder, a video
            if skip is not None and index < skip and _is_link_only(block):
                continue  # links above the title: navigation ("Programs · Videos", "Back")
            current.blocks.append(block)
        elif _heading_is_question(block, current):
            if current.question_level is None:
                current.question_level = block.level
            current.blocks.append(Block(QUESTION, block.text, links=block.links))
        elif block.links and current.canonical in MEDIA_SECTIONS:
            # A card's linked title ("<a class=card><h5>Posterior chain</h5>...</a>") under
            # Programs/Videos is one entry of that section, not a section of its own.
            current.blocks.append(block)
        elif _is_subheading(block, current):
            current.subheadings.append(block.text)
        elif _is_emphasis(block, current):
            current.blocks.append(Block(PARAGRAPH, block.text, links=block.links))
        else:
            current = Section(title=block.text, canonical=None, level=block.level)
            sections.append(current)
    return sections


def _is_emphasis(block: Block, current: Section) -> bool:
    """A weak heading cue (a bold-only line, level 7) outside the vocabulary, inside a
    section opened by a real ``<h1>``-``<h6>``: emphasis within that section ("<p><strong>
    Core strength</strong></p>" in a Description), not a section of its own. Pages whose
    every heading is bold keep their bold lines as headings (their sections are level 7)."""
    return block.level == 7 and not current.is_preamble and current.level < 7


def _is_subheading(block: Block, current: Section) -> bool:
    """A heading outside the vocabulary nested deeper than the Instructions heading
    ("<h2>Instructions</h2><h3>Starting position</h3><ul>...<h3>Movement</h3><ol>..."):
    phases of the one list of steps, not sections of their own. Instructions only: under
    other headings a deeper heading is as often a new topic ("Equipment"); and real
    heading levels only (a bold line may be a step of its own)."""
    return (
        current.canonical in SUBHEADED_SECTIONS
        and not current.is_preamble
        and current.level < block.level <= 6
    )


def _is_link_only(block: Block) -> bool:
    """A block whose words are all link text (a row of navigation links)."""
    if not block.links or block.kind not in (PARAGRAPH, ITEM):
        return False
    rest = block.text
    for link in block.links:
        rest = rest.replace(link.text, " ", 1) if link.text else rest
    return not any(char.isalnum() for char in rest)


def _heading_is_question(block: Block, current: Section) -> bool:
    """A heading ending with "?" is a FAQ question; inside an explicit FAQ section, so is
    any heading nested deeper than the FAQ heading, and any heading at the level of the
    section's questions (a builder that styles the FAQ title and its toggles alike, e.g.
    Elementor's title divs: "How long should I hold it?" then "Is it bad for the knees")."""
    if is_question(block):
        return True
    if current.canonical != "faq":
        return False
    return block.level > current.level or block.level == current.question_level
