"""Golden exports: the fixture dataset (``extractor parse fixtures/pages`` plus the crafted
records of ``export_support``) in every format, compared with the files checked by hand once.

A parser change that fills a field changes these files too: ``scripts/regen_exports.py``
shows the diff, ``--write`` stores it after review.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

from export_support import GOLDEN, fixture_dataset, golden_outputs, write_dataset


def _stored() -> dict[str, str]:
    return {
        str(path.relative_to(GOLDEN)): path.read_text("utf-8")
        for path in GOLDEN.rglob("*")
        if path.is_file()
    }


def test_every_format_matches_its_golden_export(tmp_path: Path) -> None:
    outputs = golden_outputs(fixture_dataset(tmp_path / "dataset"), tmp_path)
    stored = _stored()
    assert sorted(outputs) == sorted(stored)
    differing = [name for name in sorted(outputs) if outputs[name] != stored[name]]
    assert not differing, f"run scripts/regen_exports.py to see the diff of {differing}"


def test_the_exports_do_not_depend_on_the_order_of_the_lines(tmp_path: Path) -> None:
    lines = (fixture_dataset(tmp_path / "dataset") / "exercises.jsonl").read_text("utf-8")
    # One line per key (of two lines with one key the first met wins, so order would matter).
    seen: set[tuple[str, str]] = set()
    unique: list[str] = []
    for line in lines.splitlines():
        try:
            key = (json.loads(line)["source_id"], json.loads(line)["language"])
        except (ValueError, KeyError):
            key = ("", "")
        if all(key) and key in seen:
            continue
        seen.add(key)
        unique.append(line)
    ordered = write_dataset(tmp_path / "ordered", unique)
    random.Random(7).shuffle(unique)
    shuffled = write_dataset(tmp_path / "shuffled", unique)
    first = golden_outputs(ordered, tmp_path / "a")
    second = golden_outputs(shuffled, tmp_path / "b")
    assert first.keys() == second.keys()
    for name, text in first.items():
        if not name.endswith("warnings.jsonl"):  # warnings name line numbers, which move
            assert second[name] == text, name


def test_exporting_twice_gives_the_same_bytes(tmp_path: Path) -> None:
    dataset = fixture_dataset(tmp_path / "dataset")
    first = golden_outputs(dataset, tmp_path / "a")
    second = golden_outputs(dataset, tmp_path / "b")
    assert first == second
    parquet = [(tmp_path / run / "x.parquet").read_bytes() for run in ("a", "b")]
    assert parquet[0] == parquet[1]
