"""The attribute table: rows in every structural form, in en/fr/de, typed fields or
``attributes``, and the look-alikes that must stay what they are."""

from __future__ import annotations

from typing import Any

import pytest

from extractor import parse_page

URL = "https://example.org/en/exercise/ab12-goblet-squat"
STEPS = "<h2>Instructions</h2><ol><li>Hold the weight.</li><li>Squat down.</li></ol>"


def record(table: str, *, lang: str = "en", after: str = "") -> dict[str, Any]:
    html = (
        f"<!DOCTYPE html><html lang={lang}><body><main><h1>Goblet squat</h1>{table}"
        f"{STEPS}{after}</main></body></html>"
    )
    return parse_page(html, url=URL).model_dump(mode="json")


TYPED = ("difficulty", "focus", "equipment", "sports", "categories", "muscles", "attributes")


def typed(data: dict[str, Any]) -> dict[str, Any]:
    return {name: data[name] for name in TYPED if data[name]}


@pytest.mark.parametrize(
    "table",
    [
        # <table> rows, th or td labels, a list or chips as values
        "<table><tr><th>Difficulty</th><td>Beginner</td></tr><tr><th>Equipment</th>"
        "<td><ul><li>Dumbbell</li><li>Mat</li></ul></td></tr><tr><th>Tempo</th><td>3-1-1</td></tr>"
        "</table>",
        "<table><tr><td>Difficulty</td><td>Beginner</td></tr><tr><td>Equipment</td>"
        "<td><span>Dumbbell</span> <span>Mat</span></td></tr><tr><td>Tempo</td><td>3-1-1</td>"
        "</tr></table>",
        # <dl>
        "<dl><dt>Difficulty</dt><dd>Beginner</dd><dt>Equipment</dt><dd>Dumbbell</dd><dd>Mat</dd>"
        "<dt>Tempo</dt><dd>3-1-1</dd></dl>",
        # label/value element pairs (classes mean nothing)
        "<div class='q1'><div class='a'><span>Difficulty</span><span>Beginner</span></div>"
        "<div class='a'><span>Equipment</span><span>Dumbbell · Mat</span></div>"
        "<div class='a'><span>Tempo</span><span>3-1-1</span></div></div>",
        "<p><b>Difficulty</b><br>Beginner</p><p><b>Equipment:</b> Dumbbell, Mat</p>"
        "<p><b>Tempo:</b> 3-1-1</p>",
        # "Label: value" lines and "Label | value" rows
        "<ul><li>Difficulty: Beginner</li><li>Equipment: Dumbbell, Mat</li><li>Tempo: 3-1-1</li>"
        "</ul>",
    ],
    ids=["th-table", "td-table-chips", "dl", "div-pairs", "bold-labels", "colon-lines"],
)
def test_every_form_of_the_table_gives_the_same_fields(table: str) -> None:
    assert typed(record(table)) == {
        "difficulty": "Beginner",
        "equipment": ["Dumbbell", "Mat"],
        "attributes": {"Tempo": ["3-1-1"]},
    }


def test_french_and_german_labels() -> None:
    french = (
        "<dl><dt>Difficulté</dt><dd>Débutant</dd><dt>Focus</dt><dd>Mobilité</dd>"
        "<dt>Équipements</dt><dd>Tapis</dd><dt>Sports</dt><dd>Course à pied, Football</dd>"
        "<dt>Catégories</dt><dd>Étirement</dd><dt>Muscles</dt><dd>Psoas</dd></dl>"
    )
    assert typed(record(french, lang="fr")) == {
        "difficulty": "Débutant",
        "focus": ["Mobilité"],
        "equipment": ["Tapis"],
        "sports": ["Course à pied", "Football"],
        "categories": ["Étirement"],
        "muscles": ["Psoas"],
    }
    german = (
        "<table><tr><th>Schwierigkeitsgrad</th><td>Mittel</td></tr>"
        "<tr><th>Ausrüstung</th><td>Kettlebell</td></tr>"
        "<tr><th>Muskelgruppen</th><td>Gesäß; Beine</td></tr></table>"
    )
    assert typed(record(german, lang="de")) == {
        "difficulty": "Mittel",
        "equipment": ["Kettlebell"],
        "muscles": ["Gesäß", "Beine"],
    }


def test_values_are_split_at_list_separators_but_not_inside_numbers() -> None:
    table = (
        "<dl><dt>Equipment</dt><dd>Plate 2,5 kg, Bench</dd>"
        "<dt>Difficulty</dt><dd>Easy, then hard</dd></dl>"
    )
    assert typed(record(table)) == {
        "equipment": ["Plate 2,5 kg", "Bench"],
        "difficulty": "Easy, then hard",  # one value: a difficulty is never split
    }


@pytest.mark.parametrize(
    "look_alike",
    [
        # a step that opens with a label word stays a step
        "<h2>Technical tips</h2><ul><li>Focus: keep the back flat.</li><li>Breathe.</li></ul>",
        # a table of columns (its first row names them), not of key/value rows
        "<h2>Muscles worked</h2><table><tr><th>Muscle</th><th>Role</th></tr>"
        "<tr><td>Glutes</td><td>Prime mover</td></tr></table>",
        # a section titled with a label word, holding a list: a section
        "<h2>Equipment</h2><ul><li>Two heavy dumbbells</li><li>A free path of 20 metres</li></ul>",
        # a definition list under the FAQ: questions and answers
        "<h2>FAQ</h2><dl><dt>Equipment?</dt><dd>None at all.</dd></dl>",
        # a bold word opening a sentence
        "<h2>Description</h2><p><b>Focus</b> on the breath while you hold the position.</p>",
    ],
)
def test_look_alikes_are_not_attribute_rows(look_alike: str) -> None:
    data = record("", after=look_alike)
    assert typed(data) == {}


def test_a_row_outside_the_vocabulary_is_kept_in_attributes() -> None:
    table = (
        "<table><tr><th>Level</th><td>2</td></tr>"
        "<tr><th>Calories / 10 min</th><td>80</td></tr></table>"
    )
    data = record(table)
    assert data["difficulty"] == "2"
    assert data["attributes"] == {"Calories / 10 min": ["80"]}
    assert data["extra_sections"] == []


def test_text_copies_of_the_table() -> None:
    text = (
        "Pont fessier\n\nDifficulté\nDébutant\nDurée\n2 min\nÉquipements\nTapis\n\n"
        "Instructions\n\n  • Allongez-vous.\n  • Montez le bassin.\n"
    )
    data = parse_page(text, url="https://example.org/fr/exercise/cd34-pont-fessier")
    assert typed(data.model_dump()) == {
        "difficulty": "Débutant",
        "equipment": ["Tapis"],
        "attributes": {"Durée": ["2 min"]},
    }
    tabs = (
        "Glute bridge\n\nDifficulty\tEasy\nMuscles\tGlutes, Hamstrings\n\n"
        "Instructions\n\n- Lie down.\n"
    )
    data = parse_page(tabs, url="https://example.org/en/exercise/cd34-glute-bridge")
    assert typed(data.model_dump()) == {"difficulty": "Easy", "muscles": ["Glutes", "Hamstrings"]}
