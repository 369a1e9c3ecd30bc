"""No browser outlives the crawler: normal end, SIGINT, SIGTERM and SIGKILL of a real
``extractor crawl --render always`` process; a resumed run renders what is left, once.

Browser processes are recognised by the ``EXTRACTOR_BROWSER_OWNER=<crawler pid>`` every
process of a browser we start carries in its environment.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from crawl_support import read_jsonl
from render_support import browser_processes, data_json, fill, page, write

from extractor.testing import Fault, LocalSite

pytestmark = pytest.mark.slow

PAGES = [f"/en/exercise/b0000{n}-page-{n}" for n in range(1, 7)]


def _endpoint(path: str) -> str:
    return f"/data/{path.rsplit('/', 1)[1].split('-')[0]}.json"


@pytest.fixture
def site(tmp_path: Path) -> Iterator[LocalSite]:
    root = tmp_path / "site"
    files = {"/robots.txt": "User-agent: *\nAllow: /\n"}
    for number, path in enumerate(PAGES, 1):
        files[path + ".html"] = page(f"Page {number}", body=fill(_endpoint(path), 50))
        files[_endpoint(path)] = data_json()
    write(root, files)
    with LocalSite(root) as server:
        for path in PAGES:  # each page's data takes a while: pages are mid-render for long
            server.faults[_endpoint(path)] = Fault(delay=1.0)
        yield server


def _start_crawl(
    site: LocalSite, output: Path, *, new_session: bool = False
) -> subprocess.Popen[str]:
    command = [sys.executable, "-m", "extractor", "crawl", *[site.url(p) for p in PAGES]]
    command += ["-o", str(output), "--render", "always", "--rate", "0", "--log-format", "json"]
    command += ["--render-timeout", "10", "--render-concurrency", "2", "--concurrency", "2"]
    return subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=new_session,
    )


def _wait_for(condition: object, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if callable(condition) and condition():
            return True
        time.sleep(0.05)
    return False


def _records(output: Path) -> list[dict[str, object]]:
    path = output / "exercises.jsonl"
    if not path.exists():
        return []
    data = path.read_bytes()
    return read_jsonl(path) if data.endswith(b"\n") else []


def test_sigkill_leaves_no_browser_and_resume_renders_the_rest_once(
    site: LocalSite, tmp_path: Path
) -> None:
    output = tmp_path / "out"
    crawler = _start_crawl(site, output)
    try:
        assert _wait_for(lambda: len(_records(output)) >= 1, 60), crawler.stderr
        assert browser_processes(crawler.pid), "the browser should be running mid-crawl"
        crawler.kill()  # SIGKILL: no handler, no cleanup of ours runs
        crawler.wait(timeout=10)
        assert _wait_for(lambda: not browser_processes(crawler.pid), 10), (
            f"browser processes left behind: {browser_processes(crawler.pid)}"
        )
    finally:
        if crawler.poll() is None:
            crawler.kill()
            crawler.wait()
    first = {record["url"] for record in _records(output)}
    assert 1 <= len(first) < len(PAGES)

    site.faults.clear()
    site.reset()
    again = _start_crawl(site, output)
    _, stderr = again.communicate(timeout=120)
    assert again.returncode == 0, stderr
    assert _wait_for(lambda: not browser_processes(again.pid), 10)  # normal end

    records = read_jsonl(output / "exercises.jsonl")
    assert Counter(str(r["url"]) for r in records) == Counter(site.url(p) for p in PAGES)
    assert all(record["rendered"] and not record["unloaded_sections"] for record in records)
    for path in PAGES:  # done pages were not fetched again; the rest were rendered once
        done = site.url(path) in first
        assert site.hits(path) == (0 if done else 1), path
        assert site.hits(_endpoint(path)) == (0 if done else 1), path


@pytest.mark.parametrize(
    ("signum", "group"),
    [
        (signal.SIGINT, False),
        (signal.SIGTERM, False),
        (signal.SIGINT, True),  # Ctrl-C in a terminal: the crawler's whole process group
    ],
)
def test_a_graceful_stop_closes_the_browser(
    site: LocalSite, tmp_path: Path, signum: signal.Signals, group: bool
) -> None:
    output = tmp_path / "out"
    crawler = _start_crawl(site, output, new_session=group)
    try:
        assert _wait_for(lambda: browser_processes(crawler.pid), 60)
        assert _wait_for(lambda: site.hits(_endpoint(PAGES[0])) >= 1, 30)
        if group:
            os.killpg(crawler.pid, signum)
        else:
            crawler.send_signal(signum)
        _, stderr = crawler.communicate(timeout=60)
    finally:
        if crawler.poll() is None:
            crawler.kill()
            crawler.wait()
    assert crawler.returncode == 130, stderr
    assert _wait_for(lambda: not browser_processes(crawler.pid), 5)
    # The pages in flight finished first; the others are left for the next run.
    records = _records(output)
    assert 1 <= len(records) < len(PAGES)
    assert all(record["rendered"] and not record["unloaded_sections"] for record in records)
