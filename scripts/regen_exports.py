"""Regenerate the golden exports of the fixture dataset (tests/export/golden), for review.

The fixture dataset is ``extractor parse fixtures/pages`` plus the crafted records of
``tests/export_support.py``; each format's export of it is compared with the stored files.
Prints a unified diff; writes nothing unless ``--write`` is given. Check every diff by hand:
a parser change that fills a field changes the exports too.

    python scripts/regen_exports.py [--write]
"""

from __future__ import annotations

import argparse
import difflib
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from export_support import GOLDEN, fixture_dataset, golden_outputs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--write", action="store_true", help="write the new golden files")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as work:
        outputs = golden_outputs(fixture_dataset(Path(work) / "dataset"), Path(work))
    stored = {str(p.relative_to(GOLDEN)): p for p in GOLDEN.rglob("*") if p.is_file()}
    changed = 0
    for name in sorted(set(outputs) | set(stored)):
        old = stored[name].read_text("utf-8") if name in stored else ""
        new = outputs.get(name, "")
        if old != new:
            changed += 1
            sys.stdout.writelines(
                difflib.unified_diff(
                    old.splitlines(keepends=True), new.splitlines(keepends=True), name, name
                )
            )
    if args.write:
        for name in stored:
            if name not in outputs:
                stored[name].unlink()
        for name, text in outputs.items():
            (GOLDEN / name).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / name).write_text(text, "utf-8")
    print(f"{changed} golden file(s) differ" + (" (written)" if args.write and changed else ""))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
