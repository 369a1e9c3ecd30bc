"""Markup vocabulary of the HTML front end, as data.

Which tags, ARIA roles and class/id tokens mean "site chrome", "loading
spinner", "heading", "accordion toggle", and which embed hosts serve videos.
Page *text* vocabulary (headings, placeholders, feedback line) lives in the
language modules (``en.py``, ``fr.py``, ...) and ``_match``; this module only knows
markup. A new CMS convention is one entry in one of these tables.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Final

__all__ = [
    "ACCORDION_TOGGLE_VALUES",
    "CHROME_ROLES",
    "CHROME_TAGS",
    "GUARDED_TAGS",
    "INLINE_TAGS",
    "LINK_DENSE_MIN_LINKS",
    "LINK_DENSE_RATIO",
    "NEVER_CHROME_ROLES",
    "NON_VIDEO_EMBED_HOSTS",
    "TOGGLE_ATTRIBUTES",
    "Cue",
    "class_cues",
]

#: Elements never rendered as content: scripts, styles, vector art, form
#: controls, navigation, side bars, dialogs. (``button`` is decided separately:
#: an accordion toggle is content.)
CHROME_TAGS: Final = frozenset(
    {
        "script", "style", "noscript", "template", "svg", "canvas", "math",
        "head", "title", "meta", "link", "base",
        "input", "select", "textarea", "option", "optgroup", "datalist", "output",
        "progress", "meter", "nav", "aside", "footer", "dialog", "menu",
        "object", "embed", "map", "area", "audio", "track", "picture", "img",
        "frameset", "frame",
        # AMP's chrome components: side menus, consent prompts, notification bars, ads,
        # analytics (an <amp-sidebar> holds the site menu, headings and all).
        "amp-sidebar", "amp-consent", "amp-user-notification", "amp-analytics", "amp-ad",
        "amp-sticky-ad", "amp-embed", "amp-app-banner", "amp-lightbox", "amp-mega-menu",
        "amp-nested-menu", "amp-install-serviceworker", "amp-geo", "amp-pixel",
    }
)  # fmt: skip

#: ARIA landmark and widget roles that are page chrome, never exercise content.
CHROME_ROLES: Final = frozenset(
    {"navigation", "banner", "contentinfo", "dialog", "alertdialog", "search", "menu", "menubar",
     "toolbar", "tooltip"}
)  # fmt: skip

#: Widget roles that hold content, whatever a class says ("w-tab-menu" names a tab list).
NEVER_CHROME_ROLES: Final = frozenset({"tablist", "tabpanel", "tab", "list", "listitem", "article"})

#: Containers that are never dropped by a class/id/role cue (a ``<body
#: class="modal-open">`` or an ASP.NET page-wide ``<form>`` is still the page).
GUARDED_TAGS: Final = frozenset({"html", "body", "main", "article"})

#: Tags whose text flows with their neighbours' ("Lie <b>face</b> down").
#: Any tag not listed (including unknown custom elements) separates blocks.
INLINE_TAGS: Final = frozenset(
    {
        "a", "abbr", "acronym", "b", "bdi", "bdo", "big", "cite", "code", "data", "del", "dfn",
        "em", "font", "i", "ins", "kbd", "label", "mark", "nobr", "q", "rp", "rt", "ruby", "s",
        "samp", "small", "span", "strike", "strong", "sub", "sup", "time", "tt", "u", "var",
        "wbr",
    }
)  # fmt: skip

#: Attributes that make an element a disclosure-widget toggle (with the values below).
TOGGLE_ATTRIBUTES: Final = frozenset(
    {"aria-expanded", "aria-controls", "data-toggle", "data-bs-toggle"}
)

#: ``data-toggle`` / ``data-bs-toggle`` values of collapsible panels (Bootstrap 3-5,
#: Foundation, UIkit). "dropdown", "modal", "tooltip" are not accordions.
ACCORDION_TOGGLE_VALUES: Final = frozenset({"collapse", "accordion", "collapsible"})

#: A container with at least this many links whose link text is at least this
#: share of its text is a menu (mega menus outside ``<nav>``).
LINK_DENSE_MIN_LINKS: Final = 10
LINK_DENSE_RATIO: Final = 0.7

#: Iframes that are never videos: maps, ads, analytics, captchas, social widgets.
NON_VIDEO_EMBED_HOSTS: Final = (
    "maps.google.com", "google.com/maps", "openstreetmap.org", "googletagmanager.com",
    "doubleclick.net", "googlesyndication.com", "google.com/recaptcha", "recaptcha.net",
    "hcaptcha.com", "facebook.com/plugins/like", "facebook.com/plugins/page",
    "platform.twitter.com", "disqus.com", "googleadservices.com", "adservice.google",
    "instagram.com", "linkedin.com", "spotify.com", "soundcloud.com", "calendly.com",
    "typeform.com", "trustpilot.com",
)  # fmt: skip


def _token_pattern(words: tuple[str, ...]) -> str:
    return "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))


# Class/id cues for site chrome. Unambiguous words match anywhere in a token
# ("cookieBanner", "c-cookie__bar"); short common words only as a whole part of
# a token between "-", "_" or spaces ("main-menu" yes, "menuiserie" no).
_CHROME_ANYWHERE: Final = (
    "cookie", "consent", "gdpr", "newsletter", "breadcrumb", "navbar", "popup",
    "megamenu", "mega-menu", "skip-link", "skiplink", "skip-to", "sr-only", "screen-reader",
    "visually-hidden", "visuallyhidden", "offcanvas", "off-canvas", "toast", "advert",
    "copyright", "colophon", "announcement-bar", "smartbanner", "smart-banner", "app-banner",
    # Screen-only controls of print versions ("Print this page | Close window").
    "no-print", "noprint", "hidden-print", "print-none", "print-hidden", "screen-only",
)  # fmt: skip

# Consent-management platforms whose markup names only the vendor (no "cookie" or
# "consent" in it): Didomi, Quantcast Choice, iubenda, Usercentrics, OneTrust, Cookiebot,
# TrustArc, Osano, Sourcepoint, Termly, Axeptio, tarteaucitron, Klaro, Complianz, Borlabs.
# Their roots are injected beside the page, never around it, so they are chrome even when
# they hold an <h1> (Didomi's notice title is one). Not a bare "cmp": Adobe AEM prefixes
# every core component with "cmp-".
_CONSENT_VENDORS: Final = (
    "didomi", "qc-cmp", "iubenda", "usercentrics", "onetrust", "cookiebot", "truste-",
    "trustarc", "osano-cm", "sp_message", "termly", "axeptio", "tarteaucitron", "klaro",
    "cmplz", "borlabs",
)  # fmt: skip
_CONSENT_RE: Final = re.compile(_token_pattern(_CONSENT_VENDORS), re.IGNORECASE)
_CHROME_PARTS: Final = (
    "menu", "modal", "share", "sharing", "social", "dialog", "ad", "ads", "subscribe", "signup",
    "sign-up", "login", "paywall", "pagination", "pager", "language-switcher", "lang-switch",
    "lang-switcher", "language-switch", "language-selector", "lang-selector", "locale-switcher",
    "footer", "logo", "price",
    # Comment threads and their forms (WordPress "comments-area" / "#respond", Shopify
    # "article-template__comment-wrapper"): readers' text, not the exercise.
    "comment", "comments", "respond",
    # Post metadata around a blog-style article (author, date, categories, author box).
    "byline", "posted-on", "entry-meta", "post-meta", "article-meta", "post-author",
    "author-box", "author-bio", "about-author", "entry-author",
    # Call-to-action boxes ("Get new exercises in your inbox" + Subscribe).
    "cta",
)  # fmt: skip
_CHROME_RE: Final = re.compile(
    rf"(?:{_token_pattern(_CHROME_ANYWHERE)})"
    rf"|(?:^|[\s_-])(?:{_token_pattern(_CHROME_PARTS)})(?=$|[\s_-])",
    re.IGNORECASE,
)

# Whole class/id tokens naming the page banner of <div>-based layouts (like a <header>
# outside sectioning content: chrome except the page title it may hold). Whole tokens
# only: "accordion-header" or "card-header" are not banners.
_BANNER_TOKENS: Final = (
    "header", "site-header", "global-header", "main-header", "page-top", "masthead", "topbar",
    "top-bar", "site-branding",
)  # fmt: skip
_BANNER_RE: Final = re.compile(
    rf"(?:^|\s)(?:{_token_pattern(_BANNER_TOKENS)})(?=$|\s)", re.IGNORECASE
)

# Spinners and skeleton screens stand where content will be loaded.
_PLACEHOLDER_PARTS: Final = ("spinner", "skeleton", "loader", "loading", "shimmer", "preloader")
_PLACEHOLDER_RE: Final = re.compile(
    rf"(?:^|[\s_-])(?:{_token_pattern(_PLACEHOLDER_PARTS)})(?=$|[\s_-])", re.IGNORECASE
)

# A class token that ENDS in title/heading names a heading ("section-title",
# "card__title", "heading"); "title-wrapper" and "subtitle" do not.
_TITLE_RE: Final = re.compile(
    r"(?:^|\s)(?:[\w-]*[_-])?(?:title|heading|headline)(?=$|\s)", re.IGNORECASE
)

# Class tokens of accordion toggles in CMS themes without ARIA attributes.
_TOGGLE_PARTS: Final = (
    "accordion-button", "accordion-toggle", "accordion-trigger", "accordion-header",
    "accordion-title", "accordion__button", "accordion__trigger", "accordion__header",
    "accordion__title", "faq-question", "faq__question", "faq-toggle", "collapsible-header",
    "collapsible-toggle", "toggle-title", "js-accordion-trigger",
)  # fmt: skip
_TOGGLE_RE: Final = re.compile(
    rf"(?:^|\s)(?:{_token_pattern(_TOGGLE_PARTS)})(?=$|\s)", re.IGNORECASE
)


class Cue:
    """Bit flags: what a class (or id) value says about its element.

    Plain ints, not ``enum.IntFlag``: flag arithmetic runs several times per
    element and IntFlag's operators are ~20x slower than int's.
    """

    NONE: Final = 0
    CHROME: Final = 1
    PLACEHOLDER: Final = 2
    TITLE: Final = 4
    TOGGLE: Final = 8
    BANNER: Final = 16
    CONSENT: Final = 32
    """A consent platform's root: chrome even around an ``<h1>`` (always with CHROME)."""
    ID_CUES: Final = CHROME | BANNER | CONSENT
    """The cues an ``id`` can give (an id names one element; its words say what it is)."""


@lru_cache(maxsize=16384)
def class_cues(value: str) -> int:
    """Every cue of one class/id value, memoised: a site repeats the same few class strings
    on every element and every page, and this runs once per element."""
    cues = Cue.NONE
    if _CHROME_RE.search(value):
        cues |= Cue.CHROME
    if _PLACEHOLDER_RE.search(value):
        cues |= Cue.PLACEHOLDER
    if _TITLE_RE.search(value):
        cues |= Cue.TITLE
    if _TOGGLE_RE.search(value):
        cues |= Cue.TOGGLE
    if _BANNER_RE.search(value):
        cues |= Cue.BANNER
    if _CONSENT_RE.search(value):
        cues |= Cue.CHROME | Cue.CONSENT
    return cues
