"""Export of a large dataset to Parquet and to SQLite: records/s and peak RSS (a benchmark).

A dataset of generated records (each a full record: attribute table, images, steps, FAQ,
videos, ~4 KB of JSON) is written once; every contender then runs in a child process of its
own, so its peak RSS (``os.wait4``'s ``ru_maxrss``) is its own:

- baseline ``json.loads``: read the file and ``json.loads`` every line, nothing kept;
- ``validate``: the same plus ``Exercise.model_validate_json`` (what every export pays);
- ``export --to parquet`` and ``--to sql`` (a SQLite file), via ``export_dataset``.

Each child loads its libraries first and times only the work (interpreter start-up and
imports are not the export's throughput; they are in the peak RSS, shown for a dataset a
tenth the size beside the full one).

Throughput is given as a ratio against the ``json.loads`` baseline of the same run, memory as
the growth of the peak from a dataset a tenth the size to the full one (streaming: the growth
is the key index, ~70 bytes a record, not the records). ``--quick``: 2,000 records.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from rich.console import Console
from rich.table import Table

from extractor import Exercise, FaqItem, Image, Program, Video

# Each child imports what it needs, then times only the work and prints the seconds.
_BASELINE = """
import json, sys, time
start = time.perf_counter()
with open(sys.argv[1] + '/exercises.jsonl', 'rb') as f:
    for line in f:
        json.loads(line)
print(time.perf_counter() - start)
"""
_VALIDATE = """
import sys, time
from extractor import Exercise
start = time.perf_counter()
with open(sys.argv[1] + '/exercises.jsonl', 'rb') as f:
    for line in f:
        Exercise.model_validate_json(line)
print(time.perf_counter() - start)
"""
_EXPORT = """
import sys, time
import importlib
importlib.import_module('sqlalchemy')
if sys.argv[2] == 'parquet':  # pyarrow loads pandas (when installed) on first use
    from extractor.export._parquet import schema
    schema().empty_table()
from pathlib import Path
from extractor.export import ExportOptions, export_dataset
dataset, to, target, warnings = sys.argv[1:5]
options = (ExportOptions(database=target) if to == 'sql' else ExportOptions(output=Path(target)))
start = time.perf_counter()
export_dataset(Path(dataset), to, options, warnings_file=Path(warnings))
print(time.perf_counter() - start)
"""


def _record(number: int) -> Exercise:
    source_id = f"{number:08x}"
    language = ("en", "fr", "de")[number % 3]
    return Exercise(
        url=f"https://fitmetrics.ch/{language}/exercise/{source_id}-generated-{number}",
        source_id=source_id,
        slug=f"generated-{number}",
        language=language,
        alternates={"en": f"https://fitmetrics.ch/en/exercise/{source_id}-generated-{number}"},
        name=f"Generated exercise {number}",
        difficulty="Intermediate",
        focus=["Mobility"],
        equipment=["Dumbbell", "Bench"],
        categories=["Strength"],
        muscles=["Glutes", "Quadriceps", "Hamstrings"],
        attributes={"Duration": [f"{number % 5 + 1} min"]},
        instructions=[f"Step {i}: " + "move slowly and with control " * 3 for i in range(6)],
        technical_tips=["Keep your back straight. " * 4, "Brace your core."],
        breathing_tips=["Exhale on the effort."],
        medical_restrictions=["Avoid with acute knee pain."],
        description="A generated exercise for the export benchmark. " * 4,
        faq=[FaqItem(question=f"Question {i}?", answer="An answer. " * 6) for i in range(3)],
        videos=[Video(url=f"https://video.example/{number}", title="Demo")],
        images=[
            Image(url=f"https://fitmetrics.ch/media/{number}-{i}.jpg", alt="Pose") for i in range(2)
        ],
        programs=[Program(name="Leg day", url="https://fitmetrics.ch/en/programs/1")],
        content_sha256=f"{number:064x}",
    )


def _dataset(directory: Path, count: int) -> Path:
    directory.mkdir(parents=True)
    with (directory / "exercises.jsonl").open("w", encoding="utf-8") as handle:
        for number in range(count):
            handle.write(_record(number).model_dump_json() + "\n")
    return directory


def _child(command: list[str]) -> tuple[float, float]:
    """Run ``command``: (the seconds it reports, its peak RSS in MB)."""
    child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    out = child.stdout.read().decode() if child.stdout else ""
    if status != 0:
        err = child.stderr.read().decode() if child.stderr else ""
        raise SystemExit(f"{command} failed: {err}")
    return float(out.strip().splitlines()[-1]), usage.ru_maxrss / 1024


def _commands(dataset: Path, work: Path) -> dict[str, list[str]]:
    python = [sys.executable, "-c"]
    database = work / f"{dataset.name}.db"
    database.unlink(missing_ok=True)
    warnings = str(work / "warnings.jsonl")
    parquet = str(work / f"{dataset.name}.parquet")
    return {
        "json.loads (baseline)": [*python, _BASELINE, str(dataset)],
        "validate (Exercise)": [*python, _VALIDATE, str(dataset)],
        "export --to parquet": [*python, _EXPORT, str(dataset), "parquet", parquet, warnings],
        "export --to sql (SQLite)": [
            *python, _EXPORT, str(dataset), "sql", f"sqlite:///{database}", warnings
        ],
    }  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="2,000 records instead of 100,000")
    args = parser.parse_args(argv)
    count = 2_000 if args.quick else 100_000
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        small, large = _dataset(work / "small", count // 10), _dataset(work / "large", count)
        size_mb = (large / "exercises.jsonl").stat().st_size / 1e6
        results = {}
        for name, command in _commands(large, work).items():
            small_run = _child(_commands(small, work)[name])
            results[name] = (_child(command), small_run)
    baseline_seconds = results["json.loads (baseline)"][0][0]
    table = Table(title=f"bench/export.py: {count:,} records ({size_mb:.0f} MB of JSON Lines)")
    columns = ("contender", "records/s", "x baseline time", "peak RSS",
               f"peak RSS at {count // 10:,}", "growth / 1,000 records")  # fmt: skip
    for column in columns:
        table.add_column(column, justify="right" if column != "contender" else "left")
    for name, ((seconds, rss), (_small_seconds, small_rss)) in results.items():
        table.add_row(
            name,
            f"{count / seconds:,.0f}",
            f"{seconds / baseline_seconds:.1f}x",
            f"{rss:.0f} MB",
            f"{small_rss:.0f} MB",
            f"{(rss - small_rss) / (count * 0.9 / 1000):.2f} MB",
        )
    Console(width=140).print(table)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
