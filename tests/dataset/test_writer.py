"""DatasetWriter: line format, crash safety, atomic files, resume, safe file names, OS errors."""

from __future__ import annotations

import errno
import json
import os
import signal
import subprocess
import sys
import tracemalloc
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extractor import Exercise, Failure, FaqItem
from extractor._exceptions import ExtractionError, OutputError
from extractor.dataset._dirlock import LOCK_FILE
from extractor.dataset._writer import (
    ARRAY_FILE,
    FAILURES_FILE,
    MANIFEST_FILE,
    RECORDS_FILE,
    DatasetWriter,
    repair_torn_line,
    safe_filename,
)

SHA = "ab" * 32


def exercise(number: int = 1, **fields: Any) -> Exercise:
    values: dict[str, Any] = {
        "url": f"https://example.org/en/exercise/{number:04x}ab-move-{number}",
        "source_id": f"{number:04x}ab",
        "slug": f"move-{number}",
        "language": "en",
        "name": f"Move {number}",
        "instructions": ["Stand up.", "Sit down."],
        "content_sha256": SHA,
    }
    values.update(fields)
    return Exercise(**values)


def failure(url: str, *, transient: bool, error_type: str = "HTTPStatusError") -> Failure:
    return Failure(url=url, stage="fetch", error_type=error_type, reason="x", transient=transient)


def lines(path: Path) -> list[bytes]:
    return path.read_bytes().splitlines(keepends=True)


# --- line format -------------------------------------------------------------------------------


def test_record_line_is_the_json_of_the_model_dump(tmp_path: Path) -> None:
    record = exercise(faq=[FaqItem(question="Why?", answer="Because.")])
    with DatasetWriter(tmp_path) as writer:
        writer.write_record(record)
        writer.write_record(exercise(2))
    first, second = lines(tmp_path / RECORDS_FILE)
    expected = json.dumps(record.model_dump(mode="json"), ensure_ascii=False) + "\n"
    assert first.decode("utf-8") == expected
    assert Exercise.model_validate_json(second) == exercise(2)
    assert writer.records_written == 2


def test_keys_follow_model_field_order(tmp_path: Path) -> None:
    with DatasetWriter(tmp_path) as writer:
        writer.write_record(exercise())
        writer.write_failure(failure("https://example.org/a", transient=False))
    record = json.loads(lines(tmp_path / RECORDS_FILE)[0])
    assert list(record) == list(Exercise.model_fields)
    failure_line = json.loads(lines(tmp_path / FAILURES_FILE)[0])
    assert list(failure_line) == list(Failure.model_fields)


def test_non_ascii_text_is_written_as_utf8_not_escaped(tmp_path: Path) -> None:
    name = "Übung für die Hüfte – «Psoas» 🧘"
    with DatasetWriter(tmp_path) as writer:
        writer.write_record(exercise(name=name))
    raw = (tmp_path / RECORDS_FILE).read_bytes()
    assert name.encode("utf-8") in raw
    assert b"\\u" not in raw


def test_each_line_reaches_the_file_before_the_writer_is_closed(tmp_path: Path) -> None:
    writer = DatasetWriter(tmp_path)
    try:
        writer.write_record(exercise(1))
        assert len(lines(tmp_path / RECORDS_FILE)) == 1
        writer.write_failure(failure("https://example.org/x", transient=True))
        assert len(lines(tmp_path / FAILURES_FILE)) == 1
        writer.write_record(exercise(2))
        assert len(lines(tmp_path / RECORDS_FILE)) == 2
    finally:
        writer.close()


def test_a_new_run_starts_over_without_resume(tmp_path: Path) -> None:
    with DatasetWriter(tmp_path) as writer:
        writer.write_record(exercise(1))
        writer.write_failure(failure("https://example.org/x", transient=False))
        writer.write_manifest({"run": 1})
        writer.write_json_array()
    with DatasetWriter(tmp_path) as writer:
        writer.write_record(exercise(2))
    assert [json.loads(x)["name"] for x in lines(tmp_path / RECORDS_FILE)] == ["Move 2"]
    assert (tmp_path / FAILURES_FILE).read_bytes() == b""
    assert not (tmp_path / MANIFEST_FILE).exists()
    assert not (tmp_path / ARRAY_FILE).exists()


def test_the_output_directory_is_created(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b"
    with DatasetWriter(target) as writer:
        writer.write_record(exercise())
    assert (target / RECORDS_FILE).is_file()


# --- torn lines --------------------------------------------------------------------------------


def test_resume_cuts_a_torn_last_line_without_newline(tmp_path: Path) -> None:
    with DatasetWriter(tmp_path) as writer:
        writer.write_record(exercise(1))
        writer.write_record(exercise(2))
    records = tmp_path / RECORDS_FILE
    whole = records.read_bytes()
    torn = json.dumps(exercise(3).model_dump(mode="json")).encode()[:57]
    records.write_bytes(whole + torn)

    with DatasetWriter(tmp_path, resume=True) as writer:
        assert writer.resume_state.repaired_bytes == len(torn)
        assert writer.resume_state.records == 2
        writer.write_record(exercise(3))
    names = [json.loads(line)["name"] for line in lines(records)]
    assert names == ["Move 1", "Move 2", "Move 3"]


def test_resume_cuts_a_last_line_that_is_not_json(tmp_path: Path) -> None:
    records = tmp_path / RECORDS_FILE
    good = json.dumps(exercise(1).model_dump(mode="json")).encode() + b"\n"
    records.write_bytes(good + b'{"schema_version": "1.0", "na\n')
    assert repair_torn_line(records) == len(b'{"schema_version": "1.0", "na\n')
    assert records.read_bytes() == good


def test_repair_of_a_torn_line_longer_than_the_backward_read_chunk(tmp_path: Path) -> None:
    records = tmp_path / RECORDS_FILE
    good = json.dumps(exercise(1).model_dump(mode="json")).encode() + b"\n"
    torn = b'{"name": "' + b"x" * 200_000
    records.write_bytes(good + torn)
    assert repair_torn_line(records) == len(torn)
    assert records.read_bytes() == good


def test_repair_of_a_file_that_is_only_a_torn_line(tmp_path: Path) -> None:
    records = tmp_path / RECORDS_FILE
    records.write_bytes(b'{"name": "half')
    assert repair_torn_line(records) == 14
    assert records.read_bytes() == b""


def test_repair_leaves_a_sound_file_alone(tmp_path: Path) -> None:
    with DatasetWriter(tmp_path) as writer:
        writer.write_record(exercise(1))
    before = (tmp_path / RECORDS_FILE).read_bytes()
    assert repair_torn_line(tmp_path / RECORDS_FILE) == 0
    assert repair_torn_line(tmp_path / "missing.jsonl") == 0
    assert (tmp_path / RECORDS_FILE).read_bytes() == before


def test_resume_repairs_failures_jsonl_too(tmp_path: Path) -> None:
    with DatasetWriter(tmp_path) as writer:
        writer.write_failure(failure("https://example.org/gone", transient=False))
    (tmp_path / FAILURES_FILE).open("ab").write(b'{"url": "https://exa')
    with DatasetWriter(tmp_path, resume=True) as writer:
        assert writer.resume_state.repaired_bytes == len(b'{"url": "https://exa')
        assert writer.resume_state.failures == 1
    assert (tmp_path / FAILURES_FILE).read_bytes().endswith(b"}\n")


def test_a_disk_full_mid_line_leaves_no_partial_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    writer = DatasetWriter(tmp_path)
    writer.write_record(exercise(1))
    real_write = os.write

    def half_then_full(fd: int, data: bytes) -> int:
        if len(data) > 20:
            return real_write(fd, bytes(data[: len(data) // 2]))
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "write", half_then_full)
    with pytest.raises(OutputError, match="No space left"):
        writer.write_record(exercise(2))
    monkeypatch.undo()
    writer.write_record(exercise(3))
    writer.close()
    names = [json.loads(line)["name"] for line in lines(tmp_path / RECORDS_FILE)]
    assert names == ["Move 1", "Move 3"]
    assert writer.records_written == 2


# --- atomic JSON files -------------------------------------------------------------------------


def test_manifest_is_indented_json_in_the_given_key_order(tmp_path: Path) -> None:
    manifest = {"zeta": 1, "alpha": {"path": tmp_path, "tags": {"b", "a"}}, "name": "Ü"}
    with DatasetWriter(tmp_path) as writer:
        path = writer.write_manifest(manifest)
    text = path.read_text("utf-8")
    assert text.endswith("}\n")
    assert '\n  "zeta": 1,' in text
    assert "Ü" in text
    loaded = json.loads(text)
    assert list(loaded) == ["zeta", "alpha", "name"]
    assert loaded["alpha"] == {"path": str(tmp_path), "tags": ["a", "b"]}


def test_a_crash_during_the_manifest_write_keeps_the_old_manifest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with DatasetWriter(tmp_path) as writer:
        writer.write_manifest({"run": 1})

        def crash(*_args: object) -> None:
            raise OSError(errno.EIO, "Input/output error")

        monkeypatch.setattr(os, "replace", crash)
        with pytest.raises(OutputError, match="Input/output error"):
            writer.write_manifest({"run": 2})
    assert json.loads((tmp_path / MANIFEST_FILE).read_text("utf-8")) == {"run": 1}
    # The temporary file is gone too: nothing but the dataset files (and the lock) remains.
    expected = {RECORDS_FILE, FAILURES_FILE, MANIFEST_FILE, LOCK_FILE}
    assert {p.name for p in tmp_path.iterdir()} == expected


def test_temporary_files_left_by_a_killed_run_are_removed(tmp_path: Path) -> None:
    leftover = tmp_path / f".{MANIFEST_FILE}.1a2b3c.tmp"
    leftover.write_text("{")
    unrelated = tmp_path / "notes.tmp"
    unrelated.write_text("mine")
    DatasetWriter(tmp_path, resume=True).close()
    assert not leftover.exists()
    assert unrelated.exists()


def test_a_manifest_that_is_not_json_is_a_typed_error(tmp_path: Path) -> None:
    with DatasetWriter(tmp_path) as writer, pytest.raises(OutputError, match="JSON"):
        writer.write_manifest({"handle": object()})


def test_json_array_holds_every_record_in_order(tmp_path: Path) -> None:
    records = [exercise(n, name=f"Übung {n}") for n in range(1, 4)]
    with DatasetWriter(tmp_path) as writer:
        for record in records:
            writer.write_record(record)
        path = writer.write_json_array()
    assert json.loads(path.read_text("utf-8")) == [r.model_dump(mode="json") for r in records]
    assert "Übung 1" in path.read_text("utf-8")


def test_json_array_of_an_empty_dataset_is_an_empty_array(tmp_path: Path) -> None:
    with DatasetWriter(tmp_path) as writer:
        path = writer.write_json_array()
    assert json.loads(path.read_bytes()) == []


def test_json_array_is_streamed_not_built_in_memory(tmp_path: Path) -> None:
    description = "Slow and controlled movement. " * 300  # ~9 KB a record
    with DatasetWriter(tmp_path) as writer:
        for n in range(600):
            writer.write_record(exercise(n, description=description))
        size = writer.records_path.stat().st_size
        tracemalloc.start()
        try:
            writer.write_json_array()
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert size > 5_000_000
    assert peak < size / 10
    assert len(json.loads((tmp_path / ARRAY_FILE).read_bytes())) == 600


# --- resume ------------------------------------------------------------------------------------


def test_resume_loads_what_is_done_and_keeps_only_permanent_failures(tmp_path: Path) -> None:
    with DatasetWriter(tmp_path) as writer:
        writer.write_record(
            exercise(1, url="HTTPS://Example.org:443/en/exercise/0001ab-move-1#top")
        )
        writer.write_record(exercise(2, url=None))
        writer.write_failure(failure("https://example.org/en/exercise/ff01-gone", transient=False))
        writer.write_failure(failure("https://example.org/en/exercise/ff02-busy", transient=True))
        writer.write_failure(failure("https://example.org/en/exercise/ff03-slow", transient=True))

    with DatasetWriter(tmp_path, resume=True) as writer:
        state = writer.resume_state
        assert state.records == 2
        assert state.done_urls == {"https://example.org/en/exercise/0001ab-move-1"}
        assert state.done_identities == {("0001ab", "en"), ("0002ab", "en")}
        assert state.permanent_failures == {"https://example.org/en/exercise/ff01-gone"}
        assert (state.failures, state.transient_dropped) == (1, 2)
        assert state.should_skip("https://EXAMPLE.org/en/exercise/0001ab-move-1")
        assert state.should_skip("https://example.org/en/exercise/0002ab-other-slug")
        # Identity is (source_id, language): the German version is another record (issue 8).
        assert not state.should_skip("https://example.org/de/exercise/0002ab-other-slug")
        assert state.should_skip("https://example.org/en/exercise/ff01-gone")
        assert not state.should_skip("https://example.org/en/exercise/ff02-busy")
        writer.write_record(exercise(3))
        assert writer.records_written == 1

    kept = [json.loads(line)["url"] for line in lines(tmp_path / FAILURES_FILE)]
    assert kept == ["https://example.org/en/exercise/ff01-gone"]
    assert len(lines(tmp_path / RECORDS_FILE)) == 3


def test_resume_without_transient_failures_does_not_rewrite_the_file(tmp_path: Path) -> None:
    with DatasetWriter(tmp_path) as writer:
        writer.write_failure(failure("https://example.org/a", transient=False))
    inode = (tmp_path / FAILURES_FILE).stat().st_ino
    with DatasetWriter(tmp_path, resume=True) as writer:
        assert writer.resume_state.failures == 1
    assert (tmp_path / FAILURES_FILE).stat().st_ino == inode


def test_resume_skips_corrupt_lines_in_the_middle(tmp_path: Path) -> None:
    good = json.dumps(exercise(1).model_dump(mode="json")).encode() + b"\n"
    (tmp_path / RECORDS_FILE).write_bytes(good + b"garbage\n" + good.replace(b"0001ab", b"0009ab"))
    with DatasetWriter(tmp_path, resume=True) as writer:
        assert writer.resume_state.records == 2
        assert writer.resume_state.invalid_lines == 1
        assert writer.resume_state.done_identities == {("0001ab", "en"), ("0009ab", "en")}
        array = writer.write_json_array()
    assert len(json.loads(array.read_bytes())) == 2


def test_resume_on_a_fresh_directory_is_empty(tmp_path: Path) -> None:
    with DatasetWriter(tmp_path / "new", resume=True) as writer:
        assert writer.resume_state.records == 0
        assert writer.resume_state.done_urls == set()


# --- OS errors ---------------------------------------------------------------------------------


def test_an_output_directory_that_cannot_be_created_is_a_typed_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    with pytest.raises(OutputError, match="file") as caught:
        DatasetWriter(blocker / "out")
    assert isinstance(caught.value, ExtractionError)
    assert isinstance(caught.value.__cause__, OSError)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root ignores permissions")
def test_a_read_only_directory_is_a_typed_error(tmp_path: Path) -> None:
    tmp_path.chmod(0o500)
    try:
        with pytest.raises(OutputError, match="denied"):
            DatasetWriter(tmp_path)
    finally:
        tmp_path.chmod(0o700)


def test_writing_after_close_is_a_typed_error(tmp_path: Path) -> None:
    writer = DatasetWriter(tmp_path)
    writer.close()
    writer.close()  # idempotent
    with pytest.raises(OutputError, match="closed"):
        writer.write_record(exercise())


# --- safe file names ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("psoas-smash", "psoas-smash"),
        ("Psoas smash", "Psoas-smash"),
        ("../../etc/passwd", "etc-passwd"),
        ("..\\..\\windows\\system32", "windows-system32"),
        ("a/b", "a-b"),
        ("evil\x00name\n", "evil-name"),
        ("ab\u202egnp.exe", "abgnp.exe"),  # right-to-left override would disguise the name
        ("one／two", "one-two"),  # fullwidth solidus
        ("...", "unnamed"),
        ("", "unnamed"),
        (".hidden", "hidden"),
        ("CON", "_CON"),
        ("nul.txt", "_nul.txt"),
        ("Übung – Hüfte", "Übung-Hüfte"),
    ],
)
def test_safe_filename_examples(text: str, expected: str) -> None:
    assert safe_filename(text) == expected


def test_safe_filename_bounds_long_names_and_keeps_them_apart() -> None:
    first = safe_filename("é" * 300 + "a")
    second = safe_filename("é" * 300 + "b")
    assert len(first.encode()) <= 120
    assert len(second.encode()) <= 120
    assert first != second


@given(st.text())
def test_safe_filename_is_always_a_single_safe_name(text: str) -> None:
    name = safe_filename(text, max_bytes=40)
    assert name
    assert len(name.encode("utf-8")) <= 40
    assert "/" not in name
    assert "\\" not in name
    assert ".." not in name
    assert not name.startswith((".", "-"))
    assert all(not unicodedata.category(char).startswith("C") for char in name)


# --- a real kill -------------------------------------------------------------------------------

_WRITE_FOREVER = """
import sys
from extractor import Exercise
from extractor.dataset._writer import DatasetWriter

writer = DatasetWriter(sys.argv[1], resume=True)
number = 0
while True:
    number += 1
    writer.write_record(Exercise(name=f"Move {number}", description="x" * 50_000,
                                 source_id=f"{number:x}", content_sha256="ab" * 32))
    if number == 20:
        print("ready", flush=True)
"""


@pytest.mark.slow
@pytest.mark.skipif(os.name != "posix", reason="SIGKILL")
def test_a_writer_killed_with_sigkill_resumes_with_whole_lines_only(tmp_path: Path) -> None:
    process = subprocess.Popen(
        [sys.executable, "-c", _WRITE_FOREVER, str(tmp_path)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert process.stdout is not None
        assert process.stdout.readline().strip() == "ready"
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    with DatasetWriter(tmp_path, resume=True) as writer:
        state = writer.resume_state
        writer.write_record(exercise(1))
    assert state.records >= 20
    assert state.invalid_lines == 0
    written = lines(tmp_path / RECORDS_FILE)
    assert len(written) == state.records + 1
    assert all(line.endswith(b"\n") and json.loads(line) for line in written)
