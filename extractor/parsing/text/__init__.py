"""The text front end: a plain-text or markdown copy of a page -> ``PageContent``.

- ``_reader``: ``read_text``, the front end's entry point (line shapes -> blocks).
- ``_document``: a markdown copy read whole first: its header block or front matter (the
  page's title and address), reference links, HTML fragments.
- ``_lines``: splitting into lines; bullets, links and markdown line syntax (``_markdown``:
  headings, links, images and their chrome, escapes); setext headings and pipe tables.
- ``_chrome``: site chrome of a whole-page copy (menus, skip links, cookie notices, footers).
- ``_faq``, ``_outline``, ``_table``: one-line Q&A pairs, nested phases, tables.

May import: the parsing room's shared modules (``_blocks``, ``_cleaning``, ``_media``,
``_urls``, ``_steps``, ``_titles``), its ``vocabulary``, and the package's contract. Never the
HTML front end or the assembler.
"""

from ._reader import read_text, read_text_links

__all__ = ["read_text", "read_text_links"]
