"""Re-crawls: each URL's fetch facts kept, conditional requests from an earlier dataset.

Every crawl writes ``fetches.jsonl`` (status, ``ETag``, ``Last-Modified``, time, outcome per
URL). ``crawl --since OLD`` then:

- asks again with the validators OLD's server sent (``If-None-Match`` from the ``ETag``,
  ``If-Modified-Since`` from the ``Last-Modified``; none when it sent none: a date is never
  guessed from the fetch time, since the server's clock and rules are its own);
- on a 304 copies OLD's record without fetching a body or parsing anything;
- parses what changed (a 200) and what is new (a URL OLD did not have);
- visits OLD's URLs that the sources no longer list, and lists a URL that answers 404 or
  410 in ``removed.jsonl`` (and counts it in the manifest).

Why httpx's own headers and not hishel: hishel is an HTTP cache that stores response bodies
and answers a 304 with the cached body, which would be parsed again; what a re-crawl keeps is
the record, not the page, and OLD already holds it. Sending two headers from OLD's facts and
treating a 304 as "copy the record" is the whole protocol (RFC 9110 §13.1), with nothing
stored twice.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .._exceptions import FetchError
from .._models import Exercise
from ..dataset import (
    GONE_STATUSES,
    DatasetWriter,
    FetchFacts,
    FetchLog,
    PreviousDataset,
    Removed,
    utc_now,
)

if TYPE_CHECKING:
    from ._fetch import FetchResult

__all__ = ["Recrawl"]

_NO_VALIDATORS: dict[str, str] = {}


class Recrawl:
    """This run's fetch facts, and the earlier dataset of a ``--since`` run (if any).

    ``previous`` is opened by the caller before the output is (a bad ``--since`` must not
    touch the new dataset); ``Recrawl`` closes it.
    """

    def __init__(self, writer: DatasetWriter, previous: PreviousDataset | None) -> None:
        self._log = FetchLog(writer)
        self._previous = previous
        self.conditional = 0
        self.not_modified = 0
        self.changed = 0
        self.new = 0
        self.removed = 0

    @staticmethod
    def open_previous(since: Path | None) -> PreviousDataset | None:
        """The earlier dataset, indexed; ``UnreadableInput`` if it cannot be used."""
        return PreviousDataset(since) if since is not None else None

    def __enter__(self) -> Recrawl:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._log.close()
        if self._previous is not None:
            self._previous.close()

    def revisit(self) -> Iterator[str]:
        """The earlier dataset's URLs (those the sources still list are skipped as seen)."""
        return self._previous.urls() if self._previous is not None else iter(())

    def validators(self, url: str) -> dict[str, str]:
        """Conditional request headers for ``url`` (none outside a ``--since`` run)."""
        if self._previous is None:
            return _NO_VALIDATORS
        headers = self._previous.validators(url)
        self.conditional += bool(headers)
        return headers

    def unchanged(self, url: str, result: FetchResult) -> tuple[Exercise, FetchFacts] | None:
        """On a 304: the earlier record and the facts to keep (the 304 may renew validators)."""
        if self._previous is None:
            return None
        record = self._previous.record(url)
        if record is None:
            return None
        self.not_modified += 1
        etag, last_modified = self._previous.facts(url)
        facts = _facts(url, result, "unchanged", record)
        renewed = {
            "etag": result.etag or etag,
            "last_modified": result.last_modified or last_modified,
        }
        return record, facts.model_copy(update=renewed)

    def parsed(self, url: str, result: FetchResult, record: Exercise, *, written: bool) -> None:
        """A page was fetched (200) and parsed into ``record``."""
        if written:
            if self._previous is not None and url in self._previous:
                self.changed += 1
            elif self._previous is not None:
                self.new += 1
        self._log.fetched(_facts(url, result, "record" if written else "duplicate", record))

    def kept(self, facts: FetchFacts, *, written: bool) -> None:
        """An earlier record was copied on a 304 (``facts`` from ``unchanged``)."""
        outcome = "unchanged" if written else "duplicate"
        self._log.fetched(facts.model_copy(update={"outcome": outcome}))

    def failed(self, url: str, error: BaseException, result: FetchResult | None = None) -> None:
        """A URL ended as a failure; one that is gone (404/410) and was in OLD is removed."""
        status = result.status if result is not None else getattr(error, "status", None)
        gone = isinstance(error, FetchError) and status in GONE_STATUSES
        earlier = self._previous.record(url) if gone and self._previous is not None else None
        facts = FetchFacts(
            url=url,
            final_url=result.final_url if result is not None else None,
            status=status,
            etag=result.etag if result is not None else None,
            last_modified=result.last_modified if result is not None else None,
            time=utc_now(),
            outcome="removed" if earlier is not None else "failure",
        )
        self._log.fetched(facts)
        if earlier is not None and status is not None:
            self.removed += 1
            self._log.removed(
                Removed(
                    url=url,
                    status=status,
                    source_id=earlier.source_id,
                    language=earlier.language,
                    name=earlier.name,
                    time=facts.time,
                )
            )

    def manifest(self) -> dict[str, Any] | None:
        """The manifest's ``since`` block (None outside a ``--since`` run)."""
        if self._previous is None:
            return None
        return {
            "dataset": str(self._previous.directory),
            "known_urls": len(self._previous),
            "conditional_requests": self.conditional,
            "not_modified": self.not_modified,
            "changed": self.changed,
            "new": self.new,
            "removed": self.removed,
        }


def _facts(url: str, result: FetchResult, outcome: Any, record: Exercise) -> FetchFacts:
    return FetchFacts(
        url=url,
        final_url=result.final_url,
        status=result.status,
        etag=result.etag,
        last_modified=result.last_modified,
        time=utc_now(),
        outcome=outcome,
        source_id=record.source_id,
        language=record.language,
    )
