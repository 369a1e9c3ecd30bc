"""Bytes -> text decoding and HTML sniffing."""

from __future__ import annotations

import codecs

import pytest

from extractor import BinaryInput, DecodingError, EmptyInput
from extractor.parsing._decoding import decode, looks_like_html, resolve_label

FRENCH = "Écrasement du psoas : « relâchez » – à éviter en cas de hernie, naïve crème brûlée."
GERMAN = "Legen Sie sich bäuchlings auf den Boden. Drücken Sie größer. Füße über Kreuz."


@pytest.mark.parametrize(
    ("bom", "codec"),
    [
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
        (codecs.BOM_UTF32_LE, "utf-32-le"),
        (codecs.BOM_UTF32_BE, "utf-32-be"),
    ],
)
def test_bom_decides_the_encoding_and_is_removed(bom: bytes, codec: str) -> None:
    content = bom + FRENCH.encode(codec)
    assert decode(content, "text/html; charset=iso-8859-1") == FRENCH


def test_header_charset_is_used() -> None:
    assert decode(FRENCH.encode("cp1252"), "text/html; charset=windows-1252") == FRENCH


def test_iso_8859_1_label_means_windows_1252() -> None:
    # 0x96 is an en dash in windows-1252 but a C1 control in real ISO-8859-1.
    content = "a – b".encode("cp1252")
    assert decode(content, 'text/html; charset="ISO-8859-1"') == "a – b"


def test_meta_charset_is_used_without_header() -> None:
    html = f'<html><head><meta charset="windows-1252"></head><body>{FRENCH}</body></html>'
    assert FRENCH in decode(html.encode("cp1252"), None)


def test_http_equiv_charset_is_used() -> None:
    html = (
        f'<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1"><p>{GERMAN}</p>'
    )
    assert GERMAN in decode(html.encode("cp1252"), "text/html")


@pytest.mark.parametrize("text", [FRENCH, GERMAN])
def test_windows_1252_without_any_declaration_is_detected(text: str) -> None:
    html = f"<html><body><h1>Titre</h1><p>{text}</p></body></html>"
    assert text in decode(html.encode("cp1252"), None)


def test_utf8_without_declaration() -> None:
    assert decode(FRENCH.encode("utf-8"), None) == FRENCH


@pytest.mark.parametrize("label", ["klingon-8", "", "utf-99", "x\x00y"])
def test_bogus_charset_label_falls_through(label: str) -> None:
    assert decode(FRENCH.encode("utf-8"), f"text/html; charset={label}") == FRENCH


def test_wrong_header_charset_falls_through_to_detection() -> None:
    # Bytes that are not valid UTF-8 although the header says so (a common server mislabel).
    assert decode(GERMAN.encode("cp1252"), "text/html; charset=utf-8") == GERMAN


def test_meta_claiming_utf16_on_ascii_bytes_is_read_as_utf8() -> None:
    html = '<meta charset="utf-16"><p>Caf\xe9</p>'
    assert "Café" in decode(html.encode("utf-8"), None)


def test_bomless_utf16_is_recognised() -> None:
    assert decode(FRENCH.encode("utf-16-le"), None) == FRENCH
    assert decode(FRENCH.encode("utf-16-be"), None) == FRENCH


@pytest.mark.parametrize("content", [b"", b"   ", b"\r\n\t \n", codecs.BOM_UTF8 + b"  \n"])
def test_empty_or_whitespace_raises_empty_input(content: bytes) -> None:
    with pytest.raises(EmptyInput, match="empty"):
        decode(content, None)


@pytest.mark.parametrize(
    ("content", "what"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG"),
        (b"GIF89a\x01\x00\x01\x00", "GIF"),
        (b"RIFF\x24\x00\x00\x00WEBPVP8 ", "WEBP"),
        (b"%PDF-1.7\n%\xe2\xe3", "PDF"),
        (b"PK\x03\x04\x14\x00\x00\x00", "ZIP"),
        (b"\x1f\x8b\x08\x00\x00\x00\x00\x00", "gzip"),
    ],
)
def test_magic_numbers_raise_binary_input(content: bytes, what: str) -> None:
    with pytest.raises(BinaryInput, match=what):
        decode(content + b"<html>" * 10, "text/html")


def test_nul_bytes_outside_utf16_are_binary() -> None:
    with pytest.raises(BinaryInput, match="NUL"):
        decode(b"<html>\x00\x01\x02\x00\xff\x00abc\x00\x00\x00\x10</html>", None)


def test_control_characters_are_binary() -> None:
    with pytest.raises(BinaryInput, match="control"):
        decode(bytes(range(1, 9)) * 20 + b"some text", None)


def test_stray_control_characters_are_removed() -> None:
    text = "Title\x01\n" + "a normal line of text\n" * 20
    assert "\x01" not in decode(text.encode("utf-8"), None)


def test_undecodable_bytes_raise_decoding_error() -> None:
    # Declared by BOM as UTF-8 but not UTF-8: no fallback overrides a BOM.
    with pytest.raises(DecodingError, match="utf-8"):
        decode(codecs.BOM_UTF8 + b"caf\xe9 \xff\xfe", None)


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("latin1", "cp1252"),
        ("ISO-8859-1", "cp1252"),
        ("us-ascii", "cp1252"),
        ("UTF8", "utf-8"),
        ("gb2312", "gb18030"),
        ("nonsense", None),
        (None, None),
    ],
)
def test_resolve_label_follows_whatwg(label: str | None, expected: str | None) -> None:
    assert resolve_label(label) == expected


@pytest.mark.parametrize(
    ("content_type", "expected"),
    [
        ("text/html; charset=utf-8", True),
        ("application/xhtml+xml", True),
        ("TEXT/HTML", True),
        ("text/plain", False),
        ("text/plain; charset=utf-8", False),
    ],
)
def test_content_type_decides(content_type: str, expected: bool) -> None:
    # A fragment, not a whole document: text/plain with "<!DOCTYPE html>"/"<html>" at the
    # start is HTML whatever the header says (test_text_plain_html_document_is_html).
    assert looks_like_html("<div><p>x</p></div>", content_type) is expected
    assert looks_like_html("Psoas smash\n\nInstructions\n", content_type) is expected


@pytest.mark.parametrize(
    "text",
    [
        "<!DOCTYPE html><html><body></body></html>",
        "  \n<html lang='en'>",
        "<div class='x'>Psoas smash</div>",
        "<h1>Psoas smash</h1><p>text</p>",
        "Psoas smash\n<p>Lie down.</p><ul><li>a</li></ul>",
        "<!-- saved page -->\n<title>x</title>",
    ],
)
def test_sniffs_html(text: str) -> None:
    assert looks_like_html(text, None)
    assert looks_like_html(text, "application/octet-stream")


@pytest.mark.parametrize(
    "text",
    [
        "Psoas smash\n\nInstructions\n\n  • Lie face down.\n",
        "Use a < b and c > d in maths.\n",
        "Email me at <someone@example.com> today.",
    ],
)
def test_sniffs_text(text: str) -> None:
    assert not looks_like_html(text, None)


@pytest.mark.parametrize("where", ["header", "meta"])
def test_utf8_mislabelled_as_latin1_is_read_as_utf8(where: str) -> None:
    meta = '<meta charset="iso-8859-1">' if where == "meta" else ""
    header = "text/html; charset=ISO-8859-1" if where == "header" else None
    content = f"{meta}<p>{FRENCH}</p>".encode()
    assert FRENCH in decode(content, header)


def test_large_windows_1252_page_is_detected() -> None:
    chrome = "<nav>" + '<a href="/x">menu entry</a>' * 3000 + "</nav>"
    html = f"<html><body>{chrome}<h1>Fentes</h1><p>{FRENCH}</p>{chrome}</body></html>"
    assert FRENCH in decode(html.encode("cp1252"), None)


def test_windows_1252_preference_does_not_garble_other_code_pages() -> None:
    polish = "Zażółć gęślą jaźń. Chrząszcz brzmi w trzcinie w Szczebrzeszynie, to ładne zdanie."
    assert polish in decode(f"<p>{polish}</p>".encode("cp1250"), None)


def test_multibyte_legacy_encoding_is_detected() -> None:
    japanese = "日本語のテキストです。これはテストです。" * 20
    assert japanese in decode(f"<p>{japanese}</p>".encode("shift_jis"), None)


@pytest.mark.parametrize(
    "text",
    [
        "<!DOCTYPE html><html><body><p>x</p></body></html>",
        "\n  <html lang='en'><body><p>x</p></body></html>",
        "<!-- generated --><!doctype html><p>x</p>",
        '<?xml version="1.0"?>\n<!DOCTYPE html><html><body></body></html>',
    ],
)
def test_text_plain_html_document_is_html(text: str) -> None:
    # A server that labels its HTML files text/plain: the document start wins.
    assert looks_like_html(text, "text/plain; charset=utf-8") is True


def test_text_plain_mentioning_html_stays_text() -> None:
    assert looks_like_html("Psoas smash\n\nUse <html> tags\n", "text/plain") is False


def test_a_stray_nul_byte_is_dropped_not_binary() -> None:
    text = decode(b"<html><body><h1>Plank</h1><p>Hold\x00 still.</p></body></html>", None)
    assert "Hold still." in text
    assert "\x00" not in text
