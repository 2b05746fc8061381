"""Numbers typed or carried in buttons: the one decision "is this a valid id / year / hour?".

Layer: core (standard library only). ``str.isdigit`` is true for ``²`` and ``٣`` (and ``int("²")``
raises), and a 40-digit id overflows the database's integer: both reached the services as
internal errors. Every command argument and callback field that names a record goes through
``parse_id``; a year through ``parse_year``; small numbers (an hour) through ``parse_number``.
Anything else is ``None``, which callers turn into their catalog's clear message.
"""

from __future__ import annotations

MAX_ID = 2**31 - 1
"""Ids are 32-bit integers in both databases; nothing larger can name a row."""
YEARS = range(2000, 2101)
"""Years a pilot's records can belong to (the plans run from 2024)."""


def _ascii_digits(text: str) -> bool:
    return bool(text) and text.isascii() and text.isdigit()


def parse_number(text: str | None, maximum: int) -> int | None:
    """A non-negative whole number of ASCII digits, at most ``maximum``; else None."""
    text = (text or "").strip()
    if not _ascii_digits(text) or len(text) > len(str(maximum)):
        return None
    value = int(text)
    return value if value <= maximum else None


def parse_id(text: str | None) -> int | None:
    """A record id (``12`` or ``#12``): ASCII digits, 1 … ``MAX_ID``; else None."""
    value = parse_number((text or "").strip().removeprefix("#"), MAX_ID)
    return value if value is not None and value >= 1 else None


def parse_year(text: str | None) -> int | None:
    """``2026`` or ``2026年`` within ``YEARS``; else None."""
    text = (text or "").strip().removesuffix("年")
    if len(text) != 4:
        return None
    value = parse_number(text, 9999)
    return value if value is not None and value in YEARS else None


def looks_like_year(text: str) -> bool:
    """Four digits of any script (``9999``, ``０００１``, ``²⁰²⁶``): meant as a year, valid or not."""
    text = text.strip().removesuffix("年")
    return len(text) == 4 and all(ch.isdigit() for ch in text)
