"""Progress of a crawl, for people and for machines.

The crawler calls a ``Reporter``'s ``on_*`` methods as pages settle (the observer base class
lives in ``extractor.crawling``). Three observers come built in:

- ``RichReporter``: on a terminal, a live progress bar (done / failed / retrying /
  queued, pages per second, ETA) and a summary table at the end.
- ``LogReporter``: one plain line per page event and a summary line (logs, CI).
- ``LogReporter(json_lines=True)``: the same events as one JSON object per line.

``make_reporter`` picks between them the way the CLI does.
"""

from __future__ import annotations

import json
import sys
import time
from collections import Counter
from typing import IO, TYPE_CHECKING, Any, Literal

from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TaskID,
    TextColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from ..crawling import Reporter
from ..dataset import utc_now

if TYPE_CHECKING:
    from .._models import Exercise, Failure
    from ..crawling import CrawlSettings, CrawlSummary

__all__ = ["LogReporter", "RichReporter", "make_reporter"]

LogFormat = Literal["text", "json"]


def make_reporter(log_format: LogFormat = "text", stream: IO[str] | None = None) -> Reporter:
    """``RichReporter`` on a terminal with text logs; otherwise ``LogReporter``."""
    out = stream if stream is not None else sys.stderr
    if log_format == "json":
        return LogReporter(out, json_lines=True)
    if out.isatty():
        return RichReporter(Console(file=out))
    return LogReporter(out)


class LogReporter(Reporter):
    """One line per page event and a summary line; ``json_lines`` for machines."""

    def __init__(self, stream: IO[str] | None = None, *, json_lines: bool = False) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.json_lines = json_lines

    def _emit(self, event: str, text: str, **fields: Any) -> None:
        if self.json_lines:
            line = json.dumps({"time": utc_now(), "event": event, **fields}, ensure_ascii=False)
        else:
            line = f"{utc_now()} {event:<9} {text}"
        self.stream.write(line + "\n")
        self.stream.flush()

    def on_start(self, settings: CrawlSettings, *, resumed_records: int) -> None:
        rate = "unlimited" if settings.rate is None else f"{settings.rate:g}/s per host"
        self._emit(
            "start",
            f"output {settings.output} - concurrency {settings.concurrency}, rate {rate}, "
            f"resume {'on' if settings.resume else 'off'} ({resumed_records} records already)",
            output=str(settings.output),
            concurrency=settings.concurrency,
            rate=settings.rate,
            resume=settings.resume,
            resumed_records=resumed_records,
        )

    def on_skipped(self, url: str, reason: str) -> None:
        self._emit("skip", f"{url} ({reason})", url=url, reason=reason)

    def on_record(self, url: str, record: Exercise, seconds: float) -> None:
        self._emit(
            "record",
            f"{url} -> {record.name!r} [{record.source_id}] ({seconds:.2f} s)",
            url=url,
            final_url=record.url,
            source_id=record.source_id,
            name=record.name,
            seconds=round(seconds, 4),
        )

    def on_duplicate(self, url: str, source_id: str) -> None:
        self._emit(
            "duplicate",
            f"{url} (source_id {source_id} already written)",
            url=url,
            source_id=source_id,
        )

    def on_page(self, url: str, kind: str, reason: str | None) -> None:
        self._emit("page", f"{url} [{kind}] {reason or ''}".rstrip(), url=url, kind=kind)

    def on_failure(self, failure: Failure) -> None:
        status = f" HTTP {failure.status}" if failure.status is not None else ""
        self._emit(
            "failure",
            f"{failure.url} [{failure.stage}/{failure.error_type}{status}] {failure.reason} "
            f"(attempts {failure.attempts}{', transient' if failure.transient else ''})",
            **failure.model_dump(mode="json", exclude={"path", "time"}),
        )

    def on_retry(self, url: str, attempt: int, reason: str, delay: float) -> None:
        self._emit(
            "retry",
            f"{url} attempt {attempt} failed: {reason}; retrying in {delay:.2f} s",
            url=url,
            attempt=attempt,
            reason=reason,
            delay=round(delay, 3),
        )

    def on_warning(self, message: str) -> None:
        self._emit("warning", message, reason=message)

    def on_stopping(self, reason: str) -> None:
        self._emit("stopping", f"{reason}: finishing pages in flight", reason=reason)

    def on_error(self, error: BaseException) -> None:
        message = f"{type(error).__name__}: {error}"
        self._emit("error", message, error_type=type(error).__name__, reason=str(error))

    def on_finish(self, summary: CrawlSummary) -> None:
        by_type = ", ".join(f"{k} {v}" for k, v in summary.failures_by_type.items())
        self._emit(
            "summary",
            f"{summary.status}: {summary.records} records, {summary.failures} failures"
            f"{f' ({by_type})' if by_type else ''}, {summary.duplicates} duplicates, "
            f"{summary.skipped_resume} skipped (resume), {summary.retries} retries, "
            f"{_follow_counts(summary)}"
            f"{summary.pages_per_second:.1f} pages/s in {summary.elapsed_seconds:.2f} s; "
            f"output in {summary.output}",
            **summary.model_dump(mode="json"),
        )


class RichReporter(Reporter):
    """A live progress bar on a terminal, and a summary table at the end."""

    def __init__(self, console: Console | None = None) -> None:
        self.console = console if console is not None else Console(stderr=True)
        self._progress = Progress(
            SpinnerColumn(),
            TextColumn("[bold]crawl"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn(
                "[green]done {task.fields[done]}[/] [red]failed {task.fields[failed]}[/] "
                "[yellow]retrying {task.fields[retrying]}[/] queued {task.fields[queued]}"
            ),
            TextColumn("{task.fields[speed]:.1f} pages/s"),
            TimeRemainingColumn(),
            console=self.console,
        )
        self._task: TaskID | None = None
        self._counts: Counter[str] = Counter()
        self._retrying: set[str] = set()
        self._started = time.monotonic()
        self._frontier_done = False

    def on_start(self, settings: CrawlSettings, *, resumed_records: int) -> None:
        self._started = time.monotonic()
        self._task = self._progress.add_task("crawl", total=None, **self._fields())
        self._progress.start()
        if resumed_records:
            self.console.print(f"resuming: {resumed_records} records already in {settings.output}")

    def _fields(self) -> dict[str, Any]:
        settled = sum(self._counts[k] for k in ("done", "failed", "duplicate", "page"))
        elapsed = max(time.monotonic() - self._started, 1e-9)
        return {
            "done": self._counts["done"],
            "failed": self._counts["failed"],
            "retrying": len(self._retrying),
            "queued": self._counts["queued"] - settled,
            "speed": settled / elapsed,
        }

    def _refresh(self) -> None:
        if self._task is None:
            return
        settled = sum(self._counts[k] for k in ("done", "failed", "duplicate", "page"))
        # The total is unknown until the frontier (a sitemap, stdin) is exhausted.
        total = self._counts["queued"] if self._frontier_done else None
        self._progress.update(self._task, completed=settled, total=total, **self._fields())

    def _settle(self, url: str, kind: str) -> None:
        self._retrying.discard(url)
        self._counts[kind] += 1
        self._refresh()

    def on_queued(self, url: str) -> None:
        self._counts["queued"] += 1
        self._refresh()

    def on_frontier_done(self) -> None:
        self._frontier_done = True
        self._refresh()

    def on_skipped(self, url: str, reason: str) -> None:
        self._counts["skipped"] += 1

    def on_record(self, url: str, record: Exercise, seconds: float) -> None:
        self._settle(url, "done")

    def on_duplicate(self, url: str, source_id: str) -> None:
        self._settle(url, "duplicate")

    def on_failure(self, failure: Failure) -> None:
        self._settle(failure.url or "", "failed")

    def on_page(self, url: str, kind: str, reason: str | None) -> None:
        self._settle(url, "page")

    def on_retry(self, url: str, attempt: int, reason: str, delay: float) -> None:
        self._retrying.add(url)
        self._refresh()

    def on_warning(self, message: str) -> None:
        self.console.print(f"[yellow]warning:[/] {escape(message)}")

    def on_stopping(self, reason: str) -> None:
        self.console.print(f"[yellow]{reason}: finishing pages in flight (Ctrl-C again to abort)")

    def on_finish(self, summary: CrawlSummary) -> None:
        self._refresh()
        self._progress.stop()
        self.console.print(summary_table(summary))

    def on_error(self, error: BaseException) -> None:
        self._progress.stop()  # give the terminal back (cursor, line) before the traceback


def _follow_counts(summary: CrawlSummary) -> str:
    """The ``--follow`` part of the summary line (empty without it)."""
    if not (summary.pages or summary.discovered):
        return ""
    cut = ", ".join(f"{reason} {count}" for reason, count in summary.cut.items())
    return (
        f"{summary.pages} hubs/pages kept out, {summary.discovered} URLs discovered"
        f"{f' (not followed: {cut})' if cut else ''}, "
    )


def summary_table(summary: CrawlSummary) -> Table:
    """The end-of-run summary as a rich table."""
    table = Table(title=f"crawl {summary.status}", show_header=False, title_justify="left")
    table.add_column("what", style="bold")
    table.add_column("value", justify="right")
    table.add_row("records written", str(summary.records))
    table.add_row("failures", str(summary.failures))
    for error_type, count in summary.failures_by_type.items():
        table.add_row(f"  {error_type}", str(count))
    table.add_row("duplicates (same source_id and language)", str(summary.duplicates))
    if summary.pages or summary.discovered:
        table.add_row("hubs and pages kept out (pages.jsonl)", str(summary.pages))
        for kind, count in summary.pages_by_kind.items():
            table.add_row(f"  {kind}", str(count))
        table.add_row("URLs discovered (new in this run)", str(summary.discovered))
    for reason, count in summary.cut.items():
        table.add_row(f"not followed: {reason}", str(count))
    table.add_row("skipped (done in an earlier run)", str(summary.skipped_resume))
    table.add_row("excluded (--include)", str(summary.excluded))
    if summary.pending:
        table.add_row("left for the next run", str(summary.pending))
    table.add_row("retries", str(summary.retries))
    table.add_row("pages/s", f"{summary.pages_per_second:.1f}")
    table.add_row("elapsed", f"{summary.elapsed_seconds:.2f} s")
    table.add_row("output", str(summary.output))
    return table
