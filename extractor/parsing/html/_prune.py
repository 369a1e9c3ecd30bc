"""Cut what no rule reads out of the page bytes before the parse: the content of
``<nav>`` and ``<footer>``, and the text of scripts and styles.

Why: on real pages most of the bytes are mega menus (several hundred links in
the header's ``<nav>`` and again in the ``<footer>``), inline scripts and
styles. The walker never enters those elements (``CHROME_TAGS``), yet libxml2
spent about 90% of its parse building their nodes: on the benchmark's 113 KB
pages the parse took 0.9 ms, and 0.08 ms once they were emptied.

What: ``<nav class="main">MENU</nav>`` becomes ``<nav class="main"></nav>``,
``<script>CODE</script>`` becomes ``<script></script>``. The elements stay, with
their attributes, so every rule that looks at the tree's shape (a heading's
children, an accordion's siblings, "is this a wrapper") sees what it saw
before; only content no rule reads is gone. JSON-LD scripts are kept whole
(``_jsonld`` reads them).

When: only where the bytes say for certain what the parser would build, and
nothing inside is read by a rule. A menu is left to the parser when it holds:

- markup that changes how the bytes are read: a comment, ``<script>``,
  ``<style>``, ``<textarea>``, ``<title>``, ``<iframe>`` and the other raw-text
  elements, whose text may hold a ``</nav>`` that ends nothing;
- something a rule reads even inside chrome: ``<h1>`` (a banner's title),
  ``<main>`` / ``<article>`` (a container holding them is the page, whatever
  its class says), ``<template>`` / ``<video>`` (deferred players);
- start and end tags that do not pair up (an unclosed ``<nav>``), a tag whose
  attributes hold a ``<``, or a tag that sits inside another tag's attribute;
- for a ``<nav>``, no link at all: it may be a dropdown's panel (Webflow writes
  its FAQ answers so), which the walker reads.

Anything left is parsed as it always was. The cut is an optimisation, never a
rule: the tests check that every fixture, and generated pages with menus full
of traps, read the same either way (one deliberate difference: a menu that
leaves a ``<div>`` open ends at its ``</nav>``, as in a browser, where libxml2
would let the rest of the page into the menu); ``parse_page`` reads a page
again uncut if the cut page is not an exercise.
"""

from __future__ import annotations

import re
from typing import Final

__all__ = ["prune_chrome"]

#: Elements whose content is cut: the walker skips them whole (a ``<nav>`` without a link
#: may be a dropdown's panel, which it reads: such a ``<nav>`` is never cut).
_CUT: Final = frozenset({b"nav", b"footer"})

#: Raw text (HTML §13.1.2.1) or unparsed content: a "</nav>" inside is not an end tag.
_RAW_TEXT: Final = frozenset(
    {b"script", b"style", b"textarea", b"title", b"xmp", b"iframe", b"noembed", b"noframes",
     b"plaintext"}
)  # fmt: skip

#: Raw text no rule reads: the text of scripts (except JSON-LD) and styles is cut too.
_UNREAD_TEXT: Final = frozenset({b"script", b"style"})

#: Read by a rule even inside chrome, so a region holding one is never cut.
_READ_INSIDE_CHROME: Final = frozenset({b"h1", b"main", b"article", b"template", b"video"})

_WATCHED: Final = sorted(_CUT | _RAW_TEXT | _READ_INSIDE_CHROME, key=lambda name: -len(name))
_NAMES: Final = b"|".join(_WATCHED)
# The lookahead on the names' first two letters lets the engine drop the common tags (<li>,
# <div>, <a href>, <span>) after two character classes instead of trying every name (a
# menu's thousands of <a> and <span> tags pass a test of the first letter alone).
_INITIALS: Final = (
    b"(?=["
    + bytes(sorted({name[0] for name in _WATCHED}))
    + b"]["
    + bytes(sorted({name[1] for name in _WATCHED}))
    + b"])"
)

# One search finds every tag that matters here; all other tags (the hundreds of
# <li>/<a> of a menu) are stepped over by the regex engine, not by Python.
# Group 1: "/" for an end tag; group 2: the name; no group: a comment.
_TOKEN: Final = re.compile(rb"<(?:!--|(/?)" + _INITIALS + rb"(" + _NAMES + rb")(?=[\s/>]))")

_SCRIPT_START: Final = re.compile(rb"<script[\s/>]")
_LINK: Final = re.compile(rb"<a[\s/>]")

# The rest of a start tag: attribute values may hold ">" inside quotes, never "<" here.
_START_TAG_REST: Final = re.compile(rb"""(?:[^>"'<]|"[^"<]*"|'[^'<]*')*>""")


def prune_chrome(data: bytes) -> bytes:
    """``data`` (HTML bytes) with the content of every ``<nav>`` and ``<footer>`` and the
    text of every script (but JSON-LD) and style that can be cut safely removed (see the
    module docstring); ``data`` itself when none can."""
    lower = data.lower()  # tag names are ASCII case-insensitive
    pieces: list[bytes] = []
    kept_from = 0
    position = 0
    # A menu left to the parser is read again from inside: thousands of unclosed <nav>s
    # would cost quadratic time. Looking for menus stops once it has read the page twice.
    budget = 2 * len(lower)
    while (token := _TOKEN.search(lower, position)) is not None:
        name = token[2]
        if name is None:  # a comment: nothing inside it is markup
            end = lower.find(b"-->", token.end())
            if end < 0:
                break
            position = end + 3
        elif name in _RAW_TEXT and not token[1]:
            end = lower.find(b"</" + name, token.end())
            if end < 0 or (name == b"script" and _double_escaped(lower, token.end(), end)):
                break  # the rest of the page is that element's text, or where it ends is unsure
            start = _unread_text_start(lower, token) if name in _UNREAD_TEXT else None
            if start is not None and start < end:
                pieces.append(data[kept_from:start])
                kept_from = end
            position = end + 2
        elif name in _CUT and not token[1] and budget > 0:
            region, read = _region(lower, token)
            budget -= read
            if region is None:
                position = token.end()
            else:
                start, position = region
                pieces.append(data[kept_from:start])
                kept_from = position
        else:
            position = token.end()
    if not pieces:
        return data
    pieces.append(data[kept_from:])
    return b"".join(pieces)


def _region(lower: bytes, start_token: re.Match[bytes]) -> tuple[tuple[int, int] | None, int]:
    """(first byte of the content, first byte of the end tag) of the element opened by
    ``start_token``, or None when it must be left to the parser; and how many bytes were
    read to decide."""
    if _inside_tag(lower, start_token.start()):
        return None, 0
    rest = _START_TAG_REST.match(lower, start_token.end())
    if rest is None:
        return None, 0
    name = start_token[2]
    depth = 1
    position = content_start = rest.end()
    while (token := _TOKEN.search(lower, position)) is not None:
        read = token.end() - content_start
        found = token[2]
        if found is None or found in _RAW_TEXT or found in _READ_INSIDE_CHROME:
            return None, read
        if found == name:
            depth += -1 if token[1] else 1
            if depth == 0:
                if _inside_tag(lower, token.start()):
                    return None, read
                if name == b"nav" and _LINK.search(lower, content_start, token.start()) is None:
                    return None, read  # no link: perhaps a dropdown's panel (see _elements)
                return (content_start, token.start()), read
        position = token.end()
    return None, len(lower) - content_start  # never closed: where it ends is the parser's call


def _double_escaped(lower: bytes, start: int, end: int) -> bool:
    """True when the script text ``lower[start:end]`` opens "<!--" and then "<script": in
    that state (HTML §13.2.5.4, "script data double escaped", which libxml2 follows) the
    first "</script>" does not end the script, so where it ends is left to the parser."""
    comment = lower.find(b"<!--", start, end)
    return comment >= 0 and _SCRIPT_START.search(lower, comment, end) is not None


def _unread_text_start(lower: bytes, start_token: re.Match[bytes]) -> int | None:
    """Where the text of the ``<script>``/``<style>`` opened by ``start_token`` begins, or
    None when it must be kept: JSON-LD (``type="application/ld+json"``, read by
    ``_jsonld``; any "json" in the tag keeps it) or a tag that is not certain."""
    if _inside_tag(lower, start_token.start()):
        return None
    rest = _START_TAG_REST.match(lower, start_token.end())
    if rest is None or b"json" in lower[start_token.start() : rest.end()]:
        return None
    return rest.end()


def _inside_tag(lower: bytes, position: int) -> bool:
    """True when the "<" at ``position`` lies inside another tag (an attribute value such
    as ``title="<nav>"``): a "<" opened since the last ">"."""
    # From the previous "<" forward, not from the previous ">" back: each search then covers
    # only the bytes since the last tag, so a page of tags is read once, not once per tag.
    previous = lower.rfind(b"<", 0, position)
    return previous >= 0 and lower.find(b">", previous, position) < 0
