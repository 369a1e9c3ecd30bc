"""Render a fetched page in the headless browser and read its DOM with ``parse_page``.

::

    async with Renderer(RenderOptions(executable=find_browser()), fetch) as renderer:
        record = await renderer.render_record(fetched, parsed)

How one page goes: a fresh browser context (no cookies or storage shared between pages, no
downloads, no service workers; popups closed as they open), every request through the
``Gate``, the page's own bytes as its document. Then the DOM is read every ``_POLL`` seconds
and parsed, until:

- **loaded**: the parse gives a record with no loading placeholder left and no request is in
  flight;
- **quiet**: nothing more can happen by itself: the document is complete, no request has been
  in flight for ``_QUIET`` s and no timer is pending (an init script counts ``setTimeout``
  callbacks due before the deadline), yet placeholders remain;
- **timed out** after ``timeout`` s (a script that never yields, a slow chain of requests);
- **crashed**: the page's renderer died (its JavaScript heap cap, ``memory_mb``).

A crash of the whole browser fails only the page in flight, the browser is started again and
the page is tried again (``max_retries``), then it is a transient ``RenderError``.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Literal, Protocol

from .._exceptions import BrowserUnavailable, ExtractionError, RenderError, UnrenderedPage
from .._models import Exercise
from ..parsing import parse_page
from ._browser import BrowserHost
from ._gate import Fetch, Gate

if TYPE_CHECKING:
    from playwright.async_api import Browser, BrowserContext, Page

__all__ = [
    "FetchedPage",
    "RenderMode",
    "RenderOptions",
    "RenderedPage",
    "Renderer",
    "Rendering",
    "is_html",
]

RenderMode = Literal["auto", "always", "never"]
RetryHook = Callable[[str, int, str, float], None]

_POLL = 0.1  # seconds between two reads of the DOM
_QUIET = 0.5  # seconds without a request before the page counts as quiet
_CLOSE_TIMEOUT = 5.0
_HTML = "text/html; charset=utf-8"
_HTML_TYPES = ("text/html", "application/xhtml+xml")

# Counts setTimeout callbacks that are due before the render deadline and have not run:
# while one is pending the page may still load something by itself (a delayed fetch).
# Timers due later, and intervals (carousels, polling), do not hold the page.
_TIMERS_JS = """
(() => {
  const horizon = %d;
  const pending = new Set();
  const setT = window.setTimeout, clearT = window.clearTimeout;
  window.setTimeout = function (callback, delay, ...rest) {
    if (typeof callback !== "function" || Number(delay || 0) > horizon) {
      return setT.call(this, callback, delay, ...rest);
    }
    const id = setT.call(this, function () {
      pending.delete(id);
      return callback.apply(this, arguments);
    }, delay, ...rest);
    pending.add(id);
    return id;
  };
  window.clearTimeout = function (id) { pending.delete(id); return clearT.call(this, id); };
  Object.defineProperty(window, "__extractorPendingTimers", { value: () => pending.size });
})();
"""
_STATE_JS = (
    "() => [document.readyState,"
    " window.__extractorPendingTimers ? window.__extractorPendingTimers() : 0]"
)


class FetchedPage(Protocol):
    """A page as the crawler fetched it (its ``FetchResult`` has these attributes)."""

    @property
    def final_url(self) -> str: ...
    @property
    def content_type(self) -> str | None: ...
    @property
    def body(self) -> bytes: ...


@dataclass(frozen=True, slots=True)
class RenderOptions:
    """How to render (the crawler fills it from its settings)."""

    executable: Path
    """The browser (see ``find_browser``)."""
    timeout: float = 15.0
    """Seconds a page may take to load its sections."""
    concurrency: int = 2
    """Pages open in the browser at once."""
    allow_hosts: Collection[str] = ()
    """Hosts besides the page's own that its requests may reach (``host`` or ``host:port``)."""
    user_agent: str | None = None
    """The browser's ``navigator.userAgent`` (requests carry the fetcher's anyway)."""
    memory_mb: int = 512
    """JavaScript heap cap of a page, in MB."""
    max_retries: int = 2
    """Attempts after the first when the browser crashes mid-page."""
    fall_back: bool = False
    """When the browser cannot start, keep what the HTML alone gave (``--render auto``) and
    warn once, instead of raising ``BrowserUnavailable`` for every page."""


@dataclass(frozen=True, slots=True)
class Rendering:
    """What the browser made of one page."""

    html: str | None
    """The DOM serialised, or None when it could not be read (a page that never yields)."""
    loaded: bool
    """Every section's placeholder was gone."""
    stopped: str
    """Why waiting ended (``loaded``, or the reason and what failed on the way)."""
    seconds: float
    fetched: list[str] = field(default_factory=list)
    """URLs the page's requests fetched (through the crawler's fetcher)."""


@dataclass(frozen=True, slots=True)
class RenderedPage:
    """A page after the browser: its outcome and the DOM that outcome was read from."""

    outcome: Exercise | Exception
    """The record, or why there is none (the parse error, with why rendering stopped)."""
    html: str | None = None
    """The rendered DOM, or None when the browser gave none (it failed, or is unavailable)."""
    stopped: str | None = None
    """Why waiting for the DOM ended (``Rendering.stopped``), when there is a DOM."""


def read_rendered(html: str, *, url: str, stopped: str) -> Exercise:
    """The record of a rendered DOM: ``parse_page`` of the DOM, marked ``rendered``, with a
    warning naming the sections that never loaded and why waiting stopped (``stopped``).

    What a crawl writes for a rendered page, and what ``extract`` makes of the DOM a crawl
    archived (a ``conversion`` record), so both give the same record. Raises the parser's
    ``ExtractionError``.
    """
    record = parse_page(html, url=url, content_type=_HTML)
    warnings = list(record.warnings)
    if record.unloaded_sections:
        names = ", ".join(record.unloaded_sections)
        why = " ".join(stopped.split())  # one line, as a WARC header keeps it
        warnings.append(f"rendered in a browser, but {names} never loaded: {why}")
    return record.model_copy(update={"rendered": True, "warnings": warnings})


class _BrowserCrashed(Exception):
    """The browser died under the page (not the page's renderer alone)."""


class Renderer:
    """Renders pages in one lazily started browser; use as ``async with``."""

    def __init__(
        self,
        options: RenderOptions,
        fetch: Fetch,
        *,
        on_retry: RetryHook | None = None,
        on_warning: Callable[[str], None] | None = None,
    ) -> None:
        self.options = options
        self.host = BrowserHost(options.executable, memory_mb=options.memory_mb)
        self._fetch = fetch
        self._on_retry = on_retry
        self._on_warning = on_warning
        self._warned = False
        self._slots = asyncio.Semaphore(options.concurrency)
        self.rendered = 0
        """Pages rendered so far."""

    async def __aenter__(self) -> Renderer:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the browser; no browser process is left behind."""
        await asyncio.shield(self.host.aclose())

    # -- records -----------------------------------------------------------------------------

    @staticmethod
    def wants(mode: RenderMode, page: FetchedPage, parsed: Exercise | BaseException) -> bool:
        """Whether ``mode`` renders this page, given what parsing its HTML gave."""
        if mode == "never" or not is_html(page.content_type, page.body):
            return False
        if mode == "always":
            return True
        if isinstance(parsed, Exercise):
            return bool(parsed.unloaded_sections)
        return isinstance(parsed, UnrenderedPage)

    async def render_record(self, page: FetchedPage, parsed: Exercise | Exception) -> Exercise:
        """The record of ``page`` rendered (``render_page``), or its error raised."""
        outcome = (await self.render_page(page, parsed)).outcome
        if isinstance(outcome, Exercise):
            return outcome
        raise outcome

    async def render_page(self, page: FetchedPage, parsed: Exercise | Exception) -> RenderedPage:
        """The outcome of ``page`` rendered, ``parsed`` being what its HTML alone gave, and
        the DOM it was read from (for an archive).

        A section still loading when rendering stopped stays in ``unloaded_sections`` with a
        warning saying why. When the DOM could not be read at all, the record of the HTML
        alone is kept with that warning, or its error is the outcome with the reason added.
        Raises ``RenderError`` when the browser crashed on every attempt.
        """
        try:
            rendering = await self.render(page)
        except BrowserUnavailable as exc:
            if not self.options.fall_back:
                raise
            self._warn_once(f"--render auto: not rendering any page: {exc}")
            return RenderedPage(parsed, None)
        html = rendering.html
        if html is None:
            why = f"rendering in a browser was tried but failed: {rendering.stopped}"
            if isinstance(parsed, Exercise):
                return RenderedPage(parsed.model_copy(update={"warnings": [*parsed.warnings, why]}))
            return RenderedPage(_with_reason(parsed, why))
        try:
            record = await asyncio.to_thread(
                read_rendered, html, url=page.final_url, stopped=rendering.stopped
            )
        except ExtractionError as exc:
            why = f"after rendering in a browser: {rendering.stopped}"
            return RenderedPage(_with_reason(exc, why), html, rendering.stopped)
        return RenderedPage(record, html, rendering.stopped)

    def _warn_once(self, message: str) -> None:
        if not self._warned and self._on_warning is not None:
            self._on_warning(message)
        self._warned = True

    # -- pages -------------------------------------------------------------------------------

    async def render(self, page: FetchedPage) -> Rendering:
        """Render ``page``; a browser crash is retried on a new browser (``max_retries``)."""
        async with self._slots:
            attempt = 0
            while True:
                attempt += 1
                browser = await self.host.browser()
                try:
                    rendering = await self._render_once(browser, page)
                except _BrowserCrashed as exc:
                    reason = f"the browser crashed while rendering the page ({exc})"
                    if attempt > self.options.max_retries:
                        raise RenderError(reason, transient=True, attempts=attempt) from None
                    if self._on_retry is not None:
                        self._on_retry(page.final_url, attempt, reason, 0.0)
                    continue
                self.rendered += 1
                return rendering

    async def _render_once(self, browser: Browser, page: FetchedPage) -> Rendering:
        from playwright.async_api import Error

        started = time.monotonic()
        content_type = page.content_type or _HTML
        gate = Gate(
            page.final_url,
            page.body,
            content_type,
            self._fetch,
            allow_hosts=self.options.allow_hosts,
        )
        context: BrowserContext | None = None
        watch: _Watch | None = None
        try:
            context = await self._new_context(browser, gate)
            tab = await context.new_page()
            watch = _Watch(tab)
            html, stopped = await self._load(tab, gate, watch, started)
        except Error as exc:
            if await self.host.lost(browser):
                raise _BrowserCrashed(_first_line(exc)) from None
            html, stopped = None, f"the browser refused the page: {_first_line(exc)}"
            if watch is not None and watch.crashed:
                stopped = self._explain(self._crash_reason(), gate, watch)
        finally:
            if context is not None:
                with contextlib.suppress(Exception):
                    await asyncio.wait_for(context.close(), _CLOSE_TIMEOUT)
        if html is None and not self.host.connected(browser):
            raise _BrowserCrashed("the browser disconnected")
        return Rendering(
            html=html,
            loaded=stopped == "loaded",
            stopped=stopped,
            seconds=time.monotonic() - started,
            fetched=list(gate.fetched),
        )

    async def _new_context(self, browser: Browser, gate: Gate) -> BrowserContext:
        context = await browser.new_context(
            user_agent=self.options.user_agent,
            accept_downloads=False,
            service_workers="block",
            java_script_enabled=True,
        )
        horizon_ms = int(self.options.timeout * 1000)
        await context.add_init_script(_TIMERS_JS % horizon_ms)
        await context.route("**/*", gate.handle)
        opened: list[Page] = []
        closing: set[asyncio.Task[None]] = set()

        def on_page(new: Page) -> None:
            # window.open: the first page is ours, any other is closed at once.
            opened.append(new)
            if len(opened) > 1:
                gate.note("a window the page opened was closed")
                task = asyncio.ensure_future(_close_quietly(new))
                closing.add(task)
                task.add_done_callback(closing.discard)

        context.on("page", on_page)
        return context

    async def _load(
        self, tab: Page, gate: Gate, watch: _Watch, started: float
    ) -> tuple[str | None, str]:
        """Navigate, then poll the DOM until loaded, quiet, crashed or the deadline."""
        timeout = self.options.timeout
        deadline = started + timeout
        tab.set_default_timeout(timeout * 1000)
        try:
            async with asyncio.timeout_at(_loop_time(deadline)):
                await tab.goto(gate.page_url, wait_until="commit")
        except TimeoutError:
            why = f"timed out after {timeout:g} s opening the page"
            return None, self._explain(why, gate, watch)
        html: str | None = None
        while True:
            if watch.crashed:
                return html, self._explain(self._crash_reason(), gate, watch)
            try:
                async with asyncio.timeout_at(_loop_time(deadline)):
                    ready, timers = await tab.evaluate(_STATE_JS)
                    html = await tab.content()
            except TimeoutError:
                busy = f"timed out after {timeout:g} s waiting for the page's script to yield"
                return html, self._explain(f"{busy} (an endless loop?)", gate, watch)
            outcome = await _parse(html, gate.page_url)
            now = time.monotonic()
            # Only a fully parsed document counts: mid-parse, a section may not exist yet.
            parsed = ready != "loading"
            loaded = parsed and isinstance(outcome, Exercise) and not outcome.unloaded_sections
            if loaded and gate.in_flight == 0:
                return html, "loaded"
            quiet = gate.in_flight == 0 and now - gate.last_activity >= _QUIET
            if quiet and ready == "complete" and not timers:
                still = "the page went quiet (no request or timer pending) while still loading"
                return html, self._explain(still, gate, watch)
            if now >= deadline:
                return html, self._explain(f"timed out after {timeout:g} s", gate, watch)
            await asyncio.sleep(min(_POLL, max(0.0, deadline - now)))

    def _crash_reason(self) -> str:
        cap = self.options.memory_mb
        return f"the page crashed (beyond its {cap} MB JavaScript heap cap, or killed)"

    @staticmethod
    def _explain(reason: str, gate: Gate, watch: _Watch) -> str:
        details = [*gate.notes, *watch.errors]
        return f"{reason}; {'; '.join(details)}" if details else reason


class _Watch:
    """What the page itself reports: script errors, a crash, dialogs (dismissed)."""

    def __init__(self, tab: Page) -> None:
        self.errors: list[str] = []
        self.crashed = False
        tab.on("pageerror", self._on_error)
        tab.on("crash", self._on_crash)

    def _on_error(self, error: object) -> None:
        if len(self.errors) < 3:
            message = getattr(error, "message", None) or str(error)
            name = getattr(error, "name", None)
            text = f"{name}: {message}" if name and not message.startswith(name) else message
            self.errors.append(f"script error: {_first_line_text(text)}")

    def _on_crash(self, _page: object) -> None:
        self.crashed = True


def is_html(content_type: str | None, body: bytes) -> bool:
    """Whether a response is an HTML page a browser would run scripts in."""
    if content_type:
        return content_type.split(";", 1)[0].strip().lower() in _HTML_TYPES
    head = body[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<!doctype html", b"<html", b"<head", b"<script", b"<body"))


async def _parse(html: str, url: str) -> Exercise | ExtractionError:
    try:
        return await asyncio.to_thread(parse_page, html, url=url, content_type=_HTML)
    except ExtractionError as exc:
        return exc


async def _close_quietly(page: Page) -> None:
    with contextlib.suppress(Exception):
        await page.close()


def _with_reason(exc: Exception, why: str) -> Exception:
    """``exc`` again, its message completed with ``why`` (same type, for the failure line)."""
    if isinstance(exc, ExtractionError):
        with contextlib.suppress(TypeError):
            return type(exc)(f"{exc} ({why})")
    return exc


def _loop_time(deadline: float) -> float:
    """``deadline`` (time.monotonic) on the event loop's clock."""
    loop = asyncio.get_running_loop()
    return loop.time() + (deadline - time.monotonic())


def _first_line(exc: BaseException) -> str:
    return _first_line_text(str(exc)) or type(exc).__name__


def _first_line_text(text: str) -> str:
    return (text.strip().splitlines() or [""])[0][:300]
