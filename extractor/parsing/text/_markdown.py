"""Markdown marks in plain-text renderings: one line in, its text, heading level and links out.

Scrapers and "reader" services (html2text, Jina reader, trafilatura's markdown
output) render pages as Markdown: "# Psoas smash", "## Instructions",
"**What is it good for?**", "[Tell us!](https://...)". The text front end reads
such a line as a heading (ATX "#" heading, or a bold-only line) and keeps the
link target out of the text. Pure functions; a line without any Markdown
character is returned untouched without running a pattern.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Final
from urllib.parse import urlsplit

from .._blocks import Link
from .._media import is_duration
from ..vocabulary import (
    HYPHEN_SUSPENDING_WORDS,
    IMAGE_CHROME_WORDS,
    IMAGE_SUFFIXES,
    READER_IMAGE_LABELS,
    is_video_url,
)

__all__ = ["MarkdownImage", "MarkdownLine", "join_wrapped", "read_markdown_line"]

#: Level given to a bold-only line ("**Equipment**"): a weak heading cue.
BOLD_LINE_LEVEL: Final = 7

_MARKS: Final = frozenset("#*_[`\\!-=")
_ATX_HEADING: Final = re.compile(r"^(#{1,6})\s+(.*?)(?:\s+#+)?\s*$")
# "---", "***", "___", "===" (setext underline): rules, never content.
_RULE: Final = re.compile(r"^(?:(?:-\s*){3,}|(?:\*\s*){3,}|(?:_\s*){3,}|={3,})$")
_IMAGE: Final = re.compile(r"!\[([^\]]*)\]\(([^)\s]*)(?:\s+\"[^\"]*\")?\)")
# "[![FitMetrics](/logo.svg)](https://fitmetrics.ch/)": an image inside a link.
_LINKED_IMAGE: Final = re.compile(
    r"\[\s*!\[([^\]]*)\]\(([^)\s]*)(?:\s+\"[^\"]*\")?\)([^\[\]]*)\]\(([^)\s]*)(?:\s+\"[^\"]*\")?\)"
)
_WORDS: Final = re.compile(r"[^\W\d_]+")
# A line ending inside a hyphenated word ("ischio-"): html2text wraps at hyphens.
_HYPHENATED_END: Final = re.compile(r"[^\W\d_]{2}-$")
_READER_IMAGE_LABEL: Final = re.compile(
    r"^(?:{})\s+\d{{1,4}}\s*:\s*".format("|".join(map(re.escape, READER_IMAGE_LABELS)))
)
_SUSPENDING: Final = frozenset(
    word.casefold() for words in HYPHEN_SUSPENDING_WORDS.values() for word in words
)
_LINK: Final = re.compile(r"(?<!!)\[([^\]]+)\]\((\S+?)(?:\s+\"[^\"]*\")?\)")
_BOLD_LINE: Final = re.compile(r"^(\*\*|__)(?=\S)(.+?)(?<=\S)\1$")
_BOLD: Final = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_CODE: Final = re.compile(r"`([^`]+)`")
# CommonMark §2.4: any ASCII punctuation character may be backslash-escaped.
_ESCAPE: Final = re.compile(r"\\([!-/:-@\[-`{-~])")
# Escaped characters stand in the Private Use Area while the line's marks are read.
_PROTECTED: Final = 0xE000
_UNPROTECT: Final = {_PROTECTED + code: chr(code) for code in range(128)}
# "*em*" and "_em_" (CommonMark §6.2, simplified: not inside a word, no space inside the marks).
_EMPHASIS: Final = re.compile(r"(?<![\w*])([*_])(?=[^\s*_])(.+?)(?<=[^\s*_])\1(?![\w*])")
_ORPHAN_MARK: Final = re.compile(r"(?:(?<=\s)|^)(?:\*\*|__)+(?=\S)|(?<=\S)(?:\*\*|__)+(?=\s|$)")


@dataclass(frozen=True, slots=True)
class MarkdownLine:
    """A line with its Markdown marks read."""

    text: str
    level: int = 0
    """1-6 for an ATX heading, ``BOLD_LINE_LEVEL`` for a bold-only line, 0 otherwise."""
    links: tuple[Link, ...] = ()
    images: tuple[MarkdownImage, ...] = ()
    """The line's images ("![alt](src)"), site chrome among them marked as such."""


@dataclass(frozen=True, slots=True)
class MarkdownImage:
    """An image of a markdown line."""

    url: str
    alt: str
    chrome: bool
    """A logo, an icon or a linked card: an image inside a link to another page, or one
    whose file name or alternative text says so."""
    video: bool = False
    """An image of a video's address: an embedded player ("<iframe>" in the markdown)."""


def read_markdown_line(text: str) -> MarkdownLine:
    """Read one clean line: heading marks, rules, bold, code, images and links."""
    if _MARKS.isdisjoint(text):
        return MarkdownLine(text)
    if _RULE.match(text):
        return MarkdownLine("")
    escaped = "\\" in text
    if escaped:  # "\*not emphasis\*": escaped characters are kept out of every pattern
        text = _ESCAPE.sub(lambda match: chr(_PROTECTED + ord(match.group(1))), text)
    level = 0
    heading = _ATX_HEADING.match(text)
    if heading is not None:
        level, text = len(heading.group(1)), heading.group(2)
    images: list[MarkdownImage] = []
    if "![" in text:
        text = _LINKED_IMAGE.sub(lambda match: _linked_image(match, images), text)
        text = _IMAGE.sub(lambda match: _image(match.group(2), match.group(1), images), text)
    links = tuple(
        Link(url=match.group(2), text=_restored(_inline(match.group(1)), escaped))
        for match in _LINK.finditer(text)
    )
    if links:
        text = _LINK.sub(r"\1", text)
    if not level and _BOLD_LINE.match(text) and "**" not in text[2:-2]:
        level = BOLD_LINE_LEVEL
    text = _restored(_inline(text), escaped)
    if escaped and images:
        images = [replace(image, alt=_restored(image.alt, True)) for image in images]
    return MarkdownLine(" ".join(text.split()), level, links, tuple(images))


def _inline(text: str) -> str:
    """Text without its emphasis and code marks ("**bold**", "*em*", "_em_", "`code`"), and
    without marks left unpaired (html2text writes an empty "<i>" icon as "__")."""
    if "*" in text or "_" in text:
        text = _BOLD.sub(r"\2", text)
        text = _EMPHASIS.sub(r"\2", text)
        text = _ORPHAN_MARK.sub("", text)
    return _CODE.sub(r"\1", text) if "`" in text else text


def _restored(text: str, escaped: bool) -> str:
    return text.translate(_UNPROTECT) if escaped else text


def _linked_image(match: re.Match[str], images: list[MarkdownImage]) -> str:
    """A picture linked to its own file (a zoomable picture) is an image. One linked to
    another page is a card's thumbnail (chrome) and its link the card's: named by the
    link's text, else the picture's alternative text ("[![Plank demo](t.jpg)](video)").
    A logo or an icon goes with its link."""
    alt, source, rest, target = match.groups()
    if target == source or _is_image_file(target):
        return _image(target if _is_image_file(target) else source, alt, images) + rest
    if source:
        images.append(MarkdownImage(source, alt.strip(), chrome=True))
    label = " ".join(rest.split())
    if _is_chrome_image(source, alt) or not target:
        return ""
    label = alt.strip() if not label or is_duration(label) else label
    return f"[{label}]({target})" if label else ""


def _image(source: str, alt: str, images: list[MarkdownImage]) -> str:
    if source:
        alt = _READER_IMAGE_LABEL.sub("", " ".join(_ESCAPE.sub(r"\1", alt).split()))
        alt = _inline(alt)
        if is_video_url(source):
            images.append(MarkdownImage(source, alt, chrome=False, video=True))
        else:
            images.append(MarkdownImage(source, alt, chrome=_is_chrome_image(source, alt)))
    return ""


def _is_image_file(url: str) -> bool:
    try:
        path = urlsplit(url).path.casefold()
    except ValueError:
        return False
    return path.endswith(IMAGE_SUFFIXES)


def _is_chrome_image(source: str, alt: str) -> bool:
    try:
        name = urlsplit(source).path.rsplit("/", 1)[-1]
    except ValueError:
        name = source
    words = {word.casefold() for word in _WORDS.findall(f"{name} {alt}")}
    return not words.isdisjoint(IMAGE_CHROME_WORDS)


def join_wrapped(text: str, following: str) -> str:
    """Two lines a converter wrapped, joined: with a space, or none inside a hyphenated word
    ("ischio-" + "jambiers"; not "pre-" + "and post-workout")."""
    if _HYPHENATED_END.search(text) and following[:1].isalpha():
        first_word = following.split(" ", 1)[0].rstrip(",.;:").casefold()
        if first_word not in _SUSPENDING:
            return text + following
    return f"{text} {following}"
