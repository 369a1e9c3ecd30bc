"""Step 1b, the attribute table: the key/value rows beside the title ("Difficulté |
Débutant", "Equipment: Mat, band") taken out of the block stream into typed fields.

Rows come in three forms, whatever the site's classes:

- ATTRIBUTE blocks: rows the HTML front end read structurally (a ``<dl>`` of properties, a
  ``<table>`` row, a label/value element pair), values already one per item or chip;
- key/value text rows ("Label: value", "Label | value" as a text rendering or a plain
  table row gives them): a run of such rows is a table when one of its labels is in the
  vocabulary (``attribute_field``): two of them, or one for a lone row outside the known
  sections ("Focus: keep the back flat" is a step under Instructions, "Muscle | Role" the
  column heads of a table of muscles);
- label/value line pairs (a copied table: "Difficulté" / "Débutant" / "Focus" / "Mobilité"):
  two or more pairs in a row whose labels are in the vocabulary.

Rows under a vocabulary label fill ``difficulty``, ``focus``, ``equipment``, ``sports``,
``categories``, ``muscles``; every other row of the table goes to ``attributes`` under its
label, never dropped. Values are as on the page, split at list separators.
"""

from __future__ import annotations

import re
from typing import Final

from .._blocks import Block, Kind
from ..vocabulary import attribute_field, canonical_section
from ._state import HEADING, ITEM, PARAGRAPH, QUESTION, is_question
from ._table import AttributeTable, split_values

__all__ = ["take_attributes"]

ATTRIBUTE: Final = Kind.ATTRIBUTE

#: A label is a few words ("Muscles ciblés"); a value a word or a short list.
LABEL_MAX_CHARS: Final = 40
VALUE_MAX_CHARS: Final = 120
LABEL_MAX_WORDS: Final = 4

_ROW_COLON: Final = re.compile(rf"^([^:：|]{{1,{LABEL_MAX_CHARS}}}?)\s*[:：]\s+(\S.*)$")
_ROW_CELLS: Final = re.compile(rf"^([^|]{{1,{LABEL_MAX_CHARS}}}?)\s+\|\s+([^|]+)$")
_SENTENCE_END: Final = (".", "!", "?", "…")


def take_attributes(blocks: list[Block]) -> tuple[list[Block], AttributeTable]:
    """The blocks without the attribute table's rows, and the table."""
    table = AttributeTable()
    if not any(block.kind is ATTRIBUTE for block in blocks) and not _may_hold_rows(blocks):
        return blocks, table
    taken: set[int] = set()
    for index, block in enumerate(blocks):
        if block.kind is ATTRIBUTE:
            values = list(block.values)
            if len(values) == 1 and attribute_field(block.text) != "difficulty":
                values = split_values(values[0])  # one cell: "Mat, band", "Yoga · Pilates"
            table.add(block.text, values)
            taken.add(index)
    _take_text_rows(blocks, table, taken)
    _take_line_pairs(blocks, table, taken)
    return [block for index, block in enumerate(blocks) if index not in taken], table


def _may_hold_rows(blocks: list[Block]) -> bool:
    """Cheap test first: some short block is a vocabulary label or starts like a row."""
    for block in blocks:
        text = block.text
        if len(text) <= LABEL_MAX_CHARS + VALUE_MAX_CHARS and (
            ":" in text or "：" in text or "|" in text or attribute_field(text) is not None
        ):
            return True
    return False


def _row(block: Block) -> tuple[str, str] | None:
    """(label, value) of a key/value text row, if the block is one."""
    if block.kind is not PARAGRAPH and block.kind is not ITEM:
        return None
    text = block.text
    if len(text) > LABEL_MAX_CHARS + VALUE_MAX_CHARS + 3:
        return None
    match = _ROW_CELLS.match(text) or _ROW_COLON.match(text)
    if match is None:
        return None
    label, value = match.group(1).strip(), match.group(2).strip()
    if (
        len(value) > VALUE_MAX_CHARS
        or len(label.split()) > LABEL_MAX_WORDS
        or label.endswith(_SENTENCE_END)
        or canonical_section(label) is not None
    ):
        return None
    return label, value


def _take_text_rows(blocks: list[Block], table: AttributeTable, taken: set[int]) -> None:
    section: str | None = None
    run: list[tuple[int, str, str]] = []
    for index, block in enumerate(blocks):
        row = None if index in taken else _row(block)
        if row is not None:
            run.append((index, *row))
            continue
        _close_run(run, section, table, taken)
        run = []
        if block.kind is HEADING or block.kind is QUESTION:
            section = canonical_section(block.text)
    _close_run(run, section, table, taken)


def _close_run(
    run: list[tuple[int, str, str]], section: str | None, table: AttributeTable, taken: set[int]
) -> None:
    known = sum(1 for _, label, _ in run if attribute_field(label) is not None)
    # Two vocabulary labels make a table; one will do only for a lone row outside the known
    # sections ("Difficulty: Beginner" under the title). A table whose first row merely
    # names its columns ("Muscle | Role" / "Glutes | Prime mover") has one.
    if known < 2 and not (known == 1 and len(run) == 1 and section is None):
        return
    for index, label, value in run:
        name = attribute_field(label)
        table.add(label, [value] if name == "difficulty" else split_values(value))
        taken.add(index)


def _take_line_pairs(blocks: list[Block], table: AttributeTable, taken: set[int]) -> None:
    """Runs of (label, one short value) line pairs with two vocabulary labels or more; a
    pair under another label counts only between two such pairs ("Durée" / "2 min")."""
    index = 0
    while index < len(blocks) - 1:
        pairs: list[tuple[int, bool]] = []
        at = index
        while at < len(blocks) - 1 and (known := _pair_label(blocks, at, taken)) is not None:
            pairs.append((at, known))
            at += 2
        while pairs and not pairs[-1][1]:
            pairs.pop()  # the run ends with its last vocabulary row
        if pairs and pairs[0][1] and sum(known for _, known in pairs) >= 2:
            for start, _ in pairs:
                label, value = blocks[start].text, blocks[start + 1].text
                is_single = attribute_field(label) == "difficulty"
                table.add(label, [value] if is_single else split_values(value))
                taken.update((start, start + 1))
            index = pairs[-1][0] + 2
        else:
            index += 1


def _pair_label(blocks: list[Block], at: int, taken: set[int]) -> bool | None:
    """Whether ``blocks[at]`` and the next form a label/value pair: True under a vocabulary
    label, False under another short label, None when they are no pair."""
    label, value = blocks[at], blocks[at + 1]
    if at in taken or at + 1 in taken or label.kind not in (HEADING, PARAGRAPH, ITEM):
        return None
    if label.kind is HEADING and label.level < 7:
        return None  # a real heading opens a section; a copied table cell is a plain line
    text = label.text
    if (
        len(text) > LABEL_MAX_CHARS
        or len(text.split()) > LABEL_MAX_WORDS
        or text.endswith(_SENTENCE_END)
        or canonical_section(text) is not None
        or value.kind not in (PARAGRAPH, ITEM)
        or len(value.text) > VALUE_MAX_CHARS
        or attribute_field(value.text) is not None
        or canonical_section(value.text) is not None
        or is_question(value)
        or value.text.endswith(_SENTENCE_END[:1])
    ):
        return None
    return attribute_field(text) is not None
