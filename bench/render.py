"""Rendering cost: pages/s and peak memory of `extractor crawl --render` (a benchmark).

1. Rendered pages per second and the peak memory of the whole crawl (the crawler, Playwright's
   driver and every browser process: the sum of their PSS, i.e. RSS with shared pages split
   between the processes sharing them, sampled every 50 ms) at
   ``--render-concurrency`` 1, 2 and 4, ``--render always``, against the same crawl with
   ``--render never`` measured in the same run (the baseline).
2. The cost of ``--render auto`` on a site where one page in ten needs rendering (its Videos
   and Programs load by script), against ``--render never`` on the same site.

Every page's script fetches its JSON after 100 ms. The server runs in a child process, each
crawl in another (``python -m extractor crawl``), all on 127.0.0.1, no rate limit. Times are
the crawl's own (``duration_seconds`` of its manifest: the browser's start included, the
interpreter's not). ``--quick`` uses fewer pages.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

from extractor.testing._localsite import serve_in_subprocess

_PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{name}</title>
</head><body><main><h1>{name}</h1>
<h2>Videos</h2>{videos}
<h2>Programs</h2>{programs}
<h2>Instructions</h2><ul><li>Stand tall.</li><li>Repeat {n} times.</li></ul>
<h2>Description</h2><p>Benchmark page number {n}.</p></main>{script}</body></html>
"""
_SCRIPT = """<script>setTimeout(function () {
  fetch("/data/%s.json").then(function (r) { return r.json(); }).then(function (d) {
    document.getElementById("videos").outerHTML =
      '<div><iframe src="' + d.video + '" title="Demo"></iframe></div>';
    document.getElementById("programs").outerHTML =
      '<ul><li><a href="' + d.program + '">Core</a></li></ul>';
  });
}, 100);</script>"""
_STATIC_VIDEO = '<div><iframe src="https://video.example/embed/static" title="Demo"></iframe></div>'
_STATIC_PROGRAM = '<ul><li><a href="/en/program/1a-core">Core</a></li></ul>'


def _write_site(root: Path, pages: int, every: int) -> list[str]:
    """``pages`` exercise pages; every ``every``-th needs rendering. Returns their paths."""
    paths = []
    for n in range(pages):
        ident = f"{n + 1:06x}"
        path = f"/en/exercise/{ident}-bench"
        dynamic = n % every == 0
        html = _PAGE.format(
            name=f"Exercise {n}",
            n=n,
            videos='<div id="videos">Loading...</div>' if dynamic else _STATIC_VIDEO,
            programs='<div id="programs">Loading...</div>' if dynamic else _STATIC_PROGRAM,
            script=_SCRIPT % ident if dynamic else "",
        )
        target = root / (path.lstrip("/") + ".html")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(html, encoding="utf-8")
        data = {"video": f"https://video.example/embed/{ident}", "program": "/en/program/1a"}
        (root / "data").mkdir(exist_ok=True)
        (root / "data" / f"{ident}.json").write_text(json.dumps(data), encoding="utf-8")
        paths.append(path)
    return paths


def _tree_pss(root_pid: int) -> int:
    """Sum of the PSS (bytes) of ``root_pid`` and all its descendants."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(parent, []).append(int(entry.name))
    total, stack = 0, [root_pid]
    while stack:
        pid = stack.pop()
        total += _pss(pid)
        stack.extend(children.get(pid, []))
    return total


def _pss(pid: int) -> int:
    try:
        rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return 0
    for line in rollup.splitlines():
        if line.startswith("Pss:"):
            return int(line.split()[1]) * 1024
    return 0


def _crawl(urls: list[str], output: Path, render: str, concurrency: int) -> tuple[float, int]:
    """One crawl in a child process: (its seconds, peak PSS of its process tree)."""
    command = [sys.executable, "-m", "extractor", "crawl", *urls, "-o", str(output)]
    command += ["--no-resume", "--rate", "0", "--concurrency", "8", "--log-format", "json"]
    command += ["--render", render, "--render-concurrency", str(concurrency)]
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    while child.poll() is None:
        peak = max(peak, _tree_pss(child.pid))
        time.sleep(0.05)
    manifest = json.loads((output / "manifest.json").read_text())
    elapsed = float(manifest["duration_seconds"])
    stderr = child.stderr.read().decode() if child.stderr else ""
    records = [json.loads(line) for line in (output / "exercises.jsonl").read_text().splitlines()]
    if child.returncode != 0 or len(records) != len(urls):
        raise SystemExit(f"crawl failed ({child.returncode}, {len(records)} records): {stderr}")
    if render != "never" and any(r["unloaded_sections"] for r in records):
        raise SystemExit("a rendered page kept unloaded sections: the benchmark is broken")
    return elapsed, peak


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer pages")
    args = parser.parse_args(argv)
    rendered_pages, mixed_pages = (8, 20) if args.quick else (32, 100)
    console = Console()
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        all_dynamic = _write_site(work / "dynamic", rendered_pages, every=1)
        one_in_ten = _write_site(work / "mixed", mixed_pages, every=10)

        table = Table(title=f"bench/render.py: {rendered_pages} pages, every one rendered")
        for column in ("crawl", "seconds", "pages/s", "vs never", "peak memory (PSS)"):
            table.add_column(column, justify="right")
        with serve_in_subprocess(work / "dynamic") as origin:
            urls = [origin + path for path in all_dynamic]
            _crawl(urls[:2], work / "warmup", "always", 1)  # imports, page cache of chromium
            base, base_rss = _crawl(urls, work / "never", "never", 1)
            table.add_row(
                "--render never", f"{base:.2f}", f"{len(urls) / base:.1f}", "1.00x",
                f"{base_rss / 2**20:.0f} MB",
            )  # fmt: skip
            for concurrency in (1, 2, 4):
                seconds, rss = _crawl(urls, work / f"c{concurrency}", "always", concurrency)
                table.add_row(
                    f"--render always, concurrency {concurrency}",
                    f"{seconds:.2f}",
                    f"{len(urls) / seconds:.1f}",
                    f"{base / seconds:.2f}x",
                    f"{rss / 2**20:.0f} MB",
                )
        console.print(table)

        mixed = Table(title=f"bench/render.py: {mixed_pages} pages, one in ten needs rendering")
        for column in ("crawl", "seconds", "pages/s", "cost vs never", "peak memory (PSS)"):
            mixed.add_column(column, justify="right")
        with serve_in_subprocess(work / "mixed") as origin:
            urls = [origin + path for path in one_in_ten]
            never, never_rss = _crawl(urls, work / "m-never", "never", 2)
            auto, auto_rss = _crawl(urls, work / "m-auto", "auto", 2)
        for name, seconds, rss in (("never", never, never_rss), ("auto", auto, auto_rss)):
            mixed.add_row(
                f"--render {name}",
                f"{seconds:.2f}",
                f"{len(urls) / seconds:.1f}",
                f"{seconds / never:.2f}x",
                f"{rss / 2**20:.0f} MB",
            )
        console.print(mixed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
