"""One pass over a parsed lxml tree: skip site chrome, emit ``Block``s in reading order.

Chrome is decided per element on the way down (``CHROME_TAGS``, then
``_chrome.is_chrome_by_attributes`` for role/class/id cues) and its whole
subtree is skipped, so a 100 KB page whose bytes are mostly mega menus,
footers and modals costs little more than its content. Link-dense containers
(menus outside ``<nav>``) can only be recognised after their content is seen:
the walker counts links and text while it walks a container and, on leaving
it, takes back the blocks it emitted if the container was a menu. Everything
is O(number of elements visited).

Text rules: inline elements are joined without inventing spaces
("Lie <b>face</b> down", "hip<b>bone</b>"); block elements separate; ``<br>``
separates lines (one block per line, except inside a heading, list item or
question, which stay one block).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any, Final
from urllib.parse import urlsplit

from ..._models import Video
from .._blocks import MAX_DEPTH, Block, Kind, Link
from .._cleaning import clean_text, remove_chrome, split_bullet, strip_bullet
from .._media import (
    PLAYER_DATA_ATTRIBUTES,
    absolute_url,
    is_duration,
    video_from_element,
    video_from_player_data,
)
from .._steps import split_inline_steps
from .._urls import links_to_exercise
from ..vocabulary import (
    CHROME_SUBSTRING,
    CHROME_TAGS,
    GUARDED_TAGS,
    INLINE_TAGS,
    LINK_DENSE_MIN_LINKS,
    LINK_DENSE_RATIO,
    TOGGLE_ATTRIBUTES,
    Cue,
    canonical_section,
    class_cues,
    is_expander_label,
    is_feedback_line,
    is_language_name,
    is_placeholder,
)
from ._chrome import SECTIONING_TAGS, is_chrome_by_attributes, is_logo_heading, is_page_banner
from ._chrome_lines import CHROME_LINE_MAX_CHARS, NOT_INITIALS, may_be_chrome_line, may_hold_chrome
from ._dom import parse_document
from ._elements import (
    BLANK,
    HEADING_LEVELS,
    HEADING_MAX_CHARS,
    HEADING_MAX_WORDS,
    INVISIBLE,
    MEDIA_TAGS,
    SWITCHER_MAX_CHARS,
    accessible_name,
    element_cues,
    figure_caption,
    holds_disclosure,
    holds_section_title,
    in_chrome,
    is_bare_toggle,
    is_dropdown_panel,
    is_language_switcher,
    is_numbering,
    is_ornament,
    is_property_list,
    is_question_type,
    is_selected_tab,
    may_be_ornament,
    opens_with_counter,
    parts_to_read,
    unclosed_heading_split,
)
from ._pairs import attribute_pair, cell_values, is_attribute_table
from ._widgets import Toggle, adjacent_panel, is_tab, raw_text, target_ids, text_of, toggle_kind

__all__ = ["BlockWalker"]

_BOLD_TAGS: Final = frozenset({"b", "strong"})
_LIST_TAGS: Final = frozenset({"ul", "ol"})
_NO_ATTRIBUTES: Final[dict[str, str]] = {}
_TAB_ATTRIBUTES: Final = frozenset({"role", "data-toggle", "data-bs-toggle"})
# Tags the walker never reads as content: media (videos), chrome, line breaks.
_SPECIAL_TAGS: Final = MEDIA_TAGS | CHROME_TAGS | {"br"}
# Tags that are banner or chrome without any attribute.
_BARE_CHROME_TAGS: Final = frozenset({"header", "form"})
# Attributes through which an element can be a tab, a toggle or a panel.
_WIDGET_ATTRIBUTES: Final = TOGGLE_ATTRIBUTES | {
    "id",
    "itemprop",
    "role",
    "aria-labelledby",
    "data-target",
    "data-bs-target",
}
# Two or more links to fragments of the page and no other text: in-page navigation.
_JUMP_MENU_MIN_LINKS: Final = 2
# Fewer links than this (jump links are links too) make no menu of either kind.
_MENU_MIN_LINKS: Final = min(_JUMP_MENU_MIN_LINKS, LINK_DENSE_MIN_LINKS)
# Below this depth a chain of bare wrappers (an element whose only content is one child
# element) is descended without recursion: 2,000 nested <div>s around the content are
# one level, not 2,000.
_UNWRAP_DEPTH: Final = 100
# Elements that only wrap (no meaning of their own) in such a chain.
_WRAPPER_TAGS: Final = frozenset({"div", "span", "section", "font", "center", "main"})
# "Found errors?" + "Tell us!" split over a few small blocks.
_FEEDBACK_MAX_CHARS: Final = 90
_FEEDBACK_MAX_ELEMENTS: Final = 12


_ANSWER_PROPS: Final = frozenset({"acceptedAnswer", "suggestedAnswer"})
_CELL_TAGS: Final = frozenset({"td", "th"})


# Block elements with a reading of their own beside the generic container (``_read_apart``).
_READ_APART: Final = frozenset({"figcaption", "dl"})


class _Line:
    """Inline text collected since the last block boundary or ``<br>``."""

    __slots__ = ("has_text", "lead", "links", "parts", "plain")

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.links: list[Link] = []
        self.has_text = False
        self.plain = False
        """Some text outside ``<b>``/``<strong>`` (else the line is bold-only)."""
        self.lead = 0
        """How many parts of bold text open the line before its first plain text (0: none)."""


class BlockWalker:
    """Walks one parsed document (or fragment) once; ``walk`` returns its blocks."""

    def __init__(self, base_url: str | None = None, page_urls: frozenset[str] = frozenset()):
        self.blocks: list[Block] = []
        self.exercise_links: set[str] = set()
        """Distinct links to other exercise pages (``/exercise/``, ``/fr/exercice/``... in every
        language of the vocabulary) seen in the content (not in chrome)."""
        self._base_url = base_url
        self._page_urls = page_urls
        self._root: Any = None
        self._lines = [_Line()]
        self._line = self._lines[0]
        self._single: tuple[Kind, int] | None = None
        """Inside a heading / list item / question: everything joins into one block."""
        self._answer = False
        """Inside an accordion panel, ``<dd>`` or ``<details>``: paragraphs are answers."""
        self._bold = 0
        self._anchor = 0
        self._title = 0
        self._sectioning = 0
        self._after_title = False
        """A level-1 heading was emitted: a ``<header>`` after it is a section's, not the
        page banner (which precedes the title: "<div class=card><header><h2>...")."""
        self._flushes = 0
        self._visited = 0
        self._links = 0
        self._link_chars = 0
        self._text_chars = 0
        self._jump_links = 0
        """Links to a fragment of this page ("#videos"): in-page navigation."""
        self._jump_chars = 0
        self._in_jump_link = 0
        self._controls_dropped = 0
        self._panel_ids: set[str] = set()
        self._panels: set[Any] = set()
        self._date: tuple[_Line, str] | None = None
        """A line a ``<time>`` opened, and its text (a post's date under its title)."""
        self._captions: set[Any] = set()
        self._attribute_tables: dict[Any, bool] = {}
        """``<figcaption>``s already read as their video's title."""
        self._tab_labels: dict[str, str] = {}
        self._other_language_panels: set[str] = set()
        """Ids of the panels of language tabs not selected: the page in another language."""
        self._cards = 0
        """Teaser cards of other exercises taken back so far (see ``_is_teaser_card``)."""
        self.deep_skipped = 0
        """Elements with text skipped because they are nested deeper than ``MAX_DEPTH``."""

    def walk(self, root: Any) -> list[Block]:
        """Emit the blocks of ``root``'s content (``root`` itself is never dropped)."""
        self._root = root
        self._children(root, 0)
        self._flush()
        return self.blocks

    # --- traversal ------------------------------------------------------------------------

    def _children(self, element: Any, depth: int) -> None:
        text = element.text
        if text:
            self._add(text)
        for child in element:
            self._visit(child, depth + 1)
            tail = child.tail
            if tail:
                self._add(tail)

    def _visit(self, element: Any, depth: int) -> None:
        tag = element.tag
        if tag.__class__ is not str:
            return  # comments, processing instructions
        if depth > _UNWRAP_DEPTH:
            element = self._deep(element, depth)
            if element is None:
                return
            tag = element.tag
        if tag in _SPECIAL_TAGS:  # one set lookup spares the common elements three
            self._special(element, tag, depth)
            return
        self._visited += 1
        items = element.items()
        if items:
            attributes = dict(items)
            cues = element_cues(attributes)
            if not PLAYER_DATA_ATTRIBUTES.isdisjoint(attributes):
                # Before the chrome test: a consent placeholder ("Click to load the video")
                # is chrome, the video it holds back is the page's. Its content follows.
                self._player(attributes)
            if self._by_attributes(element, tag, attributes, cues, depth):
                return
        else:
            # Without attributes only a <header> (banner) or a <form> (chrome) is special.
            attributes, cues = _NO_ATTRIBUTES, Cue.NONE
            if tag in _BARE_CHROME_TAGS and self._by_attributes(
                element, tag, attributes, cues, depth
            ):
                return
        single = self._single
        if tag == "button":
            if single is None:
                self._button(element, attributes, depth)
                return
            if not (items and toggle_kind(element, attributes, cues) is Toggle.ACCORDION):
                return
        elif single is None and self._panels and element in self._panels:
            self._container(element, tag, cues, depth, answer=True)
            return
        if tag in INLINE_TAGS:
            if tag == "a":
                self._link(element, attributes, depth)
            else:
                self._inline(element, tag, cues, depth)
        elif single is not None:
            self._inside_single(element, tag, depth)
        elif tag in HEADING_LEVELS:
            self._heading(element, HEADING_LEVELS[tag], depth)
        elif tag == "li" or (
            "role" in attributes and attributes["role"].strip().lower() == "listitem"
        ):
            if len(element) > 1 and opens_with_counter(element):
                self._counted_item(element, depth)
            elif len(element) and holds_disclosure(element):
                # <li class="accordion-item"><h4><button aria-controls>Q?</button></h4>
                # <div id=...>A</div></li> (Squarespace, many FAQ plugins), <li><details>:
                # the item only lays out a widget; read it as the widget, not as a bullet.
                self._container(element, tag, cues, depth, answer=self._answer)
            else:
                self._single_block(element, Kind.ITEM, 0, depth)
        elif tag == "tr":
            self._table_row(element, depth)
        elif tag in ("summary", "dt"):
            self._single_block(element, Kind.QUESTION, 0, depth)
        elif tag in _READ_APART and self._read_apart(element, tag):
            return
        else:
            answer = self._answer or tag in ("details", "dd")
            if not answer and (pair := attribute_pair(element)) is not None:
                self._emit_attribute(*pair)  # "<div><span>Difficulté</span><span>...</span>"
                return
            self._container(element, tag, cues, depth, answer=answer)

    def _special(self, element: Any, tag: str, depth: int) -> None:
        """Media, chrome tags and ``<br>``."""
        if tag in MEDIA_TAGS:
            self._video(element, depth)
        elif tag == "br":
            self._line_break()
        elif tag == "template":
            self._template_videos(element)
        elif tag == "nav" and is_dropdown_panel(element):
            self._container(element, tag, Cue.NONE, depth, answer=True)
        elif tag == "aside":
            self._sectioning += 1  # a <header> in a card of the aside is the card's
            for part in parts_to_read(element):
                self._container(part, part.tag, Cue.NONE, depth, answer=False)
            self._sectioning -= 1

    def _by_attributes(
        self, element: Any, tag: str, attributes: dict[str, str], cues: int, depth: int
    ) -> bool:
        """What attributes (and ``<header>``/``<form>``) decide: the page banner, chrome, a
        placeholder, an ornament, a tab, a widget. Returns True when the element was handled.

        Each test runs behind its callee's own cheap precondition, spared a call per element.
        """
        single = self._single
        if (
            single is None
            and (tag == "header" or "role" in attributes or cues & Cue.BANNER)
            and is_page_banner(tag, attributes, cues, self._sectioning + self._after_title)
        ):
            self._banner(element, depth)
            return True
        if (cues & Cue.CHROME or "role" in attributes or tag == "form") and is_chrome_by_attributes(
            element, tag, attributes, cues
        ):
            return True
        if cues & Cue.PLACEHOLDER and self._placeholder(element):
            return True
        if (
            ("aria-hidden" in attributes or tag == "a")
            and may_be_ornament(tag, attributes)
            and is_ornament(element)
        ):
            return True
        widget = not _WIDGET_ATTRIBUTES.isdisjoint(attributes)
        if widget and not _TAB_ATTRIBUTES.isdisjoint(attributes) and is_tab(attributes):
            self._tab(element, attributes)  # even inside a list item: tab lists are lists
            return True
        return (
            single is None
            and bool(cues & Cue.TOGGLE or widget)
            and self._widget(element, tag, attributes, cues, depth)
        )

    def _button(self, element: Any, attributes: dict[str, str], depth: int) -> None:
        """A ``<button>`` outside headings, list items and questions (not a widget)."""
        if is_bare_toggle(element, self._root):
            self._question(element, element, attributes, depth)
        elif next(element.iter(*HEADING_LEVELS), None) is not None:
            # <button class="section-toggle"><h2>Technical tips</h2></button>: a
            # collapsible section's header; the heading is the page's.
            self._container(element, "button", Cue.NONE, depth, answer=self._answer)
        else:
            self._controls_dropped += 1  # "Print", "Add to favourites", "Accept"

    def _widget(
        self, element: Any, tag: str, attributes: dict[str, str], cues: int, depth: int
    ) -> bool:
        """Tabs, accordion toggles, "read more" expanders and the panels they control.

        Returns True when the element was fully handled.
        """
        if cues & Cue.TOGGLE or not TOGGLE_ATTRIBUTES.isdisjoint(attributes):
            toggle = toggle_kind(element, attributes, cues)
            if toggle is Toggle.ACCORDION:
                self._question(element, element, attributes, depth)
                return True
            if toggle is Toggle.EXPANDER:
                self._controls_dropped += 1
                return True
        ident = attributes.get("id")
        if ident is not None and ident in self._other_language_panels:
            return True  # the page's text in another language (a language switcher's tab)
        if "itemprop" in attributes and self._microdata(element, tag, attributes, depth):
            return True
        if self._tab_labels and (ident is not None or "aria-labelledby" in attributes):
            self._label_tab_panel(attributes)
        if ident is not None and ident in self._panel_ids:
            self._container(element, tag, Cue.NONE, depth, answer=True)
            return True
        return False

    def _read_apart(self, element: Any, tag: str) -> bool:
        """A figure's caption already read as its video's title, a ``<dl>`` of properties.
        Returns True when the element was handled."""
        if tag == "figcaption":
            return element in self._captions
        if is_property_list(element) and not self._under_faq_heading():
            self._property_list(element)
            return True
        return False

    def _under_faq_heading(self) -> bool:
        """The last heading emitted names the FAQ (its ``<dl>`` is questions and answers)."""
        for block in reversed(self.blocks):
            if block.kind is Kind.HEADING:
                return canonical_section(block.text) == "faq"
        return False

    def _property_list(self, dl: Any) -> None:
        """A ``<dl>`` of short properties ("Difficulty" / "Beginner"): attribute-table rows."""
        if self._line.has_text or len(self._lines) > 1:
            self._flush()
        term: str | None = None
        values: list[str] = []
        for node in dl.iter("dt", "dd"):
            if node.tag == "dt":
                self._emit_property(term, values)
                term, values = text_of(node), []
            else:
                values.extend(cell_values(node))
        self._emit_property(term, values)

    def _emit_property(self, term: str | None, values: list[str]) -> None:
        if term and values:
            self._emit_attribute(term, values)
        elif text := term or ", ".join(values):
            self.blocks.append(Block(Kind.PARAGRAPH, text))

    def _emit_attribute(self, label: str, values: list[str]) -> None:
        if self._line.has_text or len(self._lines) > 1:
            self._flush()
        self.blocks.append(Block(Kind.ATTRIBUTE, label, values=tuple(values)))

    def _is_attribute_table(self, row: Any) -> bool:
        """Whether the row's table is an attribute table (decided once per table)."""
        table = row.getparent()
        while table is not None and table.tag != "table":
            table = table.getparent()
        if table is None:
            return False
        known = self._attribute_tables.get(table)
        if known is None:
            known = self._attribute_tables[table] = is_attribute_table(table)
        return known

    def _counted_item(self, item: Any, depth: int) -> None:
        """A list item whose first child only numbers it: the item without its counter."""
        if self._line.has_text or len(self._lines) > 1:
            self._flush()
        saved = self._single
        self._single = (Kind.ITEM, 0)
        counter = item[0]
        if counter.tail:
            self._add(counter.tail)
        for child in item[1:]:
            self._visit(child, depth + 1)
            if child.tail:
                self._add(child.tail)
        self._flush()
        self._single = saved

    def _inline(self, element: Any, tag: str, cues: int, depth: int) -> None:
        if tag in _BOLD_TAGS:
            self._bold += 1
            self._children(element, depth)
            self._bold -= 1
        elif (
            cues & Cue.TITLE
            and self._single is None
            and not self._answer
            and not self._line.has_text
        ):
            # <span class="section-title">Instructions</span> standing alone.
            self._flush()
            self._title += 1
            self._children(element, depth)
            self._flush()
            self._title -= 1
        elif tag == "time" and self._single is None and not self._line.has_text:
            line = self._line
            self._children(element, depth)
            self._date = (line, clean_text("".join(line.parts)))
        else:
            self._children(element, depth)

    def _inside_single(self, element: Any, tag: str, depth: int) -> None:
        """A block element inside a heading, list item or question: joined with spaces."""
        single = self._single
        if tag in _LIST_TAGS and single is not None and single[0] is Kind.ITEM:
            # A nested list: the item's own text first, then one item per nested <li>.
            self._flush()
            self._single = None
            self._container(element, tag, Cue.NONE, depth, answer=self._answer)
            self._single = single
            return
        if (
            tag in HEADING_LEVELS
            and single is not None
            and single[0] is Kind.ITEM
            and self._line.has_text
        ):
            # "<li>Lift<h2>Description<p>...": an unclosed <li> that lxml made hold the rest
            # of the page. The heading ends the item; what follows is read as content.
            self._flush()
            self._single = None
            self._heading(element, HEADING_LEVELS[tag], depth)
            return
        self._add(" ")
        self._children(element, depth)
        self._add(" ")

    def _container(self, element: Any, tag: str, cues: int, depth: int, *, answer: bool) -> None:
        """A block-level element: flush around it, then take it back if it was a menu."""
        # ``_flush``'s own no-op test, inline: most flushes around containers find nothing.
        if self._line.has_text or len(self._lines) > 1:
            self._flush()
        start = len(self.blocks)
        counters = (
            self._links,
            self._link_chars,
            self._text_chars,
            self._jump_links,
            self._jump_chars,
        )
        controls, visited, cards = self._controls_dropped, self._visited, self._cards
        saved_answer = self._answer
        self._answer = answer
        titled = bool(cues & Cue.TITLE) and not answer
        sectioning = tag in SECTIONING_TAGS or element.get("role") == "main"
        if titled:  # (tests, not arithmetic with False: most containers are neither)
            self._title += 1
        if sectioning:
            self._sectioning += 1
        self._children(element, depth)
        if self._line.has_text or len(self._lines) > 1:
            self._flush()
        if titled:
            self._title -= 1
        if sectioning:
            self._sectioning -= 1
        self._answer = saved_answer
        if len(self.blocks) > start and tag not in GUARDED_TAGS:
            self._take_back(element, start, counters, controls, visited, cards)

    def _take_back(
        self,
        element: Any,
        start: int,
        counters: tuple[int, int, int, int, int],
        controls: int,
        visited: int,
        cards: int,
    ) -> None:
        """Delete the blocks a container emitted from ``start`` on when it was a teaser card,
        a menu or a feedback line (the counters are the walker's at the container's start)."""
        blocks = self.blocks
        emitted = len(blocks) - start
        if (
            emitted > 1
            and blocks[start].links
            and blocks[start].kind is Kind.HEADING
            and self._is_teaser_card(start)
        ):
            del blocks[start:]  # another exercise's card: its sections are not ours
            self._cards += 1
            return
        if self._cards > cards and all(b.kind is Kind.HEADING for b in blocks[start:]):
            del blocks[start:]  # "Related exercises" left without its cards
            return
        # The two tests' cheap preconditions first: most containers hold a link or two at
        # most, and one block is feedback only behind a dropped control.
        if (
            self._links - counters[0] >= _MENU_MIN_LINKS
            and self._is_menu(counters)
            and not self._protected(start)
        ):
            del blocks[start:]  # a menu outside <nav>, or in-page jump links
        elif (
            emitted <= 3
            and (emitted > 1 or self._controls_dropped > controls)
            and self._is_feedback(element, start, controls, visited)
        ):
            del blocks[start:]

    # --- widgets and special elements -----------------------------------------------------

    def _heading(self, element: Any, level: int, depth: int) -> None:
        if not len(element):  # text only (most headings): nothing below can split or toggle
            self._single_block(element, Kind.HEADING, level, depth)
            return
        if (
            level == 1
            and next(element.iter("a", "img"), None) is not None
            and is_logo_heading(element)
        ):
            # <h1 class="site-title"><a href="/en/">FitMetrics</a></h1> outside any banner:
            # the site's logo, not the exercise's name.
            return
        split = unclosed_heading_split(element)
        if split is not None:
            self._split_heading(element, level, split, depth)
            return
        for descendant in element.iterdescendants():
            items = descendant.items()
            if not items or not isinstance(descendant.tag, str):
                continue
            attributes = dict(items)
            cls = attributes.get("class")
            cues = class_cues(cls) if cls else Cue.NONE
            if toggle_kind(descendant, attributes, cues) is Toggle.ACCORDION:
                # <h3><button aria-expanded>Question?</button></h3>: an accordion toggle.
                self._question(element, descendant, attributes, depth)
                return
        self._single_block(element, Kind.HEADING, level, depth)

    def _split_heading(self, element: Any, level: int, split: int, depth: int) -> None:
        """An unclosed heading that swallowed the page: its text up to child ``split`` is the
        heading, the children from there on are read as the content they are."""
        self._flush()
        saved = self._single
        self._single = (Kind.HEADING, level)
        if element.text:
            self._add(element.text)
        children = list(element)
        for child in children[:split]:
            self._visit(child, depth + 1)
            if child.tail:
                self._add(child.tail)
        self._flush()
        self._single = saved
        for child in children[split:]:
            self._visit(child, depth + 1)
            if child.tail:
                self._add(child.tail)
        self._flush()

    def _question(
        self, element: Any, toggle: Any, toggle_attributes: dict[str, str], depth: int
    ) -> None:
        self._single_block(element, Kind.QUESTION, 0, depth)
        ids = target_ids(toggle_attributes)
        if ids:
            self._panel_ids.update(ids)
            return
        panel = adjacent_panel(toggle, self._root)
        if panel is not None:
            self._panels.add(panel)

    def _microdata(self, element: Any, tag: str, attributes: dict[str, str], depth: int) -> bool:
        """schema.org microdata FAQ: the ``name`` of an ``itemtype=.../Question`` is a
        question ("Seated or standing" needs no "?"), its ``acceptedAnswer`` the answer."""
        prop = (attributes.get("itemprop") or "").strip()
        if prop in _ANSWER_PROPS:
            self._container(element, tag, Cue.NONE, depth, answer=True)
            return True
        if prop != "name":
            return False
        scope = next((a for a in element.iterancestors() if a.get("itemscope") is not None), None)
        if scope is None or not is_question_type(scope.get("itemtype")):
            return False
        self._single_block(element, Kind.QUESTION, 0, depth)
        return True

    def _tab(self, element: Any, attributes: dict[str, str]) -> None:
        """A tab labels its panel; the label is emitted as a heading where the panel is.

        A tab named after a language ("English", "Français", "DE") switches the page's
        language: its label is no heading, and the panels of the tabs not selected (the
        page in another language) are skipped.
        """
        label = text_of(element)
        if not label:
            return
        if is_language_name(label):
            if not is_selected_tab(attributes):
                self._other_language_panels.update(target_ids(attributes))
            return
        for ident in target_ids(attributes):
            self._tab_labels.setdefault(ident, label)
        own_id = attributes.get("id")
        if own_id:
            self._tab_labels.setdefault(f"labelledby:{own_id}", label)

    def _label_tab_panel(self, attributes: dict[str, str]) -> None:
        ident = attributes.get("id")
        label = self._tab_labels.pop(ident, None) if ident else None
        labelled_by = attributes.get("aria-labelledby")
        if label is None and labelled_by:
            label = self._tab_labels.pop(f"labelledby:{labelled_by.strip()}", None)
        if label:
            self._flush()
            label = self._without_chrome(label)
            if label:
                self.blocks.append(Block(Kind.HEADING, label, level=7))

    def _banner(self, element: Any, depth: int) -> None:
        """The page banner is chrome, except the page title an ``<h1>`` in it may hold.

        A ``<header>`` that holds a section title (a sub-heading, a bold line, a
        title-class element) and no link of its own is a section's header in a ``<div>``
        layout (``<div class=card><header><h2>Instructions``): a page banner always links
        somewhere (home, menu). Links inside chrome it holds (breadcrumbs, a share menu, a
        modal) are not its own. It is read as content.
        """
        if (
            element.get("role") != "banner"
            and holds_section_title(element)
            and not any(not in_chrome(anchor, element) for anchor in element.iter("a"))
        ):
            self._container(element, element.tag, Cue.NONE, depth, answer=self._answer)
            return
        for heading in element.iter("h1"):
            if not is_logo_heading(heading):
                self._visit(heading, depth + 1)

    def _placeholder(self, element: Any) -> bool:
        """A spinner/skeleton element: one PLACEHOLDER, unless real content arrived in it."""
        text = text_of(element)
        if text and not is_placeholder(text):
            return False
        self._flush()
        self.blocks.append(Block(Kind.PLACEHOLDER, text))
        return True

    def _deep(self, element: Any, depth: int) -> Any | None:
        """An element nested deeper than ``_UNWRAP_DEPTH``: a chain of bare wrappers is
        descended to its first element with content of its own (returned); past
        ``MAX_DEPTH`` anything else is skipped (None) and counted."""
        while (
            element.tag in _WRAPPER_TAGS
            and not (element.text or "").strip()
            and len(element) == 1
            and not (element[0].tail or "").strip()
            and isinstance(element[0].tag, str)
            and not (class_cues(element.get("class") or "") & Cue.CHROME)
        ):
            element = element[0]
        if depth <= MAX_DEPTH:
            return element
        if raw_text(element).strip():
            self.deep_skipped += 1
        return None

    def _template_videos(self, template: Any) -> None:
        """A ``<template>`` is inert (its "Loading..." is never shown), but deferred players
        keep the page's video in one (Shopify's ``<deferred-media>``)."""
        for element in template.iter("iframe", "video"):
            self._video(element, MAX_DEPTH)

    def _video(self, element: Any, depth: int) -> None:
        if element.tag == "iframe" and element.get("srcdoc"):
            self._srcdoc(element.get("srcdoc"), depth)
            return
        video = video_from_element(element, self._base_url)
        if video is None:
            return
        if video.title is None:
            caption = figure_caption(element)
            if caption is not None:
                # <figure><video src=...></video><figcaption>Side view</figcaption></figure>
                self._captions.add(caption)
                video = Video(url=video.url, title=text_of(caption) or None)
        if self._single is None:
            self._flush()
        self.blocks.append(Block(Kind.VIDEO, video.title or "", video=video))

    def _player(self, attributes: dict[str, str]) -> None:
        """A script-built player's placeholder that names its video in data attributes."""
        video = video_from_player_data(attributes, self._base_url)
        if video is None:
            return
        if self._single is None:
            self._flush()
        self.blocks.append(Block(Kind.VIDEO, video.title or "", video=video))

    def _srcdoc(self, markup: str, depth: int) -> None:
        """``<iframe srcdoc>``: a document written into the page, shown as part of it."""
        document = parse_document(markup)
        if document is None:
            return
        body = document.find("body")
        self._flush()
        self._children(body if body is not None else document, depth)
        self._flush()

    def _table_row(self, row: Any, depth: int) -> None:
        """A table row of plain cells is one entry: "1 | Grip the rope" is the step "Grip
        the rope" (a cell holding only a number is numbering). A header row of column
        labels ("Step | Description") is no content, nor a "Description" section. Rows
        with a row header (``<th>Instructions</th><td>...``) or block content in a cell
        are read cell by cell, as any container."""
        cells = [cell for cell in row if cell.tag in _CELL_TAGS]
        if len(cells) == 2 and self._is_attribute_table(row):
            self._emit_attribute(text_of(cells[0]), cell_values(cells[1]))
            return
        header_cells = sum(1 for cell in cells if cell.tag == "th")
        if len(cells) < 2 or (cells[0].tag == "th" and header_cells < len(cells)):
            self._container(row, "tr", Cue.NONE, depth, answer=self._answer)
            return
        for cell in cells:
            for node in cell.iterdescendants():
                if isinstance(node.tag, str) and node.tag not in INLINE_TAGS:
                    self._container(row, "tr", Cue.NONE, depth, answer=self._answer)
                    return
        if header_cells == len(cells):
            return  # column labels
        if cells[0].tag == "td" and is_numbering(text_of(cells[0])):
            cells = cells[1:]
        self._flush()
        saved = self._single
        self._single = (Kind.ITEM, 0)
        for index, cell in enumerate(cells):
            if index:
                self._add(" | ")
            self._children(cell, depth + 1)
        self._flush()
        self._single = saved

    def _link(self, element: Any, attributes: dict[str, str], depth: int) -> None:
        href = attributes.get("href")
        url = self._link_url(href) if href is not None else None
        # A fragment link inside a question is an accordion toggle, not in-page navigation.
        in_question = self._single is not None and self._single[0] is Kind.QUESTION
        jump = href is not None and href.strip().startswith("#") and not in_question
        if href is not None:
            self._links += 1
            self._jump_links += jump
        line_index, part_index = len(self._lines) - 1, len(self._line.parts)
        flushes, first_block = self._flushes, len(self.blocks)
        self._anchor += 1
        self._in_jump_link += jump
        text_chars = self._text_chars
        self._children(element, depth)
        if url is not None and self._text_chars == text_chars and self._flushes == flushes:
            # An image link (a video thumbnail, a program card picture): its accessible
            # name (aria-label, title, the image's alt) is its text (WAI-ARIA accname).
            label = accessible_name(element, attributes)
            if label:
                self._add(label)
        self._in_jump_link -= jump
        self._anchor -= 1
        if url is None:
            return
        if self._flushes == flushes:
            lines = self._lines[line_index:]
            parts = lines[0].parts[part_index:] + [p for line in lines[1:] for p in line.parts]
            text = clean_text("".join(parts))
            if text[:1].isdigit() and is_duration(text):
                # A video thumbnail link whose only text is its duration badge ("1:02"):
                # the image's alt names the video.
                text = accessible_name(element, attributes) or text
            self._lines[line_index].links.append(Link(url, text))
        elif len(self.blocks) > first_block:
            # A card link wrapping blocks: attach it to the first block it produced.
            block = self.blocks[first_block]
            produced = self.blocks[first_block:]
            link = Link(url, " ".join(b.text for b in produced if b.kind is not Kind.PLACEHOLDER))
            self.blocks[first_block] = replace(block, links=(*block.links, link))

    def _link_url(self, href: str) -> str | None:
        """The absolute link target; None for fragment-only and ``javascript:`` links."""
        href = href.strip()
        if not href or href.startswith("#") or href[:11].lower() == "javascript:":
            return None
        url = absolute_url(href, self._base_url)
        try:
            parts = urlsplit(url)
            _ = parts.port
        except ValueError:
            return None  # "http://[::1", a non-numeric port: nothing downstream can use it
        if links_to_exercise(parts.path):
            page = f"{parts.netloc}{parts.path}".rstrip("/")
            if page not in self._page_urls:
                self.exercise_links.add(page)
        return url

    # --- text collection --------------------------------------------------------------------

    def _add(self, text: str) -> None:
        line = self._line
        stripped = text.strip()
        size = len(stripped)
        if size and (stripped[0] in INVISIBLE or stripped[-1] in INVISIBLE):
            # Zero-width characters are not whitespace to str.strip(): a node of only
            # "&nbsp;&#8203;" between two menu links is no text (and no link density drop).
            size = len(text.strip(BLANK))
        if not size:
            if line.has_text:
                line.parts.append(text)  # the space between two inline words
            return  # leading whitespace (indentation) is never needed
        if (
            size <= CHROME_LINE_MAX_CHARS
            and stripped[0] not in NOT_INITIALS  # (``may_be_chrome_line``'s first test)
            and self._is_chrome_fragment(text)
        ):
            return
        if not self._bold and not line.plain:
            line.plain = True
            line.lead = len(line.parts) if line.has_text else 0
        line.parts.append(text)
        line.has_text = True
        self._text_chars += size
        if self._anchor:
            self._link_chars += size
            if self._in_jump_link:
                self._jump_chars += size

    def _is_chrome_fragment(self, text: str) -> bool:
        """A text node that is a whole placeholder or feedback line, glued to its neighbours
        (``<li>Step<span>Loading...</span></li>``): kept out of the line it would join.

        Placeholders only with an ellipsis here: "loading" alone is an ordinary word
        inside a sentence ("avoid <b>loading</b> the spine").
        """
        if not may_be_chrome_line(text):
            return False
        if is_feedback_line(text):
            return True
        if ("..." in text or "…" in text) and is_placeholder(text):
            self.blocks.append(Block(Kind.PLACEHOLDER, clean_text(text)))
            return True
        return False

    def _line_break(self) -> None:
        if self._single is not None:
            self._add(" ")
        else:
            self._line = _Line()
            self._lines.append(self._line)

    def _single_block(self, element: Any, kind: Kind, level: int, depth: int) -> None:
        if self._line.has_text or len(self._lines) > 1:  # (``_flush``'s no-op case, inline)
            self._flush()
        saved = self._single
        self._single = (kind, level)
        self._children(element, depth)
        self._flush()
        self._single = saved

    # --- emitting blocks --------------------------------------------------------------------

    def _flush(self) -> None:
        lines = self._lines
        if len(lines) == 1 and not lines[0].has_text:
            return  # nothing but whitespace was seen (it is never stored)
        self._lines = [_Line()]
        self._line = self._lines[0]
        self._flushes += 1
        if len(lines) == 1:
            # The common case (no <br>), without the generators below: it has text (see above).
            line = lines[0]
            if self._single is not None:
                kind, level = self._single
                self._emit_single(kind, level, clean_text("".join(line.parts)), tuple(line.links))
            else:
                self._emit_line(line)
            return
        if not any(line.has_text for line in lines):
            return
        if self._single is not None:
            kind, level = self._single
            text = clean_text(" ".join("".join(line.parts) for line in lines))
            links = tuple(link for line in lines for link in line.links)
            self._emit_single(kind, level, text, links)
            return
        if 1 < len(lines) <= 3:
            joined = clean_text(" ".join("".join(line.parts) for line in lines))
            if may_be_chrome_line(joined) and is_feedback_line(joined):
                return  # "Found errors?<br>Tell us!"
        for line in lines:
            if line.has_text:
                self._emit_line(line)

    def _emit_single(self, kind: Kind, level: int, text: str, links: tuple[Link, ...]) -> None:
        text = self._without_chrome(text)
        if kind is Kind.ITEM:
            text = strip_bullet(text)
        if text:
            # Positional (kind, text, level, links) here and in ``_emit_line``: keywords
            # cost a fifth of a Block's construction, once per block of every page.
            self.blocks.append(Block(kind, text, level, links))
            if level == 1 and kind is Kind.HEADING:
                self._after_title = True

    def _emit_line(self, line: _Line) -> None:
        if line.lead and self._emit_bold_lead(line):
            return
        text = self._without_chrome(clean_text("".join(line.parts)))
        if not text or (self._date is not None and self._date == (line, text) and not self._answer):
            # A line that is only a <time> is the post's date (blog and shop themes print
            # it under the title): page metadata, like the byline it often stands for.
            return
        if len(text) <= SWITCHER_MAX_CHARS and is_language_switcher(text):
            return
        links = tuple(line.links)
        bullet, rest = split_bullet(text)
        if bullet:
            if rest:
                # "1) Lie down. 2) Lift...": steps as prose, one paragraph the assembler splits.
                kind = Kind.PARAGRAPH if split_inline_steps(text) is not None else Kind.ITEM
                self.blocks.append(Block(kind, rest if kind is Kind.ITEM else text, 0, links))
        elif self._answer:
            self.blocks.append(Block(Kind.ANSWER, text, 0, links))
        elif self._looks_like_heading(text, line):
            self.blocks.append(Block(Kind.HEADING, text, 7, links))
        else:
            self.blocks.append(Block(Kind.PARAGRAPH, text, 0, links))

    def _emit_bold_lead(self, line: _Line) -> bool:
        """A bold run opening a line, then plain text: "<b>How long?</b> Two minutes."
        is a question and its answer, "<b>Instructions:</b> Lie down." a section heading and
        its first line. Other bold leads ("<b>Note:</b> ...") stay in the paragraph.

        Returns True when the line was emitted here.
        """
        lead = clean_text("".join(line.parts[: line.lead]))
        if len(lead) > HEADING_MAX_CHARS * 2:
            return False
        if lead.endswith(("?", "？")):
            kind = Kind.QUESTION
        elif canonical_section(lead) is not None:
            kind = Kind.HEADING
        else:
            return False
        rest = clean_text("".join(line.parts[line.lead :]))
        if not rest or is_feedback_line(f"{lead} {rest}"):
            return False  # "<b>Found errors?</b> <a>Tell us!</a>" is chrome, not a question
        lead = self._without_chrome(lead)
        if not lead:
            return False
        self.blocks.append(Block(kind, lead, level=7 if kind is Kind.HEADING else 0))
        rest_line = _Line()
        rest_line.parts = [rest]
        rest_line.links = line.links
        rest_line.has_text = rest_line.plain = True
        if kind is Kind.QUESTION:
            rest = self._without_chrome(rest)
            if rest:
                self.blocks.append(Block(Kind.ANSWER, rest, links=tuple(line.links)))
        else:
            self._emit_line(rest_line)
        return True

    def _without_chrome(self, text: str) -> str:
        """The text minus placeholders (emitted as PLACEHOLDER blocks) and chrome labels."""
        if may_be_chrome_line(text):
            if is_feedback_line(text) or is_expander_label(text):
                return ""
            if is_placeholder(text):
                self.blocks.append(Block(Kind.PLACEHOLDER, text))
                return ""
        # Embedded chrome needs an ellipsis (placeholder) or a "?" (feedback line).
        if "..." not in text and "…" not in text and "?" not in text:
            return text
        if not may_hold_chrome(text):
            return text  # (spares the regex, ~3 µs, on every question)
        match = CHROME_SUBSTRING.search(text)
        if match is None:
            return text
        if is_placeholder(match.group()):
            self.blocks.append(Block(Kind.PLACEHOLDER, clean_text(match.group())))
        return remove_chrome(text)

    def _looks_like_heading(self, text: str, line: _Line) -> bool:
        """Weak heading cues: a short bold-only line, a title-class element, a vocabulary line."""
        if len(text) > HEADING_MAX_CHARS or text.count(" ") >= HEADING_MAX_WORDS:
            return False
        if self._title or not line.plain:
            return not text.endswith(".")
        return canonical_section(text) is not None

    # --- taking back menus and feedback lines ------------------------------------------------

    def _is_teaser_card(self, start: int) -> bool:
        """A container whose first block is a heading linking to another exercise page: a
        "related exercises" card, whose own "Instructions" teaser and name are not this
        page's. (The links still count towards listing detection.)"""
        if len(self.blocks) - start < 2:
            return False  # a linked heading alone: its card is the container around it
        first = self.blocks[start]
        if first.kind is not Kind.HEADING or first.level == 1 or not first.links:
            return False
        if not any(self._is_other_exercise(link.url) for link in first.links):
            return False
        # Without the page's URL a link to the page itself cannot be told apart: then only
        # after the page's title has been read.
        return bool(self._page_urls) or any(b.kind is Kind.HEADING for b in self.blocks[:start])

    def _is_other_exercise(self, url: str) -> bool:
        try:
            parts = urlsplit(url)
        except ValueError:
            return False
        return links_to_exercise(parts.path) and (
            f"{parts.netloc}{parts.path}".rstrip("/") not in self._page_urls
        )

    def _is_menu(self, counters: tuple[int, int, int, int, int]) -> bool:
        """Link-dense (a mega menu outside ``<nav>``), or nothing but links to fragments of
        this page (a table of contents: "Videos · Programs · FAQ")."""
        links0, link_chars0, text_chars0, jump_links0, jump_chars0 = counters
        if self._links - links0 < _MENU_MIN_LINKS:
            return False  # the common case: a container with a link or two, or none
        text = self._text_chars - text_chars0
        jumps = self._jump_links - jump_links0
        if jumps >= _JUMP_MENU_MIN_LINKS and self._jump_chars - jump_chars0 == text:
            return True
        if self._links - links0 < LINK_DENSE_MIN_LINKS:
            return False
        return text == 0 or (self._link_chars - link_chars0) >= LINK_DENSE_RATIO * text

    def _protected(self, start: int) -> bool:
        """A link-dense range is content when it holds the title or a section, or follows a
        section heading (a Programs list of many links)."""
        for block in self.blocks[start:]:
            if block.kind is Kind.HEADING and block.level == 1:
                return True
            if block.kind in (Kind.HEADING, Kind.QUESTION) and canonical_section(block.text):
                return True
        if start > 0:
            previous = self.blocks[start - 1]
            if previous.kind in (Kind.HEADING, Kind.QUESTION):
                return canonical_section(previous.text) is not None
        return False

    def _is_feedback(self, element: Any, start: int, controls: int, visited: int) -> bool:
        """ "Found errors?" and "Tell us!" in separate small blocks or behind a button."""
        emitted = self.blocks[start:]
        if not emitted or len(emitted) > 3:
            return False
        if len(emitted) == 1 and self._controls_dropped == controls:
            return False  # one block is feedback only behind a dropped control (below)
        joined = " ".join([block.text for block in emitted])
        if len(joined) > _FEEDBACK_MAX_CHARS:
            return False
        if len(emitted) > 1 and may_be_chrome_line(joined) and is_feedback_line(joined):
            return True
        return (
            self._controls_dropped > controls
            and may_be_chrome_line(joined)
            and self._visited - visited <= _FEEDBACK_MAX_ELEMENTS
            and is_feedback_line(text_of(element))
        )
