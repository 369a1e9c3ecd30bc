"""The SQL export: keys and foreign keys, upsert by key, idempotence, --prune; on SQLite and on
a real PostgreSQL server started and stopped by the test."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from export_support import (
    crafted_records,
    dataset_records,
    fixture_dataset,
    postgres_server,
    read_database,
    records_from_tables,
    write_dataset,
)

from extractor import Exercise
from extractor.cli._main import main
from extractor.export import ExportOptions, export_dataset
from extractor.export._tables import TABLES


def _export(dataset: Path, url: str, tmp_path: Path, prune: bool = False) -> dict[str, int]:
    options = ExportOptions(database=url, prune=prune, batch_size=4)
    result = export_dataset(dataset, "sql", options, warnings_file=tmp_path / "w.jsonl")
    return result.counts


def _newer(dataset: Path, directory: Path) -> tuple[Path, Exercise, Exercise, Exercise]:
    """A later crawl: one record changed, one gone, one new."""
    records = dataset_records(dataset)
    changed = records[0].model_copy(
        update={"name": records[0].name + " (v2)", "instructions": records[0].instructions[:1]}
    )
    gone = records[1]
    new = crafted_records()[3].model_copy(update={"source_id": "0a0b0c0d", "url": None})
    lines = [changed, *records[2:], new]
    return write_dataset(directory, [r.model_dump_json() for r in lines]), changed, gone, new


def _check_upserts(url: str, tmp_path: Path) -> None:
    dataset = fixture_dataset(tmp_path / "dataset")
    records = dataset_records(dataset)
    first = _export(dataset, url, tmp_path)
    assert first["inserted"] == len(records)
    assert first["updated"] == 0
    stored = read_database(url)
    assert records_from_tables(stored) == records

    again = _export(dataset, url, tmp_path)
    assert again["unchanged"] == len(records)
    assert again["inserted"] == again["updated"] == again["absent"] == 0
    assert read_database(url) == stored

    newer, changed, gone, new = _newer(dataset, tmp_path / "newer")
    counts = _export(newer, url, tmp_path)
    assert (counts["inserted"], counts["updated"], counts["absent"]) == (1, 1, 1)
    assert counts["unchanged"] == len(records) - 2
    expected = sorted([*dataset_records(newer), gone], key=lambda r: (r.source_id, r.language))
    assert records_from_tables(read_database(url)) == expected
    assert '"kept-absent"' in (tmp_path / "w.jsonl").read_text()

    pruned = _export(newer, url, tmp_path, prune=True)
    assert pruned["deleted"] == 1
    assert pruned["unchanged"] == len(records)
    after = read_database(url)
    assert records_from_tables(after) == dataset_records(newer)
    for rows in after.values():  # no orphan child row of the pruned exercise
        assert not [
            r for r in rows if (r["source_id"], r["language"]) == (gone.source_id, gone.language)
        ]
    assert changed in records_from_tables(after)
    assert new in records_from_tables(after)


def test_sqlite_upsert_idempotence_and_prune(tmp_path: Path) -> None:
    _check_upserts(f"sqlite:///{tmp_path / 'x.db'}", tmp_path)


def _check_keys(url: str) -> None:
    engine = sa.create_engine(url)
    try:
        inspector = sa.inspect(engine)
        for table in TABLES:
            primary = inspector.get_pk_constraint(table.name)["constrained_columns"]
            assert primary == [c.name for c in table.columns if c.primary], table.name
            foreign = inspector.get_foreign_keys(table.name)
            if table.name == "exercises":
                assert foreign == []
            else:
                assert [(f["referred_table"], f["constrained_columns"]) for f in foreign] == [
                    ("exercises", ["source_id", "language"])
                ], table.name
    finally:
        engine.dispose()


def test_tables_have_primary_and_foreign_keys(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'x.db'}"
    _export(write_dataset(tmp_path / "d", [r.model_dump_json() for r in crafted_records()]),
            url, tmp_path)  # fmt: skip
    _check_keys(url)


@pytest.mark.slow
def test_postgresql_upsert_idempotence_prune_and_keys(tmp_path: Path) -> None:
    with postgres_server() as url:
        _check_upserts(url, tmp_path)
        _check_keys(url)
        # PostgreSQL's text cannot hold NUL: such a record is skipped and warned, never cut.
        records = crafted_records()
        nul = records[3].model_copy(update={"source_id": "00aa00aa", "name": "Nul\x00here"})
        lines = [r.model_dump_json() for r in [*records, nul]]
        counts = _export(write_dataset(tmp_path / "nul", lines), url, tmp_path, prune=True)
        assert counts["records"] == len(records)
        assert '"nul-character"' in (tmp_path / "w.jsonl").read_text()
        assert records_from_tables(read_database(url)) == sorted(
            records, key=lambda r: (r.source_id, r.language)
        )


def test_a_failing_database_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    dataset = write_dataset(tmp_path / "d", [r.model_dump_json() for r in crafted_records()])
    bad = ["sqlite:////nonexistent-folder/x.db", "nosuchdialect://x", "postgresql+psycopg://"
           "nobody@127.0.0.1:1/none"]  # fmt: skip
    for url in bad:
        code = main(["export", str(dataset), "--to", "sql", "--database", url,
                     "--warnings", str(tmp_path / "w.jsonl")])  # fmt: skip
        err = capsys.readouterr().err
        assert code == 1, url
        assert "extractor export: error:" in err
        assert "Traceback" not in err


def test_a_key_too_long_for_its_column_is_skipped_with_a_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    records = crafted_records()
    long_key = records[3].model_copy(update={"source_id": "f" * 300})
    dataset = write_dataset(tmp_path / "d", [r.model_dump_json() for r in [*records, long_key]])
    url = f"sqlite:///{tmp_path / 'x.db'}"
    code = main(["export", str(dataset), "--to", "sql", "--database", url,
                 "--warnings", str(tmp_path / "w.jsonl")])  # fmt: skip
    assert code == 0
    assert "key-too-long 1" in capsys.readouterr().err
    assert records_from_tables(read_database(url)) == sorted(
        records, key=lambda r: (r.source_id, r.language)
    )


def test_the_summary_hides_the_database_password(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    dataset = write_dataset(tmp_path / "d", [r.model_dump_json() for r in crafted_records()])
    url = "postgresql+psycopg://me:s3cret@127.0.0.1:1/none"
    main(["export", str(dataset), "--to", "sql", "--database", url,
          "--warnings", str(tmp_path / "w.jsonl")])  # fmt: skip
    assert "s3cret" not in capsys.readouterr().err
