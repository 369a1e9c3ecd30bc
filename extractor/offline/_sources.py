"""What the command line names, as sources in a deterministic order, and their fingerprint.

A file is a WARC source if its name ends in ``.warc``, ``.warc.gz``, ``.arc`` or ``.arc.gz``,
else a saved page. A folder is walked (sorted, recursively): its WARC files are sources of
their own, its saved pages are grouped into shards of ``PAGES_PER_SHARD`` files (a Dask task
each). The order is the order of the arguments, then of the walk: the dataset's order.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from .._models import Failure
from ..dataset import utc_now
from ._pages import PAGE_SUFFIXES, iter_pages
from ._units import Options, Unit
from ._warc import iter_warc

__all__ = ["PAGES_PER_SHARD", "Source", "collect_sources", "fingerprint", "iter_units"]

PAGES_PER_SHARD = 256
_WARC_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")


@dataclass(frozen=True, slots=True)
class Source:
    """One WARC file, or a shard of saved pages; what one Dask task reads."""

    kind: Literal["warc", "pages", "missing"]
    paths: tuple[str, ...]


def collect_sources(paths: Iterable[Path | str]) -> list[Source]:
    """The sources of ``paths`` in dataset order (a missing path is a source that fails)."""
    sources: list[Source] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            sources += _folder_sources(path)
        elif path.is_file():
            kind: Literal["warc", "pages"] = "warc" if _is_warc(path.name) else "pages"
            sources.append(Source(kind, (str(path),)))
        else:
            sources.append(Source("missing", (str(path),)))
    return sources


def iter_units(source: Source, options: Options, counts: Counter[str]) -> Iterator[Unit]:
    """The units of one source, in order."""
    if source.kind == "warc":
        yield from iter_warc(source.paths[0], options, counts)
    elif source.kind == "pages":
        yield from iter_pages(source.paths, options, counts)
    else:
        yield Failure(
            path=source.paths[0],
            stage="read",
            error_type="UnreadableInput",
            reason="no such file or directory",
            time=utc_now(),
        )


def fingerprint(sources: Sequence[Source], options: Options) -> str:
    """What a resumed run must find unchanged: the files (size, mtime) and the options."""
    entries: list[object] = [options.include, options.max_bytes]
    for source in sources:
        for name in source.paths:
            try:
                stat = os.stat(name)
                entries.append([source.kind, name, stat.st_size, stat.st_mtime_ns])
            except OSError:
                entries.append([source.kind, name, None, None])
    return hashlib.sha256(json.dumps(entries).encode("utf-8")).hexdigest()


def _folder_sources(folder: Path) -> list[Source]:
    warcs: list[str] = []
    pages: list[str] = []
    for root, dirs, names in os.walk(folder):
        dirs.sort()
        for name in sorted(names):
            full = os.path.join(root, name)
            if _is_warc(name):
                warcs.append(full)
            elif Path(name).suffix.lower() in PAGE_SUFFIXES:
                pages.append(full)
    sources = [Source("warc", (name,)) for name in warcs]
    for start in range(0, len(pages), PAGES_PER_SHARD):
        sources.append(Source("pages", tuple(pages[start : start + PAGES_PER_SHARD])))
    return sources


def _is_warc(name: str) -> bool:
    return name.lower().endswith(_WARC_SUFFIXES)
