"""Our crawl against Scrapy's SitemapSpider on the same loopback site (a benchmark, not a test).

The site (``bench/_site.py``, a child process): 2,000 exercise pages of about 100 KB, every
answer 50 ms after its request, a sitemap listing every page. Each crawler runs in a child
process of its own, from the sitemap to the last page, at concurrency 8, 16, 32 and 64, ours
and Scrapy's taking turns at each level so both meet the same machine load:

- ours: ``Crawler`` with ``--rate none``, parsing every page into a record and writing the
  dataset (the default ``--parse-workers`` where the version has it);
- Scrapy: a ``SitemapSpider`` whose callback only counts the page (no parsing), with
  ``CONCURRENT_REQUESTS`` and ``CONCURRENT_REQUESTS_PER_DOMAIN`` set to the level, no delay,
  no AutoThrottle, robots.txt obeyed (as ours does).

Both figures are timed inside the child, from the start of the crawl to its end (Scrapy:
``elapsed_time_seconds`` from its stats; ours: ``Crawler.run``), so interpreter start-up is
not counted for either. Targets: ours at least as fast as Scrapy at every level; at 16,
efficiency (ideal = pages x latency / concurrency, over measured) at least 85%. The server's
own CPU per request is printed, to show it is far from being what either side measures.

``--quick``: 300 pages at 8 and 64 only (a smoke run; its figures are not the targets').
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

HERE = Path(__file__).resolve().parent
LATENCY = 0.05
EFFICIENCY_AT = 16
EFFICIENCY_TARGET = 0.85


@contextmanager
def _site(pages: int) -> Iterator[tuple[str, dict[str, float]]]:
    """The bench site in a child process: its origin, and (after the block) its own figures."""
    command = [sys.executable, str(HERE / "_site.py"), "--pages", str(pages)]
    command += ["--latency", str(LATENCY)]
    child = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    figures: dict[str, float] = {}
    try:
        assert child.stdout is not None
        assert child.stdin is not None
        origin = child.stdout.readline().strip()
        if not origin.startswith("http://"):
            raise SystemExit(f"the bench site did not start (said {origin!r})")
        yield origin, figures
        child.stdin.close()
        figures.update(json.loads(child.stdout.readline()))
    finally:
        if child.poll() is None:
            child.kill()
        child.wait()


def _run_child(kind: str, origin: str, concurrency: int, work: Path) -> dict[str, float]:
    command = [sys.executable, str(Path(__file__).resolve()), "--child", kind, "--origin", origin]
    command += ["--concurrency", str(concurrency), "--work", str(work)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)
    if result.returncode != 0:
        raise SystemExit(f"{kind} at {concurrency} failed:\n{result.stdout}\n{result.stderr}")
    figures: dict[str, float] = json.loads(result.stdout.strip().splitlines()[-1])
    return figures


# -- the children ----------------------------------------------------------------------------


def _ours(origin: str, concurrency: int, work: Path) -> dict[str, float]:
    import asyncio

    from extractor.crawling._crawl import Crawler
    from extractor.crawling._settings import CrawlSettings

    settings = CrawlSettings(
        output=work / f"ours-{concurrency}", concurrency=concurrency, rate=None, resume=False
    )
    crawler = Crawler(settings, handle_signals=False)
    start = time.perf_counter()
    summary = asyncio.run(crawler.run([], sitemaps=[origin + "/sitemap.xml"]))
    elapsed = time.perf_counter() - start
    return {"pages": summary.records, "failures": summary.failures, "seconds": elapsed}


def _scrapy(origin: str, concurrency: int) -> dict[str, float]:
    from scrapy.crawler import CrawlerProcess
    from scrapy.spiders import SitemapSpider

    class BenchSpider(SitemapSpider):  # type: ignore[misc]
        name = "bench"
        sitemap_rules = [("/exercise/", "parse")]  # noqa: RUF012 (Scrapy's own attribute)

        def parse(self, response: object) -> None:
            self.crawler.stats.inc_value("bench/pages")

    process = CrawlerProcess(
        settings={
            "CONCURRENT_REQUESTS": concurrency,
            "CONCURRENT_REQUESTS_PER_DOMAIN": concurrency,
            "DOWNLOAD_DELAY": 0,
            "RANDOMIZE_DOWNLOAD_DELAY": False,
            "AUTOTHROTTLE_ENABLED": False,
            "ROBOTSTXT_OBEY": True,
            "LOG_LEVEL": "ERROR",
            "TELNETCONSOLE_ENABLED": False,
        }
    )
    crawler = process.create_crawler(BenchSpider)
    process.crawl(crawler, sitemap_urls=[origin + "/sitemap.xml"])
    process.start()
    stats = crawler.stats.get_stats()
    return {
        "pages": stats.get("bench/pages", 0),
        "failures": stats.get("downloader/exception_count", 0),
        "seconds": stats["elapsed_time_seconds"],
    }


# -- the table ---------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="300 pages at 8 and 64 (smoke run)")
    parser.add_argument("--child", choices=("ours", "scrapy"), help=argparse.SUPPRESS)
    parser.add_argument("--origin", help=argparse.SUPPRESS)
    parser.add_argument("--concurrency", type=int, default=16, help=argparse.SUPPRESS)
    parser.add_argument("--work", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child == "ours":
        print(json.dumps(_ours(args.origin, args.concurrency, args.work)))
        return 0
    if args.child == "scrapy":
        print(json.dumps(_scrapy(args.origin, args.concurrency)))
        return 0
    return _bench(quick=args.quick)


def _bench(*, quick: bool) -> int:
    from rich.console import Console
    from rich.table import Table

    pages, levels = (300, (8, 64)) if quick else (2000, (8, 16, 32, 64))
    rows = []
    with tempfile.TemporaryDirectory() as scratch, _site(pages) as (origin, site):
        work = Path(scratch)
        for concurrency in levels:
            ours = _run_child("ours", origin, concurrency, work)
            scrapy = _run_child("scrapy", origin, concurrency, work)
            rows.append((concurrency, ours, scrapy))
    console = Console(width=100)
    table = Table(title=f"bench/crawl_vs_scrapy.py ({'quick' if quick else 'full'}: {pages} pages)")
    for column in ("concurrency", "ours pages/s", "Scrapy pages/s", "ours / Scrapy", "efficiency"):
        table.add_column(column, justify="right")
    table.add_column("result")
    ok = True
    for concurrency, ours, scrapy in rows:
        complete = ours["pages"] == pages and scrapy["pages"] == pages
        ours_rate = ours["pages"] / ours["seconds"]
        scrapy_rate = scrapy["pages"] / scrapy["seconds"]
        ratio = ours_rate / scrapy_rate
        efficiency = pages * LATENCY / concurrency / ours["seconds"]
        passed = complete and ratio >= 1.0
        if concurrency == EFFICIENCY_AT:
            passed = passed and efficiency >= EFFICIENCY_TARGET
        # A quick run is a smoke run: only a page not crawled fails it, never a figure.
        ok = ok and (complete if quick else passed)
        verdict = "PASS" if passed else "[red]FAIL"
        if not complete:
            verdict += f" (pages: ours {ours['pages']}, Scrapy {scrapy['pages']})"
        table.add_row(
            str(concurrency),
            f"{ours_rate:.0f}",
            f"{scrapy_rate:.0f}",
            f"{ratio:.2f}x",
            f"{efficiency:.0%}",
            verdict,
        )
    console.print(table)
    requests = site.get("requests", 0) or 1
    console.print(
        f"targets: ours / Scrapy >= 1.00x at every level; efficiency at {EFFICIENCY_AT} "
        f">= {EFFICIENCY_TARGET:.0%} (ideal = pages x {LATENCY * 1000:.0f} ms / concurrency)"
    )
    console.print(
        f"the site: {int(requests)} requests, {site.get('cpu_seconds', 0) / requests * 1000:.3f} "
        f"ms of CPU each (a capacity of ~{requests / max(site.get('cpu_seconds', 0), 1e-9):.0f} "
        "requests/s on one core)"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
