"""A page title without the site's name ("Psoas smash | FitMetrics" -> "Psoas smash").

Shared by the assembler (a ``<title>`` when no heading names the exercise) and the text
front end (a reader service's "Title:" line). Pure functions.
"""

from __future__ import annotations

import re
from typing import Final
from urllib.parse import urlsplit

__all__ = ["strip_site_suffix"]

# " | Site", " - Site", " – Site" at the end of a <title>.
_TITLE_PIPE: Final = re.compile(r"\s+[|｜]\s+")
_TITLE_DASH: Final = re.compile(r"\s+[-–—·]\s+")
_NON_WORD: Final = re.compile(r"[\W_]+")


def strip_site_suffix(title: str, page_url: str | None = None) -> str:
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
