"""The parts of ``--follow`` on their own: scope, trap budgets, the SQLite frontier."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from extractor.crawling._scope import Scope, host_key
from extractor.crawling._store import CUT, DONE, PENDING, TAKEN, FrontierStore
from extractor.crawling._traps import TrapGuard, url_pattern

# --- scope ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("https://example.org/fr/exercice/ab12-pont", None),
        ("https://www.example.org/en/exercises/muscles/core/2", None),
        ("https://other.org/en/exercise/ab12", "off_site"),
        ("https://example.org:8443/en/exercise/ab12", "off_site"),
        ("ftp://example.org/file", "off_site"),
        ("https://example.org/en/login", "never_content"),
        ("https://example.org/de/warenkorb", "never_content"),
        ("https://example.org/account/orders", "never_content"),
        ("https://example.org/en/search?q=squat", "never_content"),
        ("https://example.org/en/exercises?s=plank", "never_content"),
        ("https://example.org/feed.xml", "never_content"),
        ("https://example.org/downloads/Plan.PDF", "never_content"),
        ("https://example.org/static/photo.jpg", "never_content"),
        ("https://example.org/en/blog/ab12", "follow_exclude"),
        ("https://example.org/en/shop/ab12", "not_follow_include"),
    ],
)
def test_scope_says_why_a_link_is_not_followed(url: str, reason: str | None) -> None:
    scope = Scope(["https://example.org/"], include=[r"^(?!.*/shop/)"], exclude=["/blog/"])
    assert scope.refusal(url) == reason


def test_scope_grows_with_start_hosts_and_redirects() -> None:
    scope = Scope()
    assert scope.refusal("https://example.org/a") == "off_site"
    scope.add_host("http://WWW.Example.org/")
    assert scope.refusal("https://example.org/a") is None
    assert host_key("http://user@www.example.org:8080/x") == "example.org:8080"
    assert scope.hosts == ["example.org"]


# --- the SQLite frontier -------------------------------------------------------------------------


def test_frontier_store_deduplicates_takes_in_order_and_reopens(tmp_path: Path) -> None:
    path = tmp_path / "frontier.sqlite"
    store = FrontierStore(path)
    assert store.add([("https://a/1", 0), ("https://a/2", 1), ("https://a/1", 5)]) == 2
    assert store.take(1) == [("https://a/1", 0)]
    assert store.settle("https://a/1", [("https://a/2", 2), ("https://a/3", 2)]) == 1
    assert store.take(10) == [("https://a/2", 1), ("https://a/3", 2)]
    store.settle("https://a/2", cut=True)
    assert (store.count(PENDING), store.count(TAKEN), store.count(DONE), store.count(CUT)) == (
        0,
        1,
        1,
        1,
    )
    store.close()  # a run that stopped with a/3 in flight

    again = FrontierStore(path)
    assert again.reopen(retry=["https://a/1"]) == 2  # a/3 taken, a/1 to retry
    assert again.take(10) == [("https://a/1", 0), ("https://a/3", 2)]
    assert not again.has_pending()
    again.close()
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"

    fresh = FrontierStore(path, fresh=True)
    assert fresh.count() == 0
    fresh.close()


def test_nested_transactions_commit_once_at_the_outermost(tmp_path: Path) -> None:
    path = tmp_path / "frontier.sqlite"
    store = FrontierStore(path)
    store.add([("https://a/1", 0), ("https://a/2", 0)])
    store.take(2)
    reader = sqlite3.connect(path)

    def done_seen_by_another_connection() -> int:
        return int(
            reader.execute("SELECT COUNT(*) FROM urls WHERE state = ?", (DONE,)).fetchone()[0]
        )

    with store.transaction():
        store.settle("https://a/1")  # its own transaction, nested: not committed yet
        assert done_seen_by_another_connection() == 0
    assert done_seen_by_another_connection() == 1

    def settle_then_fail() -> None:
        with store.transaction():
            store.settle("https://a/2")
            raise RuntimeError("the page could not be settled")

    with pytest.raises(RuntimeError):
        settle_then_fail()
    assert store.count(DONE) == 1  # rolled back whole, and the store still works
    store.settle("https://a/2")
    assert done_seen_by_another_connection() == 2
    reader.close()
    store.close()


# --- trap budgets --------------------------------------------------------------------------------


def test_url_pattern_folds_digits_and_parameter_values() -> None:
    assert url_pattern("https://www.ex.org/calendar/2024/05/17") == "ex.org/calendar/#/#/#"
    assert url_pattern("https://ex.org/list?size=m&color=red") == "ex.org/list?color&size"
    assert url_pattern("https://ex.org/list?color=blue&size=l") == "ex.org/list?color&size"


def _guard(tmp_path: Path, *, pattern: int = 3, values: int = 3) -> TrapGuard:
    store = FrontierStore(tmp_path / "f.sqlite")
    return TrapGuard(store, max_per_pattern=pattern, max_parameter_values=values)


def test_a_pattern_that_never_yields_a_record_is_cut_after_its_budget(tmp_path: Path) -> None:
    guard = _guard(tmp_path, values=100)
    days = [f"https://ex.org/calendar/2024-01-{day:02d}" for day in range(1, 6)]
    for day in days[:3]:
        assert guard.refusal(day) is None
        guard.fetched(day, record=False)
    assert guard.refusal(days[3]) == "pattern_budget"
    # A pattern that gives records is never cut (numeric exercise ids).
    for number in range(10):
        url = f"https://ex.org/exercise/{number}"
        assert guard.refusal(url) is None
        guard.fetched(url, record=number == 0)


def test_a_parameter_with_too_many_values_is_cut_unless_it_led_to_records(tmp_path: Path) -> None:
    guard = _guard(tmp_path, pattern=100)
    for sort in ("a", "b", "c"):
        url = f"https://ex.org/list?sort={sort}"
        assert guard.refusal(url) is None
        guard.fetched(url, record=False)
    assert guard.refusal("https://ex.org/list?sort=d") == "parameter_budget"
    assert guard.refusal("https://ex.org/list?sort=a") is None  # a value already seen
    assert guard.refusal("https://ex.org/other?sort=d") is None  # another path
    for number in range(5):
        url = f"https://ex.org/show?id={number}"
        assert guard.refusal(url) is None
        guard.fetched(url, record=True)


def test_path_shapes_that_only_traps_make_are_cut(tmp_path: Path) -> None:
    guard = _guard(tmp_path)
    assert guard.refusal("https://ex.org/a/b/a/b/a/b/a/b/c") == "repeating_path"
    assert guard.refusal("https://ex.org/" + "x" * 3000) == "url_too_long"
    assert guard.refusal("https://ex.org/a/b/a/b/c") is None


def test_the_same_content_under_another_address_is_a_duplicate(tmp_path: Path) -> None:
    guard = _guard(tmp_path)
    page = b"<html><body><a href='/same?session=1'>me</a> Listing</body></html>"
    assert guard.duplicate_of("https://ex.org/same?session=1", page) is None
    assert guard.duplicate_of("https://ex.org/same?session=1", page) is None  # itself again
    assert guard.duplicate_of("https://ex.org/same?session=2", page) == (
        "https://ex.org/same?session=1"
    )
    assert guard.duplicate_of("https://ex.org/new", b"<html>new</html>") is None
