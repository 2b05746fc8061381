"""Typos and homophones of the activity words (培讯, 陪训, 交流绘, 座谈汇), matched by pinyin.

Chat is typed with a pinyin input method, so a misspelt kind word almost always sounds like the
right one: 培讯 and 培训 are both ``pei xun``. pypinyin (maintained, offline, no model) gives each
character's readings; a run of characters that sounds like one of the kind words of
:mod:`bot.core.intake.kinds` (tones ignored, any reading of a character), and shares at least half
of its characters with it, is read as that word. Only the domain's own activity words are
corrected, and only in a line that otherwise reads as a log (the caller decides), so ordinary
words that happen to sound alike are never touched.

pypinyin costs ~0.3 s to import, which a chat line must not pay: the homophones of the kind words'
characters are derived from its dictionary once and kept in ``cache_dir()`` under a hash of the
kind words, like the policy index.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from functools import cache

from bot.core import paths

_LITERAL = re.compile(r"[\u4e00-\u9fff]{2,}")
TABLE_VERSION = "1"


def literal_words(alternation: str) -> tuple[str, ...]:
    """The plain Chinese words of a regex alternation (培训班|培训会|… → 培训班, 培训会, …)."""
    words = {part for part in alternation.split("|") if _LITERAL.fullmatch(part)}
    return tuple(sorted(words, key=len, reverse=True))


def _toneless(reading: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFD", reading) if not unicodedata.combining(ch))


def build_homophones(chars: str) -> dict[str, str]:
    """Each character of ``chars`` → every character sharing one of its toneless readings."""
    from pypinyin.pinyin_dict import pinyin_dict

    by_sound: dict[str, set[str]] = {}
    sounds_of: dict[str, set[str]] = {}
    for code, readings in pinyin_dict.items():
        ch = chr(code)
        sounds = {_toneless(r) for r in readings.split(",")}
        for sound in sounds:
            by_sound.setdefault(sound, set()).add(ch)
        if ch in chars:
            sounds_of[ch] = sounds
    return {
        ch: "".join(sorted(set().union(*(by_sound[s] for s in sounds_of.get(ch, ()))) - {ch}))
        for ch in set(chars)
    }


@cache
def homophones(words: tuple[str, ...]) -> dict[str, frozenset[str]]:
    """The table for ``words``, from the cache file or built (and cached) on first need."""
    return {ch: frozenset(alike) for ch, alike in _table(words).items()}


@cache
def _table(words: tuple[str, ...]) -> dict[str, str]:
    """Each character of ``words`` → its homophones as one string (see ``homophones``)."""
    chars = "".join(sorted(set("".join(words))))
    # Keyed on the words, not on pypinyin's version: asking importlib.metadata for it costs more
    # than the whole table; bump TABLE_VERSION after a pypinyin upgrade that changes readings.
    key = hashlib.sha1(f"{TABLE_VERSION}|{chars}".encode()).hexdigest()[:16]
    target = paths.cache_dir() / f"kind-homophones-{key}.json"
    table: dict[str, str] | None = None
    if target.exists():
        try:
            table = json.loads(target.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            table = None
    if not isinstance(table, dict):
        try:
            table = build_homophones(chars)
        except ImportError:  # pypinyin missing: no typo correction, never a crash
            return {}
        tmp = target.with_suffix(f".{id(table)}.tmp")
        tmp.write_text(json.dumps(table, ensure_ascii=False), encoding="utf-8")
        tmp.replace(target)
    return table


class Speller:
    """``correct`` for a long list of words (the plans' vocabulary, hundreds of words): which words
    a typed character may begin is worked out for that character on first need, not for every
    homophone of every first character up front (which costs more than a cold start allows)."""

    def __init__(self, words: tuple[str, ...]) -> None:
        self._words = words
        self._order = {w: n for n, w in enumerate(words)}
        self._by_first: dict[str, list[str]] = {}
        for word in words:
            self._by_first.setdefault(word[0], []).append(word)
        self._starts: dict[str, tuple[str, ...]] = {}

    def _candidates(self, ch: str, alike: dict[str, str]) -> tuple[str, ...]:
        found = self._starts.get(ch)
        if found is None:
            found = tuple(
                sorted(
                    (
                        w
                        for first, ws in self._by_first.items()
                        if first == ch or ch in alike.get(first, "")
                        for w in ws
                    ),
                    key=self._order.__getitem__,
                )
            )
            self._starts[ch] = found
        return found

    def correct(self, text: str, spans: list[tuple[int, int]] | None = None) -> str:
        """As ``correct(text, words)``; each replacement's (start, end) is added to ``spans``."""
        if not any("\u4e00" <= ch <= "\u9fff" for ch in text):
            return text
        alike = _table(self._words) if self._words else {}
        if not alike:
            return text
        chars = list(text)
        for i in range(len(chars) - 1):
            if not "\u4e00" <= chars[i] <= "\u9fff":
                continue
            for word in self._candidates(chars[i], alike):
                if _replace(chars, i, word, alike):
                    if spans is not None:
                        spans.append((i, i + len(word)))
                    break
        return "".join(chars)


def _replace(chars: list[str], i: int, word: str, alike: dict[str, str]) -> bool:
    n = len(word)
    if i + n > len(chars):
        return False
    same = 0
    for j, w in enumerate(word):
        c = chars[i + j]
        if c == w:
            same += 1
        elif c not in alike.get(w, ""):
            return False
    if same < n and same * 2 >= n:
        chars[i : i + n] = word
        return True
    return False


def correct(text: str, words: tuple[str, ...], start: int = 0, end: int | None = None) -> str:
    """``text`` with every homophone of one of ``words`` inside ``text[start:end]`` replaced by
    the word (same length, so every index stays valid)."""
    end = len(text) if end is None else end
    if not any("\u4e00" <= ch <= "\u9fff" for ch in text[start:end]):
        return text
    alike = homophones(words)
    if not alike:
        return text
    starts = _starts(words)
    chars = list(text)
    for i in range(start, min(end, len(text)) - 1):
        for word in starts.get(chars[i], ()):
            n = len(word)
            if i + n > len(chars):
                continue
            same = 0
            for j, w in enumerate(word):
                c = chars[i + j]
                if c == w:
                    same += 1
                elif c not in alike.get(w, ()):
                    break
            else:
                if same < n and same * 2 >= n:
                    chars[i : i + n] = word
                    break
    return "".join(chars)


@cache
def _starts(words: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    """Character → the words (longest first) whose first character it is or sounds like."""
    alike = homophones(words)
    out: dict[str, list[str]] = {}
    for word in words:
        for ch in {word[0], *alike.get(word[0], ())}:
            out.setdefault(ch, []).append(word)
    return {ch: tuple(ws) for ch, ws in out.items()}
