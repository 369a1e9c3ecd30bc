"""``extractor validate``: datasets checked against the committed JSON Schema of their version.

The schema of each record shape is a file in the package, ``extractor/schemas/
exercise-<version>.schema.json`` (a test keeps the current one equal to
``Exercise.model_json_schema()``), so a dataset written by an older release is checked against
the shape it was written in, and other programs can check it with any JSON Schema tool.

A ``.jsonl`` file is read a line at a time; a ``.json`` file holds one array of records (or one
record) and each record's line is where it starts. A directory stands for its
``exercises.jsonl`` (and ``exercises.json`` when present).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator

from .._exceptions import UnreadableInput
from .._models import SCHEMA_VERSION, Exercise

__all__ = [
    "Problem",
    "dataset_files",
    "iter_dataset",
    "record_problems",
    "render_schema",
    "schema_path",
    "schema_text",
    "validate_file",
]

_SCHEMA_NAME = "exercise-{version}.schema.json"


@dataclass(frozen=True, slots=True)
class Problem:
    """One reason a record is not valid, at ``path:line``."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


def schema_path(version: str = SCHEMA_VERSION) -> str:
    """The committed schema file's name inside the package (``schemas/exercise-1.1...``)."""
    return "schemas/" + _SCHEMA_NAME.format(version=version)


def schema_text(version: str = SCHEMA_VERSION) -> str:
    """The committed JSON Schema of record shape ``version``; ``KeyError`` if there is none."""
    resource = resources.files("extractor").joinpath(schema_path(version))
    try:
        return resource.read_text(encoding="utf-8")
    except (FileNotFoundError, OSError):
        raise KeyError(version) from None


def render_schema() -> str:
    """The current model's JSON Schema as the committed file holds it (2-space indent)."""
    return json.dumps(Exercise.model_json_schema(), indent=2, ensure_ascii=False) + "\n"


@cache
def _validator(version: str) -> Draft202012Validator | None:
    try:
        schema = json.loads(schema_text(version))
    except KeyError:
        return None
    return Draft202012Validator(schema)


def dataset_files(path: Path) -> list[Path]:
    """The files ``path`` stands for: itself, or a dataset directory's record files."""
    if not path.is_dir():
        return [path]
    found = [path / name for name in ("exercises.jsonl", "exercises.json")]
    return [file for file in found if file.is_file()]


def iter_dataset(path: Path) -> Iterator[tuple[int, Any]]:
    """(line, parsed JSON value) of each record of a ``.jsonl`` or ``.json`` file, streamed
    for JSON Lines. A line that is not JSON yields a ``ValueError`` as its value.

    Raises ``UnreadableInput`` when the file cannot be read at all.
    """
    try:
        if path.suffix == ".json":
            yield from _json_array(path.read_text(encoding="utf-8"))
            return
        with path.open("rb") as handle:
            for number, raw in enumerate(handle, start=1):
                if raw.strip():
                    yield number, _loads(raw)
    except (OSError, UnicodeDecodeError) as exc:
        raise UnreadableInput(
            f"cannot read {path}: {getattr(exc, 'strerror', None) or exc}"
        ) from exc


def validate_file(path: Path) -> Iterator[Problem]:
    """Every problem of every record of one file, in file order."""
    shown = str(path)
    for line, value in iter_dataset(path):
        if isinstance(value, ValueError):
            yield Problem(shown, line, f"not JSON: {value}")
            continue
        yield from (Problem(shown, line, message) for message in record_problems(value))


def record_problems(record: Any) -> Iterator[str]:
    """Why ``record`` does not match the schema of its ``schema_version`` (nothing if it does)."""
    if not isinstance(record, dict):
        yield f"a record must be a JSON object, not {type(record).__name__}"
        return
    version = record.get("schema_version")
    validator = _validator(version) if isinstance(version, str) else None
    if validator is None:
        yield f"schema_version: no schema for {version!r} (known: {SCHEMA_VERSION!r} and older)"
        return
    errors = sorted(validator.iter_errors(record), key=lambda error: list(error.absolute_path))
    for error in errors:
        where = error.json_path.removeprefix("$.").removeprefix("$")
        yield f"{where or '(record)'}: {error.message}"


def _loads(raw: bytes) -> Any:
    try:
        return json.loads(raw)
    except ValueError as exc:  # JSONDecodeError and UnicodeDecodeError
        return ValueError(str(exc))


def _json_array(text: str) -> Iterator[tuple[int, Any]]:
    """The elements of a JSON array (or one top-level value), each with its starting line."""
    decoder = json.JSONDecoder()
    position = _skip(text, 0)
    if not text.startswith("[", position):
        yield 1 + text.count("\n", 0, position), _decode_all(decoder, text)
        return
    position = _skip(text, position + 1)
    line, counted = 1, 0  # lines counted incrementally: linear in the file's size
    while position < len(text) and text[position] != "]":
        line, counted = line + text.count("\n", counted, position), position
        try:
            value, position = decoder.raw_decode(text, position)
        except ValueError as exc:
            yield line, ValueError(str(exc))
            return  # the rest of the array cannot be delimited
        yield line, value
        position = _skip(text, position)
        if text.startswith(",", position):
            position = _skip(text, position + 1)


def _decode_all(decoder: json.JSONDecoder, text: str) -> Any:
    try:
        return decoder.decode(text)
    except ValueError as exc:
        return ValueError(str(exc))


def _skip(text: str, position: int) -> int:
    while position < len(text) and text[position] in " \t\r\n\ufeff":
        position += 1
    return position
