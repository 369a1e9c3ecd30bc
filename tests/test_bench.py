"""bench/parse.py runs and prints its table (a smoke run: timings are never asserted here)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent.parent / "bench" / "parse.py"


def test_parse_bench_quick_run_prints_the_table() -> None:
    result = subprocess.run(
        [sys.executable, str(BENCH), "--quick"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    for label in ("parse_page", "lxml (bare parse)", "trafilatura.extract", "16x page time"):
        assert label in result.stdout
    assert any(word in result.stdout for word in ("PASS", "FAIL"))


CRAWL_VS_SCRAPY = BENCH.parent / "crawl_vs_scrapy.py"


def test_crawl_vs_scrapy_quick_run_prints_the_table() -> None:
    """Both crawlers crawl every page of the bench site; the figures are not asserted."""
    result = subprocess.run(
        [sys.executable, str(CRAWL_VS_SCRAPY), "--quick"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "crawl_vs_scrapy.py (quick: 300 pages)" in result.stdout
    rows = [line for line in result.stdout.splitlines() if line.startswith("│")]
    assert [row.split("│")[1].strip() for row in rows] == ["8", "64"]
    for row in rows:
        assert "pages:" not in row  # every page crawled by both sides
        assert "PASS" in row or "FAIL" in row
    assert "ms of CPU each" in result.stdout  # the site's own cost
