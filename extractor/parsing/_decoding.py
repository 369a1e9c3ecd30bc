"""Bytes -> text, and HTML, markdown or plain-text sniffing (pure functions).

Decoding order (HTML Living Standard §13.2.3.2 "determining the character
encoding", simplified): a byte order mark, then the ``charset`` of the
Content-Type header, then ``<meta charset>`` / ``http-equiv`` / an XML
declaration in the first bytes, then detection. Labels are resolved the
WHATWG way (Encoding Standard §4.2): "iso-8859-1", "latin1" and "ascii" all
mean windows-1252. A bogus label is skipped, never an error.
"""

from __future__ import annotations

import codecs
import itertools
import re
from dataclasses import dataclass
from typing import Final, TypeVar

from charset_normalizer import from_bytes
from charset_normalizer.md import mess_ratio

from .._exceptions import BinaryInput, DecodingError, EmptyInput
from .vocabulary import HEADER_KEYS, HEADER_TITLE_KEYS, HEADER_URL_KEYS

__all__ = [
    "DecodedText",
    "clean_decoded",
    "clean_decoded_text",
    "decode",
    "decode_page",
    "looks_like_html",
    "page_format",
    "resolve_label",
]

# BOMs, longest first: the UTF-32 LE BOM starts with the UTF-16 LE one.
_BOMS: Final = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Magic numbers of formats a crawler meets instead of a page (file(1) / WHATWG MIME sniffing §7.1).
_MAGIC: Final = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive"),
    (b"PK\x05\x06", "a ZIP archive"),
    (b"\x1f\x8b", "gzip-compressed data"),
    (b"BZh", "bzip2-compressed data"),
    (b"\xfd7zXZ\x00", "xz-compressed data"),
    (b"(\xb5/\xfd", "zstd-compressed data"),
    (b"\x00\x00\x01\x00", "an icon"),
    (b"OggS", "an Ogg media file"),
    (b"\x1aE\xdf\xa3", "a Matroska/WebM media file"),
    (b"wOFF", "a web font"),
    (b"wOF2", "a web font"),
    (b"\x7fELF", "an executable"),
)

# WHATWG Encoding Standard labels that Python's codec registry gets wrong or lacks.
_WHATWG_LABELS: Final[dict[str, str]] = {
    **dict.fromkeys(
        (
            "ascii",
            "us-ascii",
            "ansi_x3.4-1968",
            "iso-8859-1",
            "iso8859-1",
            "iso88591",
            "iso_8859-1",
            "iso_8859-1:1987",
            "iso-ir-100",
            "latin1",
            "l1",
            "cp819",
            "ibm819",
            "csisolatin1",
            "windows-1252",
            "cp1252",
            "x-cp1252",
        ),
        "cp1252",
    ),
    **dict.fromkeys(
        ("iso-8859-9", "iso8859-9", "iso88599", "latin5", "l5", "iso_8859-9", "csisolatin5"),
        "cp1254",
    ),
    **dict.fromkeys(("tis-620", "iso-8859-11", "iso8859-11", "dos-874"), "cp874"),
    **dict.fromkeys(("gb2312", "gbk", "x-gbk", "chinese", "csgb2312", "gb_2312-80"), "gb18030"),
    **dict.fromkeys(("ks_c_5601-1987", "korean", "csksc56011987", "windows-949"), "euc-kr"),
    **dict.fromkeys(("x-sjis", "ms_kanji", "windows-31j", "csshiftjis"), "shift_jis"),
    "x-mac-roman": "mac-roman",
    "unicode-1-1-utf-8": "utf-8",
    "utf8": "utf-8",
    "x-user-defined": "cp1252",
}

_HEAD_BYTES: Final = 4096
_META_CHARSET: Final = re.compile(
    rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9._:\-]+)""", re.IGNORECASE
)
_XML_ENCODING: Final = re.compile(rb"""^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._\-]+)""")
_HEADER_CHARSET: Final = re.compile(r"""charset\s*=\s*["']?\s*([^"';,\s]+)""", re.IGNORECASE)

# C0 controls that never occur in text (NUL..BS, VT, SO..US, DEL); TAB, LF, FF, CR are text.
_CONTROL_BYTES: Final = bytes((*range(0x09), 0x0B, *range(0x0E, 0x20), 0x7F))
# The same bytes one by one: ``byte in data`` is a memchr, ~30x faster than a regex scan.
_EACH_CONTROL_BYTE: Final = tuple(bytes((byte,)) for byte in _CONTROL_BYTES)
_CONTROL_CHARS: Final = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_BINARY_CONTROL_RATIO: Final = 0.05
_MAX_STRAY_NUL_RATIO: Final = 0.01
_SAMPLE: Final = 8192

_NON_ASCII: Final = re.compile(r"[^\x00-\x7f]+")
_AnyStr = TypeVar("_AnyStr", str, bytes)
_NON_ASCII_BYTES: Final = re.compile(rb"[\x80-\xff]+")
_SNIPPET: Final = 40
_MAX_SNIPPETS: Final = 200
# Labels of single-byte code pages that mislabelled UTF-8 pages carry.
_SINGLE_BYTE_LABELLED: Final = frozenset(
    codecs.lookup(name).name for name in ("cp1252", "latin-1", "iso8859-15", "cp1250", "ascii")
)
# Single-byte legacy code pages a detector confuses on short Western text.
_MULTIBYTE_PREFIXES: Final = (
    "utf",
    "gb",
    "big5",
    "euc",
    "shift",
    "cp932",
    "cp949",
    "cp950",
    "iso2022",
    "johab",
    "hz",
)


def resolve_label(label: str | None) -> str | None:
    """A Python codec name for a charset label, WHATWG-style; None for an unknown label."""
    if not label:
        return None
    key = label.strip().strip("\"'").lower()
    name = _WHATWG_LABELS.get(key, key)
    try:
        return codecs.lookup(name).name
    except (LookupError, ValueError):
        return None


@dataclass(frozen=True, slots=True)
class DecodedText:
    """A page's clean text, and the same text as UTF-8 (what the HTML parser reads)."""

    text: str
    utf8: bytes
    """``text`` encoded as UTF-8: the page's own bytes when they were UTF-8 already."""


def decode(content: bytes, content_type: str | None) -> str:
    """Decode page bytes to text: BOM, header charset, in-document declaration, detection.

    Raises EmptyInput (nothing but whitespace), BinaryInput (an image, archive, PDF or
    other non-text bytes) or DecodingError (no encoding fits).
    """
    return decode_page(content, content_type).text


def decode_page(content: bytes, content_type: str | None) -> DecodedText:
    """``decode``, keeping the text's UTF-8 form (``content`` itself when it was UTF-8)."""
    text, utf8 = _decode(content, content_type)
    return clean_decoded(text, utf8)


def _decode(content: bytes, content_type: str | None) -> tuple[str, bytes | None]:
    """The text, not cleaned yet, and ``content`` when the text is ``content`` read as UTF-8."""
    if not content or content.isspace():  # isspace stops at the first byte; strip() copies
        raise EmptyInput("the input is empty or only whitespace")
    for bom, encoding in _BOMS:
        if content.startswith(bom):
            body = content[len(bom) :]
            text = _decode_strict_or_raise(body, encoding, "its byte order mark")
            return text, body if encoding == "utf-8" else None
    _reject_binary(content)

    header = resolve_label(_header_charset(content_type))
    if (
        header is not None
        and header.startswith(("utf-16", "utf-32"))
        and not _looks_like_utf16(content)
    ):
        header = None  # a "UTF-16" label on ASCII-looking bytes is a mislabel, not UTF-16
    if header is not None:
        decoded = _try_decode_declared(content, header)
        if decoded is not None:
            return decoded

    if _looks_like_utf16(content) is None:
        declared = resolve_label(_declared_charset(content[:_HEAD_BYTES]))
        if declared is not None:
            # A document that reads its own ASCII declaration is not UTF-16 (WHATWG §13.2.3.2).
            if declared.startswith(("utf-16", "utf-32")):
                declared = "utf-8"
            decoded = _try_decode_declared(content, declared)
            if decoded is not None:
                return decoded
    return _detect(content)


def clean_decoded_text(text: str) -> str:
    """Drop a BOM character and stray control characters; reject empty or binary-looking text.

    Control characters are removed because XML-based parsers (lxml) refuse them and
    they never carry page content.
    """
    return clean_decoded(text).text


def clean_decoded(text: str, utf8: bytes | None = None) -> DecodedText:
    """``clean_decoded_text``, keeping the clean text's UTF-8 form.

    ``utf8`` is ``text`` as UTF-8 when the caller has it. Control characters are looked
    for in those bytes: in UTF-8 a C0 control or DEL is its own byte and no other
    character contains such a byte, and a byte search runs at C speed where a regex over
    a 100 KB page costs a quarter of a millisecond. Real pages hold none, so the regex
    only runs on the rare page that does.
    """
    if utf8 is None:
        # "replace": a lone surrogate becomes "?", as the HTML parser reads it.
        utf8 = text.encode("utf-8", "replace")
    if text.startswith("\ufeff"):
        text = text[1:]
        utf8 = utf8.removeprefix(codecs.BOM_UTF8)
    if any(byte in utf8 for byte in _EACH_CONTROL_BYTE):
        sample = text[:_SAMPLE]
        if len(_CONTROL_CHARS.findall(sample)) / len(sample) > _BINARY_CONTROL_RATIO:
            raise BinaryInput("the input is mostly control characters: binary data, not a page")
        text = _CONTROL_CHARS.sub("", text)
        utf8 = text.encode("utf-8", "replace")
    if not text or text.isspace():  # isspace: no copy of the text, unlike strip()
        raise EmptyInput("the input is empty or only whitespace")
    return DecodedText(text, utf8)


def _decode_strict_or_raise(content: bytes, encoding: str, source: str) -> str:
    try:
        return content.decode(encoding)
    except UnicodeDecodeError as exc:
        raise DecodingError(f"the bytes are not valid {encoding} as {source} says: {exc}") from exc


def _try_decode(content: bytes, encoding: str) -> str | None:
    try:
        return content.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _try_decode_declared(content: bytes, encoding: str) -> tuple[str, bytes | None] | None:
    """Decode with a declared single-byte charset, unless the bytes are plainly UTF-8.

    Servers and CMS templates often label UTF-8 pages "ISO-8859-1" (an old Apache
    default); multi-byte UTF-8 sequences almost never occur by chance in single-byte
    text, so valid non-ASCII UTF-8 wins over such a label. Returns the text and, when
    it was read as UTF-8, ``content``; None when the bytes do not decode.
    """
    if encoding in _SINGLE_BYTE_LABELLED and not content.isascii():
        utf8 = _try_decode(content, "utf-8")
        if utf8 is not None:
            return utf8, content
    text = _try_decode(content, encoding)
    if text is None:
        return None
    return text, content if encoding == "utf-8" else None


def _header_charset(content_type: str | None) -> str | None:
    if not content_type:
        return None
    match = _HEADER_CHARSET.search(content_type)
    return match.group(1) if match else None


def _declared_charset(head: bytes) -> str | None:
    match = _XML_ENCODING.search(head) or _META_CHARSET.search(head)
    return match.group(1).decode("ascii", "replace") if match else None


def _reject_binary(content: bytes) -> None:
    for magic, what in _MAGIC:
        if content.startswith(magic):
            raise BinaryInput(f"the input is {what}, not a page")
    if content[:4] == b"RIFF" and content[8:12] == b"WEBP":
        raise BinaryInput("the input is a WEBP image, not a page")
    sample = content[:_SAMPLE]
    if _looks_like_utf16(content) is not None:
        return  # its NULs are the high bytes of ASCII characters
    # A stray NUL or two inside a real page (a database field, a bad template join) is
    # dropped with the other control characters; binary data holds NULs everywhere.
    if b"\x00" in sample and sample.count(0) > 2 + _MAX_STRAY_NUL_RATIO * len(sample):
        raise BinaryInput("the input holds NUL bytes and is not UTF-16: binary data, not a page")
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    if controls / len(sample) > _BINARY_CONTROL_RATIO:
        raise BinaryInput("the input is mostly control bytes: binary data, not a page")


def _looks_like_utf16(content: bytes) -> str | None:
    """'utf-16-le'/'utf-16-be' for BOM-less UTF-16 of mostly ASCII text, else None.

    Such text has a NUL in every other byte: odd positions for LE, even ones for BE.
    """
    sample = content[: _SAMPLE - _SAMPLE % 2]
    if len(sample) < 4 or b"\x00" not in sample:
        return None
    even = sample[0::2].count(0) / (len(sample) // 2)
    odd = sample[1::2].count(0) / (len(sample) // 2)
    if odd > 0.4 and even < 0.05:
        return "utf-16-le"
    if even > 0.4 and odd < 0.05:
        return "utf-16-be"
    return None


def _detect(content: bytes) -> tuple[str, bytes | None]:
    """The text, and ``content`` when it was read as UTF-8."""
    utf16 = _looks_like_utf16(content)
    if utf16 is not None:
        text = _try_decode(content, utf16)
        if text is not None:
            return text, None
    # Valid UTF-8 with any non-ASCII byte is UTF-8 with near certainty (RFC 3629 §1 structure).
    text = _try_decode(content, "utf-8")
    if text is not None:
        return text, content
    return _detect_legacy(content), None


def _detect_legacy(content: bytes) -> str:
    best = from_bytes(_snippets(content, _NON_ASCII_BYTES)).best()
    if best is None or _try_decode(content, best.encoding) is None:
        best = from_bytes(content).best()  # the snippets misled the detector: read everything
    windows_1252 = _try_decode(content, "cp1252")
    if best is None:
        if windows_1252 is not None and _mess(windows_1252) < 0.2:
            return windows_1252
        raise DecodingError("no text encoding fits the bytes (charset detection found none)")
    # Detectors cannot tell single-byte Latin code pages apart on short text (they pick
    # cp1250 for French); browsers default to windows-1252 for Western locales, so prefer
    # it unless it reads visibly worse (WHATWG §13.2.3.2 step 9, "locale default").
    if (
        windows_1252 is not None
        and not best.encoding.startswith(_MULTIBYTE_PREFIXES)
        and _mess(windows_1252) <= best.chaos + 0.02
    ):
        return windows_1252
    return str(best)


def _mess(text: str) -> float:
    """charset-normalizer's mess measure of the text around its non-ASCII characters."""
    return float(mess_ratio(_snippets(text, _NON_ASCII), 1.0))


def _snippets(data: _AnyStr, pattern: re.Pattern[_AnyStr]) -> _AnyStr:
    """The parts of ``data`` around matches of ``pattern`` (overlaps merged), for detection.

    A page is mostly ASCII markup; a detector only learns from the non-ASCII parts, and
    reading the whole of a 100 KB page costs it tens of milliseconds.
    """
    spans: list[list[int]] = []
    for match in itertools.islice(pattern.finditer(data), _MAX_SNIPPETS):
        start, end = max(0, match.start() - _SNIPPET), match.end() + _SNIPPET
        if spans and start <= spans[-1][1]:
            spans[-1][1] = end
        else:
            spans.append([start, end])
    if not spans:
        return data[:_SAMPLE]
    return data[:0].join(data[start:end] for start, end in spans)


_HTML_MEDIA: Final = ("text/html", "application/xhtml+xml", "application/xml", "text/xml")
# WHATWG MIME sniffing §7.1 "identifying a resource with an unknown MIME type": these at
# the start (after whitespace) mean HTML.
_HTML_START: Final = re.compile(
    r"""^\s*(?:<!doctype\s+html|<\?xml|<!--|<(?:html|head|body|script|iframe|h[1-6]|div|font|table
    |a|style|title|b|br|p|meta|link|section|article|main|header|nav|ul|ol|span)(?=[\s/>]))""",
    re.IGNORECASE | re.VERBOSE,
)
_HTML_DOCUMENT_START: Final = re.compile(
    r"^\s*(?:<!--.*?-->\s*)*(?:<!doctype\s+html|<\?xml[^>]*>\s*<!doctype\s+html|<(?:html|head|body)(?=[\s>]))",
    re.IGNORECASE | re.DOTALL,
)
_TAG: Final = re.compile(r"</?[a-zA-Z][a-zA-Z0-9-]*(?:\s[^<>]*)?/?>")
_STRUCTURAL_TAG: Final = re.compile(
    r"<(?:html|body|div|p|ul|ol|li|h[1-6]|article|section|main|table|br|details|dl)(?=[\s/>])",
    re.IGNORECASE,
)


def looks_like_html(text: str, content_type: str | None) -> bool:
    """Whether to read the text as HTML: from the media type, else by sniffing the start.

    text/html and XHTML are HTML; text/plain is text; anything else (or no type) is
    sniffed: an HTML start, structural tags near the start, or a high density of tags.
    """
    media = (content_type or "").split(";", 1)[0].strip().lower()
    if media in _HTML_MEDIA or media.endswith("+xml"):
        return True
    head = text[:2048]
    if media == "text/plain":
        # A misconfigured server labels HTML files text/plain; a text rendering never
        # opens with a doctype or an <html>/<head>/<body> tag, so those still mean HTML.
        return _HTML_DOCUMENT_START.match(head) is not None
    if _HTML_START.match(head):
        return True
    if _STRUCTURAL_TAG.search(head[:1024]):
        return True
    tags = _TAG.findall(head)
    tag_chars = sum(len(tag) for tag in tags)
    return len(tags) >= 3 and tag_chars / max(len(head.strip()), 1) > 0.1


_MARKDOWN_MEDIA: Final = (
    "text/markdown",
    "text/x-markdown",
    "text/x-gfm",
    "text/vnd.daringfireball.markdown",
)
_MARKDOWN_SAMPLE: Final = 8192
# Lines only markdown writes: an ATX heading, a setext underline, a link or image, a
# reference definition, a bold-only line, a fenced block, a "* [label](...)" menu entry.
_MARKDOWN_LINE: Final = re.compile(
    r"""^(?:\#{1,6}[ \t]+\S
    | [ ]{0,3}(?:={3,}|-{3,})[ \t]*$
    | [ ]{0,3}\[[^\]\n]+\]:[ \t]*\S+
    | (?:\*\*|__)\S.*(?:\*\*|__)[ \t]*$
    | `{3}
    )""",
    re.MULTILINE | re.VERBOSE,
)
_MARKDOWN_LINK: Final = re.compile(
    r"!?\[[^\]\n]*\]\((?:https?://|/|\.|#)[^)\s]*(?:\s+\"[^\"\n]*\")?\)"
)
_MARKDOWN_CHARS: Final = frozenset("[#=-*")
# "Title: Psoas smash" - a line of a reader service's header block or of a front matter.
_HEADER_LINE: Final = re.compile(r"^\s*([A-Za-z][A-Za-z :_-]{0,30}?)\s*:(?:\s|$)")
_HEADER_MAX_LINES: Final = 12
_MARKDOWN_MIN_SIGNS: Final = 2


def page_format(text: str, content_type: str | None) -> str:
    """ "html", "markdown" or "text": from the media type, else by sniffing.

    text/markdown is markdown; HTML types are HTML. Otherwise (text/plain, which reader
    services serve their markdown as, or no type) a reader service's header block or two
    markdown marks (a "#" heading, a setext underline, a "[link](url)", a reference
    definition, a bold-only line, a fence) mean markdown - before HTML is sniffed, since
    converters leave HTML fragments ("<div>", "<br>") in their markdown; a whole HTML
    document ("<!doctype html>", "<html>") is HTML whatever it holds.
    """
    media = (content_type or "").split(";", 1)[0].strip().lower()
    if media in _MARKDOWN_MEDIA:
        return "markdown"
    if media in _HTML_MEDIA or media.endswith("+xml"):
        return "html"
    head = text[:2048]
    if _HTML_DOCUMENT_START.match(head):
        return "html"
    if _looks_like_markdown(text):
        return "markdown"
    return "html" if looks_like_html(text, content_type) else "text"


def _looks_like_markdown(text: str) -> bool:
    """A header block, or two markdown marks; for a text opening with an HTML tag (an HTML
    fragment, or markdown a converter opened with a "<div>"), more marks than block tags."""
    if _MARKDOWN_CHARS.isdisjoint(text[:_MARKDOWN_SAMPLE]) and ":" not in text[:200]:
        return False
    sample = text[:_MARKDOWN_SAMPLE]
    if _has_header_block(sample):
        return True
    signs = itertools.chain(_MARKDOWN_LINE.finditer(sample), _MARKDOWN_LINK.finditer(sample))
    if not _HTML_START.match(sample):
        return len(list(itertools.islice(signs, _MARKDOWN_MIN_SIGNS))) >= _MARKDOWN_MIN_SIGNS
    count = sum(1 for _ in signs)
    return count >= _MARKDOWN_MIN_SIGNS and count > len(_STRUCTURAL_TAG.findall(sample))


def _has_header_block(sample: str) -> bool:
    """A reader service's header block or a front matter: its first lines are "key: value"
    lines of the vocabulary's header keys, one of them naming the page (title or address)."""
    lines = [
        line for line in sample.split("\n", _HEADER_MAX_LINES)[:_HEADER_MAX_LINES] if line.strip()
    ]
    if lines and lines[0].strip() in ("---", "+++"):
        lines = lines[1:]
    keys = []
    for line in lines:
        match = _HEADER_LINE.match(line)
        key = " ".join(match.group(1).replace("_", " ").split()).casefold() if match else ""
        if key not in HEADER_KEYS:
            break
        keys.append(key)
    return any(key in HEADER_TITLE_KEYS or key in HEADER_URL_KEYS for key in keys)
