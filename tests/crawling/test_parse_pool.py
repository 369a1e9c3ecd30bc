"""Parsing on worker processes: the same records, failures per page, no orphan process."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from crawl_support import EXERCISE_PAGES, SITE, fast_settings, parse_or_die, read_jsonl, run

from extractor._exceptions import EmptyInput, ErrorPage
from extractor.crawling._parse_pool import ParsePool, ParseWorkerDied
from extractor.parsing import page_links
from extractor.parsing._parse import parse_page
from extractor.testing._localsite import LocalSite, generated_exercise_page

pytestmark = pytest.mark.slow

NOT_FOUND = b"<html><head><title>404 Not Found</title></head><body><h1>Not Found</h1></body></html>"


@pytest.fixture(scope="module")
def site() -> Iterator[LocalSite]:
    with LocalSite(SITE) as server:
        yield server


def _pages(site: LocalSite) -> list[tuple[bytes, str, str]]:
    pages = []
    for path in EXERCISE_PAGES.values():
        body, content_type = site.served(path)
        pages.append((body, site.url(path), content_type))
    return pages


def test_workers_give_the_records_parse_page_gives(site: LocalSite) -> None:
    pages = _pages(site)

    async def parse_all() -> list[dict[str, object]]:
        async with ParsePool(2) as pool:
            records = await asyncio.gather(
                *(pool.parse(body, url=url, content_type=kind) for body, url, kind in pages)
            )
        return [record.model_dump(mode="json") for record in records]

    expected = [
        parse_page(body, url=url, content_type=kind).model_dump(mode="json")
        for body, url, kind in pages
    ]
    assert asyncio.run(parse_all()) == expected


def test_the_parser_error_of_a_page_comes_back_as_is() -> None:
    async def parse(pool: ParsePool, body: bytes) -> BaseException | None:
        try:
            await pool.parse(body, url="https://x.test/en/exercise/ab12-x", content_type=None)
        except Exception as exc:
            return exc
        return None

    async def both() -> list[BaseException | None]:
        async with ParsePool(1) as pool:
            return [await parse(pool, b"   "), await parse(pool, NOT_FOUND)]

    empty, error_page = asyncio.run(both())
    assert isinstance(empty, EmptyInput)
    assert isinstance(error_page, ErrorPage)
    with pytest.raises(ErrorPage) as in_process:
        parse_page(NOT_FOUND, url="https://x.test/en/exercise/ab12-x")
    assert str(error_page) == str(in_process.value)


@pytest.mark.parametrize("workers", [0, 2])
def test_parse_with_links_gives_the_record_and_the_links_of_the_page(
    site: LocalSite, workers: int
) -> None:
    home, home_type = site.served("/")
    pages = [*_pages(site), (home, site.url("/"), home_type), (b"   ", site.url("/x"), None)]

    async def parse_all() -> list[tuple[object, object]]:
        async with ParsePool(workers) as pool:
            return await asyncio.gather(
                *(
                    pool.parse_with_links(body, url=url, content_type=kind, robots_header=None)
                    for body, url, kind in pages
                )
            )

    def expected_outcome(body: bytes, url: str, kind: str | None) -> object:
        try:
            return parse_page(body, url=url, content_type=kind).model_dump(mode="json")
        except Exception as exc:  # the parser's refusal comes back as a value
            return type(exc), str(exc)

    for (body, url, kind), (outcome, links) in zip(pages, asyncio.run(parse_all()), strict=True):
        got = (
            (type(outcome), str(outcome))
            if isinstance(outcome, Exception)
            else outcome.model_dump(mode="json")  # type: ignore[attr-defined]
        )
        assert got == expected_outcome(body, url, kind)
        assert links == page_links(body, url=url, content_type=kind)
    assert any(links.links for _, links in asyncio.run(parse_all()))  # type: ignore[union-attr]


def test_parse_with_links_of_a_dead_worker_is_a_failure_without_links() -> None:
    async def scenario() -> tuple[object, object]:
        async with ParsePool(1, parser=parse_or_die) as pool:
            return await pool.parse_with_links(
                b"<p>x</p>", url="https://x.test/die", content_type=None, robots_header=None
            )

    outcome, links = asyncio.run(scenario())
    assert isinstance(outcome, ParseWorkerDied)
    assert links is None


def test_a_dead_worker_fails_only_its_page_and_is_replaced(site: LocalSite) -> None:
    pages = _pages(site)

    async def scenario() -> tuple[list[object], list[object]]:
        async with ParsePool(2, parser=parse_or_die) as pool:
            calls = [pool.parse(body, url=url, content_type=kind) for body, url, kind in pages]
            calls.insert(3, pool.parse(b"<p>x</p>", url="https://x.test/die", content_type=None))
            first = await asyncio.gather(*calls, return_exceptions=True)
            # The pool goes on: every page again, on the replacement worker(s).
            again = await asyncio.gather(
                *(pool.parse(body, url=url, content_type=kind) for body, url, kind in pages),
                return_exceptions=True,
            )
        return first, again

    first, again = asyncio.run(scenario())
    died = first.pop(3)
    assert isinstance(died, ParseWorkerDied)
    assert died.transient is True
    # Only the page that killed its worker fails (the pages queued behind it in that worker's
    # pipe go to another): every other page is a record, and afterwards all are.
    assert all(not isinstance(outcome, BaseException) for outcome in first)
    assert all(not isinstance(outcome, BaseException) for outcome in again)


def test_a_crawl_on_workers_writes_what_an_in_process_crawl_writes(
    site: LocalSite, tmp_path: Path
) -> None:
    urls = [site.url(path) for path in EXERCISE_PAGES.values()] + [site.url("/en/exercise/")]
    pooled = run(fast_settings(tmp_path / "pool", parse_workers=2), urls)
    inline = run(fast_settings(tmp_path / "inline", parse_workers=0), urls)
    assert (pooled.records, pooled.failures) == (inline.records, inline.failures) == (8, 1)

    def by_url(folder: Path, name: str) -> dict[str, dict[str, object]]:
        return {str(row["url"]): row for row in read_jsonl(folder / name)}

    assert by_url(tmp_path / "pool", "exercises.jsonl") == by_url(
        tmp_path / "inline", "exercises.jsonl"
    )
    (failure,) = read_jsonl(tmp_path / "pool" / "failures.jsonl")
    (same,) = read_jsonl(tmp_path / "inline" / "failures.jsonl")
    assert (failure["stage"], failure["error_type"], failure["reason"]) == (
        same["stage"],
        same["error_type"],
        same["reason"],
    )


# -- real processes: no worker outlives its crawl ------------------------------------------------

PAGES = 40


def _children(pid: int) -> set[int]:
    """Direct children of ``pid`` (Linux /proc)."""
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found.update(int(c) for c in (task / "children").read_text().split())
        except OSError:
            continue
    return found


def _alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def _wait_gone(pids: set[int], seconds: float = 10.0) -> set[int]:
    deadline = time.monotonic() + seconds
    while (left := {pid for pid in pids if _alive(pid)}) and time.monotonic() < deadline:
        time.sleep(0.05)
    return left


def _start(site: LocalSite, tmp_path: Path) -> tuple[subprocess.Popen[bytes], Path, Path]:
    url_file = tmp_path / "urls.txt"
    urls = [site.url(f"/en/exercise/{n:04x}-generated-{n}") for n in range(1, PAGES + 1)]
    url_file.write_text("\n".join(urls) + "\n", encoding="utf-8")
    output = tmp_path / "out"
    command = [sys.executable, "-m", "extractor", "crawl", "--urls", str(url_file)]
    command += ["--output", str(output), "--concurrency", "2", "--rate", "none"]
    command += ["--timeout", "5", "--log-format", "json", "--parse-workers", "2"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    return process, url_file, output


def _workers_once_parsing(process: subprocess.Popen[bytes], output: Path) -> set[int]:
    """The crawl's worker processes, once it has written a few records."""
    deadline = time.monotonic() + 30
    records = output / "exercises.jsonl"
    while time.monotonic() < deadline and process.poll() is None:
        workers = _children(process.pid)
        if len(workers) >= 2 and records.exists() and records.read_bytes().count(b"\n") >= 3:
            return workers
        time.sleep(0.05)
    raise AssertionError("the crawl never parsed on its workers")


@pytest.fixture
def slow_site() -> Iterator[LocalSite]:
    with LocalSite(generate=generated_exercise_page, latency=0.1) as server:
        yield server


def test_sigkill_of_the_crawl_leaves_no_worker_and_the_next_run_resumes(
    slow_site: LocalSite, tmp_path: Path
) -> None:
    process, url_file, output = _start(slow_site, tmp_path)
    try:
        workers = _workers_once_parsing(process, output)
        process.send_signal(signal.SIGKILL)
    finally:
        process.wait(timeout=10)
    assert process.returncode == -signal.SIGKILL
    assert _wait_gone(workers) == set(), "worker processes outlived the killed crawl"

    again = subprocess.run(
        [*process.args[:-2], "--parse-workers", "2"],  # type: ignore[index]
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert again.returncode == 0, again.stderr.decode()
    ids = Counter(r["source_id"] for r in read_jsonl(output / "exercises.jsonl"))
    assert sorted(ids) == sorted(f"{n:04x}" for n in range(1, PAGES + 1))
    assert set(ids.values()) == {1}
    del url_file


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_a_stopped_crawl_leaves_no_worker(
    slow_site: LocalSite, tmp_path: Path, signum: signal.Signals
) -> None:
    process, _, output = _start(slow_site, tmp_path)
    try:
        workers = _workers_once_parsing(process, output)
        os.kill(process.pid, signum)
        _, stderr = process.communicate(timeout=20)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 130, stderr.decode()
    assert _wait_gone(workers, seconds=2) == set()
    manifest = json.loads((output / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["interrupted"] is True
    assert manifest["arguments"]["settings"]["parse_workers"] == 2


def test_a_completed_crawl_leaves_no_worker(slow_site: LocalSite, tmp_path: Path) -> None:
    process, _, output = _start(slow_site, tmp_path)
    workers = _workers_once_parsing(process, output)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 0, stderr.decode()
    assert _wait_gone(workers, seconds=2) == set()
    assert len(read_jsonl(output / "exercises.jsonl")) == PAGES
    # Stopping the workers (SIGTERM to each) is not a signal to the crawl.
    manifest = json.loads((output / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["status"] == "completed"


def test_stopping_busy_workers_is_no_signal_to_the_crawl(tmp_path: Path) -> None:
    """Forked workers inherit the event loop's signal wake-up pipe: unless they drop it, the
    SIGTERM that stops each of them at the end reads, in the crawl, as its own SIGTERM."""
    with LocalSite(generate=generated_exercise_page, keep_log=False) as site:
        url_file = tmp_path / "urls.txt"
        lines = (site.url(f"/en/exercise/{n:04x}-generated") for n in range(500))
        url_file.write_text("\n".join(lines) + "\n", encoding="utf-8")
        command = [sys.executable, "-m", "extractor", "crawl", "--urls", str(url_file)]
        command += ["--output", str(tmp_path / "out"), "--concurrency", "64", "--rate", "none"]
        command += ["--log-format", "json", "--parse-workers", "2"]
        result = subprocess.run(command, capture_output=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr.decode()[-2000:]
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))
    assert (manifest["status"], manifest["counts"]["records"]) == ("completed", 500)
