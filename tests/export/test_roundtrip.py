"""Round trips: what an export holds, read back by the programs that load it, equals the records."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pyarrow.parquet as pq
import pytest
from export_support import (
    dataset_records,
    export,
    fixture_dataset,
    read_database,
    records_from_tables,
)

from extractor import Exercise
from extractor.export._parquet import record_from_row, schema
from extractor.export._tables import TABLES


@pytest.fixture(scope="module")
def dataset(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return fixture_dataset(tmp_path_factory.mktemp("export") / "dataset")


def test_the_dataset_carries_every_new_field(dataset: Path) -> None:
    # The round trips below are only worth something if the 1.1 fields are set somewhere.
    records = dataset_records(dataset)
    for field in ("difficulty", "focus", "equipment", "sports", "categories", "muscles",
                  "attributes", "images", "alternates", "rendered"):  # fmt: skip
        assert any(getattr(record, field) for record in records), field


def test_parquet_read_back_equals_the_records(dataset: Path, tmp_path: Path) -> None:
    export(dataset, "parquet", tmp_path / "x.parquet")
    rows = pq.read_table(tmp_path / "x.parquet").to_pylist()
    assert [record_from_row(row) for row in rows] == dataset_records(dataset)


def test_parquet_has_a_column_per_record_field() -> None:
    assert schema().names == list(Exercise.model_fields)


def test_duckdb_and_pandas_read_the_parquet_file(dataset: Path, tmp_path: Path) -> None:
    path = tmp_path / "x.parquet"
    export(dataset, "parquet", path)
    records = dataset_records(dataset)
    english = next(r for r in records if r.source_id == "ab12cd34" and r.language == "en")
    query = (
        "SELECT name, faq[1].question, len(instructions), images[1].url, attributes[1].label "
        f"FROM read_parquet('{path}') WHERE source_id = 'ab12cd34' AND language = 'en'"
    )
    assert duckdb.sql(query).fetchall() == [
        (
            english.name,
            english.faq[0].question,
            len(english.instructions),
            english.images[0].url,
            next(iter(english.attributes)),
        )
    ]
    frame = pd.read_parquet(path)
    assert list(frame.columns) == list(Exercise.model_fields)
    assert len(frame) == len(records)
    row = frame[(frame.source_id == "ab12cd34") & (frame.language == "en")].iloc[0]
    assert list(row["muscles"]) == english.muscles


def test_sql_read_back_equals_the_records(dataset: Path, tmp_path: Path) -> None:
    export(dataset, "sql", tmp_path / "x.db")
    tables = read_database(f"sqlite:///{tmp_path / 'x.db'}")
    assert records_from_tables(tables) == dataset_records(dataset)


def _typed(value: str, kind: str, nullable: bool) -> Any:
    if value == "" and nullable:
        return None
    if kind == "int":
        return int(value)
    if kind == "bool":
        return {"true": True, "false": False}[value]
    return value


def test_csv_read_back_equals_the_records(dataset: Path, tmp_path: Path) -> None:
    export(dataset, "csv", tmp_path / "csv")
    tables: dict[str, list[dict[str, Any]]] = {}
    for table in TABLES:
        with (tmp_path / "csv" / f"{table.name}.csv").open(encoding="utf-8", newline="") as f:
            reader = csv.DictReader(f)
            assert tuple(reader.fieldnames or ()) == table.column_names
            tables[table.name] = [
                {c.name: _typed(row[c.name], c.kind, c.nullable) for c in table.columns}
                for row in reader
            ]
    assert records_from_tables(tables) == dataset_records(dataset)
