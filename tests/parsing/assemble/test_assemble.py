"""The assembler's rules, on block streams built by hand."""

from __future__ import annotations

import pytest

from extractor import ErrorPage, InputError, ListingPage, NotAnExercisePage, UnrenderedPage
from extractor._models import Exercise, ExtraSection, FaqItem, Program, Video
from extractor.parsing._blocks import Block, Kind, Link, PageContent
from extractor.parsing.assemble import assemble

SHA = "0" * 64
URL = "https://fitmetrics.ch/en/exercise/ab12cd-psoas-smash"


def h(text: str, level: int = 2) -> Block:
    return Block(Kind.HEADING, text, level=level)


def p(text: str, *links: Link) -> Block:
    return Block(Kind.PARAGRAPH, text, links=links)


def li(text: str, *links: Link) -> Block:
    return Block(Kind.ITEM, text, links=links)


def q(text: str) -> Block:
    return Block(Kind.QUESTION, text)


def a(text: str) -> Block:
    return Block(Kind.ANSWER, text)


def loading(text: str = "Loading...") -> Block:
    return Block(Kind.PLACEHOLDER, text)


def video(url: str, title: str | None = None) -> Block:
    return Block(Kind.VIDEO, video=Video(url=url, title=title))


def run(*blocks: Block, url: str | None = URL, **hints: object) -> Exercise:
    page = PageContent(blocks=list(blocks), **hints)  # type: ignore[arg-type]
    return assemble(page, url=url, sha256=SHA)


MINIMAL = (h("Psoas smash", 1), h("Instructions"), li("Lie down."))


# --- name ------------------------------------------------------------------------------


def test_name_is_the_first_level_one_heading() -> None:
    record = run(h("Intro", 2), h("Instructions"), li("Lie down."), h("Psoas smash", 1))
    assert record.name == "Psoas smash"
    assert record.extra_sections[0].title == "Intro"


def test_name_is_the_first_heading_before_any_section() -> None:
    record = run(h("Psoas smash", 3), h("Instructions"), li("Lie down."))
    assert record.name == "Psoas smash"
    assert record.extra_sections == []


def test_heading_after_a_section_is_not_the_name() -> None:
    record = run(h("Instructions"), li("Lie down."), h("Notes"), title_hint="Psoas smash | Fit")
    assert record.name == "Psoas smash"
    assert [s.title for s in record.extra_sections] == ["Notes"]
    assert "no heading names the exercise; the name comes from the page title" in record.warnings


@pytest.mark.parametrize(
    ("title", "name"),
    [
        ("Psoas smash | FitMetrics", "Psoas smash"),
        ("Psoas smash - FitMetrics", "Psoas smash"),
        ("Psoas smash – Hip | FitMetrics", "Psoas smash – Hip"),
        ("Push-up", "Push-up"),
    ],
)
def test_name_from_title_hint_without_site_suffix(title: str, name: str) -> None:
    assert run(h("Instructions"), li("Lie down."), title_hint=title).name == name


@pytest.mark.parametrize("heading", ["Instructions", "Loading...", "Found errors? Tell us!"])
def test_vocabulary_placeholder_or_feedback_heading_is_never_the_name(heading: str) -> None:
    record = run(h(heading, 1), h("Description"), p("Text."), title_hint="Real name")
    assert record.name == "Real name"


# --- sections --------------------------------------------------------------------------


def test_vocabulary_question_block_opens_a_section() -> None:
    record = run(h("X", 1), q("Technical tips"), a("Keep the back flat."), a("Go slow."))
    assert record.technical_tips == ["Keep the back flat.", "Go slow."]


def test_heading_matching_ignores_case_colon_and_composition() -> None:
    record = run(h("X", 1), h("INSTRUCTIONS:"), li("a"), h("Vide\u0301os"), loading(), url=None)
    assert record.instructions == ["a"]
    assert record.unloaded_sections == ["videos"]


def test_duplicate_section_is_merged_with_a_warning() -> None:
    record = run(*MINIMAL, h("Description"), p("One."), h("Instructions"), li("Stand up."))
    assert record.instructions == ["Lie down.", "Stand up."]
    assert "section 'instructions' appears more than once; merged" in record.warnings


def test_heading_outside_vocabulary_is_an_extra_section() -> None:
    record = run(*MINIMAL, h("Equipment"), li("A ball"), p("A mat."))
    assert record.extra_sections[0].model_dump() == {
        "title": "Equipment",
        "items": ["A ball", "A mat."],
    }
    assert record.instructions == ["Lie down."]


def test_empty_extra_section_is_kept_with_a_warning() -> None:
    record = run(*MINIMAL, h("Equipment"))
    assert record.extra_sections[0].title == "Equipment"
    assert "section 'Equipment' has a heading but no content" in record.warnings


def test_paragraphs_in_a_list_section_are_items() -> None:
    record = run(h("X", 1), h("Instructions"), p("Lie down."), p("Breathe."), li("Stand."))
    assert record.instructions == ["Lie down.", "Breathe.", "Stand."]


def test_description_paragraphs_joined_by_a_blank_line() -> None:
    record = run(*MINIMAL, h("Description"), p("One."), li("Two."), p("Three."))
    assert record.description == "One.\n\nTwo.\n\nThree."


def test_description_is_null_when_absent() -> None:
    assert run(*MINIMAL).description is None


# --- FAQ -------------------------------------------------------------------------------


def test_unheaded_faq_after_description() -> None:
    record = run(
        *MINIMAL,
        h("Description"),
        p("A long description."),
        p("How long?"),
        p("Two minutes."),
        p("Is it safe?"),
        p("Yes."),
        p("Mostly."),
    )
    assert record.description == "A long description."
    assert record.faq == [
        FaqItem(question="How long?", answer="Two minutes."),
        FaqItem(question="Is it safe?", answer="Yes.\n\nMostly."),
    ]


def test_unheaded_faq_after_a_list_section() -> None:
    record = run(h("X", 1), h("Medical restrictions"), li("No hernia."), p("Why?"), p("Pressure."))
    assert record.medical_restrictions == ["No hernia."]
    assert record.faq == [FaqItem(question="Why?", answer="Pressure.")]


def test_rhetorical_question_not_followed_by_an_answer_stays_description() -> None:
    record = run(*MINIMAL, h("Description"), p("Text."), p("Ready to try?"))
    assert record.description == "Text.\n\nReady to try?"
    assert record.faq == []


def test_question_headings_are_faq_questions() -> None:
    record = run(*MINIMAL, h("Description"), p("Text."), h("How long?", 3), p("Two minutes."))
    assert record.faq == [FaqItem(question="How long?", answer="Two minutes.")]
    assert record.extra_sections == []


def test_deeper_heading_inside_faq_section_is_a_question() -> None:
    record = run(*MINIMAL, h("FAQ", 2), h("Equipment needed", 3), p("A ball."))
    assert record.faq == [FaqItem(question="Equipment needed", answer="A ball.")]


def test_structural_question_and_answer_blocks() -> None:
    record = run(*MINIMAL, h("Frequently asked questions"), q("Daily"), a("Yes."), a("Why not."))
    assert record.faq == [FaqItem(question="Daily", answer="Yes.\n\nWhy not.")]


def test_question_without_answer_is_dropped_with_a_warning() -> None:
    record = run(*MINIMAL, h("FAQ"), q("How long?"), loading(), q("Safe?"), a("Yes."))
    assert record.faq == [FaqItem(question="Safe?", answer="Yes.")]
    assert "question without an answer dropped from faq: 'How long?'" in record.warnings


def test_faq_intro_text_is_kept_as_extra() -> None:
    record = run(*MINIMAL, h("FAQ"), p("Our answers."), q("Safe?"), a("Yes."))
    assert record.extra_sections[0].model_dump() == {"title": "FAQ", "items": ["Our answers."]}


def test_jsonld_faq_is_merged_without_duplicates() -> None:
    record = run(
        *MINIMAL,
        h("FAQ"),
        q("How long?"),
        a("Two minutes (page)."),
        jsonld_faq=[
            FaqItem(question="how long ?", answer="Two minutes (JSON-LD)."),
            FaqItem(question="Is it safe?", answer="Yes."),
        ],
    )
    assert record.faq == [
        FaqItem(question="How long?", answer="Two minutes (page)."),
        FaqItem(question="Is it safe?", answer="Yes."),
    ]
    assert "1 FAQ pair(s) found only in JSON-LD FAQPage appended" in record.warnings


# --- videos, programs, unloaded sections ---------------------------------------------------


def test_videos_from_blocks_links_and_jsonld_deduplicated() -> None:
    yt = "https://www.youtube.com/embed/abc"
    record = run(
        *MINIMAL,
        h("Videos"),
        video(yt),
        p("Demo", Link(url="https://vimeo.com/123", text="Demo on Vimeo")),
        li("File", Link(url="https://cdn.x.ch/v/demo.mp4", text="")),
        jsonld_videos=[Video(url=yt, title="Psoas demo"), Video(url="https://x.ch/v.webm")],
    )
    assert record.videos == [
        Video(url=yt, title="Psoas demo"),
        Video(url="https://vimeo.com/123", title="Demo on Vimeo"),
        Video(url="https://cdn.x.ch/v/demo.mp4", title=None),
        Video(url="https://x.ch/v.webm", title=None),
    ]
    assert record.unloaded_sections == []


def test_video_block_outside_videos_section_is_kept() -> None:
    record = run(*MINIMAL, video("https://player.vimeo.com/video/1"))
    assert record.videos == [Video(url="https://player.vimeo.com/video/1")]


def test_non_video_text_in_videos_section_is_kept_as_extra() -> None:
    record = run(*MINIMAL, h("Videos"), p("Coming soon."))
    assert record.extra_sections[0].items == ["Coming soon."]
    assert record.unloaded_sections == []


def test_programs_from_links_and_plain_items() -> None:
    link = Link(url="https://x.ch/en/program/1-hips", text="Hip health")
    record = run(*MINIMAL, h("Programs"), li("Hip health", link), li("Mobility basics"))
    assert record.programs == [
        Program(name="Hip health", url="https://x.ch/en/program/1-hips"),
        Program(name="Mobility basics", url=None),
    ]


def test_unloaded_sections_and_warnings() -> None:
    record = run(
        *MINIMAL,
        h("Videos"),
        loading(),
        h("Programs"),
        h("Technical tips"),
        loading("Wird geladen…"),
        h("Breathing tips"),
    )
    assert record.unloaded_sections == ["breathing_tips", "programs", "technical_tips", "videos"]
    assert record.warnings == [
        "section 'technical_tips' holds only a loading placeholder",
        "section 'breathing_tips' has a heading but no content",
    ]


# --- text before the first section -----------------------------------------------------------


def test_intro_becomes_description_when_there_is_none() -> None:
    record = run(h("X", 1), p("An intro."), h("Instructions"), li("a"))
    assert record.description == "An intro."
    assert "text before the first section used as the description" in record.warnings


def test_intro_is_an_untitled_extra_section_when_description_exists() -> None:
    record = run(h("X", 1), p("An intro."), h("Instructions"), li("a"), h("Description"), p("D."))
    assert record.description == "D."
    assert record.extra_sections[0].model_dump() == {"title": "", "items": ["An intro."]}


# --- identity and language -----------------------------------------------------------------


def test_identity_from_url_or_canonical_url() -> None:
    record = run(*MINIMAL)
    assert (record.url, record.source_id, record.slug) == (URL, "ab12cd", "psoas-smash")
    canonical = "https://x.ch/de/exercise/ff00-psoas"
    record = run(*MINIMAL, url=None, canonical_url=canonical)
    assert (record.url, record.source_id, record.slug, record.language) == (
        canonical,
        "ff00",
        "psoas",
        "de",
    )


def test_language_from_url_first() -> None:
    assert run(*MINIMAL, url="https://x.ch/fr/exercise/ab12-x", lang_hint="de").language == "fr"


@pytest.mark.parametrize(("hint", "language"), [("fr-CH", "fr"), ("de_CH", "de"), ("it", "en")])
def test_language_from_lang_hint_then_headings(hint: str, language: str) -> None:
    # "it" is not a record language: the English-only heading decides.
    record = run(h("X", 1), h("Technical tips"), li("a"), url=None, lang_hint=hint)
    assert record.language == language


def test_language_from_headings_majority_and_tie() -> None:
    german = run(h("X", 1), h("Anleitung"), li("a"), h("Beschreibung"), p("b."), url=None)
    assert german.language == "de"
    # "Instructions" and "Description" are both English and French: unresolved.
    tie = run(h("X", 1), h("Instructions"), li("a"), h("Description"), p("b."), url=None)
    assert tie.language is None


# --- pages that are not exercises ------------------------------------------------------------


def test_error_page() -> None:
    with pytest.raises(ErrorPage, match="404"):
        run(h("404 - Page not found", 1), p("Sorry."))


def test_error_words_in_an_exercise_page_do_not_matter() -> None:
    assert run(h("Not found anywhere else", 1), h("Instructions"), li("a")).name


def test_listing_page_by_links() -> None:
    with pytest.raises(ListingPage, match="12 links to exercise pages"):
        run(h("Exercises", 1), *(li(f"E{i}") for i in range(12)), exercise_link_count=12)


def test_listing_page_by_jsonld_type() -> None:
    with pytest.raises(ListingPage, match="ItemList"):
        run(h("Exercises", 1), li("E1"), jsonld_types=["WebPage", "ItemList"])


def test_listing_links_on_an_exercise_page_do_not_matter() -> None:
    assert run(*MINIMAL, exercise_link_count=40).instructions == ["Lie down."]


def test_unrendered_page_with_headings() -> None:
    with pytest.raises(UnrenderedPage, match=r"section headings \(instructions, videos\)"):
        run(h("X", 1), h("Videos"), loading(), h("Instructions"), loading())


def test_javascript_shell() -> None:
    with pytest.raises(UnrenderedPage, match="JavaScript shell"):
        run(h("Psoas smash", 1), loading())


def test_faq_alone_is_not_exercise_content() -> None:
    with pytest.raises(UnrenderedPage):
        run(h("X", 1), h("Instructions"), loading(), h("FAQ"), q("Why?"), a("Because."))


def test_article_without_sections() -> None:
    with pytest.raises(NotAnExercisePage, match="no exercise section"):
        run(h("Running shoes", 1), p("Choose well."), h("Fit"), p("Try them on."))


def test_exercise_without_name() -> None:
    with pytest.raises(NotAnExercisePage, match="no name"):
        run(h("Instructions"), li("a"))


def test_empty_page() -> None:
    with pytest.raises(NotAnExercisePage):
        run()


# --- invariants -------------------------------------------------------------------------------


def test_no_chrome_text_in_any_field() -> None:
    record = run(
        h("Psoas smash Loading...", 1),
        h("Instructions"),
        li("Lie down. Loading…"),
        li("Found errors? Tell us!"),
        p("Chargement..."),
        h("Description"),
        p("Text. Vous avez trouvé des erreurs ? Dites-le-nous !"),
        h("FAQ"),
        q("How long? Wird geladen..."),
        a("Loading..."),
        a("Two minutes."),
    )
    assert record.name == "Psoas smash"
    assert record.instructions == ["Lie down."]
    assert record.description == "Text."
    assert record.faq == [FaqItem(question="How long?", answer="Two minutes.")]


def test_same_input_same_record() -> None:
    blocks = (*MINIMAL, h("Videos"), loading(), h("Equipment"), li("Ball"), h("FAQ"), q("Q"))
    first = run(*blocks).model_dump_json()
    assert all(run(*blocks).model_dump_json() == first for _ in range(3))


def test_description_holding_only_questions_is_not_exercise_content() -> None:
    with pytest.raises(UnrenderedPage):
        # Two question/answer pairs: an unheaded FAQ, not a description (a single question
        # opening the description is rhetorical: see test_rhetorical_question_*).
        run(
            h("X", 1),
            h("Videos"),
            loading(),
            h("Description"),
            p("Why?"),
            p("Because."),
            p("How long?"),
            p("Two minutes."),
        )


def test_an_embedded_video_alone_is_exercise_content() -> None:
    record = run(h("X", 1), h("Videos"), video("https://youtu.be/x"), h("Instructions"), loading())
    assert record.videos == [Video(url="https://youtu.be/x")]
    assert record.unloaded_sections == ["instructions"]


def test_text_in_videos_section_is_not_exercise_content() -> None:
    with pytest.raises(UnrenderedPage):
        run(h("X", 1), h("Videos"), p("No video yet."), h("Instructions"), loading())


def test_chrome_in_a_link_url_does_not_reach_the_record() -> None:
    record = run(
        *MINIMAL,
        h("Videos"),
        p("Demo", Link(url="https://youtu.be/Loading…", text="Demo")),
        h("Programs"),
        li("Hips", Link(url="https://x.ch/p/Loading…", text="Hips")),
    )
    assert record.videos == []
    assert record.programs == [Program(name="Hips", url=None)]


def test_malformed_urls_do_not_fail_the_page() -> None:
    bad = "http://[::1/video.mp4"
    record = run(
        *MINIMAL,
        h("Videos"),
        p("Demo", Link(url=bad, text="Demo")),
        h("Programs"),
        li("Hips", Link(url="https://x.ch:99999/p", text="Hips")),
        url=None,
        canonical_url="http://[bad/exercise/ab12-x",
    )
    assert record.programs == [Program(name="Hips", url="https://x.ch:99999/p")]
    assert record.source_id is None


# --- red-team cases (PARSE-REDTEAM) -------------------------------------------------------


@pytest.mark.parametrize(
    "heading",
    ["🎬 Videos", "1. Videos", "Videos (0)", "VIDEOS:", "2) Videos 🎥"],
)
def test_decorated_and_numbered_headings_name_their_section(heading: str) -> None:
    record = run(*MINIMAL, h(heading), loading())
    assert record.unloaded_sections == ["videos"]
    assert record.extra_sections == []


def test_emoji_around_the_name_is_dropped() -> None:
    record = run(h("🏋️ Goblet squat", 1), h("Instructions"), li("Squat."))
    assert record.name == "Goblet squat"


def test_rhetorical_question_opening_the_description_is_description() -> None:
    record = run(*MINIMAL, h("Description"), p("Why hang at all?"), p("It decompresses."))
    assert record.description == "Why hang at all?\n\nIt decompresses."
    assert record.faq == []


def test_question_paragraphs_are_not_faq_when_the_page_has_a_faq_heading() -> None:
    record = run(
        *MINIMAL,
        h("Description"),
        p("Intro."),
        p("Why does it burn?"),
        p("The quads never rest."),
        h("FAQ"),
        q("How long?"),
        a("A minute."),
    )
    assert record.description == "Intro.\n\nWhy does it burn?\n\nThe quads never rest."
    assert record.faq == [FaqItem(question="How long?", answer="A minute.")]


def test_unheaded_faq_after_the_description_still_works() -> None:
    record = run(*MINIMAL, h("Description"), p("Text."), p("How long?"), p("A minute."))
    assert record.description == "Text."
    assert record.faq == [FaqItem(question="How long?", answer="A minute.")]


def test_question_and_answer_labels_are_removed() -> None:
    record = run(*MINIMAL, h("FAQ"), p("Q: How long"), p("A: A minute."), p("Frage: Wie oft?"))
    assert record.faq[0] == FaqItem(question="How long", answer="A minute.")


def test_heading_at_the_level_of_the_faq_questions_is_a_question() -> None:
    record = run(
        *MINIMAL, h("FAQ", 7), h("How long?", 7), a("A minute."), h("Knee pain", 7), a("Rare.")
    )
    assert [item.question for item in record.faq] == ["How long?", "Knee pain"]
    assert record.extra_sections == []


@pytest.mark.parametrize(
    "halves",
    [("Found errors?", "Tell us!"), ("Vous avez trouvé des erreurs ?", "Dites-le-nous !")],
)
def test_feedback_line_split_over_two_blocks_is_chrome(halves: tuple[str, str]) -> None:
    record = run(*MINIMAL, h("Description"), p("Text."), p(halves[0]), p(halves[1]))
    assert record.faq == []
    assert record.description == "Text."


def test_feedback_prompt_alone_is_chrome() -> None:
    record = run(*MINIMAL, h("Description"), p("Text."), p("Fehler gefunden?"))
    assert record.description == "Text."
    assert record.warnings == []


@pytest.mark.parametrize(
    "placeholder",
    ["Loading videos...", "Chargement des vidéos…", "Videos werden geladen…", "(Loading…)"],
)
def test_wordy_placeholders_leave_the_section_unloaded(placeholder: str) -> None:
    record = run(*MINIMAL, h("Videos"), p(placeholder))
    assert record.unloaded_sections == ["videos"]
    assert record.extra_sections == []


def test_bold_line_inside_a_real_heading_section_is_emphasis() -> None:
    record = run(*MINIMAL, h("Description", 2), p("Text."), h("Good to know", 7), p("Chalk."))
    assert record.description == "Text.\n\nGood to know\n\nChalk."
    assert record.extra_sections == []


def test_bold_lines_are_headings_on_pages_whose_headings_are_all_bold() -> None:
    record = run(*MINIMAL, h("Description", 7), p("Text."), h("Equipment", 7), li("Ball"))
    assert record.extra_sections == [ExtraSection(title="Equipment", items=["Ball"])]


def test_identical_copy_of_a_section_is_ignored() -> None:
    record = run(*MINIMAL, h("Instructions"), li("Lie down."), h("FAQ"), q("Q?"), a("A."))
    assert record.instructions == ["Lie down."]
    assert record.warnings == [
        "section 'instructions' appears twice with the same content; the copy was ignored"
    ]


def test_program_card_title_names_the_program_and_its_details_are_kept() -> None:
    card = Link(url="https://x.ch/en/program/7-core", text="Core basics 6 weeks")
    record = run(
        *MINIMAL,
        h("Programs", 2),
        Block(Kind.HEADING, "Core basics", level=5, links=(card,)),
        p("6 weeks"),
    )
    assert record.programs == [Program(name="Core basics", url="https://x.ch/en/program/7-core")]
    assert record.extra_sections == [ExtraSection(title="Programs", items=["6 weeks"])]


def test_link_rows_above_the_title_are_navigation() -> None:
    links = (Link("https://x.ch/p", "Programs"), Link("https://x.ch/v", "Videos"))
    record = run(p("ProgramsVideos", *links), *MINIMAL)
    assert record.extra_sections == []
    assert record.warnings == []


def test_same_video_in_several_address_forms_is_one_video() -> None:
    record = run(
        *MINIMAL,
        h("Videos"),
        video("https://www.youtube-nocookie.com/embed/abc?rel=0", "Demo"),
        p("Watch", Link("https://www.youtube.com/watch?v=abc", "on YouTube")),
        p("Or", Link("https://youtu.be/abc", "here")),
    )
    assert record.videos == [
        Video(url="https://www.youtube-nocookie.com/embed/abc?rel=0", title="Demo")
    ]


@pytest.mark.parametrize(
    ("title", "url", "name"),
    [
        ("FitMetrics | Wall sit", "https://www.fitmetrics.ch/en/exercise/ab-wall-sit", "Wall sit"),
        ("Wall sit – FitMetrics", None, "Wall sit"),
        ("Wall sit | FitMetrics", "https://fitmetrics.ch/x", "Wall sit"),
    ],
)
def test_site_name_is_removed_from_the_title_on_either_side(
    title: str, url: str | None, name: str
) -> None:
    record = run(h("Instructions"), li("Sit."), url=url, title_hint=title)
    assert record.name == name


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("La fente renforce les cuisses et les fessiers avec votre poids.", "fr"),
        ("The lunge strengthens the thighs and the glutes with your weight.", "en"),
    ],
)
def test_language_from_the_text_when_headings_are_shared(text: str, language: str) -> None:
    record = run(h("X", 1), h("Description"), p(text), url=None)
    assert record.language == language


# --- red-team round 2 ---------------------------------------------------------------------


def test_subheadings_of_instructions_are_phases_of_one_list() -> None:
    record = run(
        h("Plank", 1),
        h("Instructions", 2),
        h("Starting position", 3),
        li("Kneel."),
        h("Movement", 3),
        li("Lift."),
        h("Equipment", 2),
        li("Mat"),
    )
    assert record.instructions == ["Kneel.", "Lift."]
    assert record.extra_sections == [ExtraSection(title="Equipment", items=["Mat"])]
    assert "sub-heading 'Movement' of section 'instructions' read as part of it" in (
        record.warnings
    )


def test_jsonld_howto_fills_empty_instructions_only() -> None:
    record = run(h("Plank", 1), h("Instructions"), loading(), jsonld_steps=["Hold.", "Breathe."])
    assert record.instructions == ["Hold.", "Breathe."]
    assert record.unloaded_sections == []
    assert any("JSON-LD HowTo" in warning for warning in record.warnings)
    dom = run(h("Plank", 1), h("Instructions"), li("Kneel."), jsonld_steps=["Hold."])
    assert dom.instructions == ["Kneel."]


def test_jsonld_video_listed_once_under_any_of_its_addresses() -> None:
    record = run(
        h("Plank", 1),
        h("Instructions"),
        li("Hold."),
        h("Videos"),
        video("https://www.youtube.com/embed/abcDEF12345?rel=0"),
        jsonld_videos=[Video(url="https://cdn.x/plank.mp4", title="Plank demo")],
        jsonld_video_aliases={
            "https://cdn.x/plank.mp4": (
                "https://cdn.x/plank.mp4",
                "https://www.youtube.com/embed/abcDEF12345",
            )
        },
    )
    assert record.videos == [
        Video(url="https://www.youtube.com/embed/abcDEF12345?rel=0", title="Plank demo")
    ]


def test_jsonld_video_means_the_videos_section_is_not_unloaded() -> None:
    record = run(
        h("Plank", 1),
        h("Videos"),
        loading(),
        h("Instructions"),
        li("Hold."),
        jsonld_videos=[Video(url="https://youtu.be/abc")],
    )
    assert record.unloaded_sections == []
    assert record.videos == [Video(url="https://youtu.be/abc")]


def test_extra_section_title_loses_its_colon() -> None:
    record = run(h("Plank", 1), h("Instructions"), li("Hold."), h("Hinweise :"), li("Langsam."))
    assert record.extra_sections == [ExtraSection(title="Hinweise", items=["Langsam."])]


def test_paragraph_that_is_the_pages_own_address_is_dropped() -> None:
    record = run(h("Plank", 1), p(URL), h("Instructions"), li("Hold."))
    assert record.extra_sections == []
    assert record.description is None


def test_frameset_and_deep_nesting_say_why() -> None:
    with pytest.raises(NotAnExercisePage, match="frameset"):
        run(h("Plank", 1), frame_urls=["https://x/main.html"])
    with pytest.raises(InputError, match="nested deeper"):
        run(h("Plank", 1), deep_skipped=3)


@pytest.mark.parametrize(
    ("heading", "field"),
    [
        ("How to perform", "instructions"),
        ("Execution", "instructions"),
        ("Durchführung", "instructions"),
        ("Gegenanzeigen", "medical_restrictions"),
        ("Medical Restrictions:", "medical_restrictions"),
        ("BREATHING TIPS", "breathing_tips"),
    ],
)
def test_heading_synonyms_and_title_case(heading: str, field: str) -> None:
    record = run(h("Plank", 1), h(heading), li("Hold."))
    assert getattr(record, field) == ["Hold."]


def test_script_notice_is_no_content() -> None:
    record = run(
        h("Plank", 1), h("Instructions"), li("Hold."), p("Please enable JavaScript to see more.")
    )
    assert record.instructions == ["Hold."]
