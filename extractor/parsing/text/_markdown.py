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
from dataclasses import dataclass
from typing import Final

from .._blocks import Link

__all__ = ["MarkdownLine", "read_markdown_line"]

#: Level given to a bold-only line ("**Equipment**"): a weak heading cue.
BOLD_LINE_LEVEL: Final = 7

_MARKS: Final = frozenset("#*_[`\\!-=")
_ATX_HEADING: Final = re.compile(r"^(#{1,6})\s+(.*?)(?:\s+#+)?\s*$")
# "---", "***", "___", "===" (setext underline): rules, never content.
_RULE: Final = re.compile(r"^(?:(?:-\s*){3,}|(?:\*\s*){3,}|(?:_\s*){3,}|={3,})$")
_IMAGE: Final = re.compile(r"!\[[^\]]*\]\([^)\s]*(?:\s+\"[^\"]*\")?\)")
_LINK: Final = re.compile(r"(?<!!)\[([^\]]+)\]\((\S+?)(?:\s+\"[^\"]*\")?\)")
_BOLD_LINE: Final = re.compile(r"^(\*\*|__)(?=\S)(.+?)(?<=\S)\1$")
_BOLD: Final = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_CODE: Final = re.compile(r"`([^`]+)`")
_ESCAPE: Final = re.compile(r"\\([\\`*_{}\[\]()#+\-.!])")


@dataclass(frozen=True, slots=True)
class MarkdownLine:
    """A line with its Markdown marks read."""

    text: str
    level: int = 0
    """1-6 for an ATX heading, ``BOLD_LINE_LEVEL`` for a bold-only line, 0 otherwise."""
    links: tuple[Link, ...] = ()


def read_markdown_line(text: str) -> MarkdownLine:
    """Read one clean line: heading marks, rules, bold, code, images and links."""
    if _MARKS.isdisjoint(text):
        return MarkdownLine(text)
    if _RULE.match(text):
        return MarkdownLine("")
    level = 0
    heading = _ATX_HEADING.match(text)
    if heading is not None:
        level, text = len(heading.group(1)), heading.group(2)
    text = _IMAGE.sub("", text)
    links = tuple(Link(url=match.group(2), text=match.group(1)) for match in _LINK.finditer(text))
    if links:
        text = _LINK.sub(r"\1", text)
    if not level and _BOLD_LINE.match(text) and "**" not in text[2:-2]:
        level = BOLD_LINE_LEVEL
    text = _BOLD.sub(r"\2", text)
    text = _CODE.sub(r"\1", text)
    text = _ESCAPE.sub(r"\1", text)
    return MarkdownLine(" ".join(text.split()), level, links)
