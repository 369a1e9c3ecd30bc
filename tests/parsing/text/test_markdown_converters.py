"""Metamorphic: a golden HTML page converted to markdown by two well-kept converters
(markdownify and html2text, each with its defaults but ATX headings for markdownify) parses to
the page's own record.

The converters are fed what a reader pipeline feeds them: the page's article (its ``main``,
else its ``article``, else its body; scripts and styles removed), as ``text/markdown`` and, the
way reader services serve it, as ``text/plain`` (sniffed as markdown); and the whole page, its
menus, logo links, banners and footer included. Pages whose record a
copy cannot carry are left out for the reasons the text-rendering test gives (a title outside
the article, JSON-LD-only content, FAQ questions that are questions by markup only, panels
shown by CSS); converters drop embedded players, so ``videos`` and ``unloaded_sections`` are
compared only on pages without ``iframe``/``video``/JSON-LD videos. Known differences are
strict xfails with their reasons (they fail once fixed).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import html2text
import lxml.html
import markdownify
import pytest
from test_text_rendering import _markup_only_reason, _whole_page_reason

from extractor import parse_page
from extractor.parsing._decoding import decode, page_format

PAGES = Path(__file__).resolve().parents[3] / "fixtures" / "pages"
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")

# Fields a markdown copy carries (images: once the HTML front end fills them, compared too).
COMPARED_FIELDS = (
    "url",
    "source_id",
    "slug",
    "language",
    "name",
    "instructions",
    "technical_tips",
    "breathing_tips",
    "medical_restrictions",
    "description",
    "faq",
    "programs",
    "extra_sections",
)
MEDIA_FIELDS = ("videos", "unloaded_sections")


def _markdownify(html: str) -> str:
    return str(markdownify.markdownify(html, heading_style="ATX"))


def _markdownify_setext(html: str) -> str:
    return str(markdownify.markdownify(html, heading_style="UNDERLINED"))


def _html2text(html: str) -> str:
    return str(html2text.HTML2Text().handle(html))


def _html2text_references(html: str) -> str:
    converter = html2text.HTML2Text()
    converter.inline_links = False  # "[Plank][3]" ... "   [3]: https://..."
    return str(converter.handle(html))


# Two converters, each also in a second dialect: setext headings, reference-style links.
CONVERTERS: dict[str, Callable[[str], str]] = {
    "markdownify": _markdownify,
    "markdownify-setext": _markdownify_setext,
    "html2text": _html2text,
    "html2text-references": _html2text_references,
}

# (page, converter) -> why the record still differs (strict: the test fails once fixed).
KNOWN_GAPS: dict[tuple[str, str], str] = {
    **dict.fromkeys(
        (("html-kettlebell-swing-loaded-videos-programs.html", name) for name in CONVERTERS),
        "screen-reader-only text inside the program links ('<span class=sr-only> (opens the"
        " program)') and the <video> fallback text are kept by both converters: the markdown"
        " has no class to tell them apart from content",
    ),
}


def _both(reason: str, *pages: str) -> dict[tuple[str, str], str]:
    return {(page, converter): reason for page in pages for converter in CONVERTERS}


# Issue 10's pages with attribute tables and images (strict: the tests fail once fixed).
def _pairs(reason: str, page: str, converters: tuple[str, ...]) -> dict[tuple[str, str], str]:
    return {(page, converter): reason for converter in converters}


_HTML2TEXT = ("html2text", "html2text-references")
_MARKDOWNIFY = ("markdownify", "markdownify-setext")
_JSONLD_IMAGES = "the JSON-LD images are not in the markdown"

#: Converter gaps that the article test and the reader-service test share.
ATTRIBUTE_TABLE_GAPS: dict[tuple[str, str], str] = {
    **_pairs(
        "html2text writes a <dl> as run-on lines ('Fortgeschritten Fokus'): the rows are lost",
        "html-de-attribute-dl-picture.html",
        _HTML2TEXT,
    ),
    **_both(
        "the attribute <table> right under the title: its first row reads as the title"
        " (markdownify's pipe table) or as a heading (html2text's); " + _JSONLD_IMAGES,
        "html-en-attribute-table-jsonld-image.html",
    ),
}

#: Article copies whose images differ (the reader-service test does not compare images).
ARTICLE_IMAGE_GAPS: dict[tuple[str, str], str] = {
    **_both(
        "an <amp-img> is no <img> to the converters: the markdown has no image",
        "html-bear-crawl-amp-jsonld-video-aliases.html",
    ),
    **_both(
        "the converters keep a lazy-loaded picture's placeholder src (a data: URI, which the"
        " markdown reader takes for the image) and lose its data-src; " + _JSONLD_IMAGES,
        "html-fr-attribute-chips-images.html",
    ),
    **_pairs(
        "the converters keep a lazy-loaded picture's src, not its data-lazy-src",
        "html-de-attribute-dl-picture.html",
        _MARKDOWNIFY,
    ),
}


def _reader_service(page: Path, markdown: str) -> str:
    """A reader service's copy: its header block (the page's <title>, its address, a time)
    before the markdown."""
    root = _document(_page_html(page))
    title = " ".join((root.findtext(".//title") or "").split())
    return (
        f"Title: {title}\n\nURL Source: {_golden(page)['url']}\n\n"
        f"Published Time: 2026-01-05T08:30:00Z\n\nMarkdown Content:\n{markdown}"
    )


# Whole pages (the body with its header, menus, banners and footer) whose markdown still
# parses differently (strict: the test fails once fixed).
WHOLE_PAGE_GAPS: dict[tuple[str, str], str] = {
    **_pairs(
        "html2text writes a <dl> as run-on lines ('Fortgeschritten Fokus'): the rows are lost",
        "html-de-attribute-dl-picture.html",
        _HTML2TEXT,
    ),
    **_both(
        "the attribute <table> under the title reads as the title or a heading, and the comment"
        " thread after the article as an extra section",
        "html-en-attribute-table-jsonld-image.html",
    ),
    **_both(
        "the related-exercise aside after the FAQ reads as extra sections ('Pigeon', ...)",
        "html-fr-attribute-chips-images.html",
    ),
    **_both(
        "consent banners and an AMP side menu before the title: the banner's sentence reads as"
        " the title (the text copy's gap too, test_text_rendering.WHOLE_PAGE_GAPS)",
        "html-amp-accordion-sidebar-consent.html",
        "html-cmp-banners-vendors.html",
    ),
    **_both(
        "a mega menu's featured card and newsletter box in the header read as extra sections",
        "html-header-title-megamenu.html",
    ),
    **_both(
        "screen-reader-only text in the program links and the <video> fallback text are kept",
        "html-kettlebell-swing-loaded-videos-programs.html",
    ),
    **_both(
        "a print version's footer line ('Printed from ... ©') after the Programs heading reads as"
        " a program; markdownify writes the print bar as a table",
        "html-print-version-bold-br.html",
    ),
    **dict.fromkeys(
        (("html-two-column-table-steps-media.html", name) for name in CONVERTERS if "2" in name),
        "the <video> fallback text ('Your browser does not support the video tag.') is kept as"
        " text of the Videos section",
    ),
    **dict.fromkeys(
        (("html-bird-dog-unclosed-tags-nul.html", name) for name in CONVERTERS if "ify" in name),
        "markdownify folds the page's unclosed tags into one line without line breaks",
    ),
}


def _whole_page(html: str) -> str:
    root = _document(html)
    body = root.find("body")
    return str(lxml.html.tostring(body if body is not None else root, encoding="unicode"))


def _document(html: str) -> Any:
    root = lxml.html.document_fromstring(_XML_DECLARATION.sub("", html, count=1))
    for element in root.xpath("//script | //style | //noscript | //template"):
        element.drop_tree()
    return root


def _article(html: str) -> str:
    root = _document(html)
    for path in ("//main", "//*[@role='main']", "//article"):
        found = root.xpath(path)
        if found:
            return str(lxml.html.tostring(found[0], encoding="unicode"))
    body = root.find("body")
    return str(lxml.html.tostring(body if body is not None else root, encoding="unicode"))


def _has_embeds(html: str, golden: dict[str, Any]) -> bool:
    root = lxml.html.document_fromstring(_XML_DECLARATION.sub("", html, count=1))
    # <iframe>, <video>, AMP's <amp-iframe>/<amp-youtube>/<amp-vimeo>, <embed>, <object>.
    players = root.xpath(
        "//iframe | //video | //embed | //object | //*[starts-with(local-name(), 'amp-')]"
    )
    return bool(players) or "VideoObject" in html


def _page_html(page: Path) -> str:
    return decode(page.read_bytes(), None)


def _golden(page: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(page.with_suffix(".json").read_text(encoding="utf-8"))
    return data


def _cases(*, gaps: dict[tuple[str, str], str]) -> Iterator[Any]:
    for page in sorted(PAGES.iterdir()):
        if page.suffix not in (".html", ".htm", ".bin") or _markup_only_reason(page) is not None:
            continue
        for converter in CONVERTERS:
            gap = gaps.get((page.name, converter))
            marks = [pytest.mark.xfail(reason=gap, strict=True)] if gap else []
            yield pytest.param(page, converter, id=f"{page.name}-{converter}", marks=marks)


def _fields(record: dict[str, Any], fields: tuple[str, ...]) -> dict[str, Any]:
    return {field: record[field] for field in fields}


@pytest.mark.parametrize(
    ("page", "converter"),
    list(_cases(gaps={**KNOWN_GAPS, **ATTRIBUTE_TABLE_GAPS, **ARTICLE_IMAGE_GAPS})),
)
def test_converted_markdown_parses_like_the_page(page: Path, converter: str) -> None:
    html = _page_html(page)
    golden = _golden(page)
    markdown = CONVERTERS[converter](_article(html))
    fields = COMPARED_FIELDS if _has_embeds(html, golden) else COMPARED_FIELDS + MEDIA_FIELDS
    record = parse_page(markdown, url=golden["url"], content_type="text/markdown")
    assert _fields(record.model_dump(mode="json"), fields) == _fields(golden, fields)
    if golden["images"]:
        assert record.images == golden["images"]


def _whole_page_cases() -> Iterator[Any]:
    for page in sorted(PAGES.iterdir()):
        if page.suffix not in (".html", ".htm", ".bin") or _whole_page_reason(page) is not None:
            continue
        for converter in CONVERTERS:
            gap = WHOLE_PAGE_GAPS.get((page.name, converter))
            marks = [pytest.mark.xfail(reason=gap, strict=True)] if gap else []
            yield pytest.param(page, converter, id=f"{page.name}-{converter}", marks=marks)


@pytest.mark.parametrize(("page", "converter"), list(_whole_page_cases()))
def test_converted_whole_page_parses_like_the_page(page: Path, converter: str) -> None:
    """The whole page converted (what a converter is fed without a reader's article
    selection): its menus, logo links, banners and footer links are chrome to drop."""
    html = _page_html(page)
    golden = _golden(page)
    markdown = CONVERTERS[converter](_whole_page(html))
    record = parse_page(markdown, url=golden["url"], content_type="text/markdown")
    assert _fields(record.model_dump(mode="json"), COMPARED_FIELDS) == _fields(
        golden, COMPARED_FIELDS
    )


@pytest.mark.parametrize(
    ("page", "converter"), list(_cases(gaps={**KNOWN_GAPS, **ATTRIBUTE_TABLE_GAPS}))
)
def test_reader_service_copy_parses_like_the_page(page: Path, converter: str) -> None:
    """A reader service's header block before the converted article, served as text/plain and
    parsed without a URL: the header's address is the record's, its title names the page
    (site name left out), nothing of it reaches a field."""
    golden = _golden(page)
    markdown = _reader_service(page, CONVERTERS[converter](_article(_page_html(page))))
    fields = (
        COMPARED_FIELDS if _has_embeds(_page_html(page), golden) else COMPARED_FIELDS + MEDIA_FIELDS
    )
    record = parse_page(markdown, content_type="text/plain; charset=utf-8")
    assert _fields(record.model_dump(mode="json"), fields) == _fields(golden, fields)


@pytest.mark.parametrize(("page", "converter"), list(_cases(gaps={})))
def test_converted_markdown_is_sniffed_as_markdown(page: Path, converter: str) -> None:
    """Served as text/plain or without a type (as reader services do), the copy is markdown."""
    markdown = CONVERTERS[converter](_article(_page_html(page)))
    assert page_format(markdown, "text/plain") == "markdown"
    assert page_format(markdown, None) == "markdown"


def test_the_converters_write_markdown() -> None:
    """Not vacuous: both converters' copies hold headings and links in markdown syntax, and
    the second dialects setext headings and reference-style links."""
    html = _article(_page_html(PAGES / "html-kettlebell-swing-loaded-videos-programs.html"))
    for convert in (_markdownify, _html2text):
        markdown = convert(html)
        assert re.search(r"^#{1,6} \S", markdown, re.MULTILINE)
        assert re.search(r"\]\(/en/program/", markdown)
    assert re.search(r"^Kettlebell swing\n=+$", _markdownify_setext(html), re.MULTILINE)
    assert re.search(r"^ +\[\d+\]: /en/program/", _html2text_references(html), re.MULTILINE)
