"""``free-exercise-db``: ``exercises/<id>.json`` per record and ``dist/exercises.json``.

The shape of yuhonas/free-exercise-db: ``id``, ``name``, ``force``, ``level``, ``mechanic``,
``equipment``, ``primaryMuscles``, ``secondaryMuscles``, ``instructions``, ``category``,
``images``, each of its enumerated fields restricted to that project's words. The page's
attribute table is mapped onto those words by ``free_exercise_db.json`` beside this module
(data: a new wording is a line there). A required field nothing maps to takes the table's
default, a nullable one stays null, and either gets a warning; so do page words that map to
nothing and record fields the format has no place for (``not-carried``).

One file per record (``<source_id>-<language>``: the format has no language field, so each
translation is an exercise of its own); ``dist/exercises.json`` is the array of them all, in
the same order, streamed. Files are written with 2-space indent and a final newline.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from .._models import Exercise
from ._base import ExportFormat, ExportOptions
from ._files import AtomicDirectory, output_errors
from ._source import Dataset
from ._warnings import WarningLog

__all__ = ["FORMAT", "Mapping", "mapping", "normalise"]

_UNSAFE_ID = re.compile(r"[^0-9A-Za-z_-]+")
_SPACES = re.compile(r"\s+")

# Record fields the format has no place for, warned about when not empty.
_NOT_CARRIED = (
    "description",
    "technical_tips",
    "breathing_tips",
    "medical_restrictions",
    "faq",
    "videos",
    "programs",
    "extra_sections",
    "url",
    "alternates",
    "unloaded_sections",
    "warnings",
)


def normalise(word: str) -> str:
    """How page words are compared with the table: NFKC, case-folded, spaces collapsed."""
    return _SPACES.sub(" ", unicodedata.normalize("NFKC", word)).strip().casefold()


@dataclass(frozen=True, slots=True)
class _Field:
    name: str
    sources: tuple[str, ...]
    default: str | None
    words: dict[str, str]  # normalised page word -> the format's value


@dataclass(frozen=True, slots=True)
class Mapping:
    """The mapping table, loaded."""

    fields: dict[str, _Field]


@cache
def mapping() -> Mapping:
    """``free_exercise_db.json``, with every word normalised; a word naming two values fails."""
    data = json.loads(resources.files(__package__).joinpath("free_exercise_db.json").read_text())
    fields = {}
    for name, spec in data["fields"].items():
        words: dict[str, str] = {}
        for value, page_words in spec["values"].items():
            for word in page_words:
                key = normalise(word)
                if words.setdefault(key, value) != value:
                    raise ValueError(f"{name}: {word!r} maps to {words[key]!r} and {value!r}")
        fields[name] = _Field(name, tuple(spec["from"]), spec["default"], words)
    return Mapping(fields)


def _page_values(record: Exercise, source: str) -> list[str]:
    if source == "attributes":
        return [value for values in record.attributes.values() for value in values]
    value = getattr(record, source)
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


class _Builder:
    def __init__(self, warnings: WarningLog) -> None:
        self.warnings = warnings
        self.table = mapping()

    def warn(self, code: str, message: str, record: Exercise) -> None:
        self.warnings.warn(code, message, source_id=record.source_id, language=record.language)

    def mapped(self, record: Exercise, field_name: str) -> list[str]:
        """Every distinct value of the format that the page's words map to, in page order."""
        spec = self.table.fields[field_name]
        found: list[str] = []
        for source in spec.sources:
            for word in _page_values(record, source):
                value = spec.words.get(normalise(word))
                if value is not None and value not in found:
                    found.append(value)
        return found

    def single(self, record: Exercise, field_name: str) -> str | None:
        spec = self.table.fields[field_name]
        values = self.mapped(record, field_name)
        if not values:
            what = f"defaulted to {spec.default!r}" if spec.default else "left null"
            self.warn(
                f"{field_name}-unmapped", f"no page word maps to {field_name}: {what}", record
            )
            return spec.default
        if len(values) > 1:
            self.warn(
                f"{field_name}-several",
                f"{field_name} holds one value; the page maps to {values}: kept {values[0]!r}",
                record,
            )
        return values[0]

    def muscles(self, record: Exercise) -> list[str]:
        if not record.muscles:
            self.warn("muscles-unmapped", "the page names no muscles: primaryMuscles empty", record)
        return self.mapped(record, "muscles")

    def unused_words(self, record: Exercise) -> None:
        """Warn about page words of the attribute table that no field of the format took."""
        unused: list[str] = []
        sources = {source for spec in self.table.fields.values() for source in spec.sources}
        for source in sorted(sources):
            takers = [spec for spec in self.table.fields.values() if source in spec.sources]
            if source == "attributes":
                pairs = [(f"{label}: ", v) for label, vs in record.attributes.items() for v in vs]
            else:
                pairs = [("", word) for word in _page_values(record, source)]
            for prefix, word in pairs:
                if not any(normalise(word) in spec.words for spec in takers):
                    unused.append(f"{source} {prefix}{word!r}")
        if unused:
            self.warn(
                "words-unmapped",
                "page words that map to nothing in free-exercise-db: " + "; ".join(unused),
                record,
            )

    def document(self, record: Exercise) -> dict[str, Any]:
        self.unused_words(record)
        left = [
            f"{field} ({len(value) if isinstance(value, list | dict) else 1})"
            for field in _NOT_CARRIED
            if (value := getattr(record, field))
        ]
        if left:
            self.warn(
                "not-carried", "free-exercise-db has no place for: " + ", ".join(left), record
            )
        return {
            "id": document_id(record),
            "name": record.name,
            "force": self.single(record, "force"),
            "level": self.single(record, "level"),
            "mechanic": self.single(record, "mechanic"),
            "equipment": self.single(record, "equipment"),
            "primaryMuscles": self.muscles(record),
            "secondaryMuscles": [],
            "instructions": list(record.instructions),
            "category": self.single(record, "category"),
            "images": [image.url for image in record.images],
        }


def document_id(record: Exercise) -> str:
    """``<source_id>-<language>``, with anything outside ``[0-9A-Za-z_-]`` made ``_``."""
    return _UNSAFE_ID.sub("_", f"{record.source_id}-{record.language}")


def _export(dataset: Dataset, options: ExportOptions, warnings: WarningLog) -> dict[str, int]:
    assert options.output is not None
    builder = _Builder(warnings)
    folder = AtomicDirectory(options.output)
    count = 0
    try:
        with output_errors("write", options.output):
            (folder.temporary / "exercises").mkdir()
            (folder.temporary / "dist").mkdir()
            with (folder.temporary / "dist" / "exercises.json").open("w", encoding="utf-8") as dist:
                dist.write("[")
                for record in dataset:
                    document = builder.document(record)
                    text = json.dumps(document, ensure_ascii=False, indent=2)
                    path = folder.temporary / "exercises" / f"{document['id']}.json"
                    path.write_text(text + "\n", encoding="utf-8")
                    dist.write(("," if count else "") + "\n" + text)
                    count += 1
                dist.write("\n]\n" if count else "]\n")
    except BaseException:
        folder.discard()
        raise
    folder.commit()
    return {"records": count, "files": count}


FORMAT = ExportFormat(
    name="free-exercise-db",
    output="folder",
    description="yuhonas/free-exercise-db files: exercises/<id>.json and dist/exercises.json",
    run=_export,
)
