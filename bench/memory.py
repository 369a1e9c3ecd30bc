"""Peak memory of a large crawl (a benchmark, not a test).

A local server (a child process) answers every ``/exercise/`` URL at once with a small valid
exercise page generated from the URL. The crawl runs ``extractor crawl --urls FILE`` in a
child process (so the figure is the crawler's own, not this script's or the server's), with
no rate limit and high concurrency; its peak RSS comes from ``os.wait4``'s ``ru_maxrss``.

Two crawls in the same run: a small baseline (1,000 URLs) and the big one (20,000 URLs).
Streaming the frontier and the output means the peak hardly grows with the number of URLs;
the target is a peak under 300 MB for 20,000 URLs. ``--quick`` uses 500 and 5,000 URLs.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from _crawl_child import crawl_child
from rich.console import Console
from rich.table import Table

from extractor.testing._localsite import serve_in_subprocess

TARGET_MB = 300
CONCURRENCY = 64


def _crawl_child(origin: str, count: int, work: Path) -> tuple[float, float, int]:
    """Crawl ``count`` generated pages in a child process: (peak RSS MB, seconds, records)."""
    url_file = work / f"urls-{count}.txt"
    with url_file.open("w", encoding="utf-8") as handle:
        for n in range(count):
            handle.write(f"{origin}/en/exercise/{n:06x}-generated-page\n")
    output = work / f"out-{count}"
    peak_mb, elapsed, manifest = crawl_child(
        ["--urls", str(url_file)],
        output=output,
        concurrency=CONCURRENCY,
        what=f"the crawl of {count} URLs",
    )
    return peak_mb, elapsed, int(manifest["counts"]["records"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="500 and 5,000 URLs")
    args = parser.parse_args(argv)
    small, big = (500, 5_000) if args.quick else (1_000, 20_000)
    console = Console()
    results: dict[int, tuple[float, float, int]] = {}
    with tempfile.TemporaryDirectory() as scratch, serve_in_subprocess(generate=True) as origin:
        for count in (small, big):
            console.print(f"crawling {count:,} URLs ...")
            results[count] = _crawl_child(origin, count, Path(scratch))

    table = Table(title=f"bench/memory.py ({'quick' if args.quick else 'full'})")
    for column in ("URLs", "records", "time", "pages/s", "peak RSS", "target", "result"):
        table.add_column(column, justify="right")
    ok = True
    for count, (peak_mb, elapsed, records) in results.items():
        passed = peak_mb < TARGET_MB and records == count
        ok = ok and passed
        table.add_row(
            f"{count:,}",
            f"{records:,}",
            f"{elapsed:.1f} s",
            f"{records / elapsed:.0f}",
            f"{peak_mb:.0f} MB",
            f"< {TARGET_MB} MB",
            "PASS" if passed else "[red]FAIL",
        )
    console.print(table)
    growth = results[big][0] - results[small][0]
    console.print(
        f"peak RSS grows by {growth:.1f} MB from {small:,} to {big:,} URLs "
        f"({growth / (big - small) * 1000:.2f} MB per 1,000 URLs: the de-duplication set)"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
