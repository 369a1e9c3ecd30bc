"""The plain-text front end: line shapes -> blocks."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from extractor import parse_page
from extractor.parsing._blocks import Block, Kind
from extractor.parsing.text._chrome import is_glued_labels
from extractor.parsing.text._reader import read_text

SEED = Path(__file__).resolve().parents[3] / "fixtures" / "pages" / "seed-psoas-smash.txt"


def shape(text: str) -> list[tuple[str, int, str]]:
    return [(block.kind.value, block.level, block.text) for block in read_text(text).blocks]


def test_seed_page_blocks() -> None:
    blocks = read_text(SEED.read_text(encoding="utf-8")).blocks
    assert blocks[0] == Block(Kind.HEADING, "Psoas smash", level=1)
    headings = [b.text for b in blocks if b.kind is Kind.HEADING and b.level == 7]
    assert headings == [
        "Videos",
        "Programs",
        "Instructions",
        "Technical tips",
        "Breathing tips",
        "Medical restrictions",
        "Description",
    ]
    assert sum(1 for b in blocks if b.kind is Kind.ITEM) == 13
    assert [b.kind for b in blocks[-2:]] == [Kind.PLACEHOLDER, Kind.PLACEHOLDER]
    assert not any("Found errors" in b.text for b in blocks)
    paragraphs = [b.text for b in blocks if b.kind is Kind.PARAGRAPH]
    assert len(paragraphs) == 11  # description + 5 questions + 5 answers
    assert paragraphs[1] == "What is the Psoas Smash exercise good for?"


@pytest.mark.parametrize("newline", ["\r\n", "\r", "\n"])
def test_any_newline_convention(newline: str) -> None:
    text = newline.join(["Title", "", "Instructions:", "- one", "- two", ""])
    assert shape(text) == [
        ("heading", 1, "Title"),
        ("heading", 7, "Instructions:"),
        ("item", 0, "one"),
        ("item", 0, "two"),
    ]


@pytest.mark.parametrize(
    ("line", "item"),
    [
        ("• Lie down.", "Lie down."),
        ("- Lie down.", "Lie down."),
        ("* Lie down.", "Lie down."),
        ("– Lie down.", "Lie down."),
        ("· Lie down.", "Lie down."),
        ("1. Lie down.", "Lie down."),
        ("2) Lie down.", "Lie down."),
        ("   •   Lie down.   ", "Lie down."),
    ],
)
def test_bullets_and_numbers_are_stripped(line: str, item: str) -> None:
    assert shape(f"Title\n\nInstructions\n{line}\n")[-1] == ("item", 0, item)


def test_short_line_before_bullets_is_a_heading() -> None:
    assert shape("Title\n\nEquipment\n\n- a ball\n- a mat\n")[1] == ("heading", 7, "Equipment")


def test_sentence_before_bullets_is_not_a_heading() -> None:
    blocks = shape("Title\n\nYou will need the following items.\n- a ball\n")
    assert blocks[1] == ("paragraph", 0, "You will need the following items.")


def test_uppercase_line_is_a_heading() -> None:
    assert shape("Title\n\nSAFETY FIRST\nWarm up before.\n")[1] == ("heading", 7, "SAFETY FIRST")


def test_placeholder_and_feedback_lines() -> None:
    blocks = shape("Title\n\nVideos\nLoading…\n\nFound errors? Tell us!\nChargement...\n")
    assert blocks == [
        ("heading", 1, "Title"),
        ("heading", 7, "Videos"),
        ("placeholder", 0, "Loading…"),
        ("placeholder", 0, "Chargement..."),
    ]


def test_hard_wrapped_paragraph_is_joined() -> None:
    text = (
        "Title\n\nDescription\n"
        "The glute bridge strengthens the gluteal muscles and the hamstrings while\n"
        "teaching the hips to extend without help from the lower back. It is a\n"
        "Common Warm-up before squats and deadlifts, and the rest of this line.\n"
        "Short end.\n"
    )
    assert shape(text)[-1][2].startswith("The glute bridge strengthens")
    assert shape(text)[-1][2].endswith("and the rest of this line. Short end.")
    assert len(shape(text)) == 3


def test_question_lines_are_their_own_blocks() -> None:
    text = "Title\n\nFAQ\nHow long?\nTwo minutes.\nCan beginners do it?\nYes.\n"
    assert shape(text)[2:] == [
        ("paragraph", 0, "How long?"),
        ("paragraph", 0, "Two minutes."),
        ("paragraph", 0, "Can beginners do it?"),
        ("paragraph", 0, "Yes."),
    ]


def test_unwrapped_lines_stay_apart() -> None:
    text = "Title\n\nDescription\nFirst sentence on its own.\nSecond one, also short.\n"
    assert shape(text)[2:] == [
        ("paragraph", 0, "First sentence on its own."),
        ("paragraph", 0, "Second one, also short."),
    ]


def test_wrapped_bullet_continues_the_item() -> None:
    text = (
        "Title\n\nInstructions\n- Lie face down with a ball placed\n  just inside the hip bone.\n"
    )
    assert shape(text)[-1] == (
        "item",
        0,
        "Lie face down with a ball placed just inside the hip bone.",
    )


def test_inline_vocabulary_heading_is_split() -> None:
    assert shape("Title\n\nDescription: A short text.\n")[1:] == [
        ("heading", 7, "Description"),
        ("paragraph", 0, "A short text."),
    ]


def test_first_line_that_is_a_section_heading_is_not_the_title() -> None:
    assert shape("Instructions\n- a\n")[0] == ("heading", 7, "Instructions")


def test_urls_become_links() -> None:
    page = read_text("Title\n\nPrograms\n- Hip power: https://x.ch/en/program/1-hip.\n")
    link = page.blocks[-1].links[0]
    assert (link.url, link.text) == ("https://x.ch/en/program/1-hip", "Hip power")


def test_exercise_links_are_counted() -> None:
    text = "Exercises\n" + "".join(f"- https://x.ch/en/exercise/{i:06x}-a\n" for i in range(3))
    page = read_text(text)
    assert page.exercise_link_count == 3
    assert page.is_html is False


def test_trailing_spaces_and_blank_lines_do_not_matter() -> None:
    tidy = shape("Title\n\nInstructions\n- one\n- two\n")
    messy = shape("Title   \n\n\n\nInstructions   \n\n\n- one   \n\n- two\t\n\n\n")
    assert messy == tidy


def test_malformed_url_in_text_is_harmless() -> None:
    page = read_text("Title\n\nVideos\n- http://[::1/x.mp4\n- http://x.ch:99999/a\n")
    assert page.exercise_link_count == 0
    assert [b.kind for b in page.blocks][-2:] == [Kind.ITEM, Kind.ITEM]


# --- red-team cases (PARSE-REDTEAM) -------------------------------------------------------


def test_markdown_rendering_headings_bold_lines_links_and_rules() -> None:
    page = read_text(
        "# Psoas smash\n\n## Instructions\n\n* Lie down.\n\n## FAQ\n\n**How long?**\n\n"
        "Two [minutes](https://x.ch/m).\n\n---\n\nFound errors? [Tell us!](https://x.ch/c)\n"
    )
    assert [(b.kind.value, b.level, b.text) for b in page.blocks] == [
        ("heading", 1, "Psoas smash"),
        ("heading", 2, "Instructions"),
        ("item", 0, "Lie down."),
        ("heading", 2, "FAQ"),
        ("heading", 7, "How long?"),
        ("paragraph", 0, "Two minutes."),
    ]
    assert page.blocks[-1].links[0].url == "https://x.ch/m"


def test_markdown_link_in_a_bullet_keeps_its_target() -> None:
    [item] = [
        b
        for b in read_text("Plank\n\nPrograms\n- [Core](https://x.ch/p/1)\n").blocks
        if b.kind is Kind.ITEM
    ]
    assert item.text == "Core"
    assert [(link.url, link.text) for link in item.links] == [("https://x.ch/p/1", "Core")]


@pytest.mark.parametrize(
    "trail",
    ["Home > Exercises > Plank", "Start › Übungen › Plank", "Home / Exercises / Plank"],
)
def test_breadcrumb_trail_above_the_title_is_dropped(trail: str) -> None:
    assert shape(f"{trail}\n\nPlank\n\nInstructions\n- Lie.\n")[0] == ("heading", 1, "Plank")


def test_title_with_slashes_is_not_a_breadcrumb() -> None:
    assert shape("Push-up / Press-up / Pompe\n\nInstructions\n- Push.\n")[0] == (
        "heading",
        1,
        "Push-up / Press-up / Pompe",
    )


def test_step_labels_are_numbering() -> None:
    items = [
        t
        for kind, _, t in shape("X\n\nInstructions\nStep 1: Stand.\nStep 2 - Sit.\n")
        if kind == "item"
    ]
    assert items == ["Stand.", "Sit."]


@pytest.mark.parametrize("glyph", ["✓", "✔", "➢", "→", "○", "◆"])
def test_more_bullet_glyphs_are_removed(glyph: str) -> None:
    items = [
        t for kind, _, t in shape(f"X\n\nTechnical tips\n{glyph} Keep it slow.\n") if kind == "item"
    ]
    assert items == ["Keep it slow."]


# --- red-team round 2 ---------------------------------------------------------------------


LYNX = """   [1]FitMetrics
     * [2]Programs

                                  Hollow hold

Instructions

     * Lie on your back.

   Found errors? [3]Tell us! See the [4]plank.

References

   1. https://fitmetrics.ch/en/
   2. https://fitmetrics.ch/en/programs
   3. https://fitmetrics.ch/en/feedback
   4. https://fitmetrics.ch/en/exercise/6f7e8d9c-plank
"""


def test_lynx_dump_markers_become_links_and_references_go() -> None:
    page = read_text(LYNX)
    content = [b for b in page.blocks if b.kind is not Kind.PLACEHOLDER]
    texts = [(b.kind, b.text) for b in content]
    assert (Kind.HEADING, "Hollow hold") in texts
    assert all("[" not in text and "https://" not in text for _, text in texts)
    assert not any(kind is Kind.HEADING and text == "Programs" for kind, text in texts)
    plank = next(b for b in content if "plank" in b.text)
    assert [link.url for link in plank.links] == [
        "https://fitmetrics.ch/en/feedback",
        "https://fitmetrics.ch/en/exercise/6f7e8d9c-plank",
    ]


def test_references_heading_followed_by_prose_is_kept() -> None:
    text = "Plank\n\nInstructions\n\n- Hold [1] firm.\n\nReferences\n\nSmith, 2020.\n"
    blocks = shape(text)
    assert ("paragraph", 0, "Smith, 2020.") in blocks
    assert ("item", 0, "Hold [1] firm.") in blocks


def test_w3m_menu_row_above_the_title_is_dropped() -> None:
    blocks = shape("FitMetrics  Programs  Videos  Log in\n\nPlank\n\nInstructions\n\n• Hold.\n")
    assert blocks[0] == ("heading", 1, "Plank")


def test_linked_bullet_naming_a_section_is_not_a_heading() -> None:
    blocks = shape("Plank\n\n* [Programs](https://x/programs)\n\nInstructions\n\n- Hold.\n")
    assert ("item", 0, "Programs") in blocks


# --- structure of text renderings: sub-headings, one-line FAQ pairs, prose headings, chrome ---

URL = "https://fitmetrics.ch/en/exercise/1a2b3c4d-goblet-squat"


def record(text: str) -> dict[str, Any]:
    """The record of a text page, as JSON."""
    page = parse_page(text, url=URL, content_type="text/plain")
    data: dict[str, Any] = page.model_dump(mode="json")
    return data


def all_text(data: dict[str, Any]) -> str:
    """Every text field of a record, for "never leaks" checks."""
    parts = [data["name"], data["description"] or ""]
    for field in ("instructions", "technical_tips", "breathing_tips", "medical_restrictions"):
        parts.extend(data[field])
    for pair in data["faq"]:
        parts.extend((pair["question"], pair["answer"]))
    for section in data["extra_sections"]:
        parts.extend((section["title"], *section["items"]))
    return "\n".join(parts)


# 1. sub-headings inside the Instructions ------------------------------------------------


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Starting position", "Movement"),  # plain lines set apart, as a browser copies h3s
        ("Starting position:", "Movement:"),  # with colons
        ("STARTING POSITION", "THE PULL"),  # in capitals
        ("  Set-up", "  Lowering phase"),  # indented alike (a lynx dump indents h3)
    ],
)
def test_phases_right_under_instructions_are_subheadings(first: str, second: str) -> None:
    data = record(
        f"Face pull\n\nHow to perform\n\n{first}\n\n• Stand tall facing the cable.\n\n"
        f"{second}\n\n• Pull towards your forehead.\n• Return slowly.\n\n"
        "Technical tips\n\n• Keep the elbows high.\n"
    )
    assert data["instructions"] == [
        "Stand tall facing the cable.",
        "Pull towards your forehead.",
        "Return slowly.",
    ]
    assert data["technical_tips"] == ["Keep the elbows high."]
    assert data["extra_sections"] == []
    # The sub-heading text is not lost: named in a warning, as for <h3>s in HTML.
    names = [first.strip(), second.strip()]
    assert [w for w in data["warnings"] if "sub-heading" in w] == [
        f"sub-heading {name!r} of section 'instructions' read as part of it" for name in names
    ]


def test_phases_without_blank_lines() -> None:
    data = record(
        "Face pull\nInstructions\nSet-up\n- Set a cable at face height.\n- Grip the rope.\n"
        "Pulling phase\n1. Pull towards your face.\n2. Return slowly.\nDescription\n"
        "A shoulder exercise.\n"
    )
    assert data["instructions"] == [
        "Set a cable at face height.",
        "Grip the rope.",
        "Pull towards your face.",
        "Return slowly.",
    ]
    assert data["description"] == "A shoulder exercise."
    assert data["extra_sections"] == []


def test_markdown_bold_phases_under_an_atx_instructions_heading() -> None:
    data = record(
        "# Face pull\n\n## Instructions\n\n**Starting position**\n\n- Stand tall.\n\n"
        "**Movement**\n\n- Pull.\n\n## Technical tips\n\n- Slow.\n"
    )
    assert data["instructions"] == ["Stand tall.", "Pull."]
    assert data["technical_tips"] == ["Slow."]
    assert sum("sub-heading" in w for w in data["warnings"]) == 2


def test_later_sections_still_open_after_nested_phases() -> None:
    data = record(
        "Face pull\n\nInstructions\n\nSet-up\n- Stand.\n\nMovement\n- Pull.\n\n"
        "EQUIPMENT\n- A cable station\n\nBreathing tips\n- Exhale as you pull.\n\n"
        "Common mistakes\n- Shrugging.\n\nFAQ\n\nHow heavy?\nLight.\n"
    )
    assert data["instructions"] == ["Stand.", "Pull."]
    assert data["breathing_tips"] == ["Exhale as you pull."]
    assert data["extra_sections"] == [
        {"title": "EQUIPMENT", "items": ["A cable station"]},
        {"title": "Common mistakes", "items": ["Shrugging."]},
    ]
    assert data["faq"] == [{"question": "How heavy?", "answer": "Light."}]


def test_heading_after_steps_is_a_section_of_its_own() -> None:
    # Steps first, then a heading: text cannot tell a phase from "Equipment": kept apart.
    data = record(
        "Goblet squat\n\nInstructions\n\n- Hold the bell.\n- Squat.\n\nEquipment\n\n"
        "- A kettlebell\n- A mat\n"
    )
    assert data["instructions"] == ["Hold the bell.", "Squat."]
    assert data["extra_sections"] == [{"title": "Equipment", "items": ["A kettlebell", "A mat"]}]


def test_subheadings_of_other_sections_stay_sections() -> None:
    # As in HTML: only the Instructions take phases; "Upper body" under tips is a topic.
    data = record(
        "Plank\n\nInstructions\n- Hold.\n\n"
        "Technical tips\n\nUpper body\n- Elbows under shoulders.\n\n"
        "Lower body\n- Squeeze the glutes.\n"
    )
    assert data["technical_tips"] == []
    assert [s["title"] for s in data["extra_sections"]] == ["Upper body", "Lower body"]


def test_a_heading_of_another_shape_ends_the_phases() -> None:
    data = record(
        "Face pull\n\nInstructions\n\nSet-up:\n- Stand.\n\nMovement:\n- Pull.\n\n"
        "VARIATIONS\n- One arm at a time.\n"
    )
    assert data["instructions"] == ["Stand.", "Pull."]
    assert data["extra_sections"] == [{"title": "VARIATIONS", "items": ["One arm at a time."]}]


@pytest.mark.parametrize("numbering", ["1\t", "Step 1\t", ""])
def test_table_rows_are_entries_and_column_labels_go(numbering: str) -> None:
    second = numbering.replace("1", "2")
    labels = "Step\t" if numbering else ""
    data = record(
        f"Face pull\n\nSteps\n\n{labels}Description\tCue\n"
        f"{numbering}Grip the rope with thumbs up.\tGood grip.\n"
        f"{second}Step back to tension the cable.\tTension.\n"
    )
    assert data["instructions"] == [
        "Grip the rope with thumbs up. | Good grip.",
        "Step back to tension the cable. | Tension.",
    ]


def test_table_without_sure_header_keeps_every_row() -> None:
    data = record(
        "Hip thrust\n\nInstructions\n- Drive the hips up.\n\n"
        "Muscles worked\n\nMuscle\tRole\nGlutes\tPrime mover\n"
    )
    assert data["extra_sections"] == [
        {"title": "Muscles worked", "items": ["Muscle | Role", "Glutes | Prime mover"]}
    ]


def test_tab_indented_bullets_are_not_a_table() -> None:
    data = record("Plank\n\nInstructions\n\t- Lie down.\n\t- Lift the hips.\n")
    assert data["instructions"] == ["Lie down.", "Lift the hips."]


# 2. a question and its answer on one line -------------------------------------------------


def test_one_line_pairs_under_a_faq_heading_are_split() -> None:
    data = record(
        "Goblet squat\n\nInstructions\n- Squat.\n\nFAQ\n\n"
        "How often should I train? Two to three times a week.\n"
        "Can beginners do it? Yes, with a light kettlebell.\n\n"
        "Is it safe? What about my knees? Yes, if the knees follow the toes.\n\n"
        'What does "ready?" mean in class? It is the cue to brace.\n\n'
        "Q: How deep? A: As deep as your back stays flat.\n"
    )
    assert data["faq"] == [
        {"question": "How often should I train?", "answer": "Two to three times a week."},
        {"question": "Can beginners do it?", "answer": "Yes, with a light kettlebell."},
        {
            "question": "Is it safe? What about my knees?",
            "answer": "Yes, if the knees follow the toes.",
        },
        {"question": 'What does "ready?" mean in class?', "answer": "It is the cue to brace."},
        {"question": "How deep?", "answer": "As deep as your back stays flat."},
    ]


def test_one_line_pairs_after_the_description_without_a_heading() -> None:
    data = record(
        "Goblet squat\n\nDescription\n\nThe goblet squat teaches the squat.\n\n"
        "How often should I train? Twice a week.\n\nCan I go heavy? Yes, 20 kg and more.\n"
    )
    assert data["description"] == "The goblet squat teaches the squat."
    assert data["faq"] == [
        {"question": "How often should I train?", "answer": "Twice a week."},
        {"question": "Can I go heavy?", "answer": "Yes, 20 kg and more."},
    ]


@pytest.mark.parametrize(
    "line",
    [
        "Why side lunges? Most training happens front to back.",  # rhetorical, in prose
        "How long? about ten seconds",  # no answer sentence after the "?"
        "Is it safe? Is it hard?",  # questions only
        "Sore knees. Can I still do it? Yes.",  # a statement first: running text
    ],
)
def test_lines_that_are_not_split(line: str) -> None:
    data = record(f"Side lunge\n\nDescription\n\n{line}\n\nIt strengthens the adductors.\n")
    assert data["faq"] == []
    assert data["description"] == f"{line}\n\nIt strengthens the adductors."


def test_split_keeps_questions_on_their_own_line_as_they_were() -> None:
    data = record(
        "Plank\n\nInstructions\n- Hold.\n\n"
        "FAQ\n\nHow long should I hold it? Start with 20 seconds.\n\n"
        "Can I do it daily?\n\nYes. Why not? Rest when sore.\n"
    )
    assert data["faq"] == [
        {"question": "How long should I hold it?", "answer": "Start with 20 seconds."},
        {"question": "Can I do it daily?", "answer": "Yes. Why not? Rest when sore."},
    ]


# 3. a short heading over prose ------------------------------------------------------------


@pytest.mark.parametrize("gap", ["\n\n", "\n"])
def test_short_title_over_prose_is_a_heading(gap: str) -> None:
    data = record(
        "Goblet squat\n\nInstructions\n\n- Hold the bell.\n- Squat.\n\n"
        f"Variations{gap}Hold the kettlebell by the horns for a narrower grip.\n\n"
        "Muscles worked\n\nThe quadriceps and the glutes do most of the work.\n\n"
        "Description\n\nA squat with a weight held at the chest.\n"
    )
    assert data["instructions"] == ["Hold the bell.", "Squat."]
    assert data["extra_sections"] == [
        {"title": "Variations", "items": ["Hold the kettlebell by the horns for a narrower grip."]},
        {
            "title": "Muscles worked",
            "items": ["The quadriceps and the glutes do most of the work."],
        },
    ]
    assert data["description"] == "A squat with a weight held at the chest."


@pytest.mark.parametrize(
    "text",
    [
        # The first short line under a heading is content, not a title.
        "Squat\n\nDescription\n\nA kettlebell classic\n\nThe goblet squat teaches the squat.\n",
        # A tagline under the title.
        "Squat\n\nA kettlebell classic\n\nThe goblet squat teaches the squat.\n\n"
        "Instructions\n- Squat.\n",
        # A short answer, and an answer's second paragraph.
        "Squat\n\nInstructions\n- Squat.\n\n"
        "FAQ\n\nCan I do it daily?\n\nYes\n\nRest when sore.\n\nHow deep?\n\n"
        "Thighs parallel\n\nOr deeper when mobile.\n",
        # Lower case: the end of a sentence wrapped onto its own line.
        "Squat\n\nDescription\n\nIt is a squat.\n\nand more than that\n\nIt is good.\n",
        # A short line followed by another short line, not prose.
        "Squat\n\nDescription\n\nIt is a squat.\n\nKettlebell\n\nDumbbell\n",
    ],
)
def test_short_lines_that_stay_content(text: str) -> None:
    before = shape(text)
    data = record(text)
    assert data["extra_sections"] == []
    assert [kind for kind, level, _ in before if kind == "heading" and level == 7] == [
        "heading"
    ] * sum(1 for line in text.split("\n") if line in ("Description", "FAQ", "Instructions"))


# 4. site chrome of a whole-page copy --------------------------------------------------------

WHOLE_PAGE = """Skip to content
FitMetrics
Home
Exercises
Programs
Videos
Log in

Home > Exercises > Goblet squat

Goblet squat

Instructions

- Hold a kettlebell at your chest.
- Squat down between your knees.

Description

The goblet squat teaches the squat pattern.

FAQ

How deep should I squat?
As deep as your back stays flat.

Found errors? Tell us!

About us
Contact
Programs
Videos

© 2025 FitMetrics AG. All rights reserved.
Privacy policy
Terms of use

We use cookies to improve your experience on our site.
Accept all
Reject
"""


def _expected_goblet(data: dict[str, Any]) -> None:
    assert data["name"] == "Goblet squat"
    assert data["instructions"] == [
        "Hold a kettlebell at your chest.",
        "Squat down between your knees.",
    ]
    assert data["description"] == "The goblet squat teaches the squat pattern."
    assert data["faq"] == [
        {"question": "How deep should I squat?", "answer": "As deep as your back stays flat."}
    ]
    assert data["extra_sections"] == []
    for chrome in ("Skip", "Log in", "Home", "©", "Privacy", "cookies", "Accept", "About us"):
        assert chrome not in all_text(data)


def test_whole_page_copy_drops_its_chrome() -> None:
    _expected_goblet(record(WHOLE_PAGE))


@pytest.mark.parametrize(
    "head",
    [
        "Aller au contenu\n\nAccueil\nExercices\nProgrammes\n\n",  # skip link + menu
        "Zum Inhalt springen\n\n",  # a skip link alone, then the title
        "Home\nExercises\nGoblet squat\n\n",  # a breadcrumb copied one crumb a line
        "Home\n›\nExercises\n›\nGoblet squat\n\n",  # ... with separators on lines of their own
        "We use cookies. By browsing you agree.\nOK\n\nFitMetrics\n\nHome / Exercises / "
        "Goblet squat\n",
        "FitMetrics\nHome\nExercises\nAbout\nContact\nHome › Exercises › Goblet squat\n",
    ],
)
def test_head_chrome_variants(head: str) -> None:
    body = WHOLE_PAGE.split("\nGoblet squat\n\n", 1)[1]
    _expected_goblet(record(f"{head}Goblet squat\n\n{body}"))


@pytest.mark.parametrize(
    "tail",
    [
        "Copyright 2024 FitMetrics\n",
        "Impressum | Datenschutz | AGB\n",
        "Mentions légales\nPolitique de confidentialité\n",
        "FitMetrics © 2025\n\nLoading...\n",
        "Newsletter\nInstagram\nYouTube\n\n(c) 2023 FitMetrics\n",
    ],
)
def test_tail_chrome_variants(tail: str) -> None:
    head = WHOLE_PAGE.split("Found errors? Tell us!", 1)[0]
    _expected_goblet(record(f"{head}{tail}"))


def test_page_without_chrome_keeps_its_short_lines() -> None:
    # No marker (skip link, trail, menu, footer line): every short line is content.
    data = record(
        "Goblet squat\n\nInstructions\n\n- Hold the bell.\n\nRelated exercises\n\n- Front squat\n"
        "- Split squat\n\nKettlebell\nLegs\n"
    )
    assert data["name"] == "Goblet squat"
    assert data["extra_sections"] == [
        {
            "title": "Related exercises",
            "items": ["Front squat", "Split squat", "Kettlebell", "Legs"],
        }
    ]


def test_copyright_sign_inside_content_is_kept() -> None:
    data = record("Band pull-apart\n\nInstructions\n\n- Hold a TheraBand© loop.\n- Pull.\n")
    assert data["instructions"] == ["Hold a TheraBand© loop.", "Pull."]


def test_title_over_empty_sections_is_not_a_menu() -> None:
    data = record("Psoas smash\nVideos\nPrograms\nInstructions\n• Lie down.\n")
    assert data["name"] == "Psoas smash"
    assert data["instructions"] == ["Lie down."]
    assert data["unloaded_sections"] == ["programs", "videos"]


def test_short_tail_lines_without_a_footer_marker_stay() -> None:
    data = record(
        "Plank\n\nInstructions\n- Hold.\n\nFAQ\n\nHow long?\n\nThirty seconds\n\n"
        "Can I do it daily?\nYes\n"
    )
    assert data["faq"] == [
        {"question": "How long?", "answer": "Thirty seconds"},
        {"question": "Can I do it daily?", "answer": "Yes"},
    ]


@pytest.mark.parametrize(
    "head",
    [
        "Programs · Videos\n\n",  # a navigation bar copied as one line
        "FitMetrics\nExercises Programs Videos Log in\n\n",
        "FitMetrics\n\n• Exercises\n• Programs\n• Videos\n• My account\n\n",  # a bulleted menu
        "Skip to content\n\n• Exercises\n• Blog\n\nFR DE\nHome › Exercises › Goblet squat\n\n",
    ],
)
def test_navigation_shapes_above_the_title(head: str) -> None:
    body = WHOLE_PAGE.split("\nGoblet squat\n\n", 1)[1]
    _expected_goblet(record(f"{head}Goblet squat\n\n{body}"))


def test_after_the_feedback_line_the_footer_and_related_box_go() -> None:
    head = WHOLE_PAGE.split("Found errors? Tell us!", 1)[0]
    tail = (
        "Found errors? Tell us!\n\nLoading...\nLoading...\n\nRelated exercises\n\n"
        "Front squat Split squat\n\n• Programmes\n• Vidéos\n• Mentions légales\n\n"
        "Stay in shape!\n\nSign up for our newsletter.\n"
    )
    _expected_goblet(record(head + tail))


def test_sections_after_the_feedback_line_are_content() -> None:
    # The feedback line alone proves nothing: without a footer marker after it, short
    # sections that follow it are the page's.
    data = record(
        "Plank\n\nInstructions\n- Hold.\n\nFound errors? Tell us!\n\nBreathing tips\n"
        "- Breathe out.\n\nVideos\n\nLoading...\n\nEquipment\n- A mat\n"
    )
    assert data["breathing_tips"] == ["Breathe out."]
    assert data["unloaded_sections"] == ["videos"]
    assert data["extra_sections"] == [{"title": "Equipment", "items": ["A mat"]}]


def test_sections_after_the_feedback_line_survive_a_footer() -> None:
    data = record(
        "Plank\n\nInstructions\n- Hold.\n\nFound errors? Tell us!\n\nMedical restrictions\n"
        "- Avoid if pregnant.\n\n© 2025 FitMetrics\n"
    )
    assert data["medical_restrictions"] == ["Avoid if pregnant."]
    assert "©" not in all_text(data)


def test_unbulleted_step_without_full_stop_stays_a_step() -> None:
    data = record(
        "Face pull\n\nInstructions\n\nSet a cable at face height.\n\nReturn slowly\n\n"
        "Keep the elbows high.\n"
    )
    assert data["instructions"] == [
        "Set a cable at face height.",
        "Return slowly",
        "Keep the elbows high.",
    ]
    assert data["extra_sections"] == []


# --- red-team round: renderings of whole pages copied or dumped in other ways -------------


def test_exercise_links_of_a_lynx_dump_are_counted() -> None:
    # The addresses of a lynx dump are in its References list, not in the text.
    items = "".join(f"     * [{i}]Exercise {i}\n" for i in range(1, 7))
    refs = "".join(f"   {i}. https://x.ch/fr/exercise/{i:06x}-a\n" for i in range(1, 7))
    page = read_text(f"Exercices\n\n{items}\nReferences\n\n{refs}")
    assert page.exercise_link_count == 6


def test_the_same_exercise_link_twice_counts_once() -> None:
    text = "Exercises\n" + "- https://x.ch/en/exercise/0000aa-a\n" * 6
    assert read_text(text).exercise_link_count == 1


@pytest.mark.parametrize("toggle", ["+", "›", "▾", "⌄", "−"])
def test_accordion_toggle_glyph_under_a_section_heading_is_dropped(toggle: str) -> None:
    blocks = shape(f"Plank\n\nInstructions\n{toggle}\nLie down.\nHold.\n")
    assert [text for _, _, text in blocks] == ["Plank", "Instructions", "Lie down.", "Hold."]


def test_glyph_line_under_a_non_section_line_is_kept_for_the_head() -> None:
    # "Home / › / Plank": a crumb separator is not a toggle; it still marks the breadcrumb.
    assert shape("Home\n›\nExercises\n›\nPlank\n\nInstructions\n- Lie.\n")[0] == (
        "heading",
        1,
        "Plank",
    )


@pytest.mark.parametrize("label", ["Show more", "Read more", "Mehr anzeigen", "Voir plus"])
def test_expander_labels_are_dropped(label: str) -> None:
    texts = [text for _, _, text in shape(f"Plank\n\nDescription\nA plank.\n{label}\n")]
    assert texts == ["Plank", "Description", "A plank."]


def test_unbulleted_steps_of_equal_length_are_not_joined_as_wrapped() -> None:
    # A browser copies a <ul> one item a line without glyphs; steps of about the same length
    # look hard-wrapped, but under a list heading a full stop then a capital is a new step.
    text = (
        "Plank\n\nInstructions\n\nLie on your side with your elbow under your shoulder.\n"
        "Lift your hips until your body is straight and strong.\nHold, then switch.\n"
    )
    paragraphs = [text for kind, _, text in shape(text) if kind == "paragraph"]
    assert len(paragraphs) == 3


def test_wrapped_description_is_still_joined() -> None:
    text = (
        "Plank\n\nDescription\n\nThe plank is a static exercise that trains the whole trunk\n"
        "and the shoulders. It is done on the forearms with a straight body\nline.\n"
    )
    paragraphs = [text for kind, _, text in shape(text) if kind == "paragraph"]
    assert len(paragraphs) == 1


def test_last_crumb_repeating_the_title_is_chrome() -> None:
    # Chrome's copy of a page without blank lines: "Home / / / Exercises / / / Bird dog"
    # then the title "Bird dog", then the first section.
    text = "Log in\nHome\n/\nExercises\n/\nBird dog\nBird dog\nVideos\nLoading...\n"
    texts = [text for _, _, text in shape(text + "Instructions\nKneel.\n")]
    assert texts[:3] == ["Bird dog", "Videos", "Loading..."]


def test_logo_text_between_the_menu_toggle_and_the_title_is_chrome() -> None:
    text = "☰\nFitMetrics\nSide plank\nInstructions\nLie on your side.\n"
    assert shape(text)[0] == ("heading", 1, "Side plank")


def test_title_and_subtitle_without_chrome_marker_are_kept() -> None:
    # No marker (menu, crumb, glyph) above: nothing is chrome, the first line is the title.
    blocks = shape("Side plank\nCore\nInstructions\n- Lie on your side.\n")
    assert blocks[0] == ("heading", 1, "Side plank")
    assert "Core" in [text for _, _, text in blocks]


def test_last_menu_label_over_a_sentence_is_the_title() -> None:
    # A 404 page copied without blank lines: the menu runs straight into the page's heading.
    text = (
        "FitMetrics\nÜbungen\nProgramme\nVideos\nAnmelden\nSeite nicht gefunden\n"
        "Die gesuchte Seite existiert nicht oder wurde verschoben.\n"
    )
    blocks = shape(text)
    assert blocks[0] == ("heading", 1, "Seite nicht gefunden")
    assert all(text not in ("Programme", "Videos") for _, _, text in blocks)


@pytest.mark.parametrize(
    "line", ["fitmetrics.ch", "www.fitmetrics.ch", "2–3 minutes", "5 min read"]
)
def test_reader_view_header_under_the_title_is_dropped(line: str) -> None:
    texts = [text for _, _, text in shape(f"Dead bug\n\n{line}\n\nInstructions\n- Lie.\n")]
    assert texts == ["Dead bug", "Instructions", "Lie."]


def test_reading_time_line_inside_a_section_is_kept() -> None:
    texts = [text for _, _, text in shape("Plank\n\nInstructions\n\n2 minutes\n\nHold.\n")]
    assert "2 minutes" in texts


def test_w3m_table_laid_out_with_spaces_is_read_as_rows() -> None:
    text = (
        "Plank\n\nInstructions\n- Lie.\n\nEquipment\n\n"
        "Item         Amount\nMat          1\nWeights      as needed\n"
    )
    blocks = shape(text)
    assert ("heading", 7, "Equipment") in blocks
    items = [text for kind, _, text in blocks if kind == "item"]
    assert items[-3:] == ["Item | Amount", "Mat | 1", "Weights | as needed"]


def test_misaligned_double_spaces_are_not_a_table() -> None:
    # Two sentences each with a double space after a full stop, at different columns.
    text = "Plank\n\nDescription\n\nHold it.  Then rest.\nBreathe in and out.  Keep going.\n"
    assert not [kind for kind, _, _ in shape(text) if kind == "item"]


@pytest.mark.parametrize(
    ("question", "prompt"),
    [
        ("Found errors?", "Tell us!"),
        ("Fehler gefunden?", "Sag es uns!"),
        ("Vous avez trouvé des erreurs ?", "Dites-le-nous !"),
    ],
)
def test_feedback_line_split_across_two_lines_is_dropped(question: str, prompt: str) -> None:
    record = parse_page(
        f"Plank\n\nInstructions\n- Lie down.\n\nDescription\nA plank.\n\n{question}\n{prompt}\n",
        content_type="text/plain; charset=utf-8",
    )
    assert record.description == "A plank."
    assert record.faq == []
    assert record.extra_sections == []


# --- header bars, print bars, share and author cards, duration badges, related cards ----------


@pytest.mark.parametrize(
    "head",
    [
        "FitMetrics\nExercisesProgramsVideosSign in\n\n",  # a menu row glued by CSS-only gaps
        "• Home\n• Programs\n\nFitMetricsMenu\n\n",  # the logo glued to the menu toggle
        "We use cookies.\n\nAcceptReject\n\n",  # consent buttons glued together
        "• Exercises\n• Programs\n\nMenu\n\n",  # the menu toggle on its own line
        "FitMetrics\n\n• Exercises\n\n",  # a one-link menu under the logo
        "Print this page | Close window\n\n",  # a print version's bar
        "Drucken | Fenster schließen\n\n",
    ],
)
def test_header_bar_chrome_above_the_title(head: str) -> None:
    body = WHOLE_PAGE.split("\nGoblet squat\n\n", 1)[1]
    _expected_goblet(record(f"{head}Goblet squat\n\n{body}"))


@pytest.mark.parametrize(
    ("line", "glued"),
    [
        ("ExercisesProgramsVideosSign in", True),
        ("FitMetricsMenu", True),
        ("AcceptReject", True),
        ("☰FitMetrics", True),
        ("FitMetrics", False),  # a brand alone names no label
        ("YouTube", False),
        ("McGill curl-up", False),
        ("Farmer's walk Videos", False),  # words set apart by spaces are not glued
        ("ProgramsVideos are listed below.", False),  # a sentence
    ],
)
def test_glued_labels(line: str, glued: bool) -> None:
    assert is_glued_labels(line) is glued


def test_glued_brand_title_without_label_stays_the_title() -> None:
    data = record("KettleBell Swing\n\nInstructions\n\n- Swing the bell.\n")
    assert data["name"] == "KettleBell Swing"


@pytest.mark.parametrize(
    "tail",
    [
        "Share\nTwitter Facebook\n\n© 2025 FitMetrics\n",  # a share card then the footer
        "Facebook\n\nCopyright © 2026 FitMetrics | Powered by FitMetrics\n",
        "Written by\n\nCoach Lena\n\n© 2026 FitMetrics\n",  # an author box
        "Teilen\n",  # a share title alone at the end
        "• About\n• Contact\n",  # the footer's menu at the very end
    ],
)
def test_share_author_and_footer_menu_after_the_content(tail: str) -> None:
    head = WHOLE_PAGE.split("Found errors? Tell us!", 1)[0]
    _expected_goblet(record(f"{head}{tail}"))


def test_share_in_an_instruction_sentence_is_kept() -> None:
    text = (
        "Goblet squat\n\nInstructions\n\n- Hold the bell.\n- Share the rack with a partner.\n\n"
        "Technical tips\n\nShare the load between both feet.\n"
    )
    data = record(text)
    assert data["instructions"] == ["Hold the bell.", "Share the rack with a partner."]
    assert data["technical_tips"] == ["Share the load between both feet."]


def test_one_word_section_title_and_short_description_line_are_kept() -> None:
    # No footer marker after them: "Variations" and its short line are content, not chrome.
    text = "Goblet squat\n\nInstructions\n\n- Hold the bell.\n\nVariations\n\nUse a dumbbell.\n"
    data = record(text)
    assert data["extra_sections"] == [{"title": "Variations", "items": ["Use a dumbbell."]}]
    text = "Goblet squat\n\nDescription\n\nA squat.\n"
    assert record(text)["description"] == "A squat."


def test_video_duration_badge_is_dropped() -> None:
    text = (
        "Copenhagen plank\n\nVideos\n\nhttps://www.youtube.com/watch?v=CpHgPl4nk7Q\n\n0:48\n\n"
        "Instructions\n\n- Lie on your side.\n"
    )
    texts = [text for _, _, text in shape(text)]
    assert "0:48" not in texts
    assert record(text)["extra_sections"] == []


def test_a_time_inside_a_step_is_kept() -> None:
    data = record("Plank\n\nInstructions\n\n- Hold for 0:45.\n- 1:30 rest.\n")
    assert data["instructions"] == ["Hold for 0:45.", "1:30 rest."]


RELATED_CARDS = """Step-up

Instructions

- Stand facing a box.
- Step up.

Medical restrictions

- Use a lower box if you have knee pain.

Related exercises

Box jump

Instructions

- Jump onto the box.

Medical restrictions

- Avoid with ankle instability.
"""


def test_related_cards_repeating_the_page_sections_are_dropped() -> None:
    data = record(RELATED_CARDS)
    assert data["instructions"] == ["Stand facing a box.", "Step up."]
    assert data["medical_restrictions"] == ["Use a lower box if you have knee pain."]
    assert "Box jump" not in all_text(data)


def test_content_after_related_cards_resumes_at_a_new_section() -> None:
    data = record(RELATED_CARDS + "\nFAQ\n\nHow high is the box?\nKnee height.\n")
    assert data["instructions"] == ["Stand facing a box.", "Step up."]
    assert data["faq"] == [{"question": "How high is the box?", "answer": "Knee height."}]


def test_related_heading_over_bare_names_is_an_extra_section() -> None:
    # Names only, no repeated section heading: not other exercises' cards, so kept.
    data = record("Step-up\n\nInstructions\n\n- Step up.\n\nRelated exercises\n\n- Box jump\n")
    assert data["extra_sections"] == [{"title": "Related exercises", "items": ["Box jump"]}]
