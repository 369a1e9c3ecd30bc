"""The gate every request of a rendered page passes: the browser itself never goes online.

Each request the page makes is intercepted (Playwright routing) and either refused here or
fetched by the crawler's own fetcher (``fetch``: robots.txt, per-host rate, user agent, size
cap, retries, the global concurrency slot) and handed to the browser. So rendering is exactly
as polite as crawling, and a rendered page costs the site only the requests its script needs:

- the page's own document is answered with the bytes already fetched (never fetched twice);
- any later top-level navigation (``location.href = ...``, a meta refresh, a form, a
  download link) is answered "204 No Content", which leaves the page as it is, and every
  sub-document (iframes) is refused: a script cannot take the browser elsewhere;
- only GET requests for scripts, stylesheets and data (``fetch``/XHR) are fetched; images,
  fonts, media, beacons, web sockets and the like are refused;
- only the page's own origin, and hosts the user allowed (``allow_hosts``), are reached.

The gate also counts requests in flight (the page is quiet when none is) and keeps notes of
what failed or was refused, to say why a section never loaded.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable, Collection
from typing import TYPE_CHECKING, Protocol
from urllib.parse import urldefrag, urlsplit

from .._exceptions import ExtractionError, FetchError, HTTPStatusError, RobotsDisallowed
from ..parsing import origin_of

if TYPE_CHECKING:
    from playwright.async_api import Request, Route

__all__ = ["ALLOWED_TYPES", "Fetch", "Gate", "Resource"]

#: Resource types fetched for a page; everything else (image, font, media, ping, websocket,
#: eventsource, manifest, texttrack, other) is refused.
ALLOWED_TYPES = frozenset({"document", "script", "stylesheet", "xhr", "fetch"})
# Worth telling when a section did not load; refused images and fonts are not.
_TELLING_TYPES = frozenset({"script", "xhr", "fetch"})
_MAX_NOTES = 8


class Resource(Protocol):
    """What ``fetch`` returns (the crawler's ``FetchResult`` has these attributes)."""

    @property
    def status(self) -> int: ...
    @property
    def content_type(self) -> str | None: ...
    @property
    def body(self) -> bytes: ...


#: The crawler's polite GET of any resource; raises a ``FetchError`` subclass.
Fetch = Callable[[str], Awaitable[Resource]]


class Gate:
    """Routes one page's requests; see the module docstring."""

    def __init__(
        self,
        page_url: str,
        document: bytes,
        content_type: str,
        fetch: Fetch,
        *,
        allow_hosts: Collection[str] = (),
    ) -> None:
        self.page_url = urldefrag(page_url).url
        self._origin = _origin(page_url)
        self._document = document
        self._content_type = content_type
        self._fetch = fetch
        self._allow_hosts = {host.lower() for host in allow_hosts}
        self._served_document = False
        self.in_flight = 0
        """Requests being decided or fetched now."""
        self.last_activity = time.monotonic()
        """When a request last started or ended."""
        self.notes: list[str] = []
        """What failed or was refused (script and data requests, navigations), in order."""
        self.fetched: list[str] = []
        """URLs fetched for the page (its own document excluded)."""

    async def handle(self, route: Route) -> None:
        """Playwright's route handler: answer or refuse one request."""
        from playwright.async_api import Error

        self.in_flight += 1
        self.last_activity = time.monotonic()
        try:
            await self._handle(route, route.request)
        except Error:
            pass  # the page or the browser went away meanwhile: nothing to answer
        finally:
            self.in_flight -= 1
            self.last_activity = time.monotonic()

    async def _handle(self, route: Route, request: Request) -> None:
        url = request.url
        if request.resource_type == "document" or request.is_navigation_request():
            if not self._served_document and urldefrag(url).url == self.page_url:
                self._served_document = True
                headers = {"content-type": self._content_type}
                await route.fulfill(status=200, body=self._document, headers=headers)
                return
            if request.frame.parent_frame is None:
                # A 204 answer cancels a navigation and leaves the document as it is (an
                # aborted one would commit an error page in its place).
                self.note(f"navigation to {url} refused (a rendered page stays where it is)")
                await route.fulfill(status=204, body=b"")
                return
            await route.abort("blockedbyclient")  # sub-documents (iframes) are not loaded
            return
        refusal = self._refusal(request)
        if refusal is not None:
            if request.resource_type in _TELLING_TYPES:
                self.note(f"{url}: not fetched ({refusal})")
            await route.abort("blockedbyclient")
            return
        await self._fetch_for(route, url)

    def _refusal(self, request: Request) -> str | None:
        if request.method != "GET":
            return f"{request.method}: rendering only makes GET requests"
        if request.resource_type not in ALLOWED_TYPES:
            return f"{request.resource_type} requests are not made"
        parts = urlsplit(request.url)
        if parts.scheme not in ("http", "https"):
            return f"{parts.scheme}: URLs are not fetched"
        if _origin(request.url) != self._origin and not self._allowed_host(parts.netloc):
            return "another host; --render-allow-host allows it"
        return None

    def _allowed_host(self, netloc: str) -> bool:
        host = netloc.rsplit("@", 1)[-1].lower()
        return host in self._allow_hosts or host.split(":")[0] in self._allow_hosts

    async def _fetch_for(self, route: Route, url: str) -> None:
        self.fetched.append(url)
        try:
            resource = await self._fetch(url)
        except HTTPStatusError as exc:
            self.note(f"{url}: {exc}")
            await route.fulfill(status=exc.status or 502, body=b"", headers=self._cors(url))
            return
        except RobotsDisallowed as exc:
            self.note(f"{url}: not fetched ({exc})")
            await route.abort("blockedbyclient")
            return
        except (FetchError, ExtractionError) as exc:
            self.note(f"{url}: {exc}")
            await route.abort("failed")
            return
        headers = self._cors(url)
        if resource.content_type:
            headers["content-type"] = resource.content_type
        await route.fulfill(status=resource.status, body=resource.body, headers=headers)

    def _cors(self, url: str) -> dict[str, str]:
        # A host the user allowed answers the page's data requests as if it allowed the
        # page's origin (its own CORS headers are not kept by the fetcher).
        if _origin(url) == self._origin:
            return {}
        return {"access-control-allow-origin": self._origin}

    def note(self, text: str) -> None:
        """Keep ``text`` among the reasons a section may not have loaded (the first few)."""
        if len(self.notes) < _MAX_NOTES:
            self.notes.append(text)


def _origin(url: str) -> str:
    try:
        return origin_of(url)
    except ValueError:  # data:, blob:, a malformed port: never the page's own origin
        return url
