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
from functools import cache
from itertools import islice
from typing import Any

from .._exceptions import OutputError
from .._models import Exercise
from ._base import ExportFormat, ExportOptions
from ._files import AtomicFile, output_errors
from ._source import Dataset
from ._warnings import WarningLog

__all__ = ["FORMAT", "record_from_row", "schema"]


@cache
def schema() -> Any:
    """The file's ``pyarrow.Schema``: one column per record field, in the record's order.

    Built on first use: pyarrow (and pandas, which it loads when installed) cost ~90 MB of
    memory that the other formats need not pay.
    """
    import pyarrow as pa

    text, texts = pa.string(), pa.list_(pa.string())

    def structs(*fields: tuple[str, Any]) -> Any:
        return pa.list_(pa.struct([pa.field(name, kind) for name, kind in fields]))

    return pa.schema(
        [
            pa.field("schema_version", text, nullable=False),
            pa.field("url", text),
            pa.field("source_id", text),
            pa.field("slug", text),
            pa.field("language", text),
            pa.field("alternates", structs(("language", text), ("url", text))),
            pa.field("name", text, nullable=False),
            pa.field("difficulty", text),
            pa.field("focus", texts),
            pa.field("equipment", texts),
            pa.field("sports", texts),
            pa.field("categories", texts),
            pa.field("muscles", texts),
            pa.field("attributes", structs(("label", text), ("values", texts))),
            pa.field("instructions", texts),
            pa.field("technical_tips", texts),
            pa.field("breathing_tips", texts),
            pa.field("medical_restrictions", texts),
            pa.field("description", text),
            pa.field("faq", structs(("question", text), ("answer", text))),
            pa.field("videos", structs(("url", text), ("title", text))),
            pa.field("images", structs(("url", text), ("alt", text))),
            pa.field("programs", structs(("name", text), ("url", text))),
            pa.field("unloaded_sections", texts),
            pa.field("extra_sections", structs(("title", text), ("items", texts))),
            pa.field("rendered", pa.bool_(), nullable=False),
            pa.field("warnings", texts),
            pa.field("content_sha256", text, nullable=False),
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
    import pyarrow as pa
    import pyarrow.parquet as pq

    assert options.output is not None
    columns = schema()
    target = AtomicFile(options.output)
    counts = {"records": 0, "row_groups": 0}
    try:
        with output_errors("write", options.output):
            writer = pq.ParquetWriter(target.handle, columns, compression="zstd")
            with writer:
                for batch in _batches(dataset, options.batch_size):
                    table = pa.Table.from_pylist([_row(record) for record in batch], columns)
                    writer.write_table(table, row_group_size=len(batch))
                    counts["records"] += len(batch)
                    counts["row_groups"] += 1
                if not counts["records"]:
                    writer.write_table(columns.empty_table())
    except pa.ArrowException as exc:  # a library error never escapes as itself
        target.discard()
        raise OutputError(f"cannot write {options.output} as Parquet: {exc}") from exc
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
