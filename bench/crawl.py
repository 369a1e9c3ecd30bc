"""Crawl throughput and rate-limit accuracy against a local server (a benchmark, not a test).

1. Throughput: a server answering every page after 50 ms, 500 pages, ``--concurrency 16``,
   no rate limit. The ideal time is pages x latency / concurrency (the latency alone, perfectly
   overlapped); efficiency = ideal / measured. Target: at least 80 %.
2. Rate: the same server, ``--rate 20``. The achieved rate, measured from the server's own
   arrival times, must be within 5 % of 20/s, and no window of one second may hold more than
   20 requests (a 50 ms allowance covers the jitter between sending and arrival).

The server runs in a child process so its CPU time is not the crawler's. ``--quick`` runs a
shorter rate crawl (60 requests instead of 200: about 3 s instead of 10 s).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

from extractor.crawling._crawl import Crawler
from extractor.crawling._settings import CrawlSettings
from extractor.testing._localsite import max_in_window, serve_in_subprocess

LATENCY = 0.05
CONCURRENCY = 16
RATE = 20.0
JITTER = 0.05


def _urls(origin: str, count: int, offset: int = 0) -> list[str]:
    return [f"{origin}/en/exercise/{n:06x}-bench-page" for n in range(offset, offset + count)]


def _crawl(urls: list[str], output: Path, *, rate: float | None) -> tuple[float, int]:
    settings = CrawlSettings(
        output=output, concurrency=CONCURRENCY, rate=rate, resume=False, timeout=10
    )
    crawler = Crawler(settings, handle_signals=False)
    start = time.perf_counter()
    summary = asyncio.run(crawler.run(urls))
    elapsed = time.perf_counter() - start
    if summary.records != len(urls):
        raise SystemExit(f"expected {len(urls)} records, got {summary.records}: {summary}")
    return elapsed, summary.records


def _arrivals(log: Path) -> list[float]:
    return [json.loads(line)["started"] for line in log.read_text(encoding="utf-8").splitlines()]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="a shorter rate measurement")
    args = parser.parse_args(argv)
    pages = 500  # the throughput crawl takes two seconds: --quick keeps it at full size
    rate_pages = 60 if args.quick else 200
    console = Console()
    rows: list[tuple[str, str, str, bool]] = []

    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        # 1. Throughput, unlimited rate.
        with serve_in_subprocess(latency=LATENCY, generate=True) as origin:
            _crawl(_urls(origin, 20, offset=10**6), work / "warmup", rate=None)  # imports, pools
            elapsed, records = _crawl(_urls(origin, pages), work / "throughput", rate=None)
        ideal = pages * LATENCY / CONCURRENCY
        efficiency = ideal / elapsed
        rows.append((f"pages/s ({pages} pages, no limit)", f"{records / elapsed:.1f}", "-", True))
        rows.append(
            (
                f"efficiency ({ideal:.2f} s ideal / {elapsed:.2f} s)",
                f"{efficiency:.0%}",
                ">= 80%",
                efficiency >= 0.80,
            )
        )

        # 2. Rate limit, measured by the server.
        log = work / "requests.jsonl"
        with serve_in_subprocess(latency=LATENCY, generate=True, log=log) as origin:
            _crawl(_urls(origin, rate_pages), work / "rate", rate=RATE)
        arrivals = sorted(_arrivals(log))
        achieved = (len(arrivals) - 1) / (arrivals[-1] - arrivals[0])
        worst = max_in_window(arrivals, 1.0 - JITTER)
        deviation = abs(achieved - RATE) / RATE
        rows.append(
            (
                f"rate --rate 20 ({len(arrivals)} req.)",
                f"{achieved:.2f}/s ({deviation:.1%} off)",
                "20/s +- 5%",
                deviation <= 0.05,
            )
        )
        rows.append(
            (
                "max requests in any 1 s",
                str(worst),
                "<= 20",
                worst <= RATE,
            )
        )

    table = Table(title=f"bench/crawl.py ({'quick' if args.quick else 'full'})")
    for column in ("measure", "value", "target", "result"):
        table.add_column(column)
    for measure, value, target, passed in rows:
        table.add_row(measure, value, target, "PASS" if passed else "[red]FAIL")
    console.print(table)
    return 0 if all(passed for *_, passed in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
