"""The exercise's own images: content pictures and JSON-LD ``image`` in; chrome out."""

from __future__ import annotations

import pytest

from extractor import parse_page

URL = "https://example.org/en/exercise/ab12-goblet-squat"
STEPS = "<h2>Instructions</h2><ol><li>Hold the weight.</li><li>Squat down.</li></ol>"


def images(body: str, head: str = "") -> list[tuple[str, str | None]]:
    html = (
        f"<!DOCTYPE html><html lang=en><head>{head}</head><body>{body}</body></html>"
        if "<main" in body
        else f"<!DOCTYPE html><html lang=en><head>{head}</head><body><main><h1>Goblet squat</h1>"
        f"{body}{STEPS}</main></body></html>"
    )
    record = parse_page(html, url=URL)
    return [(image.url, image.alt) for image in record.images]


def test_content_image_absolute_with_alt() -> None:
    assert images('<img src="/img/squat.jpg" alt="Bottom position">') == [
        ("https://example.org/img/squat.jpg", "Bottom position")
    ]


@pytest.mark.parametrize(
    "img",
    [
        '<img src="data:image/gif;base64,R0lGOD" data-src="/img/squat.jpg" alt="">',
        '<img src="/img/lazy-placeholder.gif" data-lazy-src="/img/squat.jpg">',
        '<img srcset="/img/squat-400.jpg 400w, /img/squat.jpg 1200w">',
        '<picture><source srcset="/img/squat.avif"><img src="/img/squat.jpg"></picture>',
    ],
)
def test_lazy_and_responsive_sources(img: str) -> None:
    assert [url for url, _ in images(img)] == ["https://example.org/img/squat.jpg"]


@pytest.mark.parametrize(
    "chrome",
    [
        '<img src="/static/logo.svg" alt="Site">',
        '<img src="/img/a.png" class="site-logo">',
        '<img src="/assets/icons/dumbbell.png">',
        '<img src="/img/i.png" class="menuIcon">',
        '<img src="/img/b.png" width="16" height="16">',
        '<img src="/img/c.png" role="presentation">',
        '<img src="/img/d.png" aria-hidden="true">',
        '<img src="https://www.facebook.com/tr?id=1&ev=PageView" width="1" height="1">',
        '<img src="https://secure.gravatar.com/avatar/abc" class="avatar">',
        '<div class="author-box"><img src="/team/lena.jpg" alt="Lena"></div>',
        '<div class="share-buttons"><img src="/img/pin.png" alt="Pin it"></div>',
        '<div class="card"><img src="/img/lunge.jpg">'
        '<h3><a href="/en/exercise/cd34-lunge">Lunge</a></h3></div>',
        '<a href="/en/exercise/cd34-lunge"><img src="/img/lunge.jpg"></a>',
        '<img src="/img/e.png" alt="Logo">',
    ],
)
def test_chrome_images_are_left_out(chrome: str) -> None:
    assert images(chrome + '<img src="/img/squat.jpg">') == [
        ("https://example.org/img/squat.jpg", None)
    ]


def test_images_in_banner_navigation_and_footer_are_chrome() -> None:
    body = (
        '<header><a href="/"><img src="/img/brand.png" alt="Brand"></a></header>'
        '<nav><img src="/img/menu.png"></nav><main><h1>Goblet squat</h1>'
        '<figure><img src="/img/squat.jpg" alt="Squat"><figcaption>Photo: '
        '<a href="https://photos.example.net/jane">Jane</a></figcaption></figure>'
        f"{STEPS}</main><footer><img src=/img/badge.png></footer>"
    )
    assert images(body) == [("https://example.org/img/squat.jpg", "Squat")]


def test_jsonld_images_of_the_exercise_not_of_publisher_or_author() -> None:
    head = (
        '<script type="application/ld+json">{"@context": "https://schema.org", "@graph": ['
        '{"@type": "Organization", "logo": "https://example.org/logo.png",'
        ' "image": "https://example.org/org.png"},'
        '{"@type": "Person", "image": "https://example.org/me.jpg"},'
        '{"@type": "ImageObject", "@id": "#main", "url": "https://cdn.example.org/squat-1200x800.jpg"},'
        '{"@type": "HowTo", "image": [{"@id": "#main"}, {"@type": "ImageObject",'
        ' "contentUrl": "https://cdn.example.org/side.jpg", "caption": "Side view"}]}]}</script>'
    )
    found = images('<img src="https://cdn.example.org/squat.jpg" alt="Squat">', head)
    # The DOM's picture first; the JSON-LD size variant of it is the same image.
    assert found == [
        ("https://cdn.example.org/squat.jpg", "Squat"),
        ("https://cdn.example.org/side.jpg", "Side view"),
    ]


def test_a_page_without_images_has_none() -> None:
    assert images("<p>No pictures here.</p>") == []
