"""Steps written as prose: a paragraph numbered inline is split into its steps, and only
such a paragraph (``extractor.parsing._steps``; unit cases and hypothesis properties)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.parsing._steps import split_inline_steps
from extractor.parsing.vocabulary import STEP_LABELS


@pytest.mark.parametrize(
    ("text", "steps"),
    [
        (
            "1) Lie face down. 2) Lower your weight onto the ball. 3) Switch sides.",
            ["Lie face down.", "Lower your weight onto the ball.", "Switch sides."],
        ),
        ("1. Kneel down. 2. Reach forward.", ["Kneel down.", "Reach forward."]),
        ("(1) Grip the bar. (2) Pull.", ["Grip the bar.", "Pull."]),
        (
            "Follow these steps: 1) Stand tall. 2) Hinge at the hips.",
            ["Follow these steps:", "Stand tall.", "Hinge at the hips."],
        ),
        ("Step 1: Kneel. Step 2 - Reach. Step 3. Return.", ["Kneel.", "Reach.", "Return."]),
        (
            "Étape 1 : Allongez-vous sur le dos. Étape 2 : Levez les hanches.",
            ["Allongez-vous sur le dos.", "Levez les hanches."],
        ),
        ("Schritt 1 Hinlegen. Schritt 2 Hüfte heben.", ["Hinlegen.", "Hüfte heben."]),
        ("1) 10 squats. 2) 20 lunges.", ["10 squats.", "20 lunges."]),
        # Closing quotes or brackets after a sentence's end still end it.
        ('1) Say "go." 2) Go (slowly.) 3) Stop.', ['Say "go."', "Go (slowly.)", "Stop."]),
        # Numbers inside a step are not markers: only the run 1, 2, 3 at sentence starts.
        (
            "1) Hold for 1 to 2 minutes. 2) Rest 30 s. 3) Do 3 sets of 10.",
            ["Hold for 1 to 2 minutes.", "Rest 30 s.", "Do 3 sets of 10."],
        ),
    ],
)
def test_inline_numbered_steps_are_split(text: str, steps: list[str]) -> None:
    assert split_inline_steps(text) == steps


@pytest.mark.parametrize(
    "text",
    [
        "Hold for 1 to 2 minutes, focusing on deep breathing.",
        "Do 3 sets of 10 repetitions with a 1.5 kg dumbbell.",
        "Published on 12.03.2024. Updated 1. 2. 2025.",
        "Go back to step 1. Then repeat step 2. Rest.",
        "1. Lie down.",  # one step: nothing to split
        "2) Lift. 3) Lower.",  # a run must start at 1
        "1) Lift. 3) Lower.",  # and have no gap
        "1) Lift. 2. Lower.",  # written alike
        "1. 2. 3.",  # markers without steps
        "Stand tall.1) not a marker.2) nor this.",
        "Am 1. Mai und am 2. Juni ist Ruhetag.",
        "1. 5 kg. 2. 10 kg.",  # "1." before a number is no marker
    ],
)
def test_prose_with_numbers_is_not_split(text: str) -> None:
    assert split_inline_steps(text) is None


# --- properties ---------------------------------------------------------------------------

_WORD = st.sampled_from(
    ["hold", "the", "bar", "for", "minutes", "genou", "hanche", "über", "sets", "lower", "x"]
)
_CAPITALISED = _WORD.map(str.capitalize)
_NUMBER = st.integers(min_value=0, max_value=99).map(str)
# Ways prose holds numbers: quantities, ranges, decimals, dates, times, ordinals, "step 2".
_NUMBER_PHRASE = st.one_of(
    st.tuples(_NUMBER, _WORD).map(" ".join),
    st.tuples(_NUMBER, _NUMBER).map(lambda pair: f"{pair[0]} to {pair[1]} minutes"),
    st.tuples(_NUMBER, _NUMBER).map(lambda pair: f"{pair[0]} sets of {pair[1]}"),
    st.tuples(_NUMBER, _NUMBER).map(lambda pair: f"{pair[0]}.{pair[1]} kg"),
    st.tuples(_NUMBER, _NUMBER).map(lambda pair: f"{pair[0]}.{pair[1]}.2024"),
    st.tuples(_NUMBER, _NUMBER).map(lambda pair: f"{pair[0]}:{pair[1]}"),
    _NUMBER.map(lambda number: f"on {number}. March"),
    _NUMBER.map(lambda number: f"step {number} again"),
    _NUMBER.map(lambda number: f"({number} reps)"),
)
_SENTENCE = st.tuples(
    st.one_of(_CAPITALISED, _NUMBER_PHRASE),
    st.lists(st.one_of(_WORD, _NUMBER_PHRASE), min_size=1, max_size=8),
).map(lambda parts: " ".join([parts[0], *parts[1]]) + ".")


@settings(max_examples=150, deadline=None)
@given(st.lists(_SENTENCE, min_size=1, max_size=8))
def test_prose_that_merely_holds_numbers_is_never_split(sentences: list[str]) -> None:
    assert split_inline_steps(" ".join(sentences)) is None


_STEP_WORDS = sorted({word for words in STEP_LABELS.values() for word in words})
_STYLE = st.one_of(
    st.sampled_from(["{n}) ", "{n}. ", "({n}) ", "{n}: "]),
    st.tuples(st.sampled_from(_STEP_WORDS), st.sampled_from(["", ":", " -", "."])).map(
        lambda pair: pair[0] + " {n}" + pair[1] + " "
    ),
)


# A step opens with a word ("1. 5 kg..." is no step; "1) 10 squats" is: see the cases above).
_STEP = st.tuples(_CAPITALISED, st.lists(_SENTENCE, max_size=2)).map(
    lambda parts: " ".join([parts[0] + " hold.", *parts[1]])
)


@settings(max_examples=150, deadline=None)
@given(_STYLE, st.lists(_STEP, min_size=2, max_size=6))
def test_numbered_paragraphs_split_into_exactly_their_steps(style: str, texts: list[str]) -> None:
    paragraph = " ".join(style.format(n=n) + text for n, text in enumerate(texts, start=1))
    assert split_inline_steps(paragraph) == texts
