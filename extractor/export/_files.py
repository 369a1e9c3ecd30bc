"""Outputs that appear whole or not at all: a file or a folder built beside its target.

A reader of an export sees the previous export or the new one, never half of one. A folder
output replaces an existing folder only if that folder is an earlier export (it holds the
marker file), so pointing ``--output`` at the wrong folder never deletes anything.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from .._exceptions import OutputError

__all__ = ["MARKER_FILE", "AtomicDirectory", "AtomicFile", "output_errors"]

#: Written into every folder export; its presence allows a later export to replace the folder.
MARKER_FILE = ".extractor-export"


@contextlib.contextmanager
def output_errors(action: str, path: Path) -> Iterator[None]:
    """Turn an ``OSError`` into an ``OutputError`` naming ``path``."""
    try:
        yield
    except OSError as exc:
        raise OutputError(f"cannot {action} {path}: {exc.strerror or exc}") from exc


def _temporary_sibling(target: Path) -> Path:
    return target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")


class AtomicFile:
    """A file written to a temporary sibling and moved over ``path`` by ``commit``."""

    def __init__(self, path: Path) -> None:
        self.path = path
        with output_errors("create", path):
            path.parent.mkdir(parents=True, exist_ok=True)
            self.temporary = _temporary_sibling(path)
            self._handle: BinaryIO | None = self.temporary.open("wb")

    @property
    def handle(self) -> BinaryIO:
        """The open temporary file."""
        if self._handle is None:
            raise OutputError(f"cannot write to {self.path}: the file is closed")
        return self._handle

    def write(self, data: bytes) -> None:
        """Append ``data``."""
        with output_errors("write", self.path):
            self.handle.write(data)

    def commit(self) -> None:
        """Flush, sync and move the file into place. Idempotent."""
        handle, self._handle = self._handle, None
        if handle is None:
            return
        with output_errors("write", self.path):
            handle.flush()
            os.fsync(handle.fileno())
            handle.close()
            os.replace(self.temporary, self.path)

    def discard(self) -> None:
        """Close and remove the temporary file. Idempotent."""
        handle, self._handle = self._handle, None
        if handle is not None:
            handle.close()
        with contextlib.suppress(OSError):
            self.temporary.unlink()


class AtomicDirectory:
    """A folder built as a temporary sibling; ``commit`` swaps it in for ``path``."""

    def __init__(self, path: Path) -> None:
        self.path = path
        if path.exists() and not (path / MARKER_FILE).is_file():
            if not path.is_dir():
                raise OutputError(f"{path} exists and is not a folder")
            if any(path.iterdir()):
                raise OutputError(
                    f"{path} is a folder that is neither empty nor an earlier export; "
                    "choose another --output"
                )
        self.temporary = _temporary_sibling(path)
        with output_errors("create", self.temporary):
            self.temporary.mkdir(parents=True)
            (self.temporary / MARKER_FILE).write_text(
                "written by `extractor export`; the next export replaces this folder\n"
            )

    def commit(self) -> None:
        """Replace ``path`` with the finished folder (the old export is removed)."""
        with output_errors("replace", self.path):
            old = None
            if self.path.exists():
                old = _temporary_sibling(self.path)
                os.replace(self.path, old)
            os.replace(self.temporary, self.path)
            if old is not None:
                shutil.rmtree(old, ignore_errors=True)

    def discard(self) -> None:
        """Remove the unfinished folder."""
        shutil.rmtree(self.temporary, ignore_errors=True)
