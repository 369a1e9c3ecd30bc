"""Key/value rows in markup: which elements are rows of the exercise's attribute table, and
their label and values. Structure decides, never a site's class names:

- a ``<table>`` whose every row is two cells (label, value) and one label is in the
  vocabulary (``attribute_field``); a row of column heads (all ``<th>``) means a table of
  columns instead;
- a ``<dl>`` of properties (``is_property_list``): each term and its definitions;
- a label/value element pair: an element whose first child holds only a vocabulary label
  ("<div><span>Difficulté</span><span>Débutant</span></div>", "<p><b>Focus</b><br>Mobilité
  </p>") and whose other children hold a short value. A heading element is a section's
  title, never a label here.

Values are one per list item or chip ("<span class=chip>Tapis</span><span>Bande</span>"), else
the cell's text (the assembler splits it at list separators).
"""

from __future__ import annotations

from typing import Any, Final

from .._cleaning import clean_text
from ..vocabulary import INLINE_TAGS, attribute_field, canonical_section
from ._elements import HEADING_LEVELS, is_numbering
from ._widgets import text_of

__all__ = ["attribute_pair", "cell_values", "is_attribute_table"]

#: A label is a few words; a row's values fit on a line or two.
LABEL_MAX_CHARS: Final = 40
VALUE_MAX_CHARS: Final = 200
_CELLS: Final = frozenset({"td", "th"})
_MAX_ROWS: Final = 40  # siblings looked at for a table's other rows
_MAX_WRAPPERS: Final = 4  # one-child wrappers around a label ("<div><span><b>...")
# Lists, definition lists and tables have their own readings (items, questions, rows).
_NOT_PAIRS: Final = frozenset({"ul", "ol", "dl", "table", "tbody", "thead", "tr", "select"})
# A label stands in an inline element or a plain box, never in a heading, a term, a button.
_LABEL_BOXES: Final = frozenset({"div", "p", "section"})
_QUESTION_END: Final = ("?", "？")


def is_attribute_table(table: Any) -> bool:
    """Every row two cells of label and short value, no column heads, a vocabulary label."""
    known = False
    rows = 0
    for row in table.iter("tr"):
        cells = [cell for cell in row if cell.tag in _CELLS]
        if len(cells) != 2 or all(cell.tag == "th" for cell in cells):
            return False
        label = text_of(cells[0])
        if not _is_label(label, cells[0]) or is_numbering(label):
            return False
        if len(text_of(cells[1])) > VALUE_MAX_CHARS:
            return False
        known = known or attribute_field(label) is not None
        rows += 1
    return known and rows > 0


def attribute_pair(element: Any) -> tuple[str, list[str]] | None:
    """(label, values) when ``element`` is a label/value pair, else None. Cheap when not."""
    if not len(element) or element.tag in _NOT_PAIRS or not _blank(element.text):
        return None
    first = element[0]
    if first.tag.__class__ is not str or (
        first.tag not in INLINE_TAGS and first.tag not in _LABEL_BOXES
    ):
        return None
    head = _label_text(first)
    if head is None or (attribute_field(head) is None and not _beside_known_row(element)):
        return None
    label = text_of(first)
    values = _pair_values(element, first, label)
    return (label, values) if values else None


def _label_text(box: Any) -> str | None:
    """The text of a box that holds only a short label, through wrappers of one child
    ("<div><b>Difficulté</b></div>"); None when it holds more."""
    for _ in range(_MAX_WRAPPERS):
        text = box.text
        if len(box) == 0:
            return text if text and len(text) <= LABEL_MAX_CHARS else None
        if len(box) > 1 or not _blank(text) or not _blank(box[0].tail):
            return None
        box = box[0]
        if box.tag.__class__ is not str or (
            box.tag not in INLINE_TAGS and box.tag not in _LABEL_BOXES
        ):
            return None
    return None


def _beside_known_row(element: Any) -> bool:
    """Another row of the same table has a vocabulary label: ``element`` is a row of it too
    ("Durée" / "2 min" beside "Difficulté" / "Débutant"). Rows are the siblings of the
    element (or of the one-child wrappers around it), each perhaps in wrappers of its own."""
    row = element
    for _ in range(_MAX_WRAPPERS):
        parent = row.getparent()
        if parent is None or len(parent) != 1 or not _blank(parent.text):
            break
        row = parent
    parent = row.getparent()
    if parent is None or len(parent) > _MAX_ROWS:
        return False
    for sibling in parent:
        if sibling is row or sibling.tag.__class__ is not str:
            continue
        other = _unwrap(sibling)
        if len(other) < 2 or other[0].tag.__class__ is not str:
            continue
        label = _label_text(other[0])
        if label is not None and attribute_field(label) is not None:
            return True
    return False


def _unwrap(element: Any) -> Any:
    """Through wrappers of one child and no text of their own (``<span><span>...``)."""
    for _ in range(_MAX_WRAPPERS):
        if len(element) != 1 or not _blank(element.text) or not _blank(element[0].tail):
            break
        if element[0].tag.__class__ is not str:
            break
        element = element[0]
    return element


def cell_values(cell: Any) -> list[str]:
    """A value cell's values: list items, chips (several inline children), else its text."""
    items = [text for node in cell.iter("li") if (text := text_of(node))]
    if items:
        return items
    cell = _unwrap(cell)
    children = [child for child in cell if child.tag.__class__ is str]
    own = not _blank(cell.text) or any(not _blank(child.tail) for child in children)
    if len(children) >= 2 and not own and all(child.tag in INLINE_TAGS for child in children):
        chips = [text_of(child) for child in children]
        if all(chips):
            return chips
    text = text_of(cell)
    return [text] if text else []


def _blank(text: str | None) -> bool:
    """No words: whitespace (``&nbsp;``, zero-width characters too) or list separators."""
    return not text or not clean_text(text).strip(" ,·|;")


def _is_label(text: str, cell: Any) -> bool:
    return (
        0 < len(text) <= LABEL_MAX_CHARS
        and not text.endswith(_QUESTION_END)
        and canonical_section(text) is None
        and all(
            node.tag in INLINE_TAGS for node in cell.iterdescendants() if node.tag.__class__ is str
        )
    )


def _pair_values(element: Any, first: Any, label: str) -> list[str] | None:
    """The value part of a pair: the elements after the label (and their text)."""
    rest = [child for child in element[1:] if child.tag.__class__ is str and child.tag != "br"]
    breaks = [child for child in element[1:] if child.tag == "br"]
    opening = clean_text(first.tail or "")
    tail = clean_text(" ".join(node.tail or "" for node in (first, *breaks))).lstrip(":：").strip()
    if not rest:
        # "<p><b>Focus:</b> Mobilité</p>" or "<b>Focus</b><br>Mobilité": a colon or a line
        # break must part them ("<p><b>Focus</b> on the breath</p>" is a sentence).
        colon = label.endswith((":", "：")) or opening[:1] in (":", "：")
        if not tail or not (colon or breaks) or len(tail) > VALUE_MAX_CHARS:
            return None
        return [tail]
    values = [tail] if tail else []
    for child in rest:
        if child.tag in HEADING_LEVELS:
            return None
        values.extend(cell_values(child))
        if text := clean_text(child.tail or ""):
            values.append(text)
    if not values or sum(map(len, values)) > VALUE_MAX_CHARS:
        return None
    return values
