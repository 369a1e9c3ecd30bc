"""The dataset an export reads: ``DIR/exercises.jsonl``, record by record, in key order.

Two passes keep memory flat. The first reads every line once and keeps only an index entry
per record (its key and byte offset); the second seeks to each record in key order
(``source_id``, then ``language``) and validates it as an ``Exercise``. Sorting makes an export
independent of the order a crawl happened to write its lines in (deterministic output), and it
puts the translations of one exercise side by side (the wger export groups them).

Nothing is dropped silently: a line that is not JSON, a record without a key, a second record
with a key already seen (the first is kept) and a record that fails validation each become a
warning.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from pydantic import ValidationError

from .._exceptions import UnreadableInput
from .._models import Exercise
from ..dataset import RECORDS_FILE
from ._warnings import WarningLog

__all__ = ["Dataset"]

Key = tuple[str, str]


class Dataset:
    """The records of one dataset folder, validated, sorted by (``source_id``, ``language``)."""

    def __init__(self, directory: Path, warnings: WarningLog) -> None:
        self.directory = directory
        self.path = directory / RECORDS_FILE
        self.warnings = warnings
        if not self.path.is_file():
            raise UnreadableInput(f"{directory} is not a dataset: {self.path} does not exist")
        self._index: list[tuple[Key, int, int]] | None = None
        self.records_read = 0
        """Records handed out by the last iteration."""

    def keys(self) -> list[Key]:
        """Every usable key, sorted (the index is built on first use)."""
        return [key for key, _offset, _line in self._sorted_index()]

    def __iter__(self) -> Iterator[Exercise]:
        self.records_read = 0
        try:
            handle = self.path.open("rb")
        except OSError as exc:
            raise UnreadableInput(f"cannot read {self.path}: {exc.strerror or exc}") from exc
        with handle:
            for (source_id, language), offset, line_number in self._sorted_index():
                handle.seek(offset)
                record = self._validate(handle.readline(), line_number, source_id, language)
                if record is not None:
                    self.records_read += 1
                    yield record

    def _validate(
        self, raw: bytes, line_number: int, source_id: str, language: str
    ) -> Exercise | None:
        try:
            return Exercise.model_validate_json(raw)
        except ValidationError as exc:
            errors = "; ".join(
                f"{'.'.join(str(part) for part in error['loc']) or 'record'}: {error['msg']}"
                for error in exc.errors()[:3]
            )
            self.warnings.warn(
                "invalid-record",
                f"line {line_number}: not a valid record, skipped ({errors})",
                source_id=source_id,
                language=language,
            )
            return None

    def _sorted_index(self) -> list[tuple[Key, int, int]]:
        if self._index is None:
            self._index = sorted(self._scan())
        return self._index

    def _scan(self) -> Iterator[tuple[Key, int, int]]:
        seen: set[Key] = set()
        try:
            handle = self.path.open("rb")
        except OSError as exc:
            raise UnreadableInput(f"cannot read {self.path}: {exc.strerror or exc}") from exc
        with handle:
            offset = 0
            for line_number, raw in enumerate(handle, start=1):
                key = self._key(raw, line_number)
                if key is not None and key in seen:
                    self.warnings.warn(
                        "duplicate-key",
                        f"line {line_number}: a second record for this key; the first is kept",
                        source_id=key[0],
                        language=key[1],
                    )
                elif key is not None:
                    seen.add(key)
                    yield key, offset, line_number
                offset += len(raw)

    def _key(self, raw: bytes, line_number: int) -> Key | None:
        if not raw.strip():
            return None
        try:
            record = json.loads(raw)
        except ValueError:
            record = None
        if not isinstance(record, dict):
            self.warnings.warn(
                "invalid-line", f"line {line_number}: not a JSON object (torn or corrupt), skipped"
            )
            return None
        source_id, language = record.get("source_id"), record.get("language")
        if isinstance(source_id, str) and source_id and isinstance(language, str) and language:
            return source_id, language
        self.warnings.warn(
            "missing-key",
            f"line {line_number}: record {record.get('url') or record.get('name')!r} has no "
            "source_id or language, so it cannot be keyed; skipped",
            source_id=source_id if isinstance(source_id, str) else None,
            language=language if isinstance(language, str) else None,
        )
        return None
