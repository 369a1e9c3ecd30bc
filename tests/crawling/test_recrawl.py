"""Re-crawls (``crawl --since``) against a real server on 127.0.0.1 whose pages change,
vanish and appear. What was asked and answered is counted at the server (its request log),
what was parsed at the parser."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

import httpx
import pytest
from crawl_support import EXERCISE_PAGES, LISTING_PAGE, SITE, fast_settings, read_jsonl, run

import extractor.crawling._parse_pool as parse_pool_module
from extractor.cli._main import main
from extractor.parsing import parse_page
from extractor.testing._localsite import LocalSite

pytestmark = pytest.mark.slow

CHANGED = EXERCISE_PAGES["3f9a1c"]  # psoas smash: a step is reworded
GONE_LISTED = EXERCISE_PAGES["5e6f70"]  # cat-cow: deleted, still in the sitemap
GONE_UNLISTED = EXERCISE_PAGES["7b2e04"]  # goblet squat: deleted and taken off the sitemap
NEW = "/en/exercise/beef01-wall-sit"


def exercise_requests(site: LocalSite) -> list[Any]:
    return [entry for entry in site.requests if "/exercise/" in entry.path]


def by_url(records: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {record["url"]: record for record in records}


class ParseCounter:
    """Counts the pages the crawler hands to the parser (a 304 must hand none)."""

    def __init__(self) -> None:
        self.urls: list[str] = []

    def __call__(self, body: bytes, *, url: str, content_type: str | None) -> Any:
        self.urls.append(url)
        return parse_page(body, url=url, content_type=content_type)


def change_the_site(root: Path) -> None:
    page = root / "en/exercise/3f9a1c-psoas-smash.html"
    page.write_text(
        page.read_text(encoding="utf-8").replace("Switch sides and repeat.", "Switch sides."),
        encoding="utf-8",
    )
    later = page.stat().st_mtime + 10  # a Last-Modified one can tell from the first
    os.utime(page, (later, later))
    (root / "en/exercise/5e6f70-cat-cow.txt").unlink()
    (root / "en/exercise/7b2e04-goblet-squat.html").unlink()
    sitemap = root / "sitemap-en.xml"
    text = sitemap.read_text(encoding="utf-8")
    text = text.replace(
        "<url><loc>https://site.invalid/en/exercise/7b2e04-goblet-squat</loc></url>", ""
    )
    text = text.replace("</urlset>", f"<url><loc>https://site.invalid{NEW}</loc></url>\n</urlset>")
    sitemap.write_text(text, encoding="utf-8")
    goblet = (SITE / "en/exercise/7b2e04-goblet-squat.html").read_text(encoding="utf-8")
    (root / "en/exercise/beef01-wall-sit.html").write_text(
        goblet.replace("Goblet squat", "Wall sit"), encoding="utf-8"
    )


@pytest.fixture
def site_root(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    shutil.copytree(SITE, root)
    return root


def test_recrawl_sends_conditional_requests_and_copies_unchanged_records(
    site_root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old, new = tmp_path / "old", tmp_path / "new"
    with LocalSite(site_root, validators="both") as site:
        sitemap = [site.url("/sitemap_index.xml")]
        first = run(fast_settings(old), sitemaps=sitemap)
        assert first.records == len(EXERCISE_PAGES)
        assert not any(entry.conditional for entry in site.requests)  # nothing to go on yet
        facts = {line["url"]: line for line in read_jsonl(old / "fetches.jsonl")}
        for path in EXERCISE_PAGES.values():
            kept = facts[site.url(path)]
            assert kept["status"] == 200
            assert kept["outcome"] == "record"
            assert kept["etag"].startswith('"')
            assert kept["last_modified"].endswith(" GMT")

        change_the_site(site_root)
        site.reset()
        parsed = ParseCounter()
        monkeypatch.setattr(parse_pool_module, "parse_page", parsed)  # parsed in-process below
        second = run(fast_settings(new, since=old, parse_workers=0), sitemaps=sitemap)
        requests = exercise_requests(site)
        origin = site.origin

    def url(path: str) -> str:
        return origin + path

    old_records, new_records = (
        by_url(read_jsonl(old / "exercises.jsonl")),
        by_url(read_jsonl(new / "exercises.jsonl")),
    )
    unchanged = set(old_records) - {url(p) for p in (CHANGED, GONE_LISTED, GONE_UNLISTED)}
    # At the server: every page of OLD was asked conditionally, the unchanged ones got 304.
    conditional = {entry.path for entry in requests if entry.conditional}
    assert conditional == set(EXERCISE_PAGES.values())
    not_modified = [entry for entry in requests if entry.status == 304]
    assert sorted(url(e.path) for e in not_modified) == sorted(unchanged)
    assert all(entry.bytes_sent == 0 for entry in not_modified)
    assert {e.path: e.status for e in requests if e.path in (GONE_LISTED, GONE_UNLISTED)} == {
        GONE_LISTED: 404,
        GONE_UNLISTED: 404,
    }
    # At the parser: only what changed and what is new (and the listing page, a failure in
    # OLD: there is no record to keep, so it is asked for in full again).
    assert sorted(parsed.urls) == sorted([url(LISTING_PAGE), url(CHANGED), url(NEW)])

    # The new dataset: unchanged records copied as they were, the changed one re-read, the
    # new one added, the vanished ones left out and listed as removed.
    assert set(new_records) == unchanged | {url(CHANGED), url(NEW)}
    for same in unchanged:
        assert new_records[same] == old_records[same]
    assert "Switch sides." in new_records[url(CHANGED)]["instructions"]
    assert new_records[url(NEW)]["name"] == "Wall sit"
    removed = read_jsonl(new / "removed.jsonl")
    assert sorted((r["source_id"], r["status"]) for r in removed) == [
        ("5e6f70", 404),
        ("7b2e04", 404),
    ]
    manifest = json.loads((new / "manifest.json").read_text())
    assert manifest["since"] == {
        "dataset": str(old),
        "known_urls": len(EXERCISE_PAGES),
        "conditional_requests": len(EXERCISE_PAGES),
        "not_modified": len(unchanged),
        "changed": 1,
        "new": 1,
        "removed": 2,
    }
    assert second.records == len(unchanged) + 2
    # The renewed facts say what happened, for the next re-crawl.
    outcomes = {line["url"]: line["outcome"] for line in read_jsonl(new / "fetches.jsonl")}
    assert outcomes[url(GONE_LISTED)] == "removed"
    assert {outcomes[same] for same in unchanged} == {"unchanged"}

    # extractor diff sees the same story.
    assert main(["diff", str(old), str(new), "--format", "json"]) == 1


def test_diff_of_a_recrawl(
    site_root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old, new = tmp_path / "old", tmp_path / "new"
    with LocalSite(site_root, validators="etag") as site:
        run(fast_settings(old), sitemaps=[site.url("/sitemap_index.xml")])
        change_the_site(site_root)
        run(fast_settings(new, since=old), sitemaps=[site.url("/sitemap_index.xml")])
        changed_url = site.url(CHANGED)
    capsys.readouterr()
    assert main(["diff", str(old), str(new), "--format", "json"]) == 1
    result = json.loads(capsys.readouterr().out)
    assert [e["source_id"] for e in result["added"]] == ["beef01"]
    assert sorted(e["source_id"] for e in result["removed"]) == ["5e6f70", "7b2e04"]
    assert result["changed"] == [
        {
            "source_id": "3f9a1c",
            "language": "en",
            "url": changed_url,
            "name": "Psoas smash",
            "fields": ["instructions", "content_sha256"],
        }
    ]


@pytest.mark.parametrize(
    ("validators", "expected"),
    [
        (None, set()),  # the server sent no validators: nothing is guessed
        ("last-modified", {"If-Modified-Since"}),
        ("etag", {"If-None-Match"}),
    ],
)
def test_only_the_servers_own_validators_are_sent(
    site_root: Path, tmp_path: Path, validators: Any, expected: set[str]
) -> None:
    old, new = tmp_path / "old", tmp_path / "new"
    seen: list[set[str]] = []
    with LocalSite(site_root, validators=validators) as site:
        run(fast_settings(old), urls=[site.url(EXERCISE_PAGES["a41d77"])])
        site.reset()
        original = httpx.AsyncClient.send

        async def spy(self: httpx.AsyncClient, request: httpx.Request, **kwargs: Any) -> Any:
            if "/exercise/" in request.url.path:
                names = {"If-None-Match", "If-Modified-Since"}
                seen.append({name for name in names if name in request.headers})
            return await original(self, request, **kwargs)

        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(httpx.AsyncClient, "send", spy)
            run(fast_settings(new, since=old), urls=[site.url(EXERCISE_PAGES["a41d77"])])
        statuses = [e.status for e in exercise_requests(site)]
    assert seen == [expected]
    assert statuses == ([304] if expected else [200])
    assert read_jsonl(new / "exercises.jsonl") == read_jsonl(old / "exercises.jsonl")


def test_since_usage_errors(tmp_path: Path) -> None:
    url = "http://127.0.0.1:9/en/exercise/a1-x"
    assert main(["crawl", url, "--output", str(tmp_path / "new"), "--since", str(tmp_path)]) == 2
    assert main(["crawl", url, "--output", str(tmp_path), "--since", str(tmp_path)]) == 2
