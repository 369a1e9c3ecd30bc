"""``wger``: one document per exercise, its translations grouped, in wger's exercise-info shape.

wger (the workout manager) describes an exercise as the exercise (category, muscles,
equipment, license, images, videos) plus one translation per language (name, description,
language, aliases, notes). The documents are JSON Lines, one exercise a line, sorted by
``source_id``. The rules wger enforces, and what is done about each:

- ids: ``uuid`` is uuid5 of ``<host>/<source_id>`` (the page's host and hex id), so it is the
  same in every run; translations, notes, images and videos get uuid5 ids under it.
- languages: wger's ids (``de`` 1, ``en`` 2, ``fr`` 12); another language is left out, warned.
- names: at most 200 characters (cut at a word end, warned).
- descriptions: HTML of at least 40 characters of text, made of the description's paragraphs
  and the instructions as a numbered list; a shorter one cannot be imported, so that
  translation is left out with a warning (never padded).
- notes: technical and breathing tips and medical restrictions, at most 200 characters each;
  a longer tip is split at sentence ends (mid-sentence only if one sentence is longer, warned).
- license: the source states none, so ``license`` and ``license_author`` stay empty and every
  exercise gets a warning: an importer must decide, the export never defaults it.
- category, muscles and equipment carry the page's words with ``id`` null: wger's ids are the
  importer's to match (warned). What wger has no place for (FAQ, programs, extra sections,
  sports, ...) is listed in a warning per translation.
"""

from __future__ import annotations

import html
import json
import uuid
from collections.abc import Iterator, Sequence
from itertools import groupby
from typing import Any
from urllib.parse import urlsplit

from .._models import Exercise
from ._base import ExportFormat, ExportOptions
from ._files import AtomicFile, output_errors
from ._source import Dataset
from ._text import cap_at_word, split_at_sentences
from ._warnings import WarningLog

__all__ = ["FORMAT", "LANGUAGE_IDS", "exercise_uuid"]

#: wger's language ids (its ``core_language`` table).
LANGUAGE_IDS = {"de": 1, "en": 2, "fr": 12}
NAME_MAX = 200
DESCRIPTION_MIN = 40
NOTE_MAX = 200

# Record fields wger's exercise has no place for, warned about when not empty.
_NOT_CARRIED = (
    "url",
    "alternates",
    "faq",
    "programs",
    "extra_sections",
    "focus",
    "sports",
    "difficulty",
    "attributes",
    "unloaded_sections",
    "warnings",
)


def exercise_uuid(host: str, source_id: str) -> uuid.UUID:
    """The exercise's stable id: uuid5 (URL namespace) of ``<host>/<source_id>``."""
    return uuid.uuid5(uuid.NAMESPACE_URL, f"{host}/{source_id}")


def _host(records: Sequence[Exercise]) -> str:
    hosts = sorted({urlsplit(r.url).hostname or "" for r in records if r.url})
    return hosts[0] if hosts else ""


def _description(record: Exercise) -> tuple[str, int]:
    """The description as HTML, and the length of its text."""
    paragraphs = (record.description or "").split("\n\n") if record.description else []
    parts = [f"<p>{html.escape(p)}</p>" for p in paragraphs if p.strip()]
    if record.instructions:
        items = "".join(f"<li>{html.escape(step)}</li>" for step in record.instructions)
        parts.append(f"<ol>{items}</ol>")
    text_length = sum(len(p) for p in paragraphs) + sum(len(s) for s in record.instructions)
    return "".join(parts), text_length


class _Builder:
    def __init__(self, warnings: WarningLog) -> None:
        self.warnings = warnings
        self.counts = {"exercises": 0, "translations": 0, "left_out": 0}

    def warn(self, code: str, message: str, record: Exercise) -> None:
        self.warnings.warn(code, message, source_id=record.source_id, language=record.language)

    def document(self, source_id: str, records: list[Exercise]) -> dict[str, Any] | None:
        host = _host(records)
        if not host:
            self.warn("no-host", "no page URL: the uuid is made of the hex id alone", records[0])
        base = exercise_uuid(host, source_id)
        ordered = sorted(records, key=lambda r: LANGUAGE_IDS.get(r.language or "", 99))
        reference = next((r for r in ordered if r.language == "en"), ordered[0])
        translations = [
            t for r in ordered if (t := self.translation(base, r, r is reference)) is not None
        ]
        if not translations:
            self.warn("exercise-left-out", "no translation wger can import", records[0])
            return None
        if not any(t["language"] == LANGUAGE_IDS["en"] for t in translations):
            self.warn(
                "no-english",
                "no English translation: wger asks for one when an exercise is submitted",
                records[0],
            )
        self.warn(
            "license-missing",
            "the source states no license: license and license_author left empty",
            reference,
        )
        if reference.categories or reference.muscles or reference.equipment:
            self.warn(
                "wger-ids-unmatched",
                "category, muscles and equipment carry the page's words; wger ids are null",
                reference,
            )
        self.counts["exercises"] += 1
        return {
            "uuid": str(base),
            "category": {"id": None, "name": reference.categories[0]}
            if reference.categories
            else None,
            "muscles": [{"id": None, "name": m} for m in reference.muscles],
            "muscles_secondary": [],
            "equipment": [{"id": None, "name": e} for e in reference.equipment],
            "license": None,
            "license_author": None,
            "images": self.media(base, ordered, "image"),
            "videos": self.media(base, ordered, "video"),
            "translations": translations,
            "variation_group": None,
        }

    def media(self, base: uuid.UUID, records: list[Exercise], kind: str) -> list[dict[str, Any]]:
        urls: list[str] = []
        for record in records:
            found = record.images if kind == "image" else record.videos
            urls.extend(item.url for item in found if item.url not in urls)
        return [
            {
                "uuid": str(uuid.uuid5(base, f"{kind}:{url}")),
                kind: url,
                "is_main": position == 0,
                "license": None,
                "license_author": None,
            }
            for position, url in enumerate(urls)
        ]

    def translation(
        self, base: uuid.UUID, record: Exercise, is_reference: bool
    ) -> dict[str, Any] | None:
        language_id = LANGUAGE_IDS.get(record.language or "")
        if language_id is None:
            self.warn(
                "language-unknown", f"wger has no id for {record.language!r}: left out", record
            )
            self.counts["left_out"] += 1
            return None
        description, length = _description(record)
        if length < DESCRIPTION_MIN:
            self.warn(
                "description-too-short",
                f"description and instructions hold {length} characters, wger needs "
                f"{DESCRIPTION_MIN}: translation left out",
                record,
            )
            self.counts["left_out"] += 1
            return None
        name = cap_at_word(record.name, NAME_MAX)
        if name != record.name:
            self.warn(
                "name-shortened", f"name cut to {NAME_MAX} characters: {record.name!r}", record
            )
        own = uuid.uuid5(base, f"translation:{record.language}")
        self.not_carried(record, is_reference)
        self.counts["translations"] += 1
        return {
            "uuid": str(own),
            "name": name,
            "exercise": str(base),
            "description": description,
            "language": language_id,
            "aliases": [],
            "notes": [
                {"uuid": str(uuid.uuid5(own, f"note:{position}")), "comment": comment}
                for position, comment in enumerate(self.notes(record))
            ],
            "license": None,
            "license_author": None,
        }

    def notes(self, record: Exercise) -> Iterator[str]:
        for tip in (*record.technical_tips, *record.breathing_tips, *record.medical_restrictions):
            parts, mid_sentence = split_at_sentences(tip, NOTE_MAX)
            if mid_sentence:
                self.warn(
                    "note-split-mid-sentence",
                    f"a sentence longer than {NOTE_MAX} characters was cut at word ends",
                    record,
                )
            yield from parts

    def not_carried(self, record: Exercise, is_reference: bool) -> None:
        left = [
            f"{field} ({len(value) if isinstance(value, list | dict) else 1})"
            for field in _NOT_CARRIED
            if (value := getattr(record, field))
        ]
        if is_reference and len(record.categories) > 1:
            left.append(f"categories after the first ({len(record.categories) - 1})")
        if not is_reference:
            # The exercise carries the reference translation's words (English when present).
            left.extend(
                f"{field} ({len(value)})"
                for field in ("categories", "muscles", "equipment")
                if (value := getattr(record, field))
            )
        if left:
            self.warn("not-carried", "wger has no place for: " + ", ".join(left), record)


def _export(dataset: Dataset, options: ExportOptions, warnings: WarningLog) -> dict[str, int]:
    assert options.output is not None
    builder = _Builder(warnings)
    target = AtomicFile(options.output)
    records = 0
    try:
        for source_id, group in groupby(dataset, key=lambda record: record.source_id or ""):
            translations = list(group)
            records += len(translations)
            document = builder.document(source_id, translations)
            if document is not None:
                line = json.dumps(document, ensure_ascii=False, separators=(",", ":"))
                with output_errors("write", options.output):
                    target.write((line + "\n").encode())
    except BaseException:
        target.discard()
        raise
    target.commit()
    return {"records": records, **builder.counts}


FORMAT = ExportFormat(
    name="wger",
    output="file",
    description="wger exercise-info documents (JSON Lines, one exercise with its translations)",
    run=_export,
)
