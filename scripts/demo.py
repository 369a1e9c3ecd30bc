"""``make demo``: serve the bundled sample site on 127.0.0.1 and crawl it into ``output/``.

The crawl goes through the real HTTP stack (robots.txt with its Disallow rule and
Crawl-delay, the sitemap index with a gzipped sitemap, per-host rate limit, retries) and
starts over each time (``--no-resume`` semantics). Then a second crawl starts from the home
page alone with ``--follow`` (no sitemap) into ``output/follow/``: it discovers the listings by
muscle, their pages and every exercise in en/fr/de by following links. The server stops when
the crawls end.
"""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from extractor.cli._progress import make_reporter, summary_table
from extractor.crawling._crawl import Crawler, CrawlSummary
from extractor.crawling._settings import CrawlSettings
from extractor.testing._localsite import LocalSite

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "fixtures" / "site"
OUTPUT = ROOT / "output"
#: Pages whose Videos and Programs a script loads from a JSON endpoint after a delay.
RENDERED_PAGES = ["/en/exercise/e1a2b3-bird-dog", "/de/exercise/b0a7f1-kaeferhaltung"]


def main() -> int:
    """Serve, crawl, print the summary and what was extracted; return the exit code."""
    console = Console()
    with LocalSite(SITE) as site:
        console.print(f"Serving [bold]{SITE.relative_to(ROOT)}[/] at {site.origin}")
        settings = CrawlSettings(
            output=OUTPUT,
            concurrency=4,
            rate=20,  # polite per host; robots.txt's Crawl-delay (0.05 s) agrees
            max_retries=2,
            timeout=5,
            backoff_initial=0.1,
            resume=False,  # a demo starts over
            output_format="json",
            render="auto",  # pages whose Videos/Programs are still "Loading..." get a browser
            render_timeout=5,
        )
        crawler = Crawler(settings, reporter=make_reporter("text", sys.stdout))
        rendered_pages = [site.url(path) for path in RENDERED_PAGES]
        summary = asyncio.run(
            crawler.run(rendered_pages, sitemaps=[site.url("/sitemap_index.xml")])
        )
        console.print(
            f"The server saw {len(site.requests)} requests, at most {site.peak_in_flight} at once"
        )
        _show_dataset(console)
        followed = _follow_links(console, site)
    return 130 if summary.interrupted or followed.interrupted else 0


def _follow_links(console: Console, site: LocalSite) -> CrawlSummary:
    """``extractor crawl http://127.0.0.1:PORT/ --follow``: discovery from the home page."""
    output = OUTPUT / "follow"
    console.rule(
        f"Following links from {site.url('/')} (no sitemap) into {output.relative_to(ROOT)}"
    )
    site.reset()
    settings = CrawlSettings(
        output=output,
        concurrency=4,
        rate=20,
        max_retries=2,
        timeout=5,
        backoff_initial=0.1,
        resume=False,
        follow=True,
    )
    crawler = Crawler(settings, reporter=make_reporter("text", sys.stdout))
    summary = asyncio.run(crawler.run([site.url("/")]))
    console.print(f"The server saw {len(site.requests)} requests")
    console.print(summary_table(summary))
    records = [json.loads(line) for line in _lines(output / "exercises.jsonl")]
    table = Table(title=f"{output.relative_to(ROOT)}/exercises.jsonl", title_justify="left")
    for column in ("source_id", "lang", "name", "url path", "alternates"):
        table.add_column(column)
    for record in sorted(records, key=lambda r: (r["source_id"], r["language"])):
        path = record["url"].removeprefix(site.origin)
        table.add_row(
            record["source_id"],
            record["language"],
            record["name"],
            path,
            ", ".join(sorted(record["alternates"])),
        )
    console.print(table)
    hubs = [json.loads(line) for line in _lines(output / "pages.jsonl")]
    console.print(f"{len(hubs)} hubs in {output.relative_to(ROOT)}/pages.jsonl, e.g.:")
    for hub in hubs[:4]:
        where = hub["url"].removeprefix(site.origin)
        console.print(
            f"  {escape(where)} depth {hub['depth']}: {hub['links_found']} links found, "
            f"{hub['links_queued']} queued ({escape(hub['kind'])})"
        )
    return summary


def _show_dataset(console: Console) -> None:
    records = [json.loads(line) for line in _lines(OUTPUT / "exercises.jsonl")]
    table = Table(title=f"{OUTPUT.relative_to(ROOT)}/exercises.jsonl", title_justify="left")
    for column in ("source_id", "lang", "name", "instr.", "faq", "unloaded"):
        table.add_column(column)
    for record in sorted(records, key=lambda r: (r["language"] or "", r["name"])):
        table.add_row(
            record["source_id"],
            record["language"],
            record["name"],
            str(len(record["instructions"])),
            str(len(record["faq"])),
            ", ".join(record["unloaded_sections"]),
        )
    console.print(table)
    _show_rendered(console, records)
    for line in _lines(OUTPUT / "failures.jsonl"):
        failure = json.loads(line)
        what = f"{failure['url']} [{failure['stage']}/{failure['error_type']}] {failure['reason']}"
        console.print(f"[red]failure[/] {escape(what)}")
    # Dot files (the writer's .lock) are not part of the dataset.
    names = sorted(p.name for p in OUTPUT.iterdir() if p.is_file() and not p.name.startswith("."))
    console.print(f"Files: {', '.join(names)}")


def _show_rendered(console: Console, records: list[dict[str, Any]]) -> None:
    """The records read from a page rendered in the headless browser: what loaded."""
    table = Table(title="rendered in a headless browser", title_justify="left")
    for column in ("source_id", "name", "videos", "programs", "still loading"):
        table.add_column(column)
    for record in sorted((r for r in records if r.get("rendered")), key=lambda r: r["name"]):
        table.add_row(
            record["source_id"],
            record["name"],
            "\n".join(video["url"] for video in record["videos"]) or "-",
            "\n".join(program["name"] for program in record["programs"]) or "-",
            ", ".join(record["unloaded_sections"]) or "-",
        )
    console.print(table)


def _lines(path: Path) -> list[str]:
    if not path.exists():
        return []
    return path.read_text(encoding="utf-8").splitlines()


if __name__ == "__main__":
    sys.exit(main())
