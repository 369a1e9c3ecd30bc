"""bench/export.py runs and prints its table (a smoke run: figures are never asserted here)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench" / "export.py"


@pytest.mark.slow
def test_export_bench_quick_run_prints_the_table() -> None:
    result = subprocess.run(
        [sys.executable, str(BENCH), "--quick"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    for label in ("json.loads (baseline)", "export --to parquet", "export --to sql", "peak RSS"):
        assert label in result.stdout
