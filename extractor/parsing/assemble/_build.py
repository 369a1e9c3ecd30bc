"""Step 4b, building: the ``Exercise`` from the draft, with every trace of chrome text removed
from every field (the single place enforcing that invariant).
"""

from __future__ import annotations

from ..._models import Exercise, ExtraSection, FaqItem, Image, Program, Video
from .._blocks import PageContent
from .._cleaning import remove_chrome
from ._language import exercise_identity, record_language
from ._merge import unique_programs, unique_videos
from ._state import Draft, Section

__all__ = ["build"]


def _without_colon(title: str) -> str:
    """ "Hinweise:" / "Précautions :" -> the title; the colon only introduced the list."""
    return title.rstrip().rstrip(":：").rstrip()


def _scrub_all(texts: list[str]) -> list[str]:
    return [clean for text in texts if (clean := remove_chrome(text))]


def _clean_url(url: str | None) -> str | None:
    """The URL, unless chrome text is part of it (``.../Loading…``)."""
    return url if url is None or remove_chrome(url) == url else None


def _scrub_faq(draft: Draft) -> list[FaqItem]:
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


def _unique_images(images: list[Image]) -> list[Image]:
    """The page's images once each (by address), alternative text scrubbed of chrome."""
    seen: set[str] = set()
    kept: list[Image] = []
    for image in images:
        if image.url in seen or remove_chrome(image.url) != image.url:
            continue
        seen.add(image.url)
        alt = remove_chrome(image.alt) if image.alt else None
        kept.append(image if alt == image.alt else Image(url=image.url, alt=alt or None))
    return kept


def build(
    draft: Draft,
    page: PageContent,
    sections: list[Section],
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
    table = draft.attributes
    identity = exercise_identity(record_url)
    description = _scrub_all(draft.description)
    faq = _scrub_faq(draft)
    videos = [
        Video(url=video.url, title=remove_chrome(video.title) or None if video.title else None)
        for video in unique_videos(draft.videos, page.jsonld_video_aliases)
        if remove_chrome(video.url) == video.url
    ]
    programs = [
        Program(name=program_name, url=_clean_url(program.url))
        for program in unique_programs(draft.programs)
        if (program_name := remove_chrome(program.name))
    ]
    images = _unique_images(page.images)
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
        language=record_language(
            identity,
            page,
            sections,
            [*description, *draft.lists["instructions"], *(item.answer for item in faq)],
        ),
        name=remove_chrome(name),  # never empty: _name._can_be_name checked it
        difficulty=remove_chrome(table.difficulty() or "") or None,
        focus=_scrub_all(table.values("focus")),
        equipment=_scrub_all(table.values("equipment")),
        sports=_scrub_all(table.values("sports")),
        categories=_scrub_all(table.values("categories")),
        muscles=_scrub_all(table.values("muscles")),
        attributes={
            label: values
            for label, raw in table.other.items()
            if (values := _scrub_all(raw)) and remove_chrome(label) == label
        },
        instructions=_scrub_all(draft.lists["instructions"]),
        technical_tips=_scrub_all(draft.lists["technical_tips"]),
        breathing_tips=_scrub_all(draft.lists["breathing_tips"]),
        medical_restrictions=_scrub_all(draft.lists["medical_restrictions"]),
        description="\n\n".join(description) or None,
        faq=faq,
        videos=videos,
        images=images,
        programs=programs,
        unloaded_sections=sorted(draft.unloaded),
        extra_sections=[section for section in extra if section.title or section.items],
        warnings=_scrub_all(draft.warnings),
        content_sha256=sha256,
    )
