"""Merging and de-duplication: JSON-LD FAQ pairs and videos into the draft (the DOM wins), one
video per URL or video id, one program per name and URL.
"""

from __future__ import annotations

from ..._models import Program, Video
from .._blocks import PageContent
from .._media import video_identity
from ..vocabulary import (
    normalise_key,
)
from ._state import Draft, url_key, word_runs

__all__ = ["merge_jsonld", "unique_programs", "unique_videos"]


def _question_key(question: str) -> str:
    return " ".join(word_runs(normalise_key(question)))


def merge_jsonld(draft: Draft, page: PageContent) -> None:
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


def _video_key(url: str) -> str:
    return video_identity(url) or url_key(url)


def unique_videos(
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


def unique_programs(programs: list[Program]) -> list[Program]:
    seen: set[tuple[str, str | None]] = set()
    result = []
    for program in programs:
        key = (program.name, url_key(program.url) if program.url else None)
        if key not in seen:
            seen.add(key)
            result.append(program)
    return result
