"""``export_dataset``: one dataset folder in, one export out, warnings beside it."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .._exceptions import OutputError
from . import _csv, _free_exercise_db, _parquet, _sql, _wger
from ._base import ExportFormat, ExportOptions
from ._source import Dataset
from ._warnings import WarningLog

__all__ = ["FORMATS", "ExportResult", "export_dataset", "warnings_path"]

#: Every export format by its ``--to`` name. A new format is one module defining ``FORMAT``,
#: listed here.
FORMATS: dict[str, ExportFormat] = {
    module.FORMAT.name: module.FORMAT for module in (_csv, _parquet, _sql, _wger, _free_exercise_db)
}


@dataclass(slots=True)
class ExportResult:
    """What one export did."""

    format: str
    counts: dict[str, int] = field(default_factory=dict)
    """What the exporter wrote (``records`` always; the rest depends on the format)."""
    warnings: int = 0
    warning_counts: dict[str, int] = field(default_factory=dict)
    """Warnings by code."""
    warnings_path: Path | None = None
    target: str = ""
    """Where the export went: the output path, or the database URL without its password."""
    summary: str = ""
    """The warnings in one line (``3 warnings (license-missing 2, ...)``)."""


def warnings_path(format_name: str, options: ExportOptions) -> Path:
    """Where the warnings go unless told: inside a folder export, beside a file export, and
    ``export-warnings.jsonl`` in the current folder for a database."""
    kind = FORMATS[format_name].output
    if kind == "folder" and options.output is not None:
        return options.output / "warnings.jsonl"
    if kind == "file" and options.output is not None:
        return options.output.with_name(options.output.name + ".warnings.jsonl")
    return Path("export-warnings.jsonl")


def export_dataset(
    directory: Path | str,
    format_name: str,
    options: ExportOptions,
    *,
    warnings_file: Path | None = None,
) -> ExportResult:
    """Export the dataset in ``directory`` (its ``exercises.jsonl``) as ``format_name``.

    Raises ``UnreadableInput`` when the dataset cannot be read and ``OutputError`` when the
    export cannot be written; a record that cannot be carried whole is a warning instead.
    """
    spec = FORMATS.get(format_name)
    if spec is None:
        raise ValueError(f"unknown export format {format_name!r}; one of {sorted(FORMATS)}")
    if spec.output == "database" and not options.database:
        raise OutputError(f"--to {format_name} needs --database URL")
    if spec.output != "database" and options.output is None:
        raise OutputError(f"--to {format_name} needs --output PATH")
    target = warnings_file or warnings_path(format_name, options)
    in_folder = spec.output == "folder" and options.output is not None
    # A folder export is swapped in whole at the end: its warnings file is written after.
    log = WarningLog(_staging(target) if in_folder else target)
    with log:
        counts = spec.run(Dataset(Path(directory), log), options, log)
    if in_folder:
        _move(log.path, target)
    return ExportResult(
        format=format_name,
        counts=counts,
        warnings=log.total,
        warning_counts=dict(sorted(log.counts.items())),
        warnings_path=target,
        target=_sql.safe_url(options.database or "")
        if spec.output == "database"
        else str(options.output),
        summary=log.summary(),
    )


def _staging(target: Path) -> Path:
    return target.parent.with_name(f".{target.parent.name}.warnings.jsonl")


def _move(source: Path, target: Path) -> None:
    try:
        source.replace(target)
    except OSError as exc:
        raise OutputError(f"cannot write {target}: {exc.strerror or exc}") from exc
