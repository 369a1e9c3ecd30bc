"""Rendering: pages whose sections are filled by JavaScript, loaded in a headless browser.

- ``_browser``: ``find_browser`` (the system's Chromium on PATH or ``--browser``; never a
  downloaded browser) and ``BrowserHost`` (one browser, started on first use and again after a
  crash, tied to our process so it never outlives it).
- ``_gate``: the ``Gate`` every request of a rendered page passes: the crawler's own fetcher
  (robots.txt, rate, user agent, size cap) or a refusal (other hosts, images, fonts, media,
  navigations away).
- ``_render``: ``Renderer``: one page in a fresh context, its DOM polled and read by
  ``parse_page`` until its placeholders are gone and the network is quiet, or a deadline.

May import: ``extractor.parsing`` and the package's contract (``_models``, ``_exceptions``).
Never ``extractor.crawling`` (the crawler calls this room and hands it its fetcher as a
plain callable) nor the cli.
"""

from ._browser import BROWSER_NAMES, INSTALL_HINT, OWNER_ENV, BrowserHost, find_browser
from ._gate import ALLOWED_TYPES, Fetch, Gate, Resource
from ._render import (
    FetchedPage,
    RenderedPage,
    Renderer,
    Rendering,
    RenderMode,
    RenderOptions,
    is_html,
    read_rendered,
)

__all__ = [
    "ALLOWED_TYPES",
    "BROWSER_NAMES",
    "INSTALL_HINT",
    "OWNER_ENV",
    "BrowserHost",
    "Fetch",
    "FetchedPage",
    "Gate",
    "RenderMode",
    "RenderOptions",
    "RenderedPage",
    "Renderer",
    "Rendering",
    "Resource",
    "find_browser",
    "is_html",
    "read_rendered",
]
