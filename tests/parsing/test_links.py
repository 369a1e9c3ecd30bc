"""``page_links``: what a fetched page links to, and the robots directives it carries."""

from __future__ import annotations

import pytest

from extractor.parsing import PageLinks, merge_links, page_links, robots_directives

PAGE = b"""<!DOCTYPE html><html><head>
<base href="https://example.org/fr/">
<link rel="canonical" href="https://example.org/fr/exercice/ab12-pont">
<link rel="alternate" hreflang="de" href="/de/uebung/ab12-bruecke">
<link rel="alternate" hreflang="en" href="https://example.org/en/exercise/ab12-bridge">
<link rel="alternate" hreflang="x-default" href="https://example.org/en/exercise/ab12-bridge">
<link rel="stylesheet" href="/static/site.css"><link rel="icon" href="/favicon.ico">
<link rel="next" href="exercices?page=2">
</head><body>
<a href="exercice/cd34-planche#faq">Planche</a>
<a href="exercice/cd34-planche">Planche again</a>
<a href="#top">top</a><a href="mailto:a@b.c">mail</a><a href="tel:+41">call</a>
<a href="javascript:void(0)">js</a><a href="">empty</a><a href="http://[::1">broken</a>
<a href="/fr/connexion" rel="nofollow">log in</a>
<map><area href="/fr/carte" alt="map"></map>
</body></html>"""


def test_links_are_resolved_against_base_without_fragments_or_non_documents() -> None:
    found = page_links(PAGE, url="https://example.org/somewhere/else")
    assert found.links == (
        "https://example.org/de/uebung/ab12-bruecke",
        "https://example.org/en/exercise/ab12-bridge",
        "https://example.org/fr/exercices?page=2",
        "https://example.org/fr/exercice/cd34-planche",
        "https://example.org/fr/carte",
    )
    assert found.alternates == {
        "de": "https://example.org/de/uebung/ab12-bruecke",
        "en": "https://example.org/en/exercise/ab12-bridge",
        "x-default": "https://example.org/en/exercise/ab12-bridge",
    }
    assert (found.nofollow, found.noindex) == (False, False)


@pytest.mark.parametrize(
    ("meta", "header", "nofollow", "noindex"),
    [
        ('<meta name="robots" content="noindex">', None, False, True),
        ('<meta name="ROBOTS" content="NoFollow, noarchive">', None, True, False),
        ('<meta name="robots" content="none">', None, True, True),
        ('<meta name="googlebot" content="noindex">', None, False, False),
        ("", "noindex, nofollow", True, True),
        ("", "otherbot: noindex, nofollow", False, False),
        ("", "otherbot: noindex, *: nofollow", True, False),
        ("", "unavailable_after: 25 Jun 2010 15:00:00 PST", False, False),
    ],
)
def test_robots_directives_from_meta_and_header(
    meta: str, header: str | None, nofollow: bool, noindex: bool
) -> None:
    page = f"<html><head>{meta}</head><body><a href='/x'>x</a></body></html>".encode()
    found = page_links(page, url="https://example.org/", robots_header=header)
    assert (found.nofollow, found.noindex) == (nofollow, noindex)
    assert found.links == ("https://example.org/x",)  # reading links never depends on them


def test_text_pages_give_written_out_and_markdown_links() -> None:
    text = b"Squat\n\nSee https://example.org/en/exercise/ab12-squat.\n[Plank](https://example.org/p)\n"
    found = page_links(text, url="https://example.org/t", content_type="text/plain")
    assert found.links == ("https://example.org/en/exercise/ab12-squat", "https://example.org/p")
    assert found.alternates == {}


@pytest.mark.parametrize("content", [b"", b"\x00\x01\x02binary", b"<html><a href='http://[x'>"])
def test_unreadable_pages_have_no_links_and_never_raise(content: bytes) -> None:
    found = page_links(content, url="https://example.org/")
    assert found.links == ()


def test_robots_directives_ignore_other_robots() -> None:
    assert robots_directives(None) == frozenset()
    assert robots_directives("NOINDEX") == {"noindex"}
    assert robots_directives("a: noindex, b: nofollow, *: noarchive") == {"noarchive"}


def test_merged_links_keep_the_served_page_first_and_every_directive() -> None:
    served = PageLinks(
        ("https://a.test/1", "https://a.test/2"), {"fr": "https://a.test/fr/1"}, nofollow=False
    )
    rendered = PageLinks(
        ("https://a.test/2", "https://a.test/3"),
        {"de": "https://a.test/de/1", "fr": "https://a.test/fr/other"},
        noindex=True,
    )
    merged = merge_links(served, rendered)
    assert merged.links == ("https://a.test/1", "https://a.test/2", "https://a.test/3")
    assert merged.alternates == {"de": "https://a.test/de/1", "fr": "https://a.test/fr/1"}
    assert list(merged.alternates) == ["de", "fr"]  # sorted, as page_links gives them
    assert (merged.nofollow, merged.noindex) == (False, True)
    assert merge_links(rendered, PageLinks((), {}, nofollow=True)).nofollow
