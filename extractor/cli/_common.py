"""What the ``parse`` and ``crawl`` subcommands share: exit codes, usage errors, argument types.

Exit codes (documented in the README): 0 the run completed (failures are listed in
``failures.jsonl``), 1 fatal, 2 usage error, 130 interrupted (128 + SIGINT, the shell's
convention).
"""

from __future__ import annotations

import argparse
import re
import sys
from urllib.parse import urlsplit

__all__ = [
    "EXIT_FATAL",
    "EXIT_INTERRUPTED",
    "EXIT_OK",
    "EXIT_USAGE",
    "byte_size",
    "is_http_url",
    "positive_int",
    "usage_error",
]

EXIT_OK, EXIT_FATAL, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130

_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kmg]i?b?|b)?\s*$", re.IGNORECASE)
_UNITS = {"": 1, "b": 1, "k": 1024, "m": 1024**2, "g": 1024**3}


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


def byte_size(text: str) -> int:
    """argparse type: bytes, with an optional binary unit: ``512k``, ``10M``, ``10MiB``, ``1g``."""
    match = _SIZE.match(text)
    if match is None:
        raise argparse.ArgumentTypeError(f"not a size: {text!r} (e.g. 1048576, 512k, 10M)")
    unit = (match.group(2) or "").lower()[:1]
    value = int(float(match.group(1)) * _UNITS[unit])
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1 byte, not {text}")
    return value
