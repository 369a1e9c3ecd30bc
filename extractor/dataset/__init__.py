"""The dataset on disk: records, failures and the manifest of a run, written safely; datasets
read back (validation against the committed schema, diffs, the facts a re-crawl needs).

- ``_writer``: ``DatasetWriter`` (atomic, resumable JSONL; torn-tail repair; resume state).
- ``_manifest``: manifest fields (versions, timings, UTC times).
- ``_dirlock``: the advisory lock that keeps two runs out of one output directory.
- ``_validate``: the committed JSON Schema files and ``extractor validate``.
- ``_diff``: ``extractor diff``: records added, removed and changed between two datasets.
- ``_fetches``: each URL's fetch facts (``fetches.jsonl``) and an earlier dataset read for
  ``crawl --since``.
- ``_warc``: ``WarcArchive``, the WARC records of every HTTP exchange of a crawl (warcio).

May import: ``extractor.parsing`` (URL identity) and the package's contract. Never crawling
or cli. Archives of a dataset belong here; exports to other formats in ``extractor.export``.
"""

from ._diff import DatasetDiff, diff_datasets
from ._fetches import GONE_STATUSES, FetchFacts, FetchLog, PreviousDataset, Removed
from ._manifest import iso_utc, library_versions, timing_summary, utc_now
from ._validate import (
    Problem,
    dataset_files,
    iter_dataset,
    record_problems,
    render_schema,
    schema_text,
    validate_file,
)
from ._warc import (
    DEFAULT_WARC_MAX_BYTES,
    RENDER_INFO,
    RENDER_STOPPED,
    HttpExchange,
    WarcArchive,
    repair_warc_tail,
    warc_files,
)
from ._writer import (
    PAGES_FILE,
    RECORDS_FILE,
    DatasetWriter,
    ResumeState,
    record_identity,
    record_line,
)

__all__ = [
    "DEFAULT_WARC_MAX_BYTES",
    "GONE_STATUSES",
    "PAGES_FILE",
    "RECORDS_FILE",
    "RENDER_INFO",
    "RENDER_STOPPED",
    "DatasetDiff",
    "DatasetWriter",
    "FetchFacts",
    "FetchLog",
    "HttpExchange",
    "PreviousDataset",
    "Problem",
    "Removed",
    "ResumeState",
    "WarcArchive",
    "dataset_files",
    "diff_datasets",
    "iso_utc",
    "iter_dataset",
    "library_versions",
    "record_identity",
    "record_line",
    "record_problems",
    "render_schema",
    "repair_warc_tail",
    "schema_text",
    "timing_summary",
    "utc_now",
    "validate_file",
    "warc_files",
]
