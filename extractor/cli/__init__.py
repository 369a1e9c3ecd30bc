"""The command line: ``extractor parse``, ``extractor crawl``, ``extractor schema``.

- ``_main``: the argument parser and ``main``; one module per command (``_parse``, ``_crawl``);
  ``_common``: shared argument types and helpers; ``_progress``: what people see of a crawl.

May import every other room; nothing imports it (the top of the layers). A thin layer: every
command is a call into the rooms below.
"""

from ._main import main

__all__ = ["main"]
