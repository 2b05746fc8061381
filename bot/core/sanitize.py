"""Hostile or broken text, cleaned once at the edge and once more where we produce files.

Layer: core (standard library only). Every chat transport hands user text to the dispatcher
(``bot.services.dispatcher.clean_event``), which passes it through ``clean_text`` (titles,
questions, captions, command words, display names) and ``clean_file_name`` (evidence names): one
function, so Telegram, WeCom and the terminal chat cannot differ.

What goes, and why:
- NUL and the other C0/C1 control characters (tab and line break are kept as space / ``\\n``):
  PostgreSQL refuses NUL in text, openpyxl refuses the rest and the whole workbook fails;
- bidirectional overrides, embeddings and isolates (U+202A–U+202E, U+2066–U+2069, U+200E/F,
  U+061C): an RTL override makes ``gpj.exe`` look like ``exe.jpg`` and reverses a title in /history;
- lone surrogates (JSON can carry ``\\ud800``): they cannot be encoded as UTF-8 for the database;
- a byte-order mark or other zero-width "format" characters, except the joiners emoji need.

``spreadsheet_cell`` and ``starts_formula`` are for exports: a text cell that starts with ``=``,
``+``, ``-``, ``@``, tab or carriage return is a live formula in Excel and WPS (OWASP "CSV
injection", PITFALLS 20); characters openpyxl cannot store are dropped (records typed before this
cleaning existed still export).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

_BIDI_CONTROLS = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_KEEP_FORMAT = frozenset("\u200c\u200d")
"""Zero-width non-joiner and joiner: part of emoji sequences and some scripts."""
_SURROGATES = re.compile("[\ud800-\udfff]")
_SPACES = re.compile(r"[ \t]+")
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
"""OWASP's list, plus the full-width forms a Chinese IME types (WPS treats ＝ as = too)."""
MAX_FILE_NAME = 200
"""Characters; the column holds 255, and some file systems count UTF-8 bytes against 255."""


def _drop(ch: str) -> bool:
    if ch in "\n":
        return False
    if ch in _BIDI_CONTROLS or ch == "\ufeff":
        return True
    category = unicodedata.category(ch)
    if category == "Cc":  # C0 and C1 controls (tab is turned into a space before this)
        return True
    return category == "Cf" and ch not in _KEEP_FORMAT


def clean_text(text: str | None, *, max_length: int | None = None, single_line: bool = False) -> str:
    """``text`` without control, bidi-override and lone-surrogate characters (see the module docstring).

    ``\\r\\n`` and ``\\r`` become ``\\n`` (or a space with ``single_line``), a tab a space; the
    result is NFC-normalised, stripped and cut to ``max_length`` characters.
    """
    if not text:
        return ""
    text = _SURROGATES.sub("", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    if single_line:
        text = text.replace("\n", " ")
    text = "".join(ch for ch in text if not _drop(ch))
    text = unicodedata.normalize("NFC", text)
    if single_line:
        text = _SPACES.sub(" ", text)
    text = text.strip()
    if max_length is not None and len(text) > max_length:
        text = text[:max_length].rstrip()
    return text


def clean_file_name(name: str | None, *, max_length: int = MAX_FILE_NAME) -> str | None:
    """A file name safe to store and show: cleaned, no folders, at most ``max_length`` characters,
    keeping the extension (what the evidence check reads)."""
    if name is None:
        return None
    cleaned = clean_text(name, single_line=True).replace("/", "_").replace("\\", "_")
    cleaned = cleaned.lstrip(".") or "file"
    if len(cleaned) <= max_length:
        return cleaned
    stem, dot, extension = cleaned.rpartition(".")
    if not dot or not stem or len(extension) > 16:
        return cleaned[:max_length]
    return f"{stem[: max_length - len(extension) - 1]}.{extension}"


_ILLEGAL_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def starts_formula(value: Any) -> bool:
    """Would a spreadsheet read this text as a formula (or DDE command)?"""
    return isinstance(value, str) and value.startswith(FORMULA_TRIGGERS)


def spreadsheet_text(value: Any) -> Any:
    """Text without the characters an ``.xlsx`` cannot hold (openpyxl raises on them); other values as they are."""
    return _ILLEGAL_IN_XML.sub("", value) if isinstance(value, str) else value


def spreadsheet_cell(value: Any) -> Any:
    """A value safe for a ``.csv`` cell: text that would start a formula gets OWASP's ``'`` prefix.

    (An ``.xlsx`` keeps the text as typed in a cell marked as text: ``bot.services.export``.)
    """
    value = spreadsheet_text(value)
    return "'" + value if starts_formula(value) else value
