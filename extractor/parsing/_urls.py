"""URL helpers: canonical form for de-duplication, and exercise identity from the path."""

from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit, urlunsplit

from .vocabulary import EXERCISE_PATH_WORDS, LANGUAGES

__all__ = ["ExerciseUrl", "links_to_exercise", "normalise_url", "origin_of", "parse_exercise_url"]


def _path_words() -> str:
    words = {unicodedata.normalize("NFC", w) for ws in EXERCISE_PATH_WORDS.values() for w in ws}
    # Longest first: "exercices" before "exercice" (the alternation takes the first match).
    return "|".join(re.escape(word) for word in sorted(words, key=lambda w: (-len(w), w)))


# /en/exercise/1a2b3c-psoas-smash, /fr/exercice/1a2b3c-gainage, /de/übung/1a2b3c-kniebeuge
# (the id is hex; the slug is optional; the words are the vocabulary's, in any language).
_EXERCISE_PATH = re.compile(
    r"/(?:(?P<lang>[a-z]{2})(?:[-_][a-z]{2})?/)?[^/]*?"
    rf"(?:{_path_words()})/(?P<id>[0-9a-f]{{4,64}})(?:-(?P<slug>[^/?#]+))?/?$",
    re.IGNORECASE,
)
_DEFAULT_PORTS = {"http": 80, "https": 443}
# Query parameters that never change the page (analytics), dropped for de-duplication.
_TRACKING = re.compile(r"^(utm_\w+|fbclid|gclid|mc_cid|mc_eid|_ga)$", re.IGNORECASE)


# A path under an exercise word (``/fr/exercice/gainage``, ``/en/exercise/1a2b``): where a
# listing's links point, whatever the site's language.
_EXERCISE_WORD_SEGMENT = re.compile(rf"/(?:{_path_words()})/[^/]", re.IGNORECASE)


def links_to_exercise(path: str) -> bool:
    """Whether a link's path points at an exercise page (listing detection), in any of the
    vocabulary's languages: an exercise word followed by a page, or an exercise id path."""
    path = unicodedata.normalize("NFC", unquote(path))
    return bool(_EXERCISE_WORD_SEGMENT.search(path) or _EXERCISE_PATH.search(path))


class ExerciseUrl(NamedTuple):
    """What an exercise URL says about the page."""

    source_id: str | None
    slug: str | None
    language: str | None


def parse_exercise_url(url: str | None) -> ExerciseUrl:
    """Split ``/en/exercise/<hex id>-<slug>`` into id, slug and language (each may be None)."""
    if not url:
        return ExerciseUrl(None, None, None)
    path = unicodedata.normalize("NFC", unquote(urlsplit(url).path))
    match = _EXERCISE_PATH.search(path)
    if match is None:
        return ExerciseUrl(None, None, _path_language(path))
    lang = match.group("lang")
    slug = match.group("slug")
    return ExerciseUrl(
        match.group("id").lower(),
        slug.lower() if slug else None,
        lang.lower() if lang and lang.lower() in LANGUAGES else None,
    )


def _path_language(path: str) -> str | None:
    first = path.strip("/").split("/", 1)[0].lower()
    return first if first in LANGUAGES else None


def normalise_url(url: str) -> str:
    """Canonical form for de-duplication.

    Lower-case scheme and host, default port and fragment dropped, path
    percent-encoding normalised (RFC 3986 §6.2.2), tracking parameters removed
    and the remaining query sorted. The path's case and trailing slash are kept:
    servers may treat them as different resources.
    """
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if ":" in host:  # an IPv6 literal: urlsplit drops its brackets, RFC 3986 §3.2.2 needs them
        host = f"[{host}]"
    port = parts.port
    netloc = host if port is None or _DEFAULT_PORTS.get(scheme) == port else f"{host}:{port}"
    if parts.username:
        netloc = f"{parts.username}@{netloc}"
    path = quote(unquote(parts.path or "/"), safe="/:@!$&'()*+,;=-._~")
    query_pairs = [
        (k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING.match(k)
    ]
    query = urlencode(sorted(query_pairs))
    return urlunsplit((scheme, netloc, path, query, ""))


def origin_of(url: str) -> str:
    """``scheme://host[:port]`` of ``url``, lower-cased, default port dropped (robots.txt scope).

    Raises ValueError for a URL without an http(s) scheme or a host.
    """
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if scheme not in _DEFAULT_PORTS or not host:
        raise ValueError(f"not an http(s) URL: {url!r}")
    port = parts.port  # raises ValueError for a malformed port
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    if port is None or port == _DEFAULT_PORTS[scheme]:
        return f"{scheme}://{host}"
    return f"{scheme}://{host}:{port}"
