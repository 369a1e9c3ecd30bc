"""Saved pages (``.html``, ``.htm``, ``.txt`` files) as work units.

A page saved by a browser often says where it came from: Chrome and Internet Explorer write
``<!-- saved from url=(0042)https://... -->``, SingleFile writes ``url: https://...`` in its
opening comment. That URL (only from the first comment block, only http(s)) gives the record
its identity and is what ``--include`` is matched against; a page without one is parsed
without a URL (the parser may still find its identity in the page).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

from .._exceptions import TooLarge, UnreadableInput
from .._models import Failure
from ..dataset import utc_now
from ._units import Options, Page, Unit

__all__ = ["PAGE_SUFFIXES", "iter_pages", "read_page_file", "saved_from_url"]

#: Saved-page file extensions, and the content type each one implies.
PAGE_SUFFIXES = {".html": "text/html", ".htm": "text/html", ".txt": "text/plain"}
_HEAD_BYTES = 4096
_SAVED_FROM = re.compile(
    rb"<!--\s*saved from url=\(\d+\)(https?://[^\s>]+?)\s*-->"
    rb"|<!--[^>]{0,400}?\burl:\s*(https?://[^\s>]+)",
    re.IGNORECASE,
)


def iter_pages(files: Iterable[str], options: Options, counts: Counter[str]) -> Iterator[Unit]:
    """One unit per file, in the given order."""
    for name in files:
        counts["files"] += 1
        try:
            body = read_page_file(Path(name), options.max_bytes)
        except (TooLarge, UnreadableInput) as exc:
            yield Failure(
                path=name,
                stage="read",
                error_type=type(exc).__name__,
                reason=str(exc),
                time=utc_now(),
            )
            continue
        url = saved_from_url(body)
        if url is not None and not options.included(url):
            counts["skipped:excluded"] += 1
            continue
        content_type = PAGE_SUFFIXES.get(Path(name).suffix.lower())
        yield Page(body=body, url=url, content_type=content_type, path=name)


def saved_from_url(body: bytes) -> str | None:
    """The URL a saved page names in its opening comment, if any."""
    match = _SAVED_FROM.search(body[:_HEAD_BYTES])
    if match is None:
        return None
    found = match.group(1) or match.group(2)
    return found.decode("ascii", "replace")


def read_page_file(path: Path, max_bytes: int) -> bytes:
    """A saved page's bytes; ``TooLarge`` past ``max_bytes``, ``UnreadableInput`` if unreadable."""
    try:
        with path.open("rb") as handle:
            content = handle.read(max_bytes + 1)
    except OSError as exc:
        raise UnreadableInput(f"cannot read file: {exc.strerror or exc}") from exc
    if len(content) > max_bytes:
        raise TooLarge(f"file is larger than {max_bytes} bytes (--max-bytes)")
    return content
