"""Offline extraction: archives and saved pages in, the same dataset as a crawl out.

- ``_sources``: what the command line names, as ``Source``s (a WARC file, a shard of saved
  pages) in a deterministic order, and their fingerprint (resume checks it).
- ``_warc``: a WARC (or ARC) file streamed with warcio into work units; a cheap pre-filter
  (record type, URL, status, content type) skips what is not an exercise page before any
  parse; broken gzip members are listed and reading resumes at the next member; a page a
  crawl of ours rendered is read from its archived DOM, not its response.
- ``_pages``: a folder of saved pages into work units (the URL from a "saved from" mark);
  ``read_page_file``, a saved page's bytes under a size cap (``extractor parse`` reads so too).
- ``_settle``: one unit into a record or a failure (``parse_page``); runs in workers.
- ``_pool``: an ordered, bounded process pool (output order = source order, whatever N).
- ``_dask``: the same job on a Dask cluster, one task per source.
- ``_run``: ``extract()``: the driver (dataset writer, de-duplication, resume, manifest).

May import: ``extractor.dataset``, ``extractor.parsing``, ``extractor.rendering`` (only
``read_rendered``, a rendered DOM into a record as a crawl makes it: no browser is started)
and the package's contract; never crawling or cli (the cli calls it). Dask is imported only
when a cluster is asked for.
"""

from ._pages import read_page_file
from ._run import DEFAULT_INCLUDE, ExtractSummary, SourcesChanged, extract
from ._sources import Source, collect_sources

__all__ = [
    "DEFAULT_INCLUDE",
    "ExtractSummary",
    "Source",
    "SourcesChanged",
    "collect_sources",
    "extract",
    "read_page_file",
]
