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
