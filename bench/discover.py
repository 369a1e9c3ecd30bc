"""Discovery by following links (a benchmark, not a test).

1. **Following links vs a sitemap, same site.** A local server (a child process, 50 ms per
   answer) serves a generated site: a home page, numbered listing pages of 100 exercises each
   (every listing page links to all of them, as "1 2 3 ... Next" pagination does, and to the
   next with ``rel="next"``), the exercise pages, and a sitemap listing the same exercise
   pages. The same crawler crawls it from the sitemap, then from the home page alone with
   ``follow=True`` (the home page and the listings are fetched too, as hubs), in five
   interleaved rounds (the median of their ratios is the figure); concurrency 16, no rate
   limit. Target: following links takes at most 10% longer.
2. **Frontier memory.** ``extractor crawl ORIGIN/ --follow`` in a child process against a link
   farm: a home page, hub pages of 1,000 links each; ``--max-pages`` lets it fetch the home
   page and the hubs, so it *discovers* N URLs (kept in ``DIR/frontier.sqlite``) without
   fetching them. Peak RSS (``os.wait4``) of a 10,000-URL baseline and of 1,000,000 URLs, in
   the same run. Target: under 300 MB at 1,000,000 URLs.

``--quick``: 500 pages in one round; 10,000 vs 100,000 URLs.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

from _crawl_child import crawl_child
from rich.console import Console
from rich.table import Table

from extractor.crawling._crawl import Crawler
from extractor.crawling._settings import CrawlSettings
from extractor.testing._localsite import serve_in_subprocess

LATENCY = 0.05
CONCURRENCY = 16
PER_PAGE = 100
TIME_TARGET = 1.10
MEMORY_TARGET_MB = 300
LINKS_PER_HUB = 1_000


def _crawl(output: Path, origin: str, *, follow: bool, pages: int) -> float:
    settings = CrawlSettings(
        output=output, concurrency=CONCURRENCY, rate=None, resume=False, timeout=10, follow=follow
    )
    crawler = Crawler(settings, handle_signals=False)
    start = time.perf_counter()
    if follow:
        summary = asyncio.run(crawler.run([f"{origin}/"]))
    else:
        summary = asyncio.run(crawler.run(sitemaps=[f"{origin}/sitemap.xml"]))
    elapsed = time.perf_counter() - start
    if summary.records != pages:
        raise SystemExit(
            f"expected {pages} records ({'follow' if follow else 'sitemap'}): {summary}"
        )
    return elapsed


def _follow_vs_sitemap(console: Console, pages: int, rounds: int, work: Path) -> bool:
    times: dict[str, list[float]] = {"sitemap": [], "follow": []}
    with serve_in_subprocess(latency=LATENCY, site=f"listing:{pages},{PER_PAGE}") as origin:
        for number in range(rounds):
            for mode in ("sitemap", "follow"):
                output = work / f"{mode}-{number}"
                times[mode].append(_crawl(output, origin, follow=mode == "follow", pages=pages))
    listings = -(-pages // PER_PAGE)
    table = Table(title=f"following links vs a sitemap: {pages:,} exercise pages, {rounds} rounds")
    for column in ("crawl", "pages fetched", "median time", "range", "pages/s"):
        table.add_column(column, justify="right")
    fetched = {"sitemap": pages + 1, "follow": pages + listings + 1}  # + sitemap / home, listings
    for mode, measured in times.items():
        median = statistics.median(measured)
        table.add_row(
            mode,
            f"{fetched[mode]:,}",
            f"{median:.2f} s",
            f"{min(measured):.2f}-{max(measured):.2f} s",
            f"{fetched[mode] / median:.0f}",
        )
    console.print(table)
    ratios = [f / s for f, s in zip(times["follow"], times["sitemap"], strict=True)]
    ratio = statistics.median(ratios)
    passed = ratio <= TIME_TARGET
    of_medians = statistics.median(times["follow"]) / statistics.median(times["sitemap"])
    console.print(f"median follow time / median sitemap time: {of_medians:.3f}x")
    console.print(
        f"follow / sitemap time: {ratio:.3f}x (median of the rounds' ratios "
        f"{', '.join(f'{r:.3f}' for r in ratios)}); target <= {TIME_TARGET:.2f}x: "
        f"{'PASS' if passed else 'FAIL'}"
    )
    return passed


def _discover_child(origin: str, hubs: int, work: Path) -> tuple[float, float, int, int]:
    """(peak RSS MB, seconds, URLs discovered, frontier bytes) of a link-farm crawl."""
    output = work / f"farm-{hubs}"
    arguments = [f"{origin}/", "--follow", "--max-pages", str(hubs + 1)]
    # The farm's hubs share one URL pattern and never give a record: exactly what the trap
    # budget cuts after 500 pages. Here the frontier's size is measured, so it is lifted.
    arguments += ["--max-per-pattern", str(hubs + 1)]
    peak_mb, elapsed, manifest = crawl_child(
        arguments,
        output=output,
        concurrency=CONCURRENCY,
        what=f"the link-farm crawl of {hubs} hubs",
    )
    discovered = int(manifest["discovery"]["discovered_total"])
    fetched = int(manifest["counts"]["pages"]) + int(manifest["counts"]["failures"])
    if fetched != hubs + 1:
        raise SystemExit(f"expected {hubs + 1} pages fetched: {manifest['counts']}")
    size = sum(f.stat().st_size for f in output.glob("frontier.sqlite*"))
    return peak_mb, elapsed, discovered, size


def _frontier_memory(console: Console, hub_counts: tuple[int, int], work: Path) -> bool:
    results = {}
    for hubs in hub_counts:
        with serve_in_subprocess(site=f"farm:{hubs},{LINKS_PER_HUB}") as origin:
            console.print(f"discovering {hubs * LINKS_PER_HUB:,} URLs ...")
            results[hubs] = _discover_child(origin, hubs, work)
    table = Table(title="frontier memory: URLs discovered (on disk), not fetched")
    for column in ("URLs discovered", "pages fetched", "time", "frontier on disk", "peak RSS"):
        table.add_column(column, justify="right")
    for hubs, (peak, elapsed, discovered, size) in results.items():
        table.add_row(
            f"{discovered:,}",
            f"{hubs + 1:,}",
            f"{elapsed:.1f} s",
            f"{size / 1e6:.0f} MB",
            f"{peak:.0f} MB",
        )
    console.print(table)
    small, big = (results[hubs] for hubs in hub_counts)
    passed = big[0] < MEMORY_TARGET_MB and big[2] >= hub_counts[1] * LINKS_PER_HUB
    console.print(
        f"peak RSS at {big[2]:,} URLs / at {small[2]:,} URLs: {big[0] / small[0]:.2f}x; "
        f"{big[0]:.0f} MB, target < {MEMORY_TARGET_MB} MB: {'PASS' if passed else 'FAIL'}"
    )
    return passed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="smaller sites, one round")
    args = parser.parse_args(argv)
    # Five rounds: on a shared two-core machine one crawl of 8 s varies by 20% from round to
    # round (other tenants), far more than the 10% measured here; the median of five holds.
    pages, rounds, hubs = (500, 1, (10, 100)) if args.quick else (2_000, 5, (10, 1_000))
    console = Console()
    with tempfile.TemporaryDirectory() as scratch:
        timed = _follow_vs_sitemap(console, pages, rounds, Path(scratch))
        memory = _frontier_memory(console, hubs, Path(scratch))
    return 0 if timed and memory else 1


if __name__ == "__main__":
    sys.exit(main())
