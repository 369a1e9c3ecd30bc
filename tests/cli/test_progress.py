"""Progress reporters: log lines, JSON lines, the rich table, and which one the CLI picks."""

from __future__ import annotations

import asyncio
import io
import json
from pathlib import Path

import httpx
import pytest
from crawl_support import fast_settings
from rich.console import Console

from extractor._exceptions import OutputError
from extractor.cli._progress import LogReporter, Reporter, RichReporter, make_reporter
from extractor.crawling._crawl import Crawler

HOST = "https://site.test"
PAGE = "Squat\n\nInstructions\n\n  • Stand tall.\n".encode()


def _crawl_with(reporter: Reporter, tmp_path: Path) -> None:
    """Three URLs: one record, one 404, one page that answers 503 once (a retry)."""
    answered: set[str] = set()

    def handle(request: httpx.Request) -> httpx.Response:
        path = request.url.path
        if path.endswith("-flaky") and path not in answered:
            answered.add(path)
            return httpx.Response(503)
        if path.endswith("-gone"):
            return httpx.Response(404)
        if "/exercise/" in path:
            stream = httpx.ByteStream(PAGE.replace(b"Squat", path[-5:].encode()))
            return httpx.Response(200, stream=stream, headers={"Content-Type": "text/plain"})
        return httpx.Response(404)

    urls = [f"{HOST}/en/exercise/{n}-{kind}" for n, kind in [(1111, "ok"), (2222, "gone")]]
    urls.append(f"{HOST}/en/exercise/3333-flaky")
    crawler = Crawler(
        fast_settings(tmp_path, concurrency=1),
        transport=httpx.MockTransport(handle),
        reporter=reporter,
        handle_signals=False,
    )
    asyncio.run(crawler.run(urls))


def _in_any_order_between_start_and_summary(kinds: list[str]) -> bool:
    # A page's parse does not hold its fetch slot: the 404 may be reported while the first
    # page is still being parsed, so the events in between come in either order.
    return (
        kinds[0] == "start"
        and kinds[-1] == "summary"
        and sorted(kinds[1:-1]) == ["failure", "record", "record", "retry"]
    )


def test_text_log_has_one_line_per_event(tmp_path: Path) -> None:
    stream = io.StringIO()
    _crawl_with(LogReporter(stream), tmp_path)
    kinds = [line.split()[1] for line in stream.getvalue().splitlines()]
    assert _in_any_order_between_start_and_summary(kinds)
    summary_line = stream.getvalue().splitlines()[-1]
    assert "2 records, 1 failures (HTTPStatusError 1)" in summary_line


def test_json_log_is_one_object_per_line(tmp_path: Path) -> None:
    stream = io.StringIO()
    _crawl_with(LogReporter(stream, json_lines=True), tmp_path)
    events = [json.loads(line) for line in stream.getvalue().splitlines()]
    assert _in_any_order_between_start_and_summary([e["event"] for e in events])
    assert all(e["time"].endswith("Z") for e in events)
    (failure,) = [e for e in events if e["event"] == "failure"]
    assert (failure["url"], failure["status"], failure["stage"]) == (
        f"{HOST}/en/exercise/2222-gone",
        404,
        "fetch",
    )
    (retry,) = [e for e in events if e["event"] == "retry"]
    assert (retry["url"], retry["attempt"]) == (f"{HOST}/en/exercise/3333-flaky", 1)
    summary = events[-1]
    assert (summary["records"], summary["failures"], summary["retries"]) == (2, 1, 1)
    assert summary["status"] == "completed"


def test_rich_reporter_ends_with_a_summary_table(tmp_path: Path) -> None:
    stream = io.StringIO()
    console = Console(file=stream, force_terminal=True, width=100, color_system=None)
    _crawl_with(RichReporter(console), tmp_path)
    text = stream.getvalue()
    assert "crawl completed" in text
    table = text[text.index("crawl completed") :]
    assert "records written" in table
    assert "HTTPStatusError" in table
    assert "retries" in table


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_make_reporter_picks_by_terminal_and_format() -> None:
    assert isinstance(make_reporter("text", _Terminal()), RichReporter)
    plain = make_reporter("text", io.StringIO())
    assert isinstance(plain, LogReporter)
    assert not plain.json_lines
    machine = make_reporter("json", _Terminal())
    assert isinstance(machine, LogReporter)
    assert machine.json_lines


def test_a_fatal_error_is_reported_before_it_is_raised(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    stream = io.StringIO()
    crawler = Crawler(
        fast_settings(blocker / "out"),
        reporter=LogReporter(stream, json_lines=True),
        handle_signals=False,
    )
    with pytest.raises(OutputError):
        asyncio.run(crawler.run([f"{HOST}/en/exercise/1111-x"]))
    (event,) = [json.loads(line) for line in stream.getvalue().splitlines()]
    assert (event["event"], event["error_type"]) == ("error", "OutputError")
