"""A record's identity and its other languages, from what the page says of itself. Pure.

The identity of a record is (``source_id``, ``language``): translations of one exercise share
its hex id. The id is read from the page URL's path (``_urls``, in every language's path words);
when that URL names none (a page reached under another address), from the page's
``<link rel="canonical">``, then from its hreflang alternates when they all name the same id.

``alternates`` is every ``<link rel="alternate" hreflang>`` of the page except its own address
and ``x-default`` (a fallback for unmatched visitors, not a language), keyed by the language tag
as declared (lower-case: ``fr``, ``de-ch``), sorted. A text rendering has no ``<head>``: its
alternates stay empty.
"""

from __future__ import annotations

from typing import Any

from .._models import Exercise
from ._blocks import PageContent
from ._urls import ExerciseUrl, normalise_url, parse_exercise_url
from .vocabulary import LANGUAGES

__all__ = ["complete_identity"]

_NOT_A_LANGUAGE = "x-default"


def complete_identity(record: Exercise, page: PageContent) -> Exercise:
    """``record`` with ``alternates`` filled and, if its URL named none, the id from the page."""
    own = {_key(url) for url in (record.url, page.canonical_url) if url}
    update: dict[str, Any] = {}
    alternates = {
        language: url
        for language, url in page.alternates.items()
        if language != _NOT_A_LANGUAGE and _key(url) not in own
    }
    if alternates:
        update["alternates"] = dict(sorted(alternates.items()))
    if record.source_id is None:
        found = _named(page.canonical_url)
        if found.source_id is None:
            found = ExerciseUrl(_shared_id(page.alternates.values()), None, None)
        if found.source_id is not None:
            update["source_id"] = found.source_id
            update["slug"] = record.slug or found.slug
    if record.language is None:
        update["language"] = _declared_language(page.alternates, own)
    update = {name: value for name, value in update.items() if value is not None}
    return record.model_copy(update=update) if update else record


def _named(url: str | None) -> ExerciseUrl:
    try:
        return parse_exercise_url(url)
    except ValueError:  # a malformed URL names no exercise
        return ExerciseUrl(None, None, None)


def _shared_id(urls: Any) -> str | None:
    """The id every alternate that names one agrees on (None if none, or if they differ)."""
    ids = {found.source_id for url in urls if (found := _named(url)).source_id is not None}
    return ids.pop() if len(ids) == 1 else None


def _declared_language(alternates: dict[str, str], own: set[str]) -> str | None:
    """The language the hreflang links give the page's own address (``fr-ch`` -> ``fr``)."""
    for language, url in alternates.items():
        primary = language.split("-", 1)[0]
        if _key(url) in own and primary in LANGUAGES:
            return primary
    return None


def _key(url: str) -> str:
    try:
        return normalise_url(url)
    except ValueError:
        return url
