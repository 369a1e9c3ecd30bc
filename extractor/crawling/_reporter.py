"""What a crawl tells its observers: the ``Reporter`` hooks and the ``CrawlSummary`` of a run.

The crawler calls a ``Reporter``'s ``on_*`` methods as pages settle; the base class ignores
them all, so an observer overrides only what it needs. The observers people see (a progress bar,
log lines) live in ``extractor.cli``: crawling knows only this interface.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict

if TYPE_CHECKING:
    from .._models import Exercise, Failure
    from ._settings import CrawlSettings

__all__ = ["CrawlSummary", "Reporter"]


class CrawlSummary(BaseModel):
    """What one run did (also the ``counts`` of ``manifest.json``)."""

    model_config = ConfigDict(frozen=True)

    status: Literal["completed", "interrupted"]
    """``interrupted``: stopped by a signal or ``request_stop()``; the rest is for the next run."""
    records: int
    """Records written by this run."""
    failures: int
    """Failures written by this run."""
    failures_by_type: dict[str, int]
    """Failures by ``error_type`` (``TooLarge``, ``ListingPage``, ...), sorted by name."""
    duplicates: int
    """Pages whose ``source_id`` was already written (by this run or an earlier one)."""
    skipped_resume: int
    """URLs not fetched because an earlier run settled them (record or permanent failure)."""
    excluded: int
    """Listed URLs not matching ``settings.include``."""
    retries: int
    """Retries the fetcher made (all URLs)."""
    queued: int
    """Distinct URLs taken into the frontier by this run."""
    pending: int
    """URLs queued but not settled (an interrupted run leaves them for the next one)."""
    resumed_records: int
    """Records already in the output when the run started."""
    pages: int = 0
    """(``--follow``) Fetched pages written to ``pages.jsonl``: hubs and pages kept out."""
    pages_by_kind: dict[str, int] = {}
    """``pages.jsonl`` lines by ``kind`` (``hub``, ``noindex``, ``not_included``,
    ``duplicate_content``), sorted."""
    discovered: int = 0
    """(``--follow``) URLs this run added to the frontier (start URLs included)."""
    cut: dict[str, int] = {}
    """(``--follow``) Links and URLs not fetched, by reason (``off_site``, ``never_content``,
    ``max_depth``, ``max_pages``, ``pattern_budget``, ``parameter_budget``...), sorted."""
    started: datetime
    finished: datetime
    elapsed_seconds: float
    pages_per_second: float
    """Pages settled (records, failures, duplicates) per second of the run."""
    output: Path

    @property
    def interrupted(self) -> bool:
        """True when the run did not finish its frontier."""
        return self.status == "interrupted"


class Reporter:
    """Observer of a crawl; every method is a no-op here. Called from the event loop."""

    def on_start(self, settings: CrawlSettings, *, resumed_records: int) -> None:
        """The run begins; ``resumed_records`` records were already in the output."""

    def on_queued(self, url: str) -> None:
        """A new URL entered the frontier (normalised, not seen before, not done)."""

    def on_frontier_done(self) -> None:
        """Every source of URLs is exhausted: the number queued is now final."""

    def on_skipped(self, url: str, reason: str) -> None:
        """A URL was not fetched: done by an earlier run, or excluded by ``--include``."""

    def on_record(self, url: str, record: Exercise, seconds: float) -> None:
        """A page became a record (written)."""

    def on_duplicate(self, url: str, source_id: str) -> None:
        """A page's ``source_id`` was already written; the record was not written again."""

    def on_page(self, url: str, kind: str, reason: str | None) -> None:
        """(``--follow``) A fetched page became a ``pages.jsonl`` line (a hub...)."""

    def on_failure(self, failure: Failure) -> None:
        """A URL ended as a failure (written to ``failures.jsonl``)."""

    def on_retry(self, url: str, attempt: int, reason: str, delay: float) -> None:
        """The fetcher will try ``url`` again in ``delay`` seconds (from ``FetchEvents``)."""

    def on_warning(self, message: str) -> None:
        """Something about the whole run worth a look (e.g. no browser: not rendering)."""

    def on_stopping(self, reason: str) -> None:
        """A stop was requested (SIGINT/SIGTERM): no new URLs are taken."""

    def on_finish(self, summary: CrawlSummary) -> None:
        """The run ended (completed or interrupted); the manifest is written."""

    def on_error(self, error: BaseException) -> None:
        """The run stopped on a fatal error (``error`` is raised to the caller next)."""
