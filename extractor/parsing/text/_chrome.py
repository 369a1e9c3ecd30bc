"""Site chrome in a text rendering of a whole page: dropped before the text is read.

A copy of a whole page ("select all" in a browser, a lynx or w3m dump) carries what
the HTML front end drops by markup: the skip link, the navigation menu, the
breadcrumb trail above the title, the cookie banner and the footer. Text has no
markup, so chrome is told by its place and shape:

- the head: the lines above the title. Short label lines ("Home", "Exercises",
  "Log in") with a chrome marker among them - a skip link, a breadcrumb trail
  ("Home > Exercises > Plank", or one crumb a line ending with the title), a menu
  (a run of three or more labels, or a w3m menu row), a cookie notice, a header bar's
  label ("Menu", "Sign in") or labels glued where CSS set them apart
  ("ExercisesProgramsVideosSign in", "FitMetricsMenu", "AcceptReject"), a print bar
  ("Print this page | Close window") - are chrome up to the last marker, when a title
  follows it.
- the tail: the lines after the last content. A run of short lines holding a footer
  marker (a copyright line "© 2025 ...", a legal link "Privacy policy", a cookie
  notice, a menu row, a share card "Share" / "Twitter Facebook", an author box's
  "Written by") is chrome from the paragraph holding the first marker on, with
  a menu just above it, and from the feedback line on when that line comes before
  the marker (the seed site closes the exercise with it; a "related exercises" box
  and the footer follow). A section heading set apart ends the tail: sections after
  the feedback line are content.
- other exercises' cards: a "Related exercises" heading after the page's sections whose
  cards repeat those section headings, up to a section the page has not had yet.

Skip links and a video card's duration badge ("0:48" on its own line) are chrome
wherever they are. Everything else is only dropped inside the head or the tail (or the
related box), and only when a marker says so: a short line alone is kept.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Final

from .._media import is_duration
from ..vocabulary import (
    MENU_TOGGLE_GLYPHS,
    canonical_section,
    is_author_label,
    is_consent_label,
    is_copyright_line,
    is_expander_label,
    is_feedback_prompt,
    is_footer_link,
    is_header_label,
    is_placeholder,
    is_print_bar_label,
    is_reading_time,
    is_related_heading,
    is_share_label,
    is_skip_link,
    is_video_url,
    mentions_cookies,
)
from ._lines import Line, is_link_only

__all__ = ["drop_site_chrome", "is_breadcrumb", "is_glued_labels"]

#: A label (a link of a menu, a crumb, a footer link) is this short.
LABEL_MAX_CHARS: Final = 40
LABEL_MAX_WORDS: Final = 5
#: A menu laid out one link a line: this many labels in one paragraph.
MENU_MIN_LABELS: Final = 3
#: How far the head and the tail are looked at (lines with content).
EDGE_MAX_LINES: Final = 60
#: A line of a footer or a banner ("Sign up for our newsletter.") is this short.
SHORT_MAX_CHARS: Final = 60
SHORT_MAX_WORDS: Final = 8
#: A cookie notice is a sentence or two, not a page.
COOKIE_NOTICE_MAX_CHARS: Final = 400

_SENTENCE_END: Final = (".", "!", "?", ";", ",", "…", ":")
# "Home > Exercises > Plank", "Accueil › Exercices › Gainage", "Start / Übungen / Plank".
_BREADCRUMB_SEPARATORS: Final = (" > ", " › ", " » ", " / ", " → ", " | ")
_ARROW_SEPARATORS: Final = frozenset(">›»→")
_BREADCRUMB_MIN_PARTS: Final = 3
_BREADCRUMB_MAX_PART_CHARS: Final = 40
# w3m lays a navigation bar out on one line: "FitMetrics  Programs  Videos  Log in".
_MENU_GAP: Final = re.compile(r"\s{2,}|\t")
_MENU_ITEM_MAX_CHARS: Final = 30
_DEEPEST_MARKDOWN_LEVEL: Final = 6
# The labels of a navigation bar copied as one line: "Programs · Videos", "Home | Videos".
_NAV_WORDS: Final = re.compile(r"\s*[|·•/]\s*|\s+")
_NAV_MAX_WORDS: Final = 8
# "Privacy policy | Terms | Impressum": footer links laid out on one line.
_LINK_SEPARATORS: Final = re.compile(r"\s*[|·•/]\s*|\s{2,}|\t")
# Where labels a header bar sets apart by CSS only meet in a copy: a lower-case letter then a
# capital ("Programs|Videos", "FitMetrics|Menu") or a menu toggle's glyph ("☰|FitMetrics").
_GLUE: Final = re.compile(
    rf"(?<=[a-zà-ÿß])(?=[A-ZÀ-Þ])|(?=[{MENU_TOGGLE_GLYPHS}])|(?<=[{MENU_TOGGLE_GLYPHS}])"
)
_GLUED_MAX_CHARS: Final = 60
# A share card's buttons on one line: "Twitter Facebook", "Facebook · X · Email".
_SHARE_SEPARATORS: Final = re.compile(r"\s*[|·•/,]\s*|\s+")
# A host name on its own line ("fitmetrics.ch"): Reader View's credit line under the title.
_HOST_NAME: Final = re.compile(r"^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$", re.IGNORECASE)


def drop_site_chrome(lines: list[Line], *, markdown: bool = False) -> None:
    """Blank (``text = ""``) the lines of ``lines`` that are site chrome (module docstring).

    In a markdown copy, links say what a menu is: link-only lines closing the page, not
    under a heading of their own, are the site's menus and footer links."""
    previous: Line | None = None
    for line in lines:
        if line.text and (
            is_skip_link(line.text)
            or is_expander_label(line.text)
            or _is_toggle(line, previous)
            or is_duration(line.text)
        ):
            line.text = ""
        previous = line
    _drop_head(lines)
    _drop_reader_header(lines)
    _drop_related(lines)
    _drop_tail(lines)
    if markdown:
        _drop_trailing_link_menus(lines)


def _is_toggle(line: Line, previous: Line | None) -> bool:
    """The glyph of an accordion's toggle copied on the line after its heading ("Instructions"
    then "+", "Videos" then "›" on a mobile page): no letter or digit, under a section
    heading."""
    return (
        previous is not None
        and _is_separator(line)
        and not is_placeholder(line.text)
        and _is_section_heading(previous)
    )


def is_breadcrumb(text: str, next_text: str) -> bool:
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


# --- shapes -------------------------------------------------------------------------------


def _is_label(line: Line) -> bool:
    """A short line without sentence punctuation: a link of a menu (bulleted or not), a
    crumb, a title."""
    text = line.bullet_text if line.is_bullet else line.text
    return (
        len(text) <= LABEL_MAX_CHARS
        and len(text.split()) <= LABEL_MAX_WORDS
        and not text.endswith(_SENTENCE_END)
        and any(char.isalpha() for char in text)
        and not is_placeholder(text)
    )


def _is_short(line: Line) -> bool:
    """A line short enough to be a footer's or a banner's ("Stay in shape!", "Sign up for
    our newsletter."), not a question (an unheaded FAQ may close the page)."""
    text = line.text
    return (
        len(text) <= SHORT_MAX_CHARS
        and len(text.split()) <= SHORT_MAX_WORDS
        and not text.endswith(("?", "？"))
    )


def _is_separator(line: Line) -> bool:
    """A line without a letter or digit ("›", "|", "/"): a crumb separator set on its own."""
    return not any(char.isalnum() for char in line.text)


def _is_cookie_notice(line: Line) -> bool:
    return len(line.text) <= COOKIE_NOTICE_MAX_CHARS and mentions_cookies(line.text)


def _is_menu_row(line: Line) -> bool:
    """Labels of a navigation bar laid out on one line, two or more naming a section
    ("Exercises Programs Videos Log in", "Programs · Videos"); or, apart by wide gaps as
    w3m lays them out, three or more with one naming a section."""
    text = line.text
    if text.endswith(_SENTENCE_END):
        return False
    words = [word for word in _NAV_WORDS.split(text) if word]
    if 2 <= len(words) <= _NAV_MAX_WORDS and (
        sum(1 for word in words if canonical_section(word) is not None) >= 2
    ):
        return True
    parts = _MENU_GAP.split(line.raw.strip())
    return (
        len(parts) >= MENU_MIN_LABELS
        and all(0 < len(part) <= _MENU_ITEM_MAX_CHARS for part in parts)
        and any(canonical_section(part) is not None for part in parts)
    )


def is_glued_labels(text: str) -> bool:
    """Labels of a header bar copied without the spaces CSS put between them: two or more
    pieces glued at a lower-case letter then a capital (or at a menu toggle's glyph), one of
    them a header, section or consent label ("ExercisesProgramsVideosSign in",
    "FitMetricsMenu", "AcceptReject", "☰FitMetrics"). A brand alone ("FitMetrics") names no
    label; a title's words are set apart by spaces ("Farmer's walk Videos" is not glued)."""
    if len(text) > _GLUED_MAX_CHARS or text.endswith(_SENTENCE_END):
        return False
    pieces = [piece.strip() for piece in _GLUE.split(text) if piece.strip()]
    return len(pieces) >= 2 and any(
        piece in MENU_TOGGLE_GLYPHS
        or is_header_label(piece)
        or is_consent_label(piece)
        or canonical_section(piece) is not None
        for piece in pieces
    )


def _is_print_bar(line: Line) -> bool:
    """A print version's bar: its links on one line ("Print this page | Close window")."""
    parts = [part for part in _LINK_SEPARATORS.split(line.text) if part]
    return bool(parts) and all(is_print_bar_label(part) for part in parts)


def _is_share_line(line: Line) -> bool:
    """A share card's title or its buttons ("Share", "Twitter Facebook"), nothing else."""
    text = line.bullet_text if line.is_bullet else line.text
    if is_share_label(text):
        return True
    parts = [part for part in _SHARE_SEPARATORS.split(text) if part]
    return len(parts) >= 2 and all(is_share_label(part) for part in parts)


def _is_menu(paragraph: Sequence[Line]) -> bool:
    """Labels in one paragraph, one a line: three or more with two not naming a section, or
    two or more as a bulleted list (a copied ``<ul>`` of links). (A title over empty
    sections, "Plank / Videos / Programs", names sections.)"""
    if not all(_is_label(line) for line in paragraph):
        return False
    if len(paragraph) >= 2 and all(line.is_bullet for line in paragraph):
        return True
    return (
        len(paragraph) >= MENU_MIN_LABELS
        and sum(1 for line in paragraph if canonical_section(line.text) is None) >= 2
    )


def _is_footer_line(line: Line) -> bool:
    """A copyright line, a legal link, or legal links on one line ("Privacy | Terms")."""
    text = line.bullet_text if line.is_bullet else line.text
    if is_copyright_line(text) or is_footer_link(text):
        return True
    parts = [part for part in _LINK_SEPARATORS.split(line.raw.strip()) if part]
    return len(parts) >= 2 and all(is_footer_link(part) for part in parts)


def _paragraphs(lines: Sequence[Line]) -> list[list[Line]]:
    """Runs of lines with content (a blank line ends one)."""
    return [paragraph for paragraph, _ in _paragraphs_after_feedback(lines)]


def _paragraphs_after_feedback(lines: Sequence[Line]) -> list[tuple[list[Line], bool]]:
    """Runs of lines with content, each with whether a feedback line comes before it
    (after the previous run)."""
    paragraphs: list[tuple[list[Line], bool]] = []
    current: list[Line] = []
    feedback = False
    after_feedback = False
    for line in lines:
        if line.text and not is_feedback_prompt(line.text):
            if not current:
                after_feedback, feedback = feedback, False
            current.append(line)
            continue
        if current:
            paragraphs.append((current, after_feedback))
            current = []
        feedback = feedback or line.is_feedback or bool(line.text)
    if current:
        paragraphs.append((current, after_feedback))
    return paragraphs


def _blank(paragraphs: Sequence[Sequence[Line]]) -> None:
    for paragraph in paragraphs:
        for line in paragraph:
            if not is_placeholder(line.text):  # placeholders are read as such, wherever
                line.text = ""


# --- the head -----------------------------------------------------------------------------


def _drop_head(lines: list[Line]) -> None:
    """Chrome above the title: every paragraph up to the last one holding a marker, when
    all of them are short lines and a title follows. A marker line inside a paragraph that
    also holds the title ("Home > Plank" over "Plank") goes with the lines above it."""
    head = _head(lines)
    cut: tuple[int, int] | None = None  # (paragraph, line) of the last marker
    for index, paragraph in enumerate(head):
        following = head[index + 1][0] if index + 1 < len(head) else None
        if _is_menu(paragraph) or _is_crumb_list(paragraph, following):
            cut = (index, len(paragraph) - 1)
            continue
        for position, line in enumerate(paragraph):
            after = paragraph[position + 1] if position + 1 < len(paragraph) else following
            if _is_head_marker(line, after):
                cut = (index, position)
    if cut is None:
        return
    last, position = cut
    at_end = last == len(head) - 1 and position == len(head[last]) - 1
    if at_end and position > 0 and _opens_prose(lines, head[last][-1]):
        position -= 1  # "Home / Exercises / Log in / Page not found" over a sentence
    rest = [*head[last][position + 1 :], *(line for later in head[last + 1 :] for line in later)]
    if not rest or not _can_be_title(rest[0]):
        return  # nothing after the "chrome" to name the page: not sure enough to drop it
    _blank(head[:last])
    _blank([head[last][: position + 1]])
    _blank([_labels_above_title(head[last][position + 1 :])])


def _opens_prose(lines: Sequence[Line], line: Line) -> bool:
    """Whether the line after ``line``, with no blank line between, is a sentence: the
    last label of a head copied without blank lines is then the title over its text."""
    index = next(index for index, candidate in enumerate(lines) if candidate is line)
    following = lines[index + 1] if index + 1 < len(lines) else None
    return (
        following is not None
        and bool(following.text)
        and not following.is_bullet
        and following.text.endswith((".", "!", "…"))
        and len(following.text) > LABEL_MAX_CHARS
    )


def _labels_above_title(rest: Sequence[Line]) -> list[Line]:
    """Labels left between the chrome and the first section heading in one paragraph: the
    title is the one just above the heading, those before it are chrome - a logo's text
    ("☰ / FitMetrics / Side plank / Videos") or the last crumb repeating the title
    ("Home / Exercises / Bird dog" over "Bird dog")."""
    run: list[Line] = []
    for line in rest:
        if _is_section_heading(line):
            return run[:-1]
        if not _is_label(line) or line.is_bullet or line.level:
            return []
        run.append(line)
    return []


def _head(lines: Sequence[Line]) -> list[list[Line]]:
    """The leading paragraphs whose every line may be chrome (a label, a crumb trail, a
    cookie notice): the title is among them or just after them."""
    head: list[list[Line]] = []
    seen = 0
    for paragraph in _paragraphs(lines):
        if len(paragraph) == 1 and _is_section_heading(paragraph[0]):
            break  # a section heading set apart: the page's content has begun
        candidates = 0
        for line in paragraph:
            if not _may_be_head_chrome(line) or 1 < line.level <= _DEEPEST_MARKDOWN_LEVEL:
                break
            candidates += 1
            if line.level == 1:
                break  # "# Title": the page's own title ends the head
        if candidates:
            head.append(paragraph[:candidates])
        seen += len(paragraph)
        if candidates < len(paragraph) or seen > EDGE_MAX_LINES:
            break
    return head


def _is_section_heading(line: Line) -> bool:
    return (
        not line.is_bullet and canonical_section(line.text) is not None and not is_link_only(line)
    )


def _may_be_head_chrome(line: Line) -> bool:
    return (
        _is_label(line)
        or is_link_only(line)
        or _is_separator(line)
        or _is_cookie_notice(line)
        or _is_menu_row(line)
        or is_breadcrumb(line.text, "")
        or (" / " in line.text or " | " in line.text)  # a crumb trail checked against the title
    )


def _is_head_marker(line: Line, following: Line | None) -> bool:
    return (
        is_link_only(line)
        or _is_separator(line)
        or _is_cookie_notice(line)
        or is_consent_label(line.text)
        or _is_menu_row(line)
        or is_header_label(line.bullet_text if line.is_bullet else line.text)
        or is_glued_labels(line.text)
        or _is_print_bar(line)
        or is_breadcrumb(line.text, following.text if following is not None else "")
    )


def _is_crumb_list(paragraph: Sequence[Line], following: Line | None) -> bool:
    """A breadcrumb copied one crumb a line: two or more labels, the last one the title
    that follows ("Home / Exercises / Plank" as list items, then "Plank")."""
    return (
        following is not None
        and len(paragraph) >= 2
        and all(_is_label(line) or _is_separator(line) for line in paragraph)
        and paragraph[-1].text.casefold() == following.text.casefold()
    )


def _can_be_title(line: Line) -> bool:
    return (
        not line.is_bullet
        and canonical_section(line.text) is None
        and not is_placeholder(line.text)
        and not is_link_only(line)
    )


# --- Reader View's header ----------------------------------------------------------------


def _drop_reader_header(lines: list[Line]) -> None:
    """Firefox Reader View puts the site's host and a reading-time estimate under the title
    ("Dead bug" / "fitmetrics.ch" / "2–3 minutes"): such lines between the title and the
    first section are chrome. Only these two shapes, and only right under the title."""
    content = (line for line in lines if line.text)
    if next(content, None) is None:  # the title
        return
    for line in content:
        if line.is_bullet or not (_HOST_NAME.match(line.text) or is_reading_time(line.text)):
            return
        line.text = ""


# --- the tail -----------------------------------------------------------------------------


def _drop_tail(lines: list[Line]) -> None:
    """Chrome after the last content: from the first paragraph of the tail that holds a
    footer marker on, with the menu just before it (the footer's navigation); and when the
    feedback line comes before that paragraph, from the feedback line on (on the seed site
    it closes the exercise: a "related exercises" box and the footer follow)."""
    tail = _tail(lines)
    marker = next(
        (
            index
            for index, (paragraph, _) in enumerate(tail)
            if any(_is_tail_marker(line) for line in paragraph)
        ),
        None,
    )
    if marker is None:
        return  # short lines alone at the end of a page are content
    start = marker - 1 if marker and _is_menu(tail[marker - 1][0]) else marker
    start = next((index for index in range(start + 1) if tail[index][1]), start)
    _blank([paragraph for paragraph, _ in tail[start:]])


def _tail(lines: Sequence[Line]) -> list[tuple[list[Line], bool]]:
    """The trailing paragraphs whose every line may be chrome (each with whether the
    feedback line precedes it). A section heading set apart is content ("Videos" over its
    placeholder), and so is everything above the first one (the title)."""
    first_heading = next(
        (index for index, line in enumerate(lines) if _is_section_heading(line)), None
    )
    if first_heading is None:
        return []
    tail: list[tuple[list[Line], bool]] = []
    seen = 0
    paragraphs = _paragraphs_after_feedback(lines[first_heading + 1 :])
    for paragraph, after_feedback in reversed(paragraphs):
        if not all(_may_be_tail_chrome(line) for line in paragraph) or _opens_section(paragraph):
            break
        tail.append((paragraph, after_feedback))
        seen += len(paragraph)
        if seen > EDGE_MAX_LINES:
            break
    return tail[::-1]


def _opens_section(paragraph: Sequence[Line]) -> bool:
    """A paragraph headed by a section heading that is not one label among others (a
    footer menu "Programs / Videos / Contact" names sections too)."""
    if not _is_section_heading(paragraph[0]):
        return False
    return len(paragraph) == 1 or not all(_is_label(line) for line in paragraph)


def _may_be_tail_chrome(line: Line) -> bool:
    return (
        _is_label(line)
        or _is_short(line)
        or is_link_only(line)
        or _is_separator(line)
        or _is_footer_line(line)
        or _is_cookie_notice(line)
        or is_placeholder(line.text)
    )


def _is_tail_marker(line: Line) -> bool:
    return (
        _is_footer_line(line)
        or _is_cookie_notice(line)
        or _is_menu_row(line)
        or _is_share_line(line)
        or is_author_label(line.text)
    )


def _drop_trailing_link_menus(lines: list[Line]) -> None:
    """The run of link-only paragraphs of labels that closes a markdown copy ("* [About](/a)"
    / "* [Privacy](/p)"), unless a heading opens it (a "Programs" section's links)."""
    paragraphs = _paragraphs(lines)
    run = 0
    for paragraph in reversed(paragraphs):
        if not all(is_link_only(line) and _is_label(line) for line in paragraph):
            break
        run += 1
    if not run or run == len(paragraphs):
        return
    above = paragraphs[-run - 1][-1]
    if above.level or _is_section_heading(above) or above.text.endswith((":", "：")):
        return
    if any(
        is_video_url(link.url)
        for paragraph in paragraphs[-run:]
        for line in paragraph
        for link in line.links
    ):
        return  # a video card after a text: content, whatever its shape
    _blank(paragraphs[-run:])


# --- other exercises' cards ---------------------------------------------------------------


def _drop_related(lines: list[Line]) -> None:
    """A "Related exercises" box after the page's own sections whose cards repeat the page's
    section headings for other exercises ("Box jump" / "Instructions" / ...): from its heading
    up to a section heading the page has not had yet (content resumes there), the lines are
    chrome. A related box of bare names repeats no heading: it is an extra section, kept."""
    seen: set[str] = set()
    start: int | None = None
    for index, line in enumerate(lines):
        if not line.text:
            continue
        section = canonical_section(line.text) if _is_section_heading(line) else None
        if start is None:
            if section is not None:
                seen.add(section)
            elif seen and not line.is_bullet and is_related_heading(line.text):
                start = index
        elif section is not None:
            if section in seen:  # a card's heading: the box is other exercises' cards
                end = _end_of_cards(lines, index, seen)
                _blank([lines[start:end]])
            start = None
            if section not in seen:
                seen.add(section)


def _end_of_cards(lines: Sequence[Line], index: int, seen: set[str]) -> int:
    """Where a box of cards starting before ``index`` ends: at the first heading of a section
    the page has not had yet, else at the end of the page."""
    for end in range(index, len(lines)):
        line = lines[end]
        if line.text and _is_section_heading(line) and canonical_section(line.text) not in seen:
            return end
    return len(lines)
