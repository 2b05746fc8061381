"""Segmentation and the word lists it relies on (``locale/zh_CN/jieba/``).

Layer: core (pure; imports jieba lazily).

jieba's stock dictionary splits the plans' key terms (首席数据官 → 首席/数据/官, 沟通交流会 →
沟通交流/会), so a domain user dictionary is loaded into a *private* ``jieba.Tokenizer`` —
never the global one, which other features may use with other settings. A user-dictionary
frequency *replaces* jieba's own (fxsjy/jieba#222): each entry is therefore raised with
``suggest_freq`` to at least what keeps it whole, and tests/data checks that it does.

The lists are data, not code, so the people who know the plans can extend them:

- ``userdict.txt``: ``word frequency [tag]``, UTF-8 without BOM (a BOM silently drops the
  first entry, fxsjy/jieba#236).
- ``splits.txt``: pieces jieba glues together that a question needs apart (要开 → 要 / 开).
- ``synonyms.txt``: ``a b c`` (mutual) or ``a => b c`` (one way) — query expansion.
- ``question_words.txt``: ``word => answer-words`` — what kind of answer is wanted.
- ``stopwords.txt``: words with no topic.
- ``intents.txt``: subject and duty words of the duty-list intent; task verbs of requests and
  the interrogatives that make a sentence opening with one a question after all.
- ``english.txt``: English chat words and the Chinese they stand for (shared with intake).

Beside them, ``answer_frames.toml`` holds the answer frames (chat ways of asking for a kind of
answer, and the plans' wording for it); ``engine`` reads it, and it is no part of the index's key.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from bot.core import paths
from bot.core.knowledge.clauses import normalize

FILES = (
    "userdict.txt",
    "splits.txt",
    "synonyms.txt",
    "question_words.txt",
    "stopwords.txt",
    "intents.txt",
    "english.txt",
    "kin.txt",
)
_WORD = re.compile(r"[\w<>]", re.UNICODE)
GLUED_MAX_FREQ = 10
"""jieba's dictionary lists some phrases with a token frequency (哪些项目 3, 主要职责 3)."""


def _lines(path: Path) -> Iterable[str]:
    raw = path.read_bytes()
    if raw.startswith(b"\xef\xbb\xbf"):
        raise ValueError(f"{path} starts with a BOM; save it as UTF-8 without BOM")
    for line in raw.decode("utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            yield line


@dataclass(frozen=True)
class Vocabulary:
    user_words: tuple[tuple[str, int, str | None], ...]
    splits: tuple[tuple[str, ...], ...]
    synonyms: dict[str, tuple[str, ...]]
    question_words: dict[str, tuple[str, ...]]
    stopwords: frozenset[str]
    subject_words: frozenset[str]
    duty_words: frozenset[str]
    task_words: frozenset[str]
    interrogatives: frozenset[str] = frozenset()
    """什么, 吗, 几: a sentence with one asks something, even when it opens with a task verb."""
    unplanned_words: frozenset[str] = frozenset()
    """工资, 编制, 年假: topics the plans never address; a question about one is at most a suggestion."""
    not_duty_words: frozenset[str] = frozenset()
    """谁, 你: a question asking *who* (首席数据官归谁管) or about the bot (你能做什么) is never
    the list of one's own duties."""
    framing_words: frozenset[str] = frozenset()
    """方面, 逐条, 重点, 方案, 上任: words the plans also use, which in a duty question only frame
    the list asked for (哪几个方面, 逐条列出, 重点任务, 方案里, 新上任) and name no topic."""
    same_heading: frozenset[str] = frozenset()
    """工作要求, 保障措施: chapter names with the same role in the two plans (see ``outline``)."""
    outline_framing: frozenset[str] = frozenset()
    """部分, 章节, 最后: words that, around a heading, only point at it in the document."""
    start_words: frozenset[str] = frozenset()
    """启动, 开启: verbs of starting, no topic in a question asking when (see ``Knowledge._concepts``)."""
    kin: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """比赛 => 大赛: everyday words for the plans' own with the same head character, derived from a
    thesaurus (``tools/derive_kin.py``); a weak hint, unlike a synonym (see ``Knowledge._kin``)."""
    digest: str = field(default="")
    """Hash of the files: part of the index cache key."""

    @classmethod
    def load(cls, directory: Path | None = None) -> Vocabulary:
        directory = directory or paths.jieba_dir()
        digest = hashlib.sha1()
        for name in FILES:
            digest.update(name.encode())
            digest.update((directory / name).read_bytes())

        user_words = []
        for line in _lines(directory / "userdict.txt"):
            parts = line.split()
            word = normalize(parts[0])
            freq = int(parts[1]) if len(parts) > 1 else 0
            user_words.append((word, freq, parts[2] if len(parts) > 2 else None))

        splits = tuple(tuple(normalize(w) for w in line.split()) for line in _lines(directory / "splits.txt"))

        synonyms: dict[str, set[str]] = {}
        for line in _lines(directory / "synonyms.txt"):
            if "=>" in line:
                left, right = line.split("=>", 1)
                targets = [normalize(w) for w in right.split()]
                for word in left.split():
                    synonyms.setdefault(normalize(word), set()).update(targets)
            else:
                group = [normalize(w) for w in line.split()]
                for word in group:
                    synonyms.setdefault(word, set()).update(w for w in group if w != word)

        # English chat words (intake's gloss, english.txt): one-way synonyms of their Chinese, so
        # "首席数据官 training 要搞几次" finds 培训 — a single word to a content word only.
        stop = {normalize(w) for w in _lines(directory / "stopwords.txt")}
        for line in _lines(directory / "english.txt"):
            left, _, right = line.partition("=>")
            word, target = normalize(left.strip()), normalize(right.strip())
            if " " not in word and target.isalpha() and target not in stop and word not in synonyms:
                synonyms[word] = {target}

        question_words: dict[str, tuple[str, ...]] = {}
        for line in _lines(directory / "question_words.txt"):
            left, _, right = line.partition("=>")
            question_words[normalize(left.strip())] = tuple(normalize(w) for w in right.split())

        kin: dict[str, tuple[str, ...]] = {}
        if (directory / "kin.txt").exists():
            for line in _lines(directory / "kin.txt"):
                left, _, right = line.partition("=>")
                kin[normalize(left.strip())] = tuple(normalize(w) for w in right.split())

        intents: dict[str, frozenset[str]] = {}
        for line in _lines(directory / "intents.txt"):
            kind, _, words = line.partition(":")
            intents[kind.strip()] = frozenset(normalize(w) for w in words.split())

        return cls(
            user_words=tuple(user_words),
            splits=splits,
            synonyms={w: tuple(sorted(s)) for w, s in synonyms.items()},
            question_words=question_words,
            stopwords=frozenset(normalize(w) for w in _lines(directory / "stopwords.txt")),
            subject_words=intents.get("subject", frozenset()),
            duty_words=intents.get("duty", frozenset()),
            task_words=intents.get("task", frozenset()),
            interrogatives=intents.get("question", frozenset()),
            not_duty_words=intents.get("not_duty", frozenset()),
            unplanned_words=intents.get("not_in_plans", frozenset()),
            framing_words=intents.get("framing", frozenset()),
            same_heading=intents.get("same_heading", frozenset()),
            outline_framing=intents.get("outline_framing", frozenset()),
            start_words=intents.get("start", frozenset()),
            kin=kin,
            digest=digest.hexdigest(),
        )


class Segmenter:
    """A private jieba tokenizer with the domain dictionary; its model cache lives in ``cache_dir()``."""

    def __init__(self, vocabulary: Vocabulary) -> None:
        import jieba

        tokenizer = jieba.Tokenizer()
        tokenizer.cache_file = str(paths.cache_dir() / "jieba-default-dict.cache")
        tokenizer.initialize()
        for word, freq, tag in vocabulary.user_words:
            tokenizer.add_word(word, freq or None, tag)
        # A frequency from the file may be lower than what keeps the word whole in context
        # (the user value replaces jieba's own); raise it where needed, never lower it.
        for word, _freq, _tag in vocabulary.user_words:
            tokenizer.suggest_freq(word, tune=True)
        for pieces in vocabulary.splits:
            tokenizer.suggest_freq(pieces, tune=True)
        self._tk = tokenizer
        self._stopwords = vocabulary.stopwords

    @staticmethod
    def _keep(token: str) -> bool:
        return bool(token.strip()) and bool(_WORD.search(token))

    def raw_words(self, text: str) -> list[str]:
        """Precise-mode tokens including punctuation (which bigrams treat as a break)."""
        return self._tk.lcut(normalize(text))

    def words(self, text: str) -> list[str]:
        """Precise-mode words of normalised ``text`` (what the user *said*)."""
        out: list[str] = []
        for w in self._tk.lcut(normalize(text)):
            if self._keep(w):
                out.extend(self._unglue(w))
        return out

    def dictionary_words(self, word: str) -> list[str]:
        """``word`` cut by the dictionary alone, without the HMM that makes up unknown words."""
        return [w for w in self._tk.lcut(word, HMM=False) if self._keep(w)]

    def unglued(self, word: str) -> list[str]:
        """One token as ``words`` gives it: a particle glued on by the HMM split off."""
        return self._unglue(word)

    def _unglue(self, word: str) -> list[str]:
        """A word jieba's HMM made up (要设, 前交) or a rare dictionary phrase (哪些项目, freq 3)
        is two words when it splits into a stopword and a known word: a particle glued on."""
        freq = self._tk.FREQ
        if len(word) < 2 or freq.get(word, 0) >= GLUED_MAX_FREQ:
            return [word]
        for i in range(1, len(word)):
            head, tail = word[:i], word[i:]
            if freq.get(head) and freq.get(tail) and (head in self._stopwords or tail in self._stopwords):
                return [head, tail]
        return [word]

    def search_words(self, text: str) -> list[str]:
        """Words plus their dictionary sub-words (工作总结报告 → 工作, 总结, 报告, 工作总结报告)."""
        return [w for w in self._tk.lcut_for_search(normalize(text)) if self._keep(w)]

    def frequency(self, word: str) -> int:
        """How often jieba's dictionary (with ours) has seen the word; 0 for one it never has."""
        return self._tk.FREQ.get(word, 0)

    def parts(self, word: str) -> list[str]:
        """Dictionary sub-words of one word, without the word itself."""
        return [w for w in self._tk.lcut_for_search(word) if w != word and self._keep(w)]
