"""Shared reading of golden fixtures (layout: README, "Tests and fixtures")."""

from __future__ import annotations

import json
from pathlib import Path


def declared_content_type(page: Path) -> str | None:
    """The Content-Type a fixture page is served with: its ``<name>.meta.json``, if any."""
    meta = page.with_name(page.stem + ".meta.json")
    if not meta.exists():
        return None
    value: str | None = json.loads(meta.read_text(encoding="utf-8")).get("content_type")
    return value
