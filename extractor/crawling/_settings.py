"""Crawl settings: one pydantic model shared by the API, the CLI and the fetcher."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from .._version import __version__
from ..dataset import DEFAULT_WARC_MAX_BYTES

__all__ = ["DEFAULT_USER_AGENT", "CrawlSettings"]

PROJECT_URL = "https://github.com/extractor-project/extractor"
DEFAULT_USER_AGENT = f"extractor/{__version__} (+{PROJECT_URL}; exercise-data crawler)"


class CrawlSettings(BaseModel):
    """How to crawl. Every CLI flag of ``extractor crawl`` maps to one field."""

    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True)

    output: Path = Path("output")
    """Directory for ``exercises.jsonl``, ``failures.jsonl`` and ``manifest.json``."""

    concurrency: int = Field(default=8, ge=1, le=512)
    """Requests in flight at once, over all hosts."""

    rate: float | None = Field(default=2.0, gt=0)
    """Requests per second per host; None means no limit (robots Crawl-delay still applies)."""

    max_retries: int = Field(default=3, ge=0, le=20)
    """Retries after the first attempt, for transient faults only."""

    timeout: float = Field(default=30.0, gt=0)
    """Total seconds for one attempt (connect, headers and body)."""

    connect_timeout: float = Field(default=10.0, gt=0)
    """Seconds to establish a connection."""

    http_client: Literal["aiohttp", "httpx"] = "aiohttp"
    """The network under httpx's client: ``aiohttp`` (C-parsed HTTP, the fastest) or
    ``httpx``'s own transport (httpcore and h11). Both answer with httpx's responses and
    errors; see ``crawling/_aiohttp.py``."""

    max_bytes: int = Field(default=10 * 1024 * 1024, ge=1)
    """Bodies larger than this are abandoned early and listed as failures."""

    max_redirects: int = Field(default=5, ge=0)
    """Redirects followed per request."""

    retry_after_cap: float = Field(default=60.0, ge=0)
    """Longest wait a server can impose, in seconds: a ``Retry-After``, a robots ``Crawl-delay``."""

    backoff_initial: float = Field(default=0.5, ge=0)
    """First retry delay in seconds; doubles each retry, with jitter."""

    backoff_max: float = Field(default=30.0, ge=0)
    """Longest delay between retries (without Retry-After)."""

    user_agent: str = DEFAULT_USER_AGENT
    """User-Agent header; names the project and a contact URL."""

    respect_robots: bool = True
    """Fetch and obey robots.txt (RFC 9309), including Crawl-delay."""

    resume: bool = True
    """Skip URLs already extracted in ``output`` and retry only transient failures."""

    include: str = r"/exercise/"
    """Regex a sitemap or listed URL must match (``re.search``) to be crawled. With ``follow``
    it narrows which pages may become records, and only when given."""

    follow: bool = False
    """Follow links from every fetched page (``--follow``); the parser decides what is a record."""

    follow_include: list[str] = Field(default_factory=list)
    """With ``follow``: a discovered link must match one of these regexes (``re.search``)."""

    follow_exclude: list[str] = Field(default_factory=list)
    """With ``follow``: a discovered link matching any of these regexes is not followed."""

    max_depth: int = Field(default=10, ge=0)
    """With ``follow``: links from the start URLs are depth 1; deeper links are not followed."""

    max_pages: int | None = Field(default=None, ge=1)
    """With ``follow``: pages fetched in all (over resumed runs too); None means no bound."""

    max_per_pattern: int = Field(default=500, ge=1)
    """With ``follow``: pages of one URL pattern fetched while none became a record (traps)."""

    max_parameter_values: int = Field(default=200, ge=1)
    """With ``follow``: distinct values of one query parameter at one path pattern (traps)."""

    parse_workers: int | None = Field(default=None, ge=0, le=256)
    """Processes that parse pages, so that fetching never waits for parsing; 0 parses in this
    process. None: one per core, started once a run is past its first pages (a small run
    parses in this process)."""

    output_format: Literal["jsonl", "json"] = "jsonl"
    """``json`` also writes ``exercises.json`` (one array) at the end."""

    render: Literal["auto", "always", "never"] = "never"
    """Render pages in a headless browser: ``auto`` those with sections still loading (or an
    unrendered JavaScript shell), ``always`` every HTML page, ``never`` none. The API's
    default starts no browser unless asked; the CLI's ``--render`` defaults to ``auto``."""

    browser: Path | None = None
    """The browser executable (Chromium); None looks for one on PATH."""

    render_timeout: float = Field(default=15.0, gt=0)
    """Seconds a rendered page may take for its sections to load."""

    render_concurrency: int = Field(default=2, ge=1, le=64)
    """Pages open in the browser at once (apart from ``concurrency``)."""

    render_allow_hosts: list[str] = Field(default_factory=list)
    """Hosts besides the page's own that a rendered page's requests may reach."""

    render_memory_mb: int = Field(default=512, ge=16)
    """JavaScript heap cap of one rendered page, in MB (a page beyond it fails alone)."""

    since: Path | None = None
    """An earlier dataset (``crawl --since``): its pages are asked for again with conditional
    requests from its fetch facts; a 304 copies its record, 404/410 lists the page as removed."""

    warc: bool = False
    """Archive every HTTP exchange as WARC request/response records in ``output/warc/``."""

    warc_max_bytes: int = Field(default=DEFAULT_WARC_MAX_BYTES, ge=64 * 1024)
    """Start a new WARC file before one grows past this many bytes."""
