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

import bisect
import json
import struct
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO, TypeGuard

from pydantic import ValidationError

from .._exceptions import UnreadableInput
from .._models import Exercise
from ..dataset import RECORDS_FILE
from ._warnings import WarningLog

__all__ = ["Dataset"]

Key = tuple[str, str]


class Dataset:
    """The records of one dataset folder, validated, sorted by (``source_id``, ``language``).

    The index holds one small ``bytes`` per record (key, offset, line number packed), about
    70 bytes a record: sorting them sorts by key, then by position in the file, so of two
    lines with one key the first is kept and the second is found next to it.
    """

    def __init__(self, directory: Path, warnings: WarningLog) -> None:
        self.directory = directory
        self.path = directory / RECORDS_FILE
        self.warnings = warnings
        if not self.path.is_file():
            raise UnreadableInput(f"{directory} is not a dataset: {self.path} does not exist")
        self._index: list[bytes] | None = None
        self.records_read = 0
        """Records handed out by the last iteration."""

    def __contains__(self, key: object) -> bool:
        """Whether the dataset has a record line for ``key`` (a (source_id, language) pair)."""
        if not (isinstance(key, tuple) and len(key) == 2 and all(isinstance(k, str) for k in key)):
            return False
        prefix = _prefix(key[0], key[1])
        index = self._sorted_index()
        position = bisect.bisect_left(index, prefix)
        return position < len(index) and index[position].startswith(prefix)

    def __iter__(self) -> Iterator[Exercise]:
        self.records_read = 0
        with self._open() as handle:
            for entry in self._sorted_index():
                (source_id, language), offset, line_number = _unpack(entry)
                handle.seek(offset)
                record = self._validate(handle.readline(), line_number, source_id, language)
                if record is not None:
                    self.records_read += 1
                    yield record

    def _open(self) -> BinaryIO:
        try:
            return self.path.open("rb")
        except OSError as exc:
            raise UnreadableInput(f"cannot read {self.path}: {exc.strerror or exc}") from exc

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

    def _sorted_index(self) -> list[bytes]:
        if self._index is None:
            entries = sorted(self._scan())
            self._index = self._without_duplicates(entries)
        return self._index

    def _without_duplicates(self, entries: list[bytes]) -> list[bytes]:
        kept: list[bytes] = []
        for entry in entries:
            if kept and kept[-1][:-_TAIL] == entry[:-_TAIL]:
                (source_id, language), _offset, line_number = _unpack(entry)
                self.warnings.warn(
                    "duplicate-key",
                    f"line {line_number}: a second record for this key; the first is kept",
                    source_id=source_id,
                    language=language,
                )
            else:
                kept.append(entry)
        return kept

    def _scan(self) -> Iterator[bytes]:
        with self._open() as handle:
            offset = 0
            for line_number, raw in enumerate(handle, start=1):
                key = self._key(raw, line_number)
                if key is not None:
                    yield _prefix(*key) + _TAIL_FORMAT.pack(offset, line_number)
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
        if _usable(source_id) and _usable(language):
            return source_id, language
        self.warnings.warn(
            "missing-key",
            f"line {line_number}: record {record.get('url') or record.get('name')!r} has no "
            "source_id or language, so it cannot be keyed; skipped",
            source_id=source_id if isinstance(source_id, str) else None,
            language=language if isinstance(language, str) else None,
        )
        return None


# An index entry: source_id NUL language NUL, then offset and line number (big-endian, so
# bytes order is key order, then file order).
_TAIL_FORMAT = struct.Struct(">QI")
_TAIL = _TAIL_FORMAT.size


def _usable(part: object) -> TypeGuard[str]:
    return isinstance(part, str) and bool(part) and "\0" not in part


def _prefix(source_id: str, language: str) -> bytes:
    return f"{source_id}\0{language}\0".encode()


def _unpack(entry: bytes) -> tuple[Key, int, int]:
    source_id, language, _rest = entry[:-_TAIL].decode().split("\0")
    offset, line_number = _TAIL_FORMAT.unpack(entry[-_TAIL:])
    return (source_id, language), offset, line_number
