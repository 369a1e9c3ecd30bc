"""Step 2a, the name: the name heading, else the page ``<title>`` without its site name."""

from __future__ import annotations

import re
from typing import Final
from urllib.parse import urlsplit

from .._blocks import Block
from .._cleaning import clean_text, remove_chrome
from ..vocabulary import (
    canonical_section,
)
from ._state import HEADING, NON_WORD, is_question, section_of

__all__ = ["find_name"]

# " | Site", " - Site", " – Site" at the end of a <title>.
_TITLE_PIPE: Final = re.compile(r"\s+[|｜]\s+")
_TITLE_DASH: Final = re.compile(r"\s+[-–—·]\s+")


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
        title = _strip_site_suffix(clean_text(title_hint), page_url)
        if _can_be_name(title):
            return None, title
    return None, None


def _can_be_name(text: str) -> bool:
    return bool(remove_chrome(text)) and canonical_section(text) is None


def _strip_site_suffix(title: str, page_url: str | None = None) -> str:
    """ "Psoas smash | FitMetrics" -> "Psoas smash"; "Psoas smash - FitMetrics" likewise.

    The part naming the site is recognised by the page's host ("fitmetrics.ch"), so a
    site name in front ("FitMetrics | Psoas smash") goes too; without a host, the site
    name is taken to be last, as most sites put it.
    """
    pipe = _TITLE_PIPE.search(title) is not None
    parts = (_TITLE_PIPE if pipe else _TITLE_DASH).split(title)
    if len(parts) == 1:
        return title
    site = _site_key(page_url)
    kept = [part for part in parts if not (site and _names_site(part, site))]
    if not kept or len(kept) == len(parts):
        kept = parts[:1] if pipe else parts[:-1]
    return (kept[0] if pipe else " - ".join(kept)).strip()


def _site_key(url: str | None) -> str:
    """ "https://www.fitmetrics.ch/en/..." -> "fitmetrics" ("" when unknown)."""
    try:
        host = (urlsplit(url).hostname or "") if url else ""
    except ValueError:
        return ""
    labels = [label for label in host.split(".") if label and label != "www"]
    return NON_WORD.sub("", labels[-2] if len(labels) >= 2 else "".join(labels)).casefold()


def _names_site(part: str, site: str) -> bool:
    key = NON_WORD.sub("", part.casefold())
    return len(key) >= 3 and (key.startswith(site) or site.startswith(key))
