"""What flows from the sources to the workers: pages to parse, failures met while reading."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from .._models import Failure

__all__ = ["Options", "Page", "Unit"]


@dataclass(frozen=True, slots=True)
class Page:
    """One page to parse: a WARC response's payload or a saved file's bytes."""

    body: bytes
    url: str | None
    """The page's URL (``WARC-Target-URI``, or a saved page's "saved from" mark)."""
    content_type: str | None
    path: str | None = None
    """The saved file, for failures of pages without a URL."""
    rendered: bool = False
    """The body is a DOM a crawl rendered in a browser (a WARC ``conversion`` record)."""
    render_stopped: str | None = None
    """Why the crawl stopped waiting for that DOM, as archived."""


#: One unit of work: a page to parse, or a failure met while reading (settled as it is).
Unit = Page | Failure


@dataclass(frozen=True, slots=True)
class Options:
    """How sources are read (the same in every worker)."""

    include: str
    """Regex a page URL must match (``re.search``) to be parsed."""
    max_bytes: int
    """Larger payloads are listed as ``TooLarge`` failures instead of being parsed."""
    rendered_responses: frozenset[str] = frozenset()
    """``WARC-Record-ID`` of the responses a crawl rendered: their DOM is read instead."""

    def included(self, url: str) -> bool:
        return _compiled(self.include).search(url) is not None


_PATTERNS: dict[str, re.Pattern[str]] = {}


def _compiled(pattern: str) -> re.Pattern[str]:
    compiled = _PATTERNS.get(pattern)
    if compiled is None:
        compiled = _PATTERNS[pattern] = re.compile(pattern)
    return compiled


def new_counts() -> Counter[str]:
    """Tallies of what was read and skipped (record types, skip reasons)."""
    return Counter()
