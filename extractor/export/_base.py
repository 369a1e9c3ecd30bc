"""What every exporter is: a name, the kind of output it writes, and one function.

An exporter module defines ``FORMAT = ExportFormat(...)``; ``_registry`` lists the modules.
The function receives the records (validated, sorted by key, streamed), the options and the
warning log; it writes its output atomically and returns counts for the summary.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from ._source import Dataset
from ._warnings import WarningLog

__all__ = ["ExportFormat", "ExportOptions"]


@dataclass(frozen=True, slots=True)
class ExportOptions:
    """What the command line (or a caller) asked for."""

    output: Path | None = None
    """The file or folder to write (file and folder formats)."""

    database: str | None = None
    """SQLAlchemy database URL (``sql``)."""

    prune: bool = False
    """``sql``: delete exercises the dataset no longer has."""

    batch_size: int = 1000
    """Records per row group (parquet) or per database round trip (sql)."""


@dataclass(frozen=True, slots=True)
class ExportFormat:
    """One export format."""

    name: str
    """The ``--to`` value."""

    output: Literal["file", "folder", "database"]
    """What ``--output`` names (``database``: ``--database`` instead)."""

    description: str
    """One line for ``--help``."""

    run: Callable[[Dataset, ExportOptions, WarningLog], dict[str, int]]
    """Writes the export; returns counts for the summary (``{"records": n, ...}``)."""
