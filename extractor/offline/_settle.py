"""A unit of work into its outcome: a page is parsed into a record or a failure.

These functions run in worker processes (a local pool or Dask workers): they take and
return picklable values and touch no file but the sources they are given.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from .._exceptions import ExtractionError
from .._models import Exercise, Failure
from ..dataset import utc_now
from ..parsing import parse_page
from ._sources import Source, iter_units
from ._units import Options, Page, Unit

__all__ = ["Outcome", "settle", "settle_chunk", "settle_source"]

#: What a unit becomes: one line of ``exercises.jsonl`` or of ``failures.jsonl``.
Outcome = Exercise | Failure


def settle(unit: Unit) -> Outcome:
    """Parse a page (a failure met while reading is already settled)."""
    if not isinstance(unit, Page):
        return unit
    try:
        return parse_page(unit.body, url=unit.url, content_type=unit.content_type)
    except ExtractionError as exc:
        return _failure(unit, exc, str(exc))
    except Exception as exc:  # a parser bug on one page must not lose the others
        return _failure(unit, exc, f"unexpected error: {exc}")


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
