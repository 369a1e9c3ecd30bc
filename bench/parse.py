"""Parsing throughput of ``parse_page`` against a bare lxml parse and trafilatura.

Run: ``.venv/bin/python bench/parse.py [--quick] [--strict]``.

All three contenders read the same realistic ~110 KB pages (see ``_pages.py``: mega menus,
inline scripts and styles, cookie banner, modals, JSON-LD, an FAQ accordion) in ONE run,
round-robin (the order rotates each round so none always runs on a warm or cold cache);
throughput is the median over rounds. Targets (issue 2):

- ``parse_page`` at least 5x the pages/s of ``trafilatura.extract``;
- ``parse_page`` at least 1/4 of the pages/s of a bare ``lxml.html.document_fromstring``;
- a 16x larger page (16x the content and the chrome) takes less than 32x the base page's time.

Figures depend on the machine; the ratios are what the targets are about. Exit code 0 whatever
the figures (1 if ``parse_page`` is missing or fails on a page), unless ``--strict``: then 1 when a
target is missed. ``--quick`` is a smoke run (few pages, one round): its figures mean nothing.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import lxml.html
import trafilatura
from _pages import BenchPage, build_page

Contender = Callable[[BenchPage], object]

OURS, LXML, TRAFILATURA = "parse_page", "lxml (bare parse)", "trafilatura.extract"
SCALE = 16
TRAFILATURA_TARGET = 5.0
LXML_TARGET = 0.25
SCALING_LIMIT = 32.0


@dataclass(frozen=True, slots=True)
class Plan:
    pages: int
    rounds: int
    scaling_rounds: int
    min_seconds: float
    """Shortest sample: each contender re-reads the pages until this much time has passed."""


FULL = Plan(pages=12, rounds=9, scaling_rounds=9, min_seconds=0.25)
QUICK = Plan(pages=2, rounds=1, scaling_rounds=1, min_seconds=0.0)


def main(argv: Sequence[str] | None = None) -> int:
    options = _arguments(argv)
    plan = QUICK if options.quick else FULL
    parse_page, unavailable = _load_parse_page()
    pages = [build_page(seed) for seed in range(plan.pages)]
    contenders: dict[str, Contender] = {
        LXML: lambda page: lxml.html.document_fromstring(page.html),
        TRAFILATURA: lambda page: trafilatura.extract(page.html, url=page.url),
    }
    if parse_page is not None:
        problems = _check_records(parse_page, pages)
        if problems:
            print("parse_page does not parse the bench pages correctly:", *problems, sep="\n  ")
            return 1
        contenders = {OURS: _as_contender(parse_page), **contenders}

    samples = _interleaved_rates(contenders, pages, plan.rounds, plan.min_seconds)
    scaling = _scaling(parse_page, plan.scaling_rounds) if parse_page else None
    results = _results(samples, scaling)
    print(_report(plan, pages, samples, scaling, results, unavailable))
    if parse_page is None:
        return 1
    missed = [result.label for result in results if not result.passed]
    return 1 if options.strict and missed else 0


def _arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--quick", action="store_true", help="smoke run: figures mean nothing")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    return parser.parse_args(argv)


def _load_parse_page() -> tuple[Callable[..., Any] | None, str]:
    try:
        from extractor import parse_page
    except ImportError:
        try:  # the package may not re-export it yet; the function is the same
            from extractor.parsing._parse import parse_page
        except ImportError as exc:
            return None, f"parse_page unavailable ({exc})"
    return parse_page, ""


def _as_contender(parse_page: Callable[..., Any]) -> Contender:
    # The bytes as a crawler receives them, with the Content-Type header a server sends.
    return lambda page: parse_page(page.html, url=page.url, content_type="text/html; charset=utf-8")


def _check_records(parse_page: Callable[..., Any], pages: list[BenchPage]) -> list[str]:
    """Throughput means nothing if the records are wrong: check each bench page first."""
    problems = []
    for page in [*pages, build_page(0, scale=SCALE)]:
        try:
            record = parse_page(page.html, url=page.url, content_type="text/html; charset=utf-8")
        except Exception as exc:
            problems.append(f"{page.url}: {type(exc).__name__}: {exc}")
            continue
        if record.name != page.name:
            problems.append(f"{page.url}: name {record.name!r}, expected {page.name!r}")
        if tuple(record.instructions) != page.instructions:
            problems.append(f"{page.url}: instructions differ from the page's")
        if len(record.faq) != page.faq_questions:
            found, expected = len(record.faq), page.faq_questions
            problems.append(f"{page.url}: {found} FAQ items, {expected} on the page")
    return problems


def _interleaved_rates(
    contenders: dict[str, Contender], pages: list[BenchPage], rounds: int, min_seconds: float
) -> dict[str, list[float]]:
    """Pages/s of each contender in each round, the contenders taking turns round after round."""
    names = list(contenders)
    for name in names:  # warm-up: imports, caches, first-call costs
        contenders[name](pages[0])
    samples: dict[str, list[float]] = {name: [] for name in names}
    for round_number in range(rounds):
        shift = round_number % len(names)
        for name in names[shift:] + names[:shift]:
            samples[name].append(_pages_per_second(contenders[name], pages, min_seconds))
    return samples


def _pages_per_second(contender: Contender, pages: list[BenchPage], min_seconds: float) -> float:
    """Pass over the pages until ``min_seconds`` have gone by: a short sample is at the mercy
    of one preemption on a shared machine, a longer one averages it out."""
    gc.collect()
    parsed = 0
    start = time.perf_counter()
    while True:
        for page in pages:
            contender(page)
        parsed += len(pages)
        elapsed = time.perf_counter() - start
        if elapsed >= min_seconds:
            return parsed / elapsed


@dataclass(frozen=True, slots=True)
class Scaling:
    base_seconds: list[float]
    big_seconds: list[float]
    size_ratio: float


def _scaling(parse_page: Callable[..., Any], rounds: int) -> Scaling:
    """Seconds for the base page and the 16x page, measured in alternation."""
    base, big = build_page(0), build_page(0, scale=SCALE)
    parse = _as_contender(parse_page)
    repeat = 5  # the base page is fast: average a few calls per sample to steady the clock
    base_times, big_times = [], []
    for _ in range(rounds):
        base_times.append(_time(lambda: [parse(base) for _ in range(repeat)]) / repeat)
        big_times.append(_time(lambda: parse(big)))
    return Scaling(base_times, big_times, len(big.html) / len(base.html))


def _time(work: Callable[[], object]) -> float:
    gc.collect()
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


@dataclass(frozen=True, slots=True)
class Result:
    label: str
    target: str
    ratios: list[float]
    """One ratio per round (both sides measured in the same round, so load drift cancels)."""
    passed: bool

    @property
    def median(self) -> float:
        return statistics.median(self.ratios)


def _results(samples: dict[str, list[float]], scaling: Scaling | None) -> list[Result]:
    if OURS not in samples or scaling is None:
        return []
    ours = samples[OURS]
    versus_trafilatura = [a / b for a, b in zip(ours, samples[TRAFILATURA], strict=True)]
    versus_lxml = [a / b for a, b in zip(ours, samples[LXML], strict=True)]
    growth = [b / a for a, b in zip(scaling.base_seconds, scaling.big_seconds, strict=True)]
    return [
        Result(
            "parse_page / trafilatura (pages/s)",
            f">= {TRAFILATURA_TARGET:g}x",
            versus_trafilatura,
            statistics.median(versus_trafilatura) >= TRAFILATURA_TARGET,
        ),
        Result(
            "parse_page / bare lxml (pages/s)",
            f">= {LXML_TARGET:g}x",
            versus_lxml,
            statistics.median(versus_lxml) >= LXML_TARGET,
        ),
        Result(
            f"{SCALE}x page time / base page time",
            f"< {SCALING_LIMIT:g}x",
            growth,
            statistics.median(growth) < SCALING_LIMIT,
        ),
    ]


def _report(
    plan: Plan,
    pages: list[BenchPage],
    samples: dict[str, list[float]],
    scaling: Scaling | None,
    results: list[Result],
    unavailable: str,
) -> str:
    size_kb = statistics.mean(len(page.html) for page in pages) / 1024
    quick = " (QUICK: smoke run, figures mean nothing)" if plan is QUICK else ""
    lines = [
        f"bench/parse.py: {len(pages)} pages of ~{size_kb:.0f} KB, {plan.rounds} interleaved "
        f"round(s), medians{quick}",
        "",
        f"{'contender':<22}{'pages/s':>10}{'ms/page':>10}",
    ]
    if unavailable:
        lines.append(f"{OURS:<22}{'n/a':>10}{'n/a':>10}   {unavailable}")
    for name, rates in samples.items():
        rate = statistics.median(rates)
        lines.append(f"{name:<22}{rate:>10.1f}{1000 / rate:>10.2f}")
    lines += ["", f"{'target':<38}{'median':>9}{'range':>16}{'target':>10}  result"]
    for result in results:
        spread = f"{min(result.ratios):.2f}-{max(result.ratios):.2f}"
        verdict = "PASS" if result.passed else "FAIL"
        lines.append(
            f"{result.label:<38}{result.median:>8.2f}x{spread:>16}{result.target:>10}  {verdict}"
        )
    if not results:
        lines.append("(no targets: parse_page could not be measured)")
    if scaling:
        base, big = statistics.median(scaling.base_seconds), statistics.median(scaling.big_seconds)
        lines.append(
            f"  ({SCALE}x page: {scaling.size_ratio:.1f}x the bytes; "
            f"base page {base * 1000:.1f} ms, {SCALE}x page {big * 1000:.1f} ms)"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
