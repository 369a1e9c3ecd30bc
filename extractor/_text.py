"""Plain-text front end: a text rendering of a page -> ``PageContent``.

Text has no markup, so structure comes from line shapes: the first line is the
title, a line from the heading vocabulary is a section heading, a short
unpunctuated line followed by bullets is a heading of its own, bullet and
numbered lines are items, blank lines separate paragraphs, and hard-wrapped
lines are joined back into one paragraph. Meaning (sections, FAQ pairs) is left
to the assembler.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from ._blocks import Block, Kind, Link, PageContent
from ._cleaning import clean_text, split_bullet
from ._markdown import read_markdown_line
from ._urls import parse_exercise_url
from ._vocabulary import canonical_section, is_feedback_line, is_placeholder

__all__ = ["read_text"]

_NEWLINES: Final = re.compile(r"\r\n?|[\u2028\u2029\x85\x0b\x0c]")
_URL: Final = re.compile(r"https?://[^\s<>\"']+", re.IGNORECASE)
_URL_TRAILING: Final = ".,;:!?)]}>\"'"
_LINK_TEXT_TRIM: Final = " \t-–—:|·•()[]<>"
# "Instructions: lie down..." - a vocabulary heading and its first line of content on one line.
_INLINE_HEADING: Final = re.compile(r"^(?P<heading>[^:：]{2,40})\s*[:：]\s+(?P<rest>\S.*)$")

# "Home > Exercises > Plank", "Accueil › Exercices › Gainage", "Start / Übungen / Plank".
_BREADCRUMB_SEPARATORS: Final = (" > ", " › ", " » ", " / ", " → ", " | ")
_ARROW_SEPARATORS: Final = frozenset(">›»→")
_BREADCRUMB_MIN_PARTS: Final = 3
_BREADCRUMB_MAX_PART_CHARS: Final = 40
_HEADING_MAX_CHARS: Final = 80
_HEADING_MAX_WORDS: Final = 10
_SENTENCE_END: Final = (".", "!", "?", ";", ",", "…")
# Lines longer than this were not hard-wrapped by anyone: no wrap width is inferred from them.
_MAX_WRAP_WIDTH: Final = 160
_MIN_WRAP_WIDTH: Final = 40


@dataclass(slots=True)
class _Line:
    raw: str
    text: str
    is_bullet: bool
    bullet_text: str
    level: int = 0
    """Heading level from Markdown marks ("## Instructions": 2, "**Equipment**": 7), else 0."""
    links: tuple[Link, ...] = ()
    """Markdown links of the line ("[Tell us!](https://...)"), their targets out of the text."""


def read_text(text: str) -> PageContent:
    """Read a plain-text page into blocks (title, headings, items, paragraphs, placeholders)."""
    text, references = _lynx_references(text)
    lines = _split_lines(text, references)
    _drop_leading_breadcrumb(lines)
    following = _next_content_lines(lines)
    title = _title_line(lines)
    blocks: list[Block] = []
    for chunk in _chunks(lines):
        blocks.extend(_read_chunk(chunk, following=following, title=title))
    urls = [url for line in lines for url in _urls_in(line.text)]
    return PageContent(
        blocks=blocks,
        exercise_link_count=sum(1 for url in urls if _is_exercise_url(url)),
        is_html=False,
    )


# lynx -dump: "[12]Programs" in the text, the addresses in a "References" list at the end.
_LYNX_HEADING: Final = re.compile(r"^[ \t]*(?:References|Visible links:?)[ \t]*$", re.MULTILINE)
_LYNX_REFERENCE: Final = re.compile(r"^\s*(\d{1,5})\.\s+(\S+)\s*$")
_LYNX_HIDDEN: Final = re.compile(r"^\s*Hidden links:?\s*$")
_LYNX_MARKER: Final = re.compile(r"\[(\d{1,5})\]")
_LYNX_LINK_TRIM: Final = " .,;:!?"


def _lynx_references(text: str) -> tuple[str, dict[str, str]]:
    """A lynx dump's text without its trailing "References" list, and that list (number ->
    address). Any other text is returned unchanged with no references."""
    if "[1]" not in text:
        return text, {}
    # CRLF or CR dumps: the heading pattern's "$" matches only before "\n".
    text = _NEWLINES.sub("\n", text)
    headings = list(_LYNX_HEADING.finditer(text))
    if not headings:
        return text, {}
    references: dict[str, str] = {}
    heading = headings[-1]  # the last one: the list closes the dump
    for line in text[heading.end() :].split("\n"):
        reference = _LYNX_REFERENCE.match(line)
        if reference is not None:
            references.setdefault(reference.group(1), reference.group(2))
        elif line.strip() and not _LYNX_HIDDEN.match(line):
            return text, {}  # text after the list: not a lynx reference list
    return (text[: heading.start()], references) if references else (text, {})


def _lynx_links(text: str, references: dict[str, str]) -> tuple[str, tuple[Link, ...]]:
    """ "See the [5]plank." -> ("See the plank.", Link(<5>, "plank")): each marker's link
    text runs to the next marker or the end of the line (lynx does not mark its end)."""
    parts = _LYNX_MARKER.split(text)
    kept = [parts[0]]
    links = []
    for index in range(1, len(parts), 2):
        number, segment = parts[index], parts[index + 1]
        url = references.get(number)
        if url is None:
            kept.append(f"[{number}]{segment}")
            continue
        kept.append(segment)
        links.append(Link(url=url, text=segment.strip(_LYNX_LINK_TRIM)))
    return clean_text("".join(kept)), tuple(links)


def _split_lines(text: str, references: dict[str, str] | None = None) -> list[_Line]:
    result = []
    for raw in _NEWLINES.sub("\n", text).split("\n"):
        markdown = read_markdown_line(clean_text(raw))
        cleaned = markdown.text
        links = markdown.links
        if references and "[" in cleaned:
            cleaned, lynx = _lynx_links(cleaned, references)
            links += lynx
        is_bullet, bullet_text = split_bullet(cleaned)
        if is_bullet and not bullet_text[:1].isdigit():
            # "• • Kneel...": a copied list marker before the item's own typed glyph.
            again, inner = split_bullet(bullet_text)
            bullet_text = inner if again and inner else bullet_text
        content = bool(cleaned) and not is_feedback_line(cleaned)
        result.append(
            _Line(
                raw,
                cleaned if content else "",
                is_bullet and bool(bullet_text),
                bullet_text,
                level=markdown.level,
                links=links,
            )
        )
    return result


def _drop_leading_breadcrumb(lines: list[_Line]) -> None:
    """Blank a breadcrumb trail ("Home > Exercises > Plank") heading the page: a copied
    page starts with it, and it is site navigation, not the title. Menu rows before it
    (w3m renders a nav bar as "FitMetrics  Programs  Videos  Log in") go too."""
    content = [line for line in lines if line.text][: _MENU_ROWS_MAX + 2]
    while content and _is_menu_row(content[0]) and len(content) > 1:
        content.pop(0).text = ""
    if content and _is_breadcrumb(content[0].text, content[1].text if len(content) > 1 else ""):
        content[0].text = ""  # only the first line with content can be the trail


_MENU_ROWS_MAX: Final = 2
_MENU_GAP: Final = re.compile(r"\s{2,}|\t")
_MENU_ITEM_MAX_CHARS: Final = 30


def _is_menu_row(line: _Line) -> bool:
    """Three or more short labels apart by wide gaps, one naming a section ("Programs"):
    the links of a navigation bar laid out on one line."""
    parts = _MENU_GAP.split(line.raw.strip())
    return (
        len(parts) >= 3
        and all(0 < len(part) <= _MENU_ITEM_MAX_CHARS for part in parts)
        and any(canonical_section(part) is not None for part in parts)
    )


def _is_breadcrumb(text: str, next_text: str) -> bool:
    """Three or more short crumbs joined by an arrow-like separator; joined by "/" or "|"
    (which titles use too: "Push-up / Press-up / Pompe") only when the last crumb is the
    next line, the page's own title."""
    for separator in _BREADCRUMB_SEPARATORS:
        parts = [part.strip() for part in text.split(separator)]
        if len(parts) < _BREADCRUMB_MIN_PARTS or not all(
            0 < len(part) <= _BREADCRUMB_MAX_PART_CHARS for part in parts
        ):
            continue
        if separator.strip() in _ARROW_SEPARATORS or parts[-1].casefold() == next_text.casefold():
            return True
    return False


def _next_content_lines(lines: list[_Line]) -> dict[int, _Line | None]:
    """For each line (by id), the next non-blank line of the page, blank lines skipped."""
    result: dict[int, _Line | None] = {}
    upcoming: _Line | None = None
    for line in reversed(lines):
        result[id(line)] = upcoming
        if line.text:
            upcoming = line
    return result


def _title_line(lines: list[_Line]) -> _Line | None:
    """The first line with content is the title, unless it is a section heading or a bullet."""
    for line in lines:
        if not line.text or is_placeholder(line.text) or _is_link_only(line):
            continue  # links above the title are the site's navigation
        if line.is_bullet or canonical_section(line.text) is not None or len(line.text) > 200:
            return None
        return line
    return None


def _is_link_only(line: _Line) -> bool:
    """A line whose words are all link text ("[2]FitMetrics", "* [Programs](/programs)")."""
    if not line.links:
        return False
    rest = line.bullet_text if line.is_bullet else line.text
    for link in line.links:
        rest = rest.replace(link.text, " ", 1) if link.text else rest
    return not any(char.isalnum() for char in rest)


def _chunks(lines: list[_Line]) -> list[list[_Line]]:
    """Runs of non-blank lines (the feedback line counts as blank: it is site chrome)."""
    chunks: list[list[_Line]] = []
    current: list[_Line] = []
    for line in lines:
        if not line.text:
            if current:
                chunks.append(current)
            current = []
        else:
            current.append(line)
    if current:
        chunks.append(current)
    return chunks


def _read_chunk(
    chunk: list[_Line], *, following: dict[int, _Line | None], title: _Line | None
) -> list[Block]:
    blocks: list[Block] = []
    paragraph: list[_Line] = []
    width = _wrap_width(chunk)

    def flush() -> None:
        if paragraph:
            blocks.append(_paragraph_block(paragraph))
            paragraph.clear()

    for line in chunk:
        if line is title:
            flush()
            blocks.append(Block(Kind.HEADING, line.text, level=1, links=_line_links(line)))
        elif is_placeholder(line.text):
            flush()
            blocks.append(Block(Kind.PLACEHOLDER, line.text))
        elif line.level and not line.is_bullet:
            flush()  # a Markdown heading or bold-only line
            blocks.append(Block(Kind.HEADING, line.text, level=line.level, links=line.links))
        elif canonical_section(line.text) is not None and not (line.is_bullet and line.links):
            # (a linked bullet naming a section, "* [Programs](/en/programs)", is a menu entry)
            flush()
            blocks.append(Block(Kind.HEADING, line.text, level=7))
        elif (inline := _inline_heading(line)) is not None:
            flush()
            blocks.extend(inline)
        elif line.is_bullet:
            flush()
            blocks.append(_item_block(line))
        elif blocks and blocks[-1].kind is Kind.ITEM and not paragraph and _continues_item(line):
            blocks[-1] = _item_block(line, previous=blocks[-1])
        elif _is_heading_line(line, following[id(line)]) and not _is_link_only(line):
            flush()
            blocks.append(Block(Kind.HEADING, line.text, level=7))
        elif paragraph and _continues_paragraph(paragraph[-1].text, line.text, width):
            paragraph.append(line)
        else:
            flush()
            paragraph.append(line)
    flush()
    return blocks


def _inline_heading(line: _Line) -> list[Block] | None:
    """ "Description: text..." -> a heading block and the text as a paragraph."""
    if line.is_bullet:
        return None
    match = _INLINE_HEADING.match(line.text)
    if match is None or canonical_section(match.group("heading")) is None:
        return None
    rest = match.group("rest")
    return [
        Block(Kind.HEADING, match.group("heading").strip(), level=7),
        Block(Kind.PARAGRAPH, rest, links=_links(rest)),
    ]


def _item_block(line: _Line, previous: Block | None = None) -> Block:
    if previous is None:
        return Block(Kind.ITEM, line.bullet_text, links=line.links + _links(line.bullet_text))
    text = f"{previous.text} {line.text}"
    return Block(Kind.ITEM, text, links=previous.links + _line_links(line))


def _line_links(line: _Line) -> tuple[Link, ...]:
    """The line's Markdown links, then the URLs written out in it."""
    return line.links + _links(line.text)


def _continues_item(line: _Line) -> bool:
    """A wrapped bullet: the next line is indented or starts in lower case."""
    return line.raw[:1] in (" ", "\t") or line.text[:1].islower()


def _paragraph_block(lines: list[_Line]) -> Block:
    text = " ".join(line.text for line in lines)
    markdown_links = tuple(link for line in lines for link in line.links)
    return Block(Kind.PARAGRAPH, text, links=markdown_links + _links(text))


def _is_heading_line(line: _Line, next_line: _Line | None) -> bool:
    """A short line without sentence punctuation that introduces bullets, ends with a
    colon, or is written in capitals."""
    text = line.text
    if len(text) > _HEADING_MAX_CHARS or len(text.split()) > _HEADING_MAX_WORDS:
        return False
    if text.endswith(_SENTENCE_END) or _URL.search(text):
        return False
    if text.endswith((":", "：")):
        return True
    if next_line is not None and next_line.is_bullet:
        return True
    letters = [char for char in text if char.isalpha()]
    return len(letters) >= 2 and text.isupper() and len(text.split()) <= 6


def _wrap_width(chunk: list[_Line]) -> int:
    """The width the chunk's lines were hard-wrapped at, or 0 when they were not.

    Wrapped text has several lines of about the same length (the width); a chunk of
    short lines of varied length (a question, its answer, the next question) is not
    wrapped, and lines longer than anyone wraps at are not either.
    """
    if len(chunk) < 2:
        return 0
    width = max(len(line.text) for line in chunk)
    if not _MIN_WRAP_WIDTH <= width <= _MAX_WRAP_WIDTH:
        return 0
    body = chunk[:-1]  # the last line of a paragraph is as short as it likes
    full = sum(1 for line in body if len(line.text) >= 0.75 * width)
    return width if full >= max(2, (len(body) + 1) // 2) else 0


def _continues_paragraph(previous: str, line: str, width: int) -> bool:
    """Whether ``line`` is the continuation of a hard-wrapped ``previous`` line.

    A question line is a block of its own (FAQ questions sit on their own line). A
    sentence does not start in lower case, so such a line continues; otherwise the
    line was wrapped when its first word would not have fitted on the previous one.
    """
    if previous.endswith(("?", "？")):
        return False
    if line[:1].islower():
        return True
    if not width or line.endswith(("?", "？")):
        return False
    first_word = line.split(" ", 1)[0]
    return len(previous) + 1 + len(first_word) > width


def _is_exercise_url(url: str) -> bool:
    try:
        return parse_exercise_url(url).source_id is not None
    except ValueError:  # "http://[..." is not a URL at all
        return False


def _urls_in(text: str) -> list[str]:
    return [match.group(0).rstrip(_URL_TRAILING) for match in _URL.finditer(text)]


def _links(text: str) -> tuple[Link, ...]:
    """URLs written out in a line; the link text is the rest of the line, if any."""
    urls = _urls_in(text)
    if not urls:
        return ()
    label = _URL.sub(" ", text)
    label = clean_text(label).strip(_LINK_TEXT_TRIM)
    return tuple(Link(url=url, text=label if len(urls) == 1 else "") for url in urls)
