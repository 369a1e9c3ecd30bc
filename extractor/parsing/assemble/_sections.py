"""Step 3, reading: each section read by its kind (list, description, FAQ, videos, programs,
extra, preamble) into a ``Draft``; sections whose content never loaded are marked.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Final

from ..._models import ExtraSection, FaqItem, Program, Video
from .._blocks import Block, PageContent
from .._media import is_duration
from .._steps import split_inline_steps
from ..vocabulary import (
    LIST_SECTIONS,
    MEDIA_SECTIONS,
    STEP_LABELS,
    is_video_url,
    without_answer_label,
    without_question_label,
)
from ._faq import faq_start
from ._state import (
    ANSWER,
    HEADING,
    ITEM,
    PARAGRAPH,
    PLACEHOLDER,
    QUESTION,
    VIDEO,
    Draft,
    Section,
    is_question,
)

__all__ = ["SectionReader"]

_TEXT_KINDS: Final = (PARAGRAPH, ITEM, ANSWER, QUESTION, HEADING)


class SectionReader:
    """Reads sections into a ``Draft``, one small method per section kind."""

    def __init__(self, sections: list[Section], page: PageContent) -> None:
        self.sections = sections
        self.page = page
        self.draft = Draft()
        self.has_description = any(s.canonical == "description" for s in sections)
        # With a FAQ heading on the page, a question-shaped paragraph elsewhere is running
        # text (a rhetorical question in the description), not an unheaded FAQ.
        self.has_faq_heading = any(s.canonical == "faq" for s in sections)

    def read(self) -> Draft:
        seen: Counter[str] = Counter()
        contents: set[tuple[str, tuple[str, ...]]] = set()
        for section in self.sections:
            if section.canonical is not None:
                seen[section.canonical] += 1
                texts = tuple(b.text for b in section.blocks if b.kind is not PLACEHOLDER)
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

    def _read_section(self, section: Section) -> None:
        embedded = [b.video for b in section.blocks if b.kind is VIDEO and b.video]
        self.draft.videos.extend(embedded)
        if section.canonical == "videos":
            self._mark_filled("videos", embedded)
        blocks = [b for b in section.blocks if b.kind not in (VIDEO, PLACEHOLDER)]
        if section.canonical == "faq":
            start = 0
        else:
            start = faq_start(
                blocks,
                weak_questions=not self.has_faq_heading,
                opens_section=section.canonical is not None
                and bool(section.blocks)
                and section.blocks[0].kind is not PLACEHOLDER,
            )
        body, faq_part = blocks[:start], blocks[start:]
        if body or not (faq_part or section.canonical or section.is_preamble):
            self._read_body(section, body)  # an empty extra section keeps its heading
        if faq_part:
            self._read_faq(section, faq_part)

    def _read_body(self, section: Section, body: list[Block]) -> None:
        canonical = section.canonical
        if canonical in LIST_SECTIONS:
            # "1) Lie down. 2) Lift your hips.": steps written as one paragraph, one item each.
            texts = [text for block in body if block.kind in _TEXT_KINDS for text in _steps(block)]
        else:
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

    def _read_videos(self, section: Section, body: list[Block]) -> None:
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

    def _read_programs(self, section: Section, body: list[Block]) -> None:
        """Linked entries are programs, unlinked bullets too. A card's linked title heading
        names its program; the unlinked text under it is card detail ("6 weeks"), kept as
        extra rather than mistaken for programs."""
        found: list[Program] = []
        leftovers: list[str] = []
        in_card = False
        for block in body:
            if block.links:
                in_card = block.kind is HEADING
                title = block.text if in_card else ""
                found.extend(
                    Program(name=title or link.text or block.text or link.url, url=link.url)
                    for link in block.links
                )
            elif block.text and in_card and block.kind is not ITEM:
                leftovers.append(block.text)
            elif block.text:
                in_card = False
                found.append(Program(name=block.text, url=None))
        self.draft.programs.extend(found)
        self._mark_filled("programs", found)
        if leftovers:
            self.draft.extra_sections.append(ExtraSection(title=section.title, items=leftovers))
            self.draft.warn("section 'programs' holds text that is not a program; kept as extra")

    def _read_faq(self, section: Section, blocks: list[Block]) -> None:
        """Pair questions with the answer blocks that follow them."""
        question: str | None = None
        answer: list[str] = []
        intro: list[str] = []
        for block in blocks:
            if block.kind is QUESTION or (block.kind is PARAGRAPH and is_question(block)):
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


_STEP_COUNTER: Final = re.compile(
    r"(?:(?:{})\s*)?\d{{1,3}}[.):]?".format(
        "|".join(re.escape(word) for words in STEP_LABELS.values() for word in words)
    ),
    re.IGNORECASE,
)


def _steps(block: Block) -> list[str]:
    """A paragraph numbered inline as its steps (``_steps``); any other block as itself."""
    if block.kind is PARAGRAPH:
        steps = split_inline_steps(block.text)
        if steps is not None:
            return steps
    return [block.text]


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
