"""The gate's rules and the choice of pages to render, without a browser (fast unit tests)."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any

import pytest

from extractor import (
    Exercise,
    HTTPStatusError,
    ListingPage,
    RobotsDisallowed,
    UnrenderedPage,
    parse_page,
)
from extractor.rendering import Gate, Renderer, is_html

PAGE = "http://site.test/en/exercise/ab12-squat"


@dataclass
class _Frame:
    parent_frame: Any = None


@dataclass
class _Request:
    url: str
    resource_type: str = "fetch"
    method: str = "GET"
    navigation: bool = False
    frame: _Frame = field(default_factory=_Frame)

    def is_navigation_request(self) -> bool:
        return self.navigation


@dataclass
class _Route:
    request: _Request
    answers: list[tuple[str, Any]] = field(default_factory=list)

    async def fulfill(self, **kwargs: Any) -> None:
        self.answers.append(("fulfill", kwargs))

    async def abort(self, error_code: str = "failed") -> None:
        self.answers.append(("abort", error_code))


@dataclass(frozen=True)
class _Resource:
    status: int = 200
    content_type: str | None = "application/json"
    body: bytes = b"{}"


class _Fetcher:
    def __init__(self, outcome: _Resource | Exception | None = None) -> None:
        self.outcome = outcome or _Resource()
        self.asked: list[str] = []

    async def __call__(self, url: str) -> _Resource:
        self.asked.append(url)
        if isinstance(self.outcome, Exception):
            raise self.outcome
        return self.outcome


def _route(gate: Gate, request: _Request) -> _Route:
    route = _Route(request)
    asyncio.run(gate.handle(route))  # type: ignore[arg-type]
    assert gate.in_flight == 0
    return route


def _gate(fetch: _Fetcher, **kwargs: Any) -> Gate:
    return Gate(PAGE, b"<html>page</html>", "text/html", fetch, **kwargs)


def test_the_page_itself_is_answered_with_its_fetched_bytes_once() -> None:
    fetch = _Fetcher()
    gate = _gate(fetch)
    first = _route(gate, _Request(PAGE + "#top", "document", navigation=True))
    assert first.answers == [
        (
            "fulfill",
            {"status": 200, "body": b"<html>page</html>", "headers": {"content-type": "text/html"}},
        )
    ]
    again = _route(gate, _Request(PAGE, "document", navigation=True))  # a reload: refused
    assert again.answers == [("fulfill", {"status": 204, "body": b""})]
    assert fetch.asked == []
    assert "refused" in gate.notes[0]


def test_iframes_are_not_loaded() -> None:
    fetch = _Fetcher()
    gate = _gate(fetch)
    route = _route(gate, _Request("http://site.test/embed", "document", frame=_Frame(object())))
    assert route.answers == [("abort", "blockedbyclient")]
    assert fetch.asked == []


@pytest.mark.parametrize(
    ("request_", "why"),
    [
        (_Request("http://site.test/x.png", "image"), "image requests are not made"),
        (_Request("http://site.test/f.woff2", "font"), "font requests are not made"),
        (_Request("http://site.test/v.mp4", "media"), "media requests are not made"),
        (_Request("http://site.test/api", "fetch", method="POST"), "POST"),
        (_Request("http://cdn.test/lib.js", "script"), "another host"),
        (_Request("https://site.test/lib.js", "script"), "another host"),  # another scheme
        (_Request("http://site.test:8080/lib.js", "script"), "another host"),  # another port
    ],
)
def test_refused_requests_are_never_fetched(request_: _Request, why: str) -> None:
    fetch = _Fetcher()
    gate = _gate(fetch)
    route = _route(gate, request_)
    assert route.answers == [("abort", "blockedbyclient")]
    assert fetch.asked == []
    if request_.resource_type in ("script", "fetch"):  # worth telling; images are not
        assert why in gate.notes[0]
    else:
        assert gate.notes == []


def test_allowed_hosts_are_fetched_through_the_crawler_with_cors_for_the_page() -> None:
    fetch = _Fetcher()
    gate = _gate(fetch, allow_hosts=["cdn.test", "api.test:8443"])
    for url in ("http://cdn.test/lib.js", "https://api.test:8443/data"):
        route = _route(gate, _Request(url, "script"))
        (kind, answer), *_ = route.answers
        assert kind == "fulfill"
        assert answer["headers"]["access-control-allow-origin"] == "http://site.test"
    assert fetch.asked == ["http://cdn.test/lib.js", "https://api.test:8443/data"]
    assert _route(gate, _Request("https://api.test/data")).answers[0][0] == "abort"


def test_fetched_answers_and_failures_are_handed_to_the_page() -> None:
    ok = _route(_gate(_Fetcher()), _Request("http://site.test/data.json"))
    assert ok.answers == [
        ("fulfill", {"status": 200, "body": b"{}", "headers": {"content-type": "application/json"}})
    ]
    gate = _gate(_Fetcher(HTTPStatusError("HTTP 500", status=500)))
    failed = _route(gate, _Request("http://site.test/data.json"))
    assert failed.answers == [("fulfill", {"status": 500, "body": b"", "headers": {}})]
    assert gate.notes == ["http://site.test/data.json: HTTP 500"]
    gate = _gate(_Fetcher(RobotsDisallowed("disallowed by robots.txt", attempts=0)))
    refused = _route(gate, _Request("http://site.test/private.json"))
    assert refused.answers == [("abort", "blockedbyclient")]
    assert "not fetched (disallowed by robots.txt)" in gate.notes[0]


@dataclass(frozen=True)
class _Page:
    final_url: str = PAGE
    content_type: str | None = "text/html; charset=utf-8"
    body: bytes = b"<!DOCTYPE html><html></html>"


def _record(unloaded: bool) -> Exercise:
    videos = "<p>Loading...</p>" if unloaded else "<iframe src='https://v.test/e/1'></iframe>"
    html = (
        f"<html><body><h1>Squat</h1><h2>Videos</h2>{videos}"
        "<h2>Instructions</h2><ul><li>Sit back.</li></ul></body></html>"
    )
    return parse_page(html, url=PAGE, content_type="text/html")


@pytest.mark.parametrize(
    ("mode", "parsed", "expected"),
    [
        ("never", "unloaded", False),
        ("auto", "unloaded", True),
        ("auto", "complete", False),
        ("auto", UnrenderedPage("shell"), True),
        ("auto", ListingPage("listing"), False),
        ("always", "complete", True),
        ("always", ListingPage("listing"), True),
    ],
)
def test_which_pages_are_rendered(mode: Any, parsed: Any, expected: bool) -> None:
    if isinstance(parsed, str):
        parsed = _record(unloaded=parsed == "unloaded")
    assert Renderer.wants(mode, _Page(), parsed) is expected


def test_only_html_is_rendered() -> None:
    text = _Page(content_type="text/plain", body=b"Squat\n\nVideos\n\nLoading...")
    assert Renderer.wants("always", text, _record(unloaded=True)) is False
    assert is_html(None, b"\xef\xbb\xbf  <!DOCTYPE html><html>")
    assert is_html("application/xhtml+xml", b"")
    assert not is_html(None, b"Squat\nInstructions")
