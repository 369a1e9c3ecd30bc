"""``--follow``: discover pages by following links, over a frontier kept on disk.

The crawler calls these hooks; everything else about discovery lives here:

- ``seed(url)``: a start URL (or a sitemap's page URL) enters the frontier at depth 0 and its
  host enters the scope (``_scope``).
- ``feed(put, skip)``: the producer. It moves pending URLs from the SQLite frontier
  (``_store``) into the in-memory per-host queues (``HostQueues``), stopping at
  ``--max-pages``; it ends once nothing is pending and nothing is in progress.
- ``refusal(url)``: just before a fetch, whether a trap budget (``_traps``) cuts the URL.
- ``links_of(url, result, links)``: the new, in-scope, not-too-deep links of a fetched page,
  inserted into the frontier (``queue``) before the page's own line is written, so that a run
  killed at any moment never loses them.
- ``settle(url, record=...)``: the page is done (its line written); the trap tallies learn
  whether its URL pattern led to a record.

What a fetched page becomes is decided by the parser (``page_kind``): a record, a hub (a page
refused as not an exercise: a listing, a home page), or a failure. A hub and a page kept out of
the dataset on purpose (``noindex``, outside ``--include``, same content as another page) are
lines of ``DIR/pages.jsonl``.
"""

from __future__ import annotations

import asyncio
import re
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from .._exceptions import ErrorPage, NotAnExercisePage, UnrenderedPage
from ..parsing import PageLinks, normalise_url
from ._scope import Scope
from ._store import DONE, FRONTIER_FILE, PENDING, FrontierStore
from ._traps import TrapGuard

if TYPE_CHECKING:
    from ._settings import CrawlSettings

__all__ = ["Discovery", "PageKind", "page_kind"]

PageKind = Literal["record", "failure", "hub", "noindex", "not_included"]

_BATCH = 64  # URLs moved from disk to the per-host queues at a time


def page_kind(outcome: object, links: PageLinks, *, included: bool) -> tuple[PageKind, str | None]:
    """What a fetched page becomes, from the parser's ``outcome`` (a record or the exception).

    A page the parser refuses as not an exercise is a hub, except an error page (a broken
    link answered 200) and an unrendered page (an exercise whose content needs JavaScript):
    those are failures, listed with their reason like any other.
    """
    if isinstance(outcome, NotAnExercisePage) and not isinstance(
        outcome, ErrorPage | UnrenderedPage
    ):
        return "hub", f"{type(outcome).__name__}: {outcome}"
    if isinstance(outcome, BaseException):
        return "failure", None
    if links.noindex:
        return "noindex", "the page asks robots not to index it (noindex)"
    if not included:
        return "not_included", "does not match --include"
    return "record", None


@dataclass(slots=True)
class _Taken:
    depth: int


class Discovery:
    """The ``--follow`` side of one crawl (see the module docstring). Event loop thread only."""

    def __init__(self, settings: CrawlSettings, *, retry: frozenset[str] | set[str]) -> None:
        self.settings = settings
        self.store = FrontierStore(Path(settings.output) / FRONTIER_FILE, fresh=not settings.resume)
        self.scope = Scope(include=settings.follow_include, exclude=settings.follow_exclude)
        self.traps = TrapGuard(
            self.store,
            max_per_pattern=settings.max_per_pattern,
            max_parameter_values=settings.max_parameter_values,
        )
        explicit = "include" in settings.model_fields_set
        self._include = re.compile(settings.include) if explicit else None
        self.cut: Counter[str] = Counter()
        self.discovered = 0
        self.reopened = self.store.reopen(retry)
        self._fetched_before = self.store.count(DONE)
        self._taken_this_run = 0
        self._taken: dict[str, _Taken] = {}
        self._changed = asyncio.Event()

    def close(self) -> None:
        self.store.close()

    # -- into the frontier ----------------------------------------------------------------------

    def seed(self, url: str) -> None:
        """A start URL (normalised): depth 0, and its host is in scope."""
        self.scope.add_host(url)
        self.discovered += self.store.add([(url, 0)])

    def included(self, url: str) -> bool:
        """Whether ``url`` may become a record (``--include``, only when given)."""
        return self._include is None or self._include.search(url) is not None

    def links_of(self, url: str, final_url: str, links: PageLinks) -> tuple[int, int]:
        """Queue the followable links of a fetched page; returns (links found, links queued)."""
        taken = self._taken.get(url)
        depth = taken.depth if taken is not None else 0
        if depth == 0 and final_url != url:
            self.scope.add_host(final_url)  # a start URL moved (http -> https, www.)
        if links.nofollow:
            return len(links.links), 0
        queue: dict[str, int] = {}
        for link in links.links:
            try:
                target = normalise_url(link)
            except ValueError:
                self.cut["invalid_url"] += 1
                continue
            if target in queue:
                continue
            if (reason := self.scope.refusal(target)) is not None:
                self.cut[reason] += 1
            elif depth + 1 > self.settings.max_depth:
                self.cut["max_depth"] += 1
            else:
                queue[target] = depth + 1
        added = self.store.add(queue.items()) if queue else 0
        self.discovered += added
        return len(links.links), added

    # -- out of the frontier --------------------------------------------------------------------

    async def feed(
        self, put: Callable[[str], Awaitable[None]], skip: Callable[[str], bool]
    ) -> None:
        """Move pending URLs to ``put`` (the per-host queues) until nothing is pending or in
        progress.

        ``skip(url)`` says a URL was settled by an earlier run (it is marked done unfetched).
        """
        while True:
            budget = self._pages_left()
            batch = self.store.take(min(_BATCH, budget)) if budget else []
            if not batch:
                if not self._taken:
                    break
                self._changed.clear()
                await self._changed.wait()
                continue
            for url, depth in batch:
                if skip(url):
                    self.store.settle(url)
                else:
                    self._taken[url] = _Taken(depth)
                    self._taken_this_run += 1
                    await put(url)
        if self.settings.max_pages is not None:
            left = self.store.count(PENDING)
            if left:
                self.cut["max_pages"] = left

    def _pages_left(self) -> int:
        if self.settings.max_pages is None:
            return _BATCH
        used = self._fetched_before + self._taken_this_run
        return max(0, min(_BATCH, self.settings.max_pages - used))

    def refusal(self, url: str) -> str | None:
        """Just before ``url`` is fetched: why a trap budget cuts it (then it is settled as
        cut), or None. Checked this late so the budgets count the pages fetched so far."""
        reason = self.traps.refusal(url)
        if reason is not None:
            self.cut[reason] += 1
            self.store.settle(url, cut=True)
            if self._taken.pop(url, None) is not None:
                self._changed.set()
        return reason

    def depth(self, url: str) -> int:
        taken = self._taken.get(url)
        return taken.depth if taken is not None else 0

    def settle(self, url: str, *, record: bool | None) -> None:
        """``url``'s line is written (``record``: None when it was never fetched)."""
        with self.store.transaction():  # one commit per page
            if record is not None:
                self.traps.fetched(url, record=record)
            self.store.settle(url)
        if self._taken.pop(url, None) is not None:
            self._changed.set()

    def abandon(self, url: str) -> None:
        """``url`` was not settled (a stop): it stays taken, for the next run."""
        if self._taken.pop(url, None) is not None:
            self._changed.set()

    def describe(self) -> dict[str, object]:
        """For the manifest."""
        return {
            "hosts": self.scope.hosts,
            "frontier": str(self.store.path),
            "discovered_total": self.store.count(),
            "pending": self.store.count(PENDING),
            "reopened": self.reopened,
        }
