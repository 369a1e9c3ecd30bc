"""Pieces every ``manifest.json`` carries: times, versions, timing summaries (pure helpers)."""

from __future__ import annotations

import platform
import statistics
from collections.abc import Sequence
from datetime import UTC, datetime
from importlib import metadata

from .._version import __version__

__all__ = ["iso_utc", "library_versions", "timing_summary", "utc_now"]

# Distributions whose version changes what a record looks like or how pages are read.
_KEY_LIBRARIES = (
    "lxml",
    "pydantic",
    "charset-normalizer",
    "httpx",
    "tenacity",
    "protego",
    "aiolimiter",
)


def utc_now() -> str:
    """The current UTC time, ISO-8601 with milliseconds and a ``Z``."""
    return iso_utc(datetime.now(UTC))


def iso_utc(moment: datetime) -> str:
    """``moment`` (UTC) as ISO-8601 with milliseconds and a ``Z``: the dataset's time format."""
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def library_versions() -> dict[str, str | None]:
    """Versions of extractor, Python and the key libraries (None if one is not installed)."""
    versions: dict[str, str | None] = {
        "extractor": __version__,
        "python": platform.python_version(),
    }
    for name in _KEY_LIBRARIES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    return versions


def timing_summary(seconds: Sequence[float]) -> dict[str, float | int]:
    """Count, total and distribution (milliseconds) of per-page durations."""
    if not seconds:
        return {"pages": 0, "total_seconds": 0.0}
    ordered = sorted(seconds)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {
        "pages": len(ordered),
        "total_seconds": round(sum(ordered), 4),
        "mean_ms": _ms(statistics.fmean(ordered)),
        "median_ms": _ms(statistics.median(ordered)),
        "p95_ms": _ms(p95),
        "max_ms": _ms(ordered[-1]),
    }


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 3)
