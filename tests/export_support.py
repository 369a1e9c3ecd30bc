"""Shared by the export tests: records with every field set, the fixture dataset, reading an
export back into records, and a real PostgreSQL server started and stopped by the test."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from extractor import Exercise, ExtraSection, FaqItem, Image, Program, Video
from extractor.cli._main import main

ROOT = Path(__file__).resolve().parents[1]
PAGES = ROOT / "fixtures" / "pages"
GOLDEN = Path(__file__).resolve().parent / "export" / "golden"
SHA = "0" * 63 + "1"

LONG_TIP = (
    "Keep the ball just inside the hip bone and never on the bone itself. "
    "Let your body weight sink in slowly, over several breaths, instead of pressing hard. "
    "If the pressure turns sharp or you feel tingling down the leg, move the ball a little "
    "higher. Stop at once if the pain stays after you get up."
)
ONE_LONG_SENTENCE = (
    "Keep breathing slowly through the nose while the ball presses into the front of the hip "
    "and let the belly soften a little more with each breath so the deep hip flexor can let go "
    "without the lower back arching or the ribs flaring out at any moment of the hold"
)


def crafted_records() -> list[Exercise]:
    """Records with every field the parser does not fill yet (attribute table, images, ...),
    translations of one exercise in three languages, and the cases formats must warn about."""
    base = "https://fitmetrics.ch/{}/exercise/ab12cd34-{}"
    alternates = {
        "de": base.format("de", "psoas-massage"),
        "en": base.format("en", "psoas-smash"),
        "fr": base.format("fr", "massage-du-psoas"),
    }
    common: dict[str, Any] = {
        "source_id": "ab12cd34",
        "alternates": alternates,
        "images": [
            Image(url="https://fitmetrics.ch/media/psoas-smash-1.jpg", alt="Ball under the hip"),
            Image(url="https://fitmetrics.ch/media/psoas-smash-2.jpg"),
        ],
        "videos": [Video(url="https://www.youtube-nocookie.com/embed/abc123", title="Demo")],
        "rendered": True,
        "content_sha256": SHA,
    }
    english = Exercise(
        **common,
        url=alternates["en"],
        slug="psoas-smash",
        language="en",
        name="Psoas smash",
        difficulty="Intermediate",
        focus=["Mobility", "Release"],
        equipment=["Lacrosse ball", "Foam roller"],
        sports=["Running", "Cycling"],
        categories=["Stretching"],
        muscles=["Hip flexors", "Quadriceps", "Glutes"],
        attributes={"Duration": ["2 min"], "Position": ["Prone", "Supported"], "Tempo": []},
        instructions=["Lie face down with a ball inside the hip bone.", "Breathe and relax."],
        technical_tips=[LONG_TIP, "Relax your core."],
        breathing_tips=[ONE_LONG_SENTENCE],
        medical_restrictions=["Avoid with a hernia."],
        description="A release for the hip flexors.\n\nUse a soft ball at first.",
        faq=[FaqItem(question="How long?", answer="Two minutes a side.\n\nNo more.")],
        programs=[Program(name="Desk worker reset", url="https://fitmetrics.ch/en/programs/9")],
        unloaded_sections=["programs"],
        extra_sections=[
            ExtraSection(title="Variations", items=["With a foam roller", "Standing"]),
            ExtraSection(title="Empty aside", items=[]),
        ],
        warnings=["duplicate section 'Technical tips'"],
    )
    french = Exercise(
        **common,
        url=alternates["fr"],
        slug="massage-du-psoas",
        language="fr",
        name="Massage du psoas",
        difficulty="Débutant",
        focus=["Mobilité"],
        equipment=["Balle de massage"],
        categories=["Étirements"],
        muscles=["Psoas", "Fessiers"],
        instructions=["Allongez-vous sur le ventre, la balle sous la hanche.", "Respirez."],
        technical_tips=["Relâchez le ventre."],
        description="Un relâchement des fléchisseurs de la hanche.",
    )
    german = Exercise(
        **common,
        url=alternates["de"],
        slug="psoas-massage",
        language="de",
        name="Psoas " + "sehr " * 50 + "lange Massage",
        difficulty="Fortgeschritten",
        equipment=["Kurzhantel", "Widerstandsband"],
        muscles=["Bauchmuskeln"],
        attributes={"Kraft": ["Ziehen"], "Mechanik": ["Mehrgelenkig"]},
        instructions=["Kurz."],
        description="Löst die Hüftbeuger, in Bauchlage auf einem weichen Ball.",
    )
    lone = Exercise(
        url="https://fitmetrics.ch/fr/exercise/ee00ff11-gainage",
        source_id="ee00ff11",
        slug="gainage",
        language="fr",
        name="Gainage",
        difficulty="Intermédiaire",
        categories=["Renforcement musculaire"],
        equipment=["Poids du corps"],
        muscles=["Abdominaux", "Épaules"],
        instructions=["Tenez la position sur les avant-bras, le corps bien aligné, 30 secondes."],
        content_sha256=SHA,
    )
    too_short = Exercise(
        url="https://fitmetrics.ch/en/exercise/ff00aa22-hold",
        source_id="ff00aa22",
        slug="hold",
        language="en",
        name="Hold",
        instructions=["Hold."],
        description="Short.",
        content_sha256=SHA,
    )
    return [english, french, german, lone, too_short]


def crafted_lines() -> list[str]:
    """The crafted records as JSON lines, plus a keyless record and a torn line."""
    lines = [record.model_dump_json() for record in crafted_records()]
    keyless = Exercise(name="No key", language="en", content_sha256=SHA).model_dump_json()
    return [*lines, keyless, '{"name": "torn']


def write_dataset(directory: Path, lines: Iterable[str]) -> Path:
    """A dataset folder whose ``exercises.jsonl`` holds ``lines``."""
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "exercises.jsonl").write_text("".join(line + "\n" for line in lines), "utf-8")
    return directory


def fixture_dataset(directory: Path) -> Path:
    """``extractor parse fixtures/pages`` into ``directory``, plus the crafted records."""
    assert main(["parse", str(PAGES), "--output", str(directory)]) == 0
    with (directory / "exercises.jsonl").open("a", encoding="utf-8") as handle:
        handle.writelines(line + "\n" for line in crafted_lines())
    return directory


def dataset_records(directory: Path) -> list[Exercise]:
    """The records of a dataset that an export carries: keyed, valid, first of each key, sorted."""
    found: dict[tuple[str, str], Exercise] = {}
    for line in (directory / "exercises.jsonl").read_text("utf-8").splitlines():
        try:
            record = Exercise.model_validate_json(line)
        except ValueError:
            continue
        if record.source_id and record.language:
            found.setdefault((record.source_id, record.language), record)
    return [found[key] for key in sorted(found)]


def records_from_tables(tables: Mapping[str, list[dict[str, Any]]]) -> list[Exercise]:
    """Rebuild the records from the rows of the CSV/SQL tables (typed values)."""
    records: dict[tuple[str, str], dict[str, Any]] = {}
    for row in tables["exercises"]:
        record = {k: v for k, v in row.items() if k != "record_sha256"}
        records[(row["source_id"], row["language"])] = record

    def rows(name: str, *order: str) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
        for row in sorted(tables[name], key=lambda r: tuple(r[k] for k in order)):
            yield records[(row["source_id"], row["language"])], row

    for record, row in rows("alternates", "alternate_language"):
        record.setdefault("alternates", {})[row["alternate_language"]] = row["url"]
    for record, row in rows("attributes", "position"):
        if row["field"] == "other":
            values = record.setdefault("attributes", {}).setdefault(row["label"], [])
            if row["value"] is not None:
                values.append(row["value"])
        elif row["field"] != "difficulty":
            record.setdefault(row["field"], []).append(row["value"])
    fields = {
        "instruction": "instructions",
        "technical_tip": "technical_tips",
        "breathing_tip": "breathing_tips",
        "medical_restriction": "medical_restrictions",
    }
    for record, row in rows("steps", "kind", "position"):
        record.setdefault(fields[row["kind"]], []).append(row["text"])
    for name, keys in (
        ("faq", ("question", "answer")),
        ("videos", ("url", "title")),
        ("images", ("url", "alt")),
        ("programs", ("name", "url")),
    ):
        for record, row in rows(name, "position"):
            record.setdefault(name, []).append({key: row[key] for key in keys})
    sections: dict[tuple[str, str, int], dict[str, Any]] = {}
    for record, row in rows("extra_sections", "position"):
        section = {"title": row["title"], "items": []}
        record.setdefault("extra_sections", []).append(section)
        sections[(row["source_id"], row["language"], row["position"])] = section
    for _record, row in rows("extra_section_items", "section_position", "position"):
        key = (row["source_id"], row["language"], row["section_position"])
        sections[key]["items"].append(row["text"])
    notes = {"unloaded_section": "unloaded_sections", "warning": "warnings"}
    for record, row in rows("record_notes", "kind", "position"):
        record.setdefault(notes[row["kind"]], []).append(row["text"])
    return [Exercise.model_validate(records[key]) for key in sorted(records)]


def read_database(url: str) -> dict[str, list[dict[str, Any]]]:
    """Every row of every table of the export, sorted by primary key."""
    from extractor.export._sql import metadata

    engine = sa.create_engine(url)
    try:
        with engine.connect() as connection:
            result = {}
            for table in metadata().sorted_tables:
                query = sa.select(table).order_by(*table.primary_key.columns)
                result[table.name] = [dict(row._mapping) for row in connection.execute(query)]
            return result
    finally:
        engine.dispose()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _postgres_bin() -> Path:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    if not found:
        raise RuntimeError("PostgreSQL is not installed: run `make sysdeps-postgresql`")
    return found[-1].parent


@contextlib.contextmanager
def postgres_server() -> Iterator[str]:
    """A real PostgreSQL server on 127.0.0.1 in a temporary folder; yields its SQLAlchemy URL.

    PostgreSQL refuses to run as root, so as root the server runs as the ``postgres`` user
    (Debian's package creates it) in a folder that user owns.
    """
    binaries = _postgres_bin()
    folder = Path(tempfile.mkdtemp(prefix="extractor-pg-"))
    as_user: list[str] = []
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
        as_user = ["runuser", "-u", "postgres", "--"]
    data, port = folder / "data", _free_port()

    def run(*command: str | Path) -> None:
        done = subprocess.run(
            [*as_user, *(str(part) for part in command)],
            capture_output=True,
            text=True,
            timeout=300,  # a loaded machine: initdb and start can take a while
            check=False,
        )
        if done.returncode != 0:
            log = (folder / "log").read_text() if (folder / "log").exists() else ""
            raise RuntimeError(f"{command[0]} failed: {done.stdout}{done.stderr}\n{log}")

    try:
        run(binaries / "initdb", "-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8")
        options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        run(binaries / "pg_ctl", "-D", data, "-o", options, "-l", folder / "log", "-w", "-t", "240",
            "start")  # fmt: skip
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
    finally:
        if (data / "postmaster.pid").exists():  # also after a start that timed out
            run(binaries / "pg_ctl", "-D", data, "-m", "fast", "-w", "stop")
        shutil.rmtree(folder, ignore_errors=True)


def canonical_json(value: Any) -> str:
    """Stable text of a JSON value, for golden files."""
    return json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True, default=str) + "\n"


def export(dataset: Path, to: str, output: Path, *extra: str) -> None:
    """``extractor export`` through the CLI; fails the test on a non-zero exit."""
    args = ["export", str(dataset), "--to", to, *extra]
    args += ["--database", f"sqlite:///{output}"] if to == "sql" else ["--output", str(output)]
    if to == "sql":
        args += ["--warnings", str(output.with_name(output.name + ".warnings.jsonl"))]
    assert main(args) == 0


def golden_outputs(dataset: Path, work: Path) -> dict[str, str]:
    """Every format's export of ``dataset`` as text files: golden name -> content."""
    import pyarrow.parquet as pq

    outputs: dict[str, str] = {}
    work.mkdir(parents=True, exist_ok=True)
    export(dataset, "csv", work / "csv")
    for path in sorted((work / "csv").glob("*.*[a-z]")):
        outputs[f"csv/{path.name}"] = path.read_text("utf-8")
    export(dataset, "parquet", work / "x.parquet")
    table = pq.read_table(work / "x.parquet")
    outputs["parquet/schema.txt"] = table.schema.to_string(show_schema_metadata=False) + "\n"
    outputs["parquet/rows.json"] = canonical_json(table.to_pylist())
    outputs["parquet/warnings.jsonl"] = (work / "x.parquet.warnings.jsonl").read_text("utf-8")
    export(dataset, "sql", work / "x.db")
    outputs["sql/tables.json"] = canonical_json(read_database(f"sqlite:///{work / 'x.db'}"))
    outputs["sql/warnings.jsonl"] = (work / "x.db.warnings.jsonl").read_text("utf-8")
    export(dataset, "wger", work / "wger.jsonl")
    outputs["wger/wger.jsonl"] = (work / "wger.jsonl").read_text("utf-8")
    outputs["wger/warnings.jsonl"] = (work / "wger.jsonl.warnings.jsonl").read_text("utf-8")
    export(dataset, "free-exercise-db", work / "fedb")
    for path in sorted((work / "fedb").rglob("*.json*")):
        outputs[f"free-exercise-db/{path.relative_to(work / 'fedb')}"] = path.read_text("utf-8")
    return outputs
