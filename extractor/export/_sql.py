"""``sql``: the tables of ``_tables`` in any SQLAlchemy database (SQLAlchemy 2 Core).

Tables are created when absent, with primary keys and foreign keys from every child table to
``exercises`` (``ON DELETE CASCADE``). The export is an upsert by key, in one transaction:

- a key the database lacks is inserted with its child rows;
- a key whose stored ``record_sha256`` differs from the record's gets its ``exercises`` row
  updated and its child rows replaced;
- a key whose hash is equal is left alone, so exporting the same dataset twice writes nothing;
- exercises the database has and the dataset lacks are kept (counted as ``absent``) unless
  ``prune`` is set, which deletes them.

Only portable statements are used (no dialect upsert), so any database SQLAlchemy speaks
works; child rows are deleted explicitly rather than trusting cascades (SQLite enforces
foreign keys only when asked to). Records are handled ``batch_size`` at a time.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from itertools import islice
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, SQLAlchemyError

from .._exceptions import OutputError
from .._models import Exercise
from ._base import ExportFormat, ExportOptions
from ._source import Dataset
from ._tables import TABLES, Column, Row, record_sha256
from ._warnings import WarningLog

__all__ = ["FORMAT", "metadata", "safe_url"]

Key = tuple[str, str]

_KEY_LENGTH, _SHORT_LENGTH = 255, 64
_TYPES: dict[str, sa.types.TypeEngine[Any]] = {
    "key": sa.String(_KEY_LENGTH),
    "short": sa.String(_SHORT_LENGTH),
    "text": sa.Text(),
    "int": sa.Integer(),
    "bool": sa.Boolean(),
}


def _column(column: Column) -> sa.Column[Any]:
    return sa.Column(
        column.name,
        _TYPES[column.kind],
        primary_key=column.primary,
        nullable=column.nullable,
        autoincrement=False,
    )


def metadata() -> sa.MetaData:
    """The tables as SQLAlchemy ``Table`` objects (``exercises`` first)."""
    meta = sa.MetaData()
    for table in TABLES:
        constraints: list[sa.schema.SchemaItem] = []
        if table.name != "exercises":
            constraints.append(
                sa.ForeignKeyConstraint(
                    ["source_id", "language"],
                    ["exercises.source_id", "exercises.language"],
                    ondelete="CASCADE",
                )
            )
        sa.Table(table.name, meta, *(_column(c) for c in table.columns), *constraints)
    return meta


def _fitting(
    records: Iterable[Exercise], warnings: WarningLog, *, nul_allowed: bool
) -> Iterator[Exercise]:
    """The records the database can hold whole; the others are warned about, never cut."""
    for record in records:
        source_id, language = record.source_id or "", record.language or ""
        if len(source_id) > _KEY_LENGTH or len(language) > _SHORT_LENGTH:
            warnings.warn(
                "key-too-long",
                f"the key does not fit the key columns ({_KEY_LENGTH} and {_SHORT_LENGTH} "
                "characters): skipped",
                source_id=source_id[:80],
                language=language[:80],
            )
        elif not nul_allowed and _holds_nul(record.model_dump()):
            warnings.warn(
                "nul-character",
                "a field holds a NUL character, which this database's text cannot: skipped",
                source_id=source_id,
                language=language,
            )
        else:
            yield record


def _holds_nul(value: object) -> bool:
    if isinstance(value, str):
        return "\0" in value
    if isinstance(value, dict):
        return any(_holds_nul(k) or _holds_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_holds_nul(item) for item in value)
    return False


def _batches(records: Iterable[Exercise], size: int) -> Iterator[list[Exercise]]:
    iterator = iter(records)
    while batch := list(islice(iterator, size)):
        yield batch


class _Upsert:
    """One export's work on an open connection."""

    def __init__(self, connection: sa.Connection, meta: sa.MetaData) -> None:
        self.connection = connection
        self.tables = [(table, meta.tables[table.name]) for table in TABLES]
        self.exercises = meta.tables["exercises"]
        self.counts = {"records": 0, "inserted": 0, "updated": 0, "unchanged": 0}

    def batch(self, records: Sequence[Exercise]) -> None:
        stored = self._stored_hashes(records)
        new: list[Exercise] = []
        changed: list[Exercise] = []
        for record in records:
            key = (record.source_id or "", record.language or "")
            if key not in stored:
                new.append(record)
            elif stored[key] != record_sha256(record):
                changed.append(record)
        self.counts["records"] += len(records)
        self.counts["inserted"] += len(new)
        self.counts["updated"] += len(changed)
        self.counts["unchanged"] += len(records) - len(new) - len(changed)
        if changed:
            self.delete([(r.source_id or "", r.language or "") for r in changed])
        if new or changed:
            self._insert([*new, *changed])

    def _stored_hashes(self, records: Sequence[Exercise]) -> dict[Key, str]:
        table = self.exercises
        ids = sorted({record.source_id or "" for record in records})
        query = sa.select(table.c.source_id, table.c.language, table.c.record_sha256).where(
            table.c.source_id.in_(ids)
        )
        return {(row[0], row[1]): row[2] for row in self.connection.execute(query)}

    def _insert(self, records: Sequence[Exercise]) -> None:
        for spec, table in self.tables:
            rows = [row for record in records for row in spec.rows(record)]
            if rows:
                self._executemany(table, spec.column_names, rows)

    def _executemany(self, table: sa.Table, names: tuple[str, ...], rows: list[Row]) -> None:
        """``INSERT`` many rows, handing the driver its own parameters.

        SQLAlchemy's ``execute(insert, [dict, ...])`` builds parameters row by row in Python
        (a third of an export's time); the statement compiled for this connection's dialect
        and the rows in its parameter style do the same work in the driver. The columns'
        types (strings, integers, booleans) need no bind processing.
        """
        compiled = table.insert().compile(dialect=self.connection.dialect)
        if compiled.positional:
            order = [names.index(name) for name in compiled.positiontup or ()]
            params: list[Any] = [tuple(row[i] for i in order) for row in rows]
        else:
            params = [dict(zip(names, row, strict=True)) for row in rows]
        self.connection.exec_driver_sql(str(compiled), params)

    def delete(self, keys: Sequence[Key]) -> None:
        """Delete these exercises and their child rows (children first).

        One statement per table and language (``source_id IN (...)``): portable, unlike
        row-value ``IN``, and few round trips since a dataset has a handful of languages.
        """
        by_language: dict[str, list[str]] = {}
        for source_id, language in keys:
            by_language.setdefault(language, []).append(source_id)
        for _spec, table in reversed(self.tables):
            for language, ids in sorted(by_language.items()):
                self.connection.execute(
                    table.delete().where(table.c.language == language, table.c.source_id.in_(ids))
                )

    def absent(self, present: Dataset) -> list[Key]:
        """Keys stored in the database that the dataset lacks, sorted."""
        table = self.exercises
        # Streamed in chunks (a server-side cursor where the driver has one).
        query = (
            sa.select(table.c.source_id, table.c.language)
            .order_by(table.c.source_id, table.c.language)
            .execution_options(yield_per=1000)
        )
        return [
            (row[0], row[1])
            for row in self.connection.execute(query)
            if (row[0], row[1]) not in present
        ]


def _engine(url: str) -> sa.Engine:
    try:
        return sa.create_engine(url)
    except (ArgumentError, NoSuchModuleError, ValueError) as exc:
        raise OutputError(f"cannot use the database URL {_safe(url)}: {exc}") from exc


def safe_url(url: str) -> str:
    """``url`` with its password hidden, for messages."""
    return _safe(url)


def _safe(url: str) -> str:
    try:
        return sa.make_url(url).render_as_string(hide_password=True)
    except (ArgumentError, ValueError):
        return "(unparsable URL)"


def _export(dataset: Dataset, options: ExportOptions, warnings: WarningLog) -> dict[str, int]:
    assert options.database is not None
    engine = _engine(options.database)
    meta = metadata()
    try:
        meta.create_all(engine, checkfirst=True)
        with engine.begin() as connection:
            upsert = _Upsert(connection, meta)
            # PostgreSQL's text cannot hold NUL; other databases can.
            nul_allowed = engine.dialect.name != "postgresql"
            records = _fitting(dataset, warnings, nul_allowed=nul_allowed)
            for batch in _batches(records, options.batch_size):
                upsert.batch(batch)
            absent = upsert.absent(dataset)
            counts = dict(upsert.counts)
            if options.prune:
                for start in range(0, len(absent), options.batch_size):
                    upsert.delete(absent[start : start + options.batch_size])
                counts["deleted"] = len(absent)
            else:
                counts["absent"] = len(absent)
                for source_id, language in absent:
                    warnings.warn(
                        "kept-absent",
                        "in the database but not in the dataset: kept (--prune deletes it)",
                        source_id=source_id,
                        language=language,
                    )
    except SQLAlchemyError as exc:
        raise OutputError(f"database {_safe(options.database)}: {exc}") from exc
    finally:
        engine.dispose()
    return counts


FORMAT = ExportFormat(
    name="sql",
    output="database",
    description="the CSV tables in any SQLAlchemy database, upserted by key",
    run=_export,
)
