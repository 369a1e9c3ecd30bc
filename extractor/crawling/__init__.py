"""Crawling: URLs in, pages fetched politely, records and failures out to a dataset.

- ``_crawl``: the ``Crawler`` pipeline (frontier -> fetcher -> ``parse_page`` -> dataset
  writer) and ``crawl()``; ``_reporter``: the observer hooks and the run's ``CrawlSummary``.
- ``_fetch``: the HTTP fetcher (knows nothing of exercises): size and type limits,
  ``_content_type`` and ``_content_encoding`` checks, ``_retry``, ``_robots``, ``_ratelimit``.
- ``_frontier``: per-host queues; ``_sitemap``: sitemap and sitemap-index reading.
- ``_settings``: ``CrawlSettings``, every knob of a run.
- ``_rendered``: the run's renderer (``extractor.rendering``, fed by the fetcher) and
  ``render_url`` (one page, for ``extractor render``).

May import: ``extractor.rendering``, ``extractor.dataset``, ``extractor.parsing`` and the
package's contract. Never the
cli: observers plug in through ``Reporter``. A new fetch rule goes next to ``_fetch``.
"""

from ._crawl import Crawler, crawl
from ._rendered import render_url
from ._reporter import CrawlSummary, Reporter
from ._settings import DEFAULT_USER_AGENT, CrawlSettings

__all__ = [
    "DEFAULT_USER_AGENT",
    "CrawlSettings",
    "CrawlSummary",
    "Crawler",
    "Reporter",
    "crawl",
    "render_url",
]
