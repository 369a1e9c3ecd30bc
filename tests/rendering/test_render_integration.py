"""Rendering with the real headless Chromium against pages served on 127.0.0.1.

One browser (one ``Renderer``) serves the whole module on one event loop; each test renders
pages of a site written for it and checks the record and what the servers saw.
"""

from __future__ import annotations

import asyncio
import os
import signal
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from crawl_support import fast_settings
from render_support import data_json, fill, page, write

from extractor import Exercise, ExtractionError, RenderError, UnrenderedPage, parse_page
from extractor.crawling._fetch import Fetcher
from extractor.rendering import Renderer, RenderOptions, find_browser
from extractor.testing import Fault, LocalSite

pytestmark = pytest.mark.slow

TIMEOUT = 4.0  # the render timeout of this module (the default is 15 s)


class Rig:
    """A site, another host, and one fetcher + renderer on one event loop."""

    def __init__(self, root: Path, other_root: Path) -> None:
        self.loop = asyncio.new_event_loop()
        self.site = LocalSite(root).start()
        self.other = LocalSite(other_root).start()
        self.fetcher = Fetcher(fast_settings(root / "unused-output", max_retries=1))
        self.renderer = self.new_renderer()

    def new_renderer(self, **options: Any) -> Renderer:
        values: dict[str, Any] = {"executable": find_browser(), "timeout": TIMEOUT}
        values.update(options)
        return Renderer(RenderOptions(**values), self.fetcher.fetch_resource)

    def render(self, path: str, renderer: Renderer | None = None) -> Exercise:
        return self.loop.run_until_complete(self.render_async(path, renderer))

    async def render_async(self, path: str, renderer: Renderer | None = None) -> Exercise:
        result = await self.fetcher.fetch_page(self.site.url(path))
        try:
            parsed: Exercise | ExtractionError = parse_page(
                result.body, url=result.final_url, content_type=result.content_type
            )
        except ExtractionError as exc:
            parsed = exc
        chosen = renderer or self.renderer
        assert chosen.wants("auto", result, parsed)
        return await chosen.render_record(result, parsed)

    def close(self) -> None:
        loop = self.loop
        loop.run_until_complete(self.renderer.aclose())
        loop.run_until_complete(self.fetcher.aclose())
        # As asyncio.run does: a task still pending (a route handler whose page closed while it
        # awaited a fetch; this loop only runs during a test) is cancelled and awaited, not
        # left to be destroyed pending when the interpreter exits.
        loop.run_until_complete(_cancelled(asyncio.all_tasks(loop)))
        loop.run_until_complete(loop.shutdown_asyncgens())
        loop.close()
        self.site.stop()
        self.other.stop()


async def _cancelled(tasks: set[asyncio.Task[Any]]) -> None:
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)


@pytest.fixture(scope="module")
def rig(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Rig]:
    root = tmp_path_factory.mktemp("site")
    other_root = tmp_path_factory.mktemp("other")
    write(other_root, {"/lib.js": "window.fromOtherHost = true;", "/trap.html": "<p>trap</p>"})
    (other_root / "x.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    rig = Rig(root, other_root)
    other = rig.other.origin
    write(
        root,
        {
            "/robots.txt": "User-agent: *\nDisallow: /private/\n",
            "/data/1.json": data_json(),
            "/private/1.json": data_json(),
            "/en/exercise/a00001-delayed.html": page("Delayed", body=fill("/data/1.json", 400)),
            "/en/exercise/a00002-server-error.html": page(
                "Server error", body=fill("/data/broken.json", 50)
            ),
            "/en/exercise/a00003-throws.html": page("Throws", body="<script>null.boom();</script>"),
            "/en/exercise/a00004-shell.html": (
                "<!DOCTYPE html><html lang='en'><head><title>Shell</title>"
                "<script src='/app.js' defer></script></head>"
                "<body><div id='app'>Loading...</div></body></html>"
            ),
            "/app.js": (
                "document.getElementById('app').outerHTML = '<main><h1>Shell squat</h1>"
                "<h2>Instructions</h2><ul><li>Sit back.</li><li>Stand up.</li></ul>"
                "<h2>Description</h2><p>Built by a script.</p></main>';"
            ),
            "/en/exercise/a00005-other-hosts.html": page(
                "Other hosts",
                head=(
                    f"<link rel='stylesheet' href='{other}/style.css'>"
                    f"<script src='{other}/lib.js'></script>"
                    f"<style>@font-face{{font-family:F;src:url({other}/f.woff2)}}"
                    "body{font-family:F}</style>"
                ),
                body=(
                    f"<img src='{other}/x.png' alt='remote'><img src='/own.png' alt='own'>"
                    f"<video src='{other}/clip.mp4' autoplay></video>" + fill("/data/1.json", 100)
                ),
            ),
            "/own.png": "not really a png",
            "/file.bin": "a download",
            "/en/exercise/a00006-escapes.html": page(
                "Escapes",
                # The escapes come first; the sections are filled after them.
                body=fill("/data/1.json", 700) + "<script>setTimeout(function () {"
                "var a = document.createElement('a');"
                "a.href = '/file.bin'; a.download = 'file.bin';"
                "document.body.appendChild(a); a.click();"
                f"window.open('{other}/trap.html');"
                f"location.href = '{other}/trap.html';"
                "}, 50);</script>",
            ),
            "/en/exercise/a00007-endless.html": page(
                "Endless", body="<script>setTimeout(function () { for (;;) {} }, 200);</script>"
            ),
            "/en/exercise/a00008-robots.html": page("Robots", body=fill("/private/1.json", 50)),
            "/en/exercise/a00009-slow.html": page("Slow", body=fill("/data/slow.json", 50)),
            "/en/exercise/a0000a-hungry.html": page(
                "Hungry",
                body="<script>setTimeout(function () { var keep = [];"
                " for (;;) { keep.push(new Array(1e6).fill(Math.random())); } }, 100);</script>",
            ),
            "/data/slow.json": data_json(),
        },
    )
    rig.site.faults["/data/broken.json"] = Fault(status=500)
    yield rig
    rig.close()


def _assert_filled(record: Exercise) -> None:
    assert record.rendered is True
    assert record.unloaded_sections == []
    assert [video.url for video in record.videos] == ["https://video.example/embed/abc"]
    assert [program.name for program in record.programs] == ["Core basics"]


def test_sections_loaded_after_a_delay_are_filled(rig: Rig) -> None:
    rig.site.reset()
    record = rig.render("/en/exercise/a00001-delayed")
    _assert_filled(record)
    assert record.warnings == []
    assert record.instructions[0] == "Stand tall with your feet hip-width apart."
    # The page itself was fetched once (the browser got those bytes), its data once, and
    # every request carried the crawler's user agent.
    assert rig.site.hits("/en/exercise/a00001-delayed") == 1
    assert rig.site.hits("/data/1.json") == 1
    agents = {entry.user_agent for entry in rig.site.requests}
    assert agents == {rig.fetcher.settings.user_agent}


def test_an_endpoint_answering_500_leaves_the_sections_unloaded_with_a_warning(
    rig: Rig,
) -> None:
    started = time.monotonic()
    record = rig.render("/en/exercise/a00002-server-error")
    assert record.rendered is True
    assert record.unloaded_sections == ["programs", "videos"]
    (warning,) = record.warnings
    assert "rendered in a browser, but programs, videos never loaded" in warning
    assert "/data/broken.json: HTTP 500" in warning
    # Nothing was left to wait for: the page was given up as quiet, not at the deadline.
    assert "went quiet" in warning
    assert time.monotonic() - started < TIMEOUT


def test_a_script_that_throws_is_reported(rig: Rig) -> None:
    record = rig.render("/en/exercise/a00003-throws")
    assert record.unloaded_sections == ["programs", "videos"]
    (warning,) = record.warnings
    assert "script error: TypeError" in warning


def test_a_whole_page_javascript_shell_is_rendered_into_a_record(rig: Rig) -> None:
    body, content_type = rig.site.served("/en/exercise/a00004-shell")
    with pytest.raises(UnrenderedPage):
        parse_page(body, url=rig.site.url("/en/exercise/a00004-shell"), content_type=content_type)
    record = rig.render("/en/exercise/a00004-shell")
    assert record.rendered is True
    assert record.name == "Shell squat"
    assert record.instructions == ["Sit back.", "Stand up."]
    assert record.description == "Built by a script."


def test_other_hosts_images_fonts_and_media_are_never_requested(rig: Rig) -> None:
    rig.other.reset()
    rig.site.reset()
    record = rig.render("/en/exercise/a00005-other-hosts")
    assert record.rendered is True
    assert record.unloaded_sections == []
    # The page's own <video> element is read from the DOM, though its file was never loaded.
    assert sorted(video.url for video in record.videos) == sorted(
        [rig.other.url("/clip.mp4"), "https://video.example/embed/abc"]
    )
    assert rig.other.requests == []
    assert rig.site.hits("/own.png") == 0  # images are not fetched, even from the page's host


def test_allowed_host_is_reached_through_the_fetcher(rig: Rig) -> None:
    rig.other.reset()
    host = rig.other.origin.removeprefix("http://")
    renderer = rig.new_renderer(allow_hosts=(host,))
    try:
        record = rig.render("/en/exercise/a00005-other-hosts", renderer)
        assert record.unloaded_sections == []
    finally:
        rig.loop.run_until_complete(renderer.aclose())
    # The script (and stylesheet) came from the allowed host; images, fonts, media did not.
    assert {entry.path for entry in rig.other.requests} <= {"/lib.js", "/style.css", "/robots.txt"}
    assert rig.other.hits("/lib.js") == 1
    assert rig.other.hits("/x.png") == rig.other.hits("/f.woff2") == 0


def test_a_script_cannot_navigate_away_open_windows_or_download(rig: Rig) -> None:
    rig.other.reset()
    rig.site.reset()
    record = rig.render("/en/exercise/a00006-escapes")
    _assert_filled(record)
    assert record.name == "Escapes"
    assert rig.other.requests == []
    assert rig.site.hits("/file.bin") == 0


def test_an_endless_script_is_bounded_and_the_browser_goes_on(rig: Rig) -> None:
    started = time.monotonic()
    record = rig.render("/en/exercise/a00007-endless")
    assert time.monotonic() - started < TIMEOUT + 6
    assert record.unloaded_sections == ["programs", "videos"]
    (warning,) = record.warnings
    assert f"timed out after {TIMEOUT:g} s" in warning
    assert "endless loop" in warning
    _assert_filled(rig.render("/en/exercise/a00001-delayed"))  # the next page renders


def test_robots_txt_disallowing_the_data_endpoint_is_obeyed(rig: Rig) -> None:
    rig.site.reset()
    record = rig.render("/en/exercise/a00008-robots")
    assert rig.site.hits("/private/1.json") == 0
    assert record.unloaded_sections == ["programs", "videos"]
    (warning,) = record.warnings
    assert "/private/1.json: not fetched (disallowed by" in warning


def _crash_mid_page(rig: Rig, renderer: Renderer) -> Exercise | BaseException:
    """Render the slow page and SIGKILL the browser while its data request is pending."""
    rig.site.reset()
    rig.site.faults["/data/slow.json"] = Fault(delay=1.5, times=1)

    async def scenario() -> Exercise | BaseException:
        task = asyncio.ensure_future(rig.render_async("/en/exercise/a00009-slow", renderer))
        for _ in range(500):  # up to 10 s for the data request to reach the server
            if rig.site.hits("/data/slow.json"):
                break
            await asyncio.sleep(0.02)
        assert renderer.host.pid is not None
        os.kill(renderer.host.pid, signal.SIGKILL)
        try:
            return await task
        except RenderError as exc:
            return exc

    try:
        return rig.loop.run_until_complete(scenario())
    finally:
        rig.site.faults.pop("/data/slow.json", None)


def test_a_browser_crash_mid_page_restarts_it_and_retries_the_page(rig: Rig) -> None:
    renderer = rig.new_renderer(max_retries=1)
    try:
        outcome = _crash_mid_page(rig, renderer)
        assert isinstance(outcome, Exercise), outcome
        _assert_filled(outcome)
        assert renderer.host.launches == 2
    finally:
        rig.loop.run_until_complete(renderer.aclose())


def test_a_browser_crash_without_retries_fails_only_that_page_as_transient(rig: Rig) -> None:
    renderer = rig.new_renderer(max_retries=0)
    try:
        outcome = _crash_mid_page(rig, renderer)
        assert isinstance(outcome, RenderError)
        assert outcome.transient is True
        assert "the browser crashed" in str(outcome)
        _assert_filled(rig.render("/en/exercise/a00001-delayed", renderer))  # restarted
        assert renderer.host.launches == 2
    finally:
        rig.loop.run_until_complete(renderer.aclose())


def test_a_page_beyond_its_memory_cap_crashes_alone(rig: Rig) -> None:
    renderer = rig.new_renderer(memory_mb=64)
    try:
        started = time.monotonic()
        record = rig.render("/en/exercise/a0000a-hungry", renderer)
        assert time.monotonic() - started < TIMEOUT + 6
        assert record.unloaded_sections == ["programs", "videos"]
        (warning,) = record.warnings
        assert "the page crashed (beyond its 64 MB JavaScript heap cap" in warning
        _assert_filled(rig.render("/en/exercise/a00001-delayed", renderer))  # the browser lives
        assert renderer.host.launches == 1
    finally:
        rig.loop.run_until_complete(renderer.aclose())
