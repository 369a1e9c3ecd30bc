"""``--render`` of ``extractor crawl`` and ``extractor render URL``: flags, the missing-browser
rules (auto: one warning; always: exit 2 saying how to install one), real rendered crawls."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from crawl_support import SITE, read_jsonl

import extractor.cli._crawl as cli_crawl
from extractor.cli._main import main
from extractor.testing import LocalSite

BIRD_DOG = "/en/exercise/e1a2b3-bird-dog"  # Videos and Programs filled by script
KAEFER = "/de/exercise/b0a7f1-kaeferhaltung"
GOBLET = "/en/exercise/7b2e04-goblet-squat"  # complete without a browser
CAT_COW = "/en/exercise/5e6f70-cat-cow"  # text/plain: nothing to render
NO_BROWSER = "/no/such/chromium"


@pytest.fixture(scope="module")
def site() -> Iterator[LocalSite]:
    with LocalSite(SITE) as server:
        yield server


class _Recorder:
    calls: list[Any] = []  # noqa: RUF012 (test double)

    def __init__(self, settings: Any, **kwargs: Any) -> None:
        self.calls.append(settings)

    async def run(self, urls: Any, *, sitemaps: Any = ()) -> Any:
        class Summary:
            interrupted = False

        return Summary()


def test_render_flags_map_to_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    _Recorder.calls = []
    monkeypatch.setattr(cli_crawl, "Crawler", _Recorder)
    assert main(["crawl", "https://a.test/en/exercise/abcd-x"]) == 0
    default = _Recorder.calls[0]
    assert (default.render, default.render_timeout, default.render_concurrency) == ("auto", 15, 2)
    assert default.render_allow_hosts == []
    arguments = ["crawl", "https://a.test/en/exercise/abcd-x", "--render", "never"]
    arguments += ["--render-timeout", "3.5", "--render-concurrency", "4"]
    arguments += ["--render-allow-host", "cdn.a.test", "--render-allow-host", "api.a.test:8443"]
    assert main(arguments) == 0
    chosen = _Recorder.calls[1]
    assert (chosen.render, chosen.render_timeout, chosen.render_concurrency) == ("never", 3.5, 4)
    assert chosen.render_allow_hosts == ["cdn.a.test", "api.a.test:8443"]


@pytest.mark.parametrize(
    "arguments",
    [
        ["crawl", "https://a.test/en/exercise/abcd-x", "--render", "always"],
        ["render", "https://a.test/en/exercise/abcd-x"],
    ],
)
def test_always_without_a_browser_exits_2_saying_how_to_install_one(
    arguments: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([*arguments, "--browser", NO_BROWSER]) == 2
    error = capsys.readouterr().err
    assert NO_BROWSER in error
    assert "apt-get install chromium" in error
    assert not (tmp_path / "exercises.jsonl").exists()


def test_auto_without_a_browser_warns_once_and_renders_nothing(
    site: LocalSite, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    urls = [site.url(BIRD_DOG), site.url(KAEFER)]
    arguments = ["crawl", *urls, "-o", str(tmp_path), "--rate", "0", "--log-format", "json"]
    assert main([*arguments, "--browser", NO_BROWSER]) == 0
    events = [json.loads(line) for line in capsys.readouterr().err.splitlines()]
    warnings = [event for event in events if event["event"] == "warning"]
    assert len(warnings) == 1
    assert "not rendering any page" in warnings[0]["reason"]
    assert "apt-get install chromium" in warnings[0]["reason"]
    records = read_jsonl(tmp_path / "exercises.jsonl")
    assert len(records) == 2
    assert all(
        not r["rendered"] and r["unloaded_sections"] == ["programs", "videos"] for r in records
    )


@pytest.mark.parametrize("render", ["auto", "always"])
def test_a_browser_that_does_not_start(
    render: str, site: LocalSite, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """auto: one warning, records as without a browser; always: every page a transient
    failure (a later run with a working browser renders them)."""
    urls = [site.url(BIRD_DOG), site.url(KAEFER)]
    arguments = ["crawl", *urls, "-o", str(tmp_path), "--rate", "0", "--log-format", "json"]
    assert main([*arguments, "--render", render, "--browser", "false"]) == 0
    events = [json.loads(line) for line in capsys.readouterr().err.splitlines()]
    warnings = [event["reason"] for event in events if event["event"] == "warning"]
    records = read_jsonl(tmp_path / "exercises.jsonl")
    failures = read_jsonl(tmp_path / "failures.jsonl")
    if render == "auto":
        assert len(warnings) == 1
        assert "did not start" in warnings[0]
        assert [(r["rendered"], r["unloaded_sections"]) for r in records] == [
            (False, ["programs", "videos"])
        ] * 2
        assert failures == []
    else:
        assert warnings == []
        assert records == []
        assert {(f["stage"], f["error_type"], f["transient"]) for f in failures} == {
            ("render", "BrowserUnavailable", True)
        }
        assert len(failures) == 2


@pytest.mark.slow
def test_crawl_auto_renders_only_the_pages_that_need_it(site: LocalSite, tmp_path: Path) -> None:
    site.reset()
    urls = [site.url(path) for path in (BIRD_DOG, KAEFER, GOBLET, CAT_COW)]
    arguments = ["crawl", *urls, "-o", str(tmp_path), "--rate", "0", "--log-format", "json"]
    assert main([*arguments, "--render-timeout", "10"]) == 0
    records = {r["source_id"]: r for r in read_jsonl(tmp_path / "exercises.jsonl")}
    assert {key: r["rendered"] for key, r in records.items()} == {
        "e1a2b3": True,
        "b0a7f1": True,
        "7b2e04": False,
        "5e6f70": False,
    }
    assert records["e1a2b3"]["unloaded_sections"] == []
    assert [p["name"] for p in records["e1a2b3"]["programs"]] == ["Core basics", "Healthy back"]
    assert [v["title"] for v in records["b0a7f1"]["videos"]] == ["Käferhaltung erklärt"]
    # Two pages rendered: the script and each page's data once; every page fetched once.
    assert site.hits("/assets/sections.js") == 2
    assert site.hits("/api/exercise/e1a2b3.json") == site.hits("/api/exercise/b0a7f1.json") == 1
    assert all(site.hits(path) == 1 for path in (BIRD_DOG, KAEFER, GOBLET))


@pytest.mark.slow
def test_render_prints_the_record_of_the_rendered_page(
    site: LocalSite, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["render", site.url(BIRD_DOG)]) == 0
    record = json.loads(capsys.readouterr().out)
    assert record["rendered"] is True
    assert record["unloaded_sections"] == []
    assert record["videos"] == [
        {
            "url": "https://www.youtube-nocookie.com/embed/bIrDdOg01",
            "title": "Bird dog, step by step",
        }
    ]


def test_render_of_a_missing_page_exits_1_with_the_reason(
    site: LocalSite, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["render", site.url("/en/exercise/404404-missing")]) == 1
    assert "HTTPStatusError: HTTP 404" in capsys.readouterr().err
