"""wger: the exercise-info shape, stable ids, wger's limits, the license never defaulted."""

from __future__ import annotations

import json
import re
import uuid
from typing import Any

import pytest
from export_support import LONG_TIP, crafted_records, export, write_dataset
from hypothesis import given
from hypothesis import strategies as st

from extractor.export._text import cap_at_word, split_at_sentences
from extractor.export._wger import exercise_uuid


@pytest.fixture(scope="module")
def documents(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    work = tmp_path_factory.mktemp("wger")
    dataset = write_dataset(work / "d", [r.model_dump_json() for r in crafted_records()])
    export(dataset, "wger", work / "wger.jsonl")
    lines = (work / "wger.jsonl").read_text("utf-8").splitlines()
    warnings = (work / "wger.jsonl.warnings.jsonl").read_text("utf-8").splitlines()
    return [json.loads(line) for line in lines], [json.loads(line) for line in warnings]


def test_translations_are_grouped_under_a_stable_uuid(documents: Any) -> None:
    docs, _ = documents
    psoas = docs[0]
    assert psoas["uuid"] == str(uuid.uuid5(uuid.NAMESPACE_URL, "fitmetrics.ch/ab12cd34"))
    assert psoas["uuid"] == str(exercise_uuid("fitmetrics.ch", "ab12cd34"))
    assert [t["language"] for t in psoas["translations"]] == [1, 2, 12]  # de, en, fr
    assert {t["exercise"] for t in psoas["translations"]} == {psoas["uuid"]}
    ids = [t["uuid"] for t in psoas["translations"]] + [n["uuid"] for t in psoas["translations"]
                                                          for n in t["notes"]]  # fmt: skip
    assert len(set(ids)) == len(ids)
    # English is the reference for the exercise's words; images once, the first is main.
    assert [m["name"] for m in psoas["muscles"]] == ["Hip flexors", "Quadriceps", "Glutes"]
    assert [(i["image"].rsplit("/", 1)[1], i["is_main"]) for i in psoas["images"]] == [
        ("psoas-smash-1.jpg", True), ("psoas-smash-2.jpg", False)
    ]  # fmt: skip


def test_wger_limits_hold(documents: Any) -> None:
    docs, _ = documents
    for doc in docs:
        for translation in doc["translations"]:
            assert len(translation["name"]) <= 200
            assert len(re.sub(r"<[^>]+>", "", translation["description"])) >= 40
            assert all(len(note["comment"]) <= 200 for note in translation["notes"])


def test_long_tips_are_split_at_sentence_ends(documents: Any) -> None:
    docs, warnings = documents
    english = next(t for t in docs[0]["translations"] if t["language"] == 2)
    notes = [note["comment"] for note in english["notes"]]
    assert " ".join(notes[:2]) == LONG_TIP
    assert all(note.endswith(".") for note in notes[:2])
    assert {
        "code": "note-split-mid-sentence",
        "source_id": "ab12cd34",
        "language": "en",
    }.items() <= next(w for w in warnings if w["code"] == "note-split-mid-sentence").items()


def test_license_is_left_empty_with_a_warning_and_losses_are_warned(documents: Any) -> None:
    docs, warnings = documents
    for doc in docs:
        assert doc["license"] is None
        assert doc["license_author"] is None
        assert all(t["license"] is None for t in doc["translations"])
    licensed = [w["source_id"] for w in warnings if w["code"] == "license-missing"]
    assert len(docs) == 2  # ff00aa22 has no translation wger can take
    assert sorted(licensed) == ["ab12cd34", "ee00ff11"]  # one warning per exported exercise
    codes = {(w["source_id"], w["language"], w["code"]) for w in warnings}
    assert ("ab12cd34", "de", "name-shortened") in codes
    assert ("ff00aa22", "en", "description-too-short") in codes
    assert ("ff00aa22", "en", "exercise-left-out") in codes
    assert ("ee00ff11", "fr", "no-english") in codes
    assert ("ab12cd34", "en", "not-carried") in codes


@given(st.lists(st.sampled_from(["Short one.", "A longer sentence that goes on for a while!",
                                 "Why?", "x" * 250 + ".", "Ends without a stop"]),
                min_size=1, max_size=12))  # fmt: skip
def test_split_at_sentences_keeps_every_word_within_the_cap(sentences: list[str]) -> None:
    text = " ".join(sentences)
    parts, _ = split_at_sentences(text, 200)
    assert all(0 < len(part) <= 200 for part in parts)
    assert "".join(" ".join(parts).split()) == "".join(text.split())


def test_cap_at_word() -> None:
    assert cap_at_word("short", 200) == "short"
    capped = cap_at_word("word " * 100, 200)
    assert len(capped) <= 200
    assert capped.endswith("word…")
