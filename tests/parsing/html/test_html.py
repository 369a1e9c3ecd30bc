"""The HTML front end: ``read_html`` turns markup into the Block stream (chrome removed) + hints."""

from __future__ import annotations

import pytest

from extractor._models import FaqItem, Video
from extractor.parsing._blocks import Block, Kind, Link, PageContent
from extractor.parsing.html._reader import read_html

BASE = "https://fitmetrics.ch/en/exercise/1a2b3c-psoas-smash"
H, IT, P, Q, A = Kind.HEADING, Kind.ITEM, Kind.PARAGRAPH, Kind.QUESTION, Kind.ANSWER
PH, V = Kind.PLACEHOLDER, Kind.VIDEO


def read(body: str, *, head: str = "", base_url: str | None = BASE) -> PageContent:
    html = f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>"
    return read_html(html, base_url=base_url)


def stream(body: str, **kwargs: str) -> list[tuple[Kind, str]]:
    return [(block.kind, block.text) for block in read(body, **kwargs).blocks]


def texts(body: str) -> list[str]:
    return [block.text for block in read(body).blocks]


# --- headings -----------------------------------------------------------------------------


def test_h1_to_h6_are_headings_with_their_level() -> None:
    blocks = read("".join(f"<h{n}>Level {n}</h{n}>" for n in range(1, 7))).blocks
    assert [(b.kind, b.text, b.level) for b in blocks] == [
        (H, f"Level {n}", n) for n in range(1, 7)
    ]


@pytest.mark.parametrize(
    "markup",
    [
        "<p><strong>Instructions</strong></p>",
        "<div><b>Instructions</b></div>",
        "<p><strong>Instruc</strong><b>tions</b></p>",
        '<div class="section-title">Instructions</div>',
        '<span class="exercise__heading">Instructions</span>',
        "<p>Instructions:</p>",  # a short standalone line naming a vocabulary section
    ],
)
def test_weak_heading_cues_are_level_7_headings(markup: str) -> None:
    [block] = read(markup).blocks
    assert (block.kind, block.level) == (H, 7)
    assert block.text.rstrip(":") == "Instructions"


def test_bold_sentence_with_a_period_is_a_paragraph_not_a_heading() -> None:
    assert stream("<p><strong>Keep your back straight.</strong></p>") == [
        (P, "Keep your back straight.")
    ]


def test_bold_lead_in_inside_running_text_is_a_paragraph() -> None:
    assert stream("<p><strong>Note:</strong> keep breathing</p>") == [(P, "Note: keep breathing")]


def test_title_class_wrapper_is_not_a_heading_cue() -> None:
    # "title-wrapper" names a wrapper; only a class token ending in title/heading is a cue.
    assert stream('<div class="title-wrapper">Short line</div>') == [(P, "Short line")]


@pytest.mark.parametrize(
    "ornament",
    [
        '<a class="anchor" href="#instructions">#</a>',
        '<a href="#instructions" aria-label="Permalink">¶</a>',
        '<span aria-hidden="true">›</span>',
    ],
)
def test_decorative_glyphs_do_not_stick_to_headings(ornament: str) -> None:
    assert stream(f'<h2 id="instructions">Instructions {ornament}</h2>') == [(H, "Instructions")]


def test_uppercase_heading_with_colon_keeps_its_text() -> None:
    blocks = read("<h3>ANLEITUNG:</h3>").blocks
    assert [(b.kind, b.text, b.level) for b in blocks] == [(H, "ANLEITUNG:", 3)]


# --- lists, bullets and lines -------------------------------------------------------------


def test_list_items_are_one_item_each() -> None:
    assert stream("<ul><li>One</li><li>Two</li></ul><ol><li>Three</li></ol>") == [
        (IT, "One"),
        (IT, "Two"),
        (IT, "Three"),
    ]


def test_nested_list_gives_the_item_text_then_its_nested_items() -> None:
    markup = (
        "<ul><li>Outer <em>part</em><ul><li>Inner a</li><li>Inner b</li></ul></li>"
        "<li>Next</li></ul>"
    )
    assert stream(markup) == [(IT, "Outer part"), (IT, "Inner a"), (IT, "Inner b"), (IT, "Next")]


def test_list_item_with_paragraphs_stays_one_item() -> None:
    assert stream("<ol><li><p>Lie down.</p><p>Relax.</p></li></ol>") == [(IT, "Lie down. Relax.")]


def test_numbering_repeated_inside_a_list_item_is_removed() -> None:
    assert stream("<ol><li>1. Lie down</li><li>2) Relax</li></ol>") == [
        (IT, "Lie down"),
        (IT, "Relax"),
    ]


@pytest.mark.parametrize("glyph", ["•", "-", "*", "–", "·"])
def test_one_paragraph_per_bullet_glyph_is_an_item(glyph: str) -> None:
    assert stream(f"<p>{glyph} Inhale deeply.</p><p>{glyph} Exhale slowly.</p>") == [
        (IT, "Inhale deeply."),
        (IT, "Exhale slowly."),
    ]


def test_br_separated_numbered_lines_are_items_and_plain_lines_paragraphs() -> None:
    markup = "<p>Do this:<br>1. Lie down<br/>2) Lower the body<br>Then rest a while.</p>"
    assert stream(markup) == [
        (P, "Do this:"),
        (IT, "Lie down"),
        (IT, "Lower the body"),
        (P, "Then rest a while."),
    ]


def test_bare_text_in_a_div_is_a_paragraph() -> None:
    assert stream("<div>Bare text <span>here</span><p>Own paragraph</p>tail text</div>") == [
        (P, "Bare text here"),
        (P, "Own paragraph"),
        (P, "tail text"),
    ]


# --- text joining and cleaning --------------------------------------------------------------


@pytest.mark.parametrize(
    ("markup", "expected"),
    [
        ("<p>Lie <b>face</b> down</p>", "Lie face down"),
        ("<p>hip<b>bone</b></p>", "hipbone"),
        ("<p><a href='/x'>Lie</a><em> down</em></p>", "Lie down"),
        ("<p>A&nbsp;B &amp; C &lt;D&gt;</p>", "A B & C <D>"),
        ("<p>Tab\tand\n\n  newlines</p>", "Tab and newlines"),
        ("<p>zero\u200bwidth\u200d soft\u00adhyphen\ufeff</p>", "zerowidth softhyphen"),
        (
            "<p>typographic &laquo;quotes&raquo; &hellip; &ndash; &rsquo;</p>",
            "typographic «quotes» … – ’",
        ),
        ("<p>Ecarte\u0301</p>", "Ecarté"),  # NFC
    ],
)
def test_inline_text_is_joined_cleaned_and_normalised(markup: str, expected: str) -> None:
    assert texts(markup) == [expected]


def test_block_elements_separate_text() -> None:
    assert texts("<div>one<div>two</div>three</div>") == ["one", "two", "three"]


def test_empty_and_whitespace_elements_produce_nothing() -> None:
    assert read("<p> </p><div>&nbsp;</div><ul><li>\u200b</li></ul><span></span>").blocks == []


# --- questions and answers ------------------------------------------------------------------


def test_details_summary_is_question_and_answers() -> None:
    markup = (
        "<details><summary>Can beginners do it?</summary><p>Yes.</p><p>Start light.</p></details>"
    )
    assert stream(markup) == [(Q, "Can beginners do it?"), (A, "Yes."), (A, "Start light.")]


def test_definition_list_is_questions_and_answers() -> None:
    markup = (
        "<dl><dt>How long?</dt><dd>Two minutes.</dd><dt>How often?</dt><dd><p>Daily.</p></dd></dl>"
    )
    assert stream(markup) == [
        (Q, "How long?"),
        (A, "Two minutes."),
        (Q, "How often?"),
        (A, "Daily."),
    ]


def test_bootstrap_accordion_with_hidden_body_is_kept() -> None:
    markup = """
    <div class="accordion" id="faq">
      <div class="accordion-item">
        <h3 class="accordion-header">
          <button class="accordion-button collapsed" type="button" data-bs-toggle="collapse"
                  data-bs-target="#a1" aria-expanded="false" aria-controls="a1">Is it safe?</button>
        </h3>
        <div id="a1" class="accordion-collapse collapse" hidden>
          <div class="accordion-body"><p>Mostly.</p><ul><li>Go slowly</li></ul></div>
        </div>
      </div>
    </div>"""
    assert stream(markup) == [(Q, "Is it safe?"), (A, "Mostly."), (IT, "Go slowly")]


@pytest.mark.parametrize(
    "hiding", ['aria-hidden="true"', 'style="display:none"', "hidden", 'class="is-collapsed"']
)
def test_accordion_body_next_to_its_toggle_is_an_answer_however_hidden(hiding: str) -> None:
    markup = (
        '<div class="faq-item"><div class="faq-question" aria-expanded="false">'
        f"Does it hurt?</div><div {hiding}>A little at first.</div></div>"
    )
    assert stream(markup) == [(Q, "Does it hurt?"), (A, "A little at first.")]


def test_accordion_toggle_as_link_with_href_target() -> None:
    markup = (
        '<h4 class="panel-title"><a data-toggle="collapse" href="#c9">Why?</a></h4>'
        "<p>Unrelated paragraph</p>"
        '<div id="c9" class="panel-collapse collapse"><p>Because.</p></div>'
    )
    assert stream(markup) == [(Q, "Why?"), (P, "Unrelated paragraph"), (A, "Because.")]


def test_row_of_fragment_link_toggles_is_questions_not_jump_navigation() -> None:
    markup = (
        '<div class="faq-questions">'
        '<h4><a data-toggle="collapse" href="#c1">First?</a></h4>'
        '<h4><a data-toggle="collapse" href="#c2">Second?</a></h4></div>'
        '<div id="c1" class="collapse">One.</div><div id="c2" class="collapse">Two.</div>'
    )
    assert stream(markup) == [(Q, "First?"), (Q, "Second?"), (A, "One."), (A, "Two.")]


def test_read_more_expander_is_not_a_question_and_its_panel_is_content() -> None:
    markup = (
        "<p>First part.</p><div id='more' class='collapse'><p>Second part.</p></div>"
        "<button data-bs-toggle='collapse' data-bs-target='#more' aria-expanded='false'>"
        "Read more</button>"
    )
    assert stream(markup) == [(P, "First part."), (P, "Second part.")]


def test_wrapper_with_aria_expanded_is_not_a_toggle() -> None:
    markup = '<div aria-expanded="true"><h3>Title</h3><p>Body text.</p></div>'
    assert stream(markup) == [(H, "Title"), (P, "Body text.")]


def test_tabs_label_their_panels() -> None:
    markup = (
        '<ul role="tablist"><li><button role="tab" aria-controls="p1">Instructions</button></li>'
        '<li><button role="tab" aria-controls="p2">FAQ</button></li></ul>'
        '<div role="tabpanel" id="p1"><ol><li>Lie down</li></ol></div>'
        '<div role="tabpanel" id="p2"><p>Nothing yet.</p></div>'
    )
    blocks = read(markup).blocks
    assert [(b.kind, b.text, b.level) for b in blocks] == [
        (H, "Instructions", 7),
        (IT, "Lie down", 0),
        (H, "FAQ", 7),
        (P, "Nothing yet.", 0),
    ]


# --- placeholders -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "placeholder", ["Loading...", "Loading…", "Chargement...", "Wird geladen...", "LOADING.."]
)
def test_loading_placeholders_are_placeholder_blocks(placeholder: str) -> None:
    assert stream(f"<h2>Videos</h2><div>{placeholder}</div>") == [
        (H, "Videos"),
        (PH, placeholder),
    ]


def test_spinner_and_skeleton_elements_are_placeholders() -> None:
    markup = (
        '<h2>Programs</h2><div class="spinner"></div>'
        '<h2>Videos</h2><div class="skeleton-loader"><span></span></div>'
    )
    assert [kind for kind, _ in stream(markup)] == [H, PH, H, PH]


def test_loader_class_holding_real_content_is_read_as_content() -> None:
    assert stream('<div class="is-loading"><p>Content arrived.</p></div>') == [
        (P, "Content arrived.")
    ]


def test_placeholder_glued_to_text_by_markup_is_split_out() -> None:
    blocks = read("<ul><li>Step one<span>Loading...</span></li></ul>").blocks
    assert [(b.kind, b.text) for b in blocks] == [(PH, "Loading..."), (IT, "Step one")]


def test_the_word_loading_inside_a_sentence_is_text() -> None:
    assert texts("<p>Avoid <b>loading</b> the spine.</p>") == ["Avoid loading the spine."]


def test_placeholder_text_never_stays_inside_another_block() -> None:
    blocks = read("<p>Programs <span>Loading...</span></p><h2>Videos Loading…</h2>").blocks
    assert all("Loading" not in b.text for b in blocks if b.kind is not PH)
    assert [b.kind for b in blocks].count(PH) == 2


# --- videos and links -----------------------------------------------------------------------


def test_youtube_iframe_is_a_video_with_its_title() -> None:
    [block] = read(
        '<iframe src="https://www.youtube.com/embed/abc123" title="Psoas smash demo"></iframe>'
    ).blocks
    assert block.kind is V
    assert block.video == Video(
        url="https://www.youtube.com/embed/abc123", title="Psoas smash demo"
    )


def test_lazy_iframe_uses_data_src_and_is_absolutised() -> None:
    [block] = read(
        '<iframe src="about:blank" data-src="//player.vimeo.com/video/42"></iframe>'
    ).blocks
    assert block.video == Video(url="https://player.vimeo.com/video/42", title=None)


def test_own_player_iframe_and_video_element_are_videos() -> None:
    markup = (
        '<iframe src="/embed/player/9" aria-label="Demo"></iframe>'
        '<video controls><source src="/media/demo.mp4" type="video/mp4">No video support</video>'
    )
    videos = [b.video for b in read(markup).blocks]
    assert videos == [
        Video(url="https://fitmetrics.ch/embed/player/9", title="Demo"),
        Video(url="https://fitmetrics.ch/media/demo.mp4", title=None),
    ]


def test_unparseable_urls_are_neither_links_nor_videos() -> None:
    page = read(
        '<p><a href="http://[::1/x">broken</a></p><video src="http://[bad"></video>',
        head='<script type="application/ld+json">{"@type":"VideoObject",'
        '"contentUrl":"https://x.example:port/v.mp4"}</script>',
    )
    assert [(b.kind, b.text, b.links) for b in page.blocks] == [(P, "broken", ())]
    assert page.jsonld_videos == []


def test_non_video_iframes_are_ignored() -> None:
    markup = (
        '<iframe src="https://www.google.com/maps/embed?pb=1"></iframe>'
        '<iframe src="https://www.googletagmanager.com/ns.html?id=GTM-1"></iframe>'
    )
    assert read(markup).blocks == []


def test_links_are_absolute_and_fragment_or_script_links_dropped() -> None:
    markup = (
        '<p><a href="/en/program/7-hips">Hip program</a>, <a href="#top">top</a>, '
        '<a href="javascript:void(0)">js</a>, <a href="https://other.example/x">other</a></p>'
    )
    [block] = read(markup).blocks
    assert block.text == "Hip program, top, js, other"
    assert block.links == (
        Link("https://fitmetrics.ch/en/program/7-hips", "Hip program"),
        Link("https://other.example/x", "other"),
    )


def test_card_link_wrapping_blocks_is_kept_on_its_first_block() -> None:
    [heading, paragraph] = read(
        '<a href="/en/program/1"><h3>Mobility</h3><p>4 weeks</p></a>'
    ).blocks
    assert heading.links == (Link("https://fitmetrics.ch/en/program/1", "Mobility 4 weeks"),)
    assert paragraph.links == ()


def test_many_program_links_under_a_programs_heading_survive_link_density() -> None:
    items = "".join(f'<li><a href="/en/program/{n}">Program {n}</a></li>' for n in range(12))
    blocks = read(f"<h2>Programs</h2><ul>{items}</ul>").blocks
    assert [b.text for b in blocks] == ["Programs", *(f"Program {n}" for n in range(12))]


# --- chrome -------------------------------------------------------------------------------------


def test_navigation_labels_never_become_blocks() -> None:
    markup = (
        '<header class="site-header"><a href="/en/"><img alt="FitMetrics"></a>'
        '<nav><a href="/en/programs">Programs</a><a href="/en/videos">Videos</a></nav></header>'
        '<div role="navigation"><a href="/en/programs">Programs</a></div>'
        "<main><h1>Psoas smash</h1><h2>Instructions</h2><ul><li>Lie down.</li></ul></main>"
    )
    assert stream(markup) == [(H, "Psoas smash"), (H, "Instructions"), (IT, "Lie down.")]


@pytest.mark.parametrize(
    "chrome",
    [
        '<div id="cookie-consent"><p>We use cookies.</p><button>Accept</button></div>',
        '<div class="cc-window cookieBanner"><p>We use cookies.</p></div>',
        '<div class="modal fade" hidden><div class="modal-body"><p>Log in</p></div></div>',
        '<div role="dialog" aria-hidden="true"><p>Subscribe</p></div>',
        "<dialog open><p>Rate us</p></dialog>",
        '<ol class="breadcrumb"><li><a href="/">Home</a></li><li>Exercises</li></ol>',
        '<div class="newsletter-signup"><p>Get news</p></div>',
        '<div class="share-buttons"><a href="https://facebook.com/share">Share</a></div>',
        '<a class="skip-link" href="#main">Skip to content</a>',
        '<span class="sr-only">Opens in a new window</span>',
        "<aside><h3>Related</h3><p>Other things</p></aside>",
        "<footer><h3>About</h3><p>© FitMetrics</p></footer>",
        '<script>var t = "Loading..."; document.write("Programs")</script>',
        "<style>.x:after{content:'Loading...'}</style>",
        "<noscript><p>Enable JavaScript</p></noscript>",
        "<template><p>Loading...</p></template>",
        '<form action="/search"><label>Search</label><input name="q"></form>',
        "<svg><title>Icon</title><text>Videos</text></svg>",
    ],
)
def test_site_chrome_never_reaches_a_block(chrome: str) -> None:
    body = f"<main><h1>Psoas smash</h1>{chrome}<p>Real content.</p></main>"
    assert stream(body) == [(H, "Psoas smash"), (P, "Real content.")]


def test_in_page_jump_links_are_navigation() -> None:
    markup = (
        '<ul class="tabs"><li><a href="#videos">Videos</a></li>'
        '<li><a href="#programs">Programs</a></li></ul>'
        '<h2 id="videos">Videos</h2><p>Loading...</p>'
        '<p>See <a href="#faq">the FAQ</a> and <a href="#tips">the tips</a> below.</p>'
    )
    assert stream(markup) == [
        (H, "Videos"),
        (PH, "Loading..."),
        (P, "See the FAQ and the tips below."),
    ]


def test_mega_menu_outside_nav_is_dropped_as_link_dense() -> None:
    columns = "".join(
        f"<div><h4>Group {c}</h4><ul>"
        + "".join(
            f'<li><a href="/en/exercise/{c}{n}-x">Exercise {c}.{n}</a></li>' for n in range(8)
        )
        + "</ul></div>"
        for c in range(4)
    )
    body = f'<div class="top">{columns}</div><h1>Psoas smash</h1><p>Real content.</p>'
    assert stream(body) == [(H, "Psoas smash"), (P, "Real content.")]


@pytest.mark.parametrize(
    "feedback",
    [
        "<p>Found errors? Tell us!</p>",
        '<p>Found errors? <a href="#feedback">Tell us!</a></p>',
        '<div class="feedback"><span>Found errors?</span> <button>Tell us!</button></div>',
        "<div><p>Found errors?</p><p>Tell us!</p></div>",
        "<p>Found errors?<br>Tell us!</p>",
        "<p>Vous avez trouvé des erreurs&nbsp;? Dites-le-nous&nbsp;!</p>",
        "<p>Fehler gefunden? Sag es uns!</p>",
    ],
)
def test_feedback_line_is_dropped_wherever_it_is(feedback: str) -> None:
    assert stream(f"<p>Real content.</p>{feedback}<p>More content.</p>") == [
        (P, "Real content."),
        (P, "More content."),
    ]


def test_chrome_class_on_body_or_page_wrapper_does_not_drop_the_page() -> None:
    html = (
        '<html><body class="modal-open menu-is-closed"><div class="cookie-consent-pending">'
        "<h1>Psoas smash</h1><p>Real content.</p></div></body></html>"
    )
    page = read_html(html, base_url=BASE)
    assert [(b.kind, b.text) for b in page.blocks] == [(H, "Psoas smash"), (P, "Real content.")]


def test_page_banner_keeps_the_title_h1_but_not_a_logo_h1() -> None:
    markup = (
        '<header><h1><a href="/en/">FitMetrics</a></h1><nav><a href="/en/videos">Videos</a></nav>'
        "</header><header><h1>Psoas smash</h1><p>Tagline</p></header><p>Real content.</p>"
    )
    assert stream(markup) == [(H, "Psoas smash"), (P, "Real content.")]


def test_header_inside_article_is_content() -> None:
    markup = (
        "<article><header><h1>Psoas smash</h1><p>A hip release.</p></header>"
        "<section><header><h2>Instructions</h2></header><ul><li>Lie down.</li></ul></section>"
        "</article>"
    )
    assert stream(markup) == [
        (H, "Psoas smash"),
        (P, "A hip release."),
        (H, "Instructions"),
        (IT, "Lie down."),
    ]


# --- JSON-LD ----------------------------------------------------------------------------------


def jsonld(*scripts: str) -> PageContent:
    head = "".join(f'<script type="application/ld+json">{s}</script>' for s in scripts)
    return read("<p>x</p>", head=head)


def test_jsonld_faqpage_pairs_with_html_answers_cleaned() -> None:
    page = jsonld(
        '{"@context":"https://schema.org","@type":"FAQPage","mainEntity":['
        '{"@type":"Question","name":"How long?","acceptedAnswer":{"@type":"Answer",'
        '"text":"<p>Two&nbsp;minutes.</p><p>Each side.</p>"}},'
        '{"@type":"Question","name":"Is it safe?","acceptedAnswer":[{"text":"Yes."}]}]}'
    )
    assert page.jsonld_faq == [
        FaqItem(question="How long?", answer="Two minutes.\n\nEach side."),
        FaqItem(question="Is it safe?", answer="Yes."),
    ]
    assert page.jsonld_types == ["FAQPage", "Question", "Answer"]


def test_jsonld_graph_references_lists_and_videos() -> None:
    page = jsonld(
        '{"@context":"https://schema.org","@graph":['
        '{"@type":["WebPage","FAQPage"],"mainEntity":[{"@id":"#q1"}]},'
        '{"@id":"#q1","@type":"Question","name":"Why?","acceptedAnswer":{"@id":"#a1"}},'
        '{"@id":"#a1","@type":"Answer","text":"Because."}]}',
        '[{"@type":"http://schema.org/VideoObject","name":"Demo","embedUrl":"/embed/9",'
        '"contentUrl":"https://cdn.example/v.mp4"},{"@type":"BreadcrumbList"}]',
    )
    assert page.jsonld_faq == [FaqItem(question="Why?", answer="Because.")]
    assert page.jsonld_videos == [Video(url="https://cdn.example/v.mp4", title="Demo")]
    assert page.jsonld_types == [
        "WebPage",
        "FAQPage",
        "Question",
        "Answer",
        "VideoObject",
        "BreadcrumbList",
    ]


@pytest.mark.parametrize(
    "broken",
    [
        "{not json",
        '{"@type": "FAQPage", "mainEntity": ',
        "",
        "[1, 2, 3]",
        '"just a string"',
        '{"@type": "FAQPage", "mainEntity": "nonsense"}',
        '{"@type": "FAQPage", "mainEntity": [{"@type": "Question", "name": "No answer?"}]}',
        '{"@type": "VideoObject", "name": "No URL"}',
        "[" * 5000 + "]" * 5000,
        '{"@type": "FAQPage", "mainEntity": [{"name": "Deep?", "acceptedAnswer": {"text": '
        + "[" * 900
        + "]" * 900
        + "}}]}",
    ],
)
def test_malformed_jsonld_is_ignored_and_other_scripts_still_read(broken: str) -> None:
    page = jsonld(broken, '{"@type": "Recipe"}')
    assert page.jsonld_faq == []
    assert page.jsonld_videos == []
    assert "Recipe" in page.jsonld_types


def test_jsonld_tolerates_comment_wrappers_trailing_commas_and_raw_newlines() -> None:
    page = jsonld(
        '<!-- {"@type": "FAQPage", "mainEntity": [{"name": "Q?", '
        '"acceptedAnswer": {"text": "line one\nline two",},},],} -->'
    )
    assert page.jsonld_faq == [FaqItem(question="Q?", answer="line one line two")]


def test_jsonld_in_body_is_read_even_inside_chrome() -> None:
    page = read(
        '<p>x</p><footer><script type="application/ld+json; charset=utf-8">'
        '{"@type": "ItemList"}</script></footer>'
    )
    assert page.jsonld_types == ["ItemList"]


# --- hints ------------------------------------------------------------------------------------


def test_hints_lang_title_canonical() -> None:
    html = (
        '<html lang="fr-CH"><head><title>Écrasement du psoas | FitMetrics</title>'
        '<meta property="og:title" content="Écrasement du psoas">'
        '<link rel="canonical" href="/fr/exercise/1a2b3c-psoas"></head><body><p>x</p></body></html>'
    )
    page = read_html(html, base_url="https://fitmetrics.ch/fr/exercise/1a2b3c-psoas?utm_source=x")
    assert page.lang_hint == "fr-CH"
    assert page.title_hint == "Écrasement du psoas"
    assert page.canonical_url == "https://fitmetrics.ch/fr/exercise/1a2b3c-psoas"
    assert page.is_html


def test_hint_fallbacks_og_locale_title_og_url_and_base_href() -> None:
    head = (
        '<base href="https://cdn.fitmetrics.ch/de/"><title>Psoas-Smash</title>'
        '<meta property="og:locale" content="de_CH">'
        '<meta property="og:url" content="exercise/9f-x">'
    )
    page = read('<p><a href="programm/1">P</a></p>', head=head)
    assert page.lang_hint == "de_CH"
    assert page.title_hint == "Psoas-Smash"
    assert page.canonical_url == "https://cdn.fitmetrics.ch/de/exercise/9f-x"
    assert page.blocks[0].links == (Link("https://cdn.fitmetrics.ch/de/programm/1", "P"),)


@pytest.mark.parametrize(
    "canonical", ["http://[broken", "https://fitmetrics.ch:port/x", "/relative/without/base"]
)
def test_unusable_canonical_url_is_not_a_hint(canonical: str) -> None:
    page = read("<p>x</p>", head=f'<link rel="canonical" href="{canonical}">', base_url=None)
    assert page.canonical_url is None


def test_listing_grid_is_dropped_as_link_dense_but_its_exercise_links_are_counted() -> None:
    cards = "".join(f'<a href="/en/exercise/{n:02x}aa-ex-{n}">Exercise {n}</a>' for n in range(12))
    page = read(f"<h1>All exercises</h1><div class='grid'>{cards}</div>")
    assert [(b.kind, b.text) for b in page.blocks] == [(H, "All exercises")]
    assert page.exercise_link_count == 12


def test_exercise_link_count_counts_distinct_content_links_only() -> None:
    markup = (
        '<nav><a href="/en/exercise/aa-one">one</a></nav>'
        '<p><a href="/en/exercise/bb-two">two</a> <a href="/en/exercise/bb-two#x">again</a> '
        f'<a href="{BASE}">self</a> <a href="/en/exercise/cc-three">three</a></p>'
        '<footer><a href="/en/exercise/dd-four">four</a></footer>'
    )
    assert read(markup).exercise_link_count == 2


# --- robustness -----------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", "   \n\t", "<!-- only a comment -->", "\ufeff"])
def test_input_with_nothing_to_parse_gives_an_empty_page(text: str) -> None:
    assert read_html(text) == PageContent()


@pytest.mark.parametrize(
    "text",
    [
        "<p>unclosed <b>bold <i>italic <ul><li>item",
        "</div></div><p>stray end tags</p></span>",
        '<?xml version="1.0" encoding="ISO-8859-1"?><html><body><p>xml decl</p></body></html>',
        "<p>lone surrogate \ud800 and NUL \x00 and controls \x01\x02</p>",
        "<div>" * 3000 + "deep" + "</div>" * 3000,
        "<table><tr><td>cell<td>cell 2</table>",
        '<a href="http://[::1">bad url</a><iframe src="http://[bad"></iframe>',
        "<html><body><p>" + "word " * 20000 + "</p></body></html>",
    ],
)
def test_malformed_input_never_raises(text: str) -> None:
    page = read_html(text, base_url=BASE)
    assert all(isinstance(block, Block) for block in page.blocks)


def test_truncated_document_keeps_what_arrived() -> None:
    html = "<html><body><h1>Psoas smash</h1><h2>Instructions</h2><ul><li>Lie down</li><li>Rel"
    assert stream_of(html) == [
        (H, "Psoas smash"),
        (H, "Instructions"),
        (IT, "Lie down"),
        (IT, "Rel"),
    ]


def stream_of(html: str) -> list[tuple[Kind, str]]:
    return [(block.kind, block.text) for block in read_html(html).blocks]


# --- red-team cases (PARSE-REDTEAM) -------------------------------------------------------


def test_role_tab_that_expands_is_an_accordion_toggle() -> None:
    # Elementor's toggle widget: role=tab with aria-expanded and no aria-selected.
    body = (
        '<div role="tablist"><div id="t1" role="tab" aria-controls="c1" aria-expanded="false">'
        '<a href="" class="elementor-toggle-title">Is it bad for the knees</a></div>'
        '<div id="c1" role="tabpanel"><p>Not with good form.</p></div></div>'
    )
    assert stream(body) == [(Q, "Is it bad for the knees"), (A, "Not with good form.")]


def test_selected_tab_still_labels_its_panel() -> None:
    body = (
        '<div role="tablist"><button role="tab" aria-selected="true" aria-controls="p1">'
        'Instructions</button></div><div id="p1" role="tabpanel"><ul><li>Lie down.</li></ul></div>'
    )
    assert stream(body) == [(H, "Instructions"), (IT, "Lie down.")]


def test_bold_question_opening_a_paragraph_is_a_question_and_its_answer() -> None:
    assert stream("<p><strong>Is it safe?</strong> Yes, with good form.</p>") == [
        (Q, "Is it safe?"),
        (A, "Yes, with good form."),
    ]


def test_bold_section_name_opening_a_paragraph_is_a_heading() -> None:
    assert stream("<p><b>Instructions:</b> Lie down on your back.</p>") == [
        (H, "Instructions:"),
        (P, "Lie down on your back."),
    ]


@pytest.mark.parametrize(
    "markup",
    [
        "<p><b>Note:</b> keep the chin tucked.</p>",
        "<p><b>Found errors?</b> <a href='/c'>Tell us!</a></p>",
    ],
)
def test_other_bold_leads_stay_in_their_paragraph(markup: str) -> None:
    assert [kind for kind, _ in stream(markup)] in ([P], [])


def test_plain_button_with_a_question_opens_the_panel_after_it() -> None:
    body = (
        '<div class="faq"><button class="faq-btn">How long?</button>'
        '<div class="faq-body"><p>Two minutes.</p></div></div>'
        '<div class="faq"><button>Grip width</button><div hidden><p>Shoulder width.</p></div></div>'
        "<div><button>Print</button><div><p>Body text.</p></div></div>"
    )
    assert stream(body) == [
        (Q, "How long?"),
        (A, "Two minutes."),
        (Q, "Grip width"),
        (A, "Shoulder width."),
        (P, "Body text."),
    ]


def test_header_of_a_card_after_the_title_is_content() -> None:
    body = (
        '<header class="site"><a href="/">Site</a></header><h1>Wall sit</h1>'
        '<div class="card"><header><h2>Instructions</h2></header><ol><li>Sit.</li></ol></div>'
    )
    assert stream(body) == [(H, "Wall sit"), (H, "Instructions"), (IT, "Sit.")]


def test_linkless_header_holding_a_section_heading_is_content() -> None:
    body = '<div class="card"><header><h2>Instructions</h2></header><ol><li>Sit.</li></ol></div>'
    assert stream(body) == [(H, "Instructions"), (IT, "Sit.")]


def test_unclosed_heading_and_list_item_do_not_swallow_the_page() -> None:
    html = "<html><body><h1>Plank<h2>Instructions<ul><li>Lie down<li>Lift<h2>Description<p>Core."
    assert stream_of(html) == [
        (H, "Plank"),
        (H, "Instructions"),
        (IT, "Lie down"),
        (IT, "Lift"),
        (H, "Description"),
        (P, "Core."),
    ]


def test_heading_wrapping_its_text_in_a_paragraph_stays_one_heading() -> None:
    assert stream("<h2><p>Instructions</p></h2><ul><li>x</li></ul>") == [
        (H, "Instructions"),
        (IT, "x"),
    ]


def test_list_item_with_a_heading_inside_stays_one_item() -> None:
    assert stream("<ul><li><h3>Step one</h3><p>Stand tall.</p></li></ul>") == [
        (IT, "Step one Stand tall.")
    ]


def test_image_link_takes_its_accessible_name() -> None:
    [block] = read(
        '<div><a href="https://youtu.be/abc"><img src="/t.jpg" alt="Plank demo"></a> '
        '<a href="https://vimeo.com/1" aria-label="Side view"><img src="/s.jpg"></a></div>'
    ).blocks
    assert [(link.url, link.text) for link in block.links] == [
        ("https://youtu.be/abc", "Plank demo"),
        ("https://vimeo.com/1", "Side view"),
    ]


def test_lite_youtube_and_lite_vimeo_facades_are_videos() -> None:
    blocks = read(
        '<lite-youtube videoid="ogfYd705cRs" playlabel="Play: Plank demo"></lite-youtube>'
        '<lite-vimeo videoid="364402896"></lite-vimeo><lite-youtube videoid="bad id!">'
        "</lite-youtube>"
    ).blocks
    assert [block.video for block in blocks] == [
        Video(url="https://www.youtube.com/embed/ogfYd705cRs", title="Plank demo"),
        Video(url="https://player.vimeo.com/video/364402896"),
    ]


# --- red-team round 2 ---------------------------------------------------------------------


def test_related_exercise_card_is_not_this_pages_content() -> None:
    blocks = stream(
        "<h1>Hip thrust</h1><h2>Instructions</h2><ul><li>Drive up.</li></ul>"
        '<section><h2>Related exercises</h2><div class="card">'
        '<a href="/en/exercise/aa11-glute-bridge"><h3>Glute bridge</h3></a>'
        "<h4>Instructions</h4><p>Lie on your back.</p></div></section>"
    )
    assert blocks == [(H, "Hip thrust"), (H, "Instructions"), (IT, "Drive up.")]


def test_card_linking_to_the_page_itself_is_kept() -> None:
    blocks = stream(
        f'<div><a href="{BASE}"><h2>Psoas smash</h2></a><h3>Instructions</h3><p>Lie.</p></div>'
    )
    assert blocks == [(H, "Psoas smash"), (H, "Instructions"), (P, "Lie.")]


def test_aside_holding_an_exercise_section_is_content_other_asides_are_chrome() -> None:
    assert stream(
        "<aside><h3>Medical restrictions</h3><ul><li>Not after surgery.</li></ul></aside>"
        "<aside><h3>Programs</h3><ul><li><a href='/p'>Strength</a></li></ul></aside>"
    ) == [(H, "Medical restrictions"), (IT, "Not after surgery.")]


def test_heading_inside_a_button_is_read() -> None:
    assert stream(
        '<button class="toggle"><h2>Technical tips</h2></button><div><p>Go slow.</p></div>'
    ) == [(H, "Technical tips"), (P, "Go slow.")]


def test_language_tabs_keep_the_selected_language_only() -> None:
    assert stream(
        '<div role="tablist"><button role="tab" aria-selected="true" aria-controls="en">'
        'English</button><button role="tab" aria-selected="false" aria-controls="fr">'
        'Français</button></div><div role="tabpanel" id="en"><p>Stand tall.</p></div>'
        '<div role="tabpanel" id="fr" hidden><p>Tenez-vous droit.</p></div>'
    ) == [(P, "Stand tall.")]


def test_tab_list_is_not_chrome_because_of_a_menu_class() -> None:
    assert stream(
        '<div class="w-tab-menu" role="tablist"><a role="tab" aria-controls="p1" '
        'aria-selected="true">Instructions</a></div><div id="p1" role="tabpanel">'
        "<ol><li>Squat.</li></ol></div>"
    ) == [(H, "Instructions"), (IT, "Squat.")]


def test_aria_list_items_are_items() -> None:
    assert stream('<div role="list"><div role="listitem">One.</div></div>') == [(IT, "One.")]


def test_step_table_rows_are_items_without_numbers_or_column_labels() -> None:
    assert stream(
        "<table><thead><tr><th>Step</th><th>Description</th></tr></thead><tbody>"
        "<tr><td>1</td><td>Grip the rope.</td></tr><tr><td>2.</td><td>Step back.</td></tr>"
        "</tbody></table>"
    ) == [(IT, "Grip the rope."), (IT, "Step back.")]


def test_row_header_table_keeps_its_header_as_a_heading() -> None:
    assert stream("<table><tr><th>Instructions</th><td>Lie down.</td></tr></table>") == [
        (H, "Instructions"),
        (P, "Lie down."),
    ]


def test_microdata_question_name_is_a_question_without_question_mark() -> None:
    assert stream(
        '<div itemscope itemtype="https://schema.org/Question"><span itemprop="name">'
        'Seated or standing</span><div itemprop="acceptedAnswer" itemscope '
        'itemtype="https://schema.org/Answer"><p itemprop="text">Both work.</p></div></div>'
    ) == [(Q, "Seated or standing"), (A, "Both work.")]


def test_amp_players_are_videos() -> None:
    blocks = read(
        '<amp-youtube data-videoid="abcDEF12345" layout="responsive"></amp-youtube>'
        '<amp-video src="/v/demo.mp4" title="Demo"></amp-video>'
    ).blocks
    assert [block.video for block in blocks] == [
        Video(url="https://www.youtube.com/embed/abcDEF12345"),
        Video(url="https://fitmetrics.ch/v/demo.mp4", title="Demo"),
    ]


def test_template_gives_its_video_but_not_its_placeholder() -> None:
    blocks = read(
        '<template><p>Loading...</p><iframe src="https://player.vimeo.com/video/7"></iframe>'
        "</template>"
    ).blocks
    assert [(block.kind, block.video) for block in blocks] == [
        (V, Video(url="https://player.vimeo.com/video/7"))
    ]


def test_iframe_srcdoc_is_read_as_content() -> None:
    assert stream(
        '<iframe srcdoc="&lt;h2&gt;Instructions&lt;/h2&gt;&lt;p&gt;Hold.&lt;/p&gt;"></iframe>'
    ) == [(H, "Instructions"), (P, "Hold.")]


def test_content_inside_a_tower_of_wrappers_is_read() -> None:
    body = "<div>" * 1500 + "<h2>Instructions</h2><ul><li>Hold.</li></ul>" + "</div>" * 1500
    page = read(body + "<p>After.</p>")
    assert [(b.kind, b.text) for b in page.blocks] == [
        (H, "Instructions"),
        (IT, "Hold."),
        (P, "After."),
    ]
    assert page.deep_skipped == 0
    assert not page.cut_short


def test_text_nested_too_deep_is_counted_not_silently_lost() -> None:
    page = read("<h1>Plank</h1>" + "<div><b>x</b>" * 400)
    assert page.deep_skipped > 0


def test_nesting_beyond_the_parser_limit_is_reported() -> None:
    assert read("<div>" * 3000 + "<p>deep</p>").cut_short


def test_frameset_lists_its_frames() -> None:
    page = read_html(
        '<html><frameset><frame src="/nav.html"><frame src="main.html"></frameset></html>',
        base_url=BASE,
    )
    assert page.frame_urls == [
        "https://fitmetrics.ch/nav.html",
        "https://fitmetrics.ch/en/exercise/main.html",
    ]


def test_jsonld_howto_steps_and_video_aliases() -> None:
    head = (
        '<script type="application/ld+json">{"@type":"HowTo","step":["Stand.",'
        '{"@type":"HowToStep","text":"<p>Squat.</p>"},{"@type":"HowToSection",'
        '"itemListElement":[{"@type":"HowToStep","name":"Rise."}]}]}</script>'
        '<script type="application/ld+json">{"@type":"VideoObject","name":"Demo",'
        '"contentUrl":"https://cdn.x/demo.mp4","embedUrl":"https://youtu.be/abc"}</script>'
    )
    page = read("<h1>Squat</h1>", head=head)
    assert page.jsonld_steps == ["Stand.", "Squat.", "Rise."]
    assert page.jsonld_video_aliases == {
        "https://cdn.x/demo.mp4": ("https://cdn.x/demo.mp4", "https://youtu.be/abc")
    }
