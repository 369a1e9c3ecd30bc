"""The record: typed, validated, versioned.

``Exercise.model_dump(mode="json")`` is the JSON record; its field names are a
contract with downstream jobs. Bump ``SCHEMA_VERSION`` on any change of shape:
minor for added fields, major for anything removed or renamed.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

__all__ = [
    "SCHEMA_VERSION",
    "Exercise",
    "ExtraSection",
    "Failure",
    "FaqItem",
    "Image",
    "Language",
    "Program",
    "Video",
]

#: 1.1 added ``alternates`` (issue 8), the attribute table (``difficulty``, ``focus``,
#: ``equipment``, ``sports``, ``categories``, ``muscles``, ``attributes``) and ``images``
#: (issue 10), and ``rendered`` (issue 9).
SCHEMA_VERSION = "1.1"

Language = Literal["en", "fr", "de"]


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)


class FaqItem(_Record):
    """One question and its answer."""

    question: str = Field(min_length=1)
    """The question, as on the page."""

    answer: str
    """The answer; several paragraphs are joined by one blank line."""


class Video(_Record):
    """A video embedded in or linked from the page."""

    url: str = Field(min_length=1)
    """Absolute URL of the video or its player (iframe ``src``, ``<video>`` source, link)."""

    title: str | None = None
    """Title from the markup (``title`` attribute, link text, JSON-LD ``name``), if any."""


class Program(_Record):
    """A training program that includes the exercise."""

    name: str = Field(min_length=1)
    """The program's name, as the link text."""

    url: str | None = None
    """Absolute URL of the program page, if linked."""


class Image(_Record):
    """An image of the exercise itself (not a logo, icon or other site chrome)."""

    url: str = Field(min_length=1)
    """Absolute URL of the image."""

    alt: str | None = None
    """Its alternative text, if any."""


class ExtraSection(_Record):
    """A headed section whose heading is not in the vocabulary, kept verbatim."""

    title: str
    """The heading text."""

    items: list[str]
    """Its bullets and paragraphs, in page order."""


class Exercise(_Record):
    """One exercise page as a record."""

    schema_version: str = SCHEMA_VERSION
    """Version of this record's shape."""

    url: str | None = None
    """The page URL, if known."""

    source_id: str | None = None
    """The hex id from ``/exercise/<id>-<slug>``."""

    slug: str | None = None
    """The slug from ``/exercise/<id>-<slug>``."""

    language: Language | None = None
    """Page language: from the URL path, ``<html lang>``, or the heading vocabulary matched."""

    alternates: dict[str, str] = Field(default_factory=dict)
    """The page's other languages (``<link rel="alternate" hreflang>``): language -> URL,
    sorted by language. The record's identity is (``source_id``, ``language``)."""

    name: str = Field(min_length=1)
    """The exercise title."""

    difficulty: str | None = None
    """The attribute table's difficulty ("Beginner", "Difficulté"), as on the page."""

    focus: list[str] = Field(default_factory=list)
    """The attribute table's focus values, as on the page."""

    equipment: list[str] = Field(default_factory=list)
    """The attribute table's equipment values, as on the page."""

    sports: list[str] = Field(default_factory=list)
    """The attribute table's sports, as on the page."""

    categories: list[str] = Field(default_factory=list)
    """The attribute table's categories, as on the page."""

    muscles: list[str] = Field(default_factory=list)
    """The muscles the page names (attribute table), as on the page."""

    attributes: dict[str, list[str]] = Field(default_factory=dict)
    """Key/value rows of the attribute table outside the fields above, label -> values,
    in page order: never dropped."""

    instructions: list[str] = Field(default_factory=list)
    """Steps, one per bullet, in order, without glyphs or numbering."""

    technical_tips: list[str] = Field(default_factory=list)
    """Technical tips, one per bullet."""

    breathing_tips: list[str] = Field(default_factory=list)
    """Breathing tips, one per bullet."""

    medical_restrictions: list[str] = Field(default_factory=list)
    """Medical restrictions, one per bullet."""

    description: str | None = None
    """The description's paragraphs joined by one blank line; null when absent."""

    faq: list[FaqItem] = Field(default_factory=list)
    """Every question/answer pair, in page order."""

    videos: list[Video] = Field(default_factory=list)
    """Videos embedded in or linked from the page."""

    images: list[Image] = Field(default_factory=list)
    """The exercise's own images, in page order."""

    programs: list[Program] = Field(default_factory=list)
    """Programs linked from the page."""

    unloaded_sections: list[str] = Field(default_factory=list)
    """Canonical names (sorted) of sections whose heading is present but whose content
    is only a loading placeholder or empty."""

    extra_sections: list[ExtraSection] = Field(default_factory=list)
    """Headed sections outside the vocabulary, kept so nothing is lost."""

    rendered: bool = False
    """True when the record was read from the DOM of a page rendered in a browser
    (its JavaScript-loaded sections had a chance to load)."""

    warnings: list[str] = Field(default_factory=list)
    """Anything odd worth a look (duplicate section, heading with no content, ...)."""

    content_sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    """SHA-256 of the input bytes (UTF-8 of the text when given a str)."""

    @field_validator("name")
    @classmethod
    def _name_not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("name must not be blank")
        return value


class Failure(_Record):
    """One input that did not become a record, and why (a line of ``failures.jsonl``)."""

    url: str | None = None
    """The URL that failed (crawler), if any."""

    path: str | None = None
    """The local file that failed (``extractor parse``), if any."""

    stage: Literal["read", "robots", "fetch", "render", "parse", "dedupe", "write"]
    """Where it failed: reading a file, robots.txt, HTTP fetch, rendering in a browser
    (the browser crashed), parsing, de-duplication
    (the exercise was already written from another URL), writing."""

    error_type: str
    """The ``ExtractionError`` subclass name, e.g. ``ListingPage`` or ``TooLarge``."""

    reason: str
    """Human-readable reason."""

    status: int | None = None
    """Final HTTP status, if a response was received."""

    attempts: int = 1
    """How many times the URL was tried."""

    transient: bool = False
    """Whether a later run (resume) should try again."""

    time: str | None = None
    """ISO-8601 UTC time of the failure."""
