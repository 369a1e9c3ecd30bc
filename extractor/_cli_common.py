"""What the ``parse`` and ``crawl`` subcommands share: exit codes, usage errors, argument types.

Exit codes (documented in the README): 0 the run completed (failures are listed in
``failures.jsonl``), 1 fatal, 2 usage error, 130 interrupted (128 + SIGINT, the shell's
convention).
"""

from __future__ import annotations

import argparse
import sys
from urllib.parse import urlsplit

__all__ = [
    "EXIT_FATAL",
    "EXIT_INTERRUPTED",
    "EXIT_OK",
    "EXIT_USAGE",
    "is_http_url",
    "positive_int",
    "usage_error",
]

EXIT_OK, EXIT_FATAL, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130


def usage_error(parser: argparse.ArgumentParser, message: str) -> int:
    """Print the usage line and ``message`` the way argparse does; return ``EXIT_USAGE``."""
    parser.print_usage(sys.stderr)
    print(f"{parser.prog}: error: {message}", file=sys.stderr)
    return EXIT_USAGE


def is_http_url(url: str) -> bool:
    """Whether ``url`` is an absolute http(s) URL with a host part."""
    parts = urlsplit(url)
    return parts.scheme in {"http", "https"} and bool(parts.netloc)


def positive_int(text: str) -> int:
    """argparse type: an integer of at least 1."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an integer: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {text}")
    return value
