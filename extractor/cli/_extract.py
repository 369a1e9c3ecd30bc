"""``extractor extract SOURCE... --output DIR``: WARC archives and saved pages into a dataset.

A thin layer over ``extractor.offline.extract``. Exit codes: 0 completed (failures are listed
in ``failures.jsonl``), 1 fatal (the output cannot be written, the cluster cannot be reached),
2 usage error (a bad regex, a number, a DIR holding another run's dataset), 130 interrupted.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from functools import partial
from pathlib import Path

from .._exceptions import ExtractionError
from ..offline import DEFAULT_INCLUDE, ExtractSummary, SourcesChanged, extract
from ._common import EXIT_FATAL, EXIT_INTERRUPTED, EXIT_OK, byte_size, positive_int, usage_error

__all__ = ["register", "run_extract"]

_DEFAULT_MAX_BYTES = 10 * 1024 * 1024


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``extract`` subcommand."""
    parser = subparsers.add_parser(
        "extract",
        help="extract exercise pages from WARC archives and saved pages into a dataset",
        description="Read WARC files (.warc, .warc.gz, .arc, .arc.gz: a crawl's own DIR/warc, "
        "Common Crawl segments, any tool's), saved pages (.html, .htm, .txt) and folders of "
        "both, and write DIR/exercises.jsonl, DIR/failures.jsonl and DIR/manifest.json, as a "
        "crawl does. Output order is source order whatever --workers. A second run on the "
        "same DIR with the same sources resumes. Exit codes: 0 done (failures listed), "
        "1 fatal, 2 usage error, 130 interrupted.",
    )
    parser.add_argument("sources", nargs="+", type=Path, metavar="SOURCE", help="files, folders")
    parser.add_argument(
        "--output", "-o", type=Path, default=Path("output"), metavar="DIR", help="default: output/"
    )
    parser.add_argument(
        "--include",
        default=DEFAULT_INCLUDE,
        metavar="REGEX",
        help=f"page URLs to parse must match it (re.search; default {DEFAULT_INCLUDE!r})",
    )
    parser.add_argument(
        "--workers",
        type=positive_int,
        default=None,
        metavar="N",
        help=f"parsing processes (default: all cores, here {os.cpu_count()}; 1 = in process)",
    )
    parser.add_argument(
        "--dask",
        metavar="ADDRESS",
        help="run on the Dask cluster whose scheduler is ADDRESS (tcp://host:8786), one task "
        "per WARC file or shard of pages; workers must see the same paths",
    )
    parser.add_argument(
        "--max-bytes",
        type=byte_size,
        default=_DEFAULT_MAX_BYTES,
        metavar="B",
        help="larger payloads are listed as failures; accepts 512k, 10M (default 10M)",
    )
    parser.add_argument(
        "--no-resume", action="store_true", help="start over: remove DIR's earlier dataset"
    )
    parser.add_argument(
        "--format",
        choices=("jsonl", "json"),
        default="jsonl",
        help="json also writes DIR/exercises.json (one array)",
    )
    parser.set_defaults(handler=partial(run_extract, parser=parser))


def run_extract(args: argparse.Namespace, *, parser: argparse.ArgumentParser) -> int:
    """Handler of ``extractor extract``; returns the exit code."""
    try:
        re.compile(args.include)
    except re.error as exc:
        return usage_error(parser, f"--include is not a valid regular expression: {exc}")
    missing = [str(path) for path in args.sources if not os.path.lexists(path)]
    if missing:
        return usage_error(parser, f"no such file or directory: {', '.join(missing)}")
    try:
        summary = extract(
            args.sources,
            output=args.output,
            include=args.include,
            workers=args.workers,
            dask=args.dask,
            resume=not args.no_resume,
            max_bytes=args.max_bytes,
            output_format=args.format,
        )
    except SourcesChanged as exc:
        return usage_error(parser, str(exc))
    except (ExtractionError, OSError) as exc:
        print(f"extractor extract: error: {exc}", file=sys.stderr)
        return EXIT_FATAL
    except Exception as exc:  # e.g. the Dask scheduler cannot be reached
        print(f"extractor extract: error: {type(exc).__name__}: {exc}", file=sys.stderr)
        return EXIT_FATAL
    print(_summary_line(summary, args.output), file=sys.stderr)
    return EXIT_INTERRUPTED if summary.interrupted else EXIT_OK


def _summary_line(summary: ExtractSummary, output: Path) -> str:
    skipped = sum(v for k, v in summary.counts.items() if k.startswith("skipped:"))
    by_type = ", ".join(f"{k} {v}" for k, v in sorted(summary.failures_by_type.items()))
    detail = f" ({by_type})" if by_type else ""
    resumed = f", {summary.resumed_units} settled before" if summary.resumed_units else ""
    stopped = " - interrupted" if summary.interrupted else ""
    return (
        f"extractor extract: {summary.records} records, {summary.failures} failures{detail}, "
        f"{skipped} skipped{resumed} in {summary.elapsed_seconds:.2f} s; "
        f"output in {output}{os.sep}{stopped}"
    )
