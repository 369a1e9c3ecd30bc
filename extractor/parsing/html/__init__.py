"""The HTML front end: decoded HTML -> ``PageContent`` (blocks in reading order, plus hints).

- ``_reader``: ``read_html``, the front end's entry point.
- ``_prune``: cuts menus, footers, scripts and styles from the bytes before the parse (speed).
- ``_dom``: the lxml parse and its limits.
- ``_walk``: ``BlockWalker``, the one pass that turns the tree into blocks, skipping chrome
  subtrees and taking back menus.
- ``_elements``: what one element is (ornament, unclosed heading, bare toggle, collapsed or
  dropdown panel, selected tab, property list, call-out aside, caption, language switcher).
- ``_chrome_lines``: cheap filters saying which text may be chrome, before the vocabulary's
  matchers.
- ``_chrome``, ``_widgets``: what is site chrome; tabs, accordions and toggles.
- ``_links``: the page's links for the crawler (anchors, hreflang, ``rel=next``, meta robots).
- ``_jsonld``: JSON-LD (FAQPage, VideoObject, HowTo) read into blocks.

May import: the parsing room's shared modules (``_blocks``, ``_cleaning``, ``_media``,
``_steps``), its
``vocabulary``, and the package's contract. Never the text front end or the assembler.
"""

from ._links import HtmlLinks, hreflang_links, read_html_links
from ._reader import read_html

__all__ = ["HtmlLinks", "hreflang_links", "read_html", "read_html_links"]
