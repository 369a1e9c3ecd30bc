"""Lines of a plain-text page: newlines, lynx link references, Markdown marks and bullets read.

The first step of the text front end (``_reader``): the page is split into lines, each
with its clean text, whether it is a bullet (and its text without the glyph), its
Markdown heading level and its links. A lynx dump's numbered "References" list is
read into the links of the lines that mark them ("[5]plank").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from .._blocks import Link
from .._cleaning import clean_text, split_bullet
from ..vocabulary import is_feedback_line
from ._markdown import MarkdownImage, read_markdown_line

__all__ = ["NEWLINES", "Line", "is_link_only", "lynx_references", "split_lines"]

NEWLINES: Final = re.compile(r"\r\n?|[\u2028\u2029\x85\x0b\x0c]")


@dataclass(slots=True)
class Line:
    """One line of the page; ``text`` is "" for a blank line or one dropped as chrome."""

    raw: str
    text: str
    is_bullet: bool
    bullet_text: str
    level: int = 0
    """Heading level from Markdown marks ("## Instructions": 2, "**Equipment**": 7), else 0."""
    links: tuple[Link, ...] = ()
    """Markdown links of the line ("[Tell us!](https://...)"), their targets out of the text."""
    is_feedback: bool = False
    """The feedback line ("Found errors? Tell us!"), blanked: it is site chrome."""
    columns: tuple[str, ...] = ()
    """The cells of a row of a table laid out with spaces (w3m), set by ``split_lines``."""
    images: tuple[MarkdownImage, ...] = ()
    """Markdown images of the line ("![Psoas smash](/img/psoas.jpg)"), out of its text."""

    @property
    def cells(self) -> list[str]:
        """The tab-separated cells of a table row ("1<TAB>Grip the rope"), or the aligned
        columns of a table laid out with spaces, else [].

        A browser's copy (``innerText``) puts a tab between the cells of a table row;
        tabs that indent a line are not cells."""
        if self.columns:
            return list(self.columns)
        raw = self.raw.strip()
        if "\t" not in raw:
            return []
        cells = [clean_text(cell) for cell in raw.split("\t")]
        cells = [cell for cell in cells if cell]
        return cells if len(cells) >= 2 else []


# lynx -dump: "[12]Programs" in the text, the addresses in a "References" list at the end.
_LYNX_HEADING: Final = re.compile(r"^[ \t]*(?:References|Visible links:?)[ \t]*$", re.MULTILINE)
_LYNX_REFERENCE: Final = re.compile(r"^\s*(\d{1,5})\.\s+(\S+)\s*$")
_LYNX_HIDDEN: Final = re.compile(r"^\s*Hidden links:?\s*$")
_LYNX_MARKER: Final = re.compile(r"\[(\d{1,5})\]")
_LYNX_LINK_TRIM: Final = " .,;:!?"
# w3m's table cells: apart by two or more spaces.
_COLUMN_GAP: Final = re.compile(r" {2,}")
# A cell: words apart by single spaces.
_COLUMN_CELL: Final = re.compile(r"[^ ]+(?: [^ ]+)*")
# A pipe table's delimiter row: "| --- | :---: |", "---|---".
_PIPE_DELIMITER: Final = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)+\|?\s*$")
# A setext heading's underline: "=====" (level 1) or "-----" (level 2) under its text.
_SETEXT: Final = re.compile(r"^ {0,3}(?:(=)=+|(-)-+)[ \t]*$")


def lynx_references(text: str) -> tuple[str, dict[str, str]]:
    """A lynx dump's text without its trailing "References" list, and that list (number ->
    address). Any other text is returned unchanged with no references."""
    if "[1]" not in text:
        return text, {}
    # CRLF or CR dumps: the heading pattern's "$" matches only before "\n".
    text = NEWLINES.sub("\n", text)
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


def split_lines(
    text: str, references: dict[str, str] | None = None, *, markdown: bool = False
) -> list[Line]:
    """The page's lines, read (the feedback line reads as a blank line: it is site chrome).

    In a markdown copy, a line underlined by "===" or "---" (a setext heading) is a
    heading of level 1 or 2, when it stands alone (a blank line above it)."""
    result = []
    raws = NEWLINES.sub("\n", text).split("\n")
    setext = _setext_levels(raws) if markdown else {}
    for position, raw in enumerate(raws):
        marked = read_markdown_line(clean_text(raw))
        cleaned = marked.text
        links = marked.links
        if references and "[" in cleaned:
            cleaned, lynx = _lynx_links(cleaned, references)
            links += lynx
        is_bullet, bullet_text = split_bullet(cleaned)
        if is_bullet and not bullet_text[:1].isdigit():
            # "• • Kneel...": a copied list marker before the item's own typed glyph.
            again, inner = split_bullet(bullet_text)
            bullet_text = inner if again and inner else bullet_text
        content = bool(cleaned) and not is_feedback_line(cleaned)
        level = setext.get(position, marked.level)
        if position in setext:
            is_bullet, bullet_text = False, cleaned
        result.append(
            Line(
                raw,
                cleaned if content else "",
                is_bullet and bool(bullet_text),
                bullet_text,
                level=level,
                links=links,
                is_feedback=bool(cleaned) and not content,
                images=marked.images,
            )
        )
    _mark_aligned_tables(result)
    if markdown:
        _mark_pipe_tables(result)
    return result


def _mark_pipe_tables(lines: list[Line]) -> None:
    """A markdown pipe table: a header row, a delimiter row ("---|---"), then rows with a
    "|" - their cells are the rows' columns; the delimiter row is no content."""
    for index, line in enumerate(lines):
        if index == 0 or not _PIPE_DELIMITER.match(line.raw) or "|" not in lines[index - 1].raw:
            continue
        line.text = ""
        for row in (lines[index - 1], *_rows_after(lines, index + 1)):
            row.columns = tuple(_pipe_cells(row.text))
            row.is_bullet = False


def _rows_after(lines: list[Line], start: int) -> list[Line]:
    rows = []
    for line in lines[start:]:
        if not line.text or "|" not in line.text:
            break
        rows.append(line)
    return rows


def _pipe_cells(text: str) -> list[str]:
    cells = re.split(r"(?<!\\)\|", text.strip().removeprefix("|").removesuffix("|"))
    return [clean_text(cell) for cell in cells]


def _setext_levels(raws: list[str]) -> dict[int, int]:
    """Position of each setext heading's text -> its level. The text is one line set apart
    above (a "---" under a paragraph's last line is a rule a converter set too close)."""
    levels: dict[int, int] = {}
    for position in range(1, len(raws)):
        underline = _SETEXT.match(raws[position])
        if underline is None:
            continue
        above = raws[position - 1]
        if (
            above.strip()
            and not above.lstrip().startswith(("#", "-", "*", "+", ">", "|"))
            and (position == 1 or not raws[position - 2].strip())
        ):
            levels[position - 1] = 1 if underline.group(1) else 2
    return levels


def _column_starts(raw: str) -> tuple[int, ...]:
    """Where the cells of a line laid out in columns start: its first character, and each
    character after a gap of two or more spaces (one space separates words)."""
    text = raw.rstrip()
    if not text.strip() or "\t" in text:
        return ()
    return tuple(match.start() for match in _COLUMN_CELL.finditer(text))


def _mark_aligned_tables(lines: list[Line]) -> None:
    """w3m lays a table out with spaces: "Gerät        Menge" / "Langhantel   1". Two or
    more consecutive lines whose cells, apart by wide gaps, start at the same columns are
    the rows of a table (prose that happens to hold a double space lines up with the next
    line at every cell only by chance)."""
    run: list[Line] = []
    starts: tuple[int, ...] = ()
    for line in [*lines, None]:
        line_starts = _column_starts(line.raw) if line is not None and line.text else ()
        if (
            line is not None
            and len(line_starts) >= 2
            and not line.is_bullet
            and (not run or line_starts == starts)
        ):
            run.append(line)
            starts = line_starts
            continue
        if len(run) >= 2:
            for row in run:
                row.columns = tuple(clean_text(cell) for cell in _COLUMN_GAP.split(row.raw.strip()))
        run, starts = (
            ([line], line_starts) if line is not None and len(line_starts) >= 2 else ([], ())
        )


def is_link_only(line: Line) -> bool:
    """A line whose words are all link text ("[2]FitMetrics", "* [Programs](/programs)")."""
    if not line.links:
        return False
    rest = line.bullet_text if line.is_bullet else line.text
    for link in line.links:
        rest = rest.replace(link.text, " ", 1) if link.text else rest
    return not any(char.isalnum() for char in rest)
