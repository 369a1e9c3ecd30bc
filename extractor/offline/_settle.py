"""A unit of work into its outcome: a page is parsed into a record or a failure.

These functions run in worker processes (a local pool or Dask workers): they take and
return picklable values and touch no file but the sources they are given.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from .._exceptions import ExtractionError
from .._models import Exercise, Failure
from ..dataset import record_identity, record_line, utc_now
from ..parsing import normalise_url, parse_page
from ..rendering import read_rendered
from ._sources import Source, iter_units
from ._units import Options, Page, Unit

__all__ = ["Outcome", "RecordLine", "settle", "settle_chunk", "settle_source"]


@dataclass(frozen=True, slots=True)
class RecordLine:
    """A record, serialised where it was parsed (the writer only appends the bytes)."""

    line: bytes
    """The record's line of ``exercises.jsonl`` (``record_line``)."""
    identity: tuple[str, str | None] | str | None
    """What makes two records the same: (``source_id``, ``language``), else the normalised URL."""
    url: str | None


#: What a unit becomes: one line of ``exercises.jsonl`` or of ``failures.jsonl``.
Outcome = RecordLine | Failure


def settle(unit: Unit) -> Outcome:
    """Parse a page (a failure met while reading is already settled)."""
    if not isinstance(unit, Page):
        return unit
    try:
        record = _parse(unit)
    except ExtractionError as exc:
        return _failure(unit, exc, str(exc))
    except Exception as exc:  # a parser bug on one page must not lose the others
        return _failure(unit, exc, f"unexpected error: {exc}")
    return RecordLine(record_line(record), identity(record), record.url)


def _parse(page: Page) -> Exercise:
    if page.rendered and page.url is not None:  # read as the crawl read it (a str DOM)
        dom = page.body.decode("utf-8", "replace")
        stopped = page.render_stopped or "why is not in the archive"
        return read_rendered(dom, url=page.url, stopped=stopped)
    return parse_page(page.body, url=page.url, content_type=page.content_type)


def identity(record: Exercise) -> tuple[str, str | None] | str | None:
    """A record's identity as a crawl de-duplicates: (``source_id``, ``language``), else its
    normalised URL (translations of one exercise are other records)."""
    key = record_identity(record.source_id, record.language)
    if key is not None:
        return key
    if record.url:
        try:
            return normalise_url(record.url)
        except ValueError:
            return record.url
    return None


def settle_chunk(units: Sequence[Unit]) -> list[Outcome]:
    """``settle`` over a chunk (one inter-process message per chunk, not per page)."""
    return [settle(unit) for unit in units]


def settle_source(source: Source, options: Options) -> tuple[list[Outcome], Counter[str]]:
    """A whole source read and parsed where it runs (one Dask task): outcomes and tallies."""
    counts: Counter[str] = Counter()
    outcomes = [settle(unit) for unit in iter_units(source, options, counts)]
    return outcomes, counts


def _failure(page: Page, error: Exception, reason: str) -> Failure:
    return Failure(
        url=page.url,
        path=page.path if page.url is None else None,
        stage="parse",
        error_type=type(error).__name__,
        reason=reason or (type(error).__doc__ or type(error).__name__).strip(),
        time=utc_now(),
    )
