"""What an export could not carry: every such fact is a warning, never a silent drop.

Warnings are streamed to a JSON Lines file (one object a line: ``code``, ``source_id``,
``language``, ``message``) as they happen, so memory stays flat however many there are; the
counts by code make the summary printed at the end.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from types import TracebackType
from typing import Self

from ._files import AtomicFile

__all__ = ["WarningLog"]


class WarningLog:
    """Collects warnings into ``path`` (written atomically on ``close``) and counts them by code."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.counts: Counter[str] = Counter()
        self._file = AtomicFile(path)

    def warn(
        self,
        code: str,
        message: str,
        *,
        source_id: str | None = None,
        language: str | None = None,
    ) -> None:
        """Record one warning. ``code`` is a short stable kind (``license-missing``, ...)."""
        self.counts[code] += 1
        line = {"code": code, "source_id": source_id, "language": language, "message": message}
        self._file.write((json.dumps(line, ensure_ascii=False) + "\n").encode())

    @property
    def total(self) -> int:
        """How many warnings were recorded."""
        return sum(self.counts.values())

    def summary(self) -> str:
        """``"3 warnings (license-missing 2, duplicate-key 1)"``, most frequent first."""
        if not self.total:
            return "no warnings"
        ranked = sorted(self.counts.items(), key=lambda item: (-item[1], item[0]))
        detail = ", ".join(f"{code} {count}" for code, count in ranked)
        noun = "warning" if self.total == 1 else "warnings"
        return f"{self.total} {noun} ({detail})"

    def close(self) -> None:
        """Move the warnings file into place."""
        self._file.commit()

    def abort(self) -> None:
        """Throw the partial warnings file away."""
        self._file.discard()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if exc_type is None:
            self.close()
        else:
            self.abort()
