"""The crawl pipeline with an in-memory transport: frontier, de-duplication, failures, stop."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from crawl_support import fast_settings, read_jsonl

import extractor.crawling._parse_pool as parse_pool_module
from extractor._exceptions import OutputError
from extractor._models import Exercise
from extractor.cli._progress import Reporter
from extractor.crawling._crawl import _LOOKAHEAD_PER_WORKER, Crawler, CrawlSummary

HOST = "https://site.test"


def _page(name: str) -> bytes:
    return f"{name}\n\nInstructions\n\n  • Stand tall.\n  • Breathe out.\n".encode()


class FakeSite:
    """An httpx transport answering every /exercise/ path with a small text page."""

    def __init__(self, delay: float = 0.0) -> None:
        self.requested: list[str] = []
        self.delay = delay

    async def handle(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path
        self.requested.append(str(request.url))
        if self.delay:
            await asyncio.sleep(self.delay)
        if path == "/robots.txt":
            return httpx.Response(404)
        if "/exercise/" in path:
            name = path.rsplit("/", 1)[-1].split("-", 1)[-1].replace("-", " ").title()
            # A streamed body, as from the network (a Response built with content= is pre-read).
            body = httpx.ByteStream(_page(name))
            return httpx.Response(200, stream=body, headers={"Content-Type": "text/plain"})
        return httpx.Response(404, text="not found")

    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self.handle)


def _run(settings: Any, urls: Any = (), site: FakeSite | None = None, **kwargs: Any) -> Any:
    fake = site or FakeSite()
    crawler = Crawler(settings, transport=fake.transport(), handle_signals=False, **kwargs)
    return asyncio.run(crawler.run(urls))


def test_urls_are_normalised_and_fetched_once(tmp_path: Path) -> None:
    site = FakeSite()
    urls = [
        f"{HOST}/en/exercise/a1a1-squat",
        f"{HOST}/en/exercise/a1a1-squat#faq",
        "HTTPS://SITE.TEST:443/en/exercise/a1a1-squat?utm_source=mail",
        f"  {HOST}/en/exercise/b2b2-lunge  ",
        "",
        "# a comment line from a URL file",
    ]
    summary = _run(fast_settings(tmp_path), urls, site)
    pages = [url for url in site.requested if "/exercise/" in url]
    assert sorted(pages) == [f"{HOST}/en/exercise/a1a1-squat", f"{HOST}/en/exercise/b2b2-lunge"]
    assert summary.records == 2
    assert summary.queued == 2


def test_same_source_id_is_written_once_and_counted_as_duplicate(tmp_path: Path) -> None:
    urls = [f"{HOST}/en/exercise/c3c3-plank", f"{HOST}/en/exercise/c3c3-forearm-plank"]
    summary = _run(fast_settings(tmp_path, concurrency=1), urls)
    assert summary.records == 1
    assert summary.duplicates == 1
    assert [r["source_id"] for r in read_jsonl(tmp_path / "exercises.jsonl")] == ["c3c3"]
    (duplicate,) = read_jsonl(tmp_path / "failures.jsonl")
    assert (duplicate["url"], duplicate["stage"]) == (urls[1], "dedupe")
    assert duplicate["error_type"] == "DuplicateRecord"
    assert duplicate["transient"] is False


def test_a_resumed_run_does_not_fetch_a_duplicate_again(tmp_path: Path) -> None:
    urls = [f"{HOST}/en/exercise/c3c3-plank", f"{HOST}/en/exercise/c3c3-forearm-plank"]
    _run(fast_settings(tmp_path, concurrency=1), urls)
    site = FakeSite()
    summary = _run(fast_settings(tmp_path, concurrency=1), urls, site)
    assert site.requested == []
    assert summary.skipped_resume == 2


def test_listed_urls_outside_include_are_excluded(tmp_path: Path) -> None:
    site = FakeSite()
    urls = [f"{HOST}/en/about", f"{HOST}/en/exercise/d4d4-dip"]
    summary = _run(fast_settings(tmp_path), urls, site)
    assert summary.excluded == 1
    assert f"{HOST}/en/about" not in site.requested


def test_every_url_ends_as_record_or_failure(tmp_path: Path) -> None:
    urls = [f"{HOST}/en/exercise/e5e5-row", f"{HOST}/en/exercise/nothing-here/x"]

    async def handle(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/x"):
            return httpx.Response(410)
        return await FakeSite().handle(request)

    crawler = Crawler(
        fast_settings(tmp_path), transport=httpx.MockTransport(handle), handle_signals=False
    )
    summary = asyncio.run(crawler.run(urls))
    assert (summary.records, summary.failures) == (1, 1)
    (failure,) = read_jsonl(tmp_path / "failures.jsonl")
    assert failure["url"] == urls[1]
    assert (failure["stage"], failure["error_type"], failure["status"]) == (
        "fetch",
        "HTTPStatusError",
        410,
    )


def test_an_invalid_url_is_a_failure_not_a_crashed_run(tmp_path: Path) -> None:
    urls = ["https://site.test:99999/en/exercise/abab-bad-port", f"{HOST}/en/exercise/cdcd-ok"]
    summary = _run(fast_settings(tmp_path), urls)
    assert (summary.records, summary.failures) == (1, 1)
    (failure,) = read_jsonl(tmp_path / "failures.jsonl")
    assert failure["url"] == urls[0]
    assert failure["error_type"] == "FetchError"
    assert failure["reason"].startswith("invalid URL")


def test_an_ipv6_literal_url_keeps_its_brackets_and_is_crawled(tmp_path: Path) -> None:
    site = FakeSite()
    summary = _run(fast_settings(tmp_path), ["http://[::1]:8080/en/exercise/a7a7-dip"], site)
    assert summary.records == 1, read_jsonl(tmp_path / "failures.jsonl")
    assert "http://[::1]:8080/en/exercise/a7a7-dip" in site.requested


def test_a_parser_crash_is_a_failure_not_a_crashed_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(body: bytes, *, url: str, content_type: str | None) -> Exercise:
        raise RuntimeError("boom")

    # Parsed in this process (a small run): the pool calls the parser it imported.
    monkeypatch.setattr(parse_pool_module, "parse_page", broken)
    summary = _run(fast_settings(tmp_path), [f"{HOST}/en/exercise/f6f6-curl"])
    (failure,) = read_jsonl(tmp_path / "failures.jsonl")
    assert (failure["stage"], failure["error_type"]) == ("parse", "RuntimeError")
    assert failure["reason"] == "unexpected error: boom"
    assert summary.failures_by_type == {"RuntimeError": 1}


def test_a_generator_frontier_is_streamed_not_read_ahead(tmp_path: Path) -> None:
    """The source is read lazily: never far ahead of the pages settled."""
    yielded = 0
    ahead: list[int] = []

    def urls() -> Iterator[str]:
        nonlocal yielded
        for n in range(1500):
            yielded += 1
            yield f"{HOST}/en/exercise/{n:04x}-page"

    class Watch(Reporter):
        settled = 0

        def on_record(self, url: str, record: Exercise, seconds: float) -> None:
            self.settled += 1
            ahead.append(yielded - self.settled)

    settings = fast_settings(tmp_path, concurrency=4)
    summary = _run(settings, urls(), reporter=Watch())
    assert summary.records == 1500
    # The reader thread's hand-off (256) + the frontier (_LOOKAHEAD_PER_WORKER x concurrency)
    # + pages in flight (being fetched, and as many fetched, waiting for the parser) + the URL
    # each side holds. (With parsing off the event loop, the reader is no longer starved of
    # the GIL and does fill the whole frontier.)
    lookahead = _LOOKAHEAD_PER_WORKER * settings.concurrency
    assert max(ahead) <= 256 + lookahead + 2 * settings.concurrency + 2


def test_an_async_iterable_frontier_works(tmp_path: Path) -> None:
    async def urls() -> AsyncIterator[str]:
        for n in range(5):
            await asyncio.sleep(0)
            yield f"{HOST}/en/exercise/{n:03x}a-async"

    summary = _run(fast_settings(tmp_path), urls())
    assert summary.records == 5


def test_request_stop_leaves_the_rest_for_the_next_run(tmp_path: Path) -> None:
    urls = [f"{HOST}/en/exercise/{n:03x}b-stop" for n in range(30)]

    class StopAfterThree(Reporter):
        crawler: Crawler
        records = 0

        def on_record(self, url: str, record: Exercise, seconds: float) -> None:
            self.records += 1
            if self.records == 3:
                self.crawler.request_stop("test")

    reporter = StopAfterThree()
    crawler = Crawler(
        fast_settings(tmp_path, concurrency=2),
        transport=FakeSite(delay=0.01).transport(),
        reporter=reporter,
        handle_signals=False,
    )
    reporter.crawler = crawler
    summary = asyncio.run(crawler.run(urls))
    assert summary.status == "interrupted"
    assert 3 <= summary.records < 30
    assert summary.pending > 0
    manifest = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["interrupted"] is True
    assert manifest["stop_reason"] == "test"
    assert len(read_jsonl(tmp_path / "exercises.jsonl")) == summary.records

    resumed = _run(fast_settings(tmp_path), urls)
    assert resumed.skipped_resume == summary.records
    assert resumed.records == 30 - summary.records


def test_manifest_and_json_array(tmp_path: Path) -> None:
    urls = [f"{HOST}/en/exercise/{n:03x}c-json" for n in range(3)]
    summary: CrawlSummary = _run(fast_settings(tmp_path, output_format="json"), urls)
    manifest = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["command"] == "crawl"
    assert manifest["schema_version"] == Exercise.model_fields["schema_version"].default
    assert manifest["completed"] is True
    assert manifest["arguments"]["settings"]["output_format"] == "json"
    assert manifest["arguments"]["urls"] == urls
    assert manifest["counts"]["records"] == summary.records == 3
    assert {"extractor", "python", "httpx"} <= set(manifest["versions"])
    array = json.loads((tmp_path / "exercises.json").read_text(encoding="utf-8"))
    assert array == read_jsonl(tmp_path / "exercises.jsonl")


def test_unwritable_output_raises_output_error(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    with pytest.raises(OutputError):
        _run(fast_settings(blocker / "out"), [f"{HOST}/en/exercise/1d1d-x"])


def test_a_crawler_runs_once(tmp_path: Path) -> None:
    crawler = Crawler(fast_settings(tmp_path), transport=FakeSite().transport())

    async def twice() -> None:
        await crawler.run([f"{HOST}/en/exercise/1e1e-once"])
        await crawler.run([f"{HOST}/en/exercise/1e1e-once"])

    with pytest.raises(RuntimeError, match="runs once"):
        asyncio.run(twice())
