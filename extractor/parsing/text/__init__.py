"""The text front end: a plain-text or markdown copy of a page -> ``PageContent``.

- ``_reader``: ``read_text``, the front end's entry point (line shapes -> blocks).
- ``_lines``: splitting into lines; bullets, links and markdown line syntax (``_markdown``).
- ``_chrome``: site chrome of a whole-page copy (menus, skip links, cookie notices, footers).
- ``_faq``, ``_outline``, ``_table``: one-line Q&A pairs, nested phases, tables.

May import: the parsing room's shared modules (``_blocks``, ``_cleaning``, ``_media``,
``_urls``), its ``vocabulary``, and the package's contract. Never the HTML front end or the
assembler.
"""

from ._reader import read_text

__all__ = ["read_text"]
