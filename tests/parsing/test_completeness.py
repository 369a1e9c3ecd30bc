"""Completeness: every visible, non-chrome text of a golden page ends up somewhere in its record.

Issue 2 says nothing on the page is silently dropped. This check builds the list of texts a
reader sees *independently of the parser's walker* (a plain lxml walk for HTML, the lines after
the title for text), conservatively: only blocks of at least three words, chrome subtrees
removed by simple structural rules. Each text, normalised, must be contained in the
normalised concatenation of every text field of the record (name, list items, description,
FAQ, video and program titles, extra sections, warnings).

Where a page legitimately drops text, the rule is encoded below in a general way (with the
reason), never as a per-file allow-list.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import lxml.html
import pytest
from fixture_support import declared_content_type

from extractor._models import Exercise
from extractor.parsing._cleaning import clean_text, strip_bullet, strip_decoration
from extractor.parsing._decoding import decode_page, looks_like_html
from extractor.parsing._parse import parse_page
from extractor.parsing._steps import split_inline_steps
from extractor.parsing.vocabulary._match import (
    ATTRIBUTE_LABELS,
    canonical_section,
    is_copyright_line,
    is_feedback_line,
    is_footer_link,
    is_language_name,
    is_placeholder,
    is_video_url,
    mentions_cookies,
    without_answer_label,
    without_question_label,
)

PAGES = Path(__file__).resolve().parents[2] / "fixtures" / "pages"
MIN_WORDS = 3

# Never rendered, or page chrome by its tag (issue 2: nav, aside, dialogs, forms). The text
# inside <video>/<audio>/<object>/<iframe> is fallback content ("Your browser does not support
# the video tag."), shown only by browsers that cannot play the media.
_DROPPED_TAGS = frozenset(
    {"script", "style", "noscript", "template", "head", "nav", "aside", "dialog", "form",
     "svg", "select", "option", "textarea", "menu", "video", "audio", "object", "iframe",
     # AMP's side menu and consent prompt; a table's column labels ("Step | What to do");
     # dates (a post's publication date is page metadata, not exercise content).
     "amp-sidebar", "amp-consent", "thead", "time"}
)  # fmt: skip
_CHROME_ROLES = frozenset(
    {"navigation", "banner", "contentinfo", "dialog", "alertdialog", "search", "menu", "menubar"}
)
# Class/id words that name chrome: banners, overlays, site footers, screen-reader-only text
# (``sr-only`` spans are not visible: "Kettlebell basics<span class=sr-only> (opens the
# program)</span>"), skip links, and teaser cards of *other* exercises ("related-exercises":
# the record is about this exercise; their headings link away).
_CHROME_WORDS = re.compile(
    r"cookie|consent|gdpr|modal|popup|newsletter|breadcrumb|menu|footer|copyright|"
    r"sr-only|visually-hidden|screen-reader|skip-link|skip-to|related|"
    # Consent platforms named by vendor only, shop announcement bars, comment threads,
    # language switchers, app install banners, toast notifications, post metadata (author,
    # date, reading time), call-to-action boxes.
    r"didomi|qc-cmp|iubenda|usercentrics|onetrust|cookiebot|announcement|comment|lang-switch|"
    r"smartbanner|app-banner|toast|article-meta|entry-meta|post-meta|byline|(?:^|[\s_-])cta\b",
    re.IGNORECASE,
)
_SECTIONING = frozenset({"main", "article"})
_BLOCK_TAGS = frozenset(
    {"h1", "h2", "h3", "h4", "h5", "h6", "li", "p", "dt", "dd", "td", "th", "summary",
     "figcaption", "blockquote"}
)  # fmt: skip
# Markup that flows inside a line; anything else (div, p, li, custom elements) starts a block.
_INLINE_TAGS = frozenset(
    {"a", "abbr", "b", "bdi", "bdo", "br", "cite", "code", "data", "del", "dfn", "em", "font",
     "i", "ins", "kbd", "label", "mark", "q", "s", "samp", "small", "span", "strong", "sub",
     "sup", "time", "u", "var", "wbr"}
)  # fmt: skip
_GUARDED = frozenset({"html", "body", "main", "article"})

_URL = re.compile(r"https?://\S+")
_MARKDOWN_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MARKDOWN_MARKS = re.compile(r"(\*\*|__|`)")
_MARKDOWN_HEADING = re.compile(r"^\s*#{1,6}\s+")
_LYNX_REFERENCE = re.compile(r"\[\d+\]")
_TRAILING_COUNT = re.compile(r"\s*\([^)]*\)\s*$")


def _pages() -> list[Path]:
    return sorted(path for path in PAGES.iterdir() if path.suffix in {".html", ".txt", ".bin"})


def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFC", clean_text(text)).casefold()
    return " ".join(strip_decoration(text).split())


# --- what the page shows -------------------------------------------------------------------


def _is_chrome(element: Any, in_sectioning: bool) -> bool:
    tag = element.tag
    if tag in _DROPPED_TAGS:
        return True
    if tag in {"header", "footer"} and not in_sectioning:
        return True  # the page banner / site footer (HTML-AAM), not an article's own header
    if (element.get("role") or "").strip().lower() in _CHROME_ROLES:
        return True
    cues = f"{element.get('class') or ''} {element.get('id') or ''}"
    cues += f" {element.get('data-elementor-type') or ''}"
    return tag not in _GUARDED and _CHROME_WORDS.search(cues) is not None


def _is_other_language_panel(element: Any, root: Any) -> bool:
    """A hidden tab panel whose tab is a language name: the same content in another language
    (the visible panel is the page's language; a translation is not part of this record)."""
    if (element.get("role") or "") != "tabpanel" or element.get("hidden") is None:
        return False
    label_id = element.get("aria-labelledby") or ""
    tabs = root.xpath("//*[@id=$id]", id=label_id) if label_id else []
    return bool(tabs) and is_language_name(tabs[0].text_content().strip())


def _lines_of(element: Any) -> list[str]:
    """The element's text split where the page breaks lines (``<br>``, nested blocks)."""
    copy = lxml.html.fromstring(lxml.html.tostring(element, encoding="unicode"))
    for hidden in [child for child in copy.iterdescendants() if _is_chrome(child, True)]:
        hidden.drop_tree()  # a screen-reader-only span inside a list item
    for br in copy.iter("br"):
        br.tail = "\n" + (br.tail or "")
    return [line for line in copy.text_content().split("\n") if line.strip()]


def _is_media_link_line(element: Any) -> bool:
    """A line made of video links and a connector ("Also: watch on YouTube · Side view"):
    the videos are recorded by URL, so their labels need not appear as text."""
    links = list(element.iter("a"))
    if not links or not all(is_video_url(link.get("href") or "") for link in links):
        return False
    outside = element.text_content()
    for link in links:
        outside = outside.replace(link.text_content(), " ")
    return len(outside.split()) < MIN_WORDS


def _is_leaf(element: Any) -> bool:
    """True when nothing inside starts a new block (only inline markup)."""
    return all(child.tag in _INLINE_TAGS for child in element.iterdescendants())


def _is_link_row(element: Any) -> bool:
    """Two or more links and no text of its own ("Programs Videos Shop", "FitMetrics Log in"):
    a menu row, whatever its class says; an exercise's content is sentences, not link rows."""
    links = list(element.iter("a"))
    if len(links) < 2:
        return False
    outside = element.text_content()
    for link in links:
        outside = outside.replace(link.text_content(), " ")
    return not any(char.isalnum() for char in outside)


def _is_bare_wrapper(element: Any, root: Any, in_sectioning: bool) -> bool:
    """An element whose only content is one child element (``<div><div>...</div></div>``)."""
    if len(element) != 1 or not isinstance(element.tag, str) or element.tag in _INLINE_TAGS:
        return False
    if (element.text or "").strip() or (element[0].tail or "").strip():
        return False
    if _is_chrome(element, in_sectioning) or _is_other_language_panel(element, root):
        return False
    return isinstance(element[0].tag, str) and element[0].tag not in _INLINE_TAGS


def _html_texts(text: str) -> Iterator[str]:
    markup = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)
    # huge_tree: libxml2 otherwise stops at 256 nested elements (a page of 2000 wrapper divs).
    root = lxml.html.document_fromstring(markup, parser=lxml.html.HTMLParser(huge_tree=True))
    yield from _shown(root, root, in_sectioning=False)


def _shown(element: Any, root: Any, *, in_sectioning: bool) -> Iterator[str]:
    """Texts of one element: whole lines for a leaf, else runs of loose text between blocks
    ("<div>Do ten <b>slow</b> reps.<ul>...</ul></div>") and each child block's texts."""
    # Walk down chains of bare wrappers in a loop (a page of 2000 nested divs would otherwise
    # exhaust Python's recursion limit).
    while _is_bare_wrapper(element, root, in_sectioning):
        in_sectioning = in_sectioning or element.tag in _SECTIONING
        element = element[0]
    if not isinstance(element.tag, str) or _is_chrome(element, in_sectioning):
        return
    if _is_other_language_panel(element, root):
        return
    if _is_leaf(element):
        if element.tag == "button" and not element.text_content().strip().endswith("?"):
            return  # a control label; a toggle ending in "?" holds a FAQ question
        if not _is_media_link_line(element) and not _is_link_row(element):
            yield from _lines_of(element)
        return
    inside = in_sectioning or element.tag in _SECTIONING
    run = [element.text or ""]
    for child in element:
        if isinstance(child.tag, str) and child.tag in _INLINE_TAGS and _is_leaf(child):
            if not _is_chrome(child, True):
                run.append(" ".join(_lines_of(child)))
        else:
            yield " ".join(run)
            run = []
            yield from _shown(child, root, in_sectioning=inside)
        run.append(child.tail or "")
    yield " ".join(run)


def _unmarked(line: str) -> str:
    """A text-rendering line without markdown / lynx markup (kept words only)."""
    line = _MARKDOWN_LINK.sub(r"\1", line)
    line = _MARKDOWN_HEADING.sub("", _MARKDOWN_MARKS.sub("", line))
    return _LYNX_REFERENCE.sub("", line)


def _text_lines(text: str, name: str) -> Iterator[str]:
    """Non-empty lines after the title line (before it: menu rows, breadcrumbs, skip links),
    without a copied page's footer and cookie lines, cell by cell for table rows."""
    lines = [_unmarked(line) for line in text.splitlines() if line.strip()]
    titles = [i for i, line in enumerate(lines) if _normalise(line) == _normalise(name)]
    after_title = lines[titles[0] + 1 if titles else 0 :]
    for index, line in enumerate(after_title):
        if _is_site_chrome_line(line) or _is_feedback_half(after_title, index):
            continue
        # A table row of a text rendering: cells apart by a tab or a run of spaces.
        yield from _CELL_GAP.split(line.strip())


# Chrome a whole-page copy carries after the title, told by the shared vocabulary (issue 2:
# no cookie banner or footer text in a field): not content the record should hold.
def _is_site_chrome_line(line: str) -> bool:
    return mentions_cookies(line) or is_copyright_line(line) or is_footer_link(line)


def _is_feedback_half(lines: list[str], index: int) -> bool:
    """One line of a feedback line split over two ("Fehler gefunden?" / "Sag es uns!")."""
    pairs = (lines[index - 1 : index + 1], lines[index : index + 2])
    return any(len(pair) == 2 and is_feedback_line(" ".join(pair)) for pair in pairs)


_CELL_GAP = re.compile(r"\t+|\s{2,}")


def _fragments(text: str) -> Iterator[str]:
    """Meaningful pieces of one shown text: URLs apart, labels and bullets off, chrome out,
    steps numbered inline apart (issue 12: "1) ... 2) ..." is read as its steps, numbering
    removed)."""
    pieces = [piece for part in _URL.split(clean_text(text)) for piece in _steps(part)]
    for piece in pieces:
        piece = without_answer_label(without_question_label(strip_bullet(clean_text(piece))))
        piece = piece.strip(" :·|-")
        if len(piece.split()) < MIN_WORDS or is_placeholder(piece) or is_feedback_line(piece):
            continue
        if is_copyright_line(piece) or all(is_language_name(word) for word in piece.split()):
            continue  # a site footer's notice (in any markup); a language switcher ("EN FR DE")
        if canonical_section(_TRAILING_COUNT.sub("", strip_decoration(piece))) is not None:
            continue  # a section heading: its field holds the section
        yield piece


def _steps(text: str) -> list[str]:
    return split_inline_steps(clean_text(text)) or [text]


# --- what the record holds ------------------------------------------------------------------


def _record_text(record: Exercise) -> str:
    parts = [record.name, record.description or ""]
    parts += record.instructions + record.technical_tips + record.breathing_tips
    parts += record.medical_restrictions + record.warnings
    # Question and answer side by side: "<p><strong>Q?</strong> Answer.</p>" shows them as one.
    parts += [f"{item.question} {item.answer}" for item in record.faq]
    parts += [video.title or "" for video in record.videos]
    parts += [program.name for program in record.programs]
    for section in record.extra_sections:
        parts += [section.title, *section.items]
    parts += _attribute_texts(record)
    return "\n".join(_normalise(part) for part in parts)


# How a page shows an attribute-table row: "Label | value", "Label: a, b", "a · b".
_ROW_SEPARATORS = (", ", " · ", "; ", " ")


def _attribute_texts(record: Exercise) -> list[str]:
    """The attribute table as the page may show it: each label (a typed field's in every
    language: the field holds the row) beside its values in every list form."""
    rows: list[tuple[list[str], list[str]]] = []
    for name, by_language in ATTRIBUTE_LABELS.items():
        value = getattr(record, name)
        values = [value] if isinstance(value, str) else list(value or [])
        if values:
            rows.append(([label for labels in by_language.values() for label in labels], values))
    rows += [([label], values) for label, values in record.attributes.items()]
    texts: list[str] = []
    for labels, values in rows:
        for joined in (separator.join(values) for separator in _ROW_SEPARATORS):
            texts += [joined, *(f"{label}: {joined}" for label in labels)]
            texts += [f"{label} {joined}" for label in labels]
    return texts


def _missing(page: Path) -> list[str]:
    expected = json.loads(page.with_suffix(".json").read_text(encoding="utf-8"))
    content_type = declared_content_type(page)
    raw = page.read_bytes()
    record = parse_page(raw, url=expected["url"], content_type=content_type)
    text = decode_page(raw, content_type).text
    shown = (
        _html_texts(text) if looks_like_html(text, content_type) else _text_lines(text, record.name)
    )
    held = _record_text(record)
    return [
        piece for block in shown for piece in _fragments(block) if _normalise(piece) not in held
    ]


@pytest.mark.parametrize("page", _pages(), ids=lambda path: path.name)
def test_every_shown_text_reaches_the_record(page: Path) -> None:
    assert _missing(page) == []


def test_checker_notices_a_dropped_paragraph() -> None:
    """The check can fail: a record missing a shown paragraph is reported."""
    page = PAGES / "html-glute-bridge-h2-sections.html"
    record = parse_page(page.read_bytes())
    shown = list(_html_texts(page.read_text(encoding="utf-8")))
    assert record.description is not None
    held = _record_text(record.model_copy(update={"description": None}))
    first_paragraph = record.description.split("\n\n")[0]
    assert first_paragraph in shown or any(first_paragraph in block for block in shown)
    assert _normalise(first_paragraph) not in held


def test_checker_notices_a_dropped_text_line() -> None:
    """The text branch can fail too: a record missing a line of a rendering is reported,
    while its footer and cookie lines are not."""
    rendering = (
        "Plank\n\nInstructions\n- Hold a straight line from head to heels.\n\n"
        "Description\nA static hold that trains the whole trunk.\n\n"
        "We use cookies to improve your experience.\n© 2026 Example AG. All rights reserved.\n"
        "Terms of use\n"
    )
    record = parse_page(rendering.encode(), content_type="text/plain")
    held = _record_text(record.model_copy(update={"description": None}))
    shown = [piece for line in _text_lines(rendering, record.name) for piece in _fragments(line)]
    missing = [piece for piece in shown if _normalise(piece) not in held]
    assert missing == ["A static hold that trains the whole trunk."]
