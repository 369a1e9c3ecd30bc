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
    "Language",
    "Program",
    "Video",
]

SCHEMA_VERSION = "1.0"

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

    name: str = Field(min_length=1)
    """The exercise title."""

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

    programs: list[Program] = Field(default_factory=list)
    """Programs linked from the page."""

    unloaded_sections: list[str] = Field(default_factory=list)
    """Canonical names (sorted) of sections whose heading is present but whose content
    is only a loading placeholder or empty."""

    extra_sections: list[ExtraSection] = Field(default_factory=list)
    """Headed sections outside the vocabulary, kept so nothing is lost."""

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

    stage: Literal["read", "robots", "fetch", "parse", "dedupe", "write"]
    """Where it failed: reading a file, robots.txt, HTTP fetch, parsing, de-duplication
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
