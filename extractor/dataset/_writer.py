"""The dataset on disk: JSON Lines appended per record, JSON files replaced atomically, resume.

One output directory holds::

    exercises.jsonl   one record a line (``Exercise.model_dump(mode="json")``, model field order)
    failures.jsonl    one ``Failure`` a line
    pages.jsonl       (``--follow``) one line per fetched page that is not a record nor a failure:
                      a hub (listing, home page), a ``noindex`` page, ... (``write_page``)
    exercises.json    every record as one JSON array (optional, ``write_json_array``)
    manifest.json     what the run did (``write_manifest``)
    .lock             held by the writer while it is open (not data; see ``_dirlock``)

One writer at a time. ``DatasetWriter`` takes an exclusive lock on ``DIR/.lock`` before it
touches anything and holds it until ``close()``; a second writer on the same directory (another
``crawl`` or ``parse``, or a second writer in the same process) fails at once with
``OutputInUse`` and changes nothing. The kernel releases the lock of a killed run.

Crash safety. Each line goes to the operating system in ``os.write`` calls the moment it is
written (no user-space buffer), so a SIGKILL can leave at most one torn last line; the next
``DatasetWriter(..., resume=True)`` finds it (no trailing newline, or not a JSON object) and cuts
it off. The JSON files are written to a temporary file in the same directory, flushed,
``fsync``-ed and moved over the old one with ``os.replace``: a reader sees the old file or the new
one, never half of one. Every ``OSError`` (permission denied, disk full, read-only file system)
becomes an ``OutputError``.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import secrets
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import Enum
from pathlib import Path, PurePath
from types import TracebackType
from typing import Any, BinaryIO, Self

from pydantic import BaseModel

from .._exceptions import OutputError
from .._models import Exercise, Failure
from ..parsing import normalise_url, parse_exercise_url
from ._dirlock import DirectoryLock

__all__ = [
    "ARRAY_FILE",
    "FAILURES_FILE",
    "MANIFEST_FILE",
    "PAGES_FILE",
    "RECORDS_FILE",
    "DatasetWriter",
    "ResumeState",
    "record_identity",
    "record_line",
    "repair_torn_line",
    "safe_filename",
]

RECORDS_FILE = "exercises.jsonl"
FAILURES_FILE = "failures.jsonl"
ARRAY_FILE = "exercises.json"
MANIFEST_FILE = "manifest.json"
PAGES_FILE = "pages.jsonl"
_MANAGED_FILES = (RECORDS_FILE, FAILURES_FILE, PAGES_FILE, ARRAY_FILE, MANIFEST_FILE)

_NEWLINE = b"\n"
_BACKWARD_CHUNK = 64 * 1024


@dataclass(slots=True)
class ResumeState:
    """What an earlier run in the same directory already settled."""

    done_urls: set[str] = field(default_factory=set)
    """``normalise_url()`` of every record's ``url``."""
    done_identities: set[tuple[str, str | None]] = field(default_factory=set)
    """Every record's identity (``source_id``, ``language``): translations are other records."""
    done_pages: set[str] = field(default_factory=set)
    """``normalise_url()`` of every ``pages.jsonl`` line (hubs and pages kept out on purpose)."""
    transient_urls: set[str] = field(default_factory=set)
    """``normalise_url()`` of the transient failures dropped (they are going to be retried)."""
    permanent_failures: set[str] = field(default_factory=set)
    """``normalise_url()`` of failures with ``transient == False``: not worth another try."""
    records: int = 0
    """Records found in ``exercises.jsonl``."""
    failures: int = 0
    """Permanent failures kept in ``failures.jsonl``."""
    transient_dropped: int = 0
    """Transient failures removed from ``failures.jsonl`` (they are going to be retried)."""
    repaired_bytes: int = 0
    """Bytes cut from torn last lines (a run killed mid-write), over both ``.jsonl`` files."""
    invalid_lines: int = 0
    """Lines that were not JSON objects and were skipped (``failures.jsonl``: dropped)."""

    def should_skip(self, url: str) -> bool:
        """True if ``url`` already has a record, a permanent failure or a ``pages.jsonl`` line,
        or names (by its path) an exercise in a language already written."""
        key = _normalised(url)
        if key in self.done_urls or key in self.permanent_failures or key in self.done_pages:
            return True
        named = parse_exercise_url(url)
        return named.source_id is not None and (named.source_id, named.language) in (
            self.done_identities
        )


def record_identity(source_id: str | None, language: str | None) -> tuple[str, str | None] | None:
    """A record's identity, (``source_id``, ``language``); None without a ``source_id``."""
    return (source_id, language) if source_id else None


class DatasetWriter:
    """Writes records and failures as JSON Lines, and the manifest and JSON array atomically.

    The directory is locked for the writer's lifetime: ``OutputInUse`` if another writer
    holds it. ``resume=False`` starts over (the dataset files of an earlier run are removed).
    ``resume=True`` repairs a torn last line of each ``.jsonl``, loads ``resume_state`` and
    rewrites ``failures.jsonl`` keeping only the permanent failures, since the transient ones
    are going to be retried. ``records_written`` and ``failures_written`` count this session only.
    """

    def __init__(self, directory: Path | str, *, resume: bool = False) -> None:
        self.directory = Path(directory)
        self.resume_state = ResumeState()
        self.records_written = 0
        self.failures_written = 0
        self.pages_written = 0
        self._records: _LineFile | None = None
        self._failures: _LineFile | None = None
        self._pages: _LineFile | None = None
        self._lock: DirectoryLock | None = None
        with _output_errors("prepare the output directory", self.directory):
            self.directory.mkdir(parents=True, exist_ok=True)
            # Before anything is removed or read: a refused writer changes nothing.
            self._lock = DirectoryLock(self.directory)
            try:
                self._open_files(resume)
            except BaseException:
                self._release_lock()
                raise

    def _open_files(self, resume: bool) -> None:
        _remove_stale_temporaries(self.directory)
        if resume:
            self._load_resume_state()
        else:
            for name in _MANAGED_FILES:
                (self.directory / name).unlink(missing_ok=True)
        self._records = _LineFile(self.records_path)
        try:
            self._failures = _LineFile(self.failures_path)
        except BaseException:
            self._records.close()
            raise

    @property
    def records_path(self) -> Path:
        """``DIR/exercises.jsonl``."""
        return self.directory / RECORDS_FILE

    @property
    def failures_path(self) -> Path:
        """``DIR/failures.jsonl``."""
        return self.directory / FAILURES_FILE

    @property
    def pages_path(self) -> Path:
        """``DIR/pages.jsonl``."""
        return self.directory / PAGES_FILE

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Sync and close both ``.jsonl`` files, then release the directory. Idempotent."""
        files = [f for f in (self._records, self._failures, self._pages) if f is not None]
        self._records = self._failures = self._pages = None
        with _output_errors("close", self.directory):
            try:
                for line_file in files:
                    line_file.sync()
            finally:
                for line_file in files:
                    line_file.close()
                self._release_lock()

    def _release_lock(self) -> None:
        lock, self._lock = self._lock, None
        if lock is not None:
            lock.release()

    def write_record(self, record: Exercise) -> None:
        """Append one record as a JSON line and hand it to the OS at once."""
        self.write_record_line(record_line(record))

    def write_record_line(self, line: bytes) -> None:
        """Append a line made by ``record_line`` (serialised elsewhere, e.g. in a worker)."""
        line_file = self._open(self._records, RECORDS_FILE)
        with _output_errors("write a record to", line_file.path):
            line_file.append(line)
        self.records_written += 1

    def write_failure(self, failure: Failure) -> None:
        """Append one failure as a JSON line and hand it to the OS at once."""
        line_file = self._open(self._failures, FAILURES_FILE)
        with _output_errors("write a failure to", line_file.path):
            line_file.append(_json_line(failure.model_dump(mode="json")))
        self.failures_written += 1

    def write_page(self, page: Mapping[str, Any]) -> None:
        """Append one ``pages.jsonl`` line (a hub...); the file is created on first use."""
        if self._records is None:
            raise OutputError(f"cannot write to {self.pages_path}: the writer is closed")
        with _output_errors("write a page line to", self.pages_path):
            if self._pages is None:
                self._pages = _LineFile(self.pages_path)
            self._pages.append(_json_line(page))
        self.pages_written += 1

    def write_manifest(self, manifest: Mapping[str, Any]) -> Path:
        """Write ``manifest.json`` atomically (2-space indent, keys in the mapping's order)."""
        target = self.directory / MANIFEST_FILE
        try:
            text = json.dumps(manifest, ensure_ascii=False, indent=2, default=_json_default)
        except (TypeError, ValueError) as exc:
            raise OutputError(f"the manifest cannot be written as JSON: {exc}") from exc
        with _output_errors("write", target):
            _atomic_write(target, [_encode(text + "\n", manifest)])
        return target

    def write_json_array(self) -> Path:
        """Write ``exercises.json``: every record of ``exercises.jsonl`` as one array, atomically.

        Streamed: one record is in memory at a time, whatever the size of the dataset. Records
        keep the order of the ``.jsonl`` file (the order they were written in).
        """
        target = self.directory / ARRAY_FILE
        with _output_errors("write", target):
            _atomic_write(target, _array_chunks(self.records_path))
        return target

    def _open(self, line_file: _LineFile | None, name: str) -> _LineFile:
        if line_file is None:
            raise OutputError(f"cannot write to {self.directory / name}: the writer is closed")
        return line_file

    def _load_resume_state(self) -> None:
        state = self.resume_state
        state.repaired_bytes += repair_torn_line(self.records_path)
        state.repaired_bytes += repair_torn_line(self.failures_path)
        state.repaired_bytes += repair_torn_line(self.pages_path)
        for record in _iter_json_objects(self.records_path, state):
            state.records += 1
            url, source_id = record.get("url"), record.get("source_id")
            if isinstance(url, str) and url:
                state.done_urls.add(_normalised(url))
            language = record.get("language")
            if isinstance(source_id, str) and source_id:
                state.done_identities.add(
                    (source_id, language if isinstance(language, str) else None)
                )
        for page in _iter_json_objects(self.pages_path, state):
            if isinstance(url := page.get("url"), str) and url:
                state.done_pages.add(_normalised(url))
        self._compact_failures()

    def _compact_failures(self) -> None:
        """Keep only permanent failures in ``failures.jsonl`` (streamed, replaced atomically)."""
        state = self.resume_state
        for raw in _iter_lines(self.failures_path):
            failure = _json_object(raw)
            if failure is None:
                state.invalid_lines += raw.strip() != b""
            elif failure.get("transient") is True:
                state.transient_dropped += 1
                if isinstance(url := failure.get("url"), str) and url:
                    state.transient_urls.add(_normalised(url))
            else:
                state.failures += 1
                url = failure.get("url")
                if isinstance(url, str) and url:
                    state.permanent_failures.add(_normalised(url))
        # A second pass writes only when something goes: a resume that changes nothing never
        # rewrites a large file.
        if state.transient_dropped or state.invalid_lines:
            _atomic_write(self.failures_path, _permanent_failure_lines(self.failures_path))


def _permanent_failure_lines(path: Path) -> Iterator[bytes]:
    for raw in _iter_lines(path):
        failure = _json_object(raw)
        if failure is not None and failure.get("transient") is not True:
            yield raw if raw.endswith(_NEWLINE) else raw + _NEWLINE


class _LineFile:
    """An append-only file written with ``os.write``: nothing waits in a user-space buffer."""

    def __init__(self, path: Path) -> None:
        self.path = path
        flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_BINARY", 0)
        self._fd = os.open(path, flags, 0o666)
        self._size = os.fstat(self._fd).st_size

    def append(self, data: bytes) -> None:
        view = memoryview(data)
        written = 0
        try:
            while written < len(data):
                written += os.write(self._fd, view[written:])
        except OSError:
            # Disk full mid-line: cut the partial line so the lines after it stay whole.
            with contextlib.suppress(OSError):
                os.ftruncate(self._fd, self._size)
            raise
        self._size += len(data)

    def sync(self) -> None:
        os.fsync(self._fd)

    def close(self) -> None:
        with contextlib.suppress(OSError):
            os.close(self._fd)


def repair_torn_line(path: Path) -> int:
    """Cut a torn last line off a JSON Lines file; return how many bytes were cut.

    A line is torn if the file does not end with a newline (the write was interrupted) or if
    its last line is not a JSON object (a half-written line followed by a newline from another
    writer, or a zero-filled tail after a power loss).
    """
    try:
        handle = path.open("r+b")
    except FileNotFoundError:
        return 0
    with handle:
        size = handle.seek(0, os.SEEK_END)
        end = size
        if end and _byte_at(handle, end - 1) != _NEWLINE:
            end = _line_start(handle, end)
        if end:
            start = _line_start(handle, end - 1)
            handle.seek(start)
            if _json_object(handle.read(end - start)) is None:
                end = start
        if end < size:
            handle.truncate(end)
            handle.flush()
            os.fsync(handle.fileno())
    return size - end


def safe_filename(text: str, *, max_bytes: int = 120) -> str:
    """A file name made from page content (a slug, a title) that is safe on any file system.

    No path separators, no ``..``, no control or invisible characters, no leading dot (hidden
    files), no Windows-reserved names, at most ``max_bytes`` bytes of UTF-8, never empty. When
    the name had to be shortened, a hash of the original keeps different texts apart.
    """
    if max_bytes < 16:
        raise ValueError("max_bytes must be at least 16")
    # NFKC folds look-alikes such as the fullwidth solidus U+FF0F into "/", caught below.
    name = unicodedata.normalize("NFKC", text)
    name = "".join(_safe_char(char) for char in name)
    name = _SEPARATOR_RUNS.sub("-", name)
    name = _DOT_RUNS.sub(".", name).strip(_EDGE_CHARS)
    encoded = name.encode("utf-8")
    if len(encoded) > max_bytes:
        digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:8]
        head = encoded[: max_bytes - len(digest) - 1].decode("utf-8", "ignore").strip(_EDGE_CHARS)
        name = f"{head}-{digest}" if head else digest
    if not name:
        return "unnamed"
    if name.split(".", 1)[0].casefold() in _WINDOWS_RESERVED:
        name = f"_{name}"
    return name


# Characters no file system or shell handles safely in a name ("/" and "\\" separate paths,
# the rest are forbidden on Windows); whitespace is folded into "-".
_FORBIDDEN_CHARS = frozenset('/\\:*?"<>|')
_SEPARATOR_RUNS = re.compile(r"[\s\-]*-[\s\-]*|\s+")
_DOT_RUNS = re.compile(r"\.{2,}")
_EDGE_CHARS = ".-_ "
_WINDOWS_RESERVED = frozenset(
    ["con", "prn", "aux", "nul"]
    + [f"com{i}" for i in range(1, 10)]
    + [f"lpt{i}" for i in range(1, 10)]
)


def _safe_char(char: str) -> str:
    category = unicodedata.category(char)
    if category == "Cf":  # zero-width and bidi controls (U+202E would reverse the shown name)
        return ""
    if category.startswith("C") or char in _FORBIDDEN_CHARS:
        return "-"
    return "-" if category == "Pd" else char  # every dash (en, em, ...) becomes a plain "-"


def record_line(record: Exercise) -> bytes:
    """A record as its line of ``exercises.jsonl`` (newline included)."""
    return _json_line(record.model_dump(mode="json"))


def _json_line(obj: Mapping[str, Any]) -> bytes:
    return _encode(json.dumps(obj, ensure_ascii=False), obj) + _NEWLINE


def _encode(text: str, obj: object) -> bytes:
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        # A lone surrogate (from bytes decoded with surrogateescape) cannot be UTF-8; the
        # \\uXXXX escape form is still valid JSON, so the record is kept rather than lost.
        return json.dumps(obj, ensure_ascii=True, default=_json_default).encode("ascii")


def _json_default(value: object) -> Any:
    """JSON form of the non-JSON values a manifest commonly holds."""
    if isinstance(value, set | frozenset):
        return sorted(value, key=str)
    if isinstance(value, PurePath):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def _array_chunks(records_path: Path) -> Iterator[bytes]:
    yield b"["
    separator = b"\n"
    for record in _iter_json_objects(records_path, None):
        yield separator + _json_line(record)[:-1]
        separator = b",\n"
    yield b"]\n" if separator == b"\n" else b"\n]\n"


def _iter_lines(path: Path) -> Iterator[bytes]:
    try:
        handle = path.open("rb")
    except FileNotFoundError:
        return
    with handle:
        yield from handle


def _iter_json_objects(path: Path, state: ResumeState | None) -> Iterator[dict[str, Any]]:
    """Each JSON object line of a ``.jsonl`` file; other lines are skipped (and counted)."""
    for raw in _iter_lines(path):
        obj = _json_object(raw)
        if obj is not None:
            yield obj
        elif state is not None and raw.strip():
            state.invalid_lines += 1


def _json_object(raw: bytes) -> dict[str, Any] | None:
    try:
        obj = json.loads(raw)
    except ValueError:  # JSONDecodeError and UnicodeDecodeError are both ValueErrors
        return None
    return obj if isinstance(obj, dict) else None


def _byte_at(handle: BinaryIO, position: int) -> bytes:
    handle.seek(position)
    return handle.read(1)


def _line_start(handle: BinaryIO, end: int) -> int:
    """Offset just after the last newline before ``end`` (0 if none): where that line starts."""
    position = end
    while position > 0:
        chunk_start = max(0, position - _BACKWARD_CHUNK)
        handle.seek(chunk_start)
        chunk = handle.read(position - chunk_start)
        newline = chunk.rfind(_NEWLINE)
        if newline >= 0:
            return chunk_start + newline + 1
        position = chunk_start
    return 0


def _normalised(url: str) -> str:
    try:
        return normalise_url(url)
    except ValueError:  # e.g. a port out of range: still a key, just not a canonical one
        return url.strip()


def _temporary_path(target: Path) -> Path:
    return target.with_name(f".{target.name}.{secrets.token_hex(6)}.tmp")


def _write_synced(path: Path, chunks: Iterable[bytes]) -> None:
    # O_EXCL: never follow or reuse someone else's file; mode 0o666 lets the umask decide,
    # like any other file the user creates (mkstemp would force 0o600).
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    with os.fdopen(fd, "wb") as handle:
        for chunk in chunks:
            handle.write(chunk)
        handle.flush()
        os.fsync(handle.fileno())


def _atomic_write(target: Path, chunks: Iterable[bytes]) -> None:
    """Write ``target`` so that readers see the old file or the new one, never a mix."""
    temporary = _temporary_path(target)
    try:
        _write_synced(temporary, chunks)
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)
        raise
    _fsync_directory(target.parent)


def _fsync_directory(directory: Path) -> None:
    """Make a rename durable (POSIX); not possible on every platform, hence best effort."""
    with contextlib.suppress(OSError, AttributeError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _remove_stale_temporaries(directory: Path) -> None:
    """Temporary files left by a run killed during an atomic write."""
    for name in _MANAGED_FILES:
        for leftover in directory.glob(f".{name}.*.tmp"):
            with contextlib.suppress(OSError):
                leftover.unlink()


@contextlib.contextmanager
def _output_errors(action: str, path: Path) -> Iterator[None]:
    try:
        yield
    except OSError as exc:
        reason = exc.strerror or str(exc)
        where = exc.filename or path
        raise OutputError(f"cannot {action} {where}: {reason}") from exc
