"""``--follow`` against real HTTP servers on 127.0.0.1: discovery, scope, robots, traps, resume.

Every assertion about what was requested is made from the server's own request log.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from crawl_support import SITE, fast_settings, read_jsonl, run

from extractor.testing._localsite import (
    Fault,
    GeneratedResponse,
    LocalSite,
    generated_exercise_page,
)

pytestmark = pytest.mark.slow

#: (source_id, language) -> path: every exercise of the sample site's followed part.
EXERCISES = {
    (source_id, language): f"/{language}/{word}/{source_id}-{slug}"
    for source_id, slugs in {
        "b0a7e1": ("bird-dog", "chien-oiseau", "vierfuesslerstand"),
        "d0e5a9": ("dead-bug", "insecte-mort", "toter-kaefer"),
        "2c3d4e": ("hollow-hold", "position-creuse", "hohlkoerperhalte"),
        "c4a1f2": ("calf-raise", "extension-des-mollets", "wadenheben"),
        "e7f8a0": ("wall-sit", "chaise-murale", "wandsitzen"),
    }.items()
    for language, word, slug in zip(
        ("en", "fr", "de"), ("exercise", "exercice", "uebung"), slugs, strict=True
    )
}
HUBS = {
    "/",
    *(f"/en/exercises/muscles{p}" for p in ("", "/core", "/core/2", "/legs")),
    *(f"/fr/exercices/muscles{p}" for p in ("", "/tronc", "/tronc/2", "/jambes")),
    *(f"/de/uebungen/muskeln{p}" for p in ("", "/rumpf", "/rumpf/2", "/beine")),
}


def _outputs(output: Path) -> dict[str, list[dict[str, Any]]]:
    return {
        name: read_jsonl(output / f"{name}.jsonl") for name in ("exercises", "failures", "pages")
    }


def _answered(site: LocalSite) -> Counter[str]:
    """Requests the server answered in full (a request dropped by a killed client is not)."""
    return Counter(r.path for r in site.requests if r.status == 200)


def test_following_links_from_the_home_page_finds_every_exercise_in_every_language(
    tmp_path: Path,
) -> None:
    with LocalSite(SITE) as site:
        summary = run(fast_settings(tmp_path, follow=True), [site.url("/")])
        requests = Counter(r.path for r in site.requests)
        origin = site.origin
    url = origin.__add__
    out = _outputs(tmp_path)
    identities = Counter((r["source_id"], r["language"]) for r in out["exercises"])
    assert identities == Counter(
        list(EXERCISES)
    )  # each once: translations are records of their own
    for record in out["exercises"]:
        path = EXERCISES[record["source_id"], record["language"]]
        assert record["url"] == url(path)
        others = {k: v for k, v in EXERCISES.items() if k[0] == record["source_id"]}
        assert record["alternates"] == {
            lang: url(p) for (_, lang), p in others.items() if lang != record["language"]
        }
    # Every page fetched once; never-content links (login, cart, search, feed, PDF, mailto)
    # and the robots.txt Disallow'd link never requested.
    assert set(requests) == {"/robots.txt", *HUBS, *EXERCISES.values()}
    assert set(requests.values()) == {1}
    # Hubs are accounted for in pages.jsonl, not as failures.
    pages = {p["url"]: p for p in out["pages"]}
    assert set(pages) == {url(path) for path in HUBS}
    assert {p["kind"] for p in pages.values()} == {"hub"}
    home = pages[url("/")]
    assert (home["depth"], home["status"], home["links_queued"]) == (0, 200, 4)
    assert home["links_found"] > home["links_queued"]
    assert pages[url("/fr/exercices/muscles/tronc/2")]["depth"] == 3
    (failure,) = out["failures"]
    assert (failure["url"], failure["error_type"]) == (
        url("/drafts/new-exercise"),
        "RobotsDisallowed",
    )
    assert (summary.records, summary.pages, summary.failures) == (15, 13, 1)
    assert summary.cut["off_site"] >= 1
    assert summary.cut["never_content"] >= 1
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    assert manifest["dataset"] == {"records": 15, "failures": 1, "pages": 13}
    assert manifest["counts"]["pages_by_kind"] == {"hub": 13}
    # Every fetched URL ends in exactly one file.
    fetched = [url(p) for p, n in requests.items() for _ in range(n) if p != "/robots.txt"]
    settled = [r["url"] for r in out["exercises"]] + [p["url"] for p in out["pages"]]
    assert sorted(fetched) == sorted(settled)


def test_another_host_gets_no_request(tmp_path: Path) -> None:
    with LocalSite(SITE) as other:
        page = (
            f'<html><head><link rel="alternate" hreflang="fr" href="{other.url("/fr/")}">'
            f'</head><body><h1>Home</h1><a href="{other.url("/en/exercises/muscles")}">them</a>'
            '<a href="/en/exercises/muscles/legs">legs</a></body></html>'
        ).encode()
        with LocalSite(SITE, faults={"/start": Fault(body=page)}) as site:
            summary = run(fast_settings(tmp_path, follow=True), [site.url("/start")])
        assert other.requests == []
    assert summary.cut["off_site"] >= 2
    # The legs listing leads back (menus, language switchers) to the whole site: all of it,
    # and nothing of the other server.
    written = {(r["source_id"], r["language"]) for r in read_jsonl(tmp_path / "exercises.jsonl")}
    assert written == set(EXERCISES)


def _page(path: str) -> GeneratedResponse | None:
    """A small site: a hub, a nofollow hub, exercise pages each linking to one more page."""
    links = {
        "/start": ["/nofollow-meta", "/en/exercise/aa01-noindex", "/en/exercise/aa02-none"],
        "/nofollow-meta": ["/en/exercise/bb01-behind-nofollow"],
        "/en/exercise/aa01-noindex": ["/en/exercise/bb02-behind-noindex"],
        "/en/exercise/aa02-none": ["/en/exercise/bb03-behind-none"],
    }.get(path, [])
    anchors = "".join(f'<a href="{link}">{link}</a> ' for link in links)
    if "/exercise/" not in path:
        robots = '<meta name="robots" content="nofollow">' if "nofollow" in path else ""
        html = f"<html><head>{robots}</head><body><h1>Hub</h1>{anchors}</body></html>"
        return GeneratedResponse(html.encode())
    page = generated_exercise_page(path)
    assert page is not None
    return GeneratedResponse(page.body.replace(b"</main>", f"{anchors}</main>".encode()))


def test_nofollow_and_noindex_from_meta_tags_and_headers(tmp_path: Path) -> None:
    faults = {
        # An exercise asking not to be indexed (header): its links are still followed.
        "/en/exercise/aa01-noindex": Fault(headers=(("X-Robots-Tag", "noindex"),)),
        # One asking for neither (header "none"): kept out, and its links not followed.
        "/en/exercise/aa02-none": Fault(headers=(("X-Robots-Tag", "none"),)),
    }
    with LocalSite(generate=_page, faults=faults) as site:
        summary = run(fast_settings(tmp_path, follow=True), [site.url("/start")])
        requests = Counter(r.path for r in site.requests)
        origin = site.origin
    assert requests["/nofollow-meta"] == 1
    assert requests["/en/exercise/bb01-behind-nofollow"] == 0  # meta robots nofollow
    assert requests["/en/exercise/bb03-behind-none"] == 0  # X-Robots-Tag: none
    assert requests["/en/exercise/bb02-behind-noindex"] == 1  # noindex still follows
    out = _outputs(tmp_path)
    assert [r["source_id"] for r in out["exercises"]] == ["bb02"]
    kinds = {p["url"]: (p["kind"], p["reason"], p["links_queued"]) for p in out["pages"]}
    assert kinds[origin + "/en/exercise/aa01-noindex"][:2] == (
        "noindex",
        "the page asks robots not to index it (noindex)",
    )
    assert kinds[origin + "/en/exercise/aa01-noindex"][2] == 1
    assert kinds[origin + "/en/exercise/aa02-none"][0] == "noindex"
    assert kinds[origin + "/en/exercise/aa02-none"][2] == 0
    assert kinds[origin + "/nofollow-meta"] == ("hub", kinds[origin + "/nofollow-meta"][1], 0)
    assert summary.pages_by_kind == {"hub": 2, "noindex": 2}
    assert out["failures"] == []


def _trap_site(path: str) -> GeneratedResponse | None:
    """A calendar linking the next day forever, facets multiplying query strings, one page
    under many addresses, and one real exercise page among them."""
    if path == "/":
        links = ["/calendar/2024-01-01", "/shop?color=c0&size=s0", "/catalog?ref=home"]
        links.append("/en/exercise/c4a1f2-calf-raise")
        return _links_page("Home", links)
    if path.startswith("/en/exercise/"):
        return generated_exercise_page(path)
    if path.startswith("/calendar/"):
        year, month, day = (int(part) for part in path.rsplit("/", 1)[1].split("-"))
        nxt = f"/calendar/{year + (month == 12 and day == 28)}-{month % 12 + (day == 28):02d}-"
        nxt += f"{day % 28 + 1:02d}"
        return _links_page(f"Events {year}-{month}-{day}", [nxt, f"/calendar/{year + 1}-01-01"])
    return None


def _links_page(title: str, links: list[str]) -> GeneratedResponse:
    anchors = "".join(f'<a href="{link}">{link}</a> ' for link in links)
    return GeneratedResponse(f"<html><body><h1>{title}</h1>{anchors}</body></html>".encode())


def test_traps_end_within_their_budgets_and_the_summary_says_why(tmp_path: Path) -> None:
    # LocalSite answers by path (the query is ignored): the same facet page, and the same
    # session page, come back for every query string, as on a real site.
    facets = {
        "/shop": Fault(body=_facet_page()),
        "/catalog": Fault(
            body=_links_page("Catalog", [f"/catalog?ref={n}" for n in range(30)]).body
        ),
    }
    with LocalSite(generate=_trap_site, faults=facets) as site:
        settings = fast_settings(
            tmp_path, follow=True, max_depth=1000, max_per_pattern=15, max_parameter_values=8
        )
        summary = run(settings, [site.url("/")])
        requests = Counter(r.path for r in site.requests)
    assert summary.status == "completed"
    calendar = sum(n for p, n in requests.items() if p.startswith("/calendar/"))
    # The budget is spent by pages settled; pages in flight when it runs out (being fetched,
    # or fetched and waiting for the parser) still end: at most twice the concurrency.
    assert 15 <= calendar <= 15 + 2 * settings.concurrency
    # Two patterns (color&size, color&size&sort), each within its budget.
    assert requests["/shop"] <= 2 * 15 + 2 * settings.concurrency
    # The same catalog under 30 addresses: the second one is a duplicate (its links are not
    # followed again), and the `ref` parameter's budget (8 values) ends the rest.
    assert requests["/catalog"] <= 8 + 2 * settings.concurrency
    assert summary.cut["parameter_budget"] >= 1
    assert summary.cut["pattern_budget"] >= 1
    assert summary.pages_by_kind["duplicate_content"] >= 1
    assert [r["source_id"] for r in read_jsonl(tmp_path / "exercises.jsonl")] == ["c4a1f2"]
    # The budgets above (21 + 36 + 14 at most) and the few real pages: far from endless.
    assert sum(requests.values()) < 80
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    assert manifest["counts"]["cut"]["pattern_budget"] == summary.cut["pattern_budget"]


def _facet_page() -> bytes:
    """A shop listing whose every filter link is another combination (served for any query)."""
    links = [f"/shop?color=c{c}&size=s{s}" for c in range(12) for s in range(12)]
    links += [f"/shop?color=c{c}&size=s{s}&sort=price" for c in range(3) for s in range(3)]
    anchors = "".join(f'<a href="{link}">{link}</a>' for link in links)
    return f"<html><body><h1>Shop</h1>{anchors}</body></html>".encode()


def _crawl_command(site: LocalSite, output: Path) -> list[str]:
    return [
        sys.executable,
        "-m",
        "extractor",
        "crawl",
        site.url("/"),
        "--follow",
        "--output",
        str(output),
        "--concurrency",
        "1",
        "--rate",
        "0",
        "--timeout",
        "30",
        "--log-format",
        "json",
    ]


def test_sigkill_mid_discovery_then_resume_fetches_nothing_twice(tmp_path: Path) -> None:
    # The crawler is killed while the server holds the request for an exercise found on the
    # second page of a listing: hubs and exercises are settled, others still only discovered.
    held = EXERCISES["2c3d4e", "fr"]
    with LocalSite(SITE, faults={held: Fault(delay=60, times=1)}) as site:
        env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
        first = subprocess.Popen(
            _crawl_command(site, tmp_path),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=env,
        )
        deadline = time.monotonic() + 60
        while site.hits(held) == 0 and time.monotonic() < deadline and first.poll() is None:
            time.sleep(0.01)
        assert site.hits(held) == 1, "the crawl never reached the held page"
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
        before = _answered(site)
        assert 0 < sum(before[p] for p in EXERCISES.values()) < len(EXERCISES)
        frontier = tmp_path / "frontier.sqlite"
        assert frontier.exists()

        second = subprocess.run(
            _crawl_command(site, tmp_path), capture_output=True, env=env, timeout=120
        )
        assert second.returncode == 0, second.stderr
        answered = _answered(site)
        hub_urls = sorted(site.url(p) for p in HUBS)
    # Every exercise answered exactly once over both runs; the held one too (its first
    # request was dropped by the killed client, never answered).
    assert {path: answered[path] for path in EXERCISES.values()} == dict.fromkeys(
        EXERCISES.values(), 1
    )
    assert all(answered[path] == 1 for path in HUBS)
    out = _outputs(tmp_path)
    assert Counter((r["source_id"], r["language"]) for r in out["exercises"]) == Counter(
        list(EXERCISES)
    )
    assert sorted(p["url"] for p in out["pages"]) == hub_urls
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    assert manifest["status"] == "completed"
    assert manifest["dataset"]["records"] == len(EXERCISES)
    # The held page, and whatever else was taken (in flight or queued in memory) when killed.
    assert manifest["discovery"]["reopened"] >= 1
