"""Deterministic, realistic exercise pages for the benchmarks.

A page carries what a live exercise site sends, not just the exercise: inline styles and
scripts (analytics, an app bundle, a serialised state holding UI strings such as "Loading..."),
JSON-LD, a mega menu of several hundred links in the header and again in the footer,
breadcrumbs, a cookie banner, two modals, related-exercise cards, lazy widgets, and the
exercise itself with every section and an FAQ accordion. ``scale`` multiplies both the
content and the chrome (a 16x page is about 16x the bytes and 16x the elements).
"""

from __future__ import annotations

import html
import json
import random
from dataclasses import dataclass

__all__ = ["BenchPage", "build_page"]

_WORD_TEXT = (
    "hip knee spine shoulder core glute hamstring quad calf ankle wrist elbow breathe slowly "
    "press hold release lower raise rotate extend bend brace keep steady controlled neutral "
    "pressure tension mobility stability balance posture weight floor ball band mat wall "
    "towards away from your the with and then while without before after each side repeat"
)
_WORDS = _WORD_TEXT.split()
_MUSCLES = (
    "Abs", "Back", "Biceps", "Calves", "Chest", "Forearms", "Glutes", "Hamstrings",
    "Hip flexors", "Lats", "Neck", "Obliques", "Quads", "Shoulders", "Traps", "Triceps",
)  # fmt: skip
_CATEGORIES = (
    "Muscle groups", "Equipment", "Goals", "Programs", "Mobility", "Recovery",
    "Strength", "Cardio", "Yoga", "Pilates", "Rehab", "Sports",
)  # fmt: skip
_STYLE_RULES = (
    ".mega-menu__column{display:flex;flex-direction:column;gap:.25rem;padding:1rem 1.5rem}",
    ".mega-menu__link{color:#1d2733;text-decoration:none;font:400 .875rem/1.4 Inter,sans-serif}",
    ".exercise-section h2{font:700 1.25rem/1.3 Inter,sans-serif;margin:2rem 0 .75rem}",
    ".accordion-button{width:100%;text-align:left;background:none;border:0;padding:1rem 0}",
    ".accordion-collapse{overflow:hidden;transition:height .3s ease}",
    ".cookie-banner{position:fixed;bottom:0;left:0;right:0;z-index:9999;background:#fff}",
    ".modal{display:none;position:fixed;inset:0;background:rgba(0,0,0,.5)}",
    ".skeleton{background:linear-gradient(90deg,#eee,#f5f5f5,#eee);animation:pulse 1.5s}",
    "@media (max-width:768px){.mega-menu{display:none}.exercise-card{width:100%}}",
)


@dataclass(frozen=True, slots=True)
class BenchPage:
    """One generated page and what a correct parse of it must find."""

    html: bytes
    url: str
    name: str
    instructions: tuple[str, ...]
    faq_questions: int


def build_page(seed: int, *, scale: int = 1) -> BenchPage:
    """A ~100 KB exercise page (times ``scale``), the same bytes for the same arguments."""
    rng = random.Random(seed * 7919 + scale)
    source_id = f"{rng.getrandbits(48):012x}"
    name = f"{_words(rng, 2).capitalize()} {rng.choice(_MUSCLES).lower()} stretch {seed}"
    slug = "-".join(name.lower().split())
    url = f"https://fit.example.ch/en/exercise/{source_id}-{slug}"
    instructions = tuple(_sentence(rng) for _ in range(5 * scale))
    faq = [(_sentence(rng).rstrip(".") + "?", _paragraph(rng, 3)) for _ in range(5 * scale)]
    body = "".join(
        [
            _cookie_banner(),
            _header(rng, scale),
            _breadcrumbs(name),
            _main(rng, name, instructions, faq, scale),
            _related(rng, scale),
            _footer(rng, scale),
            _modals(),
            '<div class="lazy-widget" data-widget="reviews">Loading...</div>',
            '<div class="lazy-widget" data-widget="chat">'
            '<span class="spinner"></span>Loading…</div>',
            _scripts(rng, scale, tail=True),
        ]
    )
    page = (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html.escape(name)} | Fit Example</title>"
        f'<link rel="canonical" href="{url}">'
        f'<meta property="og:title" content="{html.escape(name)}">'
        f'<meta property="og:url" content="{url}"><meta property="og:locale" content="en_CH">'
        f"{_styles(rng, scale)}{_jsonld(name, url, faq)}{_scripts(rng, scale, tail=False)}"
        f'</head><body class="page-exercise">{body}</body></html>\n'
    )
    return BenchPage(page.encode("utf-8"), url, name, instructions, len(faq))


def _words(rng: random.Random, count: int) -> str:
    return " ".join(rng.choice(_WORDS) for _ in range(count))


def _sentence(rng: random.Random) -> str:
    return f"{_words(rng, rng.randint(7, 16)).capitalize()}."


def _paragraph(rng: random.Random, sentences: int) -> str:
    return " ".join(_sentence(rng) for _ in range(sentences))


def _styles(rng: random.Random, scale: int) -> str:
    blocks = []
    for index in range(4 * scale):
        rules = [rng.choice(_STYLE_RULES).replace("{", f"-{index}-{n}{{", 1) for n in range(30)]
        blocks.append(f"<style>{''.join(rules)}</style>")
    return "".join(blocks)


def _scripts(rng: random.Random, scale: int, *, tail: bool) -> str:
    state = {
        "i18n": {
            "loading": "Loading...",
            "videos": "Videos",
            "programs": "Programs",
            "feedback": "Found errors? Tell us!",
        },
        "menu": [{"id": n, "label": _words(rng, 2), "href": f"/en/c/{n}"} for n in range(40)],
    }
    scripts = []
    for index in range(3 * scale):
        if tail:
            code = ";".join(
                f"function f{index}_{n}(a,b){{return a&&b?a.concat(b):(a||b||[]).slice({n})}}"
                for n in range(40)
            )
            scripts.append(f"<script>{code}</script>")
        else:
            scripts.append(
                f"<script>window.__STATE_{index}__={json.dumps(state)};"
                "window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments)}"
                "gtag('js',new Date());gtag('config','G-XXXX');</script>"
            )
    return "".join(scripts)


def _jsonld(name: str, url: str, faq: list[tuple[str, str]]) -> str:
    graph = [
        {
            "@context": "https://schema.org",
            "@type": "BreadcrumbList",
            "itemListElement": [
                {"@type": "ListItem", "position": 1, "name": "Exercises", "item": url},
                {"@type": "ListItem", "position": 2, "name": name, "item": url},
            ],
        },
        {
            "@context": "https://schema.org",
            "@type": "FAQPage",
            "mainEntity": [
                {
                    "@type": "Question",
                    "name": question,
                    "acceptedAnswer": {"@type": "Answer", "text": answer},
                }
                for question, answer in faq
            ],
        },
    ]
    return "".join(f'<script type="application/ld+json">{json.dumps(g)}</script>' for g in graph)


def _mega_menu(rng: random.Random, scale: int, *, where: str) -> str:
    # Real menus wrap each link in utility-class markup and give each column an SVG icon.
    columns = []
    for index in range(8 * scale):
        category = _CATEGORIES[index % len(_CATEGORIES)]
        links = "".join(
            f'<li class="mega-menu__item"><a class="mega-menu__link" '
            f'href="/en/exercises/{category.lower().replace(" ", "-")}/{index}-{n}">'
            f"{rng.choice(_MUSCLES)} {_words(rng, 2)}</a></li>"
            for n in range(38)
        )
        columns.append(
            f'<div class="mega-menu__column col-3"><h3 class="mega-menu__title">{_ICON}'
            f'<span>{category}</span></h3><ul class="mega-menu__list">{links}</ul></div>'
        )
    return (
        f'<div class="mega-menu mega-menu--{where}" data-track="{where}-menu">'
        '<div class="container"><div class="row">'
        f"{''.join(columns)}</div></div></div>"
    )


_ICON = (
    '<svg class="icon" width="16" height="16" viewBox="0 0 24 24" aria-hidden="true">'
    '<path d="M12 2a10 10 0 1 0 0 20 10 10 0 0 0 0-20z" fill="none" stroke="currentColor"/>'
    '<path d="M8 12h8M12 8v8" stroke="currentColor" stroke-width="2"/></svg>'
)


def _header(rng: random.Random, scale: int) -> str:
    return (
        '<header class="site-header"><a class="logo" href="/en/">Fit Example</a>'
        '<nav class="main-nav" aria-label="Main"><ul>'
        '<li><a href="/en/exercises">Exercises</a></li><li><a href="/en/programs">Programs</a></li>'
        '<li><a href="/en/videos">Videos</a></li><li><a href="/en/blog">Blog</a></li></ul>'
        f"{_mega_menu(rng, scale, where='header')}</nav>"
        '<form class="search" role="search"><input type="search" placeholder="Search"></form>'
        "</header>"
    )


def _breadcrumbs(name: str) -> str:
    return (
        '<nav class="breadcrumbs" aria-label="Breadcrumb"><ol><li><a href="/en/">Home</a></li>'
        '<li><a href="/en/exercises">Exercises</a></li>'
        f"<li>{html.escape(name)}</li></ol></nav>"
    )


def _section(title: str, inner: str) -> str:
    return f'<section class="exercise-section"><h2>{title}</h2>{inner}</section>'


def _bullets(items: tuple[str, ...] | list[str], *, ordered: bool = False) -> str:
    tag = "ol" if ordered else "ul"
    return f"<{tag}>{''.join(f'<li>{html.escape(item)}</li>' for item in items)}</{tag}>"


def _main(
    rng: random.Random,
    name: str,
    instructions: tuple[str, ...],
    faq: list[tuple[str, str]],
    scale: int,
) -> str:
    placeholder = '<div class="skeleton" aria-busy="true">Loading...</div>'
    tips = [[_sentence(rng) for _ in range(3 * scale)] for _ in range(3)]
    description = "".join(f"<p>{_paragraph(rng, 6)}</p>" for _ in range(3 * scale))
    accordion = "".join(
        f'<div class="accordion-item"><h3 class="accordion-header">'
        f'<button class="accordion-button collapsed" type="button" data-bs-toggle="collapse" '
        f'data-bs-target="#faq-{n}" aria-expanded="false">{html.escape(question)}</button></h3>'
        f'<div id="faq-{n}" class="accordion-collapse collapse">'
        f'<div class="accordion-body"><p>{html.escape(answer)}</p></div></div></div>'
        for n, (question, answer) in enumerate(faq)
    )
    return (
        '<main id="content"><div class="container"><div class="row"><div class="col-lg-8">'
        '<article class="exercise">'
        f'<h1 class="exercise-title">{html.escape(name)}</h1>'
        f"{_section('Videos', placeholder)}{_section('Programs', placeholder)}"
        f"{_section('Instructions', _bullets(instructions, ordered=True))}"
        f"{_section('Technical tips', _bullets(tips[0]))}"
        f"{_section('Breathing tips', _bullets(tips[1]))}"
        f"{_section('Medical restrictions', _bullets(tips[2]))}"
        f"{_section('Description', description)}"
        f'<section class="faq"><div class="accordion" id="faq">{accordion}</div></section>'
        '<p class="feedback"><a href="#" data-modal="report">Found errors? Tell us!</a></p>'
        "</article></div></div></div></main>"
    )


def _related(rng: random.Random, scale: int) -> str:
    cards = "".join(
        f'<div class="exercise-card"><a href="/en/exercise/{rng.getrandbits(32):08x}-related-{n}">'
        f'<img src="/img/{n}.jpg" alt=""><span class="exercise-card__title">'
        f"{_words(rng, 3).capitalize()}</span></a></div>"
        for n in range(4 * scale)
    )
    return f'<aside class="related"><h2>Related exercises</h2>{cards}</aside>'


def _footer(rng: random.Random, scale: int) -> str:
    return (
        '<footer class="site-footer">'
        f"{_mega_menu(rng, scale, where='footer')}"
        '<p class="legal">© Fit Example AG, Zürich. <a href="/en/privacy">Privacy</a> '
        '<a href="/en/terms">Terms</a> <a href="/en/imprint">Imprint</a></p></footer>'
    )


def _cookie_banner() -> str:
    return (
        '<div id="cookie-banner" class="cookie-banner" role="region" aria-label="Cookies">'
        "<h2>We value your privacy</h2><p>We use cookies to improve your experience, analyse "
        "traffic and personalise content. You can accept all cookies or choose which ones.</p>"
        '<ul class="cookie-options"><li><label><input type="checkbox" checked disabled>'
        'Necessary</label></li><li><label><input type="checkbox">Statistics</label></li>'
        '<li><label><input type="checkbox">Marketing</label></li></ul>'
        '<button class="btn accept">Accept all</button><button class="btn">Settings</button>'
        "</div>"
    )


def _modals() -> str:
    return (
        '<div class="modal" id="login" role="dialog" aria-modal="true"><div class="modal-content">'
        '<h2>Sign in</h2><form><label>Email<input type="email"></label>'
        '<label>Password<input type="password"></label><button>Sign in</button></form></div></div>'
        '<div class="modal" id="report" role="dialog" aria-modal="true"><div class="modal-content">'
        "<h2>Found errors? Tell us!</h2><p>Describe the problem and we will fix it.</p>"
        '<div class="modal-body">Loading...</div><textarea></textarea><button>Send</button>'
        "</div></div>"
    )
