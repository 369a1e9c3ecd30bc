"""The ``--follow`` frontier on disk: every discovered URL with its depth and state (SQLite).

``DIR/frontier.sqlite`` holds one row per URL ever discovered (the seen-check is its primary
key, so memory does not grow with the number of URLs), in discovery order::

    pending (0) --take--> taken (1) --settle--> done (2)
                                     \\--cut---> cut (3)     (a trap budget, --max-pages)

A settled page's new links are inserted in the same transaction that marks it done, so a run
killed at any moment (SIGKILL included) either has the page done with its links, or has it
taken; the next run puts taken URLs back to pending (``reopen``). The database runs in WAL mode
with ``synchronous=NORMAL``: each commit survives the process being killed (not a power loss,
which costs at most the last commits: pages fetched again, never lost).

The trap guard's tallies live here too (``patterns``, ``parameters``, ``contents``), so they
survive a resume and stay on disk. Used from the event loop thread only.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from .._exceptions import OutputError

__all__ = ["FRONTIER_FILE", "FrontierStore"]

FRONTIER_FILE = "frontier.sqlite"

PENDING, TAKEN, DONE, CUT = 0, 1, 2, 3

_SCHEMA = """
CREATE TABLE IF NOT EXISTS urls (
    id INTEGER PRIMARY KEY,
    url TEXT NOT NULL UNIQUE,
    depth INTEGER NOT NULL,
    state INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS urls_pending ON urls (id) WHERE state = 0;
CREATE TABLE IF NOT EXISTS patterns (
    pattern TEXT PRIMARY KEY, pages INTEGER NOT NULL, records INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS parameters (
    key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (key, value)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS parameter_records (key TEXT PRIMARY KEY) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS contents (digest BLOB PRIMARY KEY, url TEXT NOT NULL) WITHOUT ROWID;
"""


class FrontierStore:
    """The SQLite frontier of one output directory (see the module docstring)."""

    def __init__(self, path: Path, *, fresh: bool = False) -> None:
        self.path = path
        self._depth = 0  # transactions open (see transaction)
        if fresh:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
        try:
            # isolation_level=None: transactions are explicit (``transaction``), never implicit.
            self._db = sqlite3.connect(path, isolation_level=None)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute("PRAGMA cache_size=-16000")  # 16 MB of pages, whatever the size
            self._db.executescript(_SCHEMA)
        except sqlite3.Error as exc:
            raise OutputError(f"cannot open the frontier {path}: {exc}") from exc

    def close(self) -> None:
        """Checkpoint and close (idempotent)."""
        with contextlib.suppress(sqlite3.Error):
            self._db.close()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One transaction for every change made inside (transactions nest: the outermost
        commits). A fetched page's tallies and its settling are one commit, not three: each
        commit is a write to the WAL, and a crawl settles hundreds of pages a second."""
        if self._depth:
            self._depth += 1
            try:
                yield self._db
            finally:
                self._depth -= 1
            return
        self._db.execute("BEGIN IMMEDIATE")
        self._depth = 1
        try:
            yield self._db
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        else:
            self._db.execute("COMMIT")
        finally:
            self._depth = 0

    # -- the URLs ------------------------------------------------------------------------------

    def reopen(self, retry: Iterable[str] = ()) -> int:
        """Start a run: URLs taken by a run that stopped go back to pending, and so do the
        settled ``retry`` URLs (transient failures to try again). Returns how many."""
        with self.transaction() as db:
            count = db.execute("UPDATE urls SET state = 0 WHERE state = 1").rowcount
            for url in retry:
                count += db.execute(
                    "UPDATE urls SET state = 0 WHERE url = ? AND state = 2", (url,)
                ).rowcount
        return count

    def add(self, urls: Iterable[tuple[str, int]]) -> int:
        """Insert ``(url, depth)`` pairs not seen before; returns how many were new."""
        with self.transaction() as db:
            return _insert(db, urls)

    def take(self, limit: int) -> list[tuple[str, int]]:
        """Up to ``limit`` pending URLs (discovery order, so breadth first), marked taken."""
        rows = self._db.execute(
            "SELECT id, url, depth FROM urls WHERE state = 0 ORDER BY id LIMIT ?", (limit,)
        ).fetchall()
        if rows:
            with self.transaction() as db:
                db.executemany("UPDATE urls SET state = 1 WHERE id = ?", [(r[0],) for r in rows])
        return [(url, depth) for _, url, depth in rows]

    def settle(self, url: str, links: Sequence[tuple[str, int]] = (), *, cut: bool = False) -> int:
        """``url`` is done (or cut); its new ``links`` are inserted in the same transaction.
        Returns how many links were new."""
        with self.transaction() as db:
            added = _insert(db, links)
            db.execute("UPDATE urls SET state = ? WHERE url = ?", (CUT if cut else DONE, url))
        return added

    def count(self, state: int | None = None) -> int:
        """URLs in ``state`` (all when None)."""
        if state is None:
            return int(self._db.execute("SELECT COUNT(*) FROM urls").fetchone()[0])
        sql = "SELECT COUNT(*) FROM urls WHERE state = ?"
        return int(self._db.execute(sql, (state,)).fetchone()[0])

    def has_pending(self) -> bool:
        """At least one URL waits (cheap: the partial index)."""
        return self._db.execute("SELECT 1 FROM urls WHERE state = 0 LIMIT 1").fetchone() is not None

    # -- the trap guard's tallies -------------------------------------------------------------

    def pattern_counts(self, pattern: str) -> tuple[int, int]:
        """(pages fetched, records made) for a URL pattern."""
        row = self._db.execute(
            "SELECT pages, records FROM patterns WHERE pattern = ?", (pattern,)
        ).fetchone()
        return (int(row[0]), int(row[1])) if row else (0, 0)

    def count_pattern(self, pattern: str, *, record: bool) -> None:
        with self.transaction() as db:
            db.execute(
                "INSERT INTO patterns VALUES (?, 1, ?) ON CONFLICT (pattern) DO UPDATE SET "
                "pages = pages + 1, records = records + excluded.records",
                (pattern, int(record)),
            )

    def parameter_state(self, key: str, value: str) -> tuple[bool, int, bool]:
        """(``value`` already seen for ``key``, distinct values seen, ``key`` made a record)."""
        db = self._db
        seen = db.execute(
            "SELECT 1 FROM parameters WHERE key = ? AND value = ?", (key, value)
        ).fetchone()
        values = db.execute("SELECT COUNT(*) FROM parameters WHERE key = ?", (key,)).fetchone()
        productive = db.execute("SELECT 1 FROM parameter_records WHERE key = ?", (key,)).fetchone()
        return seen is not None, int(values[0]), productive is not None

    def count_parameters(self, pairs: Sequence[tuple[str, str]], *, record: bool) -> None:
        with self.transaction() as db:
            db.executemany("INSERT OR IGNORE INTO parameters VALUES (?, ?)", pairs)
            if record:
                keys = [(key,) for key, _ in pairs]
                db.executemany("INSERT OR IGNORE INTO parameter_records VALUES (?)", keys)

    def first_with_content(self, digest: bytes, url: str) -> str | None:
        """The URL first seen with this content digest, if it is not ``url``; else records it."""
        row = self._db.execute("SELECT url FROM contents WHERE digest = ?", (digest,)).fetchone()
        if row is not None:
            return None if row[0] == url else str(row[0])
        with self.transaction() as db:
            db.execute("INSERT OR IGNORE INTO contents VALUES (?, ?)", (digest, url))
        return None


def _insert(db: sqlite3.Connection, urls: Iterable[tuple[str, int]]) -> int:
    before = db.total_changes
    db.executemany("INSERT OR IGNORE INTO urls (url, depth) VALUES (?, ?)", urls)
    return db.total_changes - before
