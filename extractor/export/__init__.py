"""Exports of a dataset for the programs and stores that load exercises.

``extractor export DIR --to FORMAT --output PATH`` (``export_dataset`` here) reads
``DIR/exercises.jsonl`` and writes one of:

- ``csv`` (``_csv``): one file per table of ``_tables``;
- ``parquet`` (``_parquet``): one file, nested Arrow types;
- ``sql`` (``_sql``): the same tables in any SQLAlchemy database, upserted by key;
- ``wger`` (``_wger``): wger's exercise-info documents, translations grouped;
- ``free-exercise-db`` (``_free_exercise_db``): that project's files, mapped by a data table.

Shared: ``_source`` (the dataset streamed in key order), ``_warnings`` (what could not be
carried), ``_files`` (outputs that appear whole), ``_tables`` (the relational layout),
``_text`` (length caps). A new format is one module defining ``FORMAT`` (an
``ExportFormat``), listed in ``_run.FORMATS``.

May import: ``extractor.dataset`` (the dataset's file names) and the package's contract.
Never crawling or cli; only cli imports it.
"""

from ._base import ExportFormat, ExportOptions
from ._run import FORMATS, ExportResult, export_dataset, warnings_path

__all__ = [
    "FORMATS",
    "ExportFormat",
    "ExportOptions",
    "ExportResult",
    "export_dataset",
    "warnings_path",
]
