"""Resume and crash safety: skip what is done, retry only transient failures, survive SIGKILL."""

from __future__ import annotations

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
from crawl_support import EXERCISE_PAGES, SITE, fast_settings, read_jsonl, run

from extractor.testing._localsite import Fault, LocalSite, generated_exercise_page

pytestmark = pytest.mark.slow

PSOAS = EXERCISE_PAGES["3f9a1c"]
MISSING = "/en/exercise/404404-missing"


@pytest.fixture
def site() -> Iterator[LocalSite]:
    with LocalSite(SITE) as server:
        yield server


def _page_urls(site: LocalSite) -> list[str]:
    return [site.url(path) for path in [*EXERCISE_PAGES.values(), MISSING]]


def test_resume_skips_done_pages_and_retries_only_transient_failures(
    site: LocalSite, tmp_path: Path
) -> None:
    site.faults[PSOAS] = Fault(status=503)  # every attempt of the first run
    first = run(fast_settings(tmp_path, max_retries=1), _page_urls(site))
    assert first.records == len(EXERCISE_PAGES) - 1
    failures = {f["url"]: f for f in read_jsonl(tmp_path / "failures.jsonl")}
    assert failures[site.url(PSOAS)]["transient"] is True
    assert failures[site.url(MISSING)]["transient"] is False

    site.faults.clear()
    site.reset()
    second = run(fast_settings(tmp_path), _page_urls(site))

    # Only the transient failure was requested again (plus robots.txt, once per run).
    assert Counter(r.path for r in site.requests) == {"/robots.txt": 1, PSOAS: 1}
    assert second.records == 1
    assert second.skipped_resume == len(EXERCISE_PAGES)  # 7 records + the permanent 404
    assert second.resumed_records == len(EXERCISE_PAGES) - 1
    records = read_jsonl(tmp_path / "exercises.jsonl")
    assert sorted(r["source_id"] for r in records) == sorted(EXERCISE_PAGES)
    # The transient failure is gone from failures.jsonl; the permanent one stays, once.
    assert [f["url"] for f in read_jsonl(tmp_path / "failures.jsonl")] == [site.url(MISSING)]


def test_no_resume_starts_over(site: LocalSite, tmp_path: Path) -> None:
    run(fast_settings(tmp_path), _page_urls(site))
    site.reset()
    again = run(fast_settings(tmp_path, resume=False), _page_urls(site))
    assert again.skipped_resume == 0
    assert again.records == len(EXERCISE_PAGES)
    assert all(site.hits(path) == 1 for path in EXERCISE_PAGES.values())
    records = read_jsonl(tmp_path / "exercises.jsonl")
    assert sorted(r["source_id"] for r in records) == sorted(EXERCISE_PAGES)
    assert len(read_jsonl(tmp_path / "failures.jsonl")) == 1


def test_torn_last_line_is_repaired_and_its_page_fetched_again(
    site: LocalSite, tmp_path: Path
) -> None:
    run(fast_settings(tmp_path), _page_urls(site))
    records_file = tmp_path / "exercises.jsonl"
    lines = records_file.read_bytes().splitlines(keepends=True)
    torn = json.loads(lines[-1])
    # A run killed in the middle of writing its last record.
    records_file.write_bytes(b"".join(lines[:-1]) + lines[-1][: len(lines[-1]) // 2])
    site.reset()

    resumed = run(fast_settings(tmp_path), _page_urls(site))

    assert resumed.records == 1
    assert [r.path for r in site.requests if r.path != "/robots.txt"] == [
        EXERCISE_PAGES[torn["source_id"]]
    ]
    records = read_jsonl(records_file)
    assert sorted(r["source_id"] for r in records) == sorted(EXERCISE_PAGES)
    assert records[-1] == torn


# -- real processes: SIGKILL and SIGINT ---------------------------------------------------------

PAGES = 40


@pytest.fixture
def slow_site() -> Iterator[LocalSite]:
    """Generated pages, 0.1 s each: a two-worker crawl of 40 pages takes about two seconds."""
    with LocalSite(generate=generated_exercise_page, latency=0.1) as server:
        yield server


def _write_url_file(site: LocalSite, tmp_path: Path) -> Path:
    url_file = tmp_path / "urls.txt"
    urls = [site.url(f"/en/exercise/{n:04x}-generated-{n}") for n in range(1, PAGES + 1)]
    url_file.write_text("\n".join(urls) + "\n", encoding="utf-8")
    return url_file


def _crawl_process(url_file: Path, output: Path) -> subprocess.Popen[bytes]:
    command = [
        sys.executable,
        "-m",
        "extractor",
        "crawl",
        "--urls",
        str(url_file),
        "--output",
        str(output),
        "--concurrency",
        "2",
        "--rate",
        "none",
        "--timeout",
        "5",
        "--log-format",
        "json",
    ]
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _wait_for_records(output: Path, count: int, process: subprocess.Popen[bytes]) -> None:
    records_file = output / "exercises.jsonl"
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and process.poll() is None:
        if records_file.exists() and records_file.read_bytes().count(b"\n") >= count:
            return
        time.sleep(0.02)
    raise AssertionError(f"the crawl did not write {count} records in time")


def _assert_every_page_once(output: Path) -> None:
    records = read_jsonl(output / "exercises.jsonl")
    ids = Counter(r["source_id"] for r in records)
    assert sorted(ids) == sorted(f"{n:04x}" for n in range(1, PAGES + 1))
    assert set(ids.values()) == {1}


def test_killed_crawl_resumes_with_every_page_exactly_once(
    slow_site: LocalSite, tmp_path: Path
) -> None:
    url_file = _write_url_file(slow_site, tmp_path)
    output = tmp_path / "out"
    process = _crawl_process(url_file, output)
    try:
        _wait_for_records(output, 5, process)
        process.send_signal(signal.SIGKILL)
    finally:
        process.wait(timeout=10)
    assert process.returncode == -signal.SIGKILL
    written_before = len(read_jsonl(output / "exercises.jsonl"))
    assert written_before < PAGES  # killed mid-run

    again = _crawl_process(url_file, output)
    _, stderr = again.communicate(timeout=30)
    assert again.returncode == 0, stderr.decode()
    _assert_every_page_once(output)
    manifest = json.loads((output / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["completed"] is True
    assert manifest["counts"]["skipped_resume"] == written_before


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_signal_stops_gracefully_and_writes_the_manifest(
    slow_site: LocalSite, tmp_path: Path, signum: signal.Signals
) -> None:
    url_file = _write_url_file(slow_site, tmp_path)
    output = tmp_path / "out"
    process = _crawl_process(url_file, output)
    try:
        _wait_for_records(output, 4, process)
        os.kill(process.pid, signum)
        _, stderr = process.communicate(timeout=15)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 130, stderr.decode()
    manifest = json.loads((output / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["interrupted"] is True
    assert manifest["completed"] is False
    assert manifest["status"] == "interrupted"
    records = read_jsonl(output / "exercises.jsonl")
    assert manifest["counts"]["records"] == len(records) < PAGES
    events = [json.loads(line)["event"] for line in stderr.decode().splitlines()]
    assert "stopping" in events
    assert events[-1] == "summary"

    again = _crawl_process(url_file, output)
    _, stderr = again.communicate(timeout=30)
    assert again.returncode == 0, stderr.decode()
    _assert_every_page_once(output)


def test_a_second_sigint_aborts_pages_in_flight(tmp_path: Path) -> None:
    # Pages take 5 s; the first SIGINT would wait for them, the second must not.
    paths = [f"/en/exercise/{n:04x}-x" for n in range(1, 5)]
    slow = dict.fromkeys(paths, Fault(delay=5.0))
    with LocalSite(generate=generated_exercise_page, faults=slow) as site:
        url_file = tmp_path / "urls.txt"
        url_file.write_text("".join(site.url(path) + "\n" for path in paths))
        output = tmp_path / "out"
        process = _crawl_process(url_file, output)
        try:
            deadline = time.monotonic() + 15
            while sum(site.hits(path) for path in paths) < 2:
                assert time.monotonic() < deadline, "the crawl never started"
                time.sleep(0.02)
            os.kill(process.pid, signal.SIGINT)
            time.sleep(0.3)
            os.kill(process.pid, signal.SIGINT)
            started = time.monotonic()
            _, stderr = process.communicate(timeout=15)
            stopped_in = time.monotonic() - started
        finally:
            if process.poll() is None:
                process.kill()
    assert process.returncode == 130, stderr.decode()
    assert stopped_in < 3.0  # not the 5 s the pages in flight would have taken
    manifest = json.loads((output / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["interrupted"] is True
    assert manifest["counts"]["records"] == 0
    assert manifest["counts"]["pending"] == 4  # 2 in flight + 2 queued, left for the next run
