"""The relational layout of a record, shared by the CSV and the SQL exports.

A record is one row of ``exercises`` keyed by (``source_id``, ``language``) plus rows in child
tables that repeat the key and add a position. Every field of the record lands in exactly one
place (``tests/export`` checks a round trip), so a table here is the whole contract of both
exports. A new field of the record needs a column or a table here.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Literal

from .._models import Exercise

__all__ = ["STEP_KINDS", "TABLES", "Column", "Row", "Table", "record_sha256"]

ColumnKind = Literal["key", "short", "text", "int", "bool"]
Row = tuple[object, ...]


@dataclass(frozen=True, slots=True)
class Column:
    """One column: ``key`` and ``short`` are bounded strings (usable in a primary key)."""

    name: str
    kind: ColumnKind
    primary: bool = False
    nullable: bool = True


@dataclass(frozen=True, slots=True)
class Table:
    """One table: its columns (the key first) and how a record becomes its rows."""

    name: str
    columns: tuple[Column, ...]
    rows: Callable[[Exercise], Iterator[Row]]
    column_names: tuple[str, ...] = field(init=False)
    """The column names, in order."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "column_names", tuple(column.name for column in self.columns))


_KEY = (
    Column("source_id", "key", primary=True, nullable=False),
    Column("language", "short", primary=True, nullable=False),
)

#: The record's bulleted lists, as ``steps.kind``.
STEP_KINDS = {
    "instruction": "instructions",
    "technical_tip": "technical_tips",
    "breathing_tip": "breathing_tips",
    "medical_restriction": "medical_restrictions",
}

#: The typed fields of the attribute table, as ``attributes.field`` (``other``: ``attributes``).
_ATTRIBUTE_FIELDS = ("focus", "equipment", "sports", "categories", "muscles")


def record_sha256(record: Exercise) -> str:
    """SHA-256 of the record's JSON: what the SQL upsert compares to see a change."""
    return hashlib.sha256(record.model_dump_json().encode()).hexdigest()


def _key(record: Exercise) -> tuple[str | None, str | None]:
    return record.source_id, record.language


def _exercise_rows(record: Exercise) -> Iterator[Row]:
    yield (
        *_key(record),
        record.schema_version,
        record.url,
        record.slug,
        record.name,
        record.difficulty,
        record.description,
        record.rendered,
        record.content_sha256,
        record_sha256(record),
    )


def _alternate_rows(record: Exercise) -> Iterator[Row]:
    for language, url in record.alternates.items():
        yield (*_key(record), language, url)


def _attribute_rows(record: Exercise) -> Iterator[Row]:
    entries: list[tuple[str, str | None, str | None]] = []
    if record.difficulty is not None:
        entries.append(("difficulty", None, record.difficulty))
    for attribute in _ATTRIBUTE_FIELDS:
        entries.extend((attribute, None, value) for value in getattr(record, attribute))
    for name, values in record.attributes.items():
        entries.extend(("other", name, value) for value in values)
        if not values:  # a label with no value is still a fact of the page
            entries.append(("other", name, None))
    for position, entry in enumerate(entries, start=1):
        yield (*_key(record), position, *entry)


def _step_rows(record: Exercise) -> Iterator[Row]:
    for kind, attribute in STEP_KINDS.items():
        for position, text in enumerate(getattr(record, attribute), start=1):
            yield (*_key(record), kind, position, text)


def _faq_rows(record: Exercise) -> Iterator[Row]:
    for position, item in enumerate(record.faq, start=1):
        yield (*_key(record), position, item.question, item.answer)


def _video_rows(record: Exercise) -> Iterator[Row]:
    for position, video in enumerate(record.videos, start=1):
        yield (*_key(record), position, video.url, video.title)


def _image_rows(record: Exercise) -> Iterator[Row]:
    for position, image in enumerate(record.images, start=1):
        yield (*_key(record), position, image.url, image.alt)


def _program_rows(record: Exercise) -> Iterator[Row]:
    for position, program in enumerate(record.programs, start=1):
        yield (*_key(record), position, program.name, program.url)


def _section_rows(record: Exercise) -> Iterator[Row]:
    for position, section in enumerate(record.extra_sections, start=1):
        yield (*_key(record), position, section.title)


def _section_item_rows(record: Exercise) -> Iterator[Row]:
    for section_position, section in enumerate(record.extra_sections, start=1):
        for position, text in enumerate(section.items, start=1):
            yield (*_key(record), section_position, position, text)


def _note_rows(record: Exercise) -> Iterator[Row]:
    for kind, values in (
        ("unloaded_section", record.unloaded_sections),
        ("warning", record.warnings),
    ):
        for position, text in enumerate(values, start=1):
            yield (*_key(record), kind, position, text)


def _position(name: str = "position") -> Column:
    return Column(name, "int", primary=True, nullable=False)


TABLES: tuple[Table, ...] = (
    Table(
        "exercises",
        (
            *_KEY,
            Column("schema_version", "short", nullable=False),
            Column("url", "text"),
            Column("slug", "text"),
            Column("name", "text", nullable=False),
            Column("difficulty", "text"),
            Column("description", "text"),
            Column("rendered", "bool", nullable=False),
            Column("content_sha256", "short", nullable=False),
            Column("record_sha256", "short", nullable=False),
        ),
        _exercise_rows,
    ),
    Table(
        "alternates",
        (
            *_KEY,
            Column("alternate_language", "short", primary=True, nullable=False),
            Column("url", "text", nullable=False),
        ),
        _alternate_rows,
    ),
    Table(
        "attributes",
        (
            *_KEY,
            _position(),
            Column("field", "short", nullable=False),
            Column("label", "text"),
            Column("value", "text"),
        ),
        _attribute_rows,
    ),
    Table(
        "steps",
        (
            *_KEY,
            Column("kind", "short", primary=True, nullable=False),
            _position(),
            Column("text", "text", nullable=False),
        ),
        _step_rows,
    ),
    Table(
        "faq",
        (
            *_KEY,
            _position(),
            Column("question", "text", nullable=False),
            Column("answer", "text", nullable=False),
        ),
        _faq_rows,
    ),
    Table(
        "videos",
        (*_KEY, _position(), Column("url", "text", nullable=False), Column("title", "text")),
        _video_rows,
    ),
    Table(
        "images",
        (*_KEY, _position(), Column("url", "text", nullable=False), Column("alt", "text")),
        _image_rows,
    ),
    Table(
        "programs",
        (*_KEY, _position(), Column("name", "text", nullable=False), Column("url", "text")),
        _program_rows,
    ),
    Table(
        "extra_sections",
        (*_KEY, _position(), Column("title", "text", nullable=False)),
        _section_rows,
    ),
    Table(
        "extra_section_items",
        (*_KEY, _position("section_position"), _position(), Column("text", "text", nullable=False)),
        _section_item_rows,
    ),
    Table(
        "record_notes",
        (
            *_KEY,
            Column("kind", "short", primary=True, nullable=False),
            _position(),
            Column("text", "text", nullable=False),
        ),
        _note_rows,
    ),
)
