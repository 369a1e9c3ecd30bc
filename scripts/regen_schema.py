"""Write the committed JSON Schema of the current record shape, or show how it differs.

    python scripts/regen_schema.py [--write]

The file is ``extractor/schemas/exercise-<SCHEMA_VERSION>.schema.json``; files of older
versions are never touched (datasets written then are still validated against them).
tests/test_schema_file.py fails while the committed file and the model disagree.
"""

from __future__ import annotations

import argparse
import difflib
import sys
from pathlib import Path

from extractor import SCHEMA_VERSION
from extractor.dataset import render_schema

TARGET = (
    Path(__file__).resolve().parent.parent
    / "extractor"
    / "schemas"
    / f"exercise-{SCHEMA_VERSION}.schema.json"
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="write the file")
    args = parser.parse_args()
    new = render_schema()
    old = TARGET.read_text(encoding="utf-8") if TARGET.exists() else ""
    if old == new:
        print(f"{TARGET.name}: up to date")
        return 0
    sys.stdout.writelines(
        difflib.unified_diff(old.splitlines(True), new.splitlines(True), "committed", "model")
    )
    if args.write:
        TARGET.write_text(new, encoding="utf-8")
        print(f"wrote {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
