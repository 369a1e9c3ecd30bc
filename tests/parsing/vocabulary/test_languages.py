"""The language modules are data of one shape, joined in registration order.

A new language is one module shaped like ``en.py`` and one line in ``LANGUAGE_MODULES``: these
tests say what a module must hold, and that the joined tables follow the registration.
"""

from __future__ import annotations

from types import ModuleType

import pytest

from extractor.parsing.vocabulary import _neutral, en
from extractor.parsing.vocabulary._match import (
    FEEDBACK_LINES,
    LANGUAGE_MODULES,
    LANGUAGES,
    SECTION_HEADINGS,
    canonical_section,
)


def _tables(module: ModuleType) -> set[str]:
    return {name for name in vars(module) if name.isupper()}


@pytest.mark.parametrize("language", list(LANGUAGE_MODULES))
def test_every_language_module_holds_the_tables_of_en(language: str) -> None:
    words = LANGUAGE_MODULES[language]
    assert _tables(words) == _tables(en)
    for name in _tables(words) - {"SECTION_HEADINGS", "ATTRIBUTE_LABELS"}:
        table = getattr(words, name)
        assert isinstance(table, tuple), name
        assert all(isinstance(entry, str) and entry for entry in table), name
    assert set(words.SECTION_HEADINGS) <= set(_neutral.SECTIONS)
    # The attribute table's labels: field -> labels, for the record's typed fields only.
    assert set(words.ATTRIBUTE_LABELS) <= set(_neutral.ATTRIBUTE_FIELDS)
    for labels in words.ATTRIBUTE_LABELS.values():
        assert isinstance(labels, tuple)
        assert all(isinstance(label, str) and label for label in labels)


def test_the_joined_tables_follow_the_registration_order() -> None:
    assert tuple(LANGUAGE_MODULES) == LANGUAGES == ("en", "fr", "de")
    assert list(FEEDBACK_LINES) == list(LANGUAGES)
    assert list(SECTION_HEADINGS) == list(_neutral.SECTIONS)
    for language, words in LANGUAGE_MODULES.items():
        for canonical, headings in words.SECTION_HEADINGS.items():
            assert SECTION_HEADINGS[canonical][language] == headings
            assert all(canonical_section(heading) == canonical for heading in headings)
