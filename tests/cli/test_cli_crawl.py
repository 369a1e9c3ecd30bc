"""``extractor crawl``: argument parsing, settings mapping and exit codes."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from crawl_support import EXERCISE_PAGES, SITE, read_jsonl

import extractor.cli._crawl as cli_crawl
from extractor.cli._main import build_parser, main
from extractor.testing._localsite import LocalSite


@pytest.fixture(scope="module")
def site() -> Iterator[LocalSite]:
    with LocalSite(SITE) as server:
        yield server


@pytest.mark.parametrize(
    "arguments",
    [
        [],  # no URL, no --urls, no --sitemap
        ["https://a.test/en/exercise/abcd-x", "--include", "(unclosed"],
        ["https://a.test/en/exercise/abcd-x", "--concurrency", "0"],
        ["https://a.test/en/exercise/abcd-x", "--concurrency", "many"],
        ["https://a.test/en/exercise/abcd-x", "--rate", "-1"],
        ["https://a.test/en/exercise/abcd-x", "--rate", "fast"],
        ["https://a.test/en/exercise/abcd-x", "--max-retries", "-1"],
        ["https://a.test/en/exercise/abcd-x", "--max-retries", "99"],
        ["https://a.test/en/exercise/abcd-x", "--timeout", "0"],
        ["https://a.test/en/exercise/abcd-x", "--max-bytes", "12 parsecs"],
        ["https://a.test/en/exercise/abcd-x", "--format", "xml"],
        ["https://a.test/en/exercise/abcd-x", "--log-format", "yaml"],
        ["ftp://a.test/en/exercise/abcd-x"],
        ["--sitemap", "sitemap.xml"],
        ["--urls", "/no/such/file.txt"],
    ],
)
def test_usage_errors_exit_2(arguments: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["crawl", *arguments]) == 2
    assert "error" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("text", "expected"),
    [("1048576", 1048576), ("512k", 512 * 1024), ("10M", 10 * 1024**2), ("1.5MiB", 1572864)],
)
def test_max_bytes_accepts_units(text: str, expected: int) -> None:
    args = build_parser().parse_args(["crawl", "https://a.test/", "--max-bytes", text])
    assert args.max_bytes == expected


class _Recorder:
    """Stands in for Crawler: records the settings and what it was asked to crawl."""

    calls: list[dict[str, Any]] = []  # noqa: RUF012 (test double)

    def __init__(self, settings: Any, **kwargs: Any) -> None:
        self.settings = settings

    async def run(self, urls: Any, *, sitemaps: Any = ()) -> Any:
        self.calls.append({"settings": self.settings, "urls": list(urls), "sitemaps": sitemaps})

        class Summary:
            interrupted = False

        return Summary()


@pytest.fixture
def recorder(monkeypatch: pytest.MonkeyPatch) -> type[_Recorder]:
    _Recorder.calls = []
    monkeypatch.setattr(cli_crawl, "Crawler", _Recorder)
    return _Recorder


def test_flags_map_to_settings(recorder: type[_Recorder], tmp_path: Path) -> None:
    code = main(
        [
            "crawl",
            "https://a.test/en/exercise/abcd-x",
            "--sitemap",
            "https://a.test/s1.xml",
            "https://a.test/s2.xml",
            "--output",
            str(tmp_path),
            "--concurrency",
            "5",
            "--rate",
            "none",
            "--max-retries",
            "0",
            "--timeout",
            "2.5",
            "--max-bytes",
            "1M",
            "--user-agent",
            "tester/1.0 (+https://a.test/contact)",
            "--ignore-robots",
            "--no-resume",
            "--include",
            "/ex/",
            "--format",
            "json",
            "--http-client",
            "httpx",
        ]
    )
    assert code == 0
    (call,) = recorder.calls
    settings = call["settings"]
    assert settings.output == tmp_path
    assert (settings.concurrency, settings.rate, settings.max_retries) == (5, None, 0)
    assert (settings.timeout, settings.max_bytes) == (2.5, 1024**2)
    assert settings.user_agent == "tester/1.0 (+https://a.test/contact)"
    assert (settings.respect_robots, settings.resume) == (False, False)
    assert (settings.include, settings.output_format) == ("/ex/", "json")
    assert settings.http_client == "httpx"
    assert call["urls"] == ["https://a.test/en/exercise/abcd-x"]
    assert call["sitemaps"] == ["https://a.test/s1.xml", "https://a.test/s2.xml"]


def test_defaults_are_polite(recorder: type[_Recorder]) -> None:
    assert main(["crawl", "https://a.test/en/exercise/abcd-x"]) == 0
    settings = recorder.calls[0]["settings"]
    assert (settings.concurrency, settings.rate, settings.max_retries) == (8, 2.0, 3)
    assert settings.max_bytes == 10 * 1024**2
    assert settings.respect_robots
    assert settings.resume
    assert settings.user_agent.startswith("extractor/")
    assert "https://" in settings.user_agent
    assert settings.include == "/exercise/"
    assert settings.http_client == "aiohttp"


@pytest.mark.parametrize("zero", ["0", "none", "None"])
def test_rate_zero_or_none_means_unlimited(recorder: type[_Recorder], zero: str) -> None:
    assert main(["crawl", "https://a.test/en/exercise/abcd-x", "--rate", zero]) == 0
    assert recorder.calls[0]["settings"].rate is None


def test_urls_file_and_stdin_are_read(
    recorder: type[_Recorder], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url_file = tmp_path / "urls.txt"
    url_file.write_text("https://a.test/en/exercise/aaaa-1\n\nhttps://a.test/en/exercise/bbbb-2\n")
    assert main(["crawl", "https://a.test/en/exercise/0000-0", "--urls", str(url_file)]) == 0
    assert recorder.calls[0]["urls"] == [
        "https://a.test/en/exercise/0000-0",
        "https://a.test/en/exercise/aaaa-1",
        "",
        "https://a.test/en/exercise/bbbb-2",
    ]
    monkeypatch.setattr("sys.stdin", io.StringIO("https://a.test/en/exercise/cccc-3\n"))
    assert main(["crawl", "--urls", "-"]) == 0
    assert recorder.calls[1]["urls"] == ["https://a.test/en/exercise/cccc-3"]


def test_undecodable_bytes_in_the_urls_file_do_not_stop_the_run(
    recorder: type[_Recorder], tmp_path: Path
) -> None:
    url_file = tmp_path / "urls.txt"
    url_file.write_bytes(
        b"https://a.test/en/exercise/aaaa-caf\xe9\nhttps://a.test/en/exercise/bbbb\n"
    )
    assert main(["crawl", "--urls", str(url_file)]) == 0
    assert recorder.calls[0]["urls"] == [
        "https://a.test/en/exercise/aaaa-caf\ufffd",
        "https://a.test/en/exercise/bbbb",
    ]


def test_a_real_crawl_exits_0_with_failures_listed(
    site: LocalSite, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    urls = [site.url(EXERCISE_PAGES["5e6f70"]), site.url("/en/exercise/404404-missing")]
    arguments = ["crawl", *urls, "--output", str(tmp_path), "--rate", "none"]
    assert main([*arguments, "--format", "json", "--log-format", "json"]) == 0
    events = [json.loads(line) for line in capsys.readouterr().err.splitlines()]
    names = [e["event"] for e in events]
    assert (names[0], names[-1]) == ("start", "summary")
    assert sorted(names[1:-1]) == ["failure", "record"]
    assert [r["source_id"] for r in read_jsonl(tmp_path / "exercises.jsonl")] == ["5e6f70"]
    assert [f["status"] for f in read_jsonl(tmp_path / "failures.jsonl")] == [404]
    assert (tmp_path / "exercises.json").exists()
    manifest = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["arguments"]["settings"]["rate"] is None
    assert manifest["arguments"]["urls"] == urls
    assert manifest["arguments"]["urls_file"] is None


@pytest.mark.parametrize("client", ["aiohttp", "httpx"])
def test_sitemap_crawl_from_the_cli(site: LocalSite, tmp_path: Path, client: str) -> None:
    sitemap = site.url("/sitemap_index.xml")
    arguments = ["--sitemap", sitemap, "-o", str(tmp_path), "--rate", "0", "--http-client", client]
    assert main(["crawl", *arguments]) == 0
    written = {r["source_id"] for r in read_jsonl(tmp_path / "exercises.jsonl")}
    assert written == set(EXERCISE_PAGES)


def test_unwritable_output_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    code = main(["crawl", "https://a.test/en/exercise/abcd-x", "--output", str(blocker / "out")])
    assert code == 1
    assert "error" in capsys.readouterr().err
