"""`extract` reads a crawl's rendered DOM (a ``conversion`` record) instead of the response it
was rendered from, and only for WARCs a rendering crawl of ours wrote (no browser here: the
archives are written with ``WarcArchive``, as a crawl writes them)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from crawl_support import read_jsonl
from warc_support import member, response
from warcio.warcwriter import WARCWriter

from extractor.dataset import RENDER_INFO, RENDER_STOPPED, WarcArchive, warc_files
from extractor.offline import extract
from extractor.rendering import read_rendered

URL = "https://fit.example.ch/en/exercise/d00001-scripted-squat"
SERVED = (
    b"<html lang='en'><body><h1>Scripted squat</h1><h2>Instructions</h2><ol><li>Stand.</li>"
    b"<li>Squat.</li></ol><h2>Videos</h2><p>Loading...</p><h2>Programs</h2><p>Loading...</p>"
    b"</body></html>"
)
# The DOM after the script: the videos loaded, the programs never did.
DOM = (
    "<html lang='en'><head></head><body><h1>Scripted squat</h1><h2>Instructions</h2><ol>"
    "<li>Stand.</li><li>Squat.</li></ol><h2>Videos</h2>"
    "<iframe src='https://www.youtube.com/embed/abc123'></iframe>"
    "<h2>Programs</h2><p>Loading...</p></body></html>"
)
# Two lines, as a reason may be: a WARC header holds one, and both sides read it as one.
STOPPED = "timed out after 10 s;\n  /data/programs.json answered 500"


@dataclass(frozen=True)
class Exchange:
    url: str = URL
    method: str = "GET"
    request_headers: Sequence[tuple[str, str]] = (("Host", "fit.example.ch"),)
    http_version: str = "HTTP/1.1"
    status: int = 200
    reason: str = "OK"
    response_headers: Sequence[tuple[str, str]] = field(
        default_factory=lambda: [("Content-Type", "text/html; charset=utf-8")]
    )
    body: bytes = SERVED
    truncated: str | None = None
    started: datetime = datetime(2026, 12, 6, 1, 2, 3, tzinfo=UTC)
    ip_address: str | None = "127.0.0.1"


def _archive(directory: Path, *, render: str, max_bytes: int = 1024**3) -> None:
    with WarcArchive(directory, max_bytes=max_bytes, info={RENDER_INFO: render}) as archive:
        archive.write_exchange(Exchange())
        for n in range(3):  # other pages between the response and its DOM, as in a crawl
            archive.write_exchange(Exchange(url=f"https://fit.example.ch/en/help/{n}"))
        archive.write_rendered(URL, DOM, stopped=STOPPED)


def test_the_rendered_dom_gives_the_record_the_crawl_wrote(tmp_path: Path) -> None:
    _archive(tmp_path / "warc", render="auto")
    summary = extract([tmp_path / "warc"], output=tmp_path / "out", workers=1)
    [record] = read_jsonl(tmp_path / "out" / "exercises.jsonl")
    expected = read_rendered(DOM, url=URL, stopped=STOPPED).model_dump(mode="json")
    assert record == expected
    assert record["rendered"] is True
    assert record["videos"]
    assert record["unloaded_sections"] == ["programs"]
    assert record["warnings"][-1] == (
        "rendered in a browser, but programs never loaded: "
        "timed out after 10 s; /data/programs.json answered 500"
    )
    assert summary.counts["skipped:rendered"] == 1
    assert summary.failures == 0


def test_a_dom_archived_in_the_next_file_still_replaces_its_response(tmp_path: Path) -> None:
    _archive(tmp_path / "warc", render="always", max_bytes=1)  # every exchange rotates
    assert len(warc_files(tmp_path / "warc")) > 2
    extract([tmp_path / "warc"], output=tmp_path / "out", workers=2)
    [record] = read_jsonl(tmp_path / "out" / "exercises.jsonl")
    assert record["rendered"] is True


def test_a_crawl_that_rendered_nothing_is_read_as_served(tmp_path: Path) -> None:
    _archive(tmp_path / "warc", render="never")  # a conversion it cannot have written: ignored
    summary = extract([tmp_path / "warc"], output=tmp_path / "out", workers=1)
    [record] = read_jsonl(tmp_path / "out" / "exercises.jsonl")
    assert record["rendered"] is False
    assert record["unloaded_sections"] == ["programs", "videos"]
    assert "skipped:rendered" not in summary.counts
    assert summary.counts["records:conversion"] == 1


def test_another_tools_conversion_records_are_not_read(tmp_path: Path) -> None:
    # No warcinfo of ours: a conversion (another tool's derivative, any format) is skipped.
    writer = WARCWriter(io.BytesIO(), gzip=True)
    served = response(writer, URL, SERVED)
    converted = writer.create_warc_record(
        URL,
        "conversion",
        payload=io.BytesIO(DOM.encode()),
        length=len(DOM.encode()),
        warc_content_type="text/html; charset=utf-8",
        warc_headers_dict={
            "WARC-Refers-To": served.rec_headers.get_header("WARC-Record-ID"),
            RENDER_STOPPED: "loaded",
        },
    )
    (tmp_path / "other.warc.gz").write_bytes(member(served) + member(converted))
    summary = extract([tmp_path / "other.warc.gz"], output=tmp_path / "out", workers=1)
    [record] = read_jsonl(tmp_path / "out" / "exercises.jsonl")
    assert record["rendered"] is False
    assert summary.counts["records:conversion"] == 1


def test_include_applies_to_the_rendered_dom_too(tmp_path: Path) -> None:
    _archive(tmp_path / "warc", render="auto")
    summary = extract(
        [tmp_path / "warc"], output=tmp_path / "out", workers=1, include="/never-matches/"
    )
    assert summary.records == 0
    assert summary.failures == 0
    assert summary.counts["skipped:excluded"] == 5  # 4 responses and the DOM
