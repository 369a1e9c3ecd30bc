"""``extract()``: sources in, the dataset of a crawl out (records, failures, manifest).

::

    summary = extract(["crawl/warc", "CC-MAIN-...warc.gz", "saved/"], output="out", workers=4)
    summary = extract(paths, output="out", dask="tcp://scheduler:8786")

How a run goes. The sources are read in order in this process (``_sources``); their units
(pages to parse, failures met while reading) go to ``workers`` processes in chunks, or each
source is one Dask task. Outcomes come back in source order whatever the parallelism, and are
written in that order: a record, or a failure line (a record whose exercise was already
written, same (``source_id``, ``language``), is a ``DuplicateRecord`` failure, as in a crawl).
Before that, the WARC files of a crawl of ours that may have rendered pages are read for their
headers once (``rendered_responses``): a page the crawl rendered is read from its DOM.

Resume. Every unit ends as exactly one line of ``exercises.jsonl`` or ``failures.jsonl``, in
unit order, and which units exist is a pure function of the sources. So a resumed run skips as
many units as the dataset holds lines (a torn last line cut first) and goes on from there,
provided the sources and options are those of the earlier run: the manifest (written at the
start too) keeps their fingerprint, and another dataset in ``DIR`` is refused, not mixed in.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import chain, islice
from pathlib import Path
from typing import Any, Literal

from .._exceptions import OutputError
from .._models import SCHEMA_VERSION, Failure
from ..dataset import DatasetWriter, library_versions, utc_now
from ._pool import OrderedPool
from ._settle import Outcome, settle, settle_chunk
from ._sources import Source, collect_sources, fingerprint, iter_units
from ._units import Options, Page, Unit
from ._warc import rendered_responses

__all__ = ["DEFAULT_INCLUDE", "DEFAULT_MAX_BYTES", "ExtractSummary", "SourcesChanged", "extract"]

DEFAULT_INCLUDE = r"/exercise/"
DEFAULT_MAX_BYTES = 10 * 1024 * 1024
_CHUNK_PAGES = 32  # pages per message to a worker
_CHUNK_BYTES = 4 * 1024 * 1024
_WINDOW_PER_WORKER = 3  # chunks in flight per worker: enough to keep each one busy


class SourcesChanged(OutputError):
    """``DIR`` holds another run's dataset (other sources or options, or a crawl)."""


@dataclass
class ExtractSummary:
    """What a run did (the manifest's counts)."""

    status: Literal["completed", "interrupted"] = "completed"
    records: int = 0
    failures: int = 0
    duplicates: int = 0
    resumed_units: int = 0
    """Units settled by an earlier run and skipped."""
    failures_by_type: Counter[str] = field(default_factory=Counter)
    counts: Counter[str] = field(default_factory=Counter)
    """Read tallies: ``records:<WARC type>``, ``skipped:<reason>``, ``files``, ``broken_parts``."""
    elapsed_seconds: float = 0.0

    @property
    def interrupted(self) -> bool:
        return self.status == "interrupted"


def extract(
    paths: Sequence[Path | str],
    *,
    output: Path | str,
    include: str = DEFAULT_INCLUDE,
    workers: int | None = None,
    dask: str | None = None,
    resume: bool = True,
    max_bytes: int = DEFAULT_MAX_BYTES,
    output_format: Literal["jsonl", "json"] = "jsonl",
) -> ExtractSummary:
    """Extract every exercise page of ``paths`` (WARC files, saved pages, folders) into ``output``.

    ``workers`` processes parse (default: every core; 1 parses in this process); ``dask``
    (a scheduler address) runs one task per source on that cluster instead. Raises
    ``SourcesChanged`` when resuming over another run's dataset, ``OutputError`` when the
    dataset cannot be written. Ctrl-C stops it; the manifest says ``interrupted``.
    """
    sources = collect_sources(paths)
    rendered = frozenset(
        chain.from_iterable(rendered_responses(s.paths[0]) for s in sources if s.kind == "warc")
    )
    options = Options(include=include, max_bytes=max_bytes, rendered_responses=rendered)
    stamp = fingerprint(sources, options)
    workers = workers or os.cpu_count() or 1
    arguments = {
        "sources": [str(path) for path in paths],
        "include": include,
        "max_bytes": max_bytes,
        "workers": None if dask else workers,
        "dask": dask,
        "resume": resume,
        "format": output_format,
    }
    summary = ExtractSummary()
    clock, started = time.perf_counter(), utc_now()
    parallel = not dask and workers > 1
    with (
        OrderedPool(workers) if parallel else contextlib.nullcontext() as pool,
        DatasetWriter(output, resume=resume) as writer,
    ):
        summary.resumed_units = _settled_before(writer, stamp) if resume else 0
        run = _Run(writer, summary)
        record = _Manifest(writer, summary, arguments, stamp, len(sources), started)
        record.write("running")
        try:
            if dask:
                from ._dask import dask_outcomes

                outcomes = dask_outcomes(dask, sources, options, summary.counts)
                outcomes = islice(outcomes, summary.resumed_units, None)
            else:
                outcomes = _local_outcomes(sources, options, pool, summary)
            for outcome in outcomes:
                run.keep(outcome)
        except KeyboardInterrupt:
            summary.status = "interrupted"
        summary.elapsed_seconds = round(time.perf_counter() - clock, 4)
        record.write(summary.status)
        if output_format == "json":
            writer.write_json_array()
    return summary


def _local_outcomes(
    sources: Sequence[Source], options: Options, pool: OrderedPool | None, summary: ExtractSummary
) -> Iterator[Outcome]:
    units: Iterable[Unit] = chain.from_iterable(
        iter_units(source, options, summary.counts) for source in sources
    )
    units = islice(units, summary.resumed_units, None)  # settled by an earlier run
    if pool is None:
        yield from map(settle, units)
        return
    window = _WINDOW_PER_WORKER * pool.workers
    for outcomes in pool.map(settle_chunk, _chunks(units), window=window):
        yield from outcomes


def _chunks(units: Iterable[Unit]) -> Iterator[list[Unit]]:
    chunk: list[Unit] = []
    size = 0
    for unit in units:
        chunk.append(unit)
        size += len(unit.body) if isinstance(unit, Page) else 0
        if len(chunk) >= _CHUNK_PAGES or size >= _CHUNK_BYTES:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk


class _Run:
    """Writes outcomes in order; de-duplicates records by exercise, as a crawl does."""

    def __init__(self, writer: DatasetWriter, summary: ExtractSummary) -> None:
        self._writer = writer
        self._summary = summary
        state = writer.resume_state
        self._written: set[tuple[str, str | None] | str] = {
            *state.done_identities,
            *state.done_urls,
        }

    def keep(self, outcome: Outcome) -> None:
        if isinstance(outcome, Failure):
            self._fail(outcome)
            return
        identity = outcome.identity
        if identity is not None and identity in self._written:
            self._summary.duplicates += 1
            named = identity if isinstance(identity, str) else "/".join(map(str, identity))
            reason = f"the exercise {named} is already in the dataset (from another page)"
            self._fail(
                Failure(
                    url=outcome.url,
                    stage="dedupe",
                    error_type="DuplicateRecord",
                    reason=reason,
                    time=utc_now(),
                )
            )
            return
        self._writer.write_record_line(outcome.line)
        if identity is not None:
            self._written.add(identity)
        self._summary.records += 1

    def _fail(self, failure: Failure) -> None:
        self._writer.write_failure(failure)
        self._summary.failures += 1
        self._summary.failures_by_type[failure.error_type] += 1


def _settled_before(writer: DatasetWriter, stamp: str) -> int:
    """Units an earlier run of the same job settled (lines in the dataset); refuses others."""
    state = writer.resume_state
    lines = state.records + state.failures
    if lines == 0:
        return 0
    manifest = _read_manifest(writer.directory / "manifest.json")
    if manifest.get("command") == "extract" and manifest.get("fingerprint") == stamp:
        return lines
    what = manifest.get("command") or "another run"
    raise SourcesChanged(
        f"{writer.directory} holds the dataset of {what} with other sources or options; "
        "use --no-resume to start over, or another output directory"
    )


def _read_manifest(path: Path) -> dict[str, Any]:
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return manifest if isinstance(manifest, dict) else {}


@dataclass
class _Manifest:
    writer: DatasetWriter
    summary: ExtractSummary
    arguments: dict[str, Any]
    stamp: str
    sources: int
    started: str

    def write(self, status: str) -> None:
        summary = self.summary
        state = self.writer.resume_state
        counts = summary.counts
        self.writer.write_manifest(
            {
                "command": "extract",
                "schema_version": SCHEMA_VERSION,
                "status": status,
                "completed": status == "completed",
                "interrupted": status == "interrupted",
                "started": self.started,
                "finished": None if status == "running" else utc_now(),
                "duration_seconds": summary.elapsed_seconds,
                "arguments": self.arguments,
                "fingerprint": self.stamp,
                "counts": {
                    "sources": self.sources,
                    "records": summary.records,
                    "failures": summary.failures,
                    "duplicates": summary.duplicates,
                    "failures_by_type": dict(sorted(summary.failures_by_type.items())),
                    "files": counts.get("files", 0),
                    "broken_parts": counts.get("broken_parts", 0),
                    "warc_records": _prefixed(counts, "records:"),
                    "skipped": _prefixed(counts, "skipped:"),
                },
                "dataset": {
                    "records": state.records + summary.records,
                    "failures": state.failures + summary.failures,
                },
                "resume": {
                    "enabled": self.arguments["resume"],
                    "units_before": summary.resumed_units,
                },
                "versions": library_versions(),
            }
        )


def _prefixed(counts: Counter[str], prefix: str) -> dict[str, int]:
    return {
        key[len(prefix) :]: value for key, value in sorted(counts.items()) if key.startswith(prefix)
    }
