"""Metamorphic tests: a record must not change when a page changes in form but not in meaning.

Each property takes a golden page (``fixtures/pages``), applies random transformations that
leave what the page SAYS unchanged (wrapper elements, heading levels, list types, attributes,
whitespace, entities, site chrome around the content, heading case, byte encodings; for text
pages line endings, trailing spaces, blank lines, bullet glyphs), and asserts that the record
equals the golden record. ``content_sha256`` always differs (other bytes); any other field a
transformation legitimately changes is named where it is dropped from the comparison.

HTML pages are transformed on an lxml tree and serialised again; the golden page itself,
re-serialised untouched, gives the golden record (checked first, so a failure below is the
transformation's, not the serialiser's).
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fixture_support import declared_content_type
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from extractor.parsing._decoding import decode_page
from extractor.parsing._parse import parse_page
from extractor.parsing.vocabulary._html import Cue, class_cues
from extractor.parsing.vocabulary._match import canonical_section

PAGES = Path(__file__).resolve().parents[2] / "fixtures" / "pages"

# Deterministic (derandomize) and bounded: the whole module runs in well under 20 s.
METAMORPHIC = settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)

# Re-serialising closes an unclosed document, so this warning about the ORIGINAL bytes
# legitimately goes away (lxml writes the missing </body></html>).
_TRUNCATION_WARNING = "the HTML ends without </body> or </html>: the page may be truncated"


@dataclass(frozen=True, repr=False)
class Golden:
    name: str
    text: str
    content_type: str | None
    expected: dict[str, Any]

    @property
    def url(self) -> str | None:
        url: str | None = self.expected["url"]
        return url

    def __repr__(self) -> str:  # hypothesis prints the drawn page: its name is enough
        return self.name

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(self.name)


def _golden(suffixes: tuple[str, ...]) -> list[Golden]:
    pages = []
    for page in sorted(PAGES.iterdir()):
        if page.suffix not in suffixes:
            continue
        content_type = declared_content_type(page)
        expected = json.loads(page.with_suffix(".json").read_text("utf-8"))
        text = decode_page(page.read_bytes(), content_type).text
        pages.append(Golden(page.name, text, content_type, expected))
    return pages


HTML_PAGES = _golden((".html", ".htm", ".bin"))
TEXT_PAGES = _golden((".txt", ".md"))


def _comparable(record: dict[str, Any], *, fold_titles: bool = False) -> dict[str, Any]:
    kept = {key: value for key, value in record.items() if key != "content_sha256"}
    kept["warnings"] = [w for w in kept["warnings"] if w != _TRUNCATION_WARNING]
    if fold_titles:
        # A vocabulary heading whose content is kept as an extra section ("Programs" over
        # text that is not a program) keeps its title verbatim: capitals are then content.
        kept["extra_sections"] = [
            {**section, "title": section["title"].casefold()} for section in kept["extra_sections"]
        ]
    return kept


def _record(content: str | bytes, golden: Golden) -> dict[str, Any]:
    record = parse_page(content, url=golden.url, content_type=golden.content_type)
    return record.model_dump(mode="json")


def _assert_same(content: str | bytes, golden: Golden, *, fold_titles: bool = False) -> None:
    got = _comparable(_record(content, golden), fold_titles=fold_titles)
    expected = _comparable(golden.expected, fold_titles=fold_titles)
    differing = {key: (got[key], expected[key]) for key in expected if got[key] != expected[key]}
    assert not differing, f"{golden.name}: (got, golden) {differing}"


# --- the tree ---------------------------------------------------------------------------------

_HTML_PARSER = etree.HTMLParser(encoding="utf-8", huge_tree=True, no_network=True)


def _tree(golden: Golden) -> Any:
    return etree.fromstring(golden.text.encode("utf-8"), _HTML_PARSER)


def _serialise(root: Any) -> str:
    return "<!DOCTYPE html>\n" + etree.tostring(root, method="html", encoding="unicode")


# Raw-text and whitespace-significant elements: their text is never touched.
_RAW = frozenset({"script", "style", "pre", "textarea", "title", "code", "template", "noscript"})
_HEADINGS = ("h2", "h3", "h4", "h5", "h6")
_INLINE = frozenset({"a", "b", "strong", "em", "i", "span", "small", "u", "mark", "abbr", "label"})


def _body(root: Any) -> Any:
    body = root.find("body")
    return body if body is not None else root


def _elements(root: Any) -> list[Any]:
    """Every element of ``<body>`` outside raw-text elements (a list: safe to mutate after)."""
    return [
        element
        for element in _body(root).iter()
        if isinstance(element.tag, str)
        and not any(a.tag in _RAW for a in element.iterancestors())
        and element.tag not in _RAW
    ]


def _text_slots(root: Any) -> Iterator[tuple[Any, str]]:
    """(element, "text"|"tail") of every text node in ``<body>`` outside raw-text elements."""
    for element in _elements(root):
        if element.text:
            yield element, "text"
        parent = element.getparent()
        if element.tail and parent is not None and parent.tag not in _RAW:
            yield element, "tail"


def _edit_text(root: Any, rnd: random.Random, edit: Callable[[str, random.Random], str]) -> None:
    for element, slot in list(_text_slots(root)):
        value = getattr(element, slot)
        setattr(element, slot, edit(value, rnd))


# Class names that say nothing (no chrome, placeholder, title, toggle or banner cue).
_NEUTRAL_CLASSES = tuple(
    name
    for name in (
        "wrap", "inner", "container", "row", "col-md-8", "prose", "content-block", "x1y2",
        "entry-body", "rich-text", "stack", "grid__cell", "mt-4 px-2", "css-1q2w3e", "block",
        "layout", "sc-bdVaJa", "richtext", "text-base leading-7", "component",
    )
    if class_cues(name) == 0
)  # fmt: skip

# Elements that may stand in any flow container, and the containers.
_FLOW = frozenset(
    {"div", "section", "article", "main", "p", "ul", "ol", "dl", "table", "details", "figure",
     "iframe", "video", "blockquote", "h1", *_HEADINGS}
)  # fmt: skip
_FLOW_PARENTS = frozenset(
    {"body", "div", "section", "article", "main", "li", "dd", "td", "figure", "blockquote"}
)


def _neutral_attributes(rnd: random.Random) -> dict[str, str]:
    attributes = {"class": rnd.choice(_NEUTRAL_CLASSES)}
    if rnd.random() < 0.3:
        attributes[f"data-{rnd.choice(['v', 'test', 'block-id', 'aos'])}"] = str(rnd.randrange(99))
    return attributes


def _wrap(element: Any, tag: str, attributes: dict[str, str]) -> None:
    parent = element.getparent()
    wrapper = etree.Element(tag, attributes)
    wrapper.tail, element.tail = element.tail, None
    parent.replace(element, wrapper)
    wrapper.append(element)


# --- HTML transformations ---------------------------------------------------------------------


def _is_banner_like(element: Any) -> bool:
    if element.tag == "header":
        return True
    cues = class_cues(element.get("class") or "") | class_cues(element.get("id") or "")
    return bool(cues & Cue.BANNER)


def wrap_in_containers(root: Any, rnd: random.Random) -> None:
    """Wrap content elements in extra ``<div>``/``<section>``/``<span>`` with neutral classes.

    Not wrapped: the page banner (``<header>``, or ``<div id="header">`` read like one) in a
    ``<section>`` (HTML-AAM: a header inside sectioning content is that section's header, not
    the banner: a change of meaning).
    """
    candidates = [
        element
        for element in _elements(root)
        if element.tag in _FLOW
        and element.getparent() is not None
        and element.getparent().tag in _FLOW_PARENTS
    ]
    for element in rnd.sample(candidates, min(len(candidates), rnd.randint(1, 8))):
        tag = rnd.choice(("div", "div", "section", "span"))
        if tag == "section" and any(_is_banner_like(node) for node in element.iter()):
            tag = "div"
        for _ in range(rnd.randint(1, 3)):
            _wrap(element, tag, _neutral_attributes(rnd))


def shift_heading_levels(root: Any, rnd: random.Random) -> None:
    """h2..h6 all one or more levels deeper (nesting kept: only levels below h1 move)."""
    levels = [int(h.tag[1]) for h in _elements(root) if h.tag in _HEADINGS]
    if not levels:
        return
    shift = rnd.randint(1, 6 - max(levels)) if max(levels) < 6 else 0
    for heading in _elements(root):
        if heading.tag in _HEADINGS:
            heading.tag = f"h{int(heading.tag[1]) + shift}"


def switch_lists_and_add_attributes(root: Any, rnd: random.Random) -> None:
    """``<ul>`` <-> ``<ol>``, plus class / id / data-* attributes that say nothing."""
    for element in _elements(root):
        if element.tag in ("ul", "ol") and rnd.random() < 0.6:
            element.tag = "ol" if element.tag == "ul" else "ul"
        if rnd.random() < 0.3 and element.get("class") is None:
            element.set("class", rnd.choice(_NEUTRAL_CLASSES))
        if rnd.random() < 0.2 and element.get("id") is None:
            element.set("id", f"u{rnd.randrange(10**6)}")
        if rnd.random() < 0.3:
            element.set(f"data-{rnd.choice(['v', 'key', 'index'])}", str(rnd.randrange(99)))


_SPACE = re.compile(r" ")


def vary_whitespace(root: Any, rnd: random.Random) -> None:
    """Indentation and newlines where whitespace already is (never inside a word), and
    whitespace before/after block elements."""

    def edit(text: str, rnd: random.Random) -> str:
        return _SPACE.sub(lambda _: rnd.choice((" ", "  ", "\n", "\n      ", "\t", " \n ")), text)

    _edit_text(root, rnd, edit)
    for element in _elements(root):
        if element.tag in _FLOW and element.getparent() is not None and rnd.random() < 0.5:
            element.tail = "\n" + " " * rnd.randrange(12) + (element.tail or "")
            if element.tag not in ("table", "ul", "ol", "dl"):
                element.text = "\n" + " " * rnd.randrange(12) + (element.text or "")


def invisible_characters(root: Any, rnd: random.Random) -> None:
    """``&nbsp;`` for spaces between words, zero-width characters beside spaces."""

    def edit(text: str, rnd: random.Random) -> str:
        return _SPACE.sub(
            lambda _: rnd.choice((" ", "\xa0", " \u200b", "\u200b ", " \ufeff", "\u2060 ", " ")),
            text,
        )

    _edit_text(root, rnd, edit)


# Characters to write as entity references in text (never in scripts: JSON-LD is raw text).
_ENTITIES = {
    "é": ("&eacute;", "&#233;", "&#xE9;"),
    "'": ("&#39;", "&apos;", "&#x27;"),
    "’": ("&rsquo;", "&#8217;"),
    "ä": ("&auml;",),
    "ü": ("&uuml;",),
    "–": ("&ndash;",),
    "&": ("&amp;", "&#38;"),
    "à": ("&agrave;",),
    "è": ("&egrave;",),
}
# Private-use stand-ins survive serialisation; they become entity references after it.
_MARKERS = {char: chr(0xE000 + index) for index, char in enumerate(_ENTITIES)}


def entity_encoded(golden: Golden, rnd: random.Random) -> str:
    root = _tree(golden)

    def edit(text: str, rnd: random.Random) -> str:
        return "".join(
            _MARKERS[char] if char in _MARKERS and rnd.random() < 0.7 else char for char in text
        )

    _edit_text(root, rnd, edit)
    html = _serialise(root)
    for char, marker in _MARKERS.items():
        html = re.sub(re.escape(marker), lambda _, c=char: rnd.choice(_ENTITIES[c]), html)
    return html


# Site chrome as real sites carry it, in the page's three languages.
_CHROME_SNIPPETS = (
    '<nav class="main-nav"><ul><li><a href="/en/programs">Programs</a></li>'
    '<li><a href="/en/videos">Videos</a></li><li><a href="/en/faq">FAQ</a></li></ul></nav>',
    '<div class="site-menu"><a href="/fr/programmes">Programmes</a> '
    '<a href="/fr/videos">Vidéos</a> <a href="/de/programme">Programme</a></div>',
    '<footer class="site-footer"><div class="cols"><h4>Programs</h4><ul>'
    + "".join(f'<li><a href="/en/program/{i}">Program {i}</a></li>' for i in range(12))
    + '</ul><h4>Videos</h4><ul><li><a href="/en/videos">All videos</a></li></ul>'
    "<h4>Instructions</h4><p>Description of our site</p></div>"
    "<p>© 2024 FitMetrics</p></footer>",
    '<div id="cookie-consent" class="cookie-banner"><p>We use cookies to improve your '
    "experience.</p><button>Accept</button><button>Decline</button></div>",
    '<div class="modal fade" role="dialog" aria-hidden="true"><div class="modal-body">'
    "<h2>Videos</h2><p>Loading...</p></div></div>",
    '<div class="modal" id="programs-modal"><h3>Programs</h3><div>Chargement…</div></div>',
    '<script>window.__T__ = {"h": "Instructions", "l": "Loading...", '
    '"f": "Found errors? Tell us!", "n": ["Programs", "Videos"]};</script>',
    "<style>.videos:before{content:'Videos'} .faq:after{content:'Wird geladen...'}</style>",
    "<noscript><p>Technical tips: enable JavaScript.</p></noscript>",
    '<nav aria-label="breadcrumb"><ol class="breadcrumb"><li><a href="/en/">Home</a></li>'
    '<li><a href="/en/exercises">Exercises</a></li><li>Instructions</li></ol></nav>',
    '<div class="breadcrumbs"><a href="/">Home</a> › <a href="/en/videos">Videos</a></div>',
    '<div role="navigation"><a href="/de/programme">Programme</a> '
    '<a href="/de/videos">Videos</a></div>',
    '<aside class="sidebar"><h3>Programs</h3><ul><li><a href="/en/program/1">Core</a></li>'
    "</ul><h3>Videos</h3><p>Loading...</p></aside>",
)


# The feedback line is chrome by its words alone, not by markup: it goes where sites put
# it (the page's or the content's end), never into a header, where a link of its own would
# make a section's header look like the page banner.
_FEEDBACK_SNIPPETS = (
    '<div class="feedback"><p>Found errors? <a href="/en/feedback">Tell us!</a></p></div>',
    '<p class="report">Vous avez trouvé des erreurs ? <a href="/fr/contact">'
    "Dites-le-nous !</a></p>",
    "<p>Fehler gefunden? Sag es uns!</p>",
)


def _snippet(rnd: random.Random, *, feedback: bool) -> Any:
    snippets = _CHROME_SNIPPETS + (_FEEDBACK_SNIPPETS if feedback else ())
    fragment = etree.fromstring(f"<html><body>{rnd.choice(snippets)}</body></html>", _HTML_PARSER)
    body = fragment.find("body")
    if body is not None and len(body):
        return body[0]
    return fragment.find("head")[0]  # <script>/<style> alone land in <head>


def insert_chrome(root: Any, rnd: random.Random) -> None:
    """Site chrome at the body's level (before, between, after its blocks), as the first or
    last child of ``<main>``/``<article>``, or inside an existing header or footer.

    Not inside a section between a heading and its content: chrome there would be the
    section's own text on a real page (a "Loading..." under a heading IS the content state)."""
    body = _body(root)
    hosts = [body, *body.iter("main", "article", "header", "footer")]
    for _ in range(rnd.randint(1, 5)):
        host = rnd.choice(hosts)
        index = rnd.randint(0, len(host)) if host is body else rnd.choice((0, len(host)))
        snippet = _snippet(rnd, feedback=host.tag not in ("header", "footer"))
        if index == 0 and host.text and host.text.strip():
            continue  # before the host's own leading text would split it
        host.insert(index, snippet)


def _vocabulary_headings(root: Any) -> list[Any]:
    return [
        element
        for element in _elements(root)
        if element.tag in _HEADINGS
        and canonical_section("".join(element.itertext()).strip()) is not None
    ]


def uppercase_with_colon(root: Any, rnd: random.Random) -> None:
    """Section headings of the vocabulary in capitals with a trailing colon ("INSTRUCTIONS:").

    Only vocabulary headings: an extra section's title is kept verbatim, so its case is content.
    """
    for heading in _vocabulary_headings(root):
        if rnd.random() < 0.2:
            continue
        slots = [(heading, "text")] + [
            (node, slot) for node in heading.iterdescendants() for slot in ("text", "tail")
        ]
        last = None
        for node, slot in slots:
            value = getattr(node, slot)
            if value:
                setattr(node, slot, value.upper())
                if any(char.isalnum() for char in value):
                    last = (node, slot)
        if last is not None:
            node, slot = last
            value = getattr(node, slot)
            setattr(
                node,
                slot,
                value.rstrip() + rnd.choice((":", " :", ":")) + value[len(value.rstrip()) :],
            )


def _has_other_weak_headings(root: Any) -> bool:
    """A bold-only line or title-class element that is not a vocabulary heading ("Good to
    know" inside a Description). While the sections have real headings, such a line is
    visibly weaker: part of its section. Once the sections' headings are weak cues too, the
    two look alike, so demoting them would change what the page says."""
    for element in _elements(root):
        text = "".join(element.itertext()).strip()
        if not text or canonical_section(text) is not None:
            continue
        parent = element.getparent()
        if element.tag in ("b", "strong") and "".join(parent.itertext()).strip() == text:
            return True
        if class_cues(element.get("class") or "") & Cue.TITLE:
            return True
    return False


_ITEM_LIKE = frozenset({"li", "dd", "dt", "td", "th", "h1", *_HEADINGS})


def headings_as_weak_cues(root: Any, rnd: random.Random) -> None:
    """Vocabulary headings as ``<div class="section-title">``, ``<p><strong>`` or ``<p><b>``.

    Only vocabulary headings whose page has no deeper heading level: a sub-heading's level
    is what says it belongs to the section above it, and a weak cue has no level. Only
    headings of inline content: an unclosed ``<h2>`` holding the rest of the page would put
    the whole page in bold. Not inside a list item or another heading (an unclosed ``<li>``
    around the rest of the page): a bold line there is part of that item.
    """
    if _has_other_weak_headings(root):
        return
    headings = [
        heading
        for heading in _vocabulary_headings(root)
        if all(
            node.tag in _INLINE for node in heading.iterdescendants() if isinstance(node.tag, str)
        )
        and not any(node.tag in _ITEM_LIKE for node in heading.iterancestors())
    ]
    levels = {h.tag for h in _elements(root) if h.tag in _HEADINGS}
    if len(levels) > 1:
        return
    for heading in headings:
        choice = rnd.choice(("div", "strong", "b"))
        attributes = {key: heading.get(key) for key in ("id",) if heading.get(key)}
        if choice == "div":
            heading.tag = "div"
            heading.attrib.clear()
            heading.attrib.update(
                {**attributes, "class": rnd.choice(("section-title", "card__title", "heading"))}
            )
            continue
        bold = etree.Element(choice)
        bold.text, heading.text = heading.text, None
        for child in list(heading):
            bold.append(child)
        heading.tag = "p"
        heading.attrib.clear()
        heading.attrib.update(attributes)
        heading.append(bold)


HTML_TRANSFORMATIONS: dict[str, Callable[[Any, random.Random], None]] = {
    "wrap_in_containers": wrap_in_containers,
    "shift_heading_levels": shift_heading_levels,
    "switch_lists_and_add_attributes": switch_lists_and_add_attributes,
    "vary_whitespace": vary_whitespace,
    "invisible_characters": invisible_characters,
    "insert_chrome": insert_chrome,
    "uppercase_with_colon": uppercase_with_colon,
    "headings_as_weak_cues": headings_as_weak_cues,
}


_UPPERCASE = "uppercase_with_colon"


def _transformed(golden: Golden, names: list[str], rnd: random.Random) -> str:
    root = _tree(golden)
    for name in names:
        HTML_TRANSFORMATIONS[name](root, rnd)
    return _serialise(root)


html_pages = st.sampled_from(HTML_PAGES)
text_pages = st.sampled_from(TEXT_PAGES)
randoms = st.randoms(use_true_random=False)


# --- properties: HTML -------------------------------------------------------------------------


@pytest.mark.parametrize("golden", HTML_PAGES, ids=repr)
def test_reserialised_page_gives_the_golden_record(golden: Golden) -> None:
    _assert_same(_serialise(_tree(golden)), golden)


@pytest.mark.parametrize("name", sorted(HTML_TRANSFORMATIONS))
@METAMORPHIC
@given(golden=html_pages, rnd=randoms)
def test_html_transformation_keeps_the_record(
    name: str, golden: Golden, rnd: random.Random
) -> None:
    _assert_same(_transformed(golden, [name], rnd), golden, fold_titles=name == _UPPERCASE)


@METAMORPHIC
@given(
    golden=html_pages,
    names=st.lists(st.sampled_from(sorted(HTML_TRANSFORMATIONS)), min_size=2, max_size=5),
    rnd=randoms,
)
def test_combined_html_transformations_keep_the_record(
    golden: Golden, names: list[str], rnd: random.Random
) -> None:
    _assert_same(_transformed(golden, names, rnd), golden, fold_titles=_UPPERCASE in names)


@METAMORPHIC
@given(golden=html_pages, rnd=randoms)
def test_entity_references_keep_the_record(golden: Golden, rnd: random.Random) -> None:
    _assert_same(entity_encoded(golden, rnd), golden)


def _without_charset_declarations(root: Any) -> None:
    for meta in list(root.iter("meta")):
        if meta.get("charset") is not None or (
            (meta.get("http-equiv") or "").lower() == "content-type"
        ):
            meta.getparent().remove(meta)


def _with_charset(root: Any, charset: str) -> None:
    _without_charset_declarations(root)
    head = root.find("head")
    if head is None:
        head = etree.Element("head")
        root.insert(0, head)
    head.insert(0, etree.Element("meta", {"charset": charset}))


def _encodable(golden: Golden, encoding: str) -> bool:
    try:
        _serialise(_tree(golden)).encode(encoding)
    except UnicodeEncodeError:
        return False
    return True


# A page served with a charset in its Content-Type keeps that encoding: re-encoding it would
# contradict the header, which wins over the document (not meaning-preserving).
_REENCODABLE = [golden for golden in HTML_PAGES if golden.content_type is None]
_CP1252 = [golden for golden in _REENCODABLE if _encodable(golden, "cp1252")]


@METAMORPHIC
@given(
    golden=st.sampled_from(_REENCODABLE),
    encoding=st.sampled_from(["utf-8-sig", "utf-16", "utf-16-be-bom", "utf-8-no-declaration"]),
)
def test_unicode_byte_encodings_keep_the_record(golden: Golden, encoding: str) -> None:
    root = _tree(golden)
    if encoding == "utf-8-no-declaration":
        _without_charset_declarations(root)
        data = _serialise(root).encode("utf-8")
    elif encoding == "utf-16-be-bom":
        data = ("\ufeff" + _serialise(root)).encode("utf-16-be")
    else:
        data = _serialise(root).encode(encoding)
    _assert_same(data, golden)


@METAMORPHIC
@given(golden=st.sampled_from(_CP1252), declared=st.booleans(), rnd=randoms)
def test_windows_1252_bytes_keep_the_record(
    golden: Golden, declared: bool, rnd: random.Random
) -> None:
    root = _tree(golden)
    if declared:
        _with_charset(root, rnd.choice(("windows-1252", "cp1252", "Windows-1252")))
    else:
        _without_charset_declarations(root)
    _assert_same(_serialise(root).encode("cp1252"), golden)


# --- properties: text -------------------------------------------------------------------------

_GLYPHS = ("-", "*", "•", "–", "·")
_BULLET_LINE = re.compile(r"^(?P<indent>[ \t]*)(?P<glyph>[-*•–·])(?P<gap>[ \t]+)(?=\S)")


def crlf(text: str, rnd: random.Random) -> str:
    return text.replace("\r\n", "\n").replace("\n", rnd.choice(("\r\n", "\r\n", "\r")))


def trailing_spaces(text: str, rnd: random.Random) -> str:
    return "\n".join(
        line + rnd.choice(("", "", " ", "   ", "\t", " \t ")) for line in text.split("\n")
    )


def extra_blank_lines(text: str, rnd: random.Random) -> str:
    """More blank lines where there is already one (a single line break may join a wrapped
    paragraph or a question to its answer: adding a blank line there is not neutral)."""
    out = re.sub(r"\n[ \t]*\n", lambda m: m.group() + "\n" * rnd.randint(0, 3), text)
    return "\n" * rnd.randint(0, 2) + out + "\n" * rnd.randint(0, 3)


def bullet_glyphs(text: str, rnd: random.Random) -> str:
    """Another glyph for every bullet line of the page (one glyph for all: mixing glyphs
    in one list could read as nested lists in Markdown renderings)."""
    glyph = rnd.choice(_GLYPHS)
    return "\n".join(
        _BULLET_LINE.sub(lambda m: m["indent"] + glyph + m["gap"], line)
        for line in text.split("\n")
    )


def numbered_bullets(text: str, rnd: random.Random) -> str:
    """Bulleted runs numbered "1." / "1)" instead, numbering restarting with each run (a
    line that is neither a bullet, blank, nor an indented continuation ends a run)."""
    style = rnd.choice(("{}.", "{})"))
    lines, number = [], 0
    for line in text.split("\n"):
        match = _BULLET_LINE.match(line)
        if match:
            number += 1
            line = f"{match['indent']}{style.format(number)}{match['gap']}{line[match.end() :]}"
        elif line.strip() and not line.startswith((" ", "\t")):
            number = 0
        lines.append(line)
    return "\n".join(lines)


TEXT_TRANSFORMATIONS: dict[str, Callable[[str, random.Random], str]] = {
    "trailing_spaces": trailing_spaces,
    "extra_blank_lines": extra_blank_lines,
    "bullet_glyphs": bullet_glyphs,
    "numbered_bullets": numbered_bullets,
    "crlf": crlf,  # last: the others split on "\n"
}


@METAMORPHIC
@given(
    golden=text_pages,
    names=st.sets(st.sampled_from(sorted(TEXT_TRANSFORMATIONS)), min_size=1),
    rnd=randoms,
    encoding=st.sampled_from([None, "utf-8", "utf-8-sig", "utf-16"]),
)
def test_text_page_variants_keep_the_record(
    golden: Golden, names: set[str], rnd: random.Random, encoding: str | None
) -> None:
    text = golden.text.replace("\r\n", "\n")  # the transformations below work on lines
    for name in TEXT_TRANSFORMATIONS:  # in the table's order
        if name in names:
            text = TEXT_TRANSFORMATIONS[name](text, rnd)
    _assert_same(text if encoding is None else text.encode(encoding), golden)
