"""Identity: the id from localised path words, canonical and hreflang links; alternates."""

from __future__ import annotations

import pytest

from extractor import ListingPage, parse_page
from extractor.parsing import parse_exercise_url
from extractor.parsing._urls import links_to_exercise


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://x.ch/en/exercise/3f9a1c-psoas-smash", ("3f9a1c", "psoas-smash", "en")),
        ("https://x.ch/fr/exercice/b0a7e1-chien-oiseau", ("b0a7e1", "chien-oiseau", "fr")),
        ("https://x.ch/fr/exercices/b0a7e1", ("b0a7e1", None, "fr")),
        ("https://x.ch/de/%C3%BCbung/ab12-kniebeuge", ("ab12", "kniebeuge", "de")),
        ("https://x.ch/de/U%CC%88bung/ab12-k", ("ab12", "k", "de")),  # NFD and capital
        ("https://x.ch/de/uebungen/ab12-k/", ("ab12", "k", "de")),
        ("https://x.ch/es/ejercicio/ab12-sentadilla", ("ab12", "sentadilla", None)),
        ("https://x.ch/it/esercizio/ab12-squat", ("ab12", "squat", None)),
        ("https://x.ch/fr/exercices/muscles", (None, None, "fr")),
        ("https://x.ch/fr/article/ab12-pont", (None, None, "fr")),
    ],
)
def test_the_id_is_read_from_every_languages_path_words(
    url: str, expected: tuple[str | None, str | None, str | None]
) -> None:
    assert tuple(parse_exercise_url(url)) == expected


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/en/exercise/squat", True),
        ("/fr/exercice/b0a7e1-pont", True),
        ("/de/%C3%9Cbung/kniebeuge", True),
        ("/fr/exercices/muscles/tronc", True),
        ("/fr/exercices/", False),
        ("/en/blog/exercise-tips", False),
    ],
)
def test_links_to_exercise_pages_in_any_language(path: str, expected: bool) -> None:
    assert links_to_exercise(path) is expected


def test_a_french_listing_is_a_listing() -> None:
    cards = "".join(
        f'<li><a href="/fr/exercice/{n:04x}-exercice-{n}">Exercice {n}</a></li>' for n in range(8)
    )
    page = f"<html lang='fr'><body><main><h1>Tronc</h1><ul>{cards}</ul></main></body></html>"
    with pytest.raises(ListingPage, match="8 links to exercise pages"):
        parse_page(page, url="https://x.ch/fr/exercices/muscles/tronc")


def test_alternates_leave_out_x_default_and_the_page_itself() -> None:
    head = (
        '<link rel="canonical" href="https://x.ch/fr/exercice/ab12-pont">'
        '<link rel="alternate" hreflang="fr" href="https://x.ch/fr/exercice/ab12-pont">'
        '<link rel="alternate" hreflang="DE" href="/de/uebung/ab12-bruecke">'
        '<link rel="alternate" hreflang="en" href="https://x.ch/en/exercise/ab12-bridge">'
        '<link rel="alternate" hreflang="x-default" href="https://x.ch/en/exercise/ab12-bridge">'
    )
    body = "<h1>Pont</h1><h2>Instructions</h2><ul><li>Montez le bassin.</li></ul>"
    page = f"<html lang='fr'><head>{head}</head><body><main>{body}</main></body></html>"
    record = parse_page(page, url="https://x.ch/fr/exercice/ab12-pont?utm_source=x")
    assert list(record.alternates.items()) == [
        ("de", "https://x.ch/de/uebung/ab12-bruecke"),
        ("en", "https://x.ch/en/exercise/ab12-bridge"),
    ]
    assert (record.source_id, record.language) == ("ab12", "fr")


def test_hreflang_links_naming_different_ids_give_no_id() -> None:
    head = (
        '<link rel="alternate" hreflang="fr" href="https://x.ch/fr/exercice/ab12-pont">'
        '<link rel="alternate" hreflang="de" href="https://x.ch/de/uebung/cd34-bruecke">'
    )
    body = "<h1>Bridge</h1><h2>Instructions</h2><ul><li>Lift the hips.</li></ul>"
    page = f"<html lang='en'><head>{head}</head><body><main>{body}</main></body></html>"
    record = parse_page(page, url="https://x.ch/print/bridge")
    assert record.source_id is None
    assert set(record.alternates) == {"fr", "de"}
