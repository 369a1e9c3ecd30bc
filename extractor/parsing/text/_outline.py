"""Sub-headings of the Instructions in a text rendering, told by structure.

"Instructions" (or "How to perform") directly followed by a heading line and its
steps ("Starting position" / bullets / "Movement" / bullets) is one list of steps in
phases, as ``<h2>Instructions</h2><h3>Starting position</h3>...`` is in HTML. Text
has no heading levels, so the nesting is told by structure: a heading line that
comes right under the section heading, before any step, and has content of its
own opens the phases; each later heading line of the same shape (indentation,
Markdown emphasis, trailing colon, capitals) with content of its own is the next
phase. A heading line of another shape, or one after steps that did not start
with a phase, is a section of its own (it may be "Equipment": text cannot tell).

The nesting is handed to the assembler as heading levels, the way the HTML front
end does: the sub-headings one level below their section (the assembler reads a
deeper heading inside Instructions as part of it and names it in a warning).
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from typing import Final

from .._blocks import Block, Kind
from ..vocabulary import canonical_section

__all__ = ["SUBHEADED_SECTIONS", "nest_subheadings"]

#: Sections whose phases are headed ("Starting position"), as the assembler reads them.
SUBHEADED_SECTIONS: Final = frozenset({"instructions"})
#: The level of a heading a text rendering infers (a line's shape, a bold-only line).
TEXT_HEADING_LEVEL: Final = 7
#: The levels given when a page of text headings gets nested ones: sections and phases.
SECTION_LEVEL: Final = 5
PHASE_LEVEL: Final = SECTION_LEVEL + 1
_DEEPEST_LEVEL: Final = 6
_CONTENT: Final = (Kind.ITEM, Kind.PARAGRAPH)


def nest_subheadings(blocks: list[Block], shapes: Mapping[int, Hashable]) -> list[Block]:
    """The blocks with the phases of each Instructions section made sub-headings (module
    docstring). ``shapes`` gives each inferred heading's shape, by ``id`` of its block."""
    phases = _phases(blocks, shapes)
    if not phases:
        return blocks
    headed = any(1 < block.level <= _DEEPEST_LEVEL for block in blocks if _is_heading(block))
    result = list(blocks)
    for index, section in phases.items():
        level = result[section].level
        if headed and level < _DEEPEST_LEVEL:
            # A Markdown page ("## Instructions"): its bold-only phases one level deeper.
            result[index] = _with_level(result[index], level + 1)
    if headed:
        return result
    # Every heading of the page is inferred (level 7, all alike): sections get one level,
    # the phases the next, so the phases nest and every other heading still opens its own.
    return [
        _with_level(block, PHASE_LEVEL if index in phases else SECTION_LEVEL)
        if _is_heading(block) and block.level == TEXT_HEADING_LEVEL
        else block
        for index, block in enumerate(result)
    ]


def _phases(blocks: Sequence[Block], shapes: Mapping[int, Hashable]) -> dict[int, int]:
    """Index of each phase heading -> index of its section heading."""
    phases: dict[int, int] = {}
    for section, block in enumerate(blocks):
        if not _is_heading(block) or canonical_section(block.text) not in SUBHEADED_SECTIONS:
            continue
        first = section + 1
        if not _is_phase(blocks, first):
            continue
        shape = shapes.get(id(blocks[first]))
        phases[first] = section
        for index in range(first + 1, len(blocks)):
            if not _is_heading(blocks[index]):
                continue
            if shapes.get(id(blocks[index])) != shape or not _is_phase(blocks, index):
                break
            phases[index] = section
    return phases


def _is_heading(block: Block) -> bool:
    return block.kind is Kind.HEADING


def _is_phase(blocks: Sequence[Block], index: int) -> bool:
    """An inferred heading outside the vocabulary, not a question, followed by content."""
    if index + 1 >= len(blocks):
        return False
    block = blocks[index]
    return (
        _is_heading(block)
        and block.level == TEXT_HEADING_LEVEL
        and not block.links
        and canonical_section(block.text) is None
        and not block.text.rstrip().endswith(("?", "？"))
        and blocks[index + 1].kind in _CONTENT
    )


def _with_level(block: Block, level: int) -> Block:
    return Block(block.kind, block.text, level=level, links=block.links, video=block.video)
