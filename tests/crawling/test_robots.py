"""robots.txt: RFC 9309 semantics, fetched once per origin, Crawl-delay, obeyed by the fetcher."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import respx
from crawl_support import quick_fetcher

from extractor._exceptions import RobotsDisallowed
from extractor.crawling._fetch import Fetcher
from extractor.crawling._ratelimit import HostRateLimiter
from extractor.crawling._robots import (
    ROBOTS_MAX_BYTES,
    RobotsPolicy,
    origin_of,
    product_token,
    robots_url,
)

pytestmark = pytest.mark.anyio

SITE = "https://site.test"
ROBOTS = f"{SITE}/robots.txt"
UA = "extractor/0.1 (+https://github.com/extractor-project/extractor; exercise-data crawler)"
HTML = "<html><body><h1>Squat</h1></body></html>"


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


def fetcher(**overrides: Any) -> Fetcher:
    return quick_fetcher(**{"max_retries": 2, "user_agent": UA, **overrides})


@pytest.fixture
def router() -> Iterator[respx.MockRouter]:
    with respx.mock(assert_all_called=False) as mock:
        mock.get(url__regex=rf"{SITE}/(?!robots\.txt).*", name="pages").mock(
            return_value=httpx.Response(200, headers={"Content-Type": "text/html"}, text=HTML)
        )
        yield mock


def robots(text: str, status: int = 200) -> httpx.Response:
    return httpx.Response(status, headers={"Content-Type": "text/plain"}, text=text)


def page_requests(router: respx.MockRouter) -> list[str]:
    return [str(c.request.url) for c in router.calls if c.request.url.path != "/robots.txt"]


# -- pure policy -----------------------------------------------------------------------------


def test_origin_and_robots_url_follow_scheme_host_and_port() -> None:
    assert origin_of("HTTPS://Site.Test:443/a/b?q=1") == "https://site.test"
    assert origin_of("http://site.test:8080/a") == "http://site.test:8080"
    assert robots_url("http://[::1]:8000/x") == "http://[::1]:8000/robots.txt"
    with pytest.raises(ValueError, match="not an http"):
        origin_of("mailto:someone@site.test")


def test_product_token_is_the_leading_name_of_the_user_agent() -> None:
    assert product_token(UA) == "extractor"
    assert product_token("Foo_Bot-2/1.0") == "Foo_Bot-"
    assert product_token("/weird") == "*"


def test_rules_for_our_token_apply_and_other_groups_do_not() -> None:
    policy = RobotsPolicy.parse(
        ROBOTS,
        b"User-agent: otherbot\nDisallow: /\n\n"
        b"User-agent: extractor\nDisallow: /private/\nAllow: /private/open\n\n"
        b"User-agent: *\nDisallow: /everyone-else/\n",
    )
    assert policy.refusal(f"{SITE}/en/exercise/1", UA) is None
    assert policy.refusal(f"{SITE}/private/open/page", UA) is None  # longest match wins
    assert policy.refusal(f"{SITE}/everyone-else/x", UA) is None  # our group, not *
    refusal = policy.refusal(f"{SITE}/private/x", UA)
    assert refusal is not None
    assert "robots.txt" in refusal
    assert "'extractor'" in refusal


def test_words_of_our_contact_url_do_not_select_a_group() -> None:
    # The header contains "github"; only the product token may match a group (RFC 9309 §2.2.1).
    policy = RobotsPolicy.parse(ROBOTS, b"User-agent: github\nDisallow: /\n")
    assert policy.refusal(f"{SITE}/page", UA) is None


def test_wildcard_group_applies_when_no_group_names_us() -> None:
    policy = RobotsPolicy.parse(ROBOTS, b"User-agent: *\nDisallow: /admin\n")
    assert policy.refusal(f"{SITE}/admin/x", UA) is not None
    assert policy.refusal(f"{SITE}/public", UA) is None


@pytest.mark.parametrize("status", [400, 401, 403, 404, 410, 301])
def test_4xx_and_unfollowed_redirects_allow_everything(status: int) -> None:
    policy = RobotsPolicy.from_status(ROBOTS, status)
    assert policy.refusal(f"{SITE}/anything", UA) is None


@pytest.mark.parametrize("status", [429, 500, 502, 503, 504])
def test_5xx_and_429_disallow_everything(status: int) -> None:
    policy = RobotsPolicy.from_status(ROBOTS, status)
    refusal = policy.refusal(f"{SITE}/anything", UA)
    assert refusal is not None
    assert "unreachable" in refusal
    assert str(status) in refusal


def test_crawl_delay_and_sitemaps_are_read() -> None:
    policy = RobotsPolicy.parse(
        ROBOTS,
        b"User-agent: *\nCrawl-delay: 2.5\nDisallow:\n"
        b"Sitemap: https://site.test/sitemap-index.xml\nSitemap: https://site.test/extra.xml\n",
    )
    assert policy.crawl_delay(UA) == 2.5
    assert policy.sitemaps == (
        "https://site.test/sitemap-index.xml",
        "https://site.test/extra.xml",
    )


def test_a_byte_order_mark_does_not_hide_the_first_line() -> None:
    policy = RobotsPolicy.parse(ROBOTS, b"\xef\xbb\xbfUser-agent: *\nDisallow: /\n")
    assert policy.refusal(f"{SITE}/x", UA) is not None


# -- the fetcher obeying robots.txt ----------------------------------------------------------


async def test_disallowed_url_is_refused_permanently_without_request(
    router: respx.MockRouter,
) -> None:
    router.get(ROBOTS).mock(return_value=robots("User-agent: *\nDisallow: /private/\n"))
    async with fetcher() as f:
        with pytest.raises(RobotsDisallowed) as caught:
            await f.fetch_page(f"{SITE}/private/page")
        allowed = await f.fetch_page(f"{SITE}/public/page")
    assert caught.value.transient is False
    assert caught.value.attempts == 0
    assert "disallowed by https://site.test/robots.txt" in str(caught.value)
    assert allowed.status == 200
    assert page_requests(router) == [f"{SITE}/public/page"]


async def test_missing_robots_txt_allows_everything(router: respx.MockRouter) -> None:
    router.get(ROBOTS).mock(return_value=robots("not here", status=404))
    async with fetcher() as f:
        result = await f.fetch_page(f"{SITE}/private/page")
    assert result.status == 200


async def test_robots_txt_5xx_disallows_the_host_transiently(router: respx.MockRouter) -> None:
    route = router.get(ROBOTS).mock(return_value=robots("oops", status=503))
    async with fetcher(max_retries=2) as f:
        with pytest.raises(RobotsDisallowed) as caught:
            await f.fetch_page(f"{SITE}/page")
        with pytest.raises(RobotsDisallowed):
            await f.fetch_page(f"{SITE}/other")
    assert route.call_count == 3  # retried like any request, then remembered for the run
    assert caught.value.transient is True
    assert "robots.txt unreachable" in str(caught.value)
    assert page_requests(router) == []


async def test_unreachable_robots_txt_disallows_the_host_transiently(
    router: respx.MockRouter,
) -> None:
    router.get(ROBOTS).mock(side_effect=httpx.ConnectError("connection refused"))
    async with fetcher(max_retries=1) as f:
        with pytest.raises(RobotsDisallowed) as caught:
            await f.fetch_page(f"{SITE}/page")
    assert caught.value.transient is True
    assert "robots.txt unreachable" in str(caught.value)
    assert "connection refused" in str(caught.value)
    assert page_requests(router) == []


async def test_robots_txt_recovering_on_retry_is_obeyed(router: respx.MockRouter) -> None:
    router.get(ROBOTS).mock(
        side_effect=[robots("", status=500), robots("User-agent: *\nDisallow: /private/\n")]
    )
    async with fetcher() as f:
        with pytest.raises(RobotsDisallowed) as caught:
            await f.fetch_page(f"{SITE}/private/x")
    assert caught.value.transient is False


async def test_robots_txt_is_fetched_once_per_origin_even_when_requests_race(
    router: respx.MockRouter,
) -> None:
    async def slow_robots(request: httpx.Request) -> httpx.Response:
        await asyncio.sleep(0.02)  # every page request arrives while this is in progress
        return robots("User-agent: *\nDisallow: /private/\n")

    # The explicit port first: respx's plain ROBOTS pattern would match any port.
    other_port = router.get("https://site.test:8443/robots.txt").mock(return_value=robots(""))
    route = router.get(ROBOTS).mock(side_effect=slow_robots)
    router.get(url__startswith="https://site.test:8443/").mock(
        return_value=httpx.Response(200, headers={"Content-Type": "text/html"}, text=HTML)
    )
    urls = [f"{SITE}/p/{n}" for n in range(10)] + ["https://site.test:8443/p/1"]
    async with fetcher(concurrency=4) as f:
        results = await asyncio.gather(*(f.fetch_page(url) for url in urls))
    assert len(results) == 11
    assert route.call_count == 1
    assert other_port.call_count == 1  # another port is another origin (RFC 9309 §2.3)


async def test_robots_txt_redirects_are_followed(router: respx.MockRouter) -> None:
    router.get(ROBOTS).mock(
        return_value=httpx.Response(301, headers={"Location": "https://www.site.test/robots.txt"})
    )
    router.get("https://www.site.test/robots.txt").mock(
        return_value=robots("User-agent: *\nDisallow: /private/\n")
    )
    async with fetcher(max_redirects=0) as f:  # the page limit does not apply to robots.txt
        with pytest.raises(RobotsDisallowed):
            await f.fetch_page(f"{SITE}/private/x")


async def test_redirect_to_a_disallowed_url_is_refused(router: respx.MockRouter) -> None:
    router.get(ROBOTS).mock(return_value=robots("User-agent: *\nDisallow: /private/\n"))
    router.get("https://other.test/robots.txt").mock(
        return_value=robots("User-agent: *\nDisallow: /\n")
    )
    redirects = {"/old": "/private/new", "/elsewhere": "https://other.test/page"}
    router["pages"].mock(
        side_effect=lambda request: httpx.Response(
            302, headers={"Location": redirects[request.url.path]}
        )
    )
    async with fetcher() as f:
        with pytest.raises(RobotsDisallowed) as same_host:
            await f.fetch_page(f"{SITE}/old")
        with pytest.raises(RobotsDisallowed) as other_host:
            await f.fetch_page(f"{SITE}/elsewhere")
    assert "redirected to https://site.test/private/new" in str(same_host.value)
    assert "https://other.test/robots.txt" in str(other_host.value)
    assert same_host.value.transient is False
    assert same_host.value.attempts == 1
    requested = {str(call.request.url) for call in router.calls}
    assert f"{SITE}/private/new" not in requested
    assert "https://other.test/page" not in requested


async def test_robots_txt_beyond_500_kib_is_truncated_not_refused(
    router: respx.MockRouter,
) -> None:
    head = b"User-agent: *\nDisallow: /early/\n"
    padding = b"# padding\n" * (ROBOTS_MAX_BYTES // 10)
    tail = b"Disallow: /late/\n"
    router.get(ROBOTS).mock(return_value=httpx.Response(200, content=head + padding + tail))
    async with fetcher(max_bytes=1000) as f:  # the page cap does not apply either
        with pytest.raises(RobotsDisallowed):
            await f.fetch_page(f"{SITE}/early/x")
        result = await f.fetch_page(f"{SITE}/late/x")  # the rule past 500 KiB is ignored
    assert result.status == 200


async def test_ignoring_robots_never_requests_it(router: respx.MockRouter) -> None:
    route = router.get(ROBOTS).mock(return_value=robots("User-agent: *\nDisallow: /\n"))
    async with fetcher(respect_robots=False) as f:
        result = await f.fetch_page(f"{SITE}/private/x")
    assert result.status == 200
    assert route.call_count == 0


async def test_robots_sitemaps_lists_the_sitemap_lines(router: respx.MockRouter) -> None:
    router.get(ROBOTS).mock(
        return_value=robots("User-agent: *\nDisallow:\nSitemap: https://site.test/sm.xml\n")
    )
    async with fetcher() as f:
        assert await f.robots_sitemaps(f"{SITE}/any/page") == ["https://site.test/sm.xml"]
        await f.fetch_page(f"{SITE}/page")
    assert sum(1 for call in router.calls if call.request.url.path == "/robots.txt") == 1


async def test_robots_sitemaps_of_an_unreachable_robots_txt_is_empty(
    router: respx.MockRouter,
) -> None:
    router.get(ROBOTS).mock(return_value=robots("", status=500))
    async with fetcher(max_retries=0) as f:
        assert await f.robots_sitemaps(f"{SITE}/") == []


# -- Crawl-delay -----------------------------------------------------------------------------


async def test_crawl_delay_spaces_requests_to_the_host(router: respx.MockRouter) -> None:
    loop = asyncio.get_running_loop()
    starts: list[float] = []

    def record_robots(request: httpx.Request) -> httpx.Response:
        starts.append(loop.time())
        return robots("User-agent: *\nCrawl-delay: 0.05\n")

    def record_page(request: httpx.Request) -> httpx.Response:
        starts.append(loop.time())
        return httpx.Response(200, headers={"Content-Type": "text/html"}, text=HTML)

    router.get(ROBOTS).mock(side_effect=record_robots)
    router["pages"].mock(side_effect=record_page)
    async with fetcher(rate=None, concurrency=8) as f:
        await asyncio.gather(*(f.fetch_page(f"{SITE}/p/{n}") for n in range(3)))
    assert len(starts) == 4  # robots.txt and three pages
    gaps = [later - earlier for earlier, later in itertools.pairwise(starts)]
    # Lower bounds only (a slow machine spaces them more): the robots.txt request counts too.
    assert min(gaps) >= 0.04


async def test_crawl_delay_only_raises_the_interval() -> None:
    limiter = HostRateLimiter(rate=2.0)
    assert limiter.interval(SITE) == 0.5
    await limiter.slow_down(SITE, 0.1)  # faster than the rate: ignored
    assert limiter.interval(SITE) == 0.5
    await limiter.slow_down(SITE, 3.0)
    assert limiter.interval(SITE) == 3.0
    assert limiter.interval("https://other.test") == 0.5


async def test_no_rate_means_no_wait_until_a_crawl_delay_asks() -> None:
    limiter = HostRateLimiter(rate=None)
    assert limiter.interval(SITE) == 0.0
    await limiter.slow_down(SITE, 1.5)
    assert limiter.interval(SITE) == 1.5


async def test_crawl_delay_is_ignored_when_robots_are_ignored(router: respx.MockRouter) -> None:
    router.get(ROBOTS).mock(return_value=robots("User-agent: *\nCrawl-delay: 30\n"))
    async with fetcher(respect_robots=False) as f:
        # robots.txt is still read for its Sitemap lines, but its Crawl-delay is not applied.
        await f.robots_sitemaps(f"{SITE}/")
        async with asyncio.timeout(5):
            await asyncio.gather(*(f.fetch_page(f"{SITE}/p/{n}") for n in range(3)))
