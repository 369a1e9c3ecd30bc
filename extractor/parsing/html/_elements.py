"""What one element is, read from its tag, attributes and subtree (no walker state).

The walker asks these on its way down: a decorative glyph (``is_ornament``), an unclosed
heading, a bare toggle and its collapsed panel, a ``<nav>`` that is a dropdown's panel, a
selected tab, a list item opening with its step number, a ``<dl>`` of properties, a
call-out ``<aside>`` holding an exercise section, a figure's caption, a language switcher.
Each is a pure function of the tree, so it can be read and tested on its own.
"""

from __future__ import annotations

import os
from typing import Any, Final

from lxml import etree

from .._cleaning import clean_text
from .._media import AMP_MEDIA, LITE_EMBEDS
from ..vocabulary import (
    CHROME_TAGS,
    INLINE_TAGS,
    MEDIA_SECTIONS,
    Cue,
    canonical_section,
    class_cues,
    is_expander_label,
    is_language_name,
)
from ._chrome import is_chrome_by_attributes
from ._widgets import Toggle, adjacent_panel, raw_text, text_of, toggle_kind

__all__ = [
    "BLANK",
    "HEADING_LEVELS",
    "HEADING_MAX_CHARS",
    "HEADING_MAX_WORDS",
    "INVISIBLE",
    "MEDIA_TAGS",
    "SWITCHER_MAX_CHARS",
    "accessible_name",
    "element_cues",
    "exercise_section_label",
    "figure_caption",
    "holds_disclosure",
    "holds_section_title",
    "in_chrome",
    "is_bare_toggle",
    "is_collapsed",
    "is_dropdown_panel",
    "is_language_switcher",
    "is_numbering",
    "is_ornament",
    "is_property_list",
    "is_question_type",
    "is_selected_tab",
    "may_be_ornament",
    "opens_with_counter",
    "parts_to_read",
    "unclosed_heading_split",
]

HEADING_LEVELS: Final = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}

MEDIA_TAGS: Final = frozenset({"iframe", "video", "embed", "object", *LITE_EMBEDS, *AMP_MEDIA})

# A weak heading cue (bold-only line, title class) is a heading only when short.
HEADING_MAX_CHARS: Final = 100

HEADING_MAX_WORDS: Final = 14

# Whitespace and the invisible characters ``clean_text`` removes (zero-width space, joiners,
# word joiner, BOM, soft hyphen): a text node of only these is no text.
INVISIBLE: Final = "\u200b\u200c\u200d\u2060\ufeff\u00ad"

BLANK: Final = "".join(char for char in map(chr, range(0x3001)) if char.isspace()) + INVISIBLE


def may_be_ornament(tag: str, attributes: dict[str, str]) -> bool:
    return attributes.get("aria-hidden") == "true" or (
        tag == "a" and (attributes.get("href") or "").startswith("#")
    )


def is_ornament(element: Any) -> bool:
    """A decorative glyph: a heading's permalink ("#", "¶", "🔗") or an aria-hidden icon
    ("›", "×"). Collapsed answers are aria-hidden too, but they hold words."""
    text = raw_text(element).strip()
    return len(text) <= 2 and not any(char.isalnum() for char in text)


# Elements a heading never holds: lxml's HTML parser (unlike an HTML5 one) does not close
# an unclosed <h1> at the next heading or list, so "<h1>Plank<h2>Instructions<ul>..." nests
# the rest of the page inside the <h1>.
_NEVER_IN_HEADING: Final = frozenset(
    {*HEADING_LEVELS, "p", "ul", "ol", "dl", "table", "section", "article", "blockquote"}
)


def unclosed_heading_split(heading: Any) -> int | None:
    """Index of the first child where an unclosed heading's content begins (None: none).

    Only when the heading has its own text before that child: ``<h2><p>Title</p></h2>``
    (an editor's wrapper) is a heading, ``<h1>Plank<h2>Instructions...`` is not one.
    """
    own_text = bool((heading.text or "").strip())
    for index, child in enumerate(heading):
        tag = child.tag
        if not isinstance(tag, str):
            continue
        if tag in _NEVER_IN_HEADING or (
            tag == "div" and next(child.iter(*_NEVER_IN_HEADING), None) is not None
        ):
            return index if own_text else None
        if not own_text and tag in INLINE_TAGS:
            own_text = bool(raw_text(child).strip())
        own_text = own_text or bool((child.tail or "").strip())
    return None


def holds_section_title(element: Any) -> bool:
    """A sub-heading, a bold run or a title-class element (``<h2>``, ``<strong>``,
    ``<div class="card-title">``) somewhere inside ``element``."""
    for node in element.iterdescendants():
        tag = node.tag
        if tag in _SUB_HEADING_CUES or (
            tag.__class__ is str and class_cues(node.get("class") or "") & Cue.TITLE
        ):
            return True
    return False


_SUB_HEADING_CUES: Final = frozenset({"h2", "h3", "h4", "h5", "h6", "b", "strong"})


def element_cues(attributes: dict[str, str]) -> int:
    """What an element's class and id say it is (an id gives only ``Cue.ID_CUES``)."""
    cls = attributes.get("class")
    cues = class_cues(cls) if cls else Cue.NONE
    ident = attributes.get("id")
    if ident:
        cues |= class_cues(ident) & Cue.ID_CUES
    return cues


def in_chrome(element: Any, container: Any) -> bool:
    """True when ``element`` lies in a chrome subtree (by tag, class/id cue or role) inside
    ``container`` (a cheaper, context-free form of the walker's own chrome test)."""
    for node in element.iterancestors():
        if node is container:
            return False
        tag = node.tag
        if tag in CHROME_TAGS:
            return True
        items = node.items()
        if not items:
            continue
        attributes = dict(items)
        if is_chrome_by_attributes(node, tag, attributes, element_cues(attributes)):
            return True
    return False


def accessible_name(anchor: Any, attributes: dict[str, str]) -> str:
    """The name of a link without text: aria-label, title, else its first image's alt."""
    for name in ("aria-label", "title"):
        label = clean_text(attributes.get(name) or "")
        if label:
            return label
    image = next(anchor.iter("img"), None)
    return clean_text(image.get("alt") or "") if image is not None else ""


def is_bare_toggle(button: Any, root: Any) -> bool:
    """A ``<button>`` without ARIA or toggle attributes that still opens the panel right
    after it (a hand-written FAQ: ``<button>How long?</button><div hidden>...``): its label
    is a question, or the panel is collapsed. Other buttons are controls ("Print")."""
    label = text_of(button)
    if not label or len(label) > HEADING_MAX_CHARS * 2 or is_expander_label(label):
        return False
    panel = adjacent_panel(button, root)
    if panel is None:
        return False
    if label.endswith(("?", "？")):
        return True
    return is_collapsed(panel)


def is_collapsed(panel: Any) -> bool:
    """Hidden (``hidden``, ``aria-hidden``, ``display:none``), itself or inside wrappers that
    hold nothing else (``<div class="collapse-outer"><div hidden>...``): a layout wrapper
    around the collapsed body does not make it visible."""
    for _ in range(_PANEL_WRAPPERS + 1):
        style = (panel.get("style") or "").replace(" ", "").lower()
        if (
            panel.get("hidden") is not None
            or panel.get("aria-hidden") == "true"
            or "display:none" in style
        ):
            return True
        if (panel.text or "").strip() or len(panel) != 1:
            return False
        panel = panel[0]
        if panel.tag.__class__ is not str or (panel.tail or "").strip():
            return False
    return False


_PANEL_WRAPPERS: Final = 3


def is_question_type(itemtype: str | None) -> bool:
    """``https://schema.org/Question`` (any scheme or prefix; several types allowed)."""
    return any(
        value.rstrip("/").rsplit("/", 1)[-1] == "Question" for value in (itemtype or "").split()
    )


def exercise_section_label(aside: Any) -> Any | None:
    """The element naming one of the exercise's own sections at the top of ``aside``, or
    None: an ``<aside>`` is a side bar (chrome) unless it is a call-out box of the page
    ("Medical restrictions"). The label is its first heading, else (Bootstrap's
    ``<div class="card-header">``, a bold line) its first element with text of its own.
    Programs and Videos are not enough: side bars list the site's programs and videos."""
    label = next(aside.iter(*HEADING_LEVELS), None)
    if label is None:
        label = next(
            (
                node
                for node in aside.iter()
                if node.tag.__class__ is str
                and node.tag not in CHROME_TAGS
                and node.text
                and node.text.strip(BLANK)
            ),
            None,
        )
    if label is None:
        return None
    canonical = canonical_section(text_of(label))
    return label if canonical is not None and canonical not in MEDIA_SECTIONS else None


def parts_to_read(aside: Any) -> list[Any]:
    """What of a call-out ``<aside>`` is content: all of it when its section label is its
    own child (one box), else only the children that are boxes of exercise sections (a
    column of cards: "Medical restrictions", then "Share", "Newsletter")."""
    label = exercise_section_label(aside)
    if label is None:
        return []
    if label.getparent() is aside:
        return [aside]
    return [
        child
        for child in aside
        if child.tag.__class__ is str and exercise_section_label(child) is not None
    ]


class _XPaths:
    """The compiled XPath expressions of this module, made again in every forked process.

    An lxml ``XPath`` object holds a lock while it evaluates. A process forked while another
    thread evaluates it (the crawl's parse workers are forked while pages are read in threads)
    inherits the lock held, and hangs forever on its first page.
    """

    def __init__(self) -> None:
        self.compile()

    def compile(self) -> None:
        # Candidates for a disclosure widget inside a list item, found by libxml2 in one call.
        self.disclosure_candidates = etree.XPath(
            "descendant::*[self::details or @aria-expanded or @aria-controls or @data-toggle"
            " or @data-bs-toggle]"
        )
        self.aria_toggles = etree.XPath("//*[@aria-controls or @aria-expanded]")


_XPATHS: Final = _XPaths()
os.register_at_fork(after_in_child=_XPATHS.compile)


def opens_with_counter(item: Any) -> bool:
    """``<li><span class="step-number">1</span><p>Lie down.</p></li>``: the item's first
    child holds only its number ("1", "2.", "Step 3"), which the list already gives."""
    if (item.text or "").strip(BLANK):
        return False
    first, second = item[0], item[1]
    if first.tag.__class__ is not str or (first.tail or "").strip(BLANK):
        return False  # "<b>2</b> sets of ten": the number belongs to the sentence
    # Set apart: the step's text is a block of its own, or the number is a styled badge.
    apart = (second.tag.__class__ is str and second.tag not in INLINE_TAGS) or bool(
        first.get("class")
    )
    return apart and is_numbering(text_of(first)) and bool(raw_text(second).strip(BLANK))


# A property's value is a word or a few ("Beginner", "Mat, band"); an answer is a sentence.
_PROPERTY_MAX_CHARS: Final = 40


def is_property_list(dl: Any) -> bool:
    """A ``<dl>`` of exercise properties ("Difficulty" / "Beginner", "Equipment" / "None"),
    not questions and answers: no term asks ("?") or names a section, and every
    definition is a short run of inline text."""
    terms = 0
    for node in dl.iter("dt", "dd"):
        text = text_of(node)
        if node.tag == "dt":
            if text.endswith(("?", "？")) or canonical_section(text) is not None:
                return False
            terms += 1
        elif len(text) > _PROPERTY_MAX_CHARS or any(
            child.tag.__class__ is str and child.tag not in INLINE_TAGS
            for child in node.iterdescendants()
        ):
            return False
    return terms > 0


def holds_disclosure(item: Any) -> bool:
    """A ``<details>`` or an accordion toggle inside the list item ``item``."""
    for node in _XPATHS.disclosure_candidates(item):
        if node.tag == "details":
            return True
        attributes = dict(node.items())
        cls = attributes.get("class")
        if toggle_kind(node, attributes, class_cues(cls) if cls else Cue.NONE) is Toggle.ACCORDION:
            return True
    return False


# "EN FR DE", "English | Français | Deutsch": a language switcher without a class to say so.
SWITCHER_MAX_CHARS: Final = 60

_SWITCHER_SEPARATORS: Final = str.maketrans(dict.fromkeys("|/·•,", " "))


def is_language_switcher(text: str) -> bool:
    """A line of two or more language names and nothing else."""
    words = text.translate(_SWITCHER_SEPARATORS).split()
    return len(words) >= 2 and all(is_language_name(word) for word in words)


def figure_caption(media: Any) -> Any | None:
    """The ``<figcaption>`` of the ``<figure>`` that holds ``media`` (directly or in a
    wrapper or two) and no other media: the caption names that video."""
    node = media
    for _ in range(3):
        node = node.getparent()
        if node is None:
            return None
        if node.tag == "figure":
            captions = [child for child in node if child.tag == "figcaption"]
            media_count = sum(1 for _ in node.iter(*MEDIA_TAGS))
            return captions[0] if len(captions) == 1 and media_count == 1 else None
    return None


def is_dropdown_panel(nav: Any) -> bool:
    """A ``<nav>`` that is a disclosure's panel, not navigation: it holds no link, and the
    element before it is the toggle that opens it. Webflow's dropdown component (which
    sites use for FAQs) writes its panel as ``<nav class="w-dropdown-list">``."""
    if not len(nav) and not (nav.text or "").strip(BLANK):
        return False  # empty (a menu ``_prune`` emptied)
    if next(nav.iterdescendants("a", "nav", "footer"), None) is not None:
        # Navigation. A menu nested inside counts even when ``_prune`` emptied it: the
        # answer must not depend on the cut.
        return False
    toggle = nav.getprevious()
    while toggle is not None and toggle.tag.__class__ is not str:
        toggle = toggle.getprevious()  # a comment between toggle and panel
    if toggle is not None and toggle.get("aria-expanded") is not None:
        return True
    # Else the ARIA links between them, wherever the toggle sits (a wrapper around it).
    ident = nav.get("id")
    labelled_by = (nav.get("aria-labelledby") or "").split()
    if not ident and not labelled_by:
        return False
    for node in _XPATHS.aria_toggles(nav.getroottree()):
        if ident in (node.get("aria-controls") or "").split() or node.get("id") in labelled_by:
            return True
    return False


def is_numbering(text: str) -> bool:
    """A table cell that only numbers its row: "1", "2.", "Step 3"."""
    words = text.split()
    return 0 < len(words) <= 2 and words[-1].rstrip(".):").isdigit()


def is_selected_tab(attributes: dict[str, str]) -> bool:
    """aria-selected says it; without it, an "active"/"current"/"selected" class token."""
    selected = attributes.get("aria-selected")
    if selected is not None:
        return selected.strip().lower() == "true"
    tokens = (attributes.get("class") or "").lower().replace("_", "-").split()
    return any(token.rsplit("-", 1)[-1] in ("active", "current", "selected") for token in tokens)
