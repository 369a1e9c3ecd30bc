"""free-exercise-db: every file valid against that project's schema, every array item checked;
the mapping table is data and consistent; what cannot be mapped is warned about."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from export_support import (
    crafted_records,
    dataset_records,
    export,
    fixture_dataset,
    write_dataset,
)

from extractor.export._free_exercise_db import mapping, normalise

SCHEMA_FILE = Path(__file__).with_name("free-exercise-db.schema.json")


def strict_schema() -> dict[str, Any]:
    """The published schema with each tuple-form ``items: [X]`` made ``items: X`` (all items)."""
    schema: dict[str, Any] = json.loads(SCHEMA_FILE.read_text("utf-8"))
    strict = copy.deepcopy(schema)
    for spec in strict["properties"].values():
        if isinstance(spec.get("items"), list):
            (spec["items"],) = spec["items"]
    return strict


def test_the_strict_schema_checks_every_item_where_the_published_one_does_not() -> None:
    document = {"id": "x", "name": "x", "level": "beginner", "mechanic": None,
                "equipment": None, "primaryMuscles": ["glutes", "hip flexors"],
                "secondaryMuscles": [], "instructions": [], "category": "strength",
                "images": []}  # fmt: skip
    published = json.loads(SCHEMA_FILE.read_text("utf-8"))
    jsonschema.Draft4Validator(published).validate(document)  # the second item goes unchecked
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft4Validator(strict_schema()).validate(document)


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("fedb")
    export(fixture_dataset(work / "dataset"), "free-exercise-db", work / "out")
    return work


def test_every_file_is_valid_against_the_schema(exported: Path) -> None:
    validator = jsonschema.Draft4Validator(strict_schema())
    files = sorted((exported / "out" / "exercises").glob("*.json"))
    assert len(files) == len(dataset_records(exported / "dataset"))  # one file per record
    for path in files:
        document = json.loads(path.read_text("utf-8"))
        assert path.stem == document["id"]
        errors = [error.message for error in validator.iter_errors(document)]
        assert not errors, (path.name, errors)


def test_dist_is_every_file_in_order(exported: Path) -> None:
    dist = json.loads((exported / "out" / "dist" / "exercises.json").read_text("utf-8"))
    files = sorted((exported / "out" / "exercises").glob("*.json"))
    by_id = {
        json.loads(p.read_text("utf-8"))["id"]: json.loads(p.read_text("utf-8")) for p in files
    }
    assert [document["id"] for document in dist] == sorted(by_id)
    assert dist == [by_id[key] for key in sorted(by_id)]


def test_the_attribute_table_is_mapped_through_the_data_table(tmp_path: Path) -> None:
    dataset = write_dataset(tmp_path / "d", [r.model_dump_json() for r in crafted_records()])
    export(dataset, "free-exercise-db", tmp_path / "out")
    german = json.loads((tmp_path / "out" / "exercises" / "ab12cd34-de.json").read_text("utf-8"))
    # Fortgeschritten, Kurzhantel (+ Widerstandsband), Bauchmuskeln, Ziehen, Mehrgelenkig:
    assert (german["level"], german["equipment"], german["primaryMuscles"]) == (
        "expert", "dumbbell", ["abdominals"]
    )  # fmt: skip
    assert (german["force"], german["mechanic"]) == ("pull", "compound")
    french = json.loads((tmp_path / "out" / "exercises" / "ee00ff11-fr.json").read_text("utf-8"))
    assert (french["level"], french["category"], french["equipment"]) == (
        "intermediate", "strength", "body only"
    )  # fmt: skip
    warnings = [json.loads(line) for line in (tmp_path / "out" / "warnings.jsonl").open()]
    codes = {(w["source_id"], w["language"], w["code"]) for w in warnings}
    assert ("ab12cd34", "de", "equipment-several") in codes  # one value kept, the other warned
    assert ("ab12cd34", "de", "category-unmapped") in codes  # defaulted, warned
    assert ("ab12cd34", "en", "mechanic-unmapped") in codes  # null, warned
    unmapped = next(w for w in warnings if w["code"] == "words-unmapped" and w["language"] == "en")
    assert "'Hip flexors'" in unmapped["message"]
    assert "'Lacrosse ball'" in unmapped["message"]


def test_the_mapping_table_is_consistent_with_the_schema() -> None:
    table = mapping()  # loading refuses a word that names two values
    properties = strict_schema()["properties"]
    targets = {"muscles": "primaryMuscles"}
    for name, field in table.fields.items():
        allowed = properties[targets.get(name, name)]
        allowed = allowed.get("items", allowed)["enum"]
        assert set(field.words.values()) <= set(allowed), name
        assert field.default is None or field.default in allowed, name
        assert all(word == normalise(word) for word in field.words), name
