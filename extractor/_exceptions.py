"""The one exception hierarchy of the project.

Every error the package raises on purpose is an ``ExtractionError``; a library's
own exception (lxml, httpx, pydantic, ...) never escapes a public function.

    ExtractionError
    ├── InputError                  the bytes/text themselves are unusable
    │   ├── EmptyInput              nothing but whitespace
    │   ├── BinaryInput             an image, a PDF, compressed data, ...
    │   ├── DecodingError           no text encoding fits the bytes
    │   └── UnreadableInput         a local input file could not be read (``extractor parse``)
    ├── NotAnExercisePage           readable, but not an exercise record
    │   ├── ErrorPage               a 404 / "page not found" / server error page
    │   ├── ListingPage             an index of links to exercise pages
    │   └── UnrenderedPage          a JavaScript shell: only "Loading..." placeholders
    ├── DuplicateRecord             the exercise was already written from another URL
    ├── RenderError                 a page could not be rendered in a headless browser
    │   └── BrowserUnavailable      no usable browser (none found, or it cannot start)
    ├── FetchError                  the crawler could not get a usable response
    │   ├── HTTPStatusError         a final non-2xx status (``status`` is set)
    │   ├── TooLarge                the body exceeded the size cap
    │   ├── UnsupportedContentType  neither HTML nor plain text
    │   ├── RobotsDisallowed        robots.txt forbids the URL (or is unreadable)
    │   └── NetworkError            connect/read errors, timeouts, truncated bodies
    └── OutputError                 the dataset could not be written (permission, disk full, ...)
        └── OutputInUse             another run holds the output directory's lock

``FetchError`` carries ``status`` (HTTP status or None), ``attempts`` and
``transient`` (whether a later run should try the URL again).
"""

from __future__ import annotations

__all__ = [
    "BinaryInput",
    "BrowserUnavailable",
    "DecodingError",
    "DuplicateRecord",
    "EmptyInput",
    "ErrorPage",
    "ExtractionError",
    "FetchError",
    "HTTPStatusError",
    "InputError",
    "ListingPage",
    "NetworkError",
    "NotAnExercisePage",
    "OutputError",
    "OutputInUse",
    "RenderError",
    "RobotsDisallowed",
    "TooLarge",
    "UnreadableInput",
    "UnrenderedPage",
    "UnsupportedContentType",
]


class ExtractionError(Exception):
    """Root of every error raised on purpose by ``extractor``."""


class InputError(ExtractionError):
    """The input cannot be read as a page at all."""


class EmptyInput(InputError):
    """The input is empty or holds only whitespace."""


class BinaryInput(InputError):
    """The input is binary data (an image, a PDF, an archive), not a page."""


class DecodingError(InputError):
    """No text encoding decodes the bytes."""


class UnreadableInput(InputError):
    """A local input file could not be read (permission denied, vanished, not a file)."""


class NotAnExercisePage(ExtractionError):
    """The page is readable but does not describe an exercise."""


class ErrorPage(NotAnExercisePage):
    """The page is an HTTP error page ("404 Not Found", "Page not found", ...)."""


class ListingPage(NotAnExercisePage):
    """The page lists links to exercises instead of describing one."""


class UnrenderedPage(NotAnExercisePage):
    """The page's content is filled by JavaScript and only placeholders are present."""


class DuplicateRecord(ExtractionError):
    """The page is an exercise already written from another URL (same ``source_id``):
    a slug variant, a redirect target, a sitemap entry listed twice."""


class RenderError(ExtractionError):
    """A page could not be rendered in the headless browser (it crashed, or would not start).

    ``transient`` says whether a later run should try again (a crashed browser: yes).
    """

    def __init__(self, message: str, *, transient: bool = False, attempts: int = 1) -> None:
        super().__init__(message)
        self.transient = transient
        self.attempts = attempts


class BrowserUnavailable(RenderError):
    """No browser to render with: none on PATH, ``--browser`` is not one, or Playwright is
    missing. The message says how to provide one."""


class FetchError(ExtractionError):
    """A URL could not be fetched into a usable response."""

    #: Whether a later run should try again (timeouts, 5xx, 429, resets).
    transient: bool = False

    def __init__(self, message: str, *, status: int | None = None, attempts: int = 1) -> None:
        super().__init__(message)
        self.status = status
        self.attempts = attempts


class HTTPStatusError(FetchError):
    """The final response had a non-success status."""

    def __init__(self, message: str, *, status: int | None = None, attempts: int = 1) -> None:
        super().__init__(message, status=status, attempts=attempts)
        # Statuses a retry may cure (RFC 9110 §15.6, 429 from RFC 6585).
        self.transient = status in {408, 429, 500, 502, 503, 504}


class TooLarge(FetchError):
    """The body was larger than the configured cap and was abandoned."""


class UnsupportedContentType(FetchError):
    """The response is not HTML or plain text."""


class RobotsDisallowed(FetchError):
    """robots.txt forbids the URL, or could not be read (RFC 9309 §2.3.1.4)."""

    def __init__(
        self,
        message: str,
        *,
        status: int | None = None,
        attempts: int = 1,
        transient: bool = False,
    ) -> None:
        super().__init__(message, status=status, attempts=attempts)
        # robots.txt unreachable or 5xx: a later run may be allowed.
        self.transient = transient


class NetworkError(FetchError):
    """Connection failures, timeouts and truncated bodies after all retries."""

    transient = True


class OutputError(ExtractionError):
    """The dataset could not be written: permission denied, disk full, a read-only
    file system, ... Fatal for a run: nothing more can be saved."""


class OutputInUse(OutputError):
    """Another run (``extractor crawl`` or ``parse``) is writing to the same output
    directory: two writers would interleave lines and corrupt resume. ``pid`` is the
    other run's process id when known."""

    def __init__(self, message: str, *, pid: int | None = None) -> None:
        super().__init__(message)
        self.pid = pid
