"""Input hygiene shared by every intake rule: one normal form, bounded length, no control characters."""

from __future__ import annotations

import re
import unicodedata

MAX_CHARS = 4096

# Control, format and surrogate code points become spaces: they split words, never join them.
_JUNK = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ud800-\udfff]")

_SPACES = re.compile(r"\s+")


def normalise(text: str) -> str:
    """NFKC (full-width digits and punctuation become ASCII: ２０２６ → 2026, ： → :), junk → space.

    Whitespace runs become one space.

    NFKC can expand a few code points (e.g. ﷺ), so the result is cut again after normalising.
    """
    text = text[:MAX_CHARS]
    text = _JUNK.sub(" ", text)
    text = unicodedata.normalize("NFKC", text)
    # One space per whitespace run: keeps every "\\s*" in the rules from backtracking quadratically.
    return _SPACES.sub(" ", _JUNK.sub(" ", text))[:MAX_CHARS]


def mask(text: str, spans: list[tuple[int, int]]) -> str:
    """Blank out spans with spaces, keeping every other character at its index."""
    chars = list(text)
    for start, end in spans:
        for i in range(max(start, 0), min(end, len(chars))):
            chars[i] = " "
    return "".join(chars)
