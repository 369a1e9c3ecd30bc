"""bench/extract.py runs and prints its figures (a smoke run: timings are never asserted)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench" / "extract.py"


@pytest.mark.slow
def test_extract_bench_quick_run_prints_its_figures() -> None:
    result = subprocess.run(
        [sys.executable, str(BENCH), "--quick"],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    for label in ("extract --workers 1", "extract --workers 2", "trafilatura", "peak RSS"):
        assert label in result.stdout
    assert "120 pages" in result.stdout
    assert any(word in result.stdout for word in ("PASS", "FAIL"))
