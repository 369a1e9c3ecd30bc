"""French words the parser recognises, as data (registered in ``_match.LANGUAGE_MODULES``).

Plain tuples, no code. Every language module holds the same tables (``en.py`` is the template):
``_match`` joins them into the ``{language: words}`` tables the matchers use. Matching ignores
case, surrounding whitespace, a trailing colon and Unicode composition form.
"""

from __future__ import annotations

from typing import Final

# canonical section name (``SECTIONS`` in ``_neutral``) -> accepted headings.
SECTION_HEADINGS: Final = {
    "videos": ("Vidéos", "Vidéo"),
    "programs": ("Programmes",),
    "instructions": ("Instructions", "Consignes", "Exécution"),
    "technical_tips": ("Conseils techniques",),
    "breathing_tips": ("Conseils de respiration", "Respiration"),
    "medical_restrictions": ("Restrictions médicales", "Contre-indications"),
    "description": ("Description",),
    "faq": ("Questions fréquentes", "Foire aux questions", "FAQ"),
}

# "Found errors? Tell us!" and its translations: site chrome, never content.
FEEDBACK_LINES: Final = (
    "Vous avez trouvé des erreurs ? Dites-le-nous !",
    "Vous avez trouvé une erreur ? Dites-le-nous !",
)

# Loading placeholders; any ellipsis form ("...", "…", "..", none) is accepted.
PLACEHOLDER_WORDS: Final = ("Chargement", "Chargement en cours")

# "This page needs JavaScript" notices (a <noscript> text in a text rendering): like a
# loading placeholder, they stand where content was never rendered. Matched as the start of
# a short line ("Please enable JavaScript to see the programs.").
SCRIPT_NOTICES: Final = (
    "Veuillez activer JavaScript",
    "Activez JavaScript",
    "JavaScript est désactivé",
)

# Words that number a step ("Step 1: Stand up", "Étape 2 - ...", "Schritt 3."): numbering,
# removed like "1." is (the issue: "numbering removed"), when followed by a separator.
STEP_LABELS: Final = ("Étape", "Etape")

# Words after a suspended hyphen ("avant- et après-séance"): a markdown line
# a converter wrapped after such a hyphen is joined with a space before them, without one
# otherwise (a hyphenated word).
HYPHEN_SUSPENDING_WORDS: Final = ("et", "ou", "ni")

# Labels in front of FAQ questions and answers ("Q: How long?" / "A: Ten seconds."), removed
# from the pair; followed by a colon (a bare "A" starts many sentences).
QUESTION_LABELS: Final = ("Q", "Question")

ANSWER_LABELS: Final = ("R", "Réponse")

# Names of languages as a language switcher labels them (tabs "English" / "Français"):
# such a tab switches the page's language, it names no section.
LANGUAGE_NAMES: Final = ("Français", "Francais", "French", "Französisch", "FR")

# Frequent function words: the language of a page whose headings are shared between
# languages ("Instructions", "Description", "FAQ" are English and French alike).
LANGUAGE_HINT_WORDS: Final = (
    "le",
    "la",
    "les",
    "et",
    "des",
    "du",
    "avec",
    "vous",
    "votre",
    "une",
    "est",
    "pour",
)

# With an ellipsis, a short line opening with one of the first words, or closing with one
# of the last words, is a loading placeholder too: "Loading videos...", "Chargement des
# vidéos…", "Videos werden geladen…" ("Psoas smash Loading..." is a name and a placeholder).
PLACEHOLDER_FIRST_WORDS: Final = ("Chargement",)

PLACEHOLDER_LAST_WORDS: Final = ("chargement",)

# Labels of "read more" toggles: they expand text in place; neither a question nor content.
EXPANDER_LABELS: Final = (
    "Lire la suite",
    "Voir plus",
    "Voir moins",
    "Afficher plus",
    "Afficher moins",
)

# A skip link's label ("Skip to content"): the first focusable link of an accessible page,
# copied with the page. Matched as the whole line.
SKIP_LINKS: Final = (
    "Aller au contenu",
    "Aller au contenu principal",
    "Passer au contenu",
    "Passer au contenu principal",
    "Aller à la navigation",
)

# Words that make a line a cookie notice ("We use cookies to ..."), matched as whole words.
COOKIE_WORDS: Final = ("cookie", "cookies", "témoins")

# The buttons of a cookie banner, copied as lines of their own around its notice.
CONSENT_LABELS: Final = (
    "Accepter",
    "Tout accepter",
    "Refuser",
    "Tout refuser",
    "J'accepte",
    "Personnaliser",
    "Paramètres",
    "En savoir plus",
)

# Footer links of a site (a copied page ends with them): legal pages and the like.
FOOTER_LINKS: Final = (
    "Mentions légales",
    "Politique de confidentialité",
    "Confidentialité",
    "Conditions générales",
    "Conditions d'utilisation",
    "CGU",
    "CGV",
    "Politique de cookies",
    "Plan du site",
    "Accessibilité",
    "À propos",
    "Contact",
    "Nous contacter",
)

# Firefox Reader View heads the article with the site's host and a reading-time estimate
# ("fitmetrics.ch", "2–3 minutes"); other reader modes write "5 min read". The units after
# the number (or range of numbers), matched as the whole rest of the line.
READING_TIME_UNITS: Final = ("minute", "minutes", "min", "min de lecture", "minutes de lecture")

# The labels of a site's header bar beside its menu links: the menu toggle, search and account
# links, the home and exercises links. Copied as lines of their own ("Menu") or glued to each
# other and to the logo when the bar sets them apart by CSS only ("FitMetricsMenu",
# "ExercisesProgramsVideosSign in").
HEADER_LABELS: Final = (
    "Menu",
    "Rechercher",
    "Se connecter",
    "Connexion",
    "Mon compte",
    "Accueil",
    "Exercices",
)

# The links of a print version's bar ("Print this page | Close window").
PRINT_BAR_LABELS: Final = (
    "Imprimer",
    "Imprimer cette page",
    "Fermer la fenêtre",
    "Fermer",
    "Retour",
)

# A share card's title and buttons ("Share" over "Twitter Facebook"), matched as the whole
# line or as every label of it.
SHARE_LABELS: Final = ("Partager", "Partager cet exercice", "Partager sur", "Copier le lien")

# An author box's label ("Written by" over "Coach Lena"), matched as the whole line.
AUTHOR_LABELS: Final = ("Écrit par", "Rédigé par", "Auteur", "À propos de l'auteur")

# The heading of a box of other exercises' cards after the page's own sections; the cards
# repeat the page's section headings ("Instructions") for other exercises.
RELATED_HEADINGS: Final = (
    "Exercices similaires",
    "Exercices associés",
    "Autres exercices",
    "À voir aussi",
)

# Titles/headings of error pages (matched as substrings of the normalised title; lower case).
# Language-neutral ones ("404") are in ``_neutral``.
ERROR_PAGE_PHRASES: Final = (
    "page introuvable",
    "page non trouvée",
    "une erreur est survenue",
    "page n'existe pas",
    "page n’existe pas",
    "erreur 500",
)

# "All rights reserved": a footer's copyright line (lower case, matched as a substring).
RIGHTS_RESERVED: Final = ("tous droits réservés",)

# Path words of exercise pages (``/fr/<word>/<hex id>-<slug>``), singular and plural (listings),
# with and without diacritics; matched whole, case-insensitively, in NFC.
EXERCISE_PATH_WORDS: Final = ("exercice", "exercices")
# La table d'attributs de l'exercice (lignes clé/valeur à côté du titre): champ -> libellés.
ATTRIBUTE_LABELS: Final = {
    "difficulty": ("Difficulté", "Niveau", "Niveau de difficulté"),
    "focus": ("Focus", "Objectif", "Objectifs"),
    "equipment": ("Équipements", "Équipement", "Matériel", "Matériel nécessaire"),
    "sports": ("Sports", "Sport"),
    "categories": ("Catégories", "Catégorie"),
    "muscles": (
        "Muscles",
        "Muscle",
        "Muscles ciblés",
        "Muscles sollicités",
        "Muscles travaillés",
        "Groupes musculaires",
        "Groupe musculaire",
        "Muscles principaux",
    ),
}
