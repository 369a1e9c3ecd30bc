"""The plain-text front end: line shapes -> blocks."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractor._blocks import Block, Kind
from extractor._text import read_text

SEED = Path(__file__).resolve().parent.parent / "fixtures" / "pages" / "seed-psoas-smash.txt"


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
