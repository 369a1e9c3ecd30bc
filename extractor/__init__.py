"""extractor: exercise pages in, exact typed JSON records out."""

from ._exceptions import (
    BinaryInput,
    DecodingError,
    EmptyInput,
    ErrorPage,
    ExtractionError,
    FetchError,
    HTTPStatusError,
    InputError,
    ListingPage,
    NetworkError,
    NotAnExercisePage,
    RobotsDisallowed,
    TooLarge,
    UnrenderedPage,
    UnsupportedContentType,
)
from ._models import SCHEMA_VERSION, Exercise, ExtraSection, Failure, FaqItem, Program, Video
from ._settings import CrawlSettings
from ._version import __version__

__all__ = [
    "SCHEMA_VERSION",
    "BinaryInput",
    "CrawlSettings",
    "DecodingError",
    "EmptyInput",
    "ErrorPage",
    "Exercise",
    "ExtraSection",
    "ExtractionError",
    "Failure",
    "FaqItem",
    "FetchError",
    "HTTPStatusError",
    "InputError",
    "ListingPage",
    "NetworkError",
    "NotAnExercisePage",
    "Program",
    "RobotsDisallowed",
    "TooLarge",
    "UnrenderedPage",
    "UnsupportedContentType",
    "Video",
    "__version__",
]
