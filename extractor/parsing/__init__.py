"""Parsing: page bytes or text in, an ``Exercise`` out. Pure: no I/O, no global state.

How a page goes through the room::

    bytes --_decoding--> text --html/ or text/ (front ends)--> blocks --assemble/--> Exercise

- ``_parse``: the public ``parse_page``; decides HTML, markdown or text and joins the stages.
- ``_links``: ``page_links``, what a fetched page links to (for the crawler) and its robots
  directives.
- ``_decoding``: BOM, declared and detected charsets; HTML, markdown or text sniffing.
- ``html/``: the HTML front end (byte-level chrome cut, lxml walk, JSON-LD).
- ``text/``: the plain-text and markdown front end (line shapes, text chrome).
- ``_blocks``: the intermediate form both front ends produce (``Block``, ``PageContent``).
- ``assemble/``: blocks -> record: sanitise, name, sections, FAQ, refusal of non-exercise
  pages, JSON-LD merge and de-duplication, language and identity, the built record.
- ``_identity``: the record's id from canonical/hreflang links when its URL names none, and
  its ``alternates`` (hreflang).
- ``vocabulary/``: every word the parser knows, as data (one module per language), and the
  code that matches it. A new language or wording goes there and nowhere else.
- ``_cleaning``, ``_media``, ``_urls``, ``_titles``: shared text, media, URL and title rules.
- ``_steps``: steps written as prose ("1) ... 2) ..."), split the same for both front ends.

May import: the package's contract (``extractor._models``, ``extractor._exceptions``) and
third-party libraries. Never crawling, dataset or cli: parsing knows nothing of HTTP or files.
Other rooms use what this ``__init__`` exports.
"""

from ._links import PageLinks, merge_links, page_links, robots_directives
from ._parse import parse_page
from ._urls import ExerciseUrl, normalise_url, origin_of, parse_exercise_url

__all__ = [
    "ExerciseUrl",
    "PageLinks",
    "merge_links",
    "normalise_url",
    "origin_of",
    "page_links",
    "parse_exercise_url",
    "parse_page",
    "robots_directives",
]
