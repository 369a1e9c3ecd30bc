"""Text shaping that target formats demand: length caps at word and sentence ends."""

from __future__ import annotations

import re

__all__ = ["cap_at_word", "split_at_sentences"]

# A sentence ends at ., ! , ?, … (optionally followed by a closing quote or bracket) and space.
_SENTENCE_END = re.compile(r"[.!?…][\"'»”)\]]*(\s+)")


def cap_at_word(text: str, limit: int) -> str:
    """``text`` if it fits in ``limit`` characters, else cut at a word end with an ellipsis."""
    if len(text) <= limit:
        return text
    head = text[: limit - 1]
    cut = head.rsplit(None, 1)[0] if " " in head.strip() else head
    return cut.rstrip(" ,;:-") + "…"


def split_at_sentences(text: str, limit: int) -> tuple[list[str], bool]:
    """``text`` as parts of at most ``limit`` characters, cut at sentence ends.

    Sentences are packed greedily into parts. A single sentence longer than ``limit`` is cut
    at word ends; the second value says whether that happened (worth a warning).
    """
    if len(text) <= limit:
        return [text], False
    parts: list[str] = []
    current = ""
    mid_sentence = False
    for sentence in _sentences(text):
        pieces = [sentence]
        if len(sentence) > limit:
            pieces, mid_sentence = _split_words(sentence, limit), True
        for piece in pieces:
            joined = f"{current} {piece}" if current else piece
            if len(joined) <= limit:
                current = joined
            else:
                parts.append(current)
                current = piece
    if current:
        parts.append(current)
    return parts, mid_sentence


def _sentences(text: str) -> list[str]:
    sentences, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        sentences.append(text[start : match.start(1)])
        start = match.end(1)
    sentences.append(text[start:])
    return [sentence.strip() for sentence in sentences if sentence.strip()]


def _split_words(sentence: str, limit: int) -> list[str]:
    pieces: list[str] = []
    current = ""
    for word in sentence.split():
        while len(word) > limit:  # a "word" longer than the cap (a URL): cut it hard
            if current:
                pieces.append(current)
                current = ""
            pieces.append(word[:limit])
            word = word[limit:]
        joined = f"{current} {word}" if current else word
        if len(joined) <= limit:
            current = joined
        else:
            pieces.append(current)
            current = word
    if current:
        pieces.append(current)
    return pieces
