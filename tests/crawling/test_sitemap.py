"""Sitemaps: parsing (namespaces, gzip, text form, hostile XML) and the recursive walk."""

from __future__ import annotations

import gzip
import re
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import respx
from crawl_support import quick_fetcher

from extractor.crawling._fetch import Fetcher
from extractor.crawling._sitemap import SitemapError, iter_sitemap_urls, parse_sitemap

pytestmark = pytest.mark.anyio

SITE = "https://site.test"
NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
EXERCISES = re.compile(r"/exercise/")


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


def fetcher(**overrides: Any) -> Fetcher:
    return quick_fetcher(**{"respect_robots": False, "max_retries": 0, **overrides})


@pytest.fixture
def router() -> Iterator[respx.MockRouter]:
    with respx.mock(assert_all_called=False) as mock:
        yield mock


def urlset(*locs: str, ns: str | None = NS) -> bytes:
    xmlns = f' xmlns="{ns}"' if ns else ""
    entries = "".join(f"<url><loc>{loc}</loc><lastmod>2024-01-01</lastmod></url>" for loc in locs)
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset{xmlns}>{entries}</urlset>'.encode()


def sitemapindex(*locs: str) -> bytes:
    entries = "".join(f"<sitemap><loc>{loc}</loc></sitemap>" for loc in locs)
    return f'<?xml version="1.0"?><sitemapindex xmlns="{NS}">{entries}</sitemapindex>'.encode()


def xml(body: bytes) -> httpx.Response:
    return httpx.Response(200, headers={"Content-Type": "application/xml"}, content=body)


async def collect(f: Fetcher, urls: list[str], **kwargs: Any) -> list[str]:
    return [url async for url in iter_sitemap_urls(f, urls, EXERCISES, **kwargs)]


# -- parse_sitemap ---------------------------------------------------------------------------


def test_urlset_locations_in_order_with_whitespace_stripped() -> None:
    sitemap = parse_sitemap(urlset(f"\n   {SITE}/en/exercise/1  \n", f"{SITE}/en/exercise/2"))
    assert sitemap.kind == "urlset"
    assert sitemap.locations == (f"{SITE}/en/exercise/1", f"{SITE}/en/exercise/2")


@pytest.mark.parametrize("ns", [None, "https://www.sitemaps.org/schemas/sitemap/0.9", "urn:x"])
def test_namespace_is_not_required_to_match(ns: str | None) -> None:
    assert parse_sitemap(urlset(f"{SITE}/a", ns=ns)).locations == (f"{SITE}/a",)


def test_prefixed_namespace_and_extensions_are_tolerated() -> None:
    body = (
        f'<sm:urlset xmlns:sm="{NS}" xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">'
        f"<sm:url><sm:loc>{SITE}/a</sm:loc><image:image><image:loc>{SITE}/a.png</image:loc>"
        "</image:image></sm:url></sm:urlset>"
    ).encode()
    # The image extension's <image:loc> is not a page: only the entry's own <loc> counts.
    assert parse_sitemap(body).locations == (f"{SITE}/a",)


def test_sitemap_index_is_recognised() -> None:
    sitemap = parse_sitemap(sitemapindex(f"{SITE}/sm1.xml", f"{SITE}/sm2.xml.gz"))
    assert sitemap.kind == "sitemapindex"
    assert sitemap.locations == (f"{SITE}/sm1.xml", f"{SITE}/sm2.xml.gz")


def test_gzip_is_detected_by_magic_bytes() -> None:
    assert parse_sitemap(gzip.compress(urlset(f"{SITE}/a"))).locations == (f"{SITE}/a",)


def test_entities_are_decoded_and_leading_whitespace_or_bom_tolerated() -> None:
    body = b"\xef\xbb\xbf\n\n  " + urlset(f"{SITE}/search?a=1&amp;b=2")
    assert parse_sitemap(body).locations == (f"{SITE}/search?a=1&b=2",)


def test_plain_text_sitemap() -> None:
    body = f"{SITE}/a\n\n  {SITE}/b  \r\n".encode()
    sitemap = parse_sitemap(body)
    assert sitemap.kind == "text"
    assert sitemap.locations == (f"{SITE}/a", f"{SITE}/b")


@pytest.mark.parametrize(
    "body",
    [
        b"<urlset><url><loc>https://site.test/a</loc></url>",  # unclosed
        b"<urlset><url><loc>https://site.test/?a=1&b=2</loc></url></urlset>",  # bare &
        b"<!doctype html><html><body>Not found</body></html>",
        b"\x1f\x8b\x08\x00garbage",
        b"just some words, no URLs",
    ],
    ids=["unclosed", "bare-ampersand", "html", "corrupt-gzip", "prose"],
)
def test_unusable_documents_raise_sitemap_error(body: bytes) -> None:
    with pytest.raises(SitemapError):
        parse_sitemap(body)


def test_external_entities_are_not_resolved(tmp_path: Any) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET")
    body = (
        f'<?xml version="1.0"?><!DOCTYPE urlset [<!ENTITY xxe SYSTEM "file://{secret}">]>'
        f'<urlset xmlns="{NS}"><url><loc>{SITE}/a&xxe;</loc></url></urlset>'
    ).encode()
    try:
        sitemap = parse_sitemap(body)
    except SitemapError:
        return  # refusing the document is fine too
    assert all("TOP-SECRET" not in loc for loc in sitemap.locations)


def test_entity_expansion_bomb_is_not_expanded() -> None:
    body = (
        b'<?xml version="1.0"?><!DOCTYPE urlset [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">'
        b'<!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>'
        b"<urlset><url><loc>https://site.test/&d;</loc></url></urlset>"
    )
    try:
        sitemap = parse_sitemap(body)
    except SitemapError:
        return
    assert all(len(loc) < 200 for loc in sitemap.locations)


# -- iter_sitemap_urls -----------------------------------------------------------------------


async def test_index_is_followed_recursively_with_gzip_filter_normalisation_and_dedupe(
    router: respx.MockRouter,
) -> None:
    router.get(f"{SITE}/sitemap-index.xml").mock(
        return_value=xml(
            sitemapindex(f"{SITE}/sm-pages.xml", f"{SITE}/sm-more", f"{SITE}/sm-pages.xml")
        )
    )
    router.get(f"{SITE}/sm-pages.xml").mock(
        return_value=xml(
            urlset(
                f"{SITE}/en/exercise/1-squat",
                f"{SITE}/en/about",  # not an exercise: filtered out
                "HTTPS://SITE.TEST/en/exercise/2-lunge#top",
            )
        )
    )
    # Gzipped but served with a neutral type and no .gz in the name: magic bytes decide.
    router.get(f"{SITE}/sm-more").mock(
        return_value=httpx.Response(
            200,
            headers={"Content-Type": "application/octet-stream"},
            content=gzip.compress(
                urlset(
                    f"{SITE}/en/exercise/2-lunge?utm_source=feed",  # same page as above
                    f"{SITE}/en/exercise/3-plank",
                )
            ),
        )
    )
    async with fetcher() as f:
        urls = await collect(f, [f"{SITE}/sitemap-index.xml"])
    assert urls == [
        f"{SITE}/en/exercise/1-squat",
        f"{SITE}/en/exercise/2-lunge",
        f"{SITE}/en/exercise/3-plank",
    ]
    fetched = [str(call.request.url) for call in router.calls]
    assert fetched.count(f"{SITE}/sm-pages.xml") == 1  # listed twice, fetched once


async def test_content_encoding_gzip_is_undone_by_the_client(router: respx.MockRouter) -> None:
    router.get(f"{SITE}/sm.xml").mock(
        return_value=httpx.Response(
            200,
            headers={"Content-Type": "application/xml", "Content-Encoding": "gzip"},
            content=gzip.compress(urlset(f"{SITE}/en/exercise/9-row")),
        )
    )
    async with fetcher() as f:
        assert await collect(f, [f"{SITE}/sm.xml"]) == [f"{SITE}/en/exercise/9-row"]


async def test_malformed_and_missing_sitemaps_are_skipped_with_warnings(
    router: respx.MockRouter,
) -> None:
    router.get(f"{SITE}/index.xml").mock(
        return_value=xml(sitemapindex(f"{SITE}/broken.xml", f"{SITE}/gone.xml", f"{SITE}/good.xml"))
    )
    router.get(f"{SITE}/broken.xml").mock(return_value=xml(b"<urlset><url><loc>oops"))
    router.get(f"{SITE}/gone.xml").mock(return_value=httpx.Response(404))
    router.get(f"{SITE}/good.xml").mock(return_value=xml(urlset(f"{SITE}/en/exercise/1")))
    warnings: list[tuple[str, str]] = []
    async with fetcher() as f:
        urls = await collect(
            f, [f"{SITE}/index.xml"], on_warning=lambda url, msg: warnings.append((url, msg))
        )
    assert urls == [f"{SITE}/en/exercise/1"]
    assert [url for url, _ in warnings] == [f"{SITE}/broken.xml", f"{SITE}/gone.xml"]
    assert "malformed XML" in warnings[0][1]
    assert "404" in warnings[1][1]


async def test_index_cycles_and_depth_are_bounded(router: respx.MockRouter) -> None:
    router.get(f"{SITE}/self.xml").mock(return_value=xml(sitemapindex(f"{SITE}/self.xml")))
    router.get(url__regex=rf"{SITE}/deep/\d+\.xml").mock(
        side_effect=lambda request: xml(
            sitemapindex(f"{SITE}/deep/{int(request.url.path.split('/')[-1][:-4]) + 1}.xml")
        )
    )
    warnings: list[tuple[str, str]] = []
    async with fetcher() as f:
        urls = await collect(
            f,
            [f"{SITE}/self.xml", f"{SITE}/deep/0.xml"],
            max_depth=3,
            on_warning=lambda url, msg: warnings.append((url, msg)),
        )
    assert urls == []
    fetched = [str(call.request.url) for call in router.calls]
    assert fetched.count(f"{SITE}/self.xml") == 1
    assert [u for u in fetched if "/deep/" in u] == [f"{SITE}/deep/{n}.xml" for n in range(4)]
    assert len(warnings) == 1
    assert "deeper than 3" in warnings[0][1]


async def test_relative_and_non_http_locations(router: respx.MockRouter) -> None:
    router.get(f"{SITE}/maps/sm.xml").mock(
        return_value=xml(
            urlset("/en/exercise/5-dip", "mailto:a@site.test", "javascript:alert(1)/exercise/")
        )
    )
    async with fetcher() as f:
        assert await collect(f, [f"{SITE}/maps/sm.xml"]) == [f"{SITE}/en/exercise/5-dip"]


async def test_sitemap_requests_obey_robots_and_carry_the_user_agent(
    router: respx.MockRouter,
) -> None:
    router.get(f"{SITE}/robots.txt").mock(
        return_value=httpx.Response(200, text="User-agent: *\nDisallow: /private/\n")
    )
    router.get(f"{SITE}/sm.xml").mock(return_value=xml(urlset(f"{SITE}/en/exercise/1")))
    warnings: list[tuple[str, str]] = []
    async with fetcher(respect_robots=True, user_agent="SiteBot/1.0") as f:
        urls = await collect(
            f,
            [f"{SITE}/private/sm.xml", f"{SITE}/sm.xml"],
            on_warning=lambda url, msg: warnings.append((url, msg)),
        )
    assert urls == [f"{SITE}/en/exercise/1"]
    assert warnings[0][0] == f"{SITE}/private/sm.xml"
    assert "robots.txt" in warnings[0][1]
    assert {call.request.headers["User-Agent"] for call in router.calls} == {"SiteBot/1.0"}
