"""Which elements are site chrome (navigation, banners, dialogs, ...), decided per element.

The walker asks ``is_chrome`` once per element and skips the whole subtree on
yes, so the bulk of a real page (mega menus, footers, cookie banners, modals)
is never visited. Hidden elements are NOT chrome: collapsed accordion bodies
are ``hidden`` / ``aria-hidden`` / ``display:none`` and hold FAQ answers.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from ..vocabulary import CHROME_ROLES, GUARDED_TAGS, NEVER_CHROME_ROLES, Cue
from ._widgets import text_of

__all__ = [
    "SECTIONING_TAGS",
    "holds_page_content",
    "is_chrome_by_attributes",
    "is_logo_heading",
    "is_page_banner",
]

# Elements that scope a <header>: inside them it is that section's header, not
# the page banner (the HTML-AAM mapping of <header> to role=banner).
SECTIONING_TAGS = frozenset({"article", "aside", "main", "nav", "section"})


def holds_page_content(element: Any, *, title_counts: bool = True) -> bool:
    """True when the element contains the page title or main content (never drop it).

    ``title_counts=False``: only ``<main>``/``<article>`` count (a consent platform's
    notice has its own ``<h1>``, "We value your privacy")."""
    if title_counts:
        return next(element.iter("h1", "main", "article"), None) is not None
    return next(element.iter("main", "article"), None) is not None


def is_chrome_by_attributes(
    element: Any, tag: str, attributes: Mapping[str, str], cues: int
) -> bool:
    """True when a role, class or id says chrome ("cookie-banner", "mega-menu", role=dialog),
    or the element is a ``<form>``.

    Such cues are not trusted on containers that hold the page title or main
    content (``<body class="modal-open">``, an ASP.NET page-wide ``<form>``).
    Structural chrome (``CHROME_TAGS``: script, nav, footer, ...) is the caller's check.
    """
    role = attributes.get("role")
    if role is not None and role.strip().lower() in NEVER_CHROME_ROLES:
        return False  # <div class="w-tab-menu" role="tablist">: the role says what it is
    cued = (
        bool(cues & Cue.CHROME)
        or (role is not None and role.strip().lower() in CHROME_ROLES)
        or tag == "form"
    )
    if not cued or tag in GUARDED_TAGS:
        return False
    return not holds_page_content(element, title_counts=not cues & Cue.CONSENT)


def is_page_banner(
    tag: str, attributes: Mapping[str, str], cues: int, sectioning_depth: int
) -> bool:
    """True for the page's banner: ``role=banner``, or a ``<header>`` (or an element whose
    class/id says header, masthead, topbar) outside sectioning content."""
    if (attributes.get("role") or "").strip().lower() == "banner":
        return True
    return sectioning_depth == 0 and (tag == "header" or bool(cues & Cue.BANNER))


def is_logo_heading(heading: Any) -> bool:
    """True for a banner ``<h1>`` that is the site logo (an image, or a link to the site root)."""
    text = text_of(heading)
    if not text:
        return True
    for anchor in heading.iter("a"):
        try:
            path = urlsplit(anchor.get("href") or "").path.strip("/")
        except ValueError:
            continue
        # "/" or a language root such as "/en/" or "/de-ch".
        if "/" not in path and len(path) <= 5 and text_of(anchor) == text:
            return True
    return False
