"""`crawl --warc`: every HTTP exchange of a run as WARC records, checked one by one with warcio."""

from __future__ import annotations

import base64
import hashlib
import json
import random
from pathlib import Path
from typing import Any

import pytest
from crawl_support import fast_settings, read_jsonl, run
from faulty_server import (
    EXERCISE_HTML,
    FaultyServer,
    body_response,
    gzipped,
    page,
    raw,
    reset,
    sequence,
    status,
)
from warcio.archiveiterator import ArchiveIterator

from extractor.cli import main
from extractor.dataset import warc_files

pytestmark = pytest.mark.slow

ROBOTS = b"User-agent: *\nDisallow: /private/\n"
SMALL_PAGE = b"<html><body><h1>tiny</h1></body></html>"


def sha1_base32(data: bytes) -> str:
    return "sha1:" + base64.b32encode(hashlib.sha1(data).digest()).decode()


def read_warc(directory: Path) -> list[Any]:
    """Every record of every WARC file in ``directory``, in order, with its stored bytes."""
    records = []
    for path in warc_files(directory):
        with path.open("rb") as handle:
            for record in ArchiveIterator(handle):
                record.stored = record.raw_stream.read()
                records.append(record)
    return records


def _sitemap(site: FaultyServer, paths: list[str]) -> bytes:
    entries = "".join(f"<url><loc>{site.url(p)}</loc></url>" for p in paths)
    xml = f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</urlset>'
    return xml.encode()


def test_every_exchange_of_a_crawl_is_archived(tmp_path: Path) -> None:
    pages = [
        "/en/exercise/a001-gzipped",
        "/en/exercise/a002-retried",
        "/en/exercise/a003-missing",
        "/en/exercise/a004-moved",
        "/en/exercise/a006-too-big",
        "/en/exercise/a007-dropped",
        "/en/exercise/a008-reset",
    ]
    with FaultyServer() as site:
        moved = body_response(b"", code=301, headers={"Location": "/en/exercise/a005-target"})
        dropped = body_response(EXERCISE_HTML, length=len(EXERCISE_HTML) + 500)
        site.routes.update(
            {
                "/robots.txt": page(ROBOTS, content_type="text/plain"),
                "/sitemap.xml": page(_sitemap(site, pages), content_type="application/xml"),
                pages[0]: raw(
                    body_response(gzipped(EXERCISE_HTML), headers={"Content-Encoding": "gzip"})
                ),
                pages[1]: sequence(status(503), page()),
                pages[2]: status(404),
                pages[3]: raw(moved),
                "/en/exercise/a005-target": page(),
                pages[4]: page(EXERCISE_HTML + b"<!--" + b"x" * 20_000 + b"-->"),
                pages[5]: raw(dropped),
                pages[6]: reset(),
            }
        )
        settings = fast_settings(tmp_path, warc=True, max_bytes=10_000, max_retries=1)
        summary = run(settings, sitemaps=[site.url("/sitemap.xml")])
        served = site.requests

    assert summary.records == 3  # gzipped, retried, moved (-> target)
    records = read_warc(tmp_path / "warc")
    assert records[0].rec_type == "warcinfo"
    pairs = records[1:]
    requests = [r for r in pairs if r.rec_type == "request"]
    responses = [r for r in pairs if r.rec_type == "response"]
    assert len(requests) + len(responses) == len(pairs)

    # One request and one response per exchange that got an answer: all but the resets
    # (a008 twice: the first attempt and its retry).
    answered = [r.path for r in served if not r.path.startswith("/en/exercise/a008")]
    assert sorted(_path(r) for r in responses) == sorted(answered)
    by_id = {r.rec_headers.get_header("WARC-Record-ID"): r for r in responses}
    for request in requests:
        response = by_id[request.rec_headers.get_header("WARC-Concurrent-To")]
        assert request.rec_headers.get_header("WARC-Target-URI") == response.rec_headers.get_header(
            "WARC-Target-URI"
        )
        assert request.http_headers.protocol == "GET"
        assert request.http_headers.get_header("User-Agent") == settings.user_agent

    for response in responses:  # digests hold for every payload, truncated or not
        block = response.http_headers.to_bytes() + response.stored
        assert response.rec_headers.get_header("WARC-Payload-Digest") == sha1_base32(
            response.stored
        )
        assert response.rec_headers.get_header("WARC-Block-Digest") == sha1_base32(block)
        assert response.rec_headers.get_header("WARC-IP-Address") == "127.0.0.1"
        assert response.http_headers.get_header("Content-Length") == str(len(response.stored))

    found = {}
    for response in responses:
        found.setdefault(_path(response), []).append(response)
    assert found["/robots.txt"][0].stored == ROBOTS
    assert b"<urlset" in found["/sitemap.xml"][0].stored

    [gz] = found[pages[0]]  # stored decoded, the coding named in an X-Crawler- header
    assert gz.stored == EXERCISE_HTML
    assert gz.http_headers.get_header("Content-Encoding") is None
    assert gz.http_headers.get_header("X-Crawler-Content-Encoding") == "gzip"
    assert gz.http_headers.get_header("X-Crawler-Content-Length") == str(
        len(gzipped(EXERCISE_HTML))
    )
    assert gz.rec_headers.get_header("WARC-Truncated") is None

    first, second = found[pages[1]]
    assert (first.http_headers.get_statuscode(), second.http_headers.get_statuscode()) == (
        "503",
        "200",
    )
    assert b"Error 503" in first.stored  # the error page itself is kept, whole
    assert first.rec_headers.get_header("WARC-Truncated") is None
    assert second.stored == EXERCISE_HTML

    [missing] = found[pages[2]]
    assert missing.http_headers.get_statuscode() == "404"
    assert b"Error 404" in missing.stored
    assert missing.rec_headers.get_header("WARC-Truncated") is None

    [redirect] = found[pages[3]]
    assert redirect.http_headers.get_statuscode() == "301"
    assert redirect.http_headers.get_header("Location") == "/en/exercise/a005-target"
    assert redirect.rec_headers.get_header("WARC-Truncated") is None
    [target] = found["/en/exercise/a005-target"]
    assert target.stored == EXERCISE_HTML

    [big] = found[pages[4]]  # refused on its Content-Length: nothing of the body was read
    assert big.rec_headers.get_header("WARC-Truncated") == "length"
    assert big.stored == b""

    dropped_responses = found[pages[5]]  # tried twice, cut short both times
    assert len(dropped_responses) == 2
    for response in dropped_responses:
        assert response.rec_headers.get_header("WARC-Truncated") == "disconnect"
        assert response.stored == EXERCISE_HTML

    manifest = json.loads((tmp_path / "manifest.json").read_text())
    assert manifest["warc"]["records"] == len(pairs)
    assert manifest["arguments"]["settings"]["warc"] is True


def _path(record: Any) -> str:
    uri = record.rec_headers.get_header("WARC-Target-URI")
    return "/" + uri.split("/", 3)[3]


def test_without_warc_nothing_is_archived(tmp_path: Path) -> None:
    with FaultyServer({"/en/exercise/b001-x": page()}) as site:
        summary = run(fast_settings(tmp_path), [site.url("/en/exercise/b001-x")])
    assert summary.records == 1
    assert not (tmp_path / "warc").exists()


def test_the_cli_flag_writes_the_archive_and_rotates_it(tmp_path: Path) -> None:
    paths = [f"/en/exercise/c{n:03x}-page" for n in range(12)]
    noise = random.Random(7).randbytes(20_000).hex().encode()  # ~20 KB gzipped per page
    routes = {p: page(EXERCISE_HTML + b"<!--" + noise[n:] + b"-->") for n, p in enumerate(paths)}
    with FaultyServer(routes) as site:
        code = main(
            [
                "crawl",
                *[site.url(p) for p in paths],
                "--output",
                str(tmp_path),
                "--warc",
                "--warc-max-bytes",
                "64k",
                "--rate",
                "none",
                "--log-format",
                "json",
            ]
        )
    assert code == 0
    assert len(read_jsonl(tmp_path / "exercises.jsonl")) == 12
    files = warc_files(tmp_path / "warc")
    assert len(files) >= 2
    assert all(path.stat().st_size <= 64 * 1024 for path in files)
    responses = [r for r in read_warc(tmp_path / "warc") if r.rec_type == "response"]
    assert sorted(_path(r) for r in responses) == sorted(["/robots.txt", *paths])


def test_an_archive_that_cannot_be_written_fails_the_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from extractor import OutputError
    from extractor.dataset import WarcArchive

    def disk_full(self: WarcArchive, exchange: object) -> str:
        raise OutputError("cannot write a WARC record: No space left on device")

    monkeypatch.setattr(WarcArchive, "write_exchange", disk_full)
    paths = [f"/en/exercise/d{n:03x}-page" for n in range(5)]
    with (
        FaultyServer({p: page() for p in paths}) as site,
        pytest.raises(OutputError, match="No space left"),
    ):
        run(fast_settings(tmp_path, warc=True), [site.url(p) for p in paths])
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    assert manifest["status"] == "failed"
    assert "No space left" in manifest["error"]["reason"]
    # No page is said to be done without its response archived: all are left for the next run.
    assert read_jsonl(tmp_path / "exercises.jsonl") == []
