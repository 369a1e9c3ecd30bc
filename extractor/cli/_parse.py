"""``extractor parse PATH... [--url URL] [--output DIR]``: local files into a dataset.

Each file is read, handed to ``parse_page`` and written as a record or a failure; one bad
file (unreadable, binary, not an exercise page, a parser bug) never stops the others.
Exit codes: 0 completed (failures are listed in ``failures.jsonl``), 1 fatal (the output
cannot be written), 2 usage error, 130 interrupted (Ctrl-C; the manifest is still written).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, Literal

from .._exceptions import ExtractionError, OutputError, UnreadableInput
from .._models import SCHEMA_VERSION, Exercise, Failure
from ..dataset import DatasetWriter, library_versions, timing_summary, utc_now
from ..offline import read_page_file
from ._common import EXIT_FATAL, EXIT_INTERRUPTED, EXIT_OK, byte_size, is_http_url, usage_error

__all__ = ["CONTENT_TYPES", "collect_inputs", "register", "run_parse"]

#: File extensions read from folders, and the content type each one implies.
CONTENT_TYPES = {
    ".html": "text/html",
    ".htm": "text/html",
    ".txt": "text/plain",
    ".md": "text/markdown",
    ".markdown": "text/markdown",
}

#: Larger files are listed as failures instead of being read into memory.
DEFAULT_MAX_BYTES = 10 * 1024 * 1024

Parser = Callable[..., Exercise]
Stage = Literal["read", "parse"]


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``parse`` subcommand."""
    parser = subparsers.add_parser(
        "parse",
        help="parse local pages (.html, .htm, .txt, .md) into a dataset",
        description="Parse local exercise pages into DIR/exercises.jsonl, DIR/failures.jsonl "
        "and DIR/manifest.json. Folders are searched recursively for .html, .htm, .txt, .md "
        "and .markdown files, in sorted order. Exit codes: 0 done (failures listed), 1 fatal, "
        "2 usage error.",
    )
    parser.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="files or folders")
    parser.add_argument("--url", help="the page's URL (source id, slug, language); one file only")
    parser.add_argument(
        "--output", "-o", type=Path, default=Path("output"), metavar="DIR", help="default: output/"
    )
    parser.add_argument(
        "--format",
        choices=("jsonl", "json"),
        default="jsonl",
        help="json also writes DIR/exercises.json (one array)",
    )
    parser.add_argument(
        "--max-bytes",
        type=byte_size,
        default=DEFAULT_MAX_BYTES,
        metavar="B",
        help="larger files are listed as failures; accepts 512k, 10M (default 10M)",
    )
    parser.set_defaults(handler=partial(run_parse, parser=parser))


@dataclass(slots=True)
class _Run:
    """What happened during one ``parse`` run (for the manifest and the summary line)."""

    started: str = field(default_factory=utc_now)
    clock: float = field(default_factory=time.perf_counter)
    files: int = 0
    records: int = 0
    failure_types: Counter[str] = field(default_factory=Counter)
    timings: list[float] = field(default_factory=list)
    slowest: tuple[float, str] = (0.0, "")
    interrupted: bool = False

    def timed(self, path: Path, seconds: float) -> None:
        self.timings.append(seconds)
        self.slowest = max(self.slowest, (seconds, str(path)))


def run_parse(args: argparse.Namespace, *, parser: argparse.ArgumentParser) -> int:
    """Handler of ``extractor parse``; returns the exit code."""
    missing = [str(path) for path in args.paths if not os.path.lexists(path)]
    if missing:
        return usage_error(parser, f"no such file or directory: {', '.join(missing)}")
    if args.url is not None and not is_http_url(args.url):
        return usage_error(parser, f"--url must be an absolute http(s) URL, not {args.url!r}")
    files, walk_failures = collect_inputs(args.paths)
    if args.url is not None and len(files) != 1:
        return usage_error(parser, f"--url names one page, but {len(files)} files were given")

    from ..parsing import parse_page

    run = _Run()
    try:
        with DatasetWriter(args.output) as writer:
            for failure in walk_failures:
                _record_failure(writer, run, failure)
            try:
                for path in files:
                    _parse_one(writer, run, path, args, parse_page)
            except KeyboardInterrupt:
                run.interrupted = True
            writer.write_manifest(_manifest(run, args, writer))
            if args.format == "json":
                writer.write_json_array()
    except OutputError as exc:
        print(f"extractor parse: error: {exc}", file=sys.stderr)
        return EXIT_FATAL
    print(_summary(run, args.output), file=sys.stderr)
    return EXIT_INTERRUPTED if run.interrupted else EXIT_OK


def collect_inputs(paths: Iterable[Path]) -> tuple[list[Path], list[Failure]]:
    """Files to parse, in a deterministic order, and failures met while walking folders.

    A file named on the command line is taken whatever its extension; folders contribute
    their .html/.htm/.txt/.md/.markdown files, recursively, sorted. A file named twice is
    parsed once.
    """
    files: list[Path] = []
    failures: list[Failure] = []
    seen: set[str] = set()
    for path in paths:
        found = _walk(path, failures) if path.is_dir() else [path]
        for file in found:
            identity = os.path.realpath(file)
            if identity not in seen:
                seen.add(identity)
                files.append(file)
    return files, failures


def _walk(folder: Path, failures: list[Failure]) -> list[Path]:
    def unreadable(error: OSError) -> None:
        where = error.filename or str(folder)
        reason = f"cannot list folder: {error.strerror or error}"
        failures.append(_failure(where, "read", UnreadableInput(reason)))

    found = [
        Path(root, name)
        for root, _dirs, names in os.walk(folder, onerror=unreadable)
        for name in names
        if Path(name).suffix.lower() in CONTENT_TYPES
    ]
    return sorted(found, key=lambda file: file.relative_to(folder).parts)


def _parse_one(
    writer: DatasetWriter, run: _Run, path: Path, args: argparse.Namespace, parse_page: Parser
) -> None:
    run.files += 1
    try:
        content = read_page_file(path, args.max_bytes)
    except ExtractionError as exc:
        _record_failure(writer, run, _failure(str(path), "read", exc))
        return
    content_type = CONTENT_TYPES.get(path.suffix.lower())
    start = time.perf_counter()
    try:
        record = parse_page(content, url=args.url, content_type=content_type)
    except ExtractionError as exc:
        failure = _failure(str(path), "parse", exc)
    except Exception as exc:  # a parser bug on one page must not lose the other pages
        failure = _failure(str(path), "parse", exc, prefix="unexpected error: ")
    else:
        run.timed(path, time.perf_counter() - start)
        writer.write_record(record)
        run.records += 1
        return
    run.timed(path, time.perf_counter() - start)
    _record_failure(writer, run, failure)


def _failure(where: str, stage: Stage, error: Exception, *, prefix: str = "") -> Failure:
    reason = str(error) or (type(error).__doc__ or type(error).__name__).strip()
    return Failure(
        path=where,
        stage=stage,
        error_type=type(error).__name__,
        reason=prefix + reason,
        time=utc_now(),
    )


def _record_failure(writer: DatasetWriter, run: _Run, failure: Failure) -> None:
    writer.write_failure(failure)
    run.failure_types[failure.error_type] += 1


def _manifest(run: _Run, args: argparse.Namespace, writer: DatasetWriter) -> dict[str, Any]:
    timings: dict[str, Any] = dict(timing_summary(run.timings))
    if run.timings:
        timings["slowest"] = {"path": run.slowest[1], "ms": round(run.slowest[0] * 1000, 3)}
    return {
        "command": "parse",
        "schema_version": SCHEMA_VERSION,
        "started": run.started,
        "finished": utc_now(),
        "duration_seconds": round(time.perf_counter() - run.clock, 4),
        "interrupted": run.interrupted,
        "arguments": {
            "paths": [str(path) for path in args.paths],
            "url": args.url,
            "output": str(args.output),
            "format": args.format,
            "max_bytes": args.max_bytes,
        },
        "counts": {
            "files": run.files,
            "records": writer.records_written,
            "failures": writer.failures_written,
            "failures_by_type": dict(sorted(run.failure_types.items())),
        },
        "timings": timings,
        "versions": library_versions(),
    }


def _summary(run: _Run, output: Path) -> str:
    failures = sum(run.failure_types.values())
    by_type = ", ".join(f"{name} {count}" for name, count in sorted(run.failure_types.items()))
    detail = f" ({by_type})" if by_type else ""
    elapsed = time.perf_counter() - run.clock
    stopped = " - interrupted" if run.interrupted else ""
    return (
        f"extractor parse: {_count(run.files, 'file')} -> {_count(run.records, 'record')}, "
        f"{_count(failures, 'failure')}{detail} in {elapsed:.2f} s; "
        f"output in {output}{os.sep}{stopped}"
    )


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"
