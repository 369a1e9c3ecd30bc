"""The crawler's side of rendering: which renderer a run gets, and one page rendered alone.

The work is in ``extractor.rendering``; this joins it to the fetcher (every request of a
rendered page goes through ``Fetcher.fetch_resource``: robots.txt, per-host rate, user agent,
size cap, retries) and to the run's settings and observers.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable
from typing import TYPE_CHECKING

from .._exceptions import BrowserUnavailable
from .._models import Exercise
from ..parsing import parse_page

if TYPE_CHECKING:
    from ..rendering import Renderer
    from ._fetch import Fetcher
    from ._settings import CrawlSettings

__all__ = ["open_renderer", "render_url"]

RetryHook = Callable[[str, int, str, float], None]


@contextlib.asynccontextmanager
async def open_renderer(
    settings: CrawlSettings,
    fetcher: Fetcher,
    *,
    on_warning: Callable[[str], None],
    on_retry: RetryHook | None = None,
) -> AsyncIterator[Renderer | None]:
    """The run's renderer (None for ``render="never"``); its browser is closed on leaving.

    With ``auto`` and no browser: one warning, then None (as with ``never``). With
    ``always`` and no browser: ``BrowserUnavailable``. The browser itself starts only when a
    first page needs it.
    """
    if settings.render == "never":
        yield None
        return
    from ..rendering import Renderer, RenderOptions, find_browser

    try:
        executable = find_browser(settings.browser)
    except BrowserUnavailable as exc:
        if settings.render == "always":
            raise
        on_warning(f"--render auto: not rendering any page: {exc}")
        yield None
        return
    options = RenderOptions(
        executable=executable,
        timeout=settings.render_timeout,
        concurrency=settings.render_concurrency,
        allow_hosts=tuple(settings.render_allow_hosts),
        user_agent=settings.user_agent,
        memory_mb=settings.render_memory_mb,
        max_retries=settings.max_retries,
        fall_back=settings.render == "auto",
    )
    renderer = Renderer(options, fetcher.fetch_resource, on_retry=on_retry, on_warning=on_warning)
    async with renderer:
        yield renderer


async def render_url(settings: CrawlSettings, url: str) -> Exercise:
    """Fetch ``url`` politely, render it in the browser, return its record (``extractor
    render``). Raises ``FetchError``, ``RenderError`` (``BrowserUnavailable``) or the parse
    error of the rendered page."""
    from ._fetch import Fetcher

    settings = settings.model_copy(update={"render": "always"})
    async with Fetcher(settings) as fetcher:
        result = await fetcher.fetch_page(url)
        try:
            parsed: Exercise | Exception = await asyncio.to_thread(
                parse_page, result.body, url=result.final_url, content_type=result.content_type
            )
        except Exception as exc:
            parsed = exc
        async with open_renderer(settings, fetcher, on_warning=lambda _: None) as renderer:
            assert renderer is not None  # "always" raises instead of giving None
            if not renderer.wants("always", result, parsed):  # not HTML: nothing to run
                if isinstance(parsed, Exception):
                    raise parsed
                return parsed
            return await renderer.render_record(result, parsed)
