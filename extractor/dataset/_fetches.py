"""Each URL's fetch facts, and an earlier dataset read back for a re-crawl (``--since``).

A crawl writes one line per page request it settled to ``DIR/fetches.jsonl``: the URL, the
final status, the response's validators (``ETag``, ``Last-Modified``, verbatim) and when. A
later ``crawl --since DIR`` reads them with ``PreviousDataset``: it gives the conditional
request headers for a URL (only the validators the server sent, never a guessed date) and, on
a 304, the earlier record (one seek into ``exercises.jsonl``; the page is not parsed again).
URLs that are gone (404, 410) are listed in ``DIR/removed.jsonl``.

Memory: the earlier dataset is indexed, not loaded: per URL its validators and the byte offset
of its record.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from .._exceptions import OutputError, UnreadableInput
from .._models import Exercise
from ..parsing import normalise_url
from ._writer import RECORDS_FILE, DatasetWriter, _LineFile, _output_errors, repair_torn_line

__all__ = [
    "FETCHES_FILE",
    "GONE_STATUSES",
    "REMOVED_FILE",
    "FetchFacts",
    "FetchLog",
    "PreviousDataset",
    "Removed",
]

FETCHES_FILE = "fetches.jsonl"
REMOVED_FILE = "removed.jsonl"

#: Statuses that mean the page is gone (RFC 9110: 404 Not Found, 410 Gone).
GONE_STATUSES = frozenset({404, 410})

Outcome = Literal["record", "unchanged", "duplicate", "failure", "removed"]


class FetchFacts(BaseModel):
    """One line of ``fetches.jsonl``: what the server said about a URL, and what came of it."""

    model_config = ConfigDict(extra="ignore", frozen=True, use_attribute_docstrings=True)

    url: str
    """The URL as requested (normalised)."""
    final_url: str | None = None
    """The URL after redirects, when a response came."""
    status: int | None = None
    """Final HTTP status (304 when the earlier copy was still current), if a response came."""
    etag: str | None = None
    """The ``ETag`` the server sent (on a 304 without one: the earlier copy's)."""
    last_modified: str | None = None
    """The ``Last-Modified`` the server sent (on a 304 without one: the earlier copy's)."""
    time: str
    """ISO-8601 UTC time of the fetch."""
    outcome: Outcome
    """``record`` parsed and written, ``unchanged`` copied from the earlier dataset on a 304,
    ``duplicate`` of a record already written, ``failure`` listed, ``removed`` gone (404/410)."""
    source_id: str | None = None
    """The record's ``source_id``, if the URL gave one."""
    language: str | None = None
    """The record's ``language``, if the URL gave one."""


class Removed(BaseModel):
    """One line of ``removed.jsonl``: a page of the earlier dataset that is gone."""

    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)

    url: str
    """The URL that now answers 404 or 410."""
    status: int
    """That status."""
    source_id: str | None
    """The earlier record's ``source_id``."""
    language: str | None
    """The earlier record's ``language``."""
    name: str | None
    """The earlier record's name."""
    time: str
    """ISO-8601 UTC time the absence was seen."""


class FetchLog:
    """Appends to ``fetches.jsonl`` and ``removed.jsonl`` of a writer's directory (whose lock
    covers them). A torn last line left by a killed run is cut on opening; on a resume a URL
    may have several lines: the last one counts."""

    def __init__(self, writer: DatasetWriter) -> None:
        directory = writer.directory
        with _output_errors("open", directory):
            for name in (FETCHES_FILE, REMOVED_FILE):
                if writer.resume_state.records or writer.resume_state.failures:
                    repair_torn_line(directory / name)
                else:  # a fresh dataset: facts of an earlier run there would be stale
                    (directory / name).unlink(missing_ok=True)
            self._fetches = _LineFile(directory / FETCHES_FILE)
            self._removed = _LineFile(directory / REMOVED_FILE)

    def fetched(self, facts: FetchFacts) -> None:
        self._append(self._fetches, facts)

    def removed(self, removed: Removed) -> None:
        self._append(self._removed, removed)

    def close(self) -> None:
        self._fetches.close()
        self._removed.close()

    @staticmethod
    def _append(line_file: _LineFile, model: BaseModel) -> None:
        line = json.dumps(model.model_dump(mode="json"), ensure_ascii=False) + "\n"
        with _output_errors("write to", line_file.path):
            line_file.append(line.encode("utf-8", "surrogatepass"))


@dataclass(frozen=True, slots=True)
class _Known:
    """What a re-crawl needs of one URL of the earlier dataset."""

    etag: str | None
    last_modified: str | None
    offset: int  # where its record's line starts in exercises.jsonl


class PreviousDataset:
    """An earlier crawl's dataset, indexed for ``crawl --since``.

    Raises ``UnreadableInput`` if ``directory`` has no ``exercises.jsonl`` or
    ``fetches.jsonl`` (a dataset from before fetch facts were kept cannot be re-crawled
    conditionally: crawl it afresh).
    """

    def __init__(self, directory: Path | str) -> None:
        self.directory = Path(directory)
        records, fetches = self.directory / RECORDS_FILE, self.directory / FETCHES_FILE
        for needed in (records, fetches):
            if not needed.is_file():
                raise UnreadableInput(f"--since {self.directory}: no {needed.name} there")
        try:
            self._index(records, fetches)
            self._handle = records.open("rb")
        except OSError as exc:
            raise UnreadableInput(f"--since {self.directory}: {exc.strerror or exc}") from exc

    def _index(self, records: Path, fetches: Path) -> None:
        offsets = _record_offsets(records)
        self._known: dict[str, _Known] = {}
        for facts in _read_facts(fetches):
            offset = offsets.get(_key(facts.final_url or facts.url))
            if facts.outcome in ("record", "unchanged") and offset is not None:
                self._known[_key(facts.url)] = _Known(facts.etag, facts.last_modified, offset)
            else:  # the last line counts: a URL that later failed has no usable copy
                self._known.pop(_key(facts.url), None)

    def __len__(self) -> int:
        return len(self._known)

    def close(self) -> None:
        self._handle.close()

    def urls(self) -> Iterator[str]:
        """The URLs the earlier dataset has a record for (to visit again)."""
        return iter(list(self._known))

    def __contains__(self, url: str) -> bool:
        return _key(url) in self._known

    def validators(self, url: str) -> dict[str, str]:
        """Conditional request headers for ``url``: exactly the validators its server sent."""
        known = self._known.get(_key(url))
        headers: dict[str, str] = {}
        if known is not None:
            if known.etag:
                headers["If-None-Match"] = known.etag
            if known.last_modified:
                headers["If-Modified-Since"] = known.last_modified
        return headers

    def facts(self, url: str) -> tuple[str | None, str | None]:
        """(ETag, Last-Modified) of ``url`` as the earlier dataset has them."""
        known = self._known.get(_key(url))
        return (known.etag, known.last_modified) if known else (None, None)

    def record(self, url: str) -> Exercise | None:
        """The earlier record of ``url`` (None if there is none or it no longer validates)."""
        known = self._known.get(_key(url))
        if known is None:
            return None
        try:
            self._handle.seek(known.offset)
            return Exercise.model_validate_json(self._handle.readline())
        except (OSError, ValidationError) as exc:
            raise OutputError(f"cannot read the earlier record of {url}: {exc}") from exc


def _key(url: str) -> str:
    try:
        return normalise_url(url)
    except ValueError:
        return url.strip()


def _record_offsets(path: Path) -> dict[str, int]:
    """Normalised record URL -> byte offset of its line (first one wins, like the crawler)."""
    offsets: dict[str, int] = {}
    position = 0
    with path.open("rb") as handle:
        for raw in handle:
            try:
                url = json.loads(raw).get("url")
            except (ValueError, AttributeError):
                url = None
            if isinstance(url, str) and url:
                offsets.setdefault(_key(url), position)
            position += len(raw)
    return offsets


def _read_facts(path: Path) -> Iterator[FetchFacts]:
    with path.open("rb") as handle:
        for raw in handle:
            try:
                yield FetchFacts.model_validate_json(raw)
            except ValidationError:
                continue  # a torn line of a killed run: that URL is simply fetched again
