"""The committed JSON Schema files: the current one equals the model's, every one is usable."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from extractor import SCHEMA_VERSION, Exercise
from extractor.dataset import render_schema, schema_text

REPO = Path(__file__).resolve().parents[2]
SCHEMAS = REPO / "extractor" / "schemas"


def test_committed_schema_equals_the_model() -> None:
    committed = json.loads((SCHEMAS / f"exercise-{SCHEMA_VERSION}.schema.json").read_text())
    assert committed == Exercise.model_json_schema(), (
        "the record model changed: run scripts/regen_schema.py --write "
        "(and bump SCHEMA_VERSION if the shape changed)"
    )
    assert render_schema() == schema_text(SCHEMA_VERSION)


def test_the_installed_package_finds_the_schema() -> None:
    found = resources.files("extractor").joinpath(f"schemas/exercise-{SCHEMA_VERSION}.schema.json")
    assert json.loads(found.read_text(encoding="utf-8"))["title"] == "Exercise"


@pytest.mark.parametrize(
    "path", sorted(SCHEMAS.glob("exercise-*.schema.json")), ids=lambda p: p.name
)
def test_every_schema_file_is_a_valid_schema(path: Path) -> None:
    Draft202012Validator.check_schema(json.loads(path.read_text()))
    version = path.name.removeprefix("exercise-").removesuffix(".schema.json")
    assert schema_text(version) == path.read_text()


def test_unknown_version_has_no_schema() -> None:
    with pytest.raises(KeyError):
        schema_text("0.0")


def test_golden_records_are_valid_against_the_committed_schema() -> None:
    validator = Draft202012Validator(json.loads(schema_text()))
    pages = REPO / "fixtures" / "pages"
    goldens = sorted(p for p in pages.glob("*.json") if not p.name.endswith(".meta.json"))
    assert goldens
    for golden in goldens:
        record = json.loads(golden.read_text(encoding="utf-8"))
        errors = [error.message for error in validator.iter_errors(record)]
        assert errors == [], golden.name
