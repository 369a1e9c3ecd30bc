"""``extractor validate PATH...``: check datasets against the committed JSON Schema.

Prints ``path:line: message`` for each problem of each bad record, then a summary on stderr.
Exit codes: 0 every record is valid, 1 some record is not, 2 usage error or a path that cannot
be read (nothing to check counts as an error: a typo must not pass as "valid").
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .._exceptions import UnreadableInput
from ..dataset import dataset_files, validate_file
from ._common import EXIT_FATAL, EXIT_OK, EXIT_USAGE

__all__ = ["register", "run_validate"]


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``validate`` subcommand."""
    parser = subparsers.add_parser(
        "validate",
        help="check JSONL/JSON datasets against the record's JSON Schema",
        description="Check each record of .jsonl and .json files (or dataset folders: their "
        "exercises.jsonl and exercises.json) against the committed JSON Schema of its "
        "schema_version; print path:line: message for every problem. "
        "Exit codes: 0 all valid, 1 some record invalid, 2 usage error or unreadable path.",
    )
    parser.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="files or folders")
    parser.set_defaults(handler=run_validate)


def run_validate(args: argparse.Namespace) -> int:
    """Handler of ``extractor validate``; returns the exit code."""
    files: list[Path] = []
    for path in args.paths:
        if not path.exists():
            print(f"extractor validate: error: no such file or folder: {path}", file=sys.stderr)
            return EXIT_USAGE
        found = dataset_files(path)
        if not found:
            print(f"extractor validate: error: no exercises.jsonl in {path}", file=sys.stderr)
            return EXIT_USAGE
        files.extend(found)
    bad = 0
    for file in files:
        try:
            for problem in validate_file(file):
                bad += 1
                print(problem, flush=False)
        except UnreadableInput as exc:
            print(f"extractor validate: error: {exc}", file=sys.stderr)
            return EXIT_USAGE
    sys.stdout.flush()
    checked = ", ".join(str(file) for file in files)
    print(f"{bad} problem(s) in {checked}" if bad else f"valid: {checked}", file=sys.stderr)
    return EXIT_FATAL if bad else EXIT_OK
