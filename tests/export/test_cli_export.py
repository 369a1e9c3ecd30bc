"""``extractor export``: usage errors, exit codes, the summary, outputs replaced whole."""

from __future__ import annotations

from pathlib import Path

import pytest
from export_support import crafted_lines, write_dataset

from extractor.cli._main import main


@pytest.fixture
def dataset(tmp_path: Path) -> Path:
    return write_dataset(tmp_path / "dataset", crafted_lines())


@pytest.mark.parametrize(
    "args",
    [
        ["--to", "csv"],  # no --output
        ["--to", "sql"],  # no --database
        ["--to", "sql", "--database", "sqlite://", "--output", "x"],
        ["--to", "parquet", "--output", "x", "--prune"],
        ["--to", "xml", "--output", "x"],
    ],
)
def test_usage_errors_exit_2(
    dataset: Path, args: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["export", str(dataset), *args]) == 2
    assert "usage:" in capsys.readouterr().err


def test_the_summary_names_the_counts_and_the_warnings(
    dataset: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        main(["export", str(dataset), "--to", "wger", "--output", str(tmp_path / "w.jsonl")]) == 0
    )
    err = capsys.readouterr().err
    assert "wger (records 5, exercises 2, translations 4, left_out 1)" in err
    assert "warnings (" in err
    assert "license-missing 2" in err
    assert "missing-key 1" in err
    assert f"warnings in {tmp_path / 'w.jsonl.warnings.jsonl'}" in err
    assert (tmp_path / "w.jsonl.warnings.jsonl").read_text().count("\n") > 5


def test_a_missing_dataset_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["export", str(tmp_path / "nope"), "--to", "csv", "--output", str(tmp_path / "o")])
    assert code == 1
    assert "is not a dataset" in capsys.readouterr().err
    assert not (tmp_path / "o").exists()


def test_a_folder_output_replaces_only_an_earlier_export(
    dataset: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    precious = tmp_path / "precious"
    precious.mkdir()
    (precious / "thesis.txt").write_text("years of work")
    assert main(["export", str(dataset), "--to", "csv", "--output", str(precious)]) == 1
    assert "neither empty nor an earlier export" in capsys.readouterr().err
    assert [p.name for p in precious.iterdir()] == ["thesis.txt"]

    out = tmp_path / "out"
    assert main(["export", str(dataset), "--to", "free-exercise-db", "--output", str(out)]) == 0
    (out / "exercises" / "stale.json").write_text("{}")
    assert main(["export", str(dataset), "--to", "free-exercise-db", "--output", str(out)]) == 0
    assert not (out / "exercises" / "stale.json").exists()  # replaced whole, nothing stale
    assert (out / "warnings.jsonl").is_file()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no leftovers


@pytest.mark.parametrize("to", ["csv", "parquet", "wger", "free-exercise-db", "sql"])
def test_an_empty_dataset_exports_as_an_empty_export(to: str, tmp_path: Path) -> None:
    dataset = write_dataset(tmp_path / "empty", [])
    target = tmp_path / "out"
    where = ["--database", f"sqlite:///{target}"] if to == "sql" else ["--output", str(target)]
    args = ["export", str(dataset), "--to", to, *where, "--warnings", str(tmp_path / "w.jsonl")]
    assert main(args) == 0
    assert (tmp_path / "w.jsonl").read_text() == ""
    assert target.exists()
