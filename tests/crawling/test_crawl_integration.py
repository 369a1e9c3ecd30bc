"""The crawler against a real HTTP server on 127.0.0.1 serving the sample site, with faults.

Every assertion about politeness (robots.txt, rate, concurrency) is made from the server's own
request log, not from what the crawler believes it did.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from crawl_support import (
    DISALLOWED_PAGE,
    EXERCISE_PAGES,
    LISTING_PAGE,
    SITE,
    expected_record,
    fast_settings,
    read_jsonl,
    run,
)

from extractor.crawling._crawl import crawl
from extractor.crawling._settings import DEFAULT_USER_AGENT
from extractor.testing._localsite import Fault, LocalSite

pytestmark = pytest.mark.slow

SLOW = "/en/exercise/51017e-slow-page"
HUGE = "/en/exercise/b16b16-huge-page"  # Content-Length announced
HUGE_STREAM = "/en/exercise/b16b17-huge-stream"  # no Content-Length: the cap must count bytes
IMAGE = "/en/exercise/1a6e00-photo"
MISSING = "/en/exercise/404404-missing"
REDIRECT = "/de/exercise/9a8b7c"  # -> the kniebeuge page, also listed by the sitemap
HUGE_SIZE = 30 * 1024 * 1024
MAX_BYTES = 256 * 1024
TIMEOUT = 0.5
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"

FAULTS = {
    EXERCISE_PAGES["3f9a1c"]: Fault(status=503, times=1),
    EXERCISE_PAGES["7b2e04"]: Fault(status=429, retry_after="1", times=1),
    EXERCISE_PAGES["d4e5f6"]: Fault(drop_after=200, times=1),
    SLOW: Fault(delay=5.0),
    HUGE: Fault(body_bytes=HUGE_SIZE),
    HUGE_STREAM: Fault(body_bytes=HUGE_SIZE, declare_length=False),
    IMAGE: Fault(status=200, content_type="image/png", body=PNG),
    REDIRECT: Fault(redirect_to=EXERCISE_PAGES["9a8b7c"]),
}
EXTRA_URLS = [SLOW, HUGE, HUGE_STREAM, IMAGE, MISSING, REDIRECT]


@pytest.fixture(scope="module")
def site() -> Iterator[LocalSite]:
    """The sample site with faults; shared by the tests reading one crawl's request log."""
    with LocalSite(SITE, faults=FAULTS) as server:
        yield server


@pytest.fixture(scope="module")
def faulty_crawl(site: LocalSite, tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """One crawl of the sitemap index plus the faulty URLs, rate 10/s, concurrency 3."""
    output = tmp_path_factory.mktemp("faulty")
    settings = fast_settings(output, rate=10.0, timeout=TIMEOUT, max_bytes=MAX_BYTES)
    summary = run(
        settings,
        [site.url(path) for path in EXTRA_URLS],
        sitemaps=[site.url("/sitemap_index.xml")],
    )
    return {
        "summary": summary,
        "records": read_jsonl(output / "exercises.jsonl"),
        "failures": {f["url"]: f for f in read_jsonl(output / "failures.jsonl")},
        "settings": settings,
    }


def test_every_good_page_is_written_once_and_matches_a_direct_parse(
    site: LocalSite, faulty_crawl: dict[str, object]
) -> None:
    records = faulty_crawl["records"]
    assert isinstance(records, list)
    by_id: dict[str, list[dict[str, object]]] = {}
    for record in records:
        by_id.setdefault(str(record["source_id"]), []).append(record)
    assert sorted(by_id) == sorted(EXERCISE_PAGES)
    for source_id, path in EXERCISE_PAGES.items():
        assert len(by_id[source_id]) == 1, f"{source_id} written {len(by_id[source_id])} times"
        assert by_id[source_id][0] == expected_record(site, path)


def test_every_bad_url_is_a_failure_with_its_stage_and_reason(
    site: LocalSite, faulty_crawl: dict[str, object]
) -> None:
    failures = faulty_crawl["failures"]
    assert isinstance(failures, dict)
    expected = {
        SLOW: ("fetch", "NetworkError", None, True),
        HUGE: ("fetch", "TooLarge", 200, False),
        HUGE_STREAM: ("fetch", "TooLarge", 200, False),
        IMAGE: ("fetch", "UnsupportedContentType", 200, False),
        MISSING: ("fetch", "HTTPStatusError", 404, False),
        DISALLOWED_PAGE: ("robots", "RobotsDisallowed", None, False),
        LISTING_PAGE: ("parse", "ListingPage", 200, False),
    }
    # The kniebeuge page is reached twice (the redirect and the sitemap entry): whichever
    # settles second is listed as a duplicate, so that every URL ends in one of the files.
    duplicates = [url for url, failure in failures.items() if failure["stage"] == "dedupe"]
    assert len(duplicates) == 1
    assert duplicates[0] in {site.url(REDIRECT), site.url(EXERCISE_PAGES["9a8b7c"])}
    assert failures[duplicates[0]]["error_type"] == "DuplicateRecord"
    assert "9a8b7c" in failures[duplicates[0]]["reason"]
    assert failures[duplicates[0]]["transient"] is False
    del failures[duplicates[0]]
    assert sorted(failures) == sorted(site.url(path) for path in expected)
    for path, (stage, error_type, status, transient) in expected.items():
        failure = failures[site.url(path)]
        assert (failure["stage"], failure["error_type"]) == (stage, error_type), failure
        assert failure["status"] == status, failure
        assert failure["transient"] is transient, failure
        assert failure["reason"], failure
        assert failure["time"], failure
    assert "timed out" in failures[site.url(SLOW)]["reason"]
    assert failures[site.url(SLOW)]["attempts"] == 3  # max_retries=2
    assert "too large" in failures[site.url(HUGE)]["reason"].lower()
    assert "too large" in failures[site.url(HUGE_STREAM)]["reason"].lower()
    assert "image/png" in failures[site.url(IMAGE)]["reason"]


def test_faults_are_retried_and_counted(site: LocalSite, faulty_crawl: dict[str, object]) -> None:
    # 503, 429 and the dropped body each cost one extra request; the slow page three attempts.
    assert site.hits(EXERCISE_PAGES["3f9a1c"]) == 2
    assert site.hits(EXERCISE_PAGES["7b2e04"]) == 2
    assert site.hits(EXERCISE_PAGES["d4e5f6"]) == 2
    assert site.hits(SLOW) == 3
    assert site.hits(MISSING) == 1  # a 404 is not retried
    assert site.hits(IMAGE) == 1
    assert site.hits(HUGE) == site.hits(HUGE_STREAM) == 1  # too large is not retried
    summary = faulty_crawl["summary"]
    assert summary.retries == 5  # type: ignore[attr-defined]
    assert summary.duplicates == 1  # type: ignore[attr-defined]  # redirect + sitemap entry
    assert summary.status == "completed"  # type: ignore[attr-defined]
    assert summary.failures_by_type == {  # type: ignore[attr-defined]
        "HTTPStatusError": 1,
        "ListingPage": 1,
        "NetworkError": 1,
        "RobotsDisallowed": 1,
        "TooLarge": 2,
        "UnsupportedContentType": 1,
    }


def test_429_retry_after_is_honoured(site: LocalSite, faulty_crawl: dict[str, object]) -> None:
    hits = [r.started for r in site.requests if r.path == EXERCISE_PAGES["7b2e04"]]
    assert len(hits) == 2
    assert hits[1] - hits[0] >= 0.95  # Retry-After: 1


@pytest.mark.parametrize("path", [HUGE, HUGE_STREAM])
def test_huge_page_is_abandoned_early(
    site: LocalSite, faulty_crawl: dict[str, object], path: str
) -> None:
    (huge,) = [r for r in site.requests if r.path == path]
    # The client stopped at 256 KiB (or at the header); the server got out that plus
    # what the sockets' buffers absorbed, far from the 30 MB.
    assert huge.bytes_sent < HUGE_SIZE / 4, huge.bytes_sent


def test_robots_is_obeyed_and_read_once(site: LocalSite, faulty_crawl: dict[str, object]) -> None:
    assert site.hits(DISALLOWED_PAGE) == 0
    assert site.hits("/robots.txt") == 1
    assert {r.user_agent for r in site.requests} == {DEFAULT_USER_AGENT}


def test_rate_is_never_exceeded(site: LocalSite, faulty_crawl: dict[str, object]) -> None:
    requests = site.requests
    assert len(requests) > 20
    # 10 requests per second, redirect hops included: never more than 10 arrivals within any
    # second (50 ms allowed for the jitter between the client's send and the server's arrival,
    # e.g. a TCP connect before the first request on a new connection).
    assert site.max_requests_in(1.0 - 0.05) <= 10
    span = requests[-1].started - requests[0].started
    assert span >= (len(requests) - 1) / 10 * 0.9


def test_concurrency_is_never_exceeded(tmp_path: Path) -> None:
    # Slow answers and no rate limit: the concurrency cap is what binds.
    with LocalSite(SITE, latency=0.3) as site:
        settings = fast_settings(tmp_path, concurrency=3, rate=None)
        summary = run(settings, [site.url(path) for path in EXERCISE_PAGES.values()])
        assert summary.records == len(EXERCISE_PAGES)
        assert site.peak_in_flight <= 3
        assert max(r.in_flight for r in site.requests) >= 2  # and it was really concurrent


def test_sitemaps_from_robots_txt_are_followed(tmp_path: Path) -> None:
    # Given only the English sitemap, robots.txt's `Sitemap:` line adds the index, whose
    # gzipped sitemap lists the fr/de pages.
    with LocalSite(SITE) as site:
        run(fast_settings(tmp_path), sitemaps=[site.url("/sitemap-en.xml")])
        written = {r["source_id"] for r in read_jsonl(tmp_path / "exercises.jsonl")}
        assert written == set(EXERCISE_PAGES)
        assert site.hits("/sitemap-intl.xml.gz") == 1
        assert site.hits("/sitemap-en.xml") == 1  # named twice (argument and index), read once
        # The sitemap lists the psoas page twice (once with a tracking parameter).
        assert site.hits(EXERCISE_PAGES["3f9a1c"]) == 1


def test_include_filters_listed_urls(tmp_path: Path) -> None:
    with LocalSite(SITE) as site:
        urls = [site.url("/en/"), site.url(EXERCISE_PAGES["5e6f70"])]
        summary = run(fast_settings(tmp_path), urls)
        assert summary.excluded == 1
        assert summary.records == 1
        assert site.hits("/en/") == 0


def test_crawl_function_is_a_blocking_wrapper(tmp_path: Path) -> None:
    with LocalSite(SITE) as site:
        summary = crawl(
            [site.url(EXERCISE_PAGES["c0ffee"])], output=tmp_path, rate=None, max_retries=0
        )
    assert summary.status == "completed"
    assert [r["source_id"] for r in read_jsonl(tmp_path / "exercises.jsonl")] == ["c0ffee"]


def test_an_unreadable_sitemap_is_listed_and_the_crawl_goes_on(tmp_path: Path) -> None:
    with LocalSite(SITE) as site:
        missing = site.url("/sitemap-missing.xml")
        summary = run(fast_settings(tmp_path), sitemaps=[missing])
    (failure,) = [f for f in read_jsonl(tmp_path / "failures.jsonl") if f["url"] == missing]
    assert (failure["error_type"], failure["transient"]) == ("SitemapError", True)
    assert "404" in failure["reason"]
    # robots.txt's `Sitemap:` line still led to every page.
    assert summary.records == len(EXERCISE_PAGES)
