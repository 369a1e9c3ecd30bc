"""Step 4a, refusal: a page that is no exercise raises ``ErrorPage``, ``ListingPage``,
``UnrenderedPage``, ``NotAnExercisePage`` or ``InputError``, saying why.
"""

from __future__ import annotations

import re
from typing import Final

from ..._exceptions import ErrorPage, InputError, ListingPage, NotAnExercisePage, UnrenderedPage
from .._blocks import MAX_DEPTH, Block, PageContent
from ..vocabulary import (
    ERROR_PAGE_PHRASES,
    LISTING_JSONLD_TYPES,
    normalise_key,
)
from ._state import HEADING, PLACEHOLDER, Draft, Section

__all__ = ["deep_message", "require_exercise"]

#: A page with this many links to exercise pages and no exercise content is a listing.
LISTING_MIN_EXERCISE_LINKS: Final = 5

#: The nesting depth beyond which the HTML walker skips content (see ``html/_walk.py``).
MAX_NESTING: Final = MAX_DEPTH


def require_exercise(
    page: PageContent,
    blocks: list[Block],
    sections: list[Section],
    draft: Draft,
    name: str | None,
) -> str:
    """The name, if the page is an exercise: it has a name and a section other than the
    FAQ with content (a FAQ alone describes no exercise). Raise otherwise, saying why."""
    exercise_content = sorted(draft.filled - {"faq"})
    if not exercise_content:
        _raise_empty_page(page, blocks, sections, name)
    if name is None:
        raise NotAnExercisePage(
            "the page has exercise sections but no name: no level-1 heading, "
            "no heading before the first section and no usable <title>"
        )
    return name


def _raise_empty_page(
    page: PageContent, blocks: list[Block], sections: list[Section], name: str | None
) -> None:
    headings = [
        text
        for text in (name, page.title_hint, *(b.text for b in blocks if b.kind is HEADING))
        if text
    ]
    error_heading = next((text for text in headings if _says_error(text)), None)
    if error_heading is not None:
        raise ErrorPage(f"the page is an error page: its title/heading says {error_heading!r}")
    listing_types = sorted(set(page.jsonld_types) & set(LISTING_JSONLD_TYPES))
    if page.exercise_link_count >= LISTING_MIN_EXERCISE_LINKS or listing_types:
        why = (
            f"JSON-LD type {', '.join(listing_types)}"
            if listing_types
            else f"{page.exercise_link_count} links to exercise pages"
        )
        raise ListingPage(f"the page is a listing ({why}) and has no exercise section")
    if page.frame_urls:
        raise NotAnExercisePage(
            "the page is a frameset: its content is in other documents "
            f"({', '.join(page.frame_urls[:5])})"
        )
    if page.deep_skipped or page.cut_short:
        raise InputError(f"no exercise section found: {deep_message(page)}")
    recognised = sorted({s.canonical for s in sections if s.canonical is not None})
    placeholders = sum(1 for b in blocks if b.kind is PLACEHOLDER)
    if recognised:
        raise UnrenderedPage(
            f"the page has section headings ({', '.join(recognised)}) but no exercise content "
            f"({placeholders} loading placeholder(s)): its content never rendered"
        )
    if placeholders:
        raise UnrenderedPage(
            f"the page holds only a title and {placeholders} loading placeholder(s): "
            "a JavaScript shell whose content never rendered"
        )
    raise NotAnExercisePage(
        "no exercise section found: no heading matches the section vocabulary "
        "(Instructions, Description, Technical tips, ...)"
    )


def deep_message(page: PageContent) -> str:
    if page.cut_short:
        return (
            "the HTML nests deeper than the parser's limit (pathological markup): "
            "the document was read only up to that point"
        )
    return (
        f"{page.deep_skipped} element(s) with text nested deeper than {MAX_NESTING} levels "
        "(pathological markup) were not read"
    )


def _says_error(text: str) -> bool:
    key = normalise_key(text)
    return any(
        re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", key) for phrase in ERROR_PAGE_PHRASES
    )
