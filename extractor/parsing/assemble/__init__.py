"""Assembly: blocks -> ``Exercise``, the one place that decides what page content means.

The assembler reads the ``PageContent`` of either front end in four steps (``_pipeline``):

1. ``_sanitise``: chrome blocks become placeholders or disappear.
2. ``_name`` + ``_segment``: the name heading is taken out and the block stream is cut into
   sections at every section heading (vocabulary headings, and headings outside the
   vocabulary, which start extra sections; question headings stay inside the current
   section as questions).
3. ``_sections``: each section is read by its kind (list, description, FAQ, videos, programs,
   extra, preamble); a paragraph of a list section numbered inline ("1) ... 2) ...") is
   read as its steps (``.._steps``). Inside any section, the first question (a structural
   QUESTION, a question heading, or a short paragraph ending with "?" followed by an
   answer) starts the FAQ part of that section (``_faq``).
4. ``_refuse`` raises for error pages, listings, unrendered shells and other pages;
   ``_merge`` adds JSON-LD FAQ pairs and videos and de-duplicates videos and programs;
   ``_language`` gives identity and language; ``_build`` removes every trace of chrome
   text (the single place enforcing that invariant) and builds the record.

``_state`` holds what the steps share (block kinds, ``Section``, ``Draft``).
May import: the parsing room's shared modules (``_blocks``, ``_cleaning``, ``_media``,
``_urls``, ``_steps``, ``_titles``), its ``vocabulary``, and the package's contract. Never a
front end.
"""

from ._pipeline import assemble

__all__ = ["assemble"]
