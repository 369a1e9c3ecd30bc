"""``extractor crawl`` in a child process, measured from outside (for bench/memory.py and
bench/discover.py): the child's own peak RSS, from ``os.wait4`` (the kernel's count, no
sampling), its wall time, and the manifest it wrote."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any


def crawl_child(
    arguments: list[str], *, output: Path, concurrency: int, what: str
) -> tuple[float, float, dict[str, Any]]:
    """Run ``extractor crawl ARGUMENTS`` (no rate limit, no resume, JSON log) into ``output``:
    (peak RSS in MB, seconds, manifest). Exits the benchmark, naming ``what``, if it fails."""
    command = [sys.executable, "-m", "extractor", "crawl", *arguments, "--output", str(output)]
    command += ["--concurrency", str(concurrency), "--rate", "none", "--no-resume"]
    command += ["--log-format", "json"]
    start = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        raise SystemExit(f"{what} exited with {code}")
    manifest: dict[str, Any] = json.loads((output / "manifest.json").read_text(encoding="utf-8"))
    return usage.ru_maxrss / 1024, elapsed, manifest  # Linux reports kilobytes
