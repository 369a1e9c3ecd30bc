"""English words the parser recognises, as data (registered in ``_match.LANGUAGE_MODULES``).

Plain tuples, no code. Every language module holds the same tables (``en.py`` is the template):
``_match`` joins them into the ``{language: words}`` tables the matchers use. Matching ignores
case, surrounding whitespace, a trailing colon and Unicode composition form.
"""

from __future__ import annotations

from typing import Final

# canonical section name (``SECTIONS`` in ``_neutral``) -> accepted headings.
SECTION_HEADINGS: Final = {
    "videos": ("Videos", "Video"),
    "programs": ("Programs", "Programmes"),
    "instructions": ("Instructions", "How to do it", "Steps", "How to perform", "Execution"),
    "technical_tips": ("Technical tips", "Technique tips"),
    "breathing_tips": ("Breathing tips", "Breathing"),
    "medical_restrictions": ("Medical restrictions", "Contraindications"),
    "description": ("Description",),
    "faq": ("Frequently asked questions", "FAQ", "FAQs"),
}

# "Found errors? Tell us!" and its translations: site chrome, never content.
FEEDBACK_LINES: Final = (
    "Found errors? Tell us!",
    "Found an error? Tell us!",
    "Found a mistake? Tell us!",
    "Found errors? Let us know!",
    "Found an error? Let us know!",
    "Found a mistake? Let us know!",
)

# Loading placeholders; any ellipsis form ("...", "…", "..", none) is accepted.
PLACEHOLDER_WORDS: Final = ("Loading", "Loading content", "Please wait")

# "This page needs JavaScript" notices (a <noscript> text in a text rendering): like a
# loading placeholder, they stand where content was never rendered. Matched as the start of
# a short line ("Please enable JavaScript to see the programs.").
SCRIPT_NOTICES: Final = (
    "Please enable JavaScript",
    "You need to enable JavaScript",
    "JavaScript is required",
    "JavaScript is disabled",
    "This page requires JavaScript",
)

# Words that number a step ("Step 1: Stand up", "Étape 2 - ...", "Schritt 3."): numbering,
# removed like "1." is (the issue: "numbering removed"), when followed by a separator.
STEP_LABELS: Final = ("Step",)

# Words after a suspended hyphen ("pre- and post-workout"): a markdown line
# a converter wrapped after such a hyphen is joined with a space before them, without one
# otherwise (a hyphenated word).
HYPHEN_SUSPENDING_WORDS: Final = ("and", "or", "nor", "to", "as")

# Labels in front of FAQ questions and answers ("Q: How long?" / "A: Ten seconds."), removed
# from the pair; followed by a colon (a bare "A" starts many sentences).
QUESTION_LABELS: Final = ("Q", "Question")

ANSWER_LABELS: Final = ("A", "Answer")

# Names of languages as a language switcher labels them (tabs "English" / "Français"):
# such a tab switches the page's language, it names no section.
LANGUAGE_NAMES: Final = ("English", "Englisch", "Anglais", "EN")

# Frequent function words: the language of a page whose headings are shared between
# languages ("Instructions", "Description", "FAQ" are English and French alike).
LANGUAGE_HINT_WORDS: Final = (
    "the",
    "and",
    "with",
    "your",
    "you",
    "of",
    "to",
    "is",
    "for",
    "on",
    "it",
    "this",
)

# With an ellipsis, a short line opening with one of the first words, or closing with one
# of the last words, is a loading placeholder too: "Loading videos...", "Chargement des
# vidéos…", "Videos werden geladen…" ("Psoas smash Loading..." is a name and a placeholder).
PLACEHOLDER_FIRST_WORDS: Final = ("Loading",)

PLACEHOLDER_LAST_WORDS: Final = ()

# Labels of "read more" toggles: they expand text in place; neither a question nor content.
EXPANDER_LABELS: Final = (
    "Read more",
    "Read less",
    "Show more",
    "Show less",
    "See more",
    "See less",
    "More",
)

# A skip link's label ("Skip to content"): the first focusable link of an accessible page,
# copied with the page. Matched as the whole line.
SKIP_LINKS: Final = (
    "Skip to content",
    "Skip to main content",
    "Skip to main",
    "Skip navigation",
    "Skip to navigation",
    "Jump to content",
    "Jump to main content",
)

# Words that make a line a cookie notice ("We use cookies to ..."), matched as whole words.
COOKIE_WORDS: Final = ("cookie", "cookies")

# The buttons of a cookie banner, copied as lines of their own around its notice.
CONSENT_LABELS: Final = (
    "Accept",
    "Accept all",
    "Accept cookies",
    "Allow all",
    "Reject",
    "Reject all",
    "Decline",
    "Deny",
    "Got it",
    "OK",
    "I agree",
    "Agree",
    "Manage preferences",
    "Manage cookies",
    "Cookie settings",
    "Customize",
    "Settings",
    "Learn more",
)

# Footer links of a site (a copied page ends with them): legal pages and the like.
FOOTER_LINKS: Final = (
    "Privacy",
    "Privacy policy",
    "Privacy notice",
    "Terms",
    "Terms of use",
    "Terms of service",
    "Terms and conditions",
    "Terms & conditions",
    "Cookie policy",
    "Imprint",
    "Legal notice",
    "Legal",
    "Accessibility",
    "Sitemap",
    "About",
    "About us",
    "Contact",
    "Contact us",
)

# Firefox Reader View heads the article with the site's host and a reading-time estimate
# ("fitmetrics.ch", "2–3 minutes"); other reader modes write "5 min read". The units after
# the number (or range of numbers), matched as the whole rest of the line.
READING_TIME_UNITS: Final = (
    "minute",
    "minutes",
    "min",
    "mins",
    "min read",
    "minute read",
    "minutes read",
)

# The labels of a site's header bar beside its menu links: the menu toggle, search and account
# links, the home and exercises links. Copied as lines of their own ("Menu") or glued to each
# other and to the logo when the bar sets them apart by CSS only ("FitMetricsMenu",
# "ExercisesProgramsVideosSign in").
HEADER_LABELS: Final = (
    "Menu",
    "Open menu",
    "Close menu",
    "Main menu",
    "Search",
    "Sign in",
    "Sign up",
    "Log in",
    "Log out",
    "Login",
    "Register",
    "My account",
    "Account",
    "Home",
    "Exercises",
)

# The links of a print version's bar ("Print this page | Close window").
PRINT_BAR_LABELS: Final = (
    "Print",
    "Print this page",
    "Close window",
    "Close",
    "Back",
    "Back to the page",
)

# A share card's title and buttons ("Share" over "Twitter Facebook"), matched as the whole
# line or as every label of it.
SHARE_LABELS: Final = (
    "Share",
    "Share this",
    "Share this exercise",
    "Share this page",
    "Share on",
    "Facebook",
    "Twitter",
    "X",
    "Pinterest",
    "WhatsApp",
    "LinkedIn",
    "Reddit",
    "Telegram",
    "Email",
    "E-mail",
    "Copy link",
)

# An author box's label ("Written by" over "Coach Lena"), matched as the whole line.
AUTHOR_LABELS: Final = ("Written by", "Author", "About the author", "Reviewed by", "Posted by")

# The heading of a box of other exercises' cards after the page's own sections; the cards
# repeat the page's section headings ("Instructions") for other exercises.
RELATED_HEADINGS: Final = (
    "Related exercises",
    "Similar exercises",
    "More exercises",
    "You may also like",
    "You might also like",
    "Related",
)

# Titles/headings of error pages (matched as substrings of the normalised title; lower case).
# Language-neutral ones ("404") are in ``_neutral``.
ERROR_PAGE_PHRASES: Final = (
    "page not found",
    "not found",
    "internal server error",
    "something went wrong",
    "an error occurred",
    "page does not exist",
    "no longer exists",
    "access denied",
    "forbidden",
    "service unavailable",
)

# "All rights reserved": a footer's copyright line (lower case, matched as a substring).
RIGHTS_RESERVED: Final = ("all rights reserved",)

# Path words of exercise pages (``/en/<word>/<hex id>-<slug>``), singular and plural (listings),
# with and without diacritics; matched whole, case-insensitively, in NFC.
EXERCISE_PATH_WORDS: Final = ("exercise", "exercises")
# The exercise's attribute table (key/value rows beside the title): field -> row labels.
# A row under another label is kept in ``attributes`` under its own label.
ATTRIBUTE_LABELS: Final = {
    "difficulty": ("Difficulty", "Difficulty level", "Level", "Skill level", "Fitness level"),
    "focus": ("Focus", "Training focus", "Focus area", "Focus areas"),
    "equipment": ("Equipment", "Equipment needed", "Required equipment", "Gear"),
    "sports": ("Sports", "Sport"),
    "categories": ("Categories", "Category"),
    "muscles": (
        "Muscles",
        "Muscle",
        "Muscle groups",
        "Muscle group",
        "Target muscles",
        "Targeted muscles",
        "Muscles worked",
        "Primary muscles",
        "Main muscles",
    ),
}
