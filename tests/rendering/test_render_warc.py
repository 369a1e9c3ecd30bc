"""``crawl --render always --warc``: a rendered page's DOM is archived as a ``conversion`` record
that refers to the page's response (real headless Chromium, pages on 127.0.0.1)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from crawl_support import fast_settings, read_jsonl, run
from render_support import data_json, fill, page, write
from warcio.archiveiterator import ArchiveIterator

from extractor.dataset import warc_files
from extractor.rendering import find_browser
from extractor.testing import LocalSite

pytestmark = pytest.mark.slow

PATH = "/en/exercise/c00001-scripted"


def _records(directory: Path) -> list[Any]:
    records = []
    for path in warc_files(directory):
        with path.open("rb") as handle:
            for record in ArchiveIterator(handle):
                record.stored = record.content_stream().read()
                records.append(record)
    return records


def test_rendered_dom_is_archived_referring_to_the_response(tmp_path: Path) -> None:
    find_browser()  # the system's Chromium (the Makefile installs it)
    root, output = tmp_path / "site", tmp_path / "out"
    write(
        root,
        {
            "/robots.txt": "User-agent: *\nAllow: /\n",
            PATH + ".html": page("Scripted squat", body=fill("/data/1.json", 200)),
            "/data/1.json": data_json(),
        },
    )
    with LocalSite(root) as site:
        url = site.url(PATH)
        settings = fast_settings(output, render="always", warc=True, render_timeout=10.0)
        summary = run(settings, [url])

    assert summary.records == 1
    assert summary.failures == 0
    [record] = read_jsonl(output / "exercises.jsonl")
    assert record["rendered"] is True
    assert record["unloaded_sections"] == []
    assert [program["name"] for program in record["programs"]] == ["Core basics"]

    warc = _records(output / "warc")
    responses = [
        r for r in warc if r.rec_type == "response" and r.rec_headers.get("WARC-Target-URI") == url
    ]
    conversions = [r for r in warc if r.rec_type == "conversion"]
    assert len(responses) == 1
    assert len(conversions) == 1
    response, conversion = responses[0], conversions[0]
    assert warc.index(conversion) > warc.index(response)
    # The response is the page as served: its sections still say "Loading...".
    assert response.stored.count(b"Loading...") == 2
    # The conversion is the DOM after the script ran: both sections loaded.
    assert conversion.rec_headers.get("WARC-Target-URI") == url
    assert conversion.rec_headers.get("Content-Type").startswith("text/html")
    dom = conversion.stored.decode("utf-8")
    assert "Loading..." not in dom
    assert "https://video.example/embed/abc" in dom
    assert "Core basics" in dom
    assert conversion.rec_headers.get("WARC-Refers-To") == response.rec_headers.get(
        "WARC-Record-ID"
    )
    assert conversion.rec_headers.get("WARC-Refers-To-Target-URI") == url
    assert conversion.rec_headers.get("WARC-Block-Digest").startswith("sha1:")


PLAIN = (
    "<!doctype html><html lang='en'><head><title>Plain lunge</title></head><body><main>"
    "<h1>Plain lunge</h1><h2>Instructions</h2><ol><li>Step forward.</li><li>Step back.</li></ol>"
    "</main></body></html>"
)


def test_extracting_the_warc_of_a_rendering_crawl_gives_the_crawls_records(
    tmp_path: Path,
) -> None:
    """The rendered DOM, not the response, is what ``extract`` reads for a rendered page: a
    page whose sections load, one whose data endpoint is missing (they stay unloaded, with the
    crawl's warning), and a page that needed no rendering."""
    from extractor.offline import extract

    find_browser()
    root, output, again = tmp_path / "site", tmp_path / "out", tmp_path / "again"
    write(
        root,
        {
            "/robots.txt": "User-agent: *\nAllow: /\n",
            PATH + ".html": page("Scripted squat", body=fill("/data/1.json", 200)),
            "/en/exercise/c00002-broken-row.html": page(
                "Broken row", body=fill("/data/missing.json", 100)
            ),
            "/en/exercise/c00003-plain-lunge.html": PLAIN,
            "/data/1.json": data_json(),
        },
    )
    paths = [PATH, "/en/exercise/c00002-broken-row", "/en/exercise/c00003-plain-lunge"]
    with LocalSite(root) as site:
        settings = fast_settings(output, render="auto", warc=True, render_timeout=10.0)
        summary = run(settings, [site.url(p) for p in paths])
    assert summary.records == 3
    crawled = {r["source_id"]: r for r in read_jsonl(output / "exercises.jsonl")}
    assert {k: r["rendered"] for k, r in crawled.items()} == {
        "c00001": True,
        "c00002": True,
        "c00003": False,
    }
    assert crawled["c00002"]["unloaded_sections"]  # the crawl's warning says why
    assert any("never loaded" in w for w in crawled["c00002"]["warnings"])

    result = extract([output / "warc"], output=again, workers=1)

    extracted = {r["source_id"]: r for r in read_jsonl(again / "exercises.jsonl")}
    assert extracted == crawled  # field for field, the rendered ones included
    assert result.failures == 0
    assert result.counts["skipped:rendered"] == 2  # the two responses read as rendered DOMs


SHELL_LISTING = (
    "<!DOCTYPE html><html lang='en'><head><title>Exercises</title>"
    "<script src='/listing.js' defer></script></head>"
    "<body><div id='app'>Loading...</div></body></html>"
)
LISTING_JS = (
    "document.getElementById('app').outerHTML = '<main><h1>Exercises</h1><ul>"
    '<li><a href="/en/exercise/e00001-scripted-squat">Scripted squat</a></li>'
    '<li><a href="/en/exercise/e00002-plain-lunge">Plain lunge</a></li></ul></main>\';'
)


def test_following_links_reads_the_links_a_script_builds(tmp_path: Path) -> None:
    """A home page whose listing is built by a script links to its exercises only once
    rendered: ``--follow --render auto`` follows the rendered DOM's links too."""
    find_browser()
    root, output = tmp_path / "site", tmp_path / "out"
    write(
        root,
        {
            "/robots.txt": "User-agent: *\nAllow: /\n",
            "/index.html": SHELL_LISTING,
            "/listing.js": LISTING_JS,
            "/en/exercise/e00001-scripted-squat.html": page(
                "Scripted squat", body=fill("/data/1.json", 100)
            ),
            "/en/exercise/e00002-plain-lunge.html": PLAIN,
            "/data/1.json": data_json(),
        },
    )
    with LocalSite(root) as site:
        settings = fast_settings(output, follow=True, render="auto", render_timeout=10.0)
        summary = run(settings, [site.url("/")])
        program = site.url("/en/program/1a-core")
    records = {r["source_id"]: r for r in read_jsonl(output / "exercises.jsonl")}
    assert sorted(records) == ["e00001", "e00002"]
    assert records["e00001"]["rendered"] is True
    [home] = read_jsonl(output / "pages.jsonl")
    assert home["kind"] == "hub"
    assert home["links_queued"] == 2
    # The scripted exercise's program link is in its rendered DOM only: followed too (and
    # this site has no such page).
    assert [f["url"] for f in read_jsonl(output / "failures.jsonl")] == [program]
    assert summary.failures == 1
