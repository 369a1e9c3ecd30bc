"""The ``extractor`` command line: parse, schema, --version, exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import extractor
import extractor.parsing
from extractor import Exercise, NotAnExercisePage, __version__
from extractor.cli._main import build_parser, main

TEXT_PAGE = """Psoas smash

Instructions

  • Lie face down with a ball just inside your hip bone.
  • Slowly lower your body weight onto the ball.

Technical tips

  • Relax your core.

Description

A self-myofascial release for the hip flexors.

Can beginners do it?

Yes, with light pressure.

Found errors? Tell us!
Loading...
"""

HTML_PAGE = """<!DOCTYPE html><html lang="de"><head><meta charset="utf-8">
<title>Hüftbeuger-Dehnung</title></head><body>
<nav><a href="/de/programme">Programme</a></nav>
<main><h1>Hüftbeuger-Dehnung</h1>
<h2>Anleitung</h2><ul><li>Knie auf die Matte.</li><li>Hüfte nach vorne schieben.</li></ul>
<h2>Beschreibung</h2><p>Dehnt die Hüftbeuger.</p></main>
<footer>Fehler gefunden? Sag es uns!</footer></body></html>
"""

ERROR_PAGE = """<!DOCTYPE html><html><head><title>404 Not Found</title></head>
<body><h1>Page not found</h1><p>The page you requested does not exist.</p></body></html>
"""

PNG_BYTES = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10" + bytes(range(256)) * 4


@pytest.fixture
def pages(tmp_path: Path) -> Path:
    """A folder mixing good pages, a non-exercise page, a binary file and an unreadable file."""
    folder = tmp_path / "pages"
    (folder / "sub").mkdir(parents=True)
    (folder / "a-seed.txt").write_text(TEXT_PAGE, encoding="utf-8")
    (folder / "sub" / "b-stretch.html").write_text(HTML_PAGE, encoding="utf-8")
    (folder / "c-missing.html").write_text(ERROR_PAGE, encoding="utf-8")
    (folder / "d-photo.html").write_bytes(PNG_BYTES)
    (folder / "e-broken.htm").symlink_to(folder / "nowhere.htm")  # unreadable, even for root
    (folder / "notes.rst").write_text("not a page extension: never read", encoding="utf-8")
    return folder


def run_cli(*args: str | Path) -> int:
    return main([str(arg) for arg in args])


def read_jsonl(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


def test_parse_writes_records_failures_and_manifest(
    pages: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert run_cli("parse", pages, "--output", out) == 0

    records = read_jsonl(out / "exercises.jsonl")
    assert [r["name"] for r in records] == ["Psoas smash", "Hüftbeuger-Dehnung"]
    assert records[1]["instructions"] == ["Knie auf die Matte.", "Hüfte nach vorne schieben."]
    assert all(Exercise.model_validate(r) for r in records)

    failures = {Path(str(f["path"])).name: f for f in read_jsonl(out / "failures.jsonl")}
    assert sorted(failures) == ["c-missing.html", "d-photo.html", "e-broken.htm"]
    not_exercise = getattr(extractor, str(failures["c-missing.html"]["error_type"]))
    assert issubclass(not_exercise, NotAnExercisePage)
    assert failures["d-photo.html"]["error_type"] == "BinaryInput"
    assert failures["d-photo.html"]["stage"] == "parse"
    assert failures["e-broken.htm"]["error_type"] == "UnreadableInput"
    assert failures["e-broken.htm"]["stage"] == "read"
    assert all(f["reason"] for f in failures.values())

    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    assert manifest["counts"]["files"] == 5
    assert manifest["counts"]["records"] == 2
    assert manifest["counts"]["failures"] == 3
    assert sum(manifest["counts"]["failures_by_type"].values()) == 3
    assert manifest["schema_version"] == extractor.SCHEMA_VERSION
    assert manifest["versions"]["extractor"] == __version__
    assert manifest["versions"]["lxml"]
    assert manifest["started"] <= manifest["finished"]
    assert manifest["timings"]["pages"] == 4  # the unreadable file never reached the parser

    summary = capsys.readouterr().err
    assert "2 records" in summary
    assert "3 failures" in summary


def test_parse_output_is_deterministic(pages: Path, tmp_path: Path) -> None:
    assert run_cli("parse", pages, "--output", tmp_path / "one") == 0
    assert run_cli("parse", pages, "--output", tmp_path / "two") == 0
    first = (tmp_path / "one" / "exercises.jsonl").read_bytes()
    assert first == (tmp_path / "two" / "exercises.jsonl").read_bytes()


def test_parse_one_file_with_its_url(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_text(TEXT_PAGE, encoding="utf-8")
    url = "https://fit.example.ch/en/exercise/1a2b3c-psoas-smash"
    assert run_cli("parse", page, "--url", url, "--output", tmp_path / "out") == 0
    (record,) = read_jsonl(tmp_path / "out" / "exercises.jsonl")
    assert record["url"] == url
    assert record["source_id"] == "1a2b3c"
    assert record["slug"] == "psoas-smash"


def test_parse_can_also_write_a_json_array(pages: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run_cli("parse", pages, "--output", out, "--format", "json") == 0
    array = json.loads((out / "exercises.json").read_text("utf-8"))
    assert array == read_jsonl(out / "exercises.jsonl")


def test_a_parser_bug_on_one_page_does_not_stop_the_others(
    pages: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_parse_page = extractor.parsing.parse_page

    def buggy(content: bytes, **kwargs: object) -> Exercise:
        if b"Psoas" in content:
            raise RuntimeError("boom")
        return real_parse_page(content, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(extractor.parsing, "parse_page", buggy)
    assert run_cli("parse", pages, "--output", tmp_path / "out") == 0
    records = read_jsonl(tmp_path / "out" / "exercises.jsonl")
    assert [r["name"] for r in records] == ["Hüftbeuger-Dehnung"]
    failures = read_jsonl(tmp_path / "out" / "failures.jsonl")
    bug = next(f for f in failures if f["error_type"] == "RuntimeError")
    assert "boom" in str(bug["reason"])


@pytest.mark.parametrize("cap", ["100", "0.1k"])
def test_files_over_the_size_cap_are_failures(tmp_path: Path, cap: str) -> None:
    page = tmp_path / "page.txt"
    page.write_text(TEXT_PAGE, encoding="utf-8")
    assert run_cli("parse", page, "--max-bytes", cap, "--output", tmp_path / "out") == 0
    (failure,) = read_jsonl(tmp_path / "out" / "failures.jsonl")
    assert failure["error_type"] == "TooLarge"


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads everything")
def test_a_file_without_read_permission_is_a_failure(tmp_path: Path) -> None:
    page = tmp_path / "secret.txt"
    page.write_text(TEXT_PAGE, encoding="utf-8")
    page.chmod(0)
    assert run_cli("parse", page, "--output", tmp_path / "out") == 0
    (failure,) = read_jsonl(tmp_path / "out" / "failures.jsonl")
    assert failure["error_type"] == "UnreadableInput"


def test_url_with_several_files_is_a_usage_error(
    pages: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = "https://fit.example.ch/en/exercise/1a2b3c-psoas-smash"
    assert run_cli("parse", pages, "--url", url, "--output", tmp_path / "out") == 2
    assert "--url" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_a_relative_url_is_a_usage_error(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_text(TEXT_PAGE, encoding="utf-8")
    assert run_cli("parse", page, "--url", "/en/exercise/1a2b", "--output", tmp_path / "o") == 2


def test_a_missing_path_is_a_usage_error(tmp_path: Path) -> None:
    assert run_cli("parse", tmp_path / "nope.html", "--output", tmp_path / "out") == 2


def test_no_path_is_a_usage_error() -> None:
    assert run_cli("parse") == 2


def test_an_output_that_cannot_be_written_is_fatal(
    pages: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("a file where the output directory should go")
    assert run_cli("parse", pages, "--output", blocker / "out") == 1
    assert "error" in capsys.readouterr().err


def test_schema_prints_the_json_schema_of_the_record(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli("schema") == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema["type"] == "object"
    assert list(schema["properties"]) == list(Exercise.model_fields)
    assert "name" in schema["required"]
    assert "FaqItem" in schema["$defs"]


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli("--version") == 0
    assert capsys.readouterr().out.strip() == f"extractor {__version__}"


def test_no_command_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli() == 2
    assert "parse" in capsys.readouterr().err


def test_every_command_is_registered() -> None:
    parser = build_parser()
    subcommands = next(a for a in parser._actions if a.choices and "parse" in a.choices)
    assert {"parse", "schema", "crawl"} <= set(subcommands.choices or ())


def test_python_dash_m_extractor_parse(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_text(TEXT_PAGE, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "extractor", "parse", str(page), "--output", "out"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "1 record," in result.stderr
    (record,) = read_jsonl(tmp_path / "out" / "exercises.jsonl")
    assert record["name"] == "Psoas smash"


MARKDOWN_PAGE = """Title: Psoas smash | FitMetrics

URL Source: https://fit.example.ch/en/exercise/1a2b3c-psoas-smash

Markdown Content:
Psoas smash
===========

Instructions
------------

* Lie face down on a ball.
* Hold for 1 to 2 minutes.
"""


@pytest.mark.parametrize("suffix", [".md", ".markdown"])
def test_parse_reads_markdown_files_from_folders(tmp_path: Path, suffix: str) -> None:
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / f"psoas{suffix}").write_text(MARKDOWN_PAGE, encoding="utf-8")
    assert run_cli("parse", folder, "--output", tmp_path / "out") == 0
    (record,) = read_jsonl(tmp_path / "out" / "exercises.jsonl")
    assert record["name"] == "Psoas smash"  # the header's title, its site name left out
    assert record["url"] == "https://fit.example.ch/en/exercise/1a2b3c-psoas-smash"
    assert record["source_id"] == "1a2b3c"
    assert record["instructions"] == ["Lie face down on a ball.", "Hold for 1 to 2 minutes."]
