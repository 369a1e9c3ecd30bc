"""``assemble``: a front end's blocks -> a validated ``Exercise``, step by step (see the room's
``__init__``).
"""

from __future__ import annotations

from ..._models import Exercise
from .._blocks import PageContent
from ._attributes import take_attributes
from ._build import build
from ._merge import merge_jsonld
from ._name import find_name
from ._refuse import deep_message, require_exercise
from ._sanitise import sanitise, without_own_address
from ._sections import SectionReader
from ._segment import segment

__all__ = ["assemble"]


def assemble(page: PageContent, *, url: str | None, sha256: str) -> Exercise:
    """Turn a front end's blocks into a validated ``Exercise``.

    Raises ``ErrorPage``, ``ListingPage``, ``UnrenderedPage`` or ``NotAnExercisePage``
    (with a message that says why) when the page does not describe an exercise.
    """
    blocks = without_own_address(sanitise(page.blocks), (url, page.canonical_url))
    blocks, table = take_attributes(blocks)
    name_index, name = find_name(blocks, page.title_hint, url or page.canonical_url)
    sections = segment(blocks, skip=name_index)
    draft = SectionReader(sections, page).read()
    draft.attributes = table
    name = require_exercise(page, blocks, sections, draft, name)
    if name_index is None:
        draft.warn("no heading names the exercise; the name comes from the page title")
    if page.truncated:
        draft.warn("the HTML ends without </body> or </html>: the page may be truncated")
    if page.deep_skipped or page.cut_short:
        draft.warn(deep_message(page))
    merge_jsonld(draft, page)
    return build(draft, page, sections, name=name, url=url, sha256=sha256)
