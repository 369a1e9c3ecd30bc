"""``extractor validate`` and ``extractor diff`` on real datasets written by ``extractor parse``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from extractor.cli._main import main

REPO = Path(__file__).resolve().parents[2]
PAGES = REPO / "fixtures" / "pages"


@pytest.fixture(scope="module")
def dataset(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A dataset of every golden page, written by the real ``extractor parse``."""
    out = tmp_path_factory.mktemp("dataset")
    assert main(["parse", str(PAGES), "--output", str(out), "--format", "json"]) == 0
    return out


def read_lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def write_lines(path: Path, records: list[Any]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), "utf-8")
    return path


# -- validate ---------------------------------------------------------------------------------


def test_validate_accepts_a_crawled_dataset(
    dataset: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate", str(dataset)]) == 0
    out, err = capsys.readouterr()
    assert out == ""
    # Both files of the folder were checked.
    assert err.strip() == f"valid: {dataset / 'exercises.jsonl'}, {dataset / 'exercises.json'}"


def test_validate_reports_each_bad_record_with_its_line(
    dataset: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    records = read_lines(dataset / "exercises.jsonl")
    records[1]["name"] = ""
    records[3]["faq"] = [{"question": "Why?"}]
    records[4]["surprise"] = 1
    records[6]["schema_version"] = "9.9"
    bad = write_lines(tmp_path / "bad.jsonl", records)
    with bad.open("a", encoding="utf-8") as handle:
        handle.write("{not json\n")
    assert main(["validate", str(bad)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert f"{bad}:2: name: '' should be non-empty" in lines
    assert f"{bad}:4: faq[0]: 'answer' is a required property" in lines
    assert any(line.startswith(f"{bad}:5: ") and "'surprise'" in line for line in lines)
    assert any(line.startswith(f"{bad}:7: schema_version: no schema for '9.9'") for line in lines)
    assert any(line.startswith(f"{bad}:{len(records) + 1}: not JSON") for line in lines)
    assert len(lines) == 5  # the good records say nothing


def test_validate_json_array_reports_the_line_where_a_record_starts(
    tmp_path: Path, dataset: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    records = read_lines(dataset / "exercises.jsonl")[:3]
    records[2]["content_sha256"] = "nope"
    array = tmp_path / "records.json"
    array.write_text(json.dumps(records, indent=2), encoding="utf-8")
    starts = [n for n, line in enumerate(array.read_text().splitlines(), 1) if line == "  {"]
    assert len(starts) == 3
    assert main(["validate", str(array)]) == 1
    out = capsys.readouterr().out
    assert out.startswith(f"{array}:{starts[2]}: content_sha256: 'nope' does not match")


def test_validate_older_schema_versions_against_their_own_file(
    tmp_path: Path, dataset: Path
) -> None:
    record = read_lines(dataset / "exercises.jsonl")[0]
    old = {k: v for k, v in record.items() if k not in _ADDED_IN_1_1}
    old["schema_version"] = "1.0"
    assert main(["validate", str(write_lines(tmp_path / "old.jsonl", [old]))]) == 0
    old["images"] = []  # not a 1.0 field
    assert main(["validate", str(write_lines(tmp_path / "old2.jsonl", [old]))]) == 1


_ADDED_IN_1_1 = {
    "alternates", "difficulty", "focus", "equipment", "sports", "categories", "muscles",
    "attributes", "images", "rendered",
}  # fmt: skip


@pytest.mark.parametrize("make", ["missing", "empty_dir", "unreadable"])
def test_validate_usage_errors_exit_2(tmp_path: Path, make: str) -> None:
    path = tmp_path / "thing"
    if make == "empty_dir":
        path.mkdir()
    elif make == "unreadable":
        path = tmp_path / "latin1.json"
        path.write_bytes(b"[\xff\xfe]")
    assert main(["validate", str(path)]) == 2
    assert main(["validate"]) == 2


# -- diff ---------------------------------------------------------------------------------


def crawled_like(dataset: Path, tmp_path: Path) -> tuple[Path, list[dict[str, Any]]]:
    """The golden records with distinct identities, as a crawl would have them."""
    records = [r for r in read_lines(dataset / "exercises.jsonl") if r["source_id"]]
    seen: set[tuple[str, str]] = set()
    unique = []
    for record in records:
        key = (record["source_id"], record["language"])
        if key not in seen:
            seen.add(key)
            unique.append(record)
    return write_lines(tmp_path / "old.jsonl", unique), unique


def test_diff_of_a_dataset_with_itself_is_empty(
    dataset: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["diff", str(dataset), str(dataset / "exercises.json")]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[-1].startswith("0 added, 0 removed, 0 changed, ")
    assert len(out) == 1


def test_diff_names_added_removed_and_changed_fields(
    dataset: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old, records = crawled_like(dataset, tmp_path)
    new = [dict(r) for r in records]
    gone, edited, rehashed = new[0], new[1], new[2]
    edited["instructions"] = [*edited["instructions"], "Breathe out."]
    edited["difficulty"] = "Hard"
    rehashed["content_sha256"] = "0" * 64
    added = dict(
        new[3], source_id="ffff0000", language="en", url="https://x.org/en/exercise/ffff0000-x"
    )
    new = [added, *reversed(new[1:])]  # order does not matter, identity does
    new_path = write_lines(tmp_path / "new.jsonl", new)

    assert main(["diff", str(old), str(new_path), "--format", "json"]) == 1
    result = json.loads(capsys.readouterr().out)
    assert result["counts"] == {
        "added": 1, "removed": 1, "changed": 2, "unchanged": len(records) - 3
    }  # fmt: skip
    assert [(e["source_id"], e["language"]) for e in result["added"]] == [("ffff0000", "en")]
    assert [e["source_id"] for e in result["removed"]] == [gone["source_id"]]
    changed = {(e["source_id"], e["language"]): e["fields"] for e in result["changed"]}
    assert changed == {
        (edited["source_id"], edited["language"]): ["difficulty", "instructions"],
        (rehashed["source_id"], rehashed["language"]): ["content_sha256"],
    }

    assert main(["diff", str(old), str(new_path), "--ignore", "content_sha256"]) == 1
    text = capsys.readouterr().out.splitlines()
    assert f"~ {edited['source_id']} {edited['language']}  difficulty, instructions" in text
    assert f"- {gone['source_id']} {gone['language']}  {gone['name']}" in text
    assert text[-1] == f"1 added, 1 removed, 1 changed, {len(records) - 2} unchanged"


def test_diff_errors_exit_2(tmp_path: Path, dataset: Path) -> None:
    assert main(["diff", str(tmp_path / "nope"), str(dataset)]) == 2
    broken = tmp_path / "broken.jsonl"
    broken.write_text('{"name": "x"}\n[1, 2]\n')
    assert main(["diff", str(broken), str(dataset)]) == 2
    assert main(["diff", str(dataset)]) == 2
