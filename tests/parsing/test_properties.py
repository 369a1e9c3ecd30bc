"""Properties of parse_page on arbitrary and adversarial input (hypothesis).

Whatever the input, parse_page returns a valid record or raises an ExtractionError;
and no placeholder or feedback text ever reaches a field of a record.
"""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extractor import Exercise, ExtractionError
from extractor.parsing._parse import parse_page
from extractor.parsing.vocabulary._match import (
    CHROME_SUBSTRING,
    FEEDBACK_LINES,
    PLACEHOLDER_WORDS,
    SECTION_HEADINGS,
    is_feedback_line,
    is_placeholder,
)

BOUNDED = settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

HEADINGS = sorted({w for langs in SECTION_HEADINGS.values() for ws in langs.values() for w in ws})
PLACEHOLDERS = sorted(
    f"{word}{ellipsis}"
    for words in PLACEHOLDER_WORDS.values()
    for word in words
    for ellipsis in ("...", "…", "..", "")
)
FEEDBACK = sorted(line for lines in FEEDBACK_LINES.values() for line in lines)

words = st.text(
    alphabet=st.characters(categories=["L", "N", "Zs"], include_characters=".,;:'-–?!é&"),
    max_size=40,
)
heading = st.sampled_from(HEADINGS).flatmap(
    lambda h: st.sampled_from([h, h.upper(), h + ":", f"  {h.lower()} "])
)
placeholder = st.sampled_from(PLACEHOLDERS)
feedback = st.sampled_from(FEEDBACK)
question = words.map(lambda w: (w.strip() or "Why") + "?")
# Text that may carry chrome inside it: the record must still be free of it.
phrase = st.one_of(
    words,
    question,
    heading,
    placeholder,
    feedback,
    st.tuples(words, placeholder, words).map(" ".join),
    st.tuples(words, feedback).map(" ".join),
)


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for item in value.values() for s in _strings(item)]
    if isinstance(value, list):
        return [s for item in value for s in _strings(item)]
    return []


def _check(content: str | bytes, content_type: str | None = None) -> None:
    try:
        record = parse_page(content, content_type=content_type)
    except ExtractionError:
        return
    data = record.model_dump(mode="json")
    assert Exercise.model_validate(data) == record
    assert record.name.strip()
    for text in _strings(data):
        for piece in [text, *text.split("\n\n")]:
            assert not is_placeholder(piece), (piece, data)
            assert not is_feedback_line(piece), (piece, data)
        assert CHROME_SUBSTRING.search(text) is None, (text, data)


@BOUNDED
@given(st.text(max_size=2000))
def test_arbitrary_text(text: str) -> None:
    _check(text)


@BOUNDED
@given(st.binary(max_size=2000), st.sampled_from([None, "text/html", "text/plain; charset=utf-8"]))
def test_arbitrary_bytes(content: bytes, content_type: str | None) -> None:
    _check(content, content_type)


def _text_line() -> st.SearchStrategy[str]:
    bullet = st.sampled_from(["• ", "- ", "* ", "– ", "· ", "1. ", "2) ", "  • "])
    return st.one_of(
        phrase,
        st.just(""),
        st.tuples(bullet, phrase).map("".join),
    )


def _text_page() -> st.SearchStrategy[list[str]]:
    """A title, then sections (a vocabulary heading and its lines): mostly real records."""
    section = st.tuples(heading, st.lists(_text_line(), min_size=1, max_size=6))
    return st.tuples(phrase, st.lists(section, min_size=1, max_size=6)).map(
        lambda page: [page[0], ""] + [line for h, body in page[1] for line in ["", h, *body]]
    )


@BOUNDED
@given(
    st.one_of(st.lists(_text_line(), max_size=40), _text_page()),
    st.sampled_from(["\n", "\r\n", "\r"]),
    st.sampled_from([None, "text/plain"]),
)
def test_generated_text_pages(lines: list[str], newline: str, content_type: str | None) -> None:
    text = newline.join(lines)
    _check(text, content_type)
    _check(text.encode("utf-8"), content_type)


def _fragment() -> st.SearchStrategy[str]:
    level = st.integers(min_value=1, max_value=6)
    items = st.lists(phrase, max_size=4)
    return st.one_of(
        st.tuples(level, heading).map(lambda t: f"<h{t[0]}>{t[1]}</h{t[0]}>"),
        st.tuples(level, phrase).map(lambda t: f"<h{t[0]}>{t[1]}</h{t[0]}>"),
        phrase.map(lambda t: f"<p>{t}</p>"),
        phrase.map(lambda t: f"<p><strong>{t}</strong></p>"),
        items.map(lambda xs: "<ul>" + "".join(f"<li>{x}</li>" for x in xs) + "</ul>"),
        items.map(lambda xs: "<ol>" + "".join(f"<li>{x}" for x in xs) + "</ol>"),
        items.map(lambda xs: "<p>" + "<br>".join(f"• {x}" for x in xs) + "</p>"),
        placeholder.map(lambda t: f'<div class="loading">{t}</div>'),
        placeholder.map(lambda t: f"<script>document.write('{t}')</script>"),
        feedback.map(lambda t: f'<a href="/feedback">{t}</a>'),
        st.tuples(question, phrase).map(
            lambda t: f"<details><summary>{t[0]}</summary><p>{t[1]}</p></details>"
        ),
        st.tuples(question, phrase).map(lambda t: f"<dl><dt>{t[0]}</dt><dd>{t[1]}</dd></dl>"),
        st.just('<iframe src="https://www.youtube.com/embed/x1"></iframe>'),
        st.tuples(st.sampled_from(["https://youtu.be/", "https://x.ch/en/program/"]), phrase).map(
            lambda t: f'<ul><li><a href="{t[0]}{t[1]}">{t[1]}</a></li></ul>'
        ),
        st.sampled_from(["<div>", "</div>", "<span>", "</p>", "<section>", "&nbsp;", "<br/>"]),
        phrase,
    )


def _soup_page() -> st.SearchStrategy[list[str]]:
    """An h1, then vocabulary-headed sections of random fragments: mostly real records."""
    section = st.tuples(
        st.integers(min_value=2, max_value=4), heading, st.lists(_fragment(), max_size=5)
    )
    return st.tuples(phrase, st.lists(section, min_size=1, max_size=6)).map(
        lambda page: (
            [f"<h1>{page[0]}</h1>"]
            + [part for lvl, h, body in page[1] for part in [f"<h{lvl}>{h}</h{lvl}>", *body]]
        )
    )


@BOUNDED
@given(
    st.one_of(st.lists(_fragment(), max_size=30), _soup_page()),
    st.booleans(),
    st.sampled_from([None, "text/html", "text/html; charset=utf-8"]),
)
def test_generated_tag_soup(fragments: list[str], wrap: bool, content_type: str | None) -> None:
    body = "".join(fragments)
    html = f"<!DOCTYPE html><html><head><title>T</title></head><body>{body}</body></html>"
    _check(html if wrap else body, content_type)
    _check((html if wrap else body).encode("utf-8"), content_type)
