"""``extractor crawl``: a thin command-line layer over ``Crawler``.

Exit codes: 0 the run completed (failures are listed in ``failures.jsonl``), 1 fatal (the
output cannot be written, the URL list cannot be read), 2 usage error (bad regex, no URL and
no sitemap, a bad number), 130 interrupted by SIGINT or SIGTERM (the manifest is written and
marked ``"interrupted": true``; run the same command again to resume).
"""

from __future__ import annotations

import argparse
import asyncio
import io
import re
import sys
from collections.abc import Iterator
from functools import partial
from itertools import chain
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from .._exceptions import BrowserUnavailable, ExtractionError
from ..crawling import DEFAULT_USER_AGENT, Crawler, CrawlSettings
from ..rendering import find_browser
from ._common import (
    EXIT_FATAL,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_USAGE,
    byte_size,
    is_http_url,
    positive_int,
    usage_error,
)
from ._progress import make_reporter

__all__ = [
    "EXIT_FATAL",
    "EXIT_INTERRUPTED",
    "EXIT_OK",
    "EXIT_USAGE",
    "add_render_arguments",
    "browser_problem",
    "register",
    "render_settings",
    "run_crawl",
]

_DEFAULTS = CrawlSettings()


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``crawl`` subcommand (its handler returns the exit code)."""
    parser = subparsers.add_parser(
        "crawl",
        help="crawl exercise pages politely into a resumable dataset",
        description="Fetch exercise pages (listed, from a file or stdin, or from sitemaps) and "
        "write DIR/exercises.jsonl, DIR/failures.jsonl and DIR/manifest.json. A second run on "
        "the same DIR resumes: pages already extracted are skipped, transient failures retried. "
        "Exit codes: 0 completed (failures listed), 1 fatal, 2 usage error, 130 interrupted.",
    )
    parser.add_argument("urls", nargs="*", metavar="URL", help="page URLs to crawl")
    parser.add_argument(
        "--urls",
        dest="urls_file",
        metavar="FILE",
        help="read page URLs from FILE, one per line ('-' = stdin; blank and # lines ignored)",
    )
    parser.add_argument(
        "--sitemap",
        dest="sitemaps",
        action="extend",
        nargs="+",
        default=[],
        metavar="URL",
        help="sitemap or sitemap index URLs (their hosts' robots.txt Sitemap: lines are added)",
    )
    parser.add_argument(
        "--output",
        "-o",
        type=Path,
        default=_DEFAULTS.output,
        metavar="DIR",
        help="default: output/",
    )
    parser.add_argument(
        "--concurrency",
        type=positive_int,
        default=_DEFAULTS.concurrency,
        metavar="N",
        help=f"requests in flight over all hosts (default {_DEFAULTS.concurrency})",
    )
    parser.add_argument(
        "--rate",
        type=_rate,
        default=_DEFAULTS.rate,
        metavar="R",
        help=f"requests per second per host; 0 or 'none' = unlimited (default {_DEFAULTS.rate:g})",
    )
    parser.add_argument(
        "--max-retries",
        type=_non_negative_int,
        default=_DEFAULTS.max_retries,
        metavar="N",
        help=f"retries of transient faults per URL (default {_DEFAULTS.max_retries})",
    )
    parser.add_argument(
        "--timeout",
        type=_positive_float,
        default=_DEFAULTS.timeout,
        metavar="S",
        help=f"seconds for one attempt, body included (default {_DEFAULTS.timeout:g})",
    )
    parser.add_argument(
        "--max-bytes",
        type=byte_size,
        default=_DEFAULTS.max_bytes,
        metavar="B",
        help="larger bodies are abandoned and listed as failures; accepts 512k, 10M (default 10M)",
    )
    parser.add_argument(
        "--user-agent", default=DEFAULT_USER_AGENT, metavar="UA", help="User-Agent header"
    )
    parser.add_argument(
        "--ignore-robots", action="store_true", help="do not fetch or obey robots.txt"
    )
    parser.add_argument(
        "--no-resume", action="store_true", help="start over: remove DIR's earlier dataset"
    )
    parser.add_argument(
        "--include",
        default=None,
        metavar="REGEX",
        help=f"URLs to crawl must match it (re.search; default {_DEFAULTS.include!r}); with "
        "--follow: pages that may become records (default: any page the parser accepts)",
    )
    _add_follow_arguments(parser)
    parser.add_argument(
        "--http-client",
        choices=("aiohttp", "httpx"),
        default=_DEFAULTS.http_client,
        help="the network under httpx's client: aiohttp (C-parsed HTTP, the fastest) or httpx's "
        f"own transport (httpcore and h11); the same responses and errors (default "
        f"{_DEFAULTS.http_client})",
    )
    parser.add_argument(
        "--parse-workers",
        type=_non_negative_int,
        default=_DEFAULTS.parse_workers,
        metavar="N",
        help="processes that parse pages, so fetching never waits for parsing; 0 = parse in "
        "this process (default: one per core, once the run is past its first 32 pages)",
    )
    parser.add_argument(
        "--format",
        choices=("jsonl", "json"),
        default="jsonl",
        help="json also writes DIR/exercises.json (one array) at the end",
    )
    parser.add_argument(
        "--since",
        type=Path,
        metavar="OLD",
        help="re-crawl: ask OLD's pages again with conditional requests (ETag/Last-Modified "
        "from OLD/fetches.jsonl); a 304 copies OLD's record, 404/410 lists it in removed.jsonl",
    )
    parser.add_argument(
        "--warc",
        action="store_true",
        help="archive every HTTP exchange as WARC records in DIR/warc/*.warc.gz (off by default)",
    )
    parser.add_argument(
        "--warc-max-bytes",
        type=byte_size,
        default=_DEFAULTS.warc_max_bytes,
        metavar="B",
        help="start a new WARC file before one grows past B; accepts 512M, 1G (default 1G)",
    )
    parser.add_argument(
        "--log-format",
        choices=("text", "json"),
        default="text",
        help="text: a progress bar on a terminal, else log lines; json: one object per line",
    )
    add_render_arguments(parser, modes=True)
    parser.set_defaults(handler=partial(run_crawl, parser=parser))


def add_render_arguments(parser: argparse.ArgumentParser, *, modes: bool) -> None:
    """The ``--render*`` and ``--browser`` options (``crawl``; ``render`` without modes)."""
    if modes:
        parser.add_argument(
            "--render",
            choices=("auto", "always", "never"),
            default="auto",
            help="render pages in a headless browser: auto = pages whose sections are still "
            "loading (or JavaScript shells), always = every HTML page, never (default auto)",
        )
    parser.add_argument(
        "--browser",
        metavar="PATH",
        help="the Chromium to render with (default: chromium, chromium-browser or "
        "google-chrome on PATH; no browser is ever downloaded)",
    )
    parser.add_argument(
        "--render-timeout",
        type=_positive_float,
        default=_DEFAULTS.render_timeout,
        metavar="S",
        help="seconds a rendered page may take to load its sections "
        f"(default {_DEFAULTS.render_timeout:g})",
    )
    parser.add_argument(
        "--render-concurrency",
        type=positive_int,
        default=_DEFAULTS.render_concurrency,
        metavar="N",
        help=f"pages open in the browser at once (default {_DEFAULTS.render_concurrency})",
    )
    parser.add_argument(
        "--render-allow-host",
        dest="render_allow_hosts",
        action="append",
        default=[],
        metavar="HOST",
        help="let rendered pages reach HOST (or HOST:PORT) too; repeatable (default: only "
        "the page's own host)",
    )


def render_settings(args: argparse.Namespace) -> dict[str, Any]:
    """The ``CrawlSettings`` fields of the ``--render*`` options."""
    return {
        "render": getattr(args, "render", "always"),
        "browser": args.browser,
        "render_timeout": args.render_timeout,
        "render_concurrency": args.render_concurrency,
        "render_allow_hosts": args.render_allow_hosts,
    }


def browser_problem(args: argparse.Namespace) -> str | None:
    """Why ``--render always`` (or ``extractor render``) cannot run: no browser; else None."""
    if getattr(args, "render", "always") != "always":
        return None
    try:
        find_browser(args.browser)
    except BrowserUnavailable as exc:
        return str(exc)
    return None


def run_crawl(args: argparse.Namespace, *, parser: argparse.ArgumentParser) -> int:
    """Handler of ``extractor crawl``; returns the exit code."""
    problem = _usage_problem(args) or browser_problem(args)
    if problem is not None:
        return usage_error(parser, problem)
    try:
        settings = CrawlSettings(
            output=args.output,
            concurrency=args.concurrency,
            rate=args.rate,
            max_retries=args.max_retries,
            timeout=args.timeout,
            max_bytes=args.max_bytes,
            user_agent=args.user_agent,
            respect_robots=not args.ignore_robots,
            resume=not args.no_resume,
            output_format=args.format,
            follow=args.follow,
            follow_include=args.follow_include,
            follow_exclude=args.follow_exclude,
            max_depth=args.max_depth,
            max_pages=args.max_pages,
            max_per_pattern=args.max_per_pattern,
            max_parameter_values=args.max_parameter_values,
            # Only when given: with --follow the parser decides what is a record.
            **({"include": args.include} if args.include is not None else {}),
            **render_settings(args),
            parse_workers=args.parse_workers,
            http_client=args.http_client,
            since=args.since,
            warc=args.warc,
            warc_max_bytes=args.warc_max_bytes,
        )
    except ValidationError as exc:
        reasons = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        return usage_error(parser, reasons)
    # A list when only URLs were given (recorded in the manifest), else a lazy stream.
    urls = chain(args.urls, _read_urls(args.urls_file)) if args.urls_file else list(args.urls)
    crawler = Crawler(
        settings,
        reporter=make_reporter(args.log_format),
        arguments={"urls_file": args.urls_file, "log_format": args.log_format},
    )
    try:
        summary = asyncio.run(crawler.run(urls, sitemaps=args.sitemaps))
    except (ExtractionError, OSError) as exc:  # OutputError, an unreadable --urls file
        print(f"extractor crawl: error: {exc}", file=sys.stderr)
        return EXIT_FATAL
    except Exception as exc:  # a bug: still one line and exit 1; the manifest records it too
        print(f"extractor crawl: internal error: {type(exc).__name__}: {exc}", file=sys.stderr)
        return EXIT_FATAL
    return EXIT_INTERRUPTED if summary.interrupted else EXIT_OK


def _usage_problem(args: argparse.Namespace) -> str | None:
    if not args.urls and not args.urls_file and not args.sitemaps:
        return "give at least one URL, --urls FILE or --sitemap URL"
    for flag, patterns in (
        ("--include", [args.include] if args.include is not None else []),
        ("--follow-include", args.follow_include),
        ("--follow-exclude", args.follow_exclude),
    ):
        for pattern in patterns:
            try:
                re.compile(pattern)
            except re.error as exc:
                return f"{flag} is not a valid regular expression: {exc}"
    bad = [url for url in [*args.urls, *args.sitemaps] if not is_http_url(url)]
    if bad:
        return f"not an absolute http(s) URL: {', '.join(bad)}"
    if args.urls_file and args.urls_file != "-" and not Path(args.urls_file).is_file():
        return f"--urls: no such file: {args.urls_file}"
    return _since_problem(args.since, args.output)


def _since_problem(since: Path | None, output: Path) -> str | None:
    if since is None:
        return None
    if since.resolve() == output.resolve():
        return "--since must name an earlier dataset, not the --output folder"
    for name in ("exercises.jsonl", "fetches.jsonl"):
        if not (since / name).is_file():
            return f"--since: no {name} in {since} (not a dataset of a crawl that kept fetch facts)"
    return None


def _add_follow_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group(
        "following links",
        "With --follow, links of every fetched page are followed within scope (the hosts of "
        "the start URLs and sitemaps); a page the parser refuses as not an exercise is a hub, "
        "listed in DIR/pages.jsonl. The frontier lives in DIR/frontier.sqlite (resumable).",
    )
    group.add_argument("--follow", action="store_true", help="follow links (discover pages)")
    group.add_argument(
        "--follow-include",
        action="append",
        default=[],
        metavar="REGEX",
        help="only follow links matching one of these (repeatable)",
    )
    group.add_argument(
        "--follow-exclude",
        action="append",
        default=[],
        metavar="REGEX",
        help="never follow links matching any of these (repeatable)",
    )
    group.add_argument(
        "--max-depth",
        type=_non_negative_int,
        default=_DEFAULTS.max_depth,
        metavar="N",
        help=f"link depth from the start URLs (default {_DEFAULTS.max_depth})",
    )
    group.add_argument(
        "--max-pages",
        type=positive_int,
        default=None,
        metavar="N",
        help="pages fetched in all, over resumed runs too (default: no bound)",
    )
    group.add_argument(
        "--max-per-pattern",
        type=positive_int,
        default=_DEFAULTS.max_per_pattern,
        metavar="N",
        help="trap budget: pages of one URL pattern fetched while none became a record "
        f"(default {_DEFAULTS.max_per_pattern})",
    )
    group.add_argument(
        "--max-parameter-values",
        type=positive_int,
        default=_DEFAULTS.max_parameter_values,
        metavar="N",
        help="trap budget: distinct values of one query parameter at one path "
        f"(default {_DEFAULTS.max_parameter_values})",
    )


def _read_urls(source: str) -> Iterator[str]:
    """The lines of FILE (or stdin), read lazily: the list may be longer than memory.

    Undecodable bytes are replaced: such a line becomes one failed URL, not a crashed run.
    """
    if source == "-":
        buffer = getattr(sys.stdin, "buffer", None)
        lines = sys.stdin if buffer is None else io.TextIOWrapper(buffer, "utf-8-sig", "replace")
        yield from (line.strip() for line in lines)
        return
    with open(source, encoding="utf-8-sig", errors="replace") as handle:
        yield from (line.strip() for line in handle)


# -- argument types (argparse turns their ValueError/ArgumentTypeError into exit code 2) --------


def _non_negative_int(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"must not be negative, not {text}")
    return value


def _positive_float(text: str) -> float:
    value = float(text)
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"must be a positive number of seconds, not {text}")
    return value


def _rate(text: str) -> float | None:
    """Requests per second; ``0`` or ``none`` means no limit."""
    if text.strip().lower() in {"none", "0", "0.0", "unlimited"}:
        return None
    value = float(text)
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"must be a positive number, 0 or 'none', not {text}")
    return value
