"""One writer per output directory: an exclusive advisory lock on ``DIR/.lock``.

Two runs writing the same dataset at once would interleave their lines and each would
resume from a state the other is changing. ``DirectoryLock`` takes ``flock(LOCK_EX |
LOCK_NB)`` on ``DIR/.lock``: a second writer, in another process or in the same one
(``flock`` locks belong to an open file description, not to a process), is refused at once
with ``OutputInUse`` instead of waiting.

The kernel drops the lock when its holder exits, however it exits (SIGKILL included), so
a stale ``.lock`` file never blocks the next run: the file is only a place to hold the lock
and to say who holds it (the holder's pid, for the error message). It is never deleted:
unlinking it would let a third run lock a fresh file while a second still holds the old one.

Where ``fcntl`` does not exist (Windows) the lock is a no-op.
"""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path

from .._exceptions import OutputInUse

__all__ = ["LOCK_FILE", "DirectoryLock"]

LOCK_FILE = ".lock"
_PID_BYTES = 32


class DirectoryLock:
    """An exclusive, non-blocking lock on ``directory`` held until ``release()``.

    Raises ``OutputInUse`` (naming the holder's pid when known) if another writer holds it,
    and ``OSError`` if the lock file cannot be opened.
    """

    def __init__(self, directory: Path) -> None:
        self.path = directory / LOCK_FILE
        self._fd: int | None = None
        flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
        fd = os.open(self.path, flags, 0o666)
        try:
            if not _try_lock(fd):
                holder = _read_pid(fd)
                who = f"pid {holder}" if holder is not None else "pid unknown"
                raise OutputInUse(f"{directory} is in use by another run ({who})", pid=holder)
            # Who holds it, for the message a refused run prints.
            os.ftruncate(fd, 0)
            os.lseek(fd, 0, os.SEEK_SET)
            os.write(fd, f"{os.getpid()}\n".encode("ascii"))
        except BaseException:
            os.close(fd)  # closing the descriptor also drops a lock taken above
            raise
        self._fd = fd

    def release(self) -> None:
        """Drop the lock (closing the descriptor releases it). Idempotent."""
        fd, self._fd = self._fd, None
        if fd is not None:
            with contextlib.suppress(OSError):
                os.close(fd)


if sys.platform != "win32":
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

else:  # pragma: no cover - no flock on Windows

    def _try_lock(fd: int) -> bool:
        return True


def _read_pid(fd: int) -> int | None:
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        text = os.read(fd, _PID_BYTES).decode("ascii", "replace").strip()
    except OSError:
        return None
    return int(text) if text.isdigit() else None
