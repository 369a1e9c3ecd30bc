"""A markdown copy read as a whole before its lines are: what no single line tells.

- the header block of a reader service ("Title: ...", "URL Source: ...", "Published Time:
  ...", "Markdown Content:") or a YAML front matter ("---" / "title: ..." / "---"): its
  title and address are kept apart (they name the page, they are not its content);
- reference-style links and images ("[Plank][3]" with "[3]: https://..." further down)
  are written inline, their definition lines dropped;
- HTML fragments a converter left in the markdown ("<br>", "<img src alt>", "<a href>",
  "<details>", "<div>", an embedded player's "<iframe>") are rewritten as the markdown
  they stand for, other tags removed (their text kept), comments, scripts and styles
  dropped.

Pure functions over the text; a text without "[", "<" or a header key is returned as is.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Final

from ..vocabulary import HEADER_CONTENT_KEYS, HEADER_KEYS, HEADER_TITLE_KEYS, HEADER_URL_KEYS
from ._markdown import join_wrapped

__all__ = ["MarkdownDocument", "read_markdown_document"]


@dataclass(frozen=True, slots=True)
class MarkdownDocument:
    """The markdown to read line by line, and what its header said about the page."""

    text: str
    title: str | None = None
    """The header block's or front matter's title, as written (site name included)."""
    url: str | None = None
    """The header block's or front matter's address of the page."""


# "Title: Psoas smash", "URL Source: https://...", "Markdown Content:" (value optional).
_HEADER_LINE: Final = re.compile(r"^\s*([A-Za-z][A-Za-z :_-]{0,30}?)\s*:(?:\s+(.*?))?\s*$")
_FRONT_MATTER_FENCE: Final = re.compile(r"^(?:---|\+\+\+)\s*$")
_FRONT_MATTER_MAX_LINES: Final = 60
# "[3]: https://... "title"" - a link reference definition (CommonMark §4.7).
_DEFINITION: Final = re.compile(
    r"""^[ ]{0,3}\[([^\]\n]{1,200})\]:[ \t]*<?([^\s>]+)>?
    (?:[ \t]+(?:"[^"\n]*"|'[^'\n]*'|\([^)\n]*\)))?[ \t]*$""",
    re.MULTILINE | re.VERBOSE,
)
# "![alt][ref]", "[text][ref]", "[text][]", and the shortcut "[text]" (not before "(", ":" or
# "[", nor the "[ref]" half of a full reference); the text may hold an inline image.
_REFERENCE: Final = re.compile(
    r"(?<!\])(!?)\[((?:!\[[^\[\]\n]*\]\([^()\s]*\)|[^\[\]\n])*)\](?:\[([^\[\]\n]*)\]|(?![(:\[]))"
)
_COMMENT: Final = re.compile(r"<!--.*?-->", re.DOTALL)
_DROPPED_ELEMENT: Final = re.compile(
    r"<(script|style|noscript|template|svg)\b[^>]*>.*?</\1\s*>", re.DOTALL | re.IGNORECASE
)
_AUTOLINK: Final = re.compile(r"<((?:https?|ftp)://[^\s<>]+)>", re.IGNORECASE)
_ATTRIBUTE: Final = re.compile(
    r"""([a-zA-Z_:][-a-zA-Z0-9_:.]*)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))"""
)
_IMG: Final = re.compile(r"<img\b([^>]*)/?>", re.IGNORECASE)
_IFRAME: Final = re.compile(
    r"<(?:iframe|video|source|embed)\b([^>]*)>(?:\s*</(?:iframe|embed)>)?", re.IGNORECASE
)
_ANCHOR: Final = re.compile(r"<a\b([^>]*)>(.*?)</a\s*>", re.IGNORECASE | re.DOTALL)
_HEADING: Final = re.compile(r"<h([1-6])\b[^>]*>(.*?)</h\1\s*>", re.IGNORECASE | re.DOTALL)
_BREAK: Final = re.compile(r"<br\s*/?>", re.IGNORECASE)
_LIST_ITEM: Final = re.compile(r"<li\b[^>]*>", re.IGNORECASE)
_BOLD: Final = re.compile(r"</?(?:strong|b)\b[^>]*>", re.IGNORECASE)
# Tags that open a block: a line of their own (their text is a paragraph).
_BLOCK_TAG: Final = re.compile(
    r"</?(?:p|div|section|article|main|aside|header|footer|nav|figure|figcaption|details|summary"
    r"|blockquote|ul|ol|li|dl|dt|dd|table|thead|tbody|tfoot|tr|td|th|caption|hr|center|span"
    r"|h[1-6]|iframe|video|audio|picture|source|embed|form|button|label|input|select|option"
    r"|em|i|u|small|sup|sub|mark|abbr|cite|code|kbd|time|font|strong|b|a|img)\b[^>]*>",
    re.IGNORECASE,
)
_INLINE_TAGS: Final = frozenset(
    {"span", "em", "i", "u", "small", "sup", "sub", "mark", "abbr", "cite", "code", "kbd"}
    | {"time", "font", "strong", "b", "a", "img", "label"}
)
_TAG_NAME: Final = re.compile(r"</?([a-zA-Z0-9]+)")


def read_markdown_document(text: str) -> MarkdownDocument:
    """The markdown without its header block, reference definitions and HTML fragments."""
    text, title, url = _header(text)
    if "[" in text:
        text = _inline_references(_unwrapped_links(text))
    if "<" in text:
        text = _html_fragments(text)
    return MarkdownDocument(text, title, url)


# --- the header block ---------------------------------------------------------------------


def _key(raw: str) -> str:
    return " ".join(raw.replace("_", " ").split()).casefold()


def _header(text: str) -> tuple[str, str | None, str | None]:
    """(the text after the header block or front matter, its title, its address)."""
    lines = text.split("\n")
    first = next((index for index, line in enumerate(lines) if line.strip()), None)
    if first is None:
        return text, None, None
    if _FRONT_MATTER_FENCE.match(lines[first]):
        return _front_matter(lines, first) or (text, None, None)
    fields: dict[str, str] = {}
    end = first
    for index in range(first, len(lines)):
        line = lines[index]
        if not line.strip():
            continue
        match = _HEADER_LINE.match(line)
        key = _key(match.group(1)) if match else ""
        if key not in HEADER_KEYS:
            break
        end = index + 1
        value = (match.group(2) or "") if match else ""
        if key in HEADER_CONTENT_KEYS:
            lines.insert(index + 1, value)  # "Content: text on the same line" is content
            break
        fields.setdefault(key, value.strip())
    # A page that merely opens with "Date: ..." is no header block: the block names the page.
    if not any(key in HEADER_TITLE_KEYS or key in HEADER_URL_KEYS for key in fields):
        return text, None, None
    return "\n".join(lines[end:]), _title(fields), _url(fields)


def _front_matter(lines: list[str], first: int) -> tuple[str, str | None, str | None] | None:
    fields: dict[str, str] = {}
    for index in range(first + 1, min(len(lines), first + _FRONT_MATTER_MAX_LINES)):
        line = lines[index]
        if _FRONT_MATTER_FENCE.match(line):
            if not fields:
                return None
            return "\n".join(lines[index + 1 :]), _title(fields), _url(fields)
        match = _HEADER_LINE.match(line)
        if match is not None and not line[:1].isspace():
            fields.setdefault(_key(match.group(1)), (match.group(2) or "").strip().strip("\"'"))
        elif line.strip() and not line[:1].isspace() and not line.lstrip().startswith("- "):
            return (
                None  # not "key: value" (nor a YAML list or a folded value): a rule, not a header
            )
    return None


def _title(fields: dict[str, str]) -> str | None:
    return next((fields[key] for key in HEADER_TITLE_KEYS if fields.get(key)), None)


def _url(fields: dict[str, str]) -> str | None:
    for key in HEADER_URL_KEYS:
        value = fields.get(key, "").strip("<> ")
        if value.startswith(("http://", "https://")) and " " not in value:
            return value
    return None


# --- reference links ----------------------------------------------------------------------


def _inline_references(text: str) -> str:
    definitions: dict[str, str] = {}

    def define(match: re.Match[str]) -> str:
        definitions.setdefault(_label(match.group(1)), match.group(2))
        return ""

    text = _DEFINITION.sub(define, text)
    if not definitions:
        return text

    def resolve(match: re.Match[str]) -> str:
        bang, content, reference = match.group(1), match.group(2), match.group(3)
        url = definitions.get(_label(reference or content))
        if url is None or (not content and not bang):
            return match.group(0)
        return f"{bang}[{content}]({url})"

    # Twice: a linked image's picture first ("[![alt][1]][2]"), then its link.
    return _REFERENCE.sub(resolve, _REFERENCE.sub(resolve, text))


def _label(label: str) -> str:
    """CommonMark's label matching: case-insensitive, whitespace folded."""
    return " ".join(label.split()).casefold()


# A link or image whose text or address a converter wrapped over two lines (html2text wraps
# at 78 columns, at spaces and at hyphens, inside links too): "[Kettlebell basics (opens" /
# "the program)](/en/...)", "![Side view](/thumbs/cph-" / "side.jpg)".
_WRAPPED_LINK_TEXT: Final = re.compile(r"(\[[^\[\]\n]*)\n[ \t]*(?=[^\[\]\n]*\][(\[])")
_WRAPPED_ADDRESS: Final = re.compile(r"(\]\([^()\s]*)\n[ \t]*(?=[^()\s]*\))")


def _unwrapped_links(text: str) -> str:
    if "\n" not in text:
        return text
    text = _WRAPPED_ADDRESS.sub(r"\1", text)
    return _WRAPPED_LINK_TEXT.sub(_join_link_text, text)


def _join_link_text(match: re.Match[str]) -> str:
    before = match.group(1)
    following = match.string[match.end() : match.end() + 40]
    joined = join_wrapped(before, following)
    return joined[: len(joined) - len(following)]


# --- HTML fragments -----------------------------------------------------------------------


def _attributes(raw: str) -> dict[str, str]:
    return {
        match.group(1).lower(): html.unescape(
            match.group(2) or match.group(3) or match.group(4) or ""
        )
        for match in _ATTRIBUTE.finditer(raw)
    }


def _html_fragments(text: str) -> str:
    text = _COMMENT.sub("", text)
    text = _DROPPED_ELEMENT.sub("", text)
    text = _AUTOLINK.sub(r"\1", text)
    if _BLOCK_TAG.search(text) is None and _BREAK.search(text) is None:
        return text
    text = _IMG.sub(_image, text)
    text = _IFRAME.sub(_player, text)
    text = _ANCHOR.sub(_anchor, text)
    text = _HEADING.sub(lambda m: f"\n\n{'#' * int(m.group(1))} {_one_line(m.group(2))}\n\n", text)
    text = _BREAK.sub("\n\n", text)  # the HTML front end reads a line break as a new block
    text = _LIST_ITEM.sub("\n- ", text)
    text = _BOLD.sub("**", text)
    return _BLOCK_TAG.sub(_tag, text)


def _one_line(text: str) -> str:
    return " ".join(_BLOCK_TAG.sub(" ", text).split())


def _image(match: re.Match[str]) -> str:
    attributes = _attributes(match.group(1))
    source = attributes.get("src") or attributes.get("data-src") or ""
    if not source:
        return ""
    alt = attributes.get("alt", "").replace("]", ")").replace("[", "(")
    return f"![{alt}]({source})"


def _player(match: re.Match[str]) -> str:
    """An embedded player as a markdown image of its address (the way GitHub embeds a video):
    the line reader reads an image of a video's address as an embedded video."""
    attributes = _attributes(match.group(1))
    source = attributes.get("src") or attributes.get("data-src") or ""
    title = " ".join(attributes.get("title", "").replace("]", ")").replace("[", "(").split())
    return f"\n\n![{title}]({source})\n\n" if source else ""


def _anchor(match: re.Match[str]) -> str:
    href = _attributes(match.group(1)).get("href", "")
    label = _one_line(match.group(2)) if "<" in match.group(2) else " ".join(match.group(2).split())
    if "![" in match.group(2):
        label = match.group(2).strip()  # a linked image: "[![alt](src)](href)"
    if not href or href.startswith(("#", "javascript:")):
        return label
    return f"[{label}]({href})" if label else ""


def _tag(match: re.Match[str]) -> str:
    name = _TAG_NAME.match(match.group(0))
    if name is not None and name.group(1).lower() in _INLINE_TAGS:
        return ""
    return "\n\n"
