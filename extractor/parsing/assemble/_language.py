"""The record's identity (source id, slug, language from the URL) and its language (URL path,
``<html lang>``, heading vocabulary, then function words).
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Final

from ..._models import Language
from .._blocks import PageContent
from .._urls import ExerciseUrl, parse_exercise_url
from ..vocabulary import (
    LANGUAGE_HINT_WORDS,
    LANGUAGES,
    heading_language,
)
from ._state import Section, word_runs

__all__ = ["exercise_identity", "record_language"]

#: How much text the function-word language vote reads, and the hits it needs.
TEXT_LANGUAGE_SAMPLE_CHARS: Final = 4000
TEXT_LANGUAGE_MIN_HITS: Final = 3


def record_language(
    identity: ExerciseUrl, page: PageContent, sections: list[Section], texts: list[str]
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
    words = Counter(word_runs(sample.casefold()))
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


def exercise_identity(url: str | None) -> ExerciseUrl:
    try:
        return parse_exercise_url(url)
    except ValueError:  # a malformed canonical URL names no exercise
        return ExerciseUrl(None, None, None)
