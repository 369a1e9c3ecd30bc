"""``parquet``: one file, one row per record, the record's nesting kept as Arrow types.

Lists of strings are ``list<string>``; FAQ items, videos, images, programs and extra sections
are ``list<struct<...>>``; the two maps (``alternates``, ``attributes``) are lists of
``struct<key, value>`` so they keep their order and read the same in pyarrow, DuckDB and pandas.
Columns follow the record's field order. Records are written in row groups of
``batch_size`` as they stream past (one row group in memory at a time), to a temporary file
that replaces ``--output`` when complete. Same dataset, same bytes.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from .._models import Exercise
from ._base import ExportFormat, ExportOptions
from ._files import AtomicFile, output_errors
from ._source import Dataset
from ._warnings import WarningLog

__all__ = ["FORMAT", "SCHEMA", "record_from_row"]

_TEXT = pa.string()
_TEXTS = pa.list_(_TEXT)


def _structs(*fields: tuple[str, pa.DataType]) -> pa.DataType:
    return pa.list_(pa.struct([pa.field(name, kind) for name, kind in fields]))


#: The file's schema: one column per record field, in the record's order.
SCHEMA = pa.schema(
    [
        pa.field("schema_version", _TEXT, nullable=False),
        pa.field("url", _TEXT),
        pa.field("source_id", _TEXT),
        pa.field("slug", _TEXT),
        pa.field("language", _TEXT),
        pa.field("alternates", _structs(("language", _TEXT), ("url", _TEXT))),
        pa.field("name", _TEXT, nullable=False),
        pa.field("difficulty", _TEXT),
        pa.field("focus", _TEXTS),
        pa.field("equipment", _TEXTS),
        pa.field("sports", _TEXTS),
        pa.field("categories", _TEXTS),
        pa.field("muscles", _TEXTS),
        pa.field("attributes", _structs(("label", _TEXT), ("values", _TEXTS))),
        pa.field("instructions", _TEXTS),
        pa.field("technical_tips", _TEXTS),
        pa.field("breathing_tips", _TEXTS),
        pa.field("medical_restrictions", _TEXTS),
        pa.field("description", _TEXT),
        pa.field("faq", _structs(("question", _TEXT), ("answer", _TEXT))),
        pa.field("videos", _structs(("url", _TEXT), ("title", _TEXT))),
        pa.field("images", _structs(("url", _TEXT), ("alt", _TEXT))),
        pa.field("programs", _structs(("name", _TEXT), ("url", _TEXT))),
        pa.field("unloaded_sections", _TEXTS),
        pa.field("extra_sections", _structs(("title", _TEXT), ("items", _TEXTS))),
        pa.field("rendered", pa.bool_(), nullable=False),
        pa.field("warnings", _TEXTS),
        pa.field("content_sha256", _TEXT, nullable=False),
    ],
    metadata={"extractor.record": "one exercise record per row (extractor schema)"},
)


def _row(record: Exercise) -> dict[str, Any]:
    row = record.model_dump(mode="json")
    row["alternates"] = [{"language": k, "url": v} for k, v in record.alternates.items()]
    row["attributes"] = [{"label": k, "values": v} for k, v in record.attributes.items()]
    return row


def record_from_row(row: dict[str, Any]) -> Exercise:
    """A row read back (``Table.to_pylist()``) as the record it was written from."""
    data = dict(row)
    data["alternates"] = {item["language"]: item["url"] for item in row["alternates"]}
    data["attributes"] = {item["label"]: item["values"] for item in row["attributes"]}
    return Exercise.model_validate(data)


def _batches(records: Iterable[Exercise], size: int) -> Iterator[list[Exercise]]:
    iterator = iter(records)
    while batch := list(islice(iterator, size)):
        yield batch


def _export(dataset: Dataset, options: ExportOptions, warnings: WarningLog) -> dict[str, int]:
    assert options.output is not None
    target = AtomicFile(options.output)
    counts = {"records": 0, "row_groups": 0}
    try:
        with output_errors("write", options.output):
            writer = pq.ParquetWriter(target.handle, SCHEMA, compression="zstd")
            with writer:
                for batch in _batches(dataset, options.batch_size):
                    table = pa.Table.from_pylist([_row(record) for record in batch], SCHEMA)
                    writer.write_table(table, row_group_size=len(batch))
                    counts["records"] += len(batch)
                    counts["row_groups"] += 1
                if not counts["records"]:
                    writer.write_table(SCHEMA.empty_table())
    except BaseException:
        target.discard()
        raise
    target.commit()
    return counts


FORMAT = ExportFormat(
    name="parquet",
    output="file",
    description="one Parquet file, nested lists and structs as Arrow types",
    run=_export,
)
