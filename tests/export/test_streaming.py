"""Exports stream: the memory an export holds does not grow with the number of records.

Python's allocations are traced (tracemalloc) while each format exports a small and a five
times larger dataset of the same records; an exporter that kept the records would grow by
about the size of the extra records (each record object is larger than its JSON line), one
that streams grows only by its key index (a few hundred bytes a record). Arrow's own buffers
are not traced: the Parquet file is checked to be written in row groups of the batch size.
"""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from export_support import crafted_records, write_dataset

from extractor.export import FORMATS, ExportOptions, export_dataset

SMALL, LARGE, BATCH = 400, 2000, 100


def _dataset(directory: Path, count: int) -> Path:
    template = crafted_records()[0]
    lines = []
    for number in range(count):
        record = template.model_copy(
            update={
                "source_id": f"{number:08x}",
                "url": f"https://fitmetrics.ch/en/exercise/{number:08x}-x",
                "instructions": [
                    f"Step {i} of exercise {number}: " + "move " * 40 for i in range(12)
                ],
            }
        )
        lines.append(record.model_dump_json())
    return write_dataset(directory, lines)


def _peak(dataset: Path, name: str, output: Path) -> int:
    spec = FORMATS[name]
    options = ExportOptions(
        output=None if spec.output == "database" else output,
        database=f"sqlite:///{output}" if spec.output == "database" else None,
        batch_size=BATCH,
    )
    tracemalloc.start()
    try:
        export_dataset(dataset, name, options, warnings_file=output.with_suffix(".w.jsonl"))
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.fixture(scope="module")
def datasets(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    work = tmp_path_factory.mktemp("streaming")
    return _dataset(work / "small", SMALL), _dataset(work / "large", LARGE)


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_memory_does_not_grow_with_the_dataset(
    name: str, datasets: tuple[Path, Path], tmp_path: Path
) -> None:
    small, large = datasets
    extra_bytes = (large / "exercises.jsonl").stat().st_size - (
        small / "exercises.jsonl"
    ).stat().st_size
    _peak(small, name, tmp_path / "warm-up")  # lazy imports and caches are not the records
    growth = _peak(large, name, tmp_path / "large") - _peak(small, name, tmp_path / "small")
    assert growth < extra_bytes / 4, (name, growth, extra_bytes)


def test_parquet_is_written_in_row_groups(datasets: tuple[Path, Path], tmp_path: Path) -> None:
    _small, large = datasets
    export_dataset(large, "parquet", ExportOptions(output=tmp_path / "x.parquet", batch_size=BATCH))
    metadata = pq.ParquetFile(tmp_path / "x.parquet").metadata
    assert metadata.num_row_groups == LARGE // BATCH
    assert {metadata.row_group(i).num_rows for i in range(metadata.num_row_groups)} == {BATCH}
