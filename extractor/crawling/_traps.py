"""Crawler traps: link structures that never end (calendars, facets, one page under many URLs).

Three guards, each checked before a discovered URL is fetched, so a trap ends within bounds and
the summary says what was cut and why:

- **URL pattern budget** (``max_per_pattern``): a pattern is the host, the path with every run of
  digits written ``#`` and the sorted query parameter *names* (``/calendar/2024/05/17`` ->
  ``host/calendar/#/#/#``; ``/list?color=red&size=m`` -> ``host/list?color&size``). Once
  ``max_per_pattern`` pages of one pattern were fetched and none of them became a record, the
  rest of that pattern is cut. A pattern that yields records (exercise pages with numeric ids)
  is never cut: the budget is for what leads nowhere.
- **Query parameter budget** (``max_parameter_values``): the distinct values one query
  parameter takes at one path pattern (``sort``, ``color``, ``date``, ``sessionid``...). A URL
  bringing a new value past the budget is cut, unless that parameter has led to a record.
- **Path shape**: a path segment repeated more than ``_MAX_SEGMENT_REPEATS`` times
  (``/a/b/a/b/a/b/...``: relative links resolved against the wrong base) or a URL longer than
  ``_MAX_URL_LENGTH`` characters is cut.

And one after the fetch: **content hash**. A page that did not become a record whose bytes
equal an earlier page's (one page under many addresses: session ids, tracking or sort
parameters that change nothing) is a duplicate: its links are not followed again. A page that
echoes its own address in its bytes is not caught by this check; the budgets bound it.
Records are de-duplicated by their identity (``source_id``, ``language``) instead.
The tallies live in the SQLite frontier (``FrontierStore``), so they survive a resume.
"""

from __future__ import annotations

import hashlib
import re
from urllib.parse import parse_qsl, urlsplit

from ._scope import host_key
from ._store import FrontierStore

__all__ = ["TrapGuard", "url_pattern"]

_DIGITS = re.compile(r"\d+")
_MAX_SEGMENT_REPEATS = 3
_MAX_URL_LENGTH = 2048


def url_pattern(url: str) -> str:
    """``host/path`` with digit runs as ``#``, then ``?`` and the sorted parameter names."""
    parts = urlsplit(url)
    path = _DIGITS.sub("#", parts.path)
    names = sorted({name for name, _ in parse_qsl(parts.query, keep_blank_values=True)})
    return f"{host_key(url)}{path}" + (f"?{'&'.join(names)}" if names else "")


class TrapGuard:
    """Budgets per URL pattern and per query parameter, path shape checks, content hashes."""

    def __init__(
        self, store: FrontierStore, *, max_per_pattern: int, max_parameter_values: int
    ) -> None:
        self._store = store
        self.max_per_pattern = max_per_pattern
        self.max_parameter_values = max_parameter_values

    def refusal(self, url: str) -> str | None:
        """None when ``url`` may be fetched, else why it is cut (a key for the summary)."""
        if len(url) > _MAX_URL_LENGTH:
            return "url_too_long"
        parts = urlsplit(url)
        segments = [segment for segment in parts.path.split("/") if segment]
        if segments and max(segments.count(s) for s in set(segments)) > _MAX_SEGMENT_REPEATS:
            return "repeating_path"
        pages, records = self._store.pattern_counts(url_pattern(url))
        if not records and pages >= self.max_per_pattern:
            return "pattern_budget"
        for key, value in _parameters(url):
            seen, values, productive = self._store.parameter_state(key, value)
            if not seen and not productive and values >= self.max_parameter_values:
                return "parameter_budget"
        return None

    def fetched(self, url: str, *, record: bool) -> None:
        """Count a fetched page against its pattern and parameters."""
        self._store.count_pattern(url_pattern(url), record=record)
        if pairs := _parameters(url):
            self._store.count_parameters(pairs, record=record)

    def duplicate_of(self, url: str, body: bytes) -> str | None:
        """The earlier URL with the same bytes as this page, if any (else this one is noted)."""
        digest = _content_digest(body)
        return self._store.first_with_content(digest, url)


def _parameters(url: str) -> list[tuple[str, str]]:
    """(``path pattern ? name``, value) for each query parameter of ``url``."""
    parts = urlsplit(url)
    if not parts.query:
        return []
    where = f"{host_key(url)}{_DIGITS.sub('#', parts.path)}?"
    pairs = parse_qsl(parts.query, keep_blank_values=True)
    return sorted({(where + name, value) for name, value in pairs})


def _content_digest(body: bytes) -> bytes:
    # Exact bytes: removing the page's own address (which some pages echo) would also remove
    # it from a list of links that includes it, making copies of one page look different.
    return hashlib.sha256(body).digest()
