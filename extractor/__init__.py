"""extractor: exercise pages in, exact typed JSON records out.

Parse one page::

    from extractor import parse_page
    record = parse_page(html_bytes, url="https://fitmetrics.ch/en/exercise/6f3a9c2e-psoas-smash",
                        content_type="text/html; charset=utf-8")
    record.model_dump(mode="json")

Crawl a site into ``output/`` (``exercises.jsonl``, ``failures.jsonl``, ``manifest.json``)::

    from extractor import crawl
    summary = crawl(sitemaps=["https://example.org/sitemap.xml"], output="output", rate=2)

Every error raised on purpose is an ``ExtractionError`` (see ``extractor._exceptions``).
"""

from ._exceptions import (
    BinaryInput,
    BrowserUnavailable,
    DecodingError,
    DuplicateRecord,
    EmptyInput,
    ErrorPage,
    ExtractionError,
    FetchError,
    HTTPStatusError,
    InputError,
    ListingPage,
    NetworkError,
    NotAnExercisePage,
    OutputError,
    OutputInUse,
    RenderError,
    RobotsDisallowed,
    TooLarge,
    UnreadableInput,
    UnrenderedPage,
    UnsupportedContentType,
)
from ._models import (
    SCHEMA_VERSION,
    Exercise,
    ExtraSection,
    Failure,
    FaqItem,
    Image,
    Program,
    Video,
)
from ._version import __version__
from .crawling import Crawler, CrawlSettings, CrawlSummary, crawl
from .dataset import DatasetWriter
from .parsing import parse_page

__all__ = [
    "SCHEMA_VERSION",
    "BinaryInput",
    "BrowserUnavailable",
    "CrawlSettings",
    "CrawlSummary",
    "Crawler",
    "DatasetWriter",
    "DecodingError",
    "DuplicateRecord",
    "EmptyInput",
    "ErrorPage",
    "Exercise",
    "ExtraSection",
    "ExtractionError",
    "Failure",
    "FaqItem",
    "FetchError",
    "HTTPStatusError",
    "Image",
    "InputError",
    "ListingPage",
    "NetworkError",
    "NotAnExercisePage",
    "OutputError",
    "OutputInUse",
    "Program",
    "RenderError",
    "RobotsDisallowed",
    "TooLarge",
    "UnreadableInput",
    "UnrenderedPage",
    "UnsupportedContentType",
    "Video",
    "__version__",
    "crawl",
    "parse_page",
]
