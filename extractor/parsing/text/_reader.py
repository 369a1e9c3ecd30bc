"""Plain-text front end: a text rendering of a page -> ``PageContent``.

Text has no markup, so structure comes from line shapes: the first line is the
title, a line from the heading vocabulary is a section heading, a short
unpunctuated line followed by bullets (or, set apart, by prose) is a heading of
its own, bullet and numbered lines are items, tab-separated rows are table
entries, blank lines separate paragraphs, and hard-wrapped lines are joined back
into one paragraph. Site chrome of a whole-page copy is dropped first
(``_chrome``); after reading, one-line FAQ pairs are split (``_faq``)
and the phases of the Instructions nested (``_outline``). Meaning (sections,
FAQ pairs) is left to the assembler.

A markdown copy (``markdown=True``) is read whole first (``_document``: header block,
references, HTML fragments); then its marks decide more than shapes do: the header's
title or the first level-1 heading is the title, a paragraph runs to a blank line, links
resolve against the page's address, images fill ``PageContent.images`` and an embedded
player is a video. A paragraph of steps numbered inline, hard-wrapped or not, is kept whole
for the assembler to split (``.._steps``).
"""

from __future__ import annotations

import re
from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import Final
from urllib.parse import urljoin

from ..._models import Image, Video
from .._blocks import Block, Kind, Link, PageContent
from .._cleaning import clean_text
from .._steps import split_inline_steps
from .._titles import strip_site_suffix
from .._urls import parse_exercise_url
from ..vocabulary import LIST_SECTIONS, canonical_section, is_placeholder
from ._chrome import drop_site_chrome
from ._document import MarkdownDocument, read_markdown_document
from ._faq import split_inline_answers
from ._lines import Line, is_link_only, lynx_references, split_lines
from ._markdown import join_wrapped
from ._outline import nest_subheadings
from ._table import read_table

__all__ = ["read_text"]

_URL: Final = re.compile(r"https?://[^\s<>\"']+", re.IGNORECASE)
_URL_TRAILING: Final = ".,;:!?)]}>\"'"
_LINK_TEXT_TRIM: Final = " \t-–—:|·•()[]<>"
# "Instructions: lie down..." - a vocabulary heading and its first line of content on one line.
_INLINE_HEADING: Final = re.compile(r"^(?P<heading>[^:：]{2,40})\s*[:：]\s+(?P<rest>\S.*)$")

_HEADING_MAX_CHARS: Final = 80
_HEADING_MAX_WORDS: Final = 10
# A heading over prose ("Variations" then a paragraph) is shorter than that: a title.
_PROSE_HEADING_MAX_CHARS: Final = 50
_PROSE_HEADING_MAX_WORDS: Final = 6
_SENTENCE_END: Final = (".", "!", "?", ";", ",", "…")
# A title ends with a word, not with punctuation or a dash (a line cut mid-sentence).
_HEADING_NEVER_ENDS: Final = (*_SENTENCE_END, ":", "：", "-", "–", "—")
_PROSE_END: Final = (".", "!", "…", ".)", ".”", '."')
# Lines longer than this were not hard-wrapped by anyone: no wrap width is inferred from them.
_MAX_WRAP_WIDTH: Final = 160
_MIN_WRAP_WIDTH: Final = 40


@dataclass(slots=True)
class _Reading:
    """What reading the page so far tells about the next line."""

    following: dict[int, Line | None]
    title: Line | None
    blocks: list[Block] = field(default_factory=list)
    shapes: dict[int, Hashable] = field(default_factory=dict)
    """The shape of each heading inferred from a line, by ``id`` of its block."""
    in_faq: bool = False
    """Since the last section heading: under a FAQ heading, or after a question line."""
    section: str | None = None
    """The canonical section being read (None before the first one, or in an extra one)."""
    markdown: bool = False
    """A markdown copy: a paragraph's lines run to a blank line or a hard break."""

    def heading(self, line: Line, text: str) -> Block:
        block = Block(Kind.HEADING, text, level=line.level or 7, links=line.links)
        self.shapes[id(block)] = _shape(line)
        return block


def read_text(text: str, *, markdown: bool = False, base_url: str | None = None) -> PageContent:
    """Read a plain-text or markdown page into blocks (title, headings, items, paragraphs,
    placeholders). A markdown copy's header block names the page (its title, its address)
    and its images are the record's (``_document``, ``_markdown``)."""
    document = read_markdown_document(text) if markdown else MarkdownDocument(text)
    base_url = base_url or document.url
    if markdown:
        lines = split_lines(document.text, markdown=True)
        if base_url:
            _absolute_links(lines, base_url)
    else:
        text, references = lynx_references(text)
        lines = split_lines(text, references)
    had_text = [bool(line.text) for line in lines]
    drop_site_chrome(lines, markdown=markdown)
    images = _images(lines, had_text, base_url) if markdown else []
    title = _markdown_title(lines, document, base_url) if markdown else _title_line(lines)
    if markdown and title is not None:
        _drop_menu_headings(lines, title)
    reading = _Reading(following=_next_content_lines(lines), title=title, markdown=markdown)
    for chunk in _chunks(lines):
        _read_chunk(chunk, reading)
    blocks = nest_subheadings(split_inline_answers(reading.blocks), reading.shapes)
    # The addresses written out in the text and those of its links (a lynx dump's
    # References, Markdown targets): a listing page's links to exercises are of either kind.
    urls = {url for line in lines for url in _urls_in(line.text)}
    urls.update(link.url for line in lines for link in line.links)
    return PageContent(
        blocks=blocks,
        title_hint=document.title,
        canonical_url=document.url,
        images=images,
        exercise_link_count=sum(1 for url in urls if _is_exercise_url(url)),
        is_html=False,
    )


def _markdown_title(
    lines: list[Line], document: MarkdownDocument, base_url: str | None
) -> Line | None:
    """A markdown copy's title line: the line repeating the header's title (its site name
    left out), else its first level-1 heading before any section, else its first line;
    when none names the page and the header does, a heading of that title is added."""
    first_section = next(
        (index for index, line in enumerate(lines) if line.text and _opens_section(line)),
        len(lines),
    )
    name = strip_site_suffix(clean_text(document.title), base_url) if document.title else ""
    keys = {key.casefold() for key in (name, document.title) if key}
    candidates = [line for line in lines[:first_section] if line.text]
    for line in candidates:
        if line.text.casefold() in keys:
            line.level = 1
            return line
    for line in candidates:
        if line.level == 1:
            return line
    default = _title_line(lines)
    if default is not None or not name:
        return default
    # The header names a page whose copy has no title line (a reader service dropped it).
    index = next((index for index, line in enumerate(lines) if line.text), len(lines))
    title = Line(name, name, False, name, level=1)
    lines[index:index] = [title, Line("", "", False, "")]
    return title


def _drop_menu_headings(lines: list[Line], title: Line) -> None:
    """Headings above the title over nothing but links ("## Main navigation" over a menu,
    "## Breadcrumb" over its crumbs), or over nothing left: a menu and its label, chrome."""
    run: list[Line] = []  # a heading above the title and the lines under it so far
    for line in lines:
        if line is title or line.level:
            if run and all(is_link_only(under) for under in run[1:]):
                for chrome in run:
                    chrome.text = ""
            if line is title:
                return
            run = [line]
        elif run and line.text:
            run.append(line)


def _absolute_links(lines: list[Line], base_url: str) -> None:
    """Link targets against the page's address, as the HTML front end resolves anchors."""
    for line in lines:
        if line.links:
            line.links = tuple(
                Link(url=_resolve(base_url, link.url), text=link.text) for link in line.links
            )


def _resolve(base_url: str, url: str) -> str:
    try:
        return urljoin(base_url, url)
    except ValueError:  # "http://[..." is not a URL at all
        return url


def _opens_section(line: Line) -> bool:
    return not line.is_bullet and canonical_section(line.text) is not None


def _images(lines: list[Line], had_text: list[bool], base_url: str | None) -> list[Image]:
    """The images between the chrome above the title and the chrome after the content
    (a linked logo, an icon or a card image are chrome wherever they are)."""
    content = [index for index, line in enumerate(lines) if line.text]
    if not content:
        return []
    start = next(
        (i + 1 for i in range(content[0] - 1, -1, -1) if i < len(had_text) and had_text[i]), 0
    )
    end = next(
        (i for i in range(content[-1] + 1, len(lines)) if i < len(had_text) and had_text[i]),
        len(lines),
    )
    images: list[Image] = []
    seen: set[str] = set()
    for line in lines[start:end]:
        for image in line.images:
            url = _resolve(base_url, image.url) if base_url else image.url
            if image.chrome or image.video or url in seen:
                continue
            seen.add(url)
            images.append(Image(url=url, alt=image.alt or None))
    return images


def read_text_links(text: str) -> list[str]:
    """Every address a text page links to, in order, without duplicates: URLs written out,
    Markdown link targets and a lynx dump's References (what ``read_text`` counts)."""
    text, references = lynx_references(text)
    found: dict[str, None] = {}
    for line in split_lines(text, references):
        for url in [*_urls_in(line.text), *(link.url for link in line.links)]:
            found.setdefault(url, None)
    return list(found)


def _shape(line: Line) -> Hashable:
    """How a heading line looks: indentation, Markdown mark, trailing colon, capitals."""
    text = line.text
    indent = len(line.raw) - len(line.raw.lstrip())
    return (indent, line.level, text.endswith((":", "：")), text.isupper())


def _next_content_lines(lines: list[Line]) -> dict[int, Line | None]:
    """For each line (by id), the next non-blank line of the page, blank lines skipped."""
    result: dict[int, Line | None] = {}
    upcoming: Line | None = None
    for line in reversed(lines):
        result[id(line)] = upcoming
        if line.text:
            upcoming = line
    return result


def _title_line(lines: list[Line]) -> Line | None:
    """The first line with content is the title, unless it is a section heading or a bullet."""
    for line in lines:
        if not line.text or is_placeholder(line.text) or is_link_only(line):
            continue  # links above the title are the site's navigation
        if line.is_bullet or canonical_section(line.text) is not None or len(line.text) > 200:
            return None
        return line
    return None


def _chunks(lines: list[Line]) -> list[list[Line]]:
    """Runs of non-blank lines (the feedback line counts as blank: it is site chrome)."""
    chunks: list[list[Line]] = []
    current: list[Line] = []
    for line in lines:
        if not line.text:
            if current:
                chunks.append(current)
            current = []
            if any(image.video for image in line.images):
                chunks.append([line])  # an embedded player: a block of its own
        else:
            current.append(line)
    if current:
        chunks.append(current)
    return chunks


def _read_chunk(chunk: list[Line], reading: _Reading) -> None:
    blocks = reading.blocks
    start = len(blocks)  # a wrapped bullet continues an item of this chunk only
    paragraph: list[Line] = []
    width = _wrap_width(chunk)
    tables = _tables(chunk)

    def flush() -> None:
        if paragraph:
            block = _paragraph_block(paragraph, markdown=reading.markdown)
            blocks.append(block)
            reading.in_faq = reading.in_faq or block.text.endswith(("?", "？"))
            paragraph.clear()

    def section_heading(block: Block) -> None:
        blocks.append(block)
        canonical = canonical_section(block.text)
        reading.in_faq = canonical == "faq"
        reading.section = canonical

    if _is_prose_steps(chunk, reading):
        text = " ".join(line.text for line in chunk)  # a hard-wrapped "Step 1 ... Step 2 ..."
        blocks.append(Block(Kind.PARAGRAPH, text, links=tuple(_paragraph_links(chunk, text))))
        return
    for position, line in enumerate(chunk):
        if not line.text:
            blocks.extend(
                Block(Kind.VIDEO, video=Video(url=image.url, title=image.alt or None))
                for image in line.images
                if image.video
            )
        elif line is reading.title:
            flush()
            blocks.append(Block(Kind.HEADING, line.text, level=1, links=_line_links(line)))
        elif id(line) in tables:
            flush()
            entry = tables[id(line)]
            if entry is not None:
                blocks.append(Block(Kind.ITEM, entry, links=_line_links(line)))
        elif is_placeholder(line.text):
            flush()
            blocks.append(Block(Kind.PLACEHOLDER, line.text))
        elif line.level and not line.is_bullet:
            flush()  # a Markdown heading or bold-only line
            section_heading(reading.heading(line, line.text))
        elif canonical_section(line.text) is not None and not (line.is_bullet and line.links):
            # (a linked bullet naming a section, "* [Programs](/en/programs)", is a menu entry)
            flush()
            section_heading(reading.heading(line, line.text))
        elif (inline := _inline_heading(line)) is not None:
            flush()
            section_heading(inline[0])
            blocks.append(inline[1])
        elif line.is_bullet and split_inline_steps(line.text) is not None:
            flush()  # "1) Lie down. 2) Lift...": steps as prose, split where steps are read
            blocks.append(Block(Kind.PARAGRAPH, line.text, links=_line_links(line)))
        elif line.is_bullet:
            flush()
            blocks.append(_item_block(line))
        elif (
            len(blocks) > start
            and blocks[-1].kind is Kind.ITEM
            and not paragraph
            and (_continues_item(line) or (reading.markdown and _lazy_item_line(blocks[-1], line)))
        ):
            blocks[-1] = _item_block(line, previous=blocks[-1])
        elif (
            reading.markdown
            and paragraph
            and not paragraph[-1].text.endswith(_SENTENCE_END)
            and _continues_markdown(paragraph[-1], line, reading)
        ):
            paragraph.append(line)  # a converter's wrapped line, never a heading of its own
        elif not is_link_only(line) and (
            _is_heading_line(line, reading.following[id(line)])
            or (position == 0 and _is_prose_heading(line, reading))
        ):
            flush()
            blocks.append(reading.heading(line, line.text))
            reading.section = None  # a heading outside the vocabulary: an extra section
        elif paragraph and (
            _continues_markdown(paragraph[-1], line, reading)
            if reading.markdown
            else _continues_paragraph(
                paragraph[-1].text, line.text, width, in_list=reading.section in LIST_SECTIONS
            )
        ):
            paragraph.append(line)
        else:
            flush()
            paragraph.append(line)
    flush()


def _is_prose_steps(chunk: list[Line], reading: _Reading) -> bool:
    """A paragraph of steps numbered inline and hard-wrapped ("Step 1: Stand under the bar
    and set it on your upper" / "back. Step 2: Lift it..."): a run of inline steps longer
    than the lines that open with a marker, no line of it a heading, a title or a table."""
    if len(chunk) < 2 or any(
        line is reading.title
        or line.level
        or line.cells
        or canonical_section(line.text) is not None
        or _inline_heading(line) is not None
        for line in chunk
    ):
        return False
    steps = split_inline_steps(" ".join(line.text for line in chunk))
    return steps is not None and sum(1 for line in chunk if line.is_bullet) < len(steps)


def _paragraph_links(chunk: list[Line], text: str) -> list[Link]:
    return [link for line in chunk for link in line.links] + list(_links(text))


def _tables(chunk: list[Line]) -> dict[int, str | None]:
    """Each table row of the chunk (by id) -> its entry, or None for a header row. A table
    is a run of lines with the same number of tab-separated cells."""
    result: dict[int, str | None] = {}
    runs: list[list[Line]] = []
    for line in chunk:
        cells = [] if line.is_bullet else line.cells
        if not cells:
            runs.append([])
        elif runs and runs[-1] and len(runs[-1][0].cells) == len(cells):
            runs[-1].append(line)
        else:
            runs.append([line])
    for run in runs:
        entries = read_table([row.cells for row in run]) if run else None
        if entries is None:
            continue
        header = len(run) - len(entries)
        result.update((id(row), None) for row in run[:header])
        result.update((id(row), entry) for row, entry in zip(run[header:], entries, strict=True))
    return result


def _inline_heading(line: Line) -> tuple[Block, Block] | None:
    """ "Description: text..." -> a heading block and the text as a paragraph."""
    if line.is_bullet:
        return None
    match = _INLINE_HEADING.match(line.text)
    if match is None or canonical_section(match.group("heading")) is None:
        return None
    rest = match.group("rest")
    return (
        Block(Kind.HEADING, match.group("heading").strip(), level=7),
        Block(Kind.PARAGRAPH, rest, links=_links(rest)),
    )


def _item_block(line: Line, previous: Block | None = None) -> Block:
    if previous is None:
        return Block(Kind.ITEM, line.bullet_text, links=line.links + _links(line.bullet_text))
    text = f"{previous.text} {line.text}"
    return Block(Kind.ITEM, text, links=previous.links + _line_links(line))


def _line_links(line: Line) -> tuple[Link, ...]:
    """The line's Markdown links, then the URLs written out in it."""
    return line.links + _links(line.text)


def _lazy_item_line(item: Block, line: Line) -> bool:
    """A markdown list item's lazy continuation (CommonMark §5.2): a converter wrapped the
    item and did not indent the rest ("...and lift your tailbone" / "(cow)."); not a new
    sentence after a finished one."""
    return not (item.text.endswith(_PROSE_END) and line.text[:1].isupper())


def _continues_item(line: Line) -> bool:
    """A wrapped bullet: the next line is indented or starts in lower case."""
    return line.raw[:1] in (" ", "\t") or line.text[:1].islower()


def _paragraph_block(lines: list[Line], *, markdown: bool = False) -> Block:
    if markdown and len(lines) > 1:
        text = lines[0].text
        for line in lines[1:]:
            text = join_wrapped(text, line.text)
    else:
        text = " ".join(line.text for line in lines)
    markdown_links = tuple(link for line in lines for link in line.links)
    return Block(Kind.PARAGRAPH, text, links=markdown_links + _links(text))


def _is_heading_line(line: Line, next_line: Line | None) -> bool:
    """A short line without sentence punctuation that introduces bullets or a table, ends
    with a colon, or is written in capitals."""
    text = line.text
    if len(text) > _HEADING_MAX_CHARS or len(text.split()) > _HEADING_MAX_WORDS:
        return False
    if text.endswith(_SENTENCE_END) or _URL.search(text):
        return False
    if text.endswith((":", "：")):
        return True
    if next_line is not None and (next_line.is_bullet or next_line.cells):
        return True  # a title over a list or a table
    letters = [char for char in text if char.isalpha()]
    return len(letters) >= 2 and text.isupper() and len(text.split()) <= 6


def _is_prose_heading(line: Line, reading: _Reading) -> bool:
    """A title over a paragraph: "Variations" set apart above "Hold the bell by the horns
    for a narrower grip." A short capitalised line without punctuation opening its
    paragraph, followed by a prose sentence - and neither the first line under a heading
    (the first short sentence of a description, or a tagline under the title), nor a line
    in the FAQ (a short answer, "Yes", or an answer's second paragraph), nor a line among
    the unbulleted steps of a list section (a step without its full stop, "Return slowly")."""
    text = line.text
    next_line = reading.following[id(line)]
    previous = reading.blocks[-1] if reading.blocks else None
    if (
        next_line is None
        or previous is None
        or previous.kind not in (Kind.ITEM, Kind.PARAGRAPH)
        or reading.in_faq
        or (reading.section in LIST_SECTIONS and previous.kind is not Kind.ITEM)
    ):
        return False
    if (
        len(text) > _PROSE_HEADING_MAX_CHARS
        or len(text.split()) > _PROSE_HEADING_MAX_WORDS
        or text.endswith(_HEADING_NEVER_ENDS)
        or _URL.search(text)
        or not text[:1].isupper()
    ):
        return False
    following = next_line.text
    return (
        not next_line.is_bullet
        and following[:1].isupper()
        and following.endswith(_PROSE_END)
        and len(following) > len(text)
        and canonical_section(following) is None
    )


def _wrap_width(chunk: list[Line]) -> int:
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


def _continues_markdown(previous: Line, line: Line, reading: _Reading) -> bool:
    """A markdown paragraph's lines run to a blank line (CommonMark §4.8), except after a
    question (FAQ questions sit on their own line) and, under a list heading, from a sentence
    ending a line to a capital opening the next (steps a converter left unbulleted). Trailing
    spaces (CommonMark's hard break) are not read: copies carry them by accident as often."""
    if previous.text.endswith(("?", "？")):
        return False
    return not (
        reading.section in LIST_SECTIONS
        and previous.text.endswith(_PROSE_END)
        and line.text[:1].isupper()
    )


def _continues_paragraph(previous: str, line: str, width: int, *, in_list: bool = False) -> bool:
    """Whether ``line`` is the continuation of a hard-wrapped ``previous`` line.

    A question line is a block of its own (FAQ questions sit on their own line). A
    sentence does not start in lower case, so such a line continues; otherwise the
    line was wrapped when its first word would not have fitted on the previous one -
    except under a list heading, where a sentence ending a line and a capital opening
    the next are two steps (a browser copies a ``<ul>`` one item a line, without glyphs:
    steps of about the same length look hard-wrapped).
    """
    if previous.endswith(("?", "？")):
        return False
    if line[:1].islower():
        return True
    if in_list and previous.endswith(_PROSE_END) and line[:1].isupper():
        return False
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
