"""The intermediate form both front ends produce and the assembler reads.

extruct-style: a front end (HTML or plain text) reads its input once and
flattens it into a sequence of ``Block``s in reading order; the assembler
(``assemble/``) turns that sequence into an ``Exercise`` without knowing
where it came from. Front ends drop site chrome; the assembler decides what
each block means (title, section heading, bullet, FAQ question, ...).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Final

from .._models import FaqItem, Image, Video

__all__ = ["MAX_DEPTH", "Block", "Kind", "Link", "PageContent"]

# Three or four Python frames per level of nesting: subtrees deeper than this (tag soup,
# builders' wrapper towers) are skipped, and counted, so the record says so.
MAX_DEPTH: Final = 200


class Kind(StrEnum):
    """What a block is, structurally."""

    HEADING = "heading"
    """A heading-like line: h1-h6, a bold-only line, a title-class element, a text heading."""

    ITEM = "item"
    """One bullet or numbered step (glyph and number already removed)."""

    PARAGRAPH = "paragraph"
    """A paragraph of running text."""

    QUESTION = "question"
    """Structurally a question: ``<summary>``, ``<dt>``, an accordion button."""

    ANSWER = "answer"
    """Structurally the answer to the previous QUESTION (accordion body, ``<dd>``)."""

    PLACEHOLDER = "placeholder"
    """A loading placeholder ("Loading...") where content would be; text is the placeholder."""

    VIDEO = "video"
    """An embedded video (iframe, ``<video>``); ``video`` is set."""

    ATTRIBUTE = "attribute"
    """A row of a key/value table read structurally (``<dl>`` of properties, a ``<table>``
    row, a label/value element pair): ``text`` is the label, ``values`` its values."""


@dataclass(frozen=True, slots=True)
class Link:
    """An anchor inside a block."""

    url: str
    text: str


@dataclass(slots=True)
class Block:
    """One unit of page content in reading order. ``text`` is already clean.

    Never changed once emitted (``dataclasses.replace`` makes a new one). Not declared
    frozen: a frozen dataclass sets each field through ``object.__setattr__``, 4x the
    cost of building one, and a page emits a Block per line (measured: the walk took
    0.36 ms a page with frozen Blocks, 0.33 ms without).
    """

    kind: Kind
    text: str = ""
    level: int = 0
    """HEADING strength: 1-6 for h1-h6, 7 for weaker cues (bold line, title class,
    text-rendering heading). 0 for other kinds."""
    links: tuple[Link, ...] = ()
    """Anchors inside the block (absolute URLs when the page URL is known)."""
    video: Video | None = None
    values: tuple[str, ...] = ()
    """ATTRIBUTE: the row's values, one per list item, chip or separated part."""


@dataclass(slots=True)
class PageContent:
    """Everything a front end read from one page."""

    blocks: list[Block] = field(default_factory=list)
    lang_hint: str | None = None
    """``<html lang>`` or ``og:locale``, raw."""
    title_hint: str | None = None
    """``og:title`` or ``<title>``, for pages without a visible title heading."""
    canonical_url: str | None = None
    """``<link rel=canonical>`` / ``og:url``, absolute."""
    images: list[Image] = field(default_factory=list)
    """The exercise's own images in page order (logos, icons and other chrome left out)."""
    alternates: dict[str, str] = field(default_factory=dict)
    """``<link rel="alternate" hreflang>``: language tag (lower-case, as declared) -> absolute
    URL, sorted; ``x-default`` included (the record leaves it out)."""
    jsonld_faq: list[FaqItem] = field(default_factory=list)
    """Pairs from JSON-LD ``FAQPage``; merged with DOM pairs without duplicates."""
    jsonld_videos: list[Video] = field(default_factory=list)
    """JSON-LD ``VideoObject``s."""
    jsonld_video_aliases: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """For a JSON-LD video (by its ``url``), every address its ``VideoObject`` gives
    (``contentUrl``, ``embedUrl``, ``url``): the page's iframe of the ``embedUrl`` is the
    same video."""
    jsonld_steps: list[str] = field(default_factory=list)
    """The steps of a JSON-LD ``HowTo`` (``step``: ``HowToStep`` texts, in order)."""
    jsonld_types: list[str] = field(default_factory=list)
    """Every JSON-LD ``@type`` seen (``ItemList``/``CollectionPage`` hint at a listing)."""
    exercise_link_count: int = 0
    """Anchors to other exercise pages anywhere in the page (listing detection), in every
    language's path words (``/exercise/``, ``/fr/exercice/``, ``/de/übung/``...)."""
    deep_skipped: int = 0
    """Elements with text nested too deep to be read (pathological nesting): content the
    record may lack."""
    cut_short: bool = False
    """The HTML parser stopped at a resource limit (pathological nesting): the rest of the
    document was not read."""
    frame_urls: list[str] = field(default_factory=list)
    """The ``<frame>`` documents of a frameset page (its content lives there)."""
    is_html: bool = True
    truncated: bool = False
    """The document opened ``<body>`` but ends without ``</body>``/``</html>``: it was
    probably cut off in transfer, and its last section may be incomplete."""
    pruned: bool = False
    """Navigation or footer content was cut from the bytes before the parse (``_prune``)."""
