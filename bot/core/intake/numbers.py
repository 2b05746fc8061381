"""Chinese and Arabic numerals to ``int``, through cn2an rather than a hand-written table.

cn2an's "smart" mode reads 二十六, 两百, 一千二, 二〇二六, 1.5万 alike. It raises on malformed
numerals (十十十), which we turn into ``None``: number soup in chat must never raise.
"""

from __future__ import annotations

import re
from functools import lru_cache

# Character classes for regexes elsewhere; each use bounds its repetition (no catastrophic backtracking).
CN_DIGITS = "零〇一二两三四五六七八九十"
CN_NUMERAL = CN_DIGITS + "百千万"

_GROUPED = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+")
_MAX_DIGITS = 9  # int() of very long digit strings is slow and, past 4300 digits, an error


@lru_cache(maxsize=4096)
def to_int(numeral: str) -> int | None:
    """The integer a numeral stands for, or ``None`` when it is not a whole number we can read."""
    s = numeral.strip()
    if not s:
        return None
    if _GROUPED.fullmatch(s):
        s = s.replace(",", "")  # 1,200 (a thousands separator; 1，200 after NFKC too)
    if s.isascii() and s.isdigit():
        return int(s) if len(s) <= _MAX_DIGITS else None
    if len(s) > 16:
        return None
    if s[0] in "百千万":
        s = "一" + s  # 近百人, 百余名: cn2an wants the leading 一
    import cn2an  # lazy: costs ~0.1 s at import, and only numerals written in Chinese need it

    try:
        value = cn2an.cn2an(s, "smart")
    except (ValueError, KeyError, IndexError, TypeError):
        return None
    if isinstance(value, float):
        if not value.is_integer():
            return None
        value = int(value)
    return value if isinstance(value, int) else None
