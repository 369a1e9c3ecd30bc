"""HTML red-team round: one focused test per rule fixed after reading unseen page shapes
(the whole pages are golden pairs in ``fixtures/pages/html-*``)."""

from __future__ import annotations

import pytest

from extractor import parse_page
from extractor._models import Video
from extractor.parsing._blocks import Kind, PageContent
from extractor.parsing.html._prune import prune_chrome
from extractor.parsing.html._reader import read_html
from extractor.parsing.vocabulary._html import Cue, class_cues

URL = "https://fitmetrics.ch/en/exercise/1a2b3c-plank"
H, IT, P, Q, A, V = Kind.HEADING, Kind.ITEM, Kind.PARAGRAPH, Kind.QUESTION, Kind.ANSWER, Kind.VIDEO

SECTIONS = (
    "<h2>Instructions</h2><ul><li>Lie face down.</li><li>Lift your hips.</li></ul>"
    "<h2>Description</h2><p>The plank trains the whole trunk.</p>"
)


def read(body: str) -> PageContent:
    return read_html(f"<!DOCTYPE html><html><body>{body}</body></html>", base_url=URL)


def stream(body: str) -> list[tuple[Kind, str]]:
    return [(block.kind, block.text) for block in read(body).blocks]


def page(body: str) -> dict[str, object]:
    html = f"<!DOCTYPE html><html lang=en><body>{body}</body></html>"
    return parse_page(html, url=URL).model_dump(mode="json")


# --- consent platforms named only by their vendor --------------------------------------------


@pytest.mark.parametrize(
    "root",
    [
        '<div id="didomi-host"><h1>We value your privacy</h1><p>We store data.</p>',
        '<div id="qc-cmp2-container"><h2>Instructions</h2><p>Select Accept to agree.</p>',
        '<div class="iubenda-cs-container"><p>We use tracking technologies here.</p>',
        '<div id="usercentrics-root"><p>This site uses third-party services.</p>',
        '<div id="onetrust-banner-sdk"><h2>Programs</h2><p>By clicking Accept you agree.</p>',
    ],
)
def test_consent_platform_roots_are_chrome_even_around_an_h1(root: str) -> None:
    record = page(f"{root}</div><h1>Plank</h1>{SECTIONS}")
    assert record["name"] == "Plank"
    assert record["instructions"] == ["Lie face down.", "Lift your hips."]
    assert record["extra_sections"] == []
    assert record["programs"] == []


def test_consent_vendor_cue_is_not_a_bare_cmp_prefix() -> None:
    # Adobe AEM names every core component "cmp-<name>": content, not a consent platform.
    assert not class_cues("cmp-text") & Cue.CHROME
    assert class_cues("qc-cmp2-container") & Cue.CONSENT


def test_chrome_cue_without_vendor_still_spares_a_container_holding_the_title() -> None:
    # <div class="has-cookie-banner"> around the page: the generic cue never drops the h1.
    record = page(f'<div class="has-cookie-banner"><h1>Plank</h1>{SECTIONS}</div>')
    assert record["name"] == "Plank"


# --- site footers without <footer> ------------------------------------------------------------


@pytest.mark.parametrize(
    "notice",
    [
        "© 2026 FitMetrics AG · <a href='/privacy'>Privacy</a> · <a href='/terms'>Terms</a>",
        "Copyright 2026 FitMetrics",
        "FitMetrics AG. All rights reserved.",
    ],
)
def test_copyright_line_of_a_div_footer_reaches_no_field(notice: str) -> None:
    body = (
        f"<h1>Plank</h1>{SECTIONS}<h2>FAQ</h2><div><div>How long?</div><div>A minute.</div></div>"
        f'<div class="bg-slate-900"><div class="px-4">{notice}</div></div>'
    )
    record = page(body)
    assert record["faq"] == [{"question": "How long?", "answer": "A minute."}]
    assert record["extra_sections"] == []
    assert record["warnings"] == []


def test_enumerated_step_opening_with_c_is_not_a_copyright_line() -> None:
    body = "<h1>Plank</h1><h2>Instructions</h2><p>(a) Lie down.</p><p>(c) Hold still.</p>"
    body += "<h2>Description</h2><p>A trunk exercise.</p>"
    record = page(body)
    assert "(c) Hold still." in str(record)


# --- list items that only lay out a disclosure widget ---------------------------------------


def test_list_item_holding_an_accordion_toggle_is_a_question_and_its_panel() -> None:
    body = (
        '<ul><li class="accordion-item"><h4><button aria-expanded="false" aria-controls="a1">'
        '<span>How many reps?</span></button></h4><div id="a1" role="region"><p>Ten.</p>'
        "<p>Per side.</p></div></li></ul>"
    )
    assert stream(body) == [(Q, "How many reps?"), (A, "Ten."), (A, "Per side.")]


def test_list_item_holding_details_is_a_question_and_answer() -> None:
    body = "<ul><li><details><summary>Daily?</summary><p>Yes.</p></details></li></ul>"
    assert stream(body) == [(Q, "Daily?"), (A, "Yes.")]


def test_list_item_with_a_read_more_expander_stays_one_item() -> None:
    body = '<ul><li>Lie down. <button aria-expanded="false">Read more</button></li></ul>'
    assert stream(body) == [(IT, "Lie down.")]


# --- AMP chrome components --------------------------------------------------------------------


def test_amp_sidebar_and_consent_are_chrome() -> None:
    body = (
        '<amp-sidebar id="s" layout="nodisplay"><h3>Programs</h3><p>Browse our programs.</p>'
        '</amp-sidebar><amp-consent id="c"><div><p>We use cookies.</p></div></amp-consent>'
        "<h1>Plank</h1>"
    )
    assert stream(body) == [(H, "Plank")]


# --- comment threads, post dates, language switchers -----------------------------------------


def test_comment_form_heading_is_chrome() -> None:
    body = (
        '<p>Text.</p><div class="article-template__comment-wrapper"><h2>Leave a comment</h2>'
        "<form><textarea></textarea></form></div>"
        '<div id="comments" class="comments-area"><h3>2 thoughts</h3></div>'
    )
    assert stream(body) == [(P, "Text.")]


def test_a_line_that_is_only_a_time_element_is_the_post_date() -> None:
    body = '<h1>Plank</h1><span class="caption"><time datetime="2026-03-02">2 March 2026</time>'
    body += "</span><p>Updated <time>2 March 2026</time></p>"
    assert stream(body) == [(H, "Plank"), (P, "Updated 2 March 2026")]


@pytest.mark.parametrize(
    "switcher",
    [
        '<div><a href="/en/">EN</a> <a href="/fr/">FR</a> <span>DE</span></div>',
        "<p>English | Français | Deutsch</p>",
    ],
)
def test_a_line_of_language_names_is_a_language_switcher(switcher: str) -> None:
    assert stream(f"{switcher}<p>Hold the plank.</p>") == [(P, "Hold the plank.")]


def test_a_single_language_word_in_content_is_kept() -> None:
    assert stream("<p>English</p>") == [(P, "English")]


# --- call-out columns (<aside>) ---------------------------------------------------------------


def test_aside_labelled_by_a_card_header_is_read_but_not_its_other_cards() -> None:
    body = (
        '<aside class="col-4"><div class="card"><div class="card-header">Medical restrictions'
        "</div><ul><li>Avoid with an unstable shoulder.</li></ul></div>"
        '<div class="card"><div class="card-header">Share</div>'
        '<a href="https://twitter.com/intent/tweet">Twitter</a></div></aside>'
    )
    assert stream(body) == [(H, "Medical restrictions"), (IT, "Avoid with an unstable shoulder.")]


def test_flat_aside_with_its_section_heading_is_read_whole() -> None:
    body = "<aside><h3>Medical restrictions</h3><ul><li>Avoid in pregnancy.</li></ul></aside>"
    assert stream(body) == [(H, "Medical restrictions"), (IT, "Avoid in pregnancy.")]


def test_side_bar_aside_stays_chrome() -> None:
    body = '<aside><div class="card-header">Latest posts</div><p>Ten tips.</p></aside><p>X.</p>'
    assert stream(body) == [(P, "X.")]


# --- players a script builds ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("attributes", "url"),
    [
        (
            'data-settings=\'{"youtube_url":"https://www.youtube.com/watch?v=GbLt5qHo1dX",'
            '"video_type":"youtube"}\'',
            "https://www.youtube.com/watch?v=GbLt5qHo1dX",
        ),
        ('data-vimeo-id="76979871"', "https://player.vimeo.com/video/76979871"),
        (
            'data-plyr-provider="youtube" data-plyr-embed-id="bTqVqk7FSmY"',
            "https://www.youtube.com/embed/bTqVqk7FSmY",
        ),
        ('data-video-url="/media/plank.mp4"', "https://fitmetrics.ch/media/plank.mp4"),
    ],
)
def test_player_placeholder_names_its_video_in_data_attributes(attributes: str, url: str) -> None:
    blocks = read(f"<h2>Videos</h2><div {attributes}></div>").blocks
    assert [block.video for block in blocks if block.kind is V] == [Video(url=url, title=None)]


def test_elementor_settings_read_only_the_chosen_video_source() -> None:
    settings = (
        '{"video_type":"vimeo","youtube_url":"https://www.youtube.com/watch?v=XHOmBV4js_E",'
        '"vimeo_url":"https://vimeo.com/235215203"}'
    )
    blocks = read(f"<div data-settings='{settings}'></div>").blocks
    assert [block.video.url for block in blocks if block.video] == ["https://vimeo.com/235215203"]


@pytest.mark.parametrize(
    "attributes",
    [
        'data-settings=\'{"background_background":"classic","animation":"fadeIn"}\'',
        "data-settings='not json'",
        'data-video-url="https://fitmetrics.ch/en/programs"',
        'data-vimeo-id="12 34"',
    ],
)
def test_data_attributes_without_a_video_make_no_video(attributes: str) -> None:
    assert [b for b in read(f"<div {attributes}><p>Text.</p></div>").blocks if b.kind is V] == []


# --- a dropdown's panel written as <nav> (Webflow) --------------------------------------------

_DROPDOWN = (
    '<div class="w-dropdown"><div class="w-dropdown-toggle" id="t0" aria-controls="l0" '
    'aria-haspopup="menu" aria-expanded="false" role="button"><div>How long?</div></div>'
    '<nav class="w-dropdown-list" id="l0" aria-labelledby="t0"><p>{answer}</p></nav></div>'
)


def test_linkless_nav_opened_by_the_toggle_before_it_is_its_answer() -> None:
    assert stream(_DROPDOWN.format(answer="One minute.")) == [(P, "How long?"), (A, "One minute.")]


def test_linkless_nav_panel_is_found_through_aria_when_the_toggle_is_wrapped() -> None:
    body = (
        '<div><div><div id="t0" aria-controls="l0">How long?</div></div>'
        '<nav id="l0"><p>One minute.</p></nav></div>'
    )
    assert (A, "One minute.") in stream(body)


def test_nav_with_links_stays_chrome_even_after_a_toggle() -> None:
    body = (
        '<button aria-expanded="false" aria-haspopup="true">Menu</button>'
        '<nav><p>Site</p><a href="/en/">Home</a></nav><p>X.</p>'
    )
    assert stream(body) == [(P, "X.")]


def test_prune_keeps_a_linkless_nav_for_the_walker_and_cuts_menus() -> None:
    data = b"<nav id=l0><p>One minute.</p></nav><nav><a href=/>Home</a></nav>"
    assert prune_chrome(data) == b"<nav id=l0><p>One minute.</p></nav><nav></nav>"


# --- step counters, video cards, bare embed URLs ----------------------------------------------


@pytest.mark.parametrize(
    "item",
    [
        '<li><span class="step-number">1</span><p>Lie face down.</p></li>',
        '<li><span class="badge">Step 1</span><span>Lie face down.</span></li>',
        "<li><div>1.</div><div>Lie face down.</div></li>",
    ],
)
def test_list_item_counter_element_is_numbering(item: str) -> None:
    assert stream(f"<ol>{item}</ol>") == [(IT, "Lie face down.")]


@pytest.mark.parametrize(
    ("item", "text"),
    [
        ("<li><strong>2</strong> sets of ten reps.</li>", "2 sets of ten reps."),
        ("<li><b>3</b><i> rounds</i></li>", "3 rounds"),
        ("<li><span>10</span></li>", "10"),
    ],
)
def test_number_that_belongs_to_the_sentence_is_kept(item: str, text: str) -> None:
    assert stream(f"<ul>{item}</ul>") == [(IT, text)]


def test_step_label_blocks_in_a_list_section_are_numbering() -> None:
    steps = "".join(
        f'<div class="step"><div>Step {n}</div><p>{text}</p></div>'
        for n, text in ((1, "Lie face down."), (2, "Lift your hips."))
    )
    body = f"<h1>Plank</h1><h2>Instructions</h2>{steps}<h2>Description</h2><p>A drill.</p>"
    assert page(body)["instructions"] == ["Lie face down.", "Lift your hips."]


def test_video_card_duration_badge_is_not_the_title_its_thumbnail_alt_is() -> None:
    body = (
        '<h1>Plank</h1><h2>Videos</h2><a href="https://vimeo.com/812345678">'
        '<img src="t.jpg" alt="Side view"><span class="duration">0:48</span></a>'
        '<a href="https://vimeo.com/812345679"><span>12:04</span></a>'
        "<h2>Description</h2><p>A drill.</p>"
    )
    assert page(body)["videos"] == [
        {"url": "https://vimeo.com/812345678", "title": "Side view"},
        {"url": "https://vimeo.com/812345679", "title": None},
    ]


def test_bare_video_url_under_videos_is_a_video() -> None:
    body = (
        '<h1>Plank</h1><h2>Videos</h2><figure class="wp-block-embed"><div>'
        "\nhttps://www.youtube.com/watch?v=CpHgPl4nk7Q\n</div></figure>"
        "<h2>Description</h2><p>See https://fitmetrics.ch/en/plank for more.</p>"
    )
    record = page(body)
    assert record["videos"] == [
        {"url": "https://www.youtube.com/watch?v=CpHgPl4nk7Q", "title": None}
    ]
    assert record["extra_sections"] == []


@pytest.mark.parametrize(
    ("playlabel", "title"),
    [
        ("Play: Diamond push-up", "Diamond push-up"),
        ("Lecture : Pompe diamant", "Pompe diamant"),
        ("Abspielen: Liegestütz", "Liegestütz"),
        ("Play", None),
        ("Squat: common mistakes", "Squat: common mistakes"),
    ],
)
def test_lite_youtube_play_label_in_any_language_is_not_part_of_the_title(
    playlabel: str, title: str | None
) -> None:
    blocks = read(f'<lite-youtube videoid="Dm4nD1aPu5h" playlabel="{playlabel}"></lite-youtube>')
    assert [block.video for block in blocks.blocks] == [
        Video(url="https://www.youtube.com/embed/Dm4nD1aPu5h", title=title)
    ]


def test_smart_app_banner_is_chrome() -> None:
    body = (
        '<div class="smartbanner app-banner"><p class="smartbanner__title">Our app</p>'
        "<p>Train anywhere, even offline.</p></div><p>Hold the plank.</p>"
    )
    assert stream(body) == [(P, "Hold the plank.")]


# --- emoji bullets, property lists, call-to-action boxes --------------------------------------


@pytest.mark.parametrize(
    ("line", "item"),
    [
        ("1️⃣ Hang from the bar.", "Hang from the bar."),
        ("✅ Keep your arms straight.", "Keep your arms straight."),
        ("✔️ Squeeze your glutes.", "Squeeze your glutes."),  # no stray variation selector
        ("👉 Exhale as you pull.", "Exhale as you pull."),
        ("⚠️ Avoid after a dislocation.", "Avoid after a dislocation."),
    ],
)
def test_emoji_list_markers_are_bullets(line: str, item: str) -> None:
    assert stream(f"<p>{line}</p>") == [(IT, item)]


def test_short_term_definitions_are_properties_not_questions() -> None:
    body = (
        "<dl><dt>Difficulty</dt><dd>Beginner</dd><dt>Equipment</dt><dd>Mat</dd><dd>Band</dd></dl>"
    )
    # Issue 10: a property list is an attribute table, its rows ATTRIBUTE blocks (label and
    # values), read into the record's fields (it was two "Label: values" paragraphs).
    rows = [(block.kind, block.text, block.values) for block in read(body).blocks]
    assert rows == [
        (Kind.ATTRIBUTE, "Difficulty", ("Beginner",)),
        (Kind.ATTRIBUTE, "Equipment", ("Mat", "Band")),
    ]


@pytest.mark.parametrize(
    "dl",
    [
        "<dl><dt>How long?</dt><dd>A minute.</dd></dl>",  # a question
        "<dl><dt>Hold time</dt><dd>Hold for thirty seconds, then rest for as long.</dd></dl>",
        "<dl><dt>Instructions</dt><dd><ol><li>Lie down.</li></ol></dd></dl>",  # a section
    ],
)
def test_definition_lists_that_are_not_properties_keep_their_reading(dl: str) -> None:
    assert (P, "") not in stream(dl)
    assert not any(kind is P and ": " in text for kind, text in stream(dl))


def test_definition_list_under_a_faq_heading_is_questions_and_answers() -> None:
    body = "<h2>FAQ</h2><dl><dt>Equipment</dt><dd>None</dd></dl>"
    assert stream(body) == [(H, "FAQ"), (Q, "Equipment"), (A, "None")]


def test_call_to_action_box_and_article_meta_are_chrome() -> None:
    body = (
        '<div class="gh-article-meta"><h4>Lena</h4><time>Feb 11, 2026</time> 3 min read</div>'
        "<p>Hold the plank.</p>"
        '<section class="gh-cta"><h3>Get new exercises in your inbox</h3>'
        '<a href="#/portal/signup">Subscribe</a></section>'
    )
    assert stream(body) == [(P, "Hold the plank.")]


# --- figures, logo headings, consent-blocked embeds -------------------------------------------


def test_figure_caption_names_its_video() -> None:
    body = (
        '<figure><div class="wrap"><video src="/v/plank.mp4" controls></video></div>'
        "<figcaption>Plank from the side</figcaption></figure><p>After.</p>"
    )
    blocks = read(body).blocks
    assert [(b.kind, b.text) for b in blocks] == [(V, "Plank from the side"), (P, "After.")]
    assert blocks[0].video == Video(
        url="https://fitmetrics.ch/v/plank.mp4", title="Plank from the side"
    )


def test_caption_of_a_figure_with_two_videos_stays_text() -> None:
    body = (
        '<figure><video src="/a.mp4"></video><video src="/b.mp4"></video>'
        "<figcaption>Two angles</figcaption></figure>"
    )
    assert stream(body)[-1] == (P, "Two angles")


def test_logo_h1_outside_a_banner_is_not_the_name() -> None:
    body = '<h1 class="site-title"><a href="/en/">FitMetrics</a></h1><main><h1>Plank</h1>'
    record = page(f"{body}{SECTIONS}</main>")
    assert record["name"] == "Plank"
    assert record["extra_sections"] == []


def test_consent_placeholder_keeps_the_blocked_video() -> None:
    body = (
        '<h2>Videos</h2><div class="video-consent" '
        'data-src="https://www.youtube-nocookie.com/embed/abcdefghijk">'
        "<p>Click to load the video from YouTube.</p><button>Load video</button></div>"
    )
    blocks = read(body).blocks
    assert [(b.kind, b.text) for b in blocks] == [(H, "Videos"), (V, "")]
    assert blocks[1].video == Video(url="https://www.youtube-nocookie.com/embed/abcdefghijk")


def test_lazy_image_data_src_is_not_a_video() -> None:
    assert stream('<div data-src="/img/plank.jpg"><p>Hold.</p></div>') == [(P, "Hold.")]
