"""``extractor diff OLD NEW``: which exercises were added, removed or changed, and how.

Records are matched by their identity (``source_id``, ``language``); a record without a
``source_id`` is matched by its URL. The comparison streams: OLD is read once into an index
(identity -> where its line starts and a digest of the record), NEW is read once and compared
digest to digest; only a record whose digest differs is read back from OLD (one seek) to name
the fields that changed. A ``.json`` array cannot be seeked into by line, so its records are
kept in the index instead (prefer the ``.jsonl`` file for large datasets).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .._exceptions import UnreadableInput
from ._validate import iter_dataset

__all__ = ["DatasetDiff", "Entry", "diff_datasets", "record_file"]

Key = tuple[str, str, int]


@dataclass(frozen=True, slots=True)
class Entry:
    """One exercise that differs: its identity, URL and (changed only) the fields."""

    source_id: str | None
    language: str | None
    url: str | None
    name: str | None
    fields: tuple[str, ...] = ()

    def as_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "source_id": self.source_id,
            "language": self.language,
            "url": self.url,
            "name": self.name,
        }
        if self.fields:
            data["fields"] = list(self.fields)
        return data


@dataclass(slots=True)
class DatasetDiff:
    """What differs between two datasets; entries sorted by identity."""

    old: str
    new: str
    added: list[Entry] = field(default_factory=list)
    removed: list[Entry] = field(default_factory=list)
    changed: list[Entry] = field(default_factory=list)
    unchanged: int = 0

    @property
    def equal(self) -> bool:
        return not (self.added or self.removed or self.changed)

    def as_json(self) -> dict[str, Any]:
        return {
            "old": self.old,
            "new": self.new,
            "equal": self.equal,
            "counts": {
                "added": len(self.added),
                "removed": len(self.removed),
                "changed": len(self.changed),
                "unchanged": self.unchanged,
            },
            "added": [entry.as_json() for entry in self.added],
            "removed": [entry.as_json() for entry in self.removed],
            "changed": [entry.as_json() for entry in self.changed],
        }

    def text_lines(self) -> Iterator[str]:
        """For people: ``+`` added, ``-`` removed, ``~`` changed (with its fields), a summary."""
        for mark, entries in (("+", self.added), ("-", self.removed), ("~", self.changed)):
            for entry in entries:
                who = f"{entry.source_id or entry.url or entry.name} {entry.language or '-'}"
                detail = ", ".join(entry.fields) if entry.fields else entry.name or ""
                yield f"{mark} {who}  {detail}".rstrip()
        yield (
            f"{len(self.added)} added, {len(self.removed)} removed, "
            f"{len(self.changed)} changed, {self.unchanged} unchanged"
        )


@dataclass(slots=True)
class _Indexed:
    digest: bytes
    offset: int | None  # where the line starts (.jsonl), else the record is kept
    record: dict[str, Any] | None
    entry: Entry
    seen: bool = False


def record_file(path: Path) -> Path:
    """The record file ``path`` stands for: itself, or a dataset folder's ``exercises.jsonl``
    (``exercises.json`` if that is all it has)."""
    if path.is_dir():
        for name in ("exercises.jsonl", "exercises.json"):
            if (path / name).is_file():
                return path / name
        raise UnreadableInput(f"{path}: no exercises.jsonl or exercises.json in this folder")
    if not path.is_file():
        raise UnreadableInput(f"{path}: no such file or folder")
    return path


def diff_datasets(old: Path, new: Path, *, ignore: Collection[str] = ()) -> DatasetDiff:
    """Compare the records of ``old`` and ``new`` (files or dataset folders).

    ``ignore``: fields left out of the comparison (e.g. ``content_sha256``). Raises
    ``UnreadableInput`` for a missing or unreadable dataset or a line that is not a record.
    """
    old_file, new_file = record_file(old), record_file(new)
    index = _index(old_file, ignore)
    result = DatasetDiff(old=str(old_file), new=str(new_file))
    occurrences: dict[tuple[str, str], int] = {}
    with _Reader(old_file) as reader:
        for _line, record in _records(new_file):
            before = index.get(_key(record, occurrences))
            if before is None:
                result.added.append(_entry(record))
                continue
            before.seen = True
            if before.digest == _digest(record, ignore):
                result.unchanged += 1
                continue
            old_record = before.record if before.record is not None else reader.at(before.offset)
            result.changed.append(_entry(record, _changed_fields(old_record, record, ignore)))
    for left in index.values():
        if not left.seen:
            result.removed.append(left.entry)
    for entries in (result.added, result.removed, result.changed):
        entries.sort(key=_order)
    return result


def _order(entry: Entry) -> tuple[str, str, str]:
    return entry.source_id or entry.url or entry.name or "", entry.language or "", entry.url or ""


def _index(path: Path, ignore: Collection[str]) -> dict[Key, _Indexed]:
    keep_records = path.suffix == ".json"
    index: dict[Key, _Indexed] = {}
    offsets = _line_offsets(path) if not keep_records else None
    occurrences: dict[tuple[str, str], int] = {}
    for line, record in _records(path):
        key = _key(record, occurrences)
        offset = offsets[line] if offsets is not None else None
        kept = record if keep_records else None
        index[key] = _Indexed(_digest(record, ignore), offset, kept, _entry(record))
    return index


def _line_offsets(path: Path) -> dict[int, int]:
    """Line number -> byte offset of its start, for the non-blank lines of a ``.jsonl`` file.

    Only numbers are kept (no text): a few dozen bytes per record.
    """
    offsets: dict[int, int] = {}
    position = 0
    try:
        with path.open("rb") as handle:
            for number, raw in enumerate(handle, start=1):
                if raw.strip():
                    offsets[number] = position
                position += len(raw)
    except OSError as exc:
        raise UnreadableInput(f"cannot read {path}: {exc.strerror or exc}") from exc
    return offsets


def _records(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    for line, value in iter_dataset(path):
        if not isinstance(value, dict):
            what = value if isinstance(value, ValueError) else type(value).__name__
            raise UnreadableInput(f"{path}:{line}: not a record: {what}")
        yield line, value


class _Reader:
    """Reads single lines of OLD back by offset (one open file for the whole diff)."""

    def __init__(self, path: Path) -> None:
        self._path = path
        self._handle: Any = None

    def __enter__(self) -> _Reader:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._handle is not None:
            self._handle.close()

    def at(self, offset: int | None) -> dict[str, Any]:
        if self._handle is None:
            self._handle = self._path.open("rb")
        self._handle.seek(offset or 0)
        record = json.loads(self._handle.readline())
        if not isinstance(record, dict):
            raise UnreadableInput(f"{self._path} changed while it was compared")
        return record


def _key(record: dict[str, Any], occurrences: dict[tuple[str, str], int]) -> Key:
    """(identity, language, n): the n-th record of that identity in its dataset.

    The identity is the ``source_id``, else the URL, else the name (files parsed without a
    URL). Counting occurrences pairs repeated identities in order instead of losing them.
    """
    source_id, language, url = record.get("source_id"), record.get("language"), record.get("url")
    identity = source_id if isinstance(source_id, str) and source_id else None
    if identity is None:
        identity = f"url:{url}" if isinstance(url, str) else f"name:{record.get('name')}"
    pair = identity, language if isinstance(language, str) else ""
    occurrences[pair] = count = occurrences.get(pair, -1) + 1
    return (*pair, count)


def _digest(record: dict[str, Any], ignore: Collection[str]) -> bytes:
    kept = {name: value for name, value in record.items() if name not in ignore}
    canonical = json.dumps(kept, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.blake2b(canonical.encode("utf-8", "surrogatepass"), digest_size=16).digest()


def _changed_fields(
    old: dict[str, Any], new: dict[str, Any], ignore: Collection[str]
) -> tuple[str, ...]:
    """Names of the fields whose values differ, in NEW's field order (then OLD's)."""
    names = list(new) + [name for name in old if name not in new]
    return tuple(name for name in names if name not in ignore and old.get(name) != new.get(name))


def _entry(record: dict[str, Any], fields: tuple[str, ...] = ()) -> Entry:
    def text(name: str) -> str | None:
        value = record.get(name)
        return value if isinstance(value, str) else None

    return Entry(text("source_id"), text("language"), text("url"), text("name"), fields)
