"""German words the parser recognises, as data (registered in ``_match.LANGUAGE_MODULES``).

Plain tuples, no code. Every language module holds the same tables (``en.py`` is the template):
``_match`` joins them into the ``{language: words}`` tables the matchers use. Matching ignores
case, surrounding whitespace, a trailing colon and Unicode composition form.
"""

from __future__ import annotations

from typing import Final

# canonical section name (``SECTIONS`` in ``_neutral``) -> accepted headings.
SECTION_HEADINGS: Final = {
    "videos": ("Videos", "Video"),
    "programs": ("Programme",),
    "instructions": ("Anleitung", "Ausführung", "Durchführung"),
    "technical_tips": ("Technische Tipps",),
    "breathing_tips": ("Atemtipps", "Atmung"),
    "medical_restrictions": ("Medizinische Einschränkungen", "Kontraindikationen", "Gegenanzeigen"),
    "description": ("Beschreibung",),
    "faq": ("Häufige Fragen", "Häufig gestellte Fragen", "FAQ"),
}

# "Found errors? Tell us!" and its translations: site chrome, never content.
FEEDBACK_LINES: Final = (
    "Fehler gefunden? Sag es uns!",
    "Fehler gefunden? Sagen Sie es uns!",
    "Fehler gefunden? Teile es uns mit!",
    "Fehler gefunden? Teilen Sie es uns mit!",
)

# Loading placeholders; any ellipsis form ("...", "…", "..", none) is accepted.
PLACEHOLDER_WORDS: Final = ("Wird geladen", "Laden", "Lädt")

# "This page needs JavaScript" notices (a <noscript> text in a text rendering): like a
# loading placeholder, they stand where content was never rendered. Matched as the start of
# a short line ("Please enable JavaScript to see the programs.").
SCRIPT_NOTICES: Final = (
    "Bitte aktivieren Sie JavaScript",
    "Bitte aktiviere JavaScript",
    "JavaScript ist deaktiviert",
)

# Words that number a step ("Step 1: Stand up", "Étape 2 - ...", "Schritt 3."): numbering,
# removed like "1." is (the issue: "numbering removed"), when followed by a separator.
STEP_LABELS: Final = ("Schritt",)

# Words after a suspended hyphen ("Hüft- und Kniegelenk"): a markdown line
# a converter wrapped after such a hyphen is joined with a space before them, without one
# otherwise (a hyphenated word).
HYPHEN_SUSPENDING_WORDS: Final = ("und", "oder", "bis", "bzw", "sowie", "als")

# Labels in front of FAQ questions and answers ("Q: How long?" / "A: Ten seconds."), removed
# from the pair; followed by a colon (a bare "A" starts many sentences).
QUESTION_LABELS: Final = ("F", "Frage")

ANSWER_LABELS: Final = ("A", "Antwort")

# Names of languages as a language switcher labels them (tabs "English" / "Français"):
# such a tab switches the page's language, it names no section.
LANGUAGE_NAMES: Final = ("Deutsch", "German", "Allemand", "DE")

# Frequent function words: the language of a page whose headings are shared between
# languages ("Instructions", "Description", "FAQ" are English and French alike).
LANGUAGE_HINT_WORDS: Final = (
    "der",
    "die",
    "das",
    "und",
    "mit",
    "nicht",
    "ist",
    "den",
    "ein",
    "eine",
    "zu",
    "sie",
)

# With an ellipsis, a short line opening with one of the first words, or closing with one
# of the last words, is a loading placeholder too: "Loading videos...", "Chargement des
# vidéos…", "Videos werden geladen…" ("Psoas smash Loading..." is a name and a placeholder).
PLACEHOLDER_FIRST_WORDS: Final = ("Laden", "Lädt")

PLACEHOLDER_LAST_WORDS: Final = ("geladen",)

# Labels of "read more" toggles: they expand text in place; neither a question nor content.
EXPANDER_LABELS: Final = (
    "Mehr lesen",
    "Weiterlesen",
    "Mehr anzeigen",
    "Weniger anzeigen",
    "Mehr",
    "Weniger",
)

# A skip link's label ("Skip to content"): the first focusable link of an accessible page,
# copied with the page. Matched as the whole line.
SKIP_LINKS: Final = (
    "Zum Inhalt springen",
    "Zum Hauptinhalt springen",
    "Direkt zum Inhalt",
    "Zum Inhalt",
    "Zur Navigation springen",
)

# Words that make a line a cookie notice ("We use cookies to ..."), matched as whole words.
COOKIE_WORDS: Final = ("Cookie", "Cookies")

# The buttons of a cookie banner, copied as lines of their own around its notice.
CONSENT_LABELS: Final = (
    "Akzeptieren",
    "Alle akzeptieren",
    "Ablehnen",
    "Alle ablehnen",
    "Einverstanden",
    "Einstellungen",
    "Mehr erfahren",
)

# Footer links of a site (a copied page ends with them): legal pages and the like.
FOOTER_LINKS: Final = (
    "Impressum",
    "Datenschutz",
    "Datenschutzerklärung",
    "AGB",
    "Nutzungsbedingungen",
    "Rechtliches",
    "Barrierefreiheit",
    "Cookie-Richtlinie",
    "Über uns",
    "Kontakt",
)

# Firefox Reader View heads the article with the site's host and a reading-time estimate
# ("fitmetrics.ch", "2–3 minutes"); other reader modes write "5 min read". The units after
# the number (or range of numbers), matched as the whole rest of the line.
READING_TIME_UNITS: Final = (
    "Minute",
    "Minuten",
    "Min",
    "Min.",
    "Min. Lesezeit",
    "Minuten Lesezeit",
)

# The labels of a site's header bar beside its menu links: the menu toggle, search and account
# links, the home and exercises links. Copied as lines of their own ("Menu") or glued to each
# other and to the logo when the bar sets them apart by CSS only ("FitMetricsMenu",
# "ExercisesProgramsVideosSign in").
HEADER_LABELS: Final = (
    "Menü",
    "Suche",
    "Anmelden",
    "Registrieren",
    "Mein Konto",
    "Startseite",
    "Übungen",
)

# The links of a print version's bar ("Print this page | Close window").
PRINT_BAR_LABELS: Final = (
    "Drucken",
    "Seite drucken",
    "Diese Seite drucken",
    "Fenster schließen",
    "Schließen",
)

# A share card's title and buttons ("Share" over "Twitter Facebook"), matched as the whole
# line or as every label of it.
SHARE_LABELS: Final = ("Teilen", "Übung teilen", "Teilen auf", "Link kopieren")

# An author box's label ("Written by" over "Coach Lena"), matched as the whole line.
AUTHOR_LABELS: Final = ("Geschrieben von", "Autor", "Über den Autor", "Verfasst von")

# The heading of a box of other exercises' cards after the page's own sections; the cards
# repeat the page's section headings ("Instructions") for other exercises.
RELATED_HEADINGS: Final = (
    "Ähnliche Übungen",
    "Verwandte Übungen",
    "Weitere Übungen",
    "Das könnte dich interessieren",
)

# Titles/headings of error pages (matched as substrings of the normalised title; lower case).
# Language-neutral ones ("404") are in ``_neutral``.
ERROR_PAGE_PHRASES: Final = (
    "seite nicht gefunden",
    "nicht gefunden",
    "ein fehler ist aufgetreten",
    "existiert nicht",
    "zugriff verweigert",
    "fehler 404",
)

# "All rights reserved": a footer's copyright line (lower case, matched as a substring).
RIGHTS_RESERVED: Final = ("alle rechte vorbehalten",)

# Path words of exercise pages (``/de/<word>/<hex id>-<slug>``), singular and plural (listings),
# with and without diacritics; matched whole, case-insensitively, in NFC.
EXERCISE_PATH_WORDS: Final = ("übung", "übungen", "uebung", "uebungen")
# Die Attributtabelle der Übung (Schlüssel/Wert-Zeilen neben dem Titel): Feld -> Bezeichnungen.
ATTRIBUTE_LABELS: Final = {
    "difficulty": ("Schwierigkeit", "Schwierigkeitsgrad", "Niveau", "Level", "Stufe"),
    "focus": ("Fokus", "Schwerpunkt", "Trainingsschwerpunkt", "Trainingsfokus"),
    "equipment": ("Equipment", "Ausrüstung", "Geräte", "Trainingsgeräte", "Hilfsmittel"),
    "sports": ("Sportarten", "Sportart", "Sport"),
    "categories": ("Kategorien", "Kategorie"),
    "muscles": (
        "Muskeln",
        "Muskel",
        "Muskelgruppen",
        "Muskelgruppe",
        "Zielmuskeln",
        "Zielmuskulatur",
        "Beanspruchte Muskeln",
        "Trainierte Muskeln",
        "Hauptmuskeln",
    ),
}
