"""WarcArchive: records checked one by one with warcio; rotation; torn tails; rendered DOM."""

from __future__ import annotations

import base64
import gzip
import hashlib
import io
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from warcio.archiveiterator import ArchiveIterator

from extractor.dataset import WarcArchive, repair_warc_tail, warc_files

STARTED = datetime(2026, 12, 6, 1, 2, 3, tzinfo=UTC)


@dataclass(frozen=True)
class Exchange:
    url: str = "http://127.0.0.1:8000/en/exercise/3f9a1c-psoas-smash?x=1"
    method: str = "GET"
    request_headers: Sequence[tuple[str, str]] = (
        ("Host", "127.0.0.1:8000"),
        ("User-Agent", "extractor-test"),
        ("Accept-Encoding", "gzip, deflate"),
    )
    http_version: str = "HTTP/1.1"
    status: int = 200
    reason: str = "OK"
    response_headers: Sequence[tuple[str, str]] = field(
        default_factory=lambda: [
            ("Content-Type", "text/html; charset=utf-8"),
            ("Content-Encoding", "gzip"),
            ("Content-Length", "57"),
        ]
    )
    body: bytes = b"<html><body><h1>Psoas smash</h1></body></html>"
    truncated: str | None = None
    started: datetime = STARTED
    ip_address: str | None = "127.0.0.1"


def read_records(path: Path) -> list[dict[str, Any]]:
    """Every record of a WARC file, read with warcio, with its payload and raw digest input."""
    records = []
    with path.open("rb") as handle:
        for record in ArchiveIterator(handle):
            raw = record.raw_stream.read()  # the payload as stored (no content decoding)
            records.append(
                {
                    "type": record.rec_type,
                    "warc": dict(record.rec_headers.headers),
                    "http": record.http_headers,
                    "payload": raw,
                }
            )
    return records


def sha1_base32(data: bytes) -> str:
    return "sha1:" + base64.b32encode(hashlib.sha1(data).digest()).decode()


def test_an_exchange_is_a_request_and_a_response_record_with_digests(tmp_path: Path) -> None:
    with WarcArchive(tmp_path, info={"user-agent": "extractor-test"}) as archive:
        response_id = archive.write_exchange(Exchange())
    [path] = warc_files(tmp_path)
    warcinfo, request, response = read_records(path)

    assert warcinfo["type"] == "warcinfo"
    assert b"user-agent: extractor-test" in warcinfo["payload"]
    assert warcinfo["warc"]["WARC-Filename"] == path.name

    assert request["type"] == "request"
    assert request["warc"]["WARC-Target-URI"] == Exchange.url
    assert request["warc"]["WARC-Concurrent-To"] == response_id
    assert request["warc"]["WARC-Date"] == "2026-12-06T01:02:03Z"
    assert request["http"].protocol == "GET"
    assert request["http"].statusline == "/en/exercise/3f9a1c-psoas-smash?x=1 HTTP/1.1"
    assert request["http"].get_header("User-Agent") == "extractor-test"

    assert response["type"] == "response"
    headers = response["warc"]
    assert headers["WARC-Record-ID"] == response_id
    assert headers["WARC-Target-URI"] == Exchange.url
    assert headers["WARC-IP-Address"] == "127.0.0.1"
    assert "WARC-Truncated" not in headers
    body = Exchange.body
    assert response["payload"] == body
    assert headers["WARC-Payload-Digest"] == sha1_base32(body)
    http = response["http"]
    assert http.get_statuscode() == "200"
    # The payload is stored decoded: the wire's coding headers are renamed, the length is true.
    assert http.get_header("Content-Encoding") is None
    assert http.get_header("X-Crawler-Content-Encoding") == "gzip"
    assert http.get_header("X-Crawler-Content-Length") == "57"
    assert http.get_header("Content-Length") == str(len(body))
    block = http.to_bytes() + body
    assert headers["WARC-Block-Digest"] == sha1_base32(block)


def test_each_record_is_its_own_gzip_member(tmp_path: Path) -> None:
    with WarcArchive(tmp_path) as archive:
        archive.write_exchange(Exchange())
    [path] = warc_files(tmp_path)
    offsets = []
    with path.open("rb") as handle:
        iterator = ArchiveIterator(handle)
        for _ in iterator:
            offsets.append((iterator.get_record_offset(), iterator.get_record_length()))
    data = path.read_bytes()
    assert len(offsets) == 3
    for offset, length in offsets:
        member = gzip.decompress(data[offset : offset + length])
        assert member.startswith(b"WARC/1.0\r\n")
    assert offsets[-1][0] + offsets[-1][1] == len(data)


def test_a_truncated_body_is_marked(tmp_path: Path) -> None:
    cut = Exchange(body=b"<html>" + b"x" * 100, truncated="length")
    with WarcArchive(tmp_path) as archive:
        archive.write_exchange(cut)
    response = read_records(warc_files(tmp_path)[0])[2]
    assert response["warc"]["WARC-Truncated"] == "length"
    assert response["payload"] == cut.body


def test_files_rotate_by_size_and_a_pair_is_never_split(tmp_path: Path) -> None:
    with WarcArchive(tmp_path, max_bytes=30_000) as archive:
        for n in range(6):
            body = random.Random(n).randbytes(10_000)  # incompressible: ~10 KB per record
            archive.write_exchange(Exchange(url=f"http://h.test/p{n}", body=body))
    files = warc_files(tmp_path)
    assert len(files) >= 2
    urls = []
    for path in files:
        assert path.stat().st_size <= 30_000
        records = read_records(path)
        assert records[0]["type"] == "warcinfo"
        pairs = records[1:]
        assert [r["type"] for r in pairs] == ["request", "response"] * (len(pairs) // 2)
        urls += [r["warc"]["WARC-Target-URI"] for r in pairs if r["type"] == "response"]
    assert urls == [f"http://h.test/p{n}" for n in range(6)]


def test_a_record_larger_than_the_limit_gets_a_file_of_its_own(tmp_path: Path) -> None:
    big = Exchange(body=random.Random(1).randbytes(5000))
    with WarcArchive(tmp_path, max_bytes=1000) as archive:
        archive.write_exchange(big)
        archive.write_exchange(big)
    files = warc_files(tmp_path)
    assert len(files) == 2
    assert all(len(read_records(path)) == 3 for path in files)


def test_rendered_dom_refers_to_the_response(tmp_path: Path) -> None:
    with WarcArchive(tmp_path) as archive:
        response_id = archive.write_exchange(Exchange())
        conversion_id = archive.write_rendered(Exchange.url, "<html><p>rendered</p></html>")
        explicit = archive.write_rendered("http://other.test/", b"<p>x</p>", refers_to="<urn:x>")
        orphan = archive.write_rendered("http://never.test/", b"<p>y</p>")
    records = read_records(warc_files(tmp_path)[0])
    by_id = {r["warc"]["WARC-Record-ID"]: r for r in records}
    conversion = by_id[conversion_id]
    assert conversion["type"] == "conversion"
    assert conversion["warc"]["WARC-Refers-To"] == response_id
    assert conversion["warc"]["WARC-Refers-To-Target-URI"] == Exchange.url
    assert conversion["warc"]["WARC-Refers-To-Date"] == "2026-12-06T01:02:03Z"
    assert conversion["warc"]["Content-Type"] == "text/html; charset=utf-8"
    assert conversion["payload"] == b"<html><p>rendered</p></html>"
    assert conversion["warc"]["WARC-Payload-Digest"] == sha1_base32(conversion["payload"])
    assert by_id[explicit]["warc"]["WARC-Refers-To"] == "<urn:x>"
    assert "WARC-Refers-To" not in by_id[orphan]["warc"]


def _record_ends(path: Path) -> list[int]:
    ends = [0]
    with path.open("rb") as handle:
        iterator = ArchiveIterator(handle)
        for _ in iterator:
            ends.append(iterator.get_record_offset() + iterator.get_record_length())
    return ends


def test_every_torn_tail_is_cut_back_to_the_last_whole_record(tmp_path: Path) -> None:
    source = tmp_path / "source"
    with WarcArchive(source) as archive:
        for n in range(3):
            archive.write_exchange(Exchange(url=f"http://h.test/{n}"))
    [path] = warc_files(source)
    data = path.read_bytes()
    ends = _record_ends(path)
    torn = tmp_path / "torn.warc.gz"
    for cut in range(len(data) + 1):
        torn.write_bytes(data[:cut])
        cut_bytes = repair_warc_tail(torn)
        kept = max(end for end in ends if end <= cut)
        assert cut_bytes == cut - kept, cut
        if kept == 0:
            assert not torn.exists()
        else:
            assert torn.read_bytes() == data[:kept]


def test_opening_an_archive_repairs_the_newest_file_and_starts_a_new_one(
    tmp_path: Path,
) -> None:
    with WarcArchive(tmp_path) as archive:
        archive.write_exchange(Exchange(url="http://h.test/1"))
        archive.write_exchange(Exchange(url="http://h.test/2"))
    [first] = warc_files(tmp_path)
    whole = first.read_bytes()
    first.write_bytes(whole[:-25])  # killed in the middle of the last response

    with WarcArchive(tmp_path) as archive:
        assert archive.repaired_bytes > 0
        archive.write_exchange(Exchange(url="http://h.test/3"))
    files = warc_files(tmp_path)
    assert [p.name.split("-")[1] for p in files] == ["00001", "00002"]
    responses = [
        r["warc"]["WARC-Target-URI"]
        for path in files
        for r in read_records(path)
        if r["type"] == "response"
    ]
    # The torn pair lost its response; its request stays (a whole record) and is harmless.
    assert responses == ["http://h.test/1", "http://h.test/3"]


def test_a_disk_error_is_an_output_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from extractor import OutputError

    archive = WarcArchive(tmp_path)

    def refuse(*_: Any) -> int:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("extractor.dataset._warc.os.write", refuse)
    with pytest.raises(OutputError, match="No space left"):
        archive.write_exchange(Exchange())
    monkeypatch.undo()
    archive.close()


def test_records_are_readable_from_an_unseekable_stream(tmp_path: Path) -> None:
    with WarcArchive(tmp_path) as archive:
        archive.write_exchange(Exchange())
    data = warc_files(tmp_path)[0].read_bytes()
    stream = io.BufferedReader(io.BytesIO(data))  # type: ignore[arg-type]
    assert [r.rec_type for r in ArchiveIterator(stream)] == ["warcinfo", "request", "response"]
