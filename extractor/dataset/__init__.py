"""The dataset on disk: records, failures and the manifest of a run, written safely.

- ``_writer``: ``DatasetWriter`` (atomic, resumable JSONL; torn-tail repair; resume state).
- ``_manifest``: manifest fields (versions, timings, UTC times).
- ``_dirlock``: the advisory lock that keeps two runs out of one output directory.

May import: ``extractor.parsing`` (URL identity) and the package's contract. Never crawling
or cli. Archives of a dataset belong here; exports to other formats in ``extractor.export``.
"""

from ._manifest import iso_utc, library_versions, timing_summary, utc_now
from ._writer import PAGES_FILE, RECORDS_FILE, DatasetWriter, ResumeState, record_identity

__all__ = [
    "PAGES_FILE",
    "RECORDS_FILE",
    "DatasetWriter",
    "ResumeState",
    "iso_utc",
    "library_versions",
    "record_identity",
    "timing_summary",
    "utc_now",
]
