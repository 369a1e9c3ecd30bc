"""SIGKILL of a crawl writing WARC, then resume: every file whole, every record's response archived.

A page's line is written only once its exchanges are in the WARC file, so at any kill every
record already in ``exercises.jsonl`` has its response in the archive (read from a repaired copy,
as the next run would cut the torn tail).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from crawl_support import read_jsonl
from warcio.archiveiterator import ArchiveIterator

from extractor.dataset import repair_warc_tail, warc_files
from extractor.testing import LocalSite, generated_exercise_page

pytestmark = pytest.mark.slow

PAGES = 60


@pytest.fixture
def site() -> Iterator[LocalSite]:
    with LocalSite(generate=generated_exercise_page, latency=0.03) as server:
        yield server


def _crawl(url_file: Path, output: Path) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "extractor", "crawl", "--urls", str(url_file)]
    command += ["--output", str(output), "--concurrency", "4", "--rate", "none"]
    command += ["--warc", "--warc-max-bytes", "64k", "--log-format", "json"]
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _kill_after_records(process: subprocess.Popen[bytes], output: Path, count: int) -> None:
    """SIGKILL ``process`` once ``count`` records are written; it must still be running."""
    records = output / "exercises.jsonl"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and process.poll() is None:
        if records.exists() and records.read_bytes().count(b"\n") >= count:
            break
        time.sleep(0.005)
    assert process.poll() is None, "the crawl ended before it could be killed mid-run"
    process.send_signal(signal.SIGKILL)
    assert process.wait(timeout=10) == -signal.SIGKILL


def _archived_responses(directory: Path, scratch: Path) -> Counter[str]:
    """URLs with a 200 response record in the whole records of ``directory``'s WARC files."""
    responses: Counter[str] = Counter()
    for path in warc_files(directory):
        copy = scratch / path.name
        shutil.copyfile(path, copy)
        repair_warc_tail(copy)  # what the next run keeps of a file torn by the kill
        if not copy.exists():  # killed before its first record was whole
            continue
        with copy.open("rb") as handle:
            for record in ArchiveIterator(handle):
                if record.rec_type == "response" and record.http_headers.get_statuscode() == "200":
                    responses[record.rec_headers.get_header("WARC-Target-URI")] += 1
        copy.unlink()
    return responses


def _whole_record_urls(path: Path) -> list[str]:
    """URLs of the whole lines of a JSON Lines file (a kill may have torn the last one)."""
    lines = path.read_bytes().split(b"\n")[:-1]
    return [json.loads(line)["url"] for line in lines]


def _readable_records(path: Path) -> int:
    """Records warcio reads from ``path`` (raises if the file is not a WARC)."""
    with path.open("rb") as handle:
        return sum(1 for _ in ArchiveIterator(handle))


def _is_whole(path: Path, scratch: Path) -> bool:
    """No torn tail: the strict repair of a copy cuts nothing."""
    copy = scratch / "copy.warc.gz"
    shutil.copyfile(path, copy)
    return repair_warc_tail(copy) == 0


def test_sigkill_while_writing_warc_then_resume(site: LocalSite, tmp_path: Path) -> None:
    output, scratch = tmp_path / "out", tmp_path / "scratch"
    scratch.mkdir()
    urls = [site.url(f"/en/exercise/{n:04x}-generated-{n}") for n in range(1, PAGES + 1)]
    url_file = tmp_path / "urls.txt"
    url_file.write_text("\n".join(urls) + "\n", encoding="utf-8")

    for killed_at in (10, 25, 40):
        _kill_after_records(_crawl(url_file, output), output, killed_at)
        written = _whole_record_urls(output / "exercises.jsonl")
        assert killed_at <= len(written) < PAGES  # killed mid-run, with records written
        # Right after the kill, before any repair: every record's response is archived.
        archived = _archived_responses(output / "warc", scratch)
        assert set(written) <= set(archived), set(written) - set(archived)
        for path in warc_files(output / "warc"):  # readable up to the last whole record
            assert _readable_records(path) >= 1

    finished = _crawl(url_file, output)
    assert finished.wait(timeout=60) == 0

    files = warc_files(output / "warc")
    assert len(files) >= 4  # a new file per run at least
    serials = [int(path.name.split("-")[1]) for path in files]
    assert serials == sorted(set(serials))
    responses: Counter[str] = Counter()
    for path in files:
        assert _is_whole(path, scratch), f"{path.name} has a torn tail"
        with path.open("rb") as handle:
            records = list(ArchiveIterator(handle))
        assert records[0].rec_type == "warcinfo"
        for record in records:
            if record.rec_type == "response" and record.http_headers.get_statuscode() == "200":
                responses[record.rec_headers.get_header("WARC-Target-URI")] += 1
    records = read_jsonl(output / "exercises.jsonl")
    assert sorted(r["url"] for r in records) == sorted(urls)
    # Every record has its response archived, by this run or a killed one.
    assert set(urls) <= set(responses), sorted(set(urls) - set(responses))
    assert os.path.getsize(output / "manifest.json") > 0
