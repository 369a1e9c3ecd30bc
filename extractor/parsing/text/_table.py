"""Tables in a text rendering: a browser's copy puts a tab between a row's cells.

"Step<TAB>Description" / "1<TAB>Grip the rope." / "2<TAB>Step back." is a table of
steps: each row is one entry (as the HTML front end reads a ``<tr>``), a first cell
that only numbers the row is numbering, and a header row of column labels is no
content. A header is only recognised when the body says so (its rows are numbered,
or hold sentences where the first row holds labels): otherwise the first row is kept
as an entry, so no content is lost on a guess.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

__all__ = ["CELL_SEPARATOR", "read_table"]

#: How the cells of one row are joined in its entry (as the HTML front end joins them).
CELL_SEPARATOR: Final = " | "
#: A table has at least this many rows of the same width.
TABLE_MIN_ROWS: Final = 2
_SENTENCE_END: Final = (".", "!", "?", "…", ";")


def read_table(rows: Sequence[Sequence[str]]) -> list[str] | None:
    """One entry per row of a table (``None`` when ``rows`` are not a table: too few rows,
    or rows of different widths). The header row, when recognised, gives no entry."""
    if len(rows) < TABLE_MIN_ROWS or len({len(row) for row in rows}) != 1:
        return None
    body = rows[1:] if _is_header(rows[0], rows[1:]) else rows
    return [CELL_SEPARATOR.join(_without_numbering(row)) for row in body]


def _is_numbering(cell: str) -> bool:
    """A cell that only numbers its row: "1", "2.", "Step 3"."""
    words = cell.split()
    return 0 < len(words) <= 2 and words[-1].rstrip(".):").isdigit()


def _without_numbering(row: Sequence[str]) -> list[str]:
    return list(row[1:]) if _is_numbering(row[0]) else list(row)


def _is_header(first: Sequence[str], body: Sequence[Sequence[str]]) -> bool:
    """Column labels over a body that differs from them: numbered rows under an
    unnumbered first row, or sentences under labels."""
    if any(_is_numbering(cell) or cell.endswith(_SENTENCE_END) for cell in first):
        return False
    numbered = all(_is_numbering(row[0]) for row in body)
    sentences = any(cell.endswith(_SENTENCE_END) for row in body for cell in row)
    return numbered or sentences
