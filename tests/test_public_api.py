"""The top-level API is the package's contract: its names do not change with the layout."""

from __future__ import annotations

import extractor

PUBLIC = {
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
    "Image",
    "HTTPStatusError",
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
}


def test_all_lists_exactly_the_public_names() -> None:
    assert set(extractor.__all__) == PUBLIC
    assert len(extractor.__all__) == len(PUBLIC)


def test_every_public_name_is_importable_from_the_top() -> None:
    for name in extractor.__all__:
        assert getattr(extractor, name) is not None, name


def test_every_error_is_an_extraction_error() -> None:
    errors = [
        getattr(extractor, name)
        for name in extractor.__all__
        if isinstance(getattr(extractor, name), type)
        and issubclass(getattr(extractor, name), Exception)
    ]
    assert len(errors) >= 15
    assert all(issubclass(error, extractor.ExtractionError) for error in errors)
