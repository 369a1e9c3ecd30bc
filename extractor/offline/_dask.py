"""The extraction on a Dask cluster: one task per source, outcomes back in source order.

Workers import ``extractor`` (installed where they run) and read the sources by path, so the
paths must be visible to them (a shared file system, or a cluster on this machine). At most
``window`` tasks are outstanding: a cluster never holds more results than the writer can take.
"""

from __future__ import annotations

from collections import Counter, deque
from collections.abc import Iterator, Sequence
from typing import Any

from ._settle import Outcome, settle_source
from ._sources import Source
from ._units import Options

__all__ = ["dask_outcomes"]

_TASKS_PER_THREAD = 2
_CONNECT_SECONDS = 10  # an unreachable scheduler is an error after this long


def dask_outcomes(
    address: str, sources: Sequence[Source], options: Options, counts: Counter[str]
) -> Iterator[Outcome]:
    """Run ``settle_source`` for each source on the cluster at ``address``; yield in order."""
    from distributed import Client

    with Client(address, set_as_default=False, timeout=_CONNECT_SECONDS) as client:
        threads = sum(client.nthreads().values()) or 1
        window = max(2, _TASKS_PER_THREAD * threads)
        pending: deque[Any] = deque()
        queued = iter(sources)
        for source in queued:
            pending.append(client.submit(settle_source, source, options, pure=False))
            if len(pending) >= window:
                break
        while pending:
            future = pending.popleft()
            outcomes, source_counts = future.result()
            future.release()
            for source in queued:  # keep the window full while this result is written
                pending.append(client.submit(settle_source, source, options, pure=False))
                break
            counts.update(source_counts)
            yield from outcomes
