"""Step 2a, the name: the name heading, else the page ``<title>`` without its site name."""

from __future__ import annotations

from .._blocks import Block
from .._cleaning import clean_text, remove_chrome
from .._titles import strip_site_suffix
from ..vocabulary import (
    canonical_section,
)
from ._state import HEADING, is_question, section_of

__all__ = ["find_name"]


def find_name(
    blocks: list[Block], title_hint: str | None, page_url: str | None = None
) -> tuple[int | None, str | None]:
    """(index of the name heading or None, name): the first level-1 heading, else the first
    heading before any section, else the page title without its site name."""
    for index, block in enumerate(blocks):
        if block.kind is HEADING and block.level == 1 and _can_be_name(block.text):
            return index, block.text
    for index, block in enumerate(blocks):
        if section_of(block) is not None:
            break
        if block.kind is HEADING and _can_be_name(block.text) and not is_question(block):
            return index, block.text
    if title_hint:
        title = strip_site_suffix(clean_text(title_hint), page_url)
        if _can_be_name(title):
            return None, title
    return None, None


def _can_be_name(text: str) -> bool:
    return bool(remove_chrome(text)) and canonical_section(text) is None
