"""Blocks -> ``Exercise``: the one place that decides what page content means.

The assembler reads the ``PageContent`` of either front end in four steps:

1. ``_sanitise``: chrome blocks become placeholders or disappear.
2. ``_find_name`` + ``_segment``: the name heading is taken out and the block
   stream is cut into sections at every section heading (vocabulary headings,
   and headings outside the vocabulary, which start extra sections; question
   headings stay inside the current section as questions).
3. ``_Reader.read``: each section is read by its kind (list, description,
   FAQ, videos, programs, extra, preamble). Inside any section, the first
   question (a structural QUESTION, a question heading, or a short paragraph
   ending with "?" followed by an answer) starts the FAQ part of that section.
4. ``_require_exercise`` raises for error pages, listings, unrendered
   shells and other pages; ``_build`` removes every trace of chrome text (the
   single place enforcing that invariant) and builds the record.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Final
from urllib.parse import urlsplit

from .._exceptions import ErrorPage, InputError, ListingPage, NotAnExercisePage, UnrenderedPage
from .._models import Exercise, ExtraSection, FaqItem, Language, Program, Video
from ._blocks import MAX_DEPTH, Block, Kind, PageContent
from ._cleaning import clean_text, remove_chrome, strip_decoration
from ._media import is_duration, video_identity
from ._urls import ExerciseUrl, normalise_url, parse_exercise_url
from .vocabulary import (
    ERROR_PAGE_PHRASES,
    LANGUAGE_HINT_WORDS,
    LANGUAGES,
    LIST_SECTIONS,
    LISTING_JSONLD_TYPES,
    MEDIA_SECTIONS,
    STEP_LABELS,
    canonical_section,
    has_question_label,
    heading_language,
    is_copyright_line,
    is_feedback_line,
    is_feedback_prompt,
    is_placeholder,
    is_video_url,
    normalise_key,
    without_answer_label,
    without_question_label,
)

__all__ = ["assemble"]

#: A page with this many links to exercise pages and no exercise content is a listing.
LISTING_MIN_EXERCISE_LINKS: Final = 5
#: Sections whose deeper headings are phases of the section ("Starting position").
SUBHEADED_SECTIONS: Final = ("instructions",)
#: The nesting depth beyond which the HTML walker skips content (see ``_html_walk``).
MAX_NESTING: Final = MAX_DEPTH
#: A paragraph longer than this is running text even when it ends with "?".
QUESTION_MAX_CHARS: Final = 200
#: The first half of a feedback line ("Vous avez trouvé des erreurs ?") is no longer.
FEEDBACK_HALF_MAX_CHARS: Final = 60
#: How much text the function-word language vote reads, and the hits it needs.
TEXT_LANGUAGE_SAMPLE_CHARS: Final = 4000
TEXT_LANGUAGE_MIN_HITS: Final = 3

# The kinds as module globals: in CPython 3.11 reading ``Kind.HEADING`` costs ~60 ns (a
# metaclass attribute lookup), a global ~5 ns, and the assembler tests a block's kind
# some 300 times a page.
_HEADING: Final = Kind.HEADING
_ITEM: Final = Kind.ITEM
_PARAGRAPH: Final = Kind.PARAGRAPH
_QUESTION: Final = Kind.QUESTION
_ANSWER: Final = Kind.ANSWER
_PLACEHOLDER: Final = Kind.PLACEHOLDER
_VIDEO: Final = Kind.VIDEO
_TEXT_KINDS: Final = (_PARAGRAPH, _ITEM, _ANSWER, _QUESTION, _HEADING)
_ANSWER_KINDS: Final = (_PARAGRAPH, _ANSWER, _ITEM)
_QUESTION_END: Final = ("?", "？")
# " | Site", " - Site", " – Site" at the end of a <title>.
_TITLE_PIPE: Final = re.compile(r"\s+[|｜]\s+")
_TITLE_DASH: Final = re.compile(r"\s+[-–—·]\s+")
_NON_WORD: Final = re.compile(r"[\W_]+")
# A byte table mapping the ASCII characters ``_NON_WORD`` matches to a space: on ASCII text
# (nearly all of it) a bytes ``translate`` + ``split`` finds the same word runs 6x faster
# than the regex (2.2 -> 0.37 µs for a FAQ question; ``str.translate`` takes 1.1).
_ASCII_NON_WORD: Final = bytes(
    ord(" ") if code < 128 and _NON_WORD.match(chr(code)) else code for code in range(256)
)


@dataclass(slots=True)
class _Section:
    """A run of blocks under one heading (``canonical`` None: extra section or preamble)."""

    title: str
    canonical: str | None
    level: int
    is_preamble: bool = False
    blocks: list[Block] = field(default_factory=list)
    question_level: int | None = None
    """Level of the first heading that was read as a question in this section."""
    subheadings: list[str] = field(default_factory=list)
    """Headings nested inside this section and read as part of it ("Starting position")."""

    @property
    def has_content(self) -> bool:
        """Whether it holds a block other than a placeholder."""
        return any(block.kind is not _PLACEHOLDER for block in self.blocks)


@dataclass(slots=True)
class _Draft:
    """The record's fields while they are being filled."""

    lists: dict[str, list[str]] = field(default_factory=lambda: {n: [] for n in LIST_SECTIONS})
    description: list[str] = field(default_factory=list)
    faq: list[FaqItem] = field(default_factory=list)
    videos: list[Video] = field(default_factory=list)
    programs: list[Program] = field(default_factory=list)
    extra_sections: list[ExtraSection] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    unloaded: set[str] = field(default_factory=set)
    filled: set[str] = field(default_factory=set)
    """Canonical sections that yielded real content."""

    def warn(self, message: str) -> None:
        if message not in self.warnings:
            self.warnings.append(message)


def assemble(page: PageContent, *, url: str | None, sha256: str) -> Exercise:
    """Turn a front end's blocks into a validated ``Exercise``.

    Raises ``ErrorPage``, ``ListingPage``, ``UnrenderedPage`` or ``NotAnExercisePage``
    (with a message that says why) when the page does not describe an exercise.
    """
    blocks = _without_own_address(_sanitise(page.blocks), (url, page.canonical_url))
    name_index, name = _find_name(blocks, page.title_hint, url or page.canonical_url)
    sections = _segment(blocks, skip=name_index)
    draft = _Reader(sections, page).read()
    name = _require_exercise(page, blocks, sections, draft, name)
    if name_index is None:
        draft.warn("no heading names the exercise; the name comes from the page title")
    if page.truncated:
        draft.warn("the HTML ends without </body> or </html>: the page may be truncated")
    if page.deep_skipped or page.cut_short:
        draft.warn(_deep_message(page))
    _merge_jsonld(draft, page)
    return _build(draft, page, sections, name=name, url=url, sha256=sha256)


# --- step 1: sanitise ---------------------------------------------------------------------


def _sanitise(blocks: list[Block]) -> list[Block]:
    """Placeholder text in any block becomes a PLACEHOLDER; feedback lines and empty blocks go.

    Block text is clean by contract (``_blocks.Block``), so only the ends are trimmed.
    """
    result = []
    split_feedback = _split_feedback_lines(blocks)
    for index, block in enumerate(blocks):
        if index in split_feedback:
            continue
        kind = block.kind
        text = block.text.strip()
        if kind is _VIDEO:
            if block.video is not None:
                result.append(block)
        elif kind is _PLACEHOLDER or is_placeholder(text):
            result.append(Block(_PLACEHOLDER, text))
        elif text and not is_feedback_line(text):
            if kind is _PARAGRAPH and _is_copyright_notice(text):
                continue  # a footer without <footer>: "<div class=bg-dark><p>© 2026 ..."
            if kind is _HEADING or kind is _QUESTION:
                # "🏋️ Goblet squat", "❓ How long?": the icons are not part of the title.
                text = strip_decoration(text)
                if not text:
                    continue  # a heading that is only an emoji separates nothing
            result.append(block if text == block.text else _with_text(block, text))
    return result


# "(c)" opens an enumerated step ("(c) Lower the bar") as often as a notice: only with a year.
_ENUMERATION_C: Final = re.compile(r"\(c\)\s*(?!(?:19|20)\d\d\b)", re.IGNORECASE)


def _is_copyright_notice(text: str) -> bool:
    """A site footer's copyright line ("© 2026 FitMetrics AG · Privacy · Terms", "... All
    rights reserved."), which a ``<div>``-built footer leaves in the content's flow."""
    return is_copyright_line(text) and _ENUMERATION_C.match(text.lstrip()) is None


_STEP_COUNTER: Final = re.compile(
    r"(?:(?:{})\s*)?\d{{1,3}}[.):]?".format(
        "|".join(re.escape(word) for words in STEP_LABELS.values() for word in words)
    ),
    re.IGNORECASE,
)


def _is_step_counter(text: str) -> bool:
    # The cheap test first: a counter is short and ends with its number (or ".", ")", ":").
    return (
        len(text) <= _STEP_COUNTER_MAX_CHARS
        and text[-1] in _COUNTER_ENDS
        and _STEP_COUNTER.fullmatch(text) is not None
    )


_STEP_COUNTER_MAX_CHARS: Final = 2 + max(len(w) for ws in STEP_LABELS.values() for w in ws) + 4
_COUNTER_ENDS: Final = frozenset("0123456789.):")


def _video_title(text: str) -> str | None:
    """A video link's text as its title; not a card's duration badge ("1:02")."""
    return None if not text or is_duration(text) else text


def _is_bare_video_url(text: str) -> bool:
    return text.startswith(("https://", "http://")) and " " not in text and is_video_url(text)


def _without_own_address(blocks: list[Block], page_urls: tuple[str | None, ...]) -> list[Block]:
    """Without paragraphs that are only the page's own address (a print version prints
    it under the title): the record's ``url`` holds it already."""
    candidates = [
        index
        for index, block in enumerate(blocks)
        if block.kind is _PARAGRAPH
        and block.text.startswith(("http://", "https://"))
        and " " not in block.text
    ]
    if not candidates:
        return blocks  # the common case: no bare address, no URL to normalise
    keys = {_url_key(url) for url in page_urls if url}
    own = {index for index in candidates if _url_key(blocks[index].text) in keys}
    return [block for index, block in enumerate(blocks) if index not in own]


def _split_feedback_lines(blocks: list[Block]) -> set[int]:
    """Indexes of the two halves of a feedback line split over two blocks ("Found errors?"
    in one element or line, "Tell us!" in the next), or of its prompt half alone: neither
    is a question or an answer.

    Every feedback line's first half ends with "?": only such short blocks are checked.
    """
    found: set[int] = set()
    for index, block in enumerate(blocks):
        text = block.text.rstrip()
        if len(text) > FEEDBACK_HALF_MAX_CHARS or not text.endswith(_QUESTION_END):
            continue
        following = blocks[index + 1].text if index + 1 < len(blocks) else ""
        if following and is_feedback_line(f"{text} {following}"):
            found.update((index, index + 1))
        elif is_feedback_prompt(text):
            found.add(index)  # its "Tell us!" half was a button, dropped as a control
    return found


def _with_text(block: Block, text: str) -> Block:
    return Block(block.kind, text, level=block.level, links=block.links, video=block.video)


# --- step 2: name and sections ------------------------------------------------------------


def _find_name(
    blocks: list[Block], title_hint: str | None, page_url: str | None = None
) -> tuple[int | None, str | None]:
    """(index of the name heading or None, name): the first level-1 heading, else the first
    heading before any section, else the page title without its site name."""
    for index, block in enumerate(blocks):
        if block.kind is _HEADING and block.level == 1 and _can_be_name(block.text):
            return index, block.text
    for index, block in enumerate(blocks):
        if _section_of(block) is not None:
            break
        if block.kind is _HEADING and _can_be_name(block.text) and not _is_question(block):
            return index, block.text
    if title_hint:
        title = _strip_site_suffix(clean_text(title_hint), page_url)
        if _can_be_name(title):
            return None, title
    return None, None


def _can_be_name(text: str) -> bool:
    return bool(remove_chrome(text)) and canonical_section(text) is None


def _strip_site_suffix(title: str, page_url: str | None = None) -> str:
    """ "Psoas smash | FitMetrics" -> "Psoas smash"; "Psoas smash - FitMetrics" likewise.

    The part naming the site is recognised by the page's host ("fitmetrics.ch"), so a
    site name in front ("FitMetrics | Psoas smash") goes too; without a host, the site
    name is taken to be last, as most sites put it.
    """
    pipe = _TITLE_PIPE.search(title) is not None
    parts = (_TITLE_PIPE if pipe else _TITLE_DASH).split(title)
    if len(parts) == 1:
        return title
    site = _site_key(page_url)
    kept = [part for part in parts if not (site and _names_site(part, site))]
    if not kept or len(kept) == len(parts):
        kept = parts[:1] if pipe else parts[:-1]
    return (kept[0] if pipe else " - ".join(kept)).strip()


def _site_key(url: str | None) -> str:
    """ "https://www.fitmetrics.ch/en/..." -> "fitmetrics" ("" when unknown)."""
    try:
        host = (urlsplit(url).hostname or "") if url else ""
    except ValueError:
        return ""
    labels = [label for label in host.split(".") if label and label != "www"]
    return _NON_WORD.sub("", labels[-2] if len(labels) >= 2 else "".join(labels)).casefold()


def _names_site(part: str, site: str) -> bool:
    key = _NON_WORD.sub("", part.casefold())
    return len(key) >= 3 and (key.startswith(site) or site.startswith(key))


def _section_of(block: Block) -> str | None:
    """The canonical section a heading-like block opens, if any."""
    kind = block.kind
    if kind is _HEADING or kind is _QUESTION:
        return canonical_section(block.text)
    return None


def _is_question(block: Block) -> bool:
    """A short text ending with "?", or labelled as a question ("Q: ...", "Frage: ...")."""
    text = block.text
    if len(text) > QUESTION_MAX_CHARS:
        return False
    return text.rstrip().endswith(_QUESTION_END) or has_question_label(text)


def _segment(blocks: list[Block], *, skip: int | None) -> list[_Section]:
    """Cut the stream into sections; the first one is the preamble (before any heading)."""
    current = _Section(title="", canonical=None, level=0, is_preamble=True)
    sections = [current]
    for index, block in enumerate(blocks):
        if index == skip:
            continue
        canonical = _section_of(block)
        if canonical is not None:
            level = block.level if block.kind is _HEADING else 7
            current = _Section(title=block.text, canonical=canonical, level=level)
            sections.append(current)
        elif block.kind is not _HEADING:  # text, a question, a placeholder, a video
            if skip is not None and index < skip and _is_link_only(block):
                continue  # links above the title: navigation ("Programs · Videos", "Back")
            current.blocks.append(block)
        elif _heading_is_question(block, current):
            if current.question_level is None:
                current.question_level = block.level
            current.blocks.append(Block(_QUESTION, block.text, links=block.links))
        elif block.links and current.canonical in MEDIA_SECTIONS:
            # A card's linked title ("<a class=card><h5>Posterior chain</h5>...</a>") under
            # Programs/Videos is one entry of that section, not a section of its own.
            current.blocks.append(block)
        elif _is_subheading(block, current):
            current.subheadings.append(block.text)
        elif _is_emphasis(block, current):
            current.blocks.append(Block(_PARAGRAPH, block.text, links=block.links))
        else:
            current = _Section(title=block.text, canonical=None, level=block.level)
            sections.append(current)
    return sections


def _is_emphasis(block: Block, current: _Section) -> bool:
    """A weak heading cue (a bold-only line, level 7) outside the vocabulary, inside a
    section opened by a real ``<h1>``-``<h6>``: emphasis within that section ("<p><strong>
    Core strength</strong></p>" in a Description), not a section of its own. Pages whose
    every heading is bold keep their bold lines as headings (their sections are level 7)."""
    return block.level == 7 and not current.is_preamble and current.level < 7


def _is_subheading(block: Block, current: _Section) -> bool:
    """A heading outside the vocabulary nested deeper than the Instructions heading
    ("<h2>Instructions</h2><h3>Starting position</h3><ul>...<h3>Movement</h3><ol>..."):
    phases of the one list of steps, not sections of their own. Instructions only: under
    other headings a deeper heading is as often a new topic ("Equipment"); and real
    heading levels only (a bold line may be a step of its own)."""
    return (
        current.canonical in SUBHEADED_SECTIONS
        and not current.is_preamble
        and current.level < block.level <= 6
    )


def _is_link_only(block: Block) -> bool:
    """A block whose words are all link text (a row of navigation links)."""
    if not block.links or block.kind not in (_PARAGRAPH, _ITEM):
        return False
    rest = block.text
    for link in block.links:
        rest = rest.replace(link.text, " ", 1) if link.text else rest
    return not any(char.isalnum() for char in rest)


def _heading_is_question(block: Block, current: _Section) -> bool:
    """A heading ending with "?" is a FAQ question; inside an explicit FAQ section, so is
    any heading nested deeper than the FAQ heading, and any heading at the level of the
    section's questions (a builder that styles the FAQ title and its toggles alike, e.g.
    Elementor's title divs: "How long should I hold it?" then "Is it bad for the knees")."""
    if _is_question(block):
        return True
    if current.canonical != "faq":
        return False
    return block.level > current.level or block.level == current.question_level


# --- step 3: read sections ----------------------------------------------------------------


class _Reader:
    """Reads sections into a ``_Draft``, one small method per section kind."""

    def __init__(self, sections: list[_Section], page: PageContent) -> None:
        self.sections = sections
        self.page = page
        self.draft = _Draft()
        self.has_description = any(s.canonical == "description" for s in sections)
        # With a FAQ heading on the page, a question-shaped paragraph elsewhere is running
        # text (a rhetorical question in the description), not an unheaded FAQ.
        self.has_faq_heading = any(s.canonical == "faq" for s in sections)

    def read(self) -> _Draft:
        seen: Counter[str] = Counter()
        contents: set[tuple[str, tuple[str, ...]]] = set()
        for section in self.sections:
            if section.canonical is not None:
                seen[section.canonical] += 1
                texts = tuple(b.text for b in section.blocks if b.kind is not _PLACEHOLDER)
                content = (section.canonical, texts)
                if texts and content in contents:
                    # The same section rendered twice (desktop and mobile layouts): once.
                    self.draft.warn(
                        f"section '{section.canonical}' appears twice with the same content; "
                        "the copy was ignored"
                    )
                    continue
                contents.add(content)
                if seen[section.canonical] == 2:
                    self.draft.warn(f"section '{section.canonical}' appears more than once; merged")
            self._read_section(section)
            for subheading in section.subheadings:
                self.draft.warn(
                    f"sub-heading {subheading!r} of section '{section.canonical}' "
                    "read as part of it"
                )
        self._jsonld_steps()
        self._mark_unloaded(seen)
        return self.draft

    def _jsonld_steps(self) -> None:
        """JSON-LD ``HowTo`` steps fill the instructions when the page body has none (a
        shell whose step list is rendered by JavaScript from that very JSON-LD). The body
        wins when it has steps: it is what the reader sees."""
        steps = self.page.jsonld_steps
        if steps and not self.draft.lists["instructions"]:
            self.draft.lists["instructions"].extend(steps)
            self.draft.filled.add("instructions")
            self.draft.warn("instructions taken from the JSON-LD HowTo (the page body has none)")

    def _read_section(self, section: _Section) -> None:
        embedded = [b.video for b in section.blocks if b.kind is _VIDEO and b.video]
        self.draft.videos.extend(embedded)
        if section.canonical == "videos":
            self._mark_filled("videos", embedded)
        blocks = [b for b in section.blocks if b.kind not in (_VIDEO, _PLACEHOLDER)]
        if section.canonical == "faq":
            start = 0
        else:
            start = _faq_start(
                blocks,
                weak_questions=not self.has_faq_heading,
                opens_section=section.canonical is not None
                and bool(section.blocks)
                and section.blocks[0].kind is not _PLACEHOLDER,
            )
        body, faq_part = blocks[:start], blocks[start:]
        if body or not (faq_part or section.canonical or section.is_preamble):
            self._read_body(section, body)  # an empty extra section keeps its heading
        if faq_part:
            self._read_faq(section, faq_part)

    def _read_body(self, section: _Section, body: list[Block]) -> None:
        canonical = section.canonical
        texts = [block.text for block in body if block.kind in _TEXT_KINDS]
        if canonical in LIST_SECTIONS:
            # "<div class=step><div>Step 1</div><div>Lie down.</div></div>": the counter
            # numbers the step after it, it is not a step (issue 2: numbering removed).
            texts = [text for text in texts if not _is_step_counter(text)]
            self.draft.lists[canonical].extend(texts)
            self._mark_filled(canonical, texts)
        elif canonical == "description":
            self.draft.description.extend(texts)
            self._mark_filled(canonical, texts)
        elif canonical == "videos":
            self._read_videos(section, body)
        elif canonical == "programs":
            self._read_programs(section, body)
        elif section.is_preamble:
            self._read_preamble(texts)
        else:
            self.draft.extra_sections.append(ExtraSection(title=section.title, items=texts))

    def _mark_filled(self, canonical: str, values: list[str] | list[Video] | list[Program]) -> None:
        if values:
            self.draft.filled.add(canonical)

    def _read_preamble(self, texts: list[str]) -> None:
        """Text before the first section: the description when the page has none, else an
        extra section without a title. Either way it is kept, with a warning."""
        if not texts:
            return
        if self.has_description:
            self.draft.extra_sections.append(ExtraSection(title="", items=texts))
            self.draft.warn("text before the first section kept as an untitled extra section")
        else:
            self.draft.description.extend(texts)
            self.draft.warn("text before the first section used as the description")

    def _read_videos(self, section: _Section, body: list[Block]) -> None:
        found: list[Video] = []
        leftovers: list[str] = []
        for block in body:
            videos = [
                Video(url=link.url, title=_video_title(link.text))
                for link in block.links
                if is_video_url(link.url)
            ]
            if not videos and _is_bare_video_url(block.text):
                # WordPress prints an embed it could not resolve as its bare URL.
                videos = [Video(url=block.text, title=None)]
            if videos:
                found.extend(videos)
            elif block.text:
                leftovers.append(block.text)
        self.draft.videos.extend(found)
        self._mark_filled("videos", found)
        if leftovers:
            self.draft.extra_sections.append(ExtraSection(title=section.title, items=leftovers))
            self.draft.warn("section 'videos' holds text that is not a video; kept as extra")

    def _read_programs(self, section: _Section, body: list[Block]) -> None:
        """Linked entries are programs, unlinked bullets too. A card's linked title heading
        names its program; the unlinked text under it is card detail ("6 weeks"), kept as
        extra rather than mistaken for programs."""
        found: list[Program] = []
        leftovers: list[str] = []
        in_card = False
        for block in body:
            if block.links:
                in_card = block.kind is _HEADING
                title = block.text if in_card else ""
                found.extend(
                    Program(name=title or link.text or block.text or link.url, url=link.url)
                    for link in block.links
                )
            elif block.text and in_card and block.kind is not _ITEM:
                leftovers.append(block.text)
            elif block.text:
                in_card = False
                found.append(Program(name=block.text, url=None))
        self.draft.programs.extend(found)
        self._mark_filled("programs", found)
        if leftovers:
            self.draft.extra_sections.append(ExtraSection(title=section.title, items=leftovers))
            self.draft.warn("section 'programs' holds text that is not a program; kept as extra")

    def _read_faq(self, section: _Section, blocks: list[Block]) -> None:
        """Pair questions with the answer blocks that follow them."""
        question: str | None = None
        answer: list[str] = []
        intro: list[str] = []
        for block in blocks:
            if block.kind is _QUESTION or (block.kind is _PARAGRAPH and _is_question(block)):
                self._add_pair(question, answer)
                question, answer = block.text, []
            elif question is not None:
                answer.append(block.text)
            else:
                intro.append(block.text)
        self._add_pair(question, answer)
        if intro:
            self.draft.extra_sections.append(ExtraSection(title=section.title, items=intro))
            self.draft.warn(f"text before the first question of '{section.title}' kept as extra")

    def _add_pair(self, question: str | None, answer: list[str]) -> None:
        if question is None:
            return
        # "Q: How long?" / "A: Ten seconds.": the labels say which is which; not content.
        question = without_question_label(question)
        if answer:
            answer = [without_answer_label(answer[0]), *answer[1:]]
        if not answer:
            # Chosen over a pair with an empty answer: downstream jobs expect answered pairs.
            self.draft.warn(f"question without an answer dropped from faq: {question!r}")
            return
        text = "\n\n".join(answer)
        # Compared as strings: a pydantic model's __eq__ costs ~2 µs a pair.
        if any(item.question == question and item.answer == text for item in self.draft.faq):
            self.draft.warn(f"FAQ pair repeated on the page kept once: {question!r}")
            return
        self.draft.faq.append(FaqItem(question=question, answer=text))
        self.draft.filled.add("faq")

    def _mark_unloaded(self, seen: Counter[str]) -> None:
        """Sections whose heading is there but whose content is placeholders or nothing."""
        for canonical in seen:
            if canonical in self.draft.filled:
                continue  # (the common case, decided before looking at the sections)
            instances = [s for s in self.sections if s.canonical == canonical]
            if any(s.has_content for s in instances):
                continue
            if canonical == "videos" and self.page.jsonld_videos:
                continue  # the page's JSON-LD gives its videos (merged below)
            self.draft.unloaded.add(canonical)
            if canonical in MEDIA_SECTIONS:
                continue  # filled by JavaScript on the live site: expected, not odd
            if any(s.blocks for s in instances):
                self.draft.warn(f"section '{canonical}' holds only a loading placeholder")
            else:
                self.draft.warn(f"section '{canonical}' has a heading but no content")
        for section in self.sections:
            if section.canonical is None and not section.is_preamble and not section.has_content:
                self.draft.warn(f"section {section.title!r} has a heading but no content")


def _faq_start(
    blocks: list[Block], *, weak_questions: bool = True, opens_section: bool = False
) -> int:
    """Index of the first block of the section's FAQ part (len(blocks) when there is none).

    A structural QUESTION always starts it. A question-shaped paragraph followed by an
    answer (the seed page's unheaded FAQ) does only when ``weak_questions``; and when it
    opens a section (``opens_section``: the first block under a Description heading, no
    placeholder before it) only if another question follows: a single question opening
    a section is rhetorical ("Why hang at all?" then the description's prose).
    """
    for index, block in enumerate(blocks):
        if block.kind is _QUESTION:
            return index
        if (
            weak_questions
            and _weak_question(blocks, index)
            and (index or not opens_section or _any_question(blocks, start=1))
        ):
            return index
    return len(blocks)


def _weak_question(blocks: list[Block], index: int) -> bool:
    block = blocks[index]
    return block.kind is _PARAGRAPH and _is_question(block) and _answered(blocks, index)


def _any_question(blocks: list[Block], *, start: int) -> bool:
    return any(
        blocks[index].kind is _QUESTION or _weak_question(blocks, index)
        for index in range(start, len(blocks))
    )


def _answered(blocks: list[Block], index: int) -> bool:
    """Whether the question paragraph at ``index`` is followed by an answer (not a question)."""
    if index + 1 >= len(blocks):
        return False
    following = blocks[index + 1]
    return following.kind in _ANSWER_KINDS and not (
        following.kind is _PARAGRAPH and _is_question(following)
    )


# --- step 4: refuse non-exercise pages, merge JSON-LD, build --------------------------------


def _require_exercise(
    page: PageContent,
    blocks: list[Block],
    sections: list[_Section],
    draft: _Draft,
    name: str | None,
) -> str:
    """The name, if the page is an exercise: it has a name and a section other than the
    FAQ with content (a FAQ alone describes no exercise). Raise otherwise, saying why."""
    exercise_content = sorted(draft.filled - {"faq"})
    if not exercise_content:
        _raise_empty_page(page, blocks, sections, name)
    if name is None:
        raise NotAnExercisePage(
            "the page has exercise sections but no name: no level-1 heading, "
            "no heading before the first section and no usable <title>"
        )
    return name


def _raise_empty_page(
    page: PageContent, blocks: list[Block], sections: list[_Section], name: str | None
) -> None:
    headings = [
        text
        for text in (name, page.title_hint, *(b.text for b in blocks if b.kind is _HEADING))
        if text
    ]
    error_heading = next((text for text in headings if _says_error(text)), None)
    if error_heading is not None:
        raise ErrorPage(f"the page is an error page: its title/heading says {error_heading!r}")
    listing_types = sorted(set(page.jsonld_types) & set(LISTING_JSONLD_TYPES))
    if page.exercise_link_count >= LISTING_MIN_EXERCISE_LINKS or listing_types:
        why = (
            f"JSON-LD type {', '.join(listing_types)}"
            if listing_types
            else f"{page.exercise_link_count} links to exercise pages"
        )
        raise ListingPage(f"the page is a listing ({why}) and has no exercise section")
    if page.frame_urls:
        raise NotAnExercisePage(
            "the page is a frameset: its content is in other documents "
            f"({', '.join(page.frame_urls[:5])})"
        )
    if page.deep_skipped or page.cut_short:
        raise InputError(f"no exercise section found: {_deep_message(page)}")
    recognised = sorted({s.canonical for s in sections if s.canonical is not None})
    placeholders = sum(1 for b in blocks if b.kind is _PLACEHOLDER)
    if recognised:
        raise UnrenderedPage(
            f"the page has section headings ({', '.join(recognised)}) but no exercise content "
            f"({placeholders} loading placeholder(s)): its content never rendered"
        )
    if placeholders:
        raise UnrenderedPage(
            f"the page holds only a title and {placeholders} loading placeholder(s): "
            "a JavaScript shell whose content never rendered"
        )
    raise NotAnExercisePage(
        "no exercise section found: no heading matches the section vocabulary "
        "(Instructions, Description, Technical tips, ...)"
    )


def _deep_message(page: PageContent) -> str:
    if page.cut_short:
        return (
            "the HTML nests deeper than the parser's limit (pathological markup): "
            "the document was read only up to that point"
        )
    return (
        f"{page.deep_skipped} element(s) with text nested deeper than {MAX_NESTING} levels "
        "(pathological markup) were not read"
    )


def _says_error(text: str) -> bool:
    key = normalise_key(text)
    return any(
        re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", key) for phrase in ERROR_PAGE_PHRASES
    )


def _word_runs(text: str) -> list[str]:
    """The runs of letters and digits in ``text``: what ``_NON_WORD`` separates."""
    if text.isascii():
        return text.encode("ascii").translate(_ASCII_NON_WORD).decode("ascii").split()
    # (No word character is whitespace, so split() cuts exactly at the spaces put in.)
    return _NON_WORD.sub(" ", text).split()


def _question_key(question: str) -> str:
    return " ".join(_word_runs(normalise_key(question)))


def _merge_jsonld(draft: _Draft, page: PageContent) -> None:
    """Append JSON-LD FAQ pairs the page body lacks (the DOM wins) and JSON-LD videos."""
    draft.videos.extend(page.jsonld_videos)
    if not page.jsonld_faq:
        return  # (most pages: no key to compute)
    # A JSON-LD question that is word for word a DOM question has that question's key (and
    # is skipped either way): keys, ~1 µs each, are computed only for the other questions.
    questions = {item.question for item in draft.faq}
    known: set[str] | None = None
    added = 0
    for item in page.jsonld_faq:
        if item.question in questions:
            continue
        if known is None:
            known = {_question_key(question) for question in questions}
        key = _question_key(item.question)
        if key and key not in known:
            known.add(key)
            draft.faq.append(item)
            added += 1
    if added:
        draft.warn(f"{added} FAQ pair(s) found only in JSON-LD FAQPage appended")


def _url_key(url: str) -> str:
    """The URL's canonical form for de-duplication (itself when it cannot be parsed)."""
    try:
        return normalise_url(url)
    except ValueError:  # a bad port or IPv6 literal: compare as written
        return url


def _identity(url: str | None) -> ExerciseUrl:
    try:
        return parse_exercise_url(url)
    except ValueError:  # a malformed canonical URL names no exercise
        return ExerciseUrl(None, None, None)


def _video_key(url: str) -> str:
    return video_identity(url) or _url_key(url)


def _unique_videos(
    videos: list[Video], aliases: dict[str, tuple[str, ...]] | None = None
) -> list[Video]:
    """One video per URL (normalised; a YouTube/Vimeo video by its id, whatever the form
    of its address), first position kept, first known title kept. A JSON-LD video is
    also known by every other address its ``VideoObject`` gives (``aliases``): its
    ``contentUrl`` file and the ``embedUrl`` the page's iframe shows are one video."""
    aliases = aliases or {}
    kept: list[Video] = []
    index_of: dict[str, int] = {}
    for video in videos:
        keys = {_video_key(video.url), *(_video_key(url) for url in aliases.get(video.url, ()))}
        index = next((index_of[key] for key in keys if key in index_of), None)
        if index is None:
            index = len(kept)
            kept.append(video)
        elif kept[index].title is None and video.title:
            kept[index] = Video(url=kept[index].url, title=video.title)
        for key in keys:
            index_of.setdefault(key, index)
    return kept


def _unique_programs(programs: list[Program]) -> list[Program]:
    seen: set[tuple[str, str | None]] = set()
    result = []
    for program in programs:
        key = (program.name, _url_key(program.url) if program.url else None)
        if key not in seen:
            seen.add(key)
            result.append(program)
    return result


def _language(
    identity: ExerciseUrl, page: PageContent, sections: list[_Section], texts: list[str]
) -> Language | None:
    """From the URL path (``identity``), then ``<html lang>``, then the languages of the
    matched headings, then (headings shared by several languages: "Instructions",
    "Description") the function words of the page's text."""
    if identity.language in LANGUAGES:
        return _as_language(identity.language)
    subtag = _primary_subtag(page.lang_hint)
    if subtag in LANGUAGES:
        return _as_language(subtag)
    votes: Counter[str] = Counter()
    for section in sections:
        if section.canonical is not None:
            votes.update(heading_language(section.title))
    ranked = votes.most_common(2)
    if ranked and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
        return _as_language(ranked[0][0])
    # A tie between languages (or no heading at all) is not evidence for either.
    tied = (
        {language for language, count in votes.items() if count == ranked[0][1]}
        if ranked
        else set(LANGUAGES)
    )
    return _as_language(_text_language(texts, tied))


def _text_language(texts: list[str], candidates: set[str]) -> str | None:
    """The candidate language whose function words clearly dominate the text, if any."""
    sample = " ".join(texts)[:TEXT_LANGUAGE_SAMPLE_CHARS]
    words = Counter(_word_runs(sample.casefold()))
    scores = sorted(
        (
            (sum(words[word] for word in LANGUAGE_HINT_WORDS[language]), language)
            for language in candidates
            if language in LANGUAGE_HINT_WORDS
        ),
        reverse=True,
    )
    if not scores or scores[0][0] < TEXT_LANGUAGE_MIN_HITS:
        return None
    if len(scores) > 1 and scores[0][0] < 2 * scores[1][0]:
        return None
    return scores[0][1]


def _primary_subtag(lang: str | None) -> str | None:
    """ "fr-CH" / "fr_CH" -> "fr"."""
    if not lang:
        return None
    return re.split(r"[-_]", lang.strip().lower(), maxsplit=1)[0]


def _as_language(code: str | None) -> Language | None:
    if code == "en":
        return "en"
    if code == "fr":
        return "fr"
    if code == "de":
        return "de"
    return None


def _without_colon(title: str) -> str:
    """ "Hinweise:" / "Précautions :" -> the title; the colon only introduced the list."""
    return title.rstrip().rstrip(":：").rstrip()


def _scrub_all(texts: list[str]) -> list[str]:
    return [clean for text in texts if (clean := remove_chrome(text))]


def _clean_url(url: str | None) -> str | None:
    """The URL, unless chrome text is part of it (``.../Loading…``)."""
    return url if url is None or remove_chrome(url) == url else None


def _scrub_faq(draft: _Draft) -> list[FaqItem]:
    faq = []
    for item in draft.faq:
        question = remove_chrome(item.question)
        answer = "\n\n".join(_scrub_all(item.answer.split("\n\n")))
        if not (question and answer):
            if question:
                draft.warn(f"question without an answer dropped from faq: {question!r}")
        elif question == item.question and answer == item.answer:
            faq.append(item)  # (the common case: nothing scrubbed, no model to rebuild)
        else:
            faq.append(FaqItem(question=question, answer=answer))
    return faq


def _build(
    draft: _Draft,
    page: PageContent,
    sections: list[_Section],
    *,
    name: str,
    url: str | None,
    sha256: str,
) -> Exercise:
    """The record, with every placeholder or feedback text removed from every field.

    This is the single place enforcing that invariant: whatever a front end let
    through, no field of the record holds chrome text.
    """
    record_url = url or page.canonical_url
    identity = _identity(record_url)
    description = _scrub_all(draft.description)
    faq = _scrub_faq(draft)
    videos = [
        Video(url=video.url, title=remove_chrome(video.title) or None if video.title else None)
        for video in _unique_videos(draft.videos, page.jsonld_video_aliases)
        if remove_chrome(video.url) == video.url
    ]
    programs = [
        Program(name=program_name, url=_clean_url(program.url))
        for program in _unique_programs(draft.programs)
        if (program_name := remove_chrome(program.name))
    ]
    extra = [
        ExtraSection(
            title=_without_colon(remove_chrome(section.title)), items=_scrub_all(section.items)
        )
        for section in draft.extra_sections
    ]
    return Exercise(
        url=record_url,
        source_id=identity.source_id,
        slug=identity.slug,
        language=_language(
            identity,
            page,
            sections,
            [*description, *draft.lists["instructions"], *(item.answer for item in faq)],
        ),
        name=remove_chrome(name),  # never empty: _can_be_name checked it
        instructions=_scrub_all(draft.lists["instructions"]),
        technical_tips=_scrub_all(draft.lists["technical_tips"]),
        breathing_tips=_scrub_all(draft.lists["breathing_tips"]),
        medical_restrictions=_scrub_all(draft.lists["medical_restrictions"]),
        description="\n\n".join(description) or None,
        faq=faq,
        videos=videos,
        programs=programs,
        unloaded_sections=sorted(draft.unloaded),
        extra_sections=[section for section in extra if section.title or section.items],
        warnings=_scrub_all(draft.warnings),
        content_sha256=sha256,
    )
