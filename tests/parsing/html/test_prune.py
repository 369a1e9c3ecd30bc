"""``_prune.prune_chrome``: navigation, footer, script and style content cut before the parse.

The cut is an optimisation, so the main check is equivalence: every fixture, and generated
pages with menus full of traps, read the same with and without it.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from extractor import ExtractionError, parse_page
from extractor.parsing.html import _prune
from extractor.parsing.html._prune import prune_chrome
from extractor.parsing.html._reader import read_html

FIXTURES = Path(__file__).resolve().parents[3] / "fixtures"
HTML_FIXTURES = sorted(
    path
    for folder in ("pages", "not_exercise", "site")
    for path in (FIXTURES / folder).rglob("*")
    if path.suffix in (".html", ".htm")
)


def _cut(html: str) -> str:
    return prune_chrome(html.encode()).decode()


# --- what is cut ------------------------------------------------------------------------


def test_nav_and_footer_content_is_cut_and_the_elements_stay() -> None:
    html = (
        '<body><nav class="main" aria-label="Main"><ul><li><a href="/a">A</a></li></ul></nav>'
        "<h1>Plank</h1><footer id=f><p>© Site</p></footer></body>"
    )
    assert _cut(html) == (
        '<body><nav class="main" aria-label="Main"></nav>'
        "<h1>Plank</h1><footer id=f></footer></body>"
    )


def test_tag_names_match_in_any_case() -> None:
    assert _cut("<NAV><a>x</a></Nav><p>y</p>") == "<NAV></Nav><p>y</p>"


def test_nested_navigation_is_cut_with_its_container() -> None:
    html = "<nav><nav><a>x</a></nav><footer>f</footer><a>y</a></nav><p>z</p>"
    assert _cut(html) == "<nav></nav><p>z</p>"


def test_a_quoted_greater_than_sign_does_not_end_the_start_tag() -> None:
    assert _cut('<nav data-x="a>b"><a>x</a></nav>') == '<nav data-x="a>b"></nav>'


def test_custom_elements_that_start_like_nav_are_not_nav() -> None:
    html = "<nav-menu><a>x</a></nav-menu><navbar><a>y</a></navbar><footers>z</footers>"
    assert _cut(html) == html


def test_a_page_without_navigation_is_returned_as_is() -> None:
    data = b"<p>Plank</p>"
    assert prune_chrome(data) is data


# --- what is left to the parser -----------------------------------------------------------

LEFT_AS_IS = {
    "comment": "<nav><!-- </nav> --><a>x</a></nav>",
    "JSON-LD": '<nav><script type="application/ld+json">{"a": "</nav>"}</script></nav>',
    "title-like raw text": "<nav><textarea></nav></textarea></nav>",
    "h1 (a banner title)": "<nav><a href=/>Logo</a><h1>Plank</h1></nav>",
    "main": "<nav><main><p>x</p></main></nav>",
    "article": "<nav><article><p>x</p></article></nav>",
    "template (deferred player)": "<nav><template><iframe src=v></iframe></template></nav>",
    "video": "<nav><video src=v.mp4></video></nav>",
    "iframe": "<nav><iframe src=v></iframe></nav>",
    "unclosed": "<nav><a>x</a><p>content</p>",
    "less-than inside an attribute": '<nav title="a<b"><a>x</a></nav>',
    "start tag inside an attribute": '<p title="<nav>"><a>x</a></nav></p>',
    "end tag inside an attribute": '<nav><a title="</nav>">x</a></nav>',
    "inside a comment": "<!-- <nav><a>x</a></nav> --><p>y</p>",
    "inside raw text": "<textarea><nav><a>x</a></nav></textarea>",
    "inside plaintext": "<plaintext><nav><a>x</a></nav>",
}


@pytest.mark.parametrize("html", LEFT_AS_IS.values(), ids=LEFT_AS_IS.keys())
def test_regions_that_are_not_certain_are_left_to_the_parser(html: str) -> None:
    assert _cut(html) == html


def test_script_and_style_text_is_cut_and_json_ld_is_kept() -> None:
    html = (
        "<head><style>a { color: red }</style><SCRIPT async>var menu = [1, 2];</SCRIPT>"
        '<script type="application/ld+json">{"@type": "HowTo"}</script>'
        "<script src=app.js></script></head>"
    )
    assert _cut(html) == (
        "<head><style></style><SCRIPT async></SCRIPT>"
        '<script type="application/ld+json">{"@type": "HowTo"}</script>'
        "<script src=app.js></script></head>"
    )


def test_a_double_escaped_script_stops_the_cut() -> None:
    """``<!--<script>`` inside a script: its first ``</script>`` ends nothing (HTML's script
    data double-escaped state, which libxml2 follows), so nothing after it is cut."""
    html = (
        "<style>a{}</style><script><!--<script>x</script>y--></script>"
        "<nav><a>x</a></nav><script>var z;</script>"
    )
    assert _cut(html) == html.replace("a{}", "")


def test_a_legacy_comment_in_a_script_does_not_stop_the_cut() -> None:
    assert _cut("<script><!-- var x; //--></script><nav><a>x</a></nav>") == (
        "<script></script><nav></nav>"
    )


def test_a_script_inside_a_menu_has_its_text_cut_and_the_menu_is_left() -> None:
    """Its "</nav>" ends nothing: the menu is not cut at it (nor at all), the script's text is."""
    html = '<nav><script>var s = "</nav>";</script><a>x</a></nav>'
    assert _cut(html) == "<nav><script></script><a>x</a></nav>"


def test_an_unclosed_nav_is_left_and_a_closed_one_inside_it_is_cut() -> None:
    html = "<nav><nav><a>x</a></nav><p>content</p>"
    assert _cut(html) == "<nav><nav></nav><p>content</p>"


def test_a_region_left_as_is_does_not_stop_the_next_one_being_cut() -> None:
    html = "<nav><h1>Plank</h1></nav><p>x</p><footer><a>y</a></footer>"
    assert _cut(html) == "<nav><h1>Plank</h1></nav><p>x</p><footer></footer>"


class _CountingPattern:
    """``_TOKEN`` with a count of its searches: the work the cut does, not its time."""

    def __init__(self, pattern: re.Pattern[bytes]) -> None:
        self.pattern = pattern
        self.searches = 0

    def search(self, data: bytes, position: int) -> re.Match[bytes] | None:
        self.searches += 1
        return self.pattern.search(data, position)


def _searches(html: bytes) -> int:
    counting = _CountingPattern(_prune._TOKEN)
    with mock.patch.object(_prune, "_TOKEN", counting):
        _prune.prune_chrome(html)
    return counting.searches


@pytest.mark.parametrize(
    "unit",
    [b"<nav><a>x</a>", b"<nav><p>x<nav>y</nav>", b"<footer><nav>a", b"<nav><a>x</a><!-- c -->"],
    ids=["unclosed", "nested unclosed", "mixed unclosed", "each left for a comment"],
)
def test_menus_left_to_the_parser_cost_linear_work(unit: bytes) -> None:
    """Each menu left to the parser is read again from inside: without a bound, a page of
    unclosed menus would cost quadratic work."""
    small, large = _searches(unit * 300), _searches(unit * 1200)
    assert large <= 5 * small


# --- equivalence ------------------------------------------------------------------------


def _read(html: bytes, *, prune: bool) -> object:
    content = read_html(
        html.decode("utf-8", "replace"), base_url="https://example.org/en/", utf8=html, prune=prune
    )
    return dataclasses.replace(content, pruned=False)


@pytest.mark.parametrize("path", HTML_FIXTURES, ids=lambda path: path.name)
def test_every_html_fixture_reads_the_same_with_and_without_the_cut(path: Path) -> None:
    html = path.read_bytes()
    if not html.startswith(b"<") and b"\x00" in html:
        pytest.skip("not UTF-8 text")
    assert _read(html, prune=True) == _read(html, prune=False)


def test_the_fixtures_exercise_the_cut() -> None:
    """The equivalence above means something only if fixtures have menus to cut."""
    cut = [path for path in HTML_FIXTURES if prune_chrome(path.read_bytes()) != path.read_bytes()]
    assert len(cut) >= 10


def test_a_page_the_cut_would_break_is_read_whole() -> None:
    """A stray ``</div>`` inside the menu makes the parser end ``<nav>`` early, so the
    title after it is page content; cut at the textual ``</nav>`` it would be gone."""
    html = (
        b'<html><body><div class="wrap"><nav><a href="/">Home</a></div>'
        b"<h2>Plank</h2><h3>Instructions</h3><ul><li>Hold the position.</li></ul>"
        b"</nav></body></html>"
    )
    record = parse_page(html, url="https://example.org/en/exercise/ab12-plank")
    assert record.name == "Plank"
    assert record.instructions == ["Hold the position."]


def test_an_unclosed_div_inside_a_menu_ends_with_the_menu_as_in_a_browser() -> None:
    """libxml2 lets an unclosed ``<div>`` inside ``<nav>`` swallow the rest of the page into
    the menu (its ``</nav>`` is ignored); an HTML5 parser closes both at ``</nav>``, and
    so does the cut."""
    html = (
        b"<html><body><nav><div><a href='/'>Home</a></nav>"
        b"<h1>Plank</h1><h2>Instructions</h2><ul><li>Hold the position.</li></ul></body></html>"
    )
    record = parse_page(html, url="https://example.org/en/exercise/ab12-plank")
    assert record.name == "Plank"
    assert record.instructions == ["Hold the position."]


# Menu fragments full of traps for a byte-level cut (balanced markup: unbalanced menus are
# the two tests above); generated pages put them in navs and footers at random places
# around a real exercise page's content.
_MENU_PARTS = [
    '<li><a href="/en/exercises">Exercises</a></li>',
    "<li><a href='/en/programs'>Programs</a></li>",
    "<strong>Videos</strong>",
    "<h3>Instructions</h3>",
    "<h1>Site name</h1>",
    "<!-- </nav></footer> -->",
    '<script>var menu = "</nav><footer>";</script>',
    '<script type="application/ld+json">{"@type": "WebSite", "name": "Site"}</script>',
    "<script><!--<script>x</script>y--></script>",
    "<div><span>Loading...</span></div>",
    '<a title="x > y" href="#top">Top</a>',
    '<img alt="<nav>" src="i.png">',
    "<NAV><A href=/x>X</A></NAV>",
    "<footer><p>© 2026</p></footer>",
    "<nav><ul><li>Inner</li></ul></nav>",
    "<template><iframe src='https://www.youtube.com/embed/xyz'></iframe></template>",
    "<p>Found errors? Tell us!</p>",
    "<button aria-expanded=false aria-controls=faq-1>How long?</button>",
    "<select><option>EN</option><option>FR</option></select>",
    "<ul><li><a href='/en/blog'>Blog<li>Shop</ul>",  # end tags HTML lets authors omit
    "<p>Menu note",
]
_CONTENT = [
    "<h1>Goblet squat</h1>",
    "<h2>Instructions</h2><ol><li>Hold the weight.</li><li>Squat down.</li></ol>",
    "<h2>Technical tips</h2><ul><li>Keep your chest up.</li></ul>",
    "<h2>Videos</h2><p>Loading...</p>",
    "<h2>Description</h2><p>A squat holding one weight at the chest.</p>",
    "<h3>Is it safe?</h3><p>Yes, with a light weight.</p>",
]
_CHROME_TAG = st.sampled_from(["nav", "footer", "NAV", "footer class='site'", "nav aria-label=x"])


@st.composite
def _pages(draw: st.DrawFn) -> bytes:
    pieces = list(_CONTENT)
    for _ in range(draw(st.integers(1, 4))):
        opening = draw(_CHROME_TAG)
        inner = "".join(draw(st.lists(st.sampled_from(_MENU_PARTS), max_size=6)))
        closing = "" if draw(st.integers(0, 9)) == 0 else f"</{opening.split()[0]}>"
        pieces.insert(draw(st.integers(0, len(pieces))), f"<{opening}>{inner}{closing}")
    for loose in draw(st.lists(st.sampled_from(_MENU_PARTS), max_size=3)):
        pieces.insert(draw(st.integers(0, len(pieces))), loose)  # traps outside any menu too
    wrapper = draw(st.sampled_from(["{}", "<div class='page'>{}</div>", "<main>{}</main>"]))
    return f"<html><body>{wrapper.format(''.join(pieces))}</body></html>".encode()


def _outcome(html: bytes) -> object:
    try:
        return parse_page(
            html, url="https://example.org/en/exercise/ab12-goblet-squat"
        ).model_dump()
    except ExtractionError as error:
        return type(error).__name__, str(error)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_pages())
# Found by a random run: a loose menu link beside a picture made its box a "card" once the
# menus' words were cut, not before (the card rule counted chrome text).
@example(
    (
        '<html><body><div class=\'page\'><img alt="<nav>" src="i.png">'
        + _MENU_PARTS[0] * 2
        + "<nav>"
        + _MENU_PARTS[0] * 12
        + "</nav>"
        + "".join(_CONTENT[:2])
        + "<nav>"
        + "".join(_CONTENT[2:])  # never closed: the rest of the page is in it
        + "</div></body></html>"
    ).encode()
)
def test_generated_pages_with_trap_filled_menus_parse_the_same_either_way(html: bytes) -> None:
    with_cut = _outcome(html)
    with mock.patch("extractor.parsing.html._reader.prune_chrome", lambda data: data):
        without_cut = _outcome(html)
    assert with_cut == without_cut
