"""Which discovered links a ``--follow`` crawl may fetch: hosts, patterns, never-content URLs.

A link is in scope when its host is one of the crawl's hosts (those of the start URLs and
sitemaps, and where a start URL redirected; ``www.`` ignored), it matches a ``--follow-include``
pattern when there are any, matches no ``--follow-exclude`` pattern, and is not something that is
never content. What is never content is data below (``NEVER_CONTENT_*``): sign-in and account
pages, carts, search results, feeds and downloads by extension. ``mailto:``, ``tel:``,
``javascript:`` links and fragments never get this far (``page_links`` drops them).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from urllib.parse import parse_qsl, unquote, urlsplit

__all__ = [
    "NEVER_CONTENT_EXTENSIONS",
    "NEVER_CONTENT_PARAMETERS",
    "NEVER_CONTENT_SEGMENTS",
    "Scope",
    "host_key",
]

#: Path segments (whole, case-insensitive, extension ignored) of pages that are never content:
#: signing in or out, accounts, carts and checkouts, search results, feeds, admin areas.
NEVER_CONTENT_SEGMENTS = frozenset(
    {
        "login", "log-in", "signin", "sign-in", "logout", "log-out", "signout", "sign-out",
        "signup", "sign-up", "register", "registration", "account", "accounts", "my-account",
        "password", "reset-password", "cart", "basket", "checkout", "wishlist",
        "search", "suche", "recherche", "buscar", "busqueda", "cerca", "ricerca",
        "feed", "feeds", "rss", "atom", "wp-admin", "wp-login.php", "admin",
        "anmelden", "abmelden", "konto", "warenkorb", "connexion", "deconnexion", "compte",
        "panier",
    }
)  # fmt: skip

#: Query parameters that make a page a search result.
NEVER_CONTENT_PARAMETERS = frozenset({"q", "query", "search", "s", "keyword", "keywords", "k"})

#: File extensions of downloads and media: never an HTML or text page.
NEVER_CONTENT_EXTENSIONS = frozenset(
    {
        "pdf", "zip", "gz", "tgz", "tar", "rar", "7z", "bz2", "xz", "exe", "dmg", "msi", "apk",
        "jpg", "jpeg", "png", "gif", "webp", "avif", "svg", "ico", "bmp", "tif", "tiff",
        "mp3", "mp4", "m4a", "m4v", "mov", "avi", "wmv", "webm", "mkv", "ogg", "oga", "wav",
        "flac", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "odt", "ods", "odp", "csv",
        "rss", "atom", "css", "js", "mjs", "map", "woff", "woff2", "ttf", "otf", "eot", "ics",
        "epub", "iso", "bin",
    }
)  # fmt: skip


def host_key(url: str) -> str:
    """``host[:port]`` lower-cased, without a leading ``www.``: what "the same site" means."""
    netloc = urlsplit(url).netloc.lower().rsplit("@", 1)[-1]
    return netloc.removeprefix("www.")


class Scope:
    """Decides whether a discovered link may be fetched; ``refusal`` says why not."""

    def __init__(
        self,
        hosts: Iterable[str] = (),
        *,
        include: Sequence[str] = (),
        exclude: Sequence[str] = (),
    ) -> None:
        self._hosts = {host_key(url) for url in hosts}
        self._include = [re.compile(pattern) for pattern in include]
        self._exclude = [re.compile(pattern) for pattern in exclude]

    @property
    def hosts(self) -> list[str]:
        """The crawl's hosts (sorted), for the manifest."""
        return sorted(self._hosts)

    def add_host(self, url: str) -> None:
        """Take ``url``'s host into scope (a start URL, a sitemap, a start URL's redirect)."""
        self._hosts.add(host_key(url))

    def refusal(self, url: str) -> str | None:
        """None when ``url`` may be fetched, else the reason (a short key for the summary)."""
        try:
            parts = urlsplit(url)
        except ValueError:
            return "invalid_url"
        if parts.scheme not in ("http", "https") or host_key(url) not in self._hosts:
            return "off_site"
        if any(pattern.search(url) for pattern in self._exclude):
            return "follow_exclude"
        if self._include and not any(pattern.search(url) for pattern in self._include):
            return "not_follow_include"
        if _never_content(parts.path, parts.query):
            return "never_content"
        return None


def _never_content(path: str, query: str) -> bool:
    segments = [segment.lower() for segment in unquote(path).split("/") if segment]
    if any(segment in NEVER_CONTENT_SEGMENTS for segment in segments):
        return True
    if segments and "." in segments[-1]:
        stem, extension = segments[-1].rsplit(".", 1)
        if extension in NEVER_CONTENT_EXTENSIONS or stem in NEVER_CONTENT_SEGMENTS:
            return True
    names = {name.lower() for name, _ in parse_qsl(query, keep_blank_values=True)}
    return bool(names & NEVER_CONTENT_PARAMETERS)
