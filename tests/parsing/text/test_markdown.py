"""Markdown copies: the header block, reference links, HTML fragments, setext headings,
images and menus (``text/_document``, ``text/_markdown``), and markdown sniffing."""

from __future__ import annotations

import pytest

from extractor import parse_page
from extractor.parsing._decoding import page_format
from extractor.parsing.text._document import read_markdown_document

URL = "https://fit.example.org/en/exercise/1a2b3c-plank"

BODY = """# Plank

## Instructions

- Hold your body straight.
- Breathe steadily.
"""


def _record(markdown: str, **kwargs: str | None) -> dict[str, object]:
    return parse_page(markdown, content_type="text/markdown", **kwargs).model_dump(mode="json")


# --- the header block ---------------------------------------------------------------------


def test_reader_header_block_names_the_page_and_never_reaches_a_field() -> None:
    header = (
        "Title: Plank | Fit Example\n\nURL Source: " + URL + "\n\n"
        "Published Time: 2025-01-01T10:00:00Z\n\nWarning: This page maybe requiring CAPTCHA\n\n"
        "Markdown Content:\n"
    )
    record = _record(header + BODY.replace("# Plank\n", ""))
    assert record["name"] == "Plank"  # the header's title, the site name after "|" left out
    assert record["url"] == URL  # the URL Source is the page's identity when none is passed
    assert record["source_id"] == "1a2b3c"
    assert record["instructions"] == ["Hold your body straight.", "Breathe steadily."]
    assert record["warnings"] == []  # the name comes from a title line, not the <title> fallback
    dumped = str(record)
    for header_text in ("Published", "CAPTCHA", "2025", "Markdown Content"):
        assert header_text not in dumped


def test_a_passed_url_wins_over_the_url_source() -> None:
    other = "https://fit.example.org/en/exercise/9f9f-plank"
    record = _record(f"Title: Plank\nURL Source: {URL}\nMarkdown Content:\n{BODY}", url=other)
    assert record["url"] == other


def test_header_title_is_used_when_the_copy_has_no_title_line() -> None:
    record = _record(
        f"Title: Side plank – Fit Example\nURL Source: {URL}\n\n## Instructions\n\n- a"
    )
    assert record["name"] == "Side plank"
    assert record["warnings"] == []


def test_front_matter_is_a_header() -> None:
    markdown = f'---\ntitle: "Plank · Fit Example"\nsource: "{URL}"\ntags:\n  - x\n---\n'
    record = _record(markdown + "## Instructions\n\n- Hold.\n")
    assert (record["name"], record["url"], record["instructions"]) == ("Plank", URL, ["Hold."])


def test_a_page_opening_with_an_ordinary_key_value_line_has_no_header() -> None:
    document = read_markdown_document("Date: 2025-01-01\n\n# Plank\n")
    assert (document.title, document.url) == (None, None)
    assert document.text.startswith("Date: 2025-01-01")


# --- inline syntax --------------------------------------------------------------------------


def test_reference_links_escapes_and_html_fragments() -> None:
    markdown = (
        "# Plank\n\n## Videos\n\n* [Plank demo][video]\n\n## Description\n\n"
        "Keep a \\*neutral\\* spine\\_line.<br>See the <a href='/en/guide'>guide</a>.\n\n"
        '<!-- a comment -->\n<div class="note"><span>Works the core.</span></div>\n\n'
        '  [video]: https://www.youtube.com/watch?v=AbCdEfGhIjK "Demo"\n'
    )
    record = _record(markdown, url=URL)
    assert record["videos"] == [
        {"url": "https://www.youtube.com/watch?v=AbCdEfGhIjK", "title": "Plank demo"}
    ]
    assert record["description"] == (
        "Keep a *neutral* spine_line.\n\nSee the guide.\n\nWorks the core."
    )


def test_setext_headings() -> None:
    record = _record(
        "Plank\n=====\n\nInstructions\n------------\n\n- Hold.\n\nDescription\n---\n\nCore."
    )
    assert (record["name"], record["instructions"], record["description"]) == (
        "Plank",
        ["Hold."],
        "Core.",
    )


def test_a_rule_under_a_paragraph_line_is_not_a_heading_of_a_longer_paragraph() -> None:
    markdown = (
        "# Plank\n\n## Description\n\nFirst line of a paragraph\nsecond line.\n---\n\n"
        "Works the core."
    )
    record = _record(markdown)
    assert record["description"] == "First line of a paragraph second line.\n\nWorks the core."
    assert record["extra_sections"] == []


def test_pipe_tables_are_rows() -> None:
    markdown = (
        "# Plank\n\n## Instructions\n\n| Step | What |\n|---|---|\n| 1 | Kneel. |\n| 2 | Hold. |\n"
    )
    assert _record(markdown)["instructions"] == ["Kneel.", "Hold."]


# --- images and chrome ----------------------------------------------------------------------


def test_images_logos_and_cards() -> None:
    markdown = (
        "[![Fit Example](/static/logo.svg)](/en/)\n\n"
        "* [Exercises](/en/exercises)\n* [Programs](/en/programs)\n* [Log in](/en/login)\n\n"
        "# Plank\n\n![Image 1: Plank, side view](/media/plank-side.jpg)\n\n"
        "[![Plank, front](/media/plank-front.jpg)](/media/plank-front-large.jpg)\n\n"
        "## Videos\n\n[![Plank demo](/thumbs/plank.jpg)0:48](https://vimeo.com/123456789)\n\n"
        "## Instructions\n\n- Hold.\n\n![](/static/icons/share-icon.png)\n\n"
        "* [About us](/en/about)\n* [Contact](/en/contact)\n"
    )
    record = _record(markdown, url=URL)
    assert record["images"] == [
        {"url": "https://fit.example.org/media/plank-side.jpg", "alt": "Plank, side view"},
        {"url": "https://fit.example.org/media/plank-front-large.jpg", "alt": "Plank, front"},
    ]
    assert record["videos"] == [{"url": "https://vimeo.com/123456789", "title": "Plank demo"}]
    assert record["instructions"] == ["Hold."]  # the footer's links are chrome
    assert record["name"] == "Plank"
    assert record["extra_sections"] == []


def test_links_under_their_own_heading_at_the_end_are_content() -> None:
    markdown = (
        "# Plank\n\n## Instructions\n\n- Hold.\n\n## Programs\n\n"
        "* [Core basics](/en/program/1-core)\n* [Abs](/en/program/2-abs)\n"
    )
    record = _record(markdown, url=URL)
    assert [program["name"] for program in record["programs"]] == ["Core basics", "Abs"]


def test_embedded_player_in_markdown_is_a_video() -> None:
    markdown = (
        '# Plank\n\n<iframe src="https://www.youtube.com/embed/AbCdEfGhIjK" title="Demo">'
        "</iframe>\n\n## Instructions\n\n- Hold.\n"
    )
    record = _record(markdown)
    assert record["videos"] == [
        {"url": "https://www.youtube.com/embed/AbCdEfGhIjK", "title": "Demo"}
    ]
    assert record["extra_sections"] == []


def test_a_converter_wrapped_link_and_hyphenated_words() -> None:
    markdown = (
        "# Plank\n\n## Description\n\nTrains the core (see the [core-\nstability guide](/g))"
        " and the ischio-\njambiers, pre-\nand post-workout.\n"
    )
    assert _record(markdown)["description"] == (
        "Trains the core (see the core-stability guide) and the ischio-jambiers, pre- and"
        " post-workout."
    )


# --- sniffing -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "content_type", "expected"),
    [
        (BODY, None, "markdown"),
        (BODY, "text/plain", "markdown"),  # reader services serve markdown as text/plain
        ("Plank\n\nInstructions\n\n- Hold.\n", None, "text"),
        ("Plank\n\nInstructions\n\n- Hold.\n", "text/markdown", "markdown"),
        (f"Title: Plank\n\nURL Source: {URL}\n\nMarkdown Content:\nPlank\n", None, "markdown"),
        ("# Plank\n\n<div class='x'>\n\n## Instructions\n\n- [a](/a)\n</div>\n", None, "markdown"),
        ("<!DOCTYPE html><html><body><h1># Plank</h1>\n## x</body></html>", None, "html"),
        ("<div><h1>Plank</h1><p>Hold.</p></div>", None, "html"),
        # An HTML fragment holding a few markdown-looking lines is still HTML...
        ("<div>\n<h1>Plank</h1>\n<p>**Hold**</p>\n----\n<ul><li>a</li></ul></div>", None, "html"),
        # ... and markdown a converter opened with a <div> is markdown.
        ("<div class='media'>\n\n# Plank\n\n## Steps\n\n- [a](/a)\n- [b](/b)\n", None, "markdown"),
        (BODY, "text/html", "html"),
        (
            "Plank [1]\n\nInstructions\n\n* Hold.\n\nReferences\n\n 1. https://x.org/\n",
            None,
            "text",
        ),
    ],
)
def test_page_format(text: str, content_type: str | None, expected: str) -> None:
    assert page_format(text, content_type) == expected


def test_reference_style_linked_images() -> None:
    """html2text's reference links: a linked logo "[![Home][1]][2]" is chrome; a linked
    thumbnail names its video."""
    markdown = (
        "[![Home][1]][2]\n\n# Plank\n\n## Videos\n\n[![Plank demo][3]0:48][4]\n\n"
        "## Instructions\n\n- Hold.\n\n"
        "   [1]: /static/logo.svg\n   [2]: /en\n   [3]: /thumbs/plank.jpg\n"
        "   [4]: https://vimeo.com/123456789\n"
    )
    record = _record(markdown, url=URL)
    assert record["videos"] == [{"url": "https://vimeo.com/123456789", "title": "Plank demo"}]
    assert record["extra_sections"] == []
    assert record["images"] == []
