"""Words of exercise URLs, per language, as data: ``/<lang>/<word>/<hex id>-<slug>``.

A site names its exercise pages in its own language (fitmetrics.ch: ``/en/exercise/...``,
``/fr/exercice/...``); listings often use the plural (``/fr/exercices/...``). A new language or
wording is one entry here; ``parsing._urls`` builds its matcher from this table.
"""

from __future__ import annotations

from typing import Final

__all__ = ["EXERCISE_PATH_WORDS"]

#: language -> the path words (singular and plural, with and without diacritics) that name
#: an exercise page. Matched whole, case-insensitively, in NFC.
EXERCISE_PATH_WORDS: Final[dict[str, tuple[str, ...]]] = {
    "en": ("exercise", "exercises"),
    "fr": ("exercice", "exercices"),
    "de": ("übung", "übungen", "uebung", "uebungen"),
    "es": ("ejercicio", "ejercicios"),
    "it": ("esercizio", "esercizi"),
    "pt": ("exercício", "exercícios", "exercicio", "exercicios"),
    "nl": ("oefening", "oefeningen"),
    "pl": ("ćwiczenie", "ćwiczenia", "cwiczenie", "cwiczenia"),
    "sv": ("övning", "övningar", "ovning", "ovningar"),
    "da": ("øvelse", "øvelser", "ovelse", "ovelser"),
}
