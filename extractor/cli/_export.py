"""``extractor export DIR --to FORMAT --output PATH``: a dataset into another store's format.

Exit codes: 0 exported (what could not be carried is in the warnings file and the summary),
1 fatal (the dataset cannot be read, the output or database cannot be written), 2 usage error.
"""

from __future__ import annotations

import argparse
import sys
import time
from functools import partial
from pathlib import Path

from .._exceptions import ExtractionError
from ..export import FORMATS, ExportOptions, export_dataset
from ._common import EXIT_FATAL, EXIT_OK, positive_int, usage_error

__all__ = ["register", "run_export"]


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``export`` subcommand."""
    formats = "; ".join(f"{name}: {spec.description}" for name, spec in FORMATS.items())
    parser = subparsers.add_parser(
        "export",
        help="export a dataset as CSV, Parquet, SQL, wger or free-exercise-db",
        description=f"Export DIR/exercises.jsonl. Formats: {formats}. What a format cannot "
        "carry is listed in a warnings file (JSON Lines) and summarised. Exit codes: 0 done, "
        "1 fatal, 2 usage error.",
    )
    parser.add_argument("directory", type=Path, metavar="DIR", help="a dataset folder")
    parser.add_argument(
        "--to",
        required=True,
        choices=sorted(FORMATS),
        metavar="FORMAT",
        help=f"one of: {', '.join(sorted(FORMATS))}",
    )
    parser.add_argument(
        "--output",
        "-o",
        type=Path,
        metavar="PATH",
        help="the file or folder to write (every format but sql)",
    )
    parser.add_argument(
        "--database",
        metavar="URL",
        help="sql: a SQLAlchemy URL, e.g. sqlite:///ex.db or postgresql+psycopg://user@host/db",
    )
    parser.add_argument(
        "--prune", action="store_true", help="sql: delete exercises the dataset no longer has"
    )
    parser.add_argument(
        "--warnings",
        type=Path,
        metavar="FILE",
        help="the warnings file (default: in a folder output, beside a file "
        "output, ./export-warnings.jsonl for sql)",
    )
    parser.add_argument(
        "--batch-size",
        type=positive_int,
        default=1000,
        metavar="N",
        help="records per parquet row group or database round trip (1000)",
    )
    parser.set_defaults(handler=partial(run_export, parser=parser))


def run_export(args: argparse.Namespace, *, parser: argparse.ArgumentParser) -> int:
    """Handler of ``extractor export``; returns the exit code."""
    spec = FORMATS[args.to]
    if spec.output == "database":
        if not args.database:
            return usage_error(parser, f"--to {args.to} needs --database URL")
        if args.output is not None:
            return usage_error(parser, f"--to {args.to} writes to --database, not --output")
    else:
        if args.output is None:
            return usage_error(parser, f"--to {args.to} needs --output PATH")
        if args.database or args.prune:
            return usage_error(parser, "--database and --prune are for --to sql")
    options = ExportOptions(
        output=args.output, database=args.database, prune=args.prune, batch_size=args.batch_size
    )
    start = time.perf_counter()
    try:
        result = export_dataset(args.directory, args.to, options, warnings_file=args.warnings)
    except ExtractionError as exc:
        print(f"extractor export: error: {exc}", file=sys.stderr)
        return EXIT_FATAL
    counts = ", ".join(f"{name} {value}" for name, value in result.counts.items())
    print(
        f"extractor export: {args.to} ({counts}) in {time.perf_counter() - start:.2f} s "
        f"to {result.target}; {result.summary}; warnings in {result.warnings_path}",
        file=sys.stderr,
    )
    return EXIT_OK
