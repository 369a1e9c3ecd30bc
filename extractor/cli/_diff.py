"""``extractor diff OLD NEW``: exercises added, removed and changed between two datasets.

Exit codes: 0 the datasets hold the same records, 1 they differ, 2 usage error or a dataset
that cannot be read.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .._exceptions import UnreadableInput
from ..dataset import diff_datasets
from ._common import EXIT_FATAL, EXIT_OK, EXIT_USAGE

__all__ = ["register", "run_diff"]


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``diff`` subcommand."""
    parser = subparsers.add_parser(
        "diff",
        help="exercises added, removed and changed between two datasets",
        description="Compare two datasets (folders, .jsonl or .json files) record by record, "
        "matched by (source_id, language). Text: '+' added, '-' removed, '~' changed with the "
        "fields that changed, then a summary. Exit codes: 0 equal, 1 different, 2 error.",
    )
    parser.add_argument("old", type=Path, metavar="OLD")
    parser.add_argument("new", type=Path, metavar="NEW")
    parser.add_argument(
        "--format", choices=("text", "json"), default="text", help="json: one object, for programs"
    )
    parser.add_argument(
        "--ignore",
        action="append",
        default=[],
        metavar="FIELD",
        help="leave FIELD out of the comparison (repeatable), e.g. content_sha256",
    )
    parser.set_defaults(handler=run_diff)


def run_diff(args: argparse.Namespace) -> int:
    """Handler of ``extractor diff``; returns the exit code."""
    try:
        result = diff_datasets(args.old, args.new, ignore=frozenset(args.ignore))
    except UnreadableInput as exc:
        print(f"extractor diff: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if args.format == "json":
        sys.stdout.write(json.dumps(result.as_json(), indent=2, ensure_ascii=False) + "\n")
    else:
        sys.stdout.writelines(line + "\n" for line in result.text_lines())
    sys.stdout.flush()
    return EXIT_OK if result.equal else EXIT_FATAL
