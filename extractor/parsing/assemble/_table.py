"""The attribute table of a record in the making: typed fields by vocabulary label, every
other row under its own label (``_attributes`` fills it, ``_build`` reads it)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Final

from ..vocabulary import ATTRIBUTE_VALUE_SEPARATORS, attribute_field

__all__ = ["AttributeTable", "split_values"]

_SEPARATORS: Final = re.compile(
    # A comma only before a space: "1,5 kg" is one value.
    r"\s*(?:,(?=\s)|"
    + "|".join(re.escape(sep) for sep in ATTRIBUTE_VALUE_SEPARATORS if sep != ",")
    + r")\s*"
)


@dataclass(slots=True)
class AttributeTable:
    """The table's rows: typed fields by vocabulary label, the rest by their own label."""

    fields: dict[str, list[str]] = field(default_factory=dict)
    other: dict[str, list[str]] = field(default_factory=dict)

    def add(self, label: str, values: list[str]) -> None:
        label = label.strip().rstrip(":：").strip()
        values = [value for value in values if value]
        if not label or not values:
            return
        name = attribute_field(label)
        target = self.fields.setdefault(name, []) if name else self.other.setdefault(label, [])
        target.extend(value for value in values if value not in target)

    def difficulty(self) -> str | None:
        values = self.fields.get("difficulty")
        return ", ".join(values) if values else None

    def values(self, name: str) -> list[str]:
        return list(self.fields.get(name, ()))


def split_values(text: str) -> list[str]:
    """One cell's values: "Mat, band" -> ["Mat", "band"]; "1,5 kg" stays whole."""
    return [part for part in (piece.strip() for piece in _SEPARATORS.split(text)) if part]
