"""Golden fixtures: each page beside its expected record, each non-exercise page beside its error.

Layout (see "Tests and fixtures" in the README): ``fixtures/pages/<name>.<ext>`` +
``<name>.json`` (the full record) and optional ``<name>.meta.json`` (``{"content_type": ...}``);
``fixtures/not_exercise/<name>.<ext>`` + ``<name>.json`` (``{"error", "url", "message_contains"}``).
"""

from __future__ import annotations

import importlib.util
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from fixture_support import declared_content_type

import extractor
from extractor.parsing._parse import parse_page

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
PAGES = FIXTURES / "pages"
NOT_EXERCISE = FIXTURES / "not_exercise"
PAGE_SUFFIXES = (".html", ".htm", ".txt", ".md", ".bin")


def _inputs(folder: Path) -> list[Path]:
    """Page files of a fixture folder (every file that is not a .json)."""
    return sorted(path for path in folder.iterdir() if path.is_file() and path.suffix != ".json")


def _expected(page: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(page.with_suffix(".json").read_text(encoding="utf-8"))
    return data


@pytest.mark.parametrize("page", _inputs(PAGES), ids=lambda path: path.name)
def test_page_gives_expected_record(page: Path) -> None:
    expected = _expected(page)
    record = parse_page(
        page.read_bytes(), url=expected["url"], content_type=declared_content_type(page)
    )
    assert record.model_dump(mode="json") == expected


@pytest.mark.parametrize("page", _inputs(NOT_EXERCISE), ids=lambda path: path.name)
def test_not_exercise_page_raises(page: Path) -> None:
    expected = _expected(page)
    error_class = getattr(extractor, expected["error"])
    with pytest.raises(extractor.ExtractionError) as caught:
        parse_page(page.read_bytes(), url=expected["url"], content_type=declared_content_type(page))
    assert type(caught.value) is error_class
    assert expected["message_contains"] in str(caught.value)


@pytest.mark.parametrize("folder", [PAGES, NOT_EXERCISE], ids=lambda path: path.name)
def test_every_fixture_has_its_expected_json(folder: Path) -> None:
    pages = _inputs(folder)
    assert pages, f"no fixtures in {folder}"
    assert [page.name for page in pages if not page.with_suffix(".json").exists()] == []
    stems = [page.stem for page in pages]
    assert sorted(stem for stem in set(stems) if stems.count(stem) > 1) == []  # one JSON each
    expected_files = [
        path for path in folder.glob("*.json") if not path.name.endswith(".meta.json")
    ]
    assert sorted(path.name for path in expected_files if path.stem not in set(stems)) == []


def test_page_fixtures_use_known_suffixes() -> None:
    assert all(path.suffix in PAGE_SUFFIXES for path in _inputs(PAGES))


def _regen_script() -> Any:
    spec = importlib.util.spec_from_file_location(
        "regen_fixtures", FIXTURES.parent / "scripts" / "regen_fixtures.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_regen_script_shows_a_diff_and_writes_only_when_asked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    regen = _regen_script()
    shutil.copy(PAGES / "seed-psoas-smash.txt", tmp_path)
    stale = _expected(PAGES / "seed-psoas-smash.txt") | {"name": "Stale name"}
    expected_path = tmp_path / "seed-psoas-smash.json"
    expected_path.write_text(regen.render(stale), encoding="utf-8")

    assert regen.main(["--pages", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert '-  "name": "Stale name",' in out
    assert '+  "name": "Psoas smash",' in out
    assert json.loads(expected_path.read_text(encoding="utf-8"))["name"] == "Stale name"

    assert regen.main(["--pages", str(tmp_path), "--write"]) == 0
    assert expected_path.read_text(encoding="utf-8") == (PAGES / "seed-psoas-smash.json").read_text(
        encoding="utf-8"
    )


def test_stored_fixtures_match_the_regen_format() -> None:
    regen = _regen_script()
    for expected_path in PAGES.glob("*.json"):
        if expected_path.name.endswith(".meta.json"):
            continue
        text = expected_path.read_text(encoding="utf-8")
        assert regen.render(json.loads(text)) == text, expected_path.name
