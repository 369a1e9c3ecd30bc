"""One writer per output directory: a second one is refused at once, a killed one frees it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from crawl_support import SITE, fast_settings, read_jsonl, run

from extractor import Exercise
from extractor._exceptions import OutputError, OutputInUse
from extractor.dataset._dirlock import LOCK_FILE
from extractor.dataset._writer import RECORDS_FILE, DatasetWriter

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="flock is POSIX")

# A process that takes the lock, writes one record, says so, and holds on until stdin closes.
HOLDER = """
import sys
from extractor import Exercise
from extractor.dataset._writer import DatasetWriter
with DatasetWriter(sys.argv[1]) as writer:
    writer.write_record(Exercise(url="https://example.org/en/exercise/aa01-held",
                                 name="Held", content_sha256="ab" * 32))
    print("locked", flush=True)
    sys.stdin.read()
"""


def _record(number: int) -> Exercise:
    return Exercise(
        url=f"https://example.org/en/exercise/{number:04x}-move",
        name=f"Move {number}",
        content_sha256="ab" * 32,
    )


@pytest.fixture
def holder(tmp_path: Path) -> Iterator[subprocess.Popen[str]]:
    """Another process holding ``tmp_path`` (killed at the end if the test did not)."""
    child = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(tmp_path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None
        assert child.stdout.readline() == "locked\n"
        yield child
    finally:
        if child.poll() is None:
            child.kill()
        child.wait(timeout=10)
        for pipe in (child.stdin, child.stdout):
            if pipe is not None:
                pipe.close()


def test_a_second_writer_in_the_same_process_is_refused_and_changes_nothing(
    tmp_path: Path,
) -> None:
    with DatasetWriter(tmp_path) as first:
        first.write_record(_record(1))
        # resume=False would remove the dataset: refused before it touches anything.
        with pytest.raises(OutputInUse, match=r"is in use by another run \(pid \d+\)") as caught:
            DatasetWriter(tmp_path, resume=False)
        assert isinstance(caught.value, OutputError)  # the CLIs' "fatal, exit 1" family
        assert caught.value.pid == os.getpid()
        assert str(tmp_path) in str(caught.value)
        first.write_record(_record(2))  # the first writer goes on unaffected
    assert [r["name"] for r in read_jsonl(tmp_path / RECORDS_FILE)] == ["Move 1", "Move 2"]

    # Closed: the directory is free again, and the lock file is not taken for data.
    with DatasetWriter(tmp_path, resume=True) as again:
        assert again.resume_state.records == 2
        assert again.resume_state.invalid_lines == 0


def test_a_writer_that_failed_to_open_releases_the_lock(tmp_path: Path) -> None:
    (tmp_path / RECORDS_FILE).mkdir()  # opening the records file fails
    with pytest.raises(OutputError) as caught:
        DatasetWriter(tmp_path, resume=True)
    assert not isinstance(caught.value, OutputInUse)
    (tmp_path / RECORDS_FILE).rmdir()
    DatasetWriter(tmp_path).close()  # not blocked by the failed writer


def test_a_writer_in_another_process_is_refused_with_its_pid(
    tmp_path: Path, holder: subprocess.Popen[str]
) -> None:
    with pytest.raises(OutputInUse) as caught:
        DatasetWriter(tmp_path, resume=False)
    assert caught.value.pid == holder.pid
    assert f"in use by another run (pid {holder.pid})" in str(caught.value)

    assert holder.stdin is not None
    holder.stdin.close()  # the holder closes its writer and exits
    assert holder.wait(timeout=10) == 0
    with DatasetWriter(tmp_path, resume=True) as writer:
        assert writer.resume_state.records == 1


def test_a_sigkilled_writer_does_not_block_the_next_run(
    tmp_path: Path, holder: subprocess.Popen[str]
) -> None:
    holder.send_signal(signal.SIGKILL)
    holder.wait(timeout=10)
    assert (tmp_path / LOCK_FILE).exists()  # left behind, yet the kernel dropped the lock
    with DatasetWriter(tmp_path, resume=True) as writer:
        assert writer.resume_state.records == 1  # what the killed run wrote is kept
        assert writer.resume_state.invalid_lines == 0


def test_crawler_on_a_directory_in_use_fails_before_writing(
    tmp_path: Path, holder: subprocess.Popen[str]
) -> None:
    # The URL is never fetched: the output is refused first.
    with pytest.raises(OutputInUse):
        run(fast_settings(tmp_path), ["http://127.0.0.1:9/en/exercise/ab12-never"])
    assert not (tmp_path / "manifest.json").exists()  # the holder's dataset is untouched
    assert len(read_jsonl(tmp_path / RECORDS_FILE)) == 1


@pytest.mark.parametrize(
    "arguments",
    [
        ["crawl", "http://127.0.0.1:9/en/exercise/ab12-never", "--ignore-robots"],
        ["parse", str(SITE / "en" / "exercise")],
    ],
    ids=["crawl", "parse"],
)
def test_cli_on_a_directory_in_use_exits_1_with_a_clear_message(
    tmp_path: Path, holder: subprocess.Popen[str], arguments: list[str]
) -> None:
    command = [sys.executable, "-m", "extractor", *arguments, "--output", str(tmp_path)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=30, check=False)
    assert result.returncode == 1, result.stderr
    assert f"{tmp_path} is in use by another run (pid {holder.pid})" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "manifest.json").exists()
    assert len(read_jsonl(tmp_path / RECORDS_FILE)) == 1
