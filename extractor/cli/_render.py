"""``extractor render URL``: one page fetched politely, rendered in the headless browser, its
record printed as JSON (for trying a site out before crawling it).

Exit codes: 0 the record was printed, 1 the page did not become a record (the reason is
printed), 2 usage error (a bad URL, no browser: the message says how to install one).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from functools import partial

from pydantic import ValidationError

from .._exceptions import ExtractionError
from ..crawling import DEFAULT_USER_AGENT, CrawlSettings, render_url
from ._common import EXIT_FATAL, EXIT_OK, is_http_url, usage_error
from ._crawl import add_render_arguments, browser_problem, render_settings

__all__ = ["register"]


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``render`` subcommand."""
    parser = subparsers.add_parser(
        "render",
        help="render one page in a headless browser and print its record",
        description="Fetch URL (robots.txt and the user agent obeyed), render it in the "
        "system's headless Chromium with every request it makes going through the same "
        "rules, and print the record of the rendered DOM as JSON. Exit codes: 0 printed, "
        "1 not a record (the reason is printed), 2 usage error or no browser.",
    )
    parser.add_argument("url", metavar="URL", help="the page to render")
    parser.add_argument(
        "--user-agent", default=DEFAULT_USER_AGENT, metavar="UA", help="User-Agent header"
    )
    parser.add_argument(
        "--ignore-robots", action="store_true", help="do not fetch or obey robots.txt"
    )
    add_render_arguments(parser, modes=False)
    parser.set_defaults(handler=partial(run_render, parser=parser))


def run_render(args: argparse.Namespace, *, parser: argparse.ArgumentParser) -> int:
    """Handler of ``extractor render``; returns the exit code."""
    if not is_http_url(args.url):
        return usage_error(parser, f"not an absolute http(s) URL: {args.url}")
    problem = browser_problem(args)
    if problem is not None:
        return usage_error(parser, problem)
    try:
        settings = CrawlSettings(
            user_agent=args.user_agent,
            respect_robots=not args.ignore_robots,
            **render_settings(args),
        )
    except ValidationError as exc:
        return usage_error(parser, str(exc))
    try:
        record = asyncio.run(render_url(settings, args.url))
    except ExtractionError as exc:
        print(f"extractor render: {type(exc).__name__}: {exc}", file=sys.stderr)
        return EXIT_FATAL
    text = json.dumps(record.model_dump(mode="json"), indent=2, ensure_ascii=False)
    sys.stdout.write(text + "\n")
    sys.stdout.flush()
    return EXIT_OK
