"""What a fetched page links to, and what it allows a crawler to do: ``page_links``. Pure.

The crawler follows links; this module only reads them (the fetcher knows nothing of pages,
the crawler nothing of HTML). HTML pages give ``<a href>``, ``<area href>``,
``<link rel="alternate" hreflang>`` and ``rel="next"`` links resolved against ``<base href>``;
text pages give the URLs they write out (and Markdown or lynx link targets). The robots
directives come from ``<meta name="robots">`` and the ``X-Robots-Tag`` header: ``nofollow``
(do not follow this page's links) and ``noindex`` (do not keep this page's record); ``none``
means both.
"""

from __future__ import annotations

from dataclasses import dataclass

from ._decoding import decode_page, looks_like_html
from .html import read_html_links
from .text import read_text_links

__all__ = ["PageLinks", "merge_links", "page_links", "robots_directives"]


@dataclass(frozen=True, slots=True)
class PageLinks:
    """The links of one page and its robots directives."""

    links: tuple[str, ...]
    """Absolute http(s) URLs in document order, fragments removed, no duplicates."""
    alternates: dict[str, str]
    """``hreflang`` -> URL (HTML only), as declared, sorted."""
    nofollow: bool = False
    """The page asks robots not to follow its links."""
    noindex: bool = False
    """The page asks robots not to index it (its record stays out of the dataset)."""


def page_links(
    content: bytes | str,
    *,
    url: str,
    content_type: str | None = None,
    robots_header: str | None = None,
) -> PageLinks:
    """The links of a fetched page; ``robots_header`` is its ``X-Robots-Tag`` header, if any.

    Never raises: a page that cannot be decoded or parsed simply has no links.
    """
    try:
        if isinstance(content, bytes):
            decoded = decode_page(content, content_type)
            text, utf8 = decoded.text, decoded.utf8
        else:
            text, utf8 = content, None
    except Exception:  # the parser reports undecodable pages; here they just have no links
        return PageLinks((), {}, *_flags(robots_directives(robots_header)))
    directives = robots_directives(robots_header)
    if looks_like_html(text, content_type):
        found = read_html_links(utf8 if utf8 is not None else text, base_url=url)
        links, alternates = found.links, found.alternates
        directives |= frozenset(found.robots)
    else:
        links, alternates = tuple(read_text_links(text)), {}
    return PageLinks(links, alternates, *_flags(directives))


def merge_links(first: PageLinks, then: PageLinks) -> PageLinks:
    """One page's links read twice (as served, then as a browser rendered it): ``first``'s
    links, then those only ``then`` has; the same for alternates; a robots directive of either
    applies (a script may add ``<meta name="robots" content="nofollow">``)."""
    links = tuple(dict.fromkeys((*first.links, *then.links)))
    alternates = dict(sorted({**then.alternates, **first.alternates}.items()))
    nofollow, noindex = first.nofollow or then.nofollow, first.noindex or then.noindex
    return PageLinks(links, alternates, nofollow, noindex)


def robots_directives(header: str | None) -> frozenset[str]:
    """The directives of an ``X-Robots-Tag`` value that apply to every robot.

    ``noindex, nofollow`` applies to all; ``otherbot: noindex, nofollow`` names another robot
    (its directives run to the next ``name:`` prefix) and is ignored. Several headers joined
    by commas read the same way.
    """
    if not header:
        return frozenset()
    found: set[str] = set()
    ours = True
    for part in header.split(","):
        part = part.strip().lower()
        robot, colon, rest = part.partition(":")
        if colon and robot.strip() not in _VALUED_DIRECTIVES:
            ours = robot.strip() == "*"
            part = rest.strip()
        if ours and part:
            found.add(part)
    return frozenset(found)


# Directives that carry a value after a colon (not a robot's name before it).
_VALUED_DIRECTIVES = frozenset(
    {"unavailable_after", "max-snippet", "max-image-preview", "max-video-preview"}
)


def _flags(directives: frozenset[str]) -> tuple[bool, bool]:
    both = "none" in directives
    return both or "nofollow" in directives, both or "noindex" in directives
