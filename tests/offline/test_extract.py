"""`extractor extract`: a crawl's own WARC, foreign and broken WARCs, saved pages, resume."""

from __future__ import annotations

import io
import json
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from crawl_support import SITE, fast_settings, read_jsonl, run
from warc_support import PNG, exercise_html, gzip_bytes, member, pages_warc, response
from warcio.warcwriter import WARCWriter

from extractor.cli import main
from extractor.offline import SourcesChanged, extract
from extractor.testing import LocalSite

ORIGIN = "https://fit.example.ch"


def _without_time(failures: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: v for k, v in f.items() if k != "time"} for f in failures]


# -- a crawl's own archive ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample site crawled with --warc (sitemaps, robots.txt, listing, 404s and all)."""
    output = tmp_path_factory.mktemp("crawl")
    with LocalSite(SITE) as site:
        urls = [site.url(p) for p in ("/en/exercise/", "/en/exercise/ffff-missing")]
        summary = run(
            fast_settings(output, warc=True), urls, sitemaps=[site.url("/sitemap_index.xml")]
        )
    assert summary.records >= 8
    return output


@pytest.mark.slow
@pytest.mark.parametrize("workers", [1, 2])
def test_extracting_a_crawls_warc_gives_the_crawls_records(
    crawled: Path, tmp_path: Path, workers: int
) -> None:
    summary = extract([crawled / "warc"], output=tmp_path, workers=workers)
    crawl_records = {r["source_id"]: r for r in read_jsonl(crawled / "exercises.jsonl")}
    records = read_jsonl(tmp_path / "exercises.jsonl")
    assert summary.records == len(records) == len(crawl_records)
    for record in records:
        assert record == crawl_records[record["source_id"]]  # identical, field for field
    # What the crawl could not parse fails the same way offline (the listing page).
    crawl_parse_failures = {
        (f["url"], f["error_type"])
        for f in read_jsonl(crawled / "failures.jsonl")
        if f["stage"] == "parse"
    }
    offline = {(f["url"], f["error_type"]) for f in read_jsonl(tmp_path / "failures.jsonl")}
    assert offline == crawl_parse_failures
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    assert manifest["command"] == "extract"
    assert manifest["status"] == "completed"
    assert manifest["counts"]["warc_records"]["response"] > len(records)
    assert manifest["counts"]["skipped"]["excluded"] >= 1  # robots.txt and the sitemaps


def test_output_is_the_same_whatever_the_number_of_workers(tmp_path: Path) -> None:
    first = pages_warc(tmp_path / "a.warc.gz", ORIGIN, range(1, 150))
    pages_warc(tmp_path / "b.warc.gz", ORIGIN, range(150, 300))
    outputs = {}
    for workers in (1, 2, 3):
        output = tmp_path / f"out{workers}"
        extract([tmp_path / "a.warc.gz", tmp_path / "b.warc.gz"], output=output, workers=workers)
        outputs[workers] = (output / "exercises.jsonl").read_bytes()
    assert outputs[1] == outputs[2] == outputs[3]
    urls = [json.loads(line)["url"] for line in outputs[1].splitlines()]
    assert urls[: len(first)] == first  # source order, then record order
    assert len(urls) == 299


# -- a foreign, mixed and damaged archive --------------------------------------------------------


def _mixed_warc(path: Path) -> dict[str, Any]:
    """Other sites, binary responses, revisits, a broken gzip member and a torn tail."""
    scratch = WARCWriter(io.BytesIO(), gzip=True)
    good = [f"{ORIGIN}/en/exercise/{n:04x}-generated-{n}" for n in (1, 2, 3, 4)]
    parts = [
        member(scratch.create_warcinfo_record("mixed.warc.gz", {"software": "other-tool"})),
        member(response(scratch, good[0], exercise_html(1))),
        member(response(scratch, "https://news.example.org/article/1", b"<html>news</html>")),
        member(response(scratch, f"{ORIGIN}/en/exercise/0bad-logo", PNG, content_type="image/png")),
        # Binary bytes that claim to be HTML, at an exercise URL: the parser refuses them.
        member(response(scratch, f"{ORIGIN}/en/exercise/0bad-lies", PNG)),
        member(
            response(
                scratch, f"{ORIGIN}/en/exercise/0404-gone", b"<h1>404</h1>", status="404 Not Found"
            )
        ),
        # Stored gzip-encoded by another tool: warcio undoes the coding.
        member(
            response(
                scratch,
                good[1],
                gzip_bytes(exercise_html(2)),
                headers=[("Content-Encoding", "gzip")],
            )
        ),
    ]
    broken = bytearray(
        member(response(scratch, f"{ORIGIN}/en/exercise/0bad-broken", exercise_html(9)))
    )
    broken[len(broken) // 2 : len(broken) // 2 + 40] = b"\x00" * 40  # corrupt deflate data
    parts.append(bytes(broken))
    parts.append(member(response(scratch, good[2], exercise_html(3))))
    parts.append(member(response(scratch, good[3], exercise_html(4))))
    torn = member(response(scratch, f"{ORIGIN}/en/exercise/0bad-torn", exercise_html(10)))
    parts.append(torn[: len(torn) - 30])
    path.write_bytes(b"".join(parts))
    return {"good": good, "broken_offset": sum(len(p) for p in parts[:7])}


def test_a_mixed_and_damaged_warc_is_extracted_without_a_crash(tmp_path: Path) -> None:
    expected = _mixed_warc(tmp_path / "mixed.warc.gz")
    code = main(["extract", str(tmp_path / "mixed.warc.gz"), "--output", str(tmp_path / "out")])
    assert code == 0
    records = read_jsonl(tmp_path / "out" / "exercises.jsonl")
    assert [r["url"] for r in records] == expected["good"]  # before and after the broken member
    assert records[1]["instructions"] == [*records[0]["instructions"][:1], "Repeat 0002 times."]
    failures = read_jsonl(tmp_path / "out" / "failures.jsonl")
    by_type = {f["error_type"]: f for f in failures}
    assert set(by_type) == {"BinaryInput", "UnreadableInput"}
    assert by_type["BinaryInput"]["url"].endswith("0bad-lies")
    broken = [f for f in failures if f["error_type"] == "UnreadableInput"]
    assert len(broken) == 2  # the corrupt member, the torn tail
    assert broken[0]["path"] == str(tmp_path / "mixed.warc.gz")
    assert f"offset {expected['broken_offset']}" in broken[0]["reason"]
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())
    assert manifest["counts"]["skipped"] == {"excluded": 1, "not_a_page": 1, "status": 1}
    assert manifest["counts"]["broken_parts"] == 2


def test_an_uncompressed_warc_with_garbage_between_records(tmp_path: Path) -> None:
    scratch = WARCWriter(io.BytesIO(), gzip=False)
    urls = [f"{ORIGIN}/en/exercise/{n:04x}-generated-{n}" for n in (5, 6)]
    data = (
        member(response(scratch, urls[0], exercise_html(5)), gzipped=False)
        + b"garbage that is no record\r\n\r\n"
        + member(response(scratch, urls[1], exercise_html(6)), gzipped=False)
    )
    (tmp_path / "plain.warc").write_bytes(data)
    summary = extract([tmp_path / "plain.warc"], output=tmp_path / "out", workers=1)
    assert [r["url"] for r in read_jsonl(tmp_path / "out" / "exercises.jsonl")] == urls
    assert summary.failures_by_type == {"UnreadableInput": 1}


def test_not_a_warc_at_all_is_one_failure(tmp_path: Path) -> None:
    (tmp_path / "fake.warc.gz").write_bytes(b"this is not a warc file\n" * 100)
    summary = extract([tmp_path / "fake.warc.gz"], output=tmp_path / "out", workers=1)
    assert summary.records == 0
    [failure] = read_jsonl(tmp_path / "out" / "failures.jsonl")
    assert failure["stage"] == "read"
    assert failure["path"] == str(tmp_path / "fake.warc.gz")


def test_include_filters_urls_and_payloads_are_capped(tmp_path: Path) -> None:
    pages_warc(tmp_path / "a.warc.gz", ORIGIN, range(1, 6))
    summary = extract(
        [tmp_path / "a.warc.gz"], output=tmp_path / "out", include=r"-generated-[13]$", workers=1
    )
    assert summary.records == 2
    assert summary.counts["skipped:excluded"] == 3
    capped = extract([tmp_path / "a.warc.gz"], output=tmp_path / "out2", max_bytes=100, workers=1)
    assert capped.failures_by_type == {"TooLarge": 5}


# -- saved pages -------------------------------------------------------------------------------


def test_folders_of_saved_pages(tmp_path: Path) -> None:
    saved = tmp_path / "saved"
    (saved / "sub").mkdir(parents=True)
    url = f"{ORIGIN}/en/exercise/00aa-generated-170"
    mark = f"<!-- saved from url=(00{len(url)}){url} -->\n".encode()
    (saved / "b.html").write_bytes(mark + exercise_html(170))
    (saved / "a.htm").write_bytes(exercise_html(171))  # no mark: parsed without a URL
    (saved / "sub" / "c.html").write_bytes(
        f"<!--\n Page saved with SingleFile \n url: {ORIGIN}/en/about \n-->".encode()
        + exercise_html(172)
    )
    (saved / "notes.md").write_text("ignored")
    pages_warc(saved / "sub" / "d.warc.gz", ORIGIN, [173])
    summary = extract([saved], output=tmp_path / "out", workers=2)
    records = read_jsonl(tmp_path / "out" / "exercises.jsonl")
    # WARC files of the folder first, then its pages in walk order.
    assert [r["name"] for r in records] == ["Exercise 00ad", "Exercise 00ab", "Exercise 00aa"]
    assert records[2]["url"] == url
    assert records[1]["url"] is None
    assert summary.counts["skipped:excluded"] == 1  # the SingleFile page of /en/about
    assert summary.counts["files"] == 3


# -- resume ------------------------------------------------------------------------------------


def test_resume_refuses_another_runs_dataset(crawled: Path, tmp_path: Path) -> None:
    pages_warc(tmp_path / "a.warc.gz", ORIGIN, range(1, 4))
    extract([tmp_path / "a.warc.gz"], output=tmp_path / "out", workers=1)
    pages_warc(tmp_path / "b.warc.gz", ORIGIN, range(4, 6))
    with pytest.raises(SourcesChanged):
        extract([tmp_path / "b.warc.gz"], output=tmp_path / "out", workers=1)
    code = main(["extract", str(tmp_path / "b.warc.gz"), "--output", str(crawled)])
    assert code == 2  # a crawl's dataset is not mixed with an extraction
    again = extract([tmp_path / "b.warc.gz"], output=tmp_path / "out", workers=1, resume=False)
    assert again.records == 2


def test_a_finished_run_resumed_does_nothing_more(tmp_path: Path) -> None:
    pages_warc(tmp_path / "a.warc.gz", ORIGIN, range(1, 30))
    extract([tmp_path / "a.warc.gz"], output=tmp_path / "out", workers=1)
    before = (tmp_path / "out" / "exercises.jsonl").read_bytes()
    again = extract([tmp_path / "a.warc.gz"], output=tmp_path / "out", workers=2)
    assert again.resumed_units == 29
    assert again.records == 0
    assert (tmp_path / "out" / "exercises.jsonl").read_bytes() == before


@pytest.mark.slow
def test_sigkill_then_resume_gives_the_uninterrupted_dataset(tmp_path: Path) -> None:
    warc = tmp_path / "big.warc.gz"
    pages_warc(warc, ORIGIN, range(1, 4001))
    # Duplicates and failures in the stream too: resume counts every kind of line.
    with warc.open("ab") as handle:
        writer = WARCWriter(handle, gzip=True)
        for number in range(1, 200):
            url = f"{ORIGIN}/en/exercise/{number:04x}-again"
            writer.write_record(response(writer, url, exercise_html(number)))
            writer.write_record(response(writer, f"{ORIGIN}/en/exercise/{number}", PNG))
    reference = tmp_path / "reference"
    extract([warc], output=reference, workers=1)

    output = tmp_path / "killed"
    for _ in range(2):
        command = [sys.executable, "-m", "extractor", "extract", str(warc)]
        child = subprocess.Popen(
            [*command, "--output", str(output), "--workers", "2"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        records = output / "exercises.jsonl"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and child.poll() is None:
            if records.exists() and records.stat().st_size > 0:
                lines = records.read_bytes().count(b"\n")
                if lines >= 300 + 1000 * _:
                    break
            time.sleep(0.005)
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=10)
    manifest = json.loads((output / "manifest.json").read_text())
    assert manifest["status"] == "running"  # killed: never finished
    resumed = extract([warc], output=output, workers=2)
    assert resumed.resumed_units > 0
    assert (output / "exercises.jsonl").read_bytes() == (reference / "exercises.jsonl").read_bytes()
    assert _without_time(read_jsonl(output / "failures.jsonl")) == _without_time(
        read_jsonl(reference / "failures.jsonl")
    )
