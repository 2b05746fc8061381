"""Long replies cut into messages a platform accepts (core: no platform imports).

Telegram counts a message in UTF-16 units (4,096), WeCom in UTF-8 bytes (2,048): the cutting is
the same — at line breaks where possible, inside an over-long line only between characters — so
each transport passes its own measure of a single character.
"""

from __future__ import annotations

from collections.abc import Callable

Measure = Callable[[str], int]
"""The size of a text in the platform's unit (UTF-16 units, UTF-8 bytes …); additive: a text's size
is the sum of its characters' sizes, so a whole line is measured in one call (C speed, where a
call per character was most of the rendering time of a short reply)."""


def measure_text(text: str, measure: Measure) -> int:
    return measure(text)


def _hard_split(line: str, limit: int, measure: Measure) -> list[str]:
    """Cut one over-long line into pieces of at most ``limit``, never inside a character."""
    pieces: list[str] = []
    current: list[str] = []
    size = 0
    for ch in line:
        width = measure(ch)
        if size + width > limit and current:
            pieces.append("".join(current))
            current, size = [], 0
        current.append(ch)
        size += width
    if current:
        pieces.append("".join(current))
    return pieces


def split_at_lines(text: str, limit: int, measure: Measure) -> list[str]:
    """Pieces of at most ``limit`` (by ``measure``), cut at line breaks where possible; blank pieces dropped."""
    if measure_text(text, measure) <= limit:
        return [text]
    chunks: list[str] = []
    current = ""
    size = 0
    for line in text.split("\n"):
        width = measure_text(line, measure)
        pieces = _hard_split(line, limit, measure) if width > limit else [line]
        for piece in pieces:
            piece_size = measure_text(piece, measure)
            joined = size + 1 + piece_size if current else piece_size
            if joined <= limit:
                current = f"{current}\n{piece}" if current else piece
                size = joined
            else:
                if current:
                    chunks.append(current)
                current, size = piece, piece_size
    if current:
        chunks.append(current)
    return [c for c in chunks if c.strip()] or _hard_split(text, limit, measure)[:1]
