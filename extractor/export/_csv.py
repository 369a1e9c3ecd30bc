"""``csv``: one file per table of ``_tables`` (``exercises.csv``, ``steps.csv``, ...).

UTF-8, a header row, RFC 4180 quoting, ``\\n`` line ends; ``true``/``false`` for booleans and an
empty field for null. Every table repeats the key (``source_id``, ``language``). The files are
written side by side while the records stream past, into a folder that replaces ``--output``
only when complete.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from ._base import ExportFormat, ExportOptions
from ._files import AtomicDirectory, output_errors
from ._source import Dataset
from ._tables import TABLES, Row
from ._warnings import WarningLog

__all__ = ["FORMAT"]


def _cell(value: object) -> object:
    if value is True:
        return "true"
    if value is False:
        return "false"
    return "" if value is None else value


def _cells(row: Row) -> Iterator[object]:
    return (_cell(value) for value in row)


def _export(dataset: Dataset, options: ExportOptions, warnings: WarningLog) -> dict[str, int]:
    assert options.output is not None
    folder = AtomicDirectory(options.output)
    counts = {"records": 0, **{table.name: 0 for table in TABLES}}
    handles: list[io.TextIOWrapper] = []
    try:
        with output_errors("write", options.output):
            writers = []
            for table in TABLES:
                handle = (folder.temporary / f"{table.name}.csv").open(
                    "w", encoding="utf-8", newline=""
                )
                handles.append(handle)
                writer = csv.writer(handle, lineterminator="\n")
                writer.writerow(table.column_names)
                writers.append(writer)
            for record in dataset:
                counts["records"] += 1
                for table, writer in zip(TABLES, writers, strict=True):
                    for row in table.rows(record):
                        writer.writerow(_cells(row))
                        counts[table.name] += 1
            for handle in handles:
                handle.close()
    except BaseException:
        for handle in handles:
            handle.close()
        folder.discard()
        raise
    folder.commit()
    return counts


FORMAT = ExportFormat(
    name="csv",
    output="folder",
    description="one CSV file per table, keyed by (source_id, language)",
    run=_export,
)
