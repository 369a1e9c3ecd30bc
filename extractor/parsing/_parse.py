"""The public entry point: page bytes or text in, ``Exercise`` out."""

from __future__ import annotations

import hashlib
import re

from .._exceptions import ExtractionError, InputError, NotAnExercisePage
from .._models import Exercise
from ._blocks import PageContent
from ._decoding import DecodedText, clean_decoded, decode_page, page_format
from ._identity import complete_identity
from .assemble import assemble
from .html import read_html
from .text import read_text

__all__ = ["parse_page"]

_SURROGATE = re.compile("[\ud800-\udfff]")


def parse_page(
    content: str | bytes, *, url: str | None = None, content_type: str | None = None
) -> Exercise:
    """Parse one exercise page (HTML, markdown or plain text; bytes or decoded text).

    Bytes are decoded by BOM, the ``charset`` of ``content_type``, the document's own
    declaration, then detection. HTML, markdown or plain text is decided from
    ``content_type`` or by sniffing. Pure: no I/O.

    Raises an ``ExtractionError`` subclass (``EmptyInput``, ``BinaryInput``,
    ``DecodingError``, ``ErrorPage``, ``ListingPage``, ``UnrenderedPage``,
    ``NotAnExercisePage``, or ``InputError`` when a library rejects the input) and
    nothing else.
    """
    try:
        return _parse(content, url=url, content_type=content_type)
    except ExtractionError:
        raise
    except Exception as exc:  # lxml's ValueError, pydantic's ValidationError, RecursionError...
        raise InputError(f"could not parse the page ({type(exc).__name__}: {exc})") from exc


def _parse(content: str | bytes, *, url: str | None, content_type: str | None) -> Exercise:
    if isinstance(content, str):
        try:
            raw = content.encode("utf-8")
        except UnicodeEncodeError:
            # Lone surrogates (from a lossy upstream decode) have no UTF-8 form: U+FFFD each.
            content = _SURROGATE.sub("\ufffd", content)
            raw = content.encode("utf-8")
        decoded = clean_decoded(content, raw)
    else:
        raw = bytes(content)
        decoded = decode_page(raw, content_type)
    sha256 = hashlib.sha256(raw).hexdigest()
    page = _read(decoded, url=url, content_type=content_type)
    try:
        return complete_identity(assemble(page, url=url, sha256=sha256), page)
    except NotAnExercisePage:
        if not page.pruned:
            raise
    # Cutting navigation before the parse is an optimisation, never a rule: a page it
    # turned into a failure (a title inside a menu with broken markup) is read whole.
    page = _read(decoded, url=url, content_type=content_type, prune=False)
    return complete_identity(assemble(page, url=url, sha256=sha256), page)


def _read(
    decoded: DecodedText, *, url: str | None, content_type: str | None, prune: bool = True
) -> PageContent:
    kind = page_format(decoded.text, content_type)
    if kind == "html":
        return read_html(decoded.text, base_url=url, utf8=decoded.utf8, prune=prune)
    if kind == "markdown":
        return read_text(decoded.text, markdown=True, base_url=url)
    return read_text(decoded.text)
