"""Reading a dataset for export: key order, and every line that cannot be carried is a warning."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from export_support import SHA, crafted_records, write_dataset

from extractor import Exercise, UnreadableInput
from extractor.export._source import Dataset
from extractor.export._warnings import WarningLog


def _read(directory: Path, tmp_path: Path) -> tuple[list[Exercise], list[dict[str, object]]]:
    log = WarningLog(tmp_path / "w.jsonl")
    with log:
        records = list(Dataset(directory, log))
    lines = (tmp_path / "w.jsonl").read_text("utf-8").splitlines()
    return records, [json.loads(line) for line in lines]


def test_records_come_in_key_order_and_bad_lines_are_warnings(tmp_path: Path) -> None:
    english, french, german, lone, short = crafted_records()
    invalid = {**json.loads(lone.model_dump_json()), "source_id": "0badf00d", "name": ""}
    second = english.model_copy(update={"name": "A later copy"})
    lines = [
        short.model_dump_json(),
        german.model_dump_json(),
        "",  # blank lines are not records
        '["not", "an", "object"]',
        english.model_dump_json(),
        Exercise(name="No key", content_sha256=SHA).model_dump_json(),
        json.dumps(invalid),
        second.model_dump_json(),
        french.model_dump_json(),
        lone.model_dump_json(),
        '{"name": "torn',
    ]
    records, warnings = _read(write_dataset(tmp_path / "d", lines), tmp_path)
    assert records == [german, english, french, lone, short]  # (source_id, language) order
    assert [(w["code"], w["message"].split(":")[0]) for w in warnings] == [
        ("invalid-line", "line 4"),
        ("missing-key", "line 6"),
        ("invalid-line", "line 11"),
        ("duplicate-key", "line 8"),
        ("invalid-record", "line 7"),
    ]
    assert "name" in str(warnings[-1]["message"])


def test_a_folder_without_a_dataset_is_unreadable_input(tmp_path: Path) -> None:
    with pytest.raises(UnreadableInput, match=r"exercises\.jsonl"):
        Dataset(tmp_path, WarningLog(tmp_path / "w.jsonl"))
