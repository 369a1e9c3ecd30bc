"""Regenerate the expected JSON of the golden fixtures, for review.

Prints a unified diff between each stored expected record and what the parser
now produces. Writes nothing unless ``--write`` is given; never overwrites silently.
Only ``fixtures/pages`` is regenerated (``not_exercise`` expectations are written by hand).
For a new page, first write ``{"url": "..."}`` (or ``{"url": null}``) as its JSON, then
review the diff and rerun with ``--write``.

    python scripts/regen_fixtures.py [--write] [--pages DIR] [NAME ...]
"""

from __future__ import annotations

import argparse
import difflib
import hashlib
import json
import sys
from pathlib import Path
from typing import Any

from extractor import ExtractionError, parse_page

PAGES = Path(__file__).resolve().parent.parent / "fixtures" / "pages"


def render(record: dict[str, Any]) -> str:
    """The fixture format: model field order, 2-space indent, UTF-8, trailing newline."""
    return json.dumps(record, indent=2, ensure_ascii=False) + "\n"


def regenerate(page: Path) -> tuple[str, str, bool]:
    """(current expected text, regenerated text, whether the page parsed) for one fixture."""
    expected_path = page.with_suffix(".json")
    current = expected_path.read_text(encoding="utf-8") if expected_path.exists() else ""
    url = json.loads(current)["url"] if current else None
    meta = page.with_name(page.stem + ".meta.json")
    content_type = (
        json.loads(meta.read_text(encoding="utf-8")).get("content_type") if meta.exists() else None
    )
    content = page.read_bytes()
    try:
        record = parse_page(content, url=url, content_type=content_type).model_dump(mode="json")
        parsed = True
    except ExtractionError as exc:
        parsed = False
        record = {
            "error": type(exc).__name__,
            "message": str(exc),
            "sha256": hashlib.sha256(content).hexdigest(),
        }
    return current, render(record), parsed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("names", nargs="*", help="fixture names (file stems); default: all")
    parser.add_argument("--write", action="store_true", help="write the regenerated JSON")
    parser.add_argument("--pages", type=Path, default=PAGES, help="fixture folder")
    args = parser.parse_args(argv)
    pages = sorted(p for p in args.pages.iterdir() if p.is_file() and p.suffix != ".json")
    if args.names:
        pages = [p for p in pages if p.stem in set(args.names)]
    changed = 0
    for page in pages:
        current, fresh, parsed = regenerate(page)
        if current == fresh:
            continue
        changed += 1
        name = page.with_suffix(".json").name
        sys.stdout.writelines(
            difflib.unified_diff(
                current.splitlines(keepends=True),
                fresh.splitlines(keepends=True),
                f"a/{name}",
                f"b/{name}",
            )
        )
        if args.write:
            if not parsed:
                print(f"# {name}: not written, the page no longer parses", file=sys.stderr)
                continue
            page.with_suffix(".json").write_text(fresh, encoding="utf-8")
    verb = "written" if args.write else "differ (use --write to update)"
    print(f"# {changed} of {len(pages)} fixture(s) {verb}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
