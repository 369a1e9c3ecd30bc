"""JSON-LD (``<script type="application/ld+json">``): FAQ pairs, videos, every ``@type``.

Real pages put JSON-LD in many shapes: one object, a list, an ``@graph``,
nodes referenced by ``@id``, answers holding HTML, comment wrappers, trailing
commas, control characters in strings. Everything unreadable is ignored; this
module never raises.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Final

from ..._models import FaqItem, Image, Video
from .._blocks import Kind
from .._cleaning import clean_text, is_chrome_text
from .._media import absolute_url, is_parseable_url
from ..vocabulary import NON_CONTENT_JSONLD_TYPES
from ._chrome_lines import may_be_chrome_line
from ._dom import parse_document
from ._walk import BlockWalker

__all__ = ["JsonLd", "html_paragraphs_many", "is_jsonld_script", "read_jsonld"]

_MAX_NODES: Final = 10_000
_MAX_TEXT_DEPTH: Final = 8
_MAX_IMAGES: Final = 20  # per entity: a gallery, not an unbounded list
# "<!-- {...} -->" and CDATA wrappers, matched at the very start / very end only.
_OPENER: Final = re.compile(r"^\s*(?:<!--|(?://|/\*)?\s*<!\[CDATA\[(?:\s*\*/)?)")
_CLOSER: Final = re.compile(r"(?:-->|(?://|/\*)?\s*\]\]>(?:\s*\*/)?)\s*$")
_TRAILING_COMMA: Final = re.compile(r",\s*([}\]])")
_BLANK_LINE: Final = re.compile(r"\n\s*\n")
_TYPE_PREFIX: Final = re.compile(r"[/:#]")
_WRAPPER: Final = "jsonld-text"


@dataclass(slots=True)
class JsonLd:
    """What the page's JSON-LD says."""

    faq: list[FaqItem] = field(default_factory=list)
    videos: list[Video] = field(default_factory=list)
    video_aliases: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Every address of each video's ``VideoObject``, by the video's ``url``."""
    steps: list[str] = field(default_factory=list)
    """``HowTo`` steps, in order (the first ``HowTo`` with steps)."""
    types: list[str] = field(default_factory=list)
    images: list[Image] = field(default_factory=list)
    """The ``image`` (and ``primaryImageOfPage``) of content entities: not of an
    organisation, a person, a video or a list (``NON_CONTENT_JSONLD_TYPES``)."""


def is_jsonld_script(script_type: str | None) -> bool:
    """True for ``type="application/ld+json"`` (parameters and case ignored)."""
    if not script_type:
        return False
    return script_type.split(";", 1)[0].strip().lower() == "application/ld+json"


def read_jsonld(sources: Iterable[str], *, base_url: str | None = None) -> JsonLd:
    """Read every JSON-LD script text; malformed ones are skipped."""
    result = JsonLd()
    raw_faq: list[tuple[str, str]] = []
    raw_steps: list[str] = []
    videos: set[str] = set()
    for source in sources:
        data = _loads(source)
        if data is None:
            continue
        nodes = list(_nodes(data))
        by_id = {node["@id"]: node for node in nodes if isinstance(node.get("@id"), str)}
        for node in nodes:
            types = _types(node)
            for type_name in types:
                if type_name not in result.types:
                    result.types.append(type_name)
            if "FAQPage" in types:
                raw_faq.extend(_faq_pairs(node, by_id))
            if "VideoObject" in types:
                video = _video(node, base_url)
                if video is not None and video.url not in videos:
                    videos.add(video.url)
                    result.videos.append(video)
                    result.video_aliases[video.url] = _video_urls(node, base_url)
            if "HowTo" in types and not raw_steps:
                raw_steps.extend(_howto_steps(node.get("step"), by_id))
            if types and not NON_CONTENT_JSONLD_TYPES.intersection(types):
                _add_images(result.images, node, by_id, base_url)
    result.faq = _clean_faq(raw_faq)
    if raw_steps:
        result.steps = [
            text for paragraphs in html_paragraphs_many(raw_steps) for text in paragraphs
        ]
    return result


def _add_images(
    images: list[Image], node: dict[str, Any], by_id: dict[str, dict[str, Any]], base: str | None
) -> None:
    """A content entity's ``image``/``primaryImageOfPage``: URLs, ``ImageObject``s, ``@id``s."""
    if "ImageObject" in _types(node):
        return  # an image itself, taken where an entity names it
    for key in ("image", "primaryImageOfPage"):
        for entry in _as_list(node.get(key))[:_MAX_IMAGES]:
            entry = _resolve(entry, by_id)
            url, alt = entry, None
            if isinstance(entry, dict):
                url = entry.get("contentUrl") or entry.get("url")
                alt = clean_text(_text(entry.get("caption") or entry.get("name"))) or None
            if isinstance(url, list):
                url = next((item for item in url if isinstance(item, str)), None)
            if not isinstance(url, str) or not url.strip():
                continue
            absolute = absolute_url(url, base)
            usable = is_parseable_url(absolute) and absolute.startswith(("http://", "https://"))
            if usable and all(image.url != absolute for image in images):
                images.append(Image(url=absolute, alt=alt))


def _howto_steps(value: Any, by_id: dict[str, dict[str, Any]], depth: int = 0) -> Iterator[str]:
    """The raw texts of a ``HowTo``'s ``step``: strings, ``HowToStep`` (its ``text``, else
    its ``name``, else its own ``itemListElement`` directions) and ``HowToSection``s
    (their ``itemListElement`` steps), in order, nesting bounded."""
    if depth > _MAX_TEXT_DEPTH:
        return
    for entry in _as_list(value):
        entry = _resolve(entry, by_id)
        if isinstance(entry, str):
            yield entry
        elif isinstance(entry, dict):
            text = entry.get("text") or entry.get("description")
            if isinstance(text, str) and text.strip():
                yield text
            elif entry.get("itemListElement") is not None:
                yield from _howto_steps(entry.get("itemListElement"), by_id, depth + 1)
            elif isinstance(entry.get("name"), str):
                yield entry["name"]


def _clean_faq(raw_faq: list[tuple[str, str]]) -> list[FaqItem]:
    """Questions and answers as clean text (answers may hold HTML), one per question."""
    cleaned = html_paragraphs_many([text for pair in raw_faq for text in pair])
    faq: list[FaqItem] = []
    seen: set[str] = set()
    for index in range(0, len(cleaned), 2):
        question = clean_text(" ".join(cleaned[index]))
        answer = "\n\n".join(cleaned[index + 1])
        if question and answer and question.casefold() not in seen:
            seen.add(question.casefold())
            faq.append(FaqItem(question=question, answer=answer))
    return faq


def _loads(source: str) -> Any:
    text = _OPENER.sub("", source.strip(), count=1)
    if text.endswith(("-->", ">", "*/")):
        # Only the last few characters: a $-anchored pattern would be tried at every position.
        head, tail = text[:-32], text[-32:]
        text = head + _CLOSER.sub("", tail, count=1)
    text = text.strip()
    if not text:
        return None
    try:
        # strict=False: raw newlines/tabs inside strings are common in CMS output.
        return json.loads(text, strict=False)
    except (ValueError, RecursionError):
        pass
    try:  # only now the repair: the regex pass over the whole text is paid by broken JSON only
        return json.loads(_TRAILING_COMMA.sub(r"\1", text), strict=False)
    except (ValueError, RecursionError):
        return None


def _nodes(data: Any) -> Iterator[dict[str, Any]]:
    """Every JSON object in ``data``, depth first (bounded, iterative: no recursion limit)."""
    stack = [data]
    seen = 0
    while stack and seen < _MAX_NODES:
        value = stack.pop()
        seen += 1
        if isinstance(value, dict):
            yield value
            stack.extend(reversed(list(value.values())))
        elif isinstance(value, list):
            stack.extend(reversed(value))


def _types(node: dict[str, Any]) -> list[str]:
    """``@type`` as short names ("https://schema.org/FAQPage", "schema:FAQPage" -> "FAQPage")."""
    raw = node.get("@type")
    values = raw if isinstance(raw, list) else [raw]
    names = []
    for value in values:
        if isinstance(value, str) and value.strip():
            names.append(_TYPE_PREFIX.split(value.strip())[-1])
    return names


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _resolve(value: Any, by_id: dict[str, dict[str, Any]]) -> Any:
    """A ``{"@id": ...}`` reference replaced by the node it names, when known."""
    if isinstance(value, dict) and set(value) == {"@id"}:
        return by_id.get(value["@id"], value)
    return value


def _text(value: Any, depth: int = 0) -> str:
    """A schema.org text value: a string, a list of strings, or an object with ``text``/``name``
    (nesting beyond a few levels is not text, and must not exhaust the stack)."""
    if isinstance(value, str):
        return value
    if depth > _MAX_TEXT_DEPTH:
        return ""
    if isinstance(value, list):
        return "\n\n".join(_text(item, depth + 1) for item in value)
    if isinstance(value, dict):
        return _text(value.get("text") or value.get("name") or value.get("@value"), depth + 1)
    return ""


def _faq_pairs(page: dict[str, Any], by_id: dict[str, dict[str, Any]]) -> Iterator[tuple[str, str]]:
    """(question, answer) raw texts of an ``FAQPage``'s ``mainEntity`` questions."""
    for entry in _as_list(page.get("mainEntity")):
        question = _resolve(entry, by_id)
        if not isinstance(question, dict):
            continue
        answers = _as_list(question.get("acceptedAnswer")) or _as_list(
            question.get("suggestedAnswer")
        )
        answer = _resolve(answers[0], by_id) if answers else None
        yield _text(question.get("name") or question.get("text")), _text(answer)


def _video(node: dict[str, Any], base_url: str | None) -> Video | None:
    for key in ("contentUrl", "embedUrl", "url"):
        value = node.get(key)
        if isinstance(value, list):
            value = next((item for item in value if isinstance(item, str)), None)
        url = absolute_url(value, base_url) if isinstance(value, str) else ""
        if url and is_parseable_url(url):
            title = clean_text(_text(node.get("name"))) or None
            return Video(url=url, title=title)
    return None


def _video_urls(node: dict[str, Any], base_url: str | None) -> tuple[str, ...]:
    urls = []
    for key in ("contentUrl", "embedUrl", "url"):
        for value in _as_list(node.get(key)):
            if isinstance(value, str) and value.strip():
                url = absolute_url(value, base_url)
                if is_parseable_url(url) and url not in urls:
                    urls.append(url)
    return tuple(urls)


def _is_chrome(text: str) -> bool:
    return may_be_chrome_line(text) and is_chrome_text(text)


def html_paragraphs_many(markups: list[str]) -> list[list[str]]:
    """The clean paragraphs of each text, which may hold HTML ("<p>a</p><ul><li>b</li></ul>").

    All the HTML texts are parsed in ONE document: a page's FAQ answers would
    otherwise cost one parser run each.
    """
    result: list[list[str]] = []
    markup_positions: list[int] = []
    for markup in markups:
        if "<" in markup:
            markup_positions.append(len(result))
            result.append([])
        else:
            chunks = (clean_text(chunk) for chunk in _BLANK_LINE.split(markup))
            result.append([chunk for chunk in chunks if chunk and not _is_chrome(chunk)])
    if not markup_positions:
        return result
    # One wrapper element per text; a stray end tag inside a text cannot close it
    # (libxml2 ignores end tags of elements that are not open).
    document = "".join(f"<{_WRAPPER}>{markups[i]}</{_WRAPPER}>" for i in markup_positions)
    root = parse_document(document)
    wrappers = list(root.iter(_WRAPPER)) if root is not None else []
    if len(wrappers) != len(markup_positions):
        return result  # a text broke the wrapping (e.g. "<!--" left open): skip the HTML ones
    for position, wrapper in zip(markup_positions, wrappers, strict=True):
        blocks = BlockWalker().walk(wrapper)
        result[position] = [
            block.text
            for block in blocks
            if block.text and block.kind not in (Kind.PLACEHOLDER, Kind.VIDEO)
        ]
    return result
