"""Disclosure widgets: accordion toggles and their panels, tabs and their panels.

An accordion toggle (a button, ``[aria-expanded]``, ``[data-bs-toggle=collapse]``,
a CMS toggle class) is structurally a question; the panel it controls (by
``aria-controls``/``data-target``/``href="#id"``, else the next block sibling) is
its answer. A tab labels the panel it controls (WAI-ARIA tabs pattern).
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import Enum
from typing import Any

from lxml import etree

from .._cleaning import clean_text
from ..vocabulary import ACCORDION_TOGGLE_VALUES, CHROME_TAGS, INLINE_TAGS, Cue, is_expander_label

__all__ = [
    "Toggle",
    "adjacent_panel",
    "is_tab",
    "raw_text",
    "target_ids",
    "text_of",
    "toggle_kind",
]

_NOT_PANELS = INLINE_TAGS | CHROME_TAGS | {"br"}
_TAB_TOGGLE_VALUES = frozenset({"tab", "pill"})
_TARGET_ATTRIBUTES = ("aria-controls", "data-target", "data-bs-target", "href")


class Toggle(Enum):
    """What a possibly-toggling element is."""

    NONE = 0
    ACCORDION = 1
    EXPANDER = 2
    """A "Read more" control: its panel is ordinary content, the label is chrome."""


def raw_text(element: Any) -> str:
    """All text inside ``element`` (not its tail), as is: ``"".join(element.itertext())``,
    read by libxml2 in one call (~6x faster than lxml's Python-level text iterator)."""
    return str(etree.tostring(element, method="text", encoding=str, with_tail=False))


def text_of(element: Any) -> str:
    """All text inside ``element`` (not its tail), clean."""
    return clean_text(raw_text(element))


def _toggle_value(attributes: Mapping[str, str]) -> str:
    value = attributes.get("data-bs-toggle") or attributes.get("data-toggle") or ""
    return value.strip().lower()


def _is_wrapper(element: Any) -> bool:
    # aria-expanded on an item that wraps question AND answer is not a toggle.
    blocks = 0
    for child in element:
        if isinstance(child.tag, str) and child.tag not in INLINE_TAGS and child.tag != "br":
            blocks += 1
            if blocks >= 2:
                return True
    return False


def toggle_kind(element: Any, attributes: Mapping[str, str], cues: int) -> Toggle:
    """Classify an element as accordion toggle, "read more" expander, or neither."""
    if attributes.get("aria-haspopup") not in (None, "false"):
        return Toggle.NONE  # a menu button
    cued = (
        "aria-expanded" in attributes
        or "aria-controls" in attributes
        or _toggle_value(attributes) in ACCORDION_TOGGLE_VALUES
        or bool(cues & Cue.TOGGLE)
    )
    if not cued or _is_wrapper(element):
        return Toggle.NONE
    if is_expander_label(text_of(element)):
        return Toggle.EXPANDER
    return Toggle.ACCORDION


def is_tab(attributes: Mapping[str, str]) -> bool:
    """True for a tab of a tab list (it labels a panel elsewhere).

    A ``role=tab`` that says ``aria-expanded`` but never ``aria-selected`` is a disclosure
    toggle dressed as a tab (WordPress builders' toggle widgets, e.g. Elementor's
    ``elementor-tab-title``): WAI-ARIA tabs are selected, accordion headers expand.
    """
    if _toggle_value(attributes) in _TAB_TOGGLE_VALUES:
        return True
    if (attributes.get("role") or "").strip().lower() != "tab":
        return False
    return "aria-selected" in attributes or "aria-expanded" not in attributes


def target_ids(attributes: Mapping[str, str]) -> list[str]:
    """Ids of the panels a toggle or tab controls (``aria-controls`` may list several)."""
    ids: list[str] = []
    for name in _TARGET_ATTRIBUTES:
        value = (attributes.get(name) or "").strip()
        if not value:
            continue
        if name == "aria-controls":
            ids.extend(value.split())
        elif value.startswith("#") and len(value) > 1:
            # A CSS id selector or a fragment link; other selectors are ignored.
            ids.append(value[1:])
    return ids


def _holds_block(element: Any) -> bool:
    """An inline element around block content (``<span><div>answer</div></span>``, as
    component frameworks write): a wrapper, not an icon or a label."""
    return any(
        node.tag.__class__ is str and node.tag not in _NOT_PANELS
        for node in element.iterdescendants()
    )


def adjacent_panel(toggle: Any, stop: Any) -> Any | None:
    """The block right after the toggle (or after its wrapper): its panel.

    Climbs at most three levels (button -> h3 -> accordion header), only
    through wrappers that hold nothing but the toggle's text and never to
    ``stop`` (the body); icons, line breaks and inline siblings are skipped.
    """
    node = toggle
    label: str | None = None  # read only when climbing: the panel is mostly a sibling
    for _ in range(3):
        for sibling in node.itersiblings():
            tag = sibling.tag
            if tag == "button":
                return None  # the next toggle: this one controls nothing adjacent
            if isinstance(tag, str) and (
                tag not in _NOT_PANELS or (tag in INLINE_TAGS and _holds_block(sibling))
            ):
                return sibling
        parent = node.getparent()
        if parent is None or parent is stop:
            return None
        if label is None:
            label = text_of(toggle)
        if text_of(parent) != label:
            return None
        node = parent
    return None
