"""The ``extractor`` command: parse, crawl, extract, render, export, schema, validate, diff
and ``--version``.

Each subcommand registers itself on the parser and sets ``handler`` (a function of the parsed
arguments returning the exit code). Exit codes: 0 done, 1 fatal, 2 usage error, 130 interrupted.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence

from .._models import Exercise
from .._version import __version__
from . import _crawl, _diff, _export, _extract, _parse, _render, _validate

__all__ = ["build_parser", "main"]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code (never raises ``SystemExit``)."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version, or a usage error reported by argparse
        return _exit_code(exc.code)
    handler = getattr(args, "handler", None)
    if handler is None:
        parser.print_help(sys.stderr)
        return 2
    try:
        return int(handler(args))
    except SystemExit as exc:
        return _exit_code(exc.code)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `extractor schema | head`: the reader left; silence the flush at interpreter exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1


def build_parser() -> argparse.ArgumentParser:
    """The full argument parser, every subcommand registered."""
    parser = argparse.ArgumentParser(
        prog="extractor",
        description="Exercise pages in, exact typed JSON records out.",
    )
    parser.add_argument("--version", action="version", version=f"extractor {__version__}")
    subparsers = parser.add_subparsers(title="commands", metavar="COMMAND")
    _parse.register(subparsers)
    _crawl.register(subparsers)
    _extract.register(subparsers)
    _render.register(subparsers)
    _export.register(subparsers)
    _register_schema(subparsers)
    _validate.register(subparsers)
    _diff.register(subparsers)
    return parser


def _register_schema(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "schema",
        help="print the JSON Schema of a record",
        description="Print the JSON Schema of the record (one exercise) to stdout.",
    )
    parser.set_defaults(handler=_print_schema)


def _print_schema(_args: argparse.Namespace) -> int:
    schema = Exercise.model_json_schema()
    sys.stdout.write(json.dumps(schema, indent=2, ensure_ascii=False) + "\n")
    sys.stdout.flush()
    return 0


def _exit_code(code: object) -> int:
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    print(code, file=sys.stderr)  # SystemExit("message") means: print it, exit 1
    return 1
