"""Text -> lxml tree, never raising: the one place that calls the C parser."""

from __future__ import annotations

import threading
from typing import Any

from lxml import etree

__all__ = ["parse_document", "parse_was_cut_short"]

# libxml2 parser contexts must not be shared between threads at the same time.
_LOCAL = threading.local()


def _parser() -> Any:
    parser = getattr(_LOCAL, "parser", None)
    if parser is None:
        # Comments and processing instructions are removed by libxml2 itself (their
        # neighbouring text is kept); no network access for DTDs, ever.
        parser = etree.HTMLParser(
            encoding="utf-8",
            remove_comments=True,
            remove_pis=True,
            collect_ids=False,
            no_network=True,
            default_doctype=False,
            # libxml2 otherwise stops at 256 levels of nesting and DROPS the rest of the
            # document (the content after a tower of unclosed <div>s vanished). The walker
            # bounds its own depth and reports what it skips.
            huge_tree=True,
        )
        _LOCAL.parser = parser
    return parser


def parse_document(text: str | bytes) -> Any | None:
    """The ``<html>`` element of ``text`` parsed as HTML, or None when nothing parses.

    ``text`` is decoded text, as a str or as UTF-8 bytes (a page fetched as UTF-8 is
    parsed from its own bytes: encoding 100 KB again costs a tenth of the parse).
    The text is handed to libxml2 as UTF-8 bytes with the encoding forced: a str
    with an XML declaration would be refused by lxml, a ``<meta charset>`` must
    not re-decode text that is already decoded, and lone surrogates (from a
    lossy upstream decode) become "?" instead of an error.
    """
    data = text if isinstance(text, bytes) else text.encode("utf-8", "replace")
    if not data or data.isspace():  # not strip(): that copies the whole page
        return None
    try:
        # Plain etree elements: lxml.html's element classes are looked up by a
        # Python callback for every element touched, a cost paid on every page.
        return etree.fromstring(data, parser=_parser())
    except (etree.LxmlError, ValueError, TypeError):
        return None


def parse_was_cut_short() -> bool:
    """True when this thread's last ``parse_document`` stopped early at a libxml2 resource
    limit (nesting deeper than 2,048 levels even with ``huge_tree``): the rest of the
    document is missing from the tree."""
    limit = etree.ErrorTypes.ERR_RESOURCE_LIMIT
    return any(error.type == limit for error in _parser().error_log)
