"""parse_page: the glue (hashing, decoding, front-end choice, error conversion)."""

from __future__ import annotations

import hashlib

import pytest

from extractor import BinaryInput, EmptyInput, ExtractionError, InputError
from extractor.parsing import _parse as parse_module
from extractor.parsing._parse import parse_page

PAGE = "Psoas smash\n\nInstructions\n• Lie down.\n\nFound errors? Tell us!\nLoading...\n"


def test_text_page_from_str_and_bytes_gives_the_same_record_and_hash() -> None:
    from_str = parse_page(PAGE)
    from_bytes = parse_page(PAGE.encode("utf-8"))
    assert from_str == from_bytes
    assert from_str.content_sha256 == hashlib.sha256(PAGE.encode("utf-8")).hexdigest()
    assert from_str.instructions == ["Lie down."]


def test_hash_is_of_the_raw_bytes() -> None:
    content = b"\xef\xbb\xbf" + PAGE.encode("utf-8")
    assert parse_page(content).content_sha256 == hashlib.sha256(content).hexdigest()


def test_url_sets_identity() -> None:
    record = parse_page(PAGE, url="https://x.ch/de/exercise/abcd12-psoas")
    assert (record.source_id, record.slug, record.language) == ("abcd12", "psoas", "de")


def test_lone_surrogates_do_not_escape() -> None:
    record = parse_page("Psoas \ud800smash\n\nInstructions\n- a\n")
    assert record.name == "Psoas \ufffdsmash"


@pytest.mark.parametrize("content", ["", "   \n\t", b"", b"\r\n"])
def test_empty(content: str | bytes) -> None:
    with pytest.raises(EmptyInput):
        parse_page(content)


def test_binary() -> None:
    with pytest.raises(BinaryInput):
        parse_page(b"%PDF-1.4\n" + bytes(range(256)))


@pytest.mark.parametrize("error", [ValueError("lxml says no"), RecursionError(), KeyError("x")])
def test_library_exceptions_become_input_errors(
    monkeypatch: pytest.MonkeyPatch, error: BaseException
) -> None:
    def explode(text: str) -> None:
        raise error

    monkeypatch.setattr(parse_module, "read_text", explode)
    with pytest.raises(InputError, match=type(error).__name__) as caught:
        parse_page(PAGE)
    assert isinstance(caught.value, ExtractionError)
    assert caught.value.__cause__ is error


def test_content_type_text_plain_forces_the_text_reader() -> None:
    html_looking = "<p>Psoas smash</p>\n\nInstructions\n- a\n"
    assert parse_page(html_looking, content_type="text/plain").name == "<p>Psoas smash</p>"


_FULL_HTML = (
    "<!DOCTYPE html><html><body><h1>Plank</h1><h2>Instructions</h2>"
    "<ul><li>Hold a straight line from head to heels.</li><li>Brace the core.</li></ul>"
    "<h2>Description</h2><p>A static hold for the whole trunk.</p></body></html>"
)


def test_a_page_cut_off_in_transfer_is_flagged_not_hidden() -> None:
    cut = _FULL_HTML[: _FULL_HTML.index("<h2>Description")] + "<h2>Descr"
    record = parse_page(cut.encode(), content_type="text/html")
    assert record.instructions == ["Hold a straight line from head to heels.", "Brace the core."]
    assert any("truncated" in warning for warning in record.warnings)


def test_a_complete_page_is_not_flagged_as_truncated() -> None:
    record = parse_page(_FULL_HTML.encode(), content_type="text/html")
    assert not any("truncated" in warning for warning in record.warnings)
