"""The searchable form of the plans: sentences as bags of words, ranked with BM25 (bm25s).

Layer: core (pure; imports bm25s and numpy only to build the index, never to answer).

Why sentences: items run to several hundred characters and mix topics; a question is about one
of them, so each sentence is ranked and a clause scores as its best sentence. Every sentence
also carries the words of its headings (chapter, section, item title), since 试点范围 or 职责范围
is often said only there. Marker tokens are added where the text has them, so a
question word can ask for the *kind* of answer: ``<时间>`` (dates and deadlines), ``<频次>``
(frequencies), ``<数量>`` (how many units or people), ``<部门>`` (departments), ``<区>``
(districts) and ``<文号>`` (the plan's own document number).

BM25 on ~150 sentences is the tiny-corpus case of PITFALLS 13: with the classic Robertson IDF a
word in half of the units scores zero or less. bm25s's default (``lucene``) IDF,
``ln(1 + (N - df + 0.5) / (df + 0.5))``, stays positive; tests check 首席数据官 scores above 0.

Building means segmenting every sentence, which costs more than answering a hundred questions,
so the result is pickled in ``cache_dir()`` under a hash of the policy texts, the word lists,
jieba's version and ``INDEX_VERSION``.
"""

from __future__ import annotations

import hashlib
import math
import pickle
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from bot.core import paths
from bot.core.knowledge.clauses import Clause, normalize, sentences, split_policy
from bot.core.knowledge.vocabulary import Segmenter, Vocabulary

INDEX_VERSION = "16"
POLICY_FILES = {"shenzhen": "shenzhen-2021-cdo-pilot.txt", "zhuhai": "zhuhai-2021-cdo-pilot.txt"}

TIME = "<时间>"
FREQUENCY = "<频次>"
DEPARTMENT = "<部门>"
DISTRICT = "<区>"
COUNT = "<数量>"
DOC_NUMBER = "<文号>"
"""The plan's own document number (深府办函〔2021〕71号), unlike the numbers of the documents it cites."""
_TIME = re.compile(r"\d{4}年|\d+月|月底|年底")
_FREQUENCY = re.compile(
    r"\d+次|\d+场|[一两二三四五六]次|[一两二三四五六\d]名|每半年|每年|每季度|每月|场次|不低于"
)
_COUNT = re.compile(r"\d+个|[一两二三四五六七八九十\d]名")
"""How many units or people (5个区, 10个部门, 一名首席数据官): what 几个 / 数量 asks for, unlike
the 次 and 场 of a frequency (几次)."""
_COUNT_WORD = re.compile(r"(\d+|[一两二三四五六七八九十]+)?[个名]")
"""A count said as one word (一名, 两个, 5个) or as its measure word after a number (10 / 个)."""
_NUMBER = re.compile(r"\d+|[一两二三四五六七八九十]+")
_DEPARTMENT = re.compile(r"局$")
"""A city's departments are 局 (公安局, 医保局); 厅 are the province's, named only as background."""
_WORDLIKE = re.compile(r"\w")
ENUMERATION_MIN = 2
HEADING_REPEAT = 2
HEADING_PHRASE_MAX_CHARS = 16
"""Heading words count twice in every sentence: a heading names what all its sentences are about."""


@dataclass
class Index:
    clauses: list[Clause]
    sentence_clause: list[int]
    """Sentence number → clause number."""
    clause_tokens: list[frozenset[str]]
    """Every token of a clause (its sentences and headings), for the scope gate."""
    clause_df: dict[str, int]
    corpus: list[list[str]]
    """The tokens of each sentence, as indexed."""
    postings: dict[str, tuple[tuple[int, ...], tuple[float, ...]]]
    """token → (sentences, BM25 weights), exported from bm25s's score matrix (see ``export``)."""
    vocab: frozenset[str]
    general_weight: dict[str, float]
    """Topic weight of common words by jieba's part-of-speech tags: function words (pronouns,
    prepositions, particles, numerals, adverbs …) weigh nothing, verbs and adjectives half;
    words not listed weigh fully."""
    place_names: frozenset[str] = frozenset()
    """Cities and provinces of jieba's dictionary (北京, 上海市, 湖南省): see ``place_names``."""

    def idf(self, token: str) -> float:
        """Lucene-style IDF over clauses; an unknown word gets the highest value."""
        n = len(self.clauses)
        df = self.clause_df.get(token, 0)
        return math.log(1 + (n - df + 0.5) / (df + 0.5))

    def sentence_scores(self, tokens: list[str]) -> list[float] | None:
        """BM25 score of every sentence: the sum of the query tokens' weights, as bm25s computes it.

        bm25s precomputes one weight per (token, sentence) at indexing time, and its own
        ``get_scores`` only adds those up; doing that sum here on the exported weights keeps
        numpy and bm25s out of a cold start (~0.15 s of the ~0.7 s budget). A test checks that
        the sums equal ``bm25s.BM25.get_scores``.
        """
        known = [t for t in tokens if t in self.vocab]
        if not known:
            return None
        scores = [0.0] * len(self.corpus)
        for token in known:
            sentences_of, weights = self.postings[token]
            for sentence, weight in zip(sentences_of, weights, strict=True):
                scores[sentence] += weight
        return scores


def source_digest(vocabulary: Vocabulary, policies: Path | None = None) -> str:
    import jieba

    digest = hashlib.sha1(f"{INDEX_VERSION}|{jieba.__version__}|{vocabulary.digest}".encode())
    directory = policies or paths.policies_dir()
    for city, name in sorted(POLICY_FILES.items()):
        digest.update(city.encode())
        digest.update((directory / name).read_bytes())
    return digest.hexdigest()[:20]


def load_clauses(policies: Path | None = None) -> list[Clause]:
    directory = policies or paths.policies_dir()
    clauses: list[Clause] = []
    for city, name in POLICY_FILES.items():
        clauses.extend(split_policy((directory / name).read_text(encoding="utf-8"), city))
    return clauses


def bigrams(
    raw_words: list[str], skip: frozenset[str] | set[str], breaks: frozenset[str] | set[str] = frozenset()
) -> list[str]:
    """Adjacent content words joined (首席数据官+办公室): BM25 alone cannot tell 首席数据官办公室
    from a clause that says 首席数据官 in one place and 办公室 in another. Words in ``skip``
    are passed over; punctuation and words in ``breaks`` end the chain."""
    out: list[str] = []
    previous = None
    for w in raw_words:
        if not _WORDLIKE.search(w) or w in breaks:
            previous = None
        elif w not in skip:
            if previous:
                out.append(f"{previous}+{w}")
            previous = w
    return out


def count_bigrams(
    raw_words: list[str],
    skip: frozenset[str] | set[str],
    counts: frozenset[str] | set[str] = frozenset(),
    numbers: bool = True,
) -> list[str]:
    """A count joined to what it counts (一名首席数据官, 10个部门 → ``<数量>+首席数据官``,
    ``<数量>+部门``), so 几个首席数据官 / 能有两个首席数据官吗 asks for the clause that says how many
    *of that*, not for any sentence with a number. Words in ``counts`` (几个, 几名) are counts too;
    ``numbers=False`` (a question) takes only those: 一个部门 is not a count asked for. Words in
    ``skip`` are passed over; any other word ends the count."""
    out: list[str] = []
    pending = False
    previous = None
    for w in raw_words:
        after_number = bool(previous and _NUMBER.fullmatch(previous))
        is_count = numbers and bool(_COUNT_WORD.fullmatch(w)) and (len(w) > 1 or after_number)
        if w in counts or is_count:
            pending = True
        elif numbers and after_number and w[:1] in "个名" and len(w) > 1:
            out.append(f"{COUNT}+{w[1:]}")  # jieba glues the measure word to its noun: 5 / 个区
            pending = False
        elif w in skip and pending:
            pass
        elif pending and _WORDLIKE.search(w) and not _NUMBER.fullmatch(w):
            out.append(f"{COUNT}+{w}")
            pending = False
        else:
            pending = False
        previous = w
    return out


def sentence_tokens(
    sentence: str, segmenter: Segmenter, districts: frozenset[str], stopwords: frozenset[str] = frozenset()
) -> list[str]:
    words = segmenter.words(sentence)
    raw = segmenter.raw_words(sentence)
    tokens = segmenter.search_words(sentence) + bigrams(raw, stopwords) + count_bigrams(raw, frozenset())
    # A department or district marker only where units are *listed* (two or more): 哪些部门
    # asks for an enumeration, not for every sentence that names 政务服务数据管理局.
    departments = [DEPARTMENT for w in words if _DEPARTMENT.search(w)]
    named_districts = [DISTRICT for w in words if w in districts]
    tokens += departments if len(departments) >= ENUMERATION_MIN else []
    tokens += named_districts if len(named_districts) >= ENUMERATION_MIN else []
    if _TIME.search(normalize(sentence)):
        tokens.append(TIME)
    if _FREQUENCY.search(normalize(sentence)):
        tokens.append(FREQUENCY)
    if _COUNT.search(normalize(sentence)):
        tokens.append(COUNT)
    return tokens


def build(segmenter: Segmenter, vocabulary: Vocabulary, policies: Path | None = None) -> Index:
    districts = frozenset(w for w, _f, tag in vocabulary.user_words if tag == "ns")
    clauses = load_clauses(policies)
    corpus: list[list[str]] = []
    owner: list[int] = []
    clause_tokens: list[frozenset[str]] = []
    for number, clause in enumerate(clauses):
        heading_list = sorted(h for h in {clause.chapter, clause.section_title, clause.title} if h)
        context = segmenter.search_words(" ".join(heading_list)) * HEADING_REPEAT
        # A heading's phrases too (首席数据官+工作, 工作+机制), on the clause's first sentence only:
        # a question that names a section (首席数据官工作机制, 工作目标) is about that section,
        # not about a sentence sharing its words. Only real titles: a section without items is
        # titled by its whole first sentence.
        phrases = [
            p
            for heading in heading_list
            if len(heading) <= HEADING_PHRASE_MAX_CHARS
            for p in bigrams(segmenter.raw_words(heading), vocabulary.stopwords)
        ]
        seen: set[str] = set(context) | set(phrases)
        for n, sentence in enumerate(sentences(clause.text)):
            tokens = sentence_tokens(sentence, segmenter, districts, vocabulary.stopwords) + context
            if clause.doc_number and clause.doc_number in sentence:
                tokens.append(DOC_NUMBER)
            if n == 0:
                tokens += phrases
            corpus.append(tokens)
            owner.append(number)
            seen.update(tokens)
        clause_tokens.append(frozenset(seen))
    df = Counter(t for toks in clause_tokens for t in toks)
    vocab = frozenset(t for toks in corpus for t in toks)
    postings = export(bm25_retriever(corpus))
    stock = _stock_dictionary()
    return Index(
        clauses,
        owner,
        clause_tokens,
        dict(df),
        corpus,
        postings,
        vocab,
        general_weights(stock),
        place_names(stock),
    )


def bm25_retriever(corpus: list[list[str]]):  # -> bm25s.BM25
    """bm25s with its defaults: Lucene IDF (never negative), k1 = 1.5, b = 0.75."""
    import bm25s

    retriever = bm25s.BM25()
    retriever.index(corpus, show_progress=False)
    return retriever


def export(retriever) -> dict[str, tuple[tuple[int, ...], tuple[float, ...]]]:
    """The per-(token, sentence) weights of a bm25s index, as plain Python."""
    if retriever.nonoccurrence_array is not None:  # BM25L / BM25+ add a constant per token
        raise ValueError("only bm25s methods without a non-occurrence score can be exported")
    data = retriever.scores["data"].tolist()
    indices = retriever.scores["indices"].tolist()
    indptr = retriever.scores["indptr"].tolist()
    return {
        token: (tuple(indices[indptr[i] : indptr[i + 1]]), tuple(data[indptr[i] : indptr[i + 1]]))
        for token, i in retriever.vocab_dict.items()
        if i + 1 < len(indptr)  # bm25s's placeholder empty token has no column
    }


FUNCTION_TAGS = frozenset(
    [
        "r",
        "p",
        "u",
        "c",
        "y",
        "e",
        "o",
        "q",
        "m",
        "mq",
        "f",
        "d",
        "t",
        "tg",
        "k",
        "uj",
        "ul",
        "ud",
        "ug",
        "uv",
        "uz",
    ]
)
VERB_TAGS = frozenset(["v", "vd", "vg", "vi", "vq", "a", "ad", "ag", "z", "zg"])
COMMON_WORD_MIN_FREQ = 100
COMMON_VERB_MIN_FREQ = 1000
"""A verb says that something happens (开始, 进行, 提供) only when it is common; a rarer one
(报销, 请假, 注册) is the topic of the question and weighs fully."""


def general_weights(stock: list[tuple[str, int, str]] | None = None) -> dict[str, float]:
    """Topic weight of common words by jieba's part-of-speech tags (see ``Index.general_weight``)."""
    weights: dict[str, float] = {}
    for word, freq, tag in stock or _stock_dictionary():
        if freq < COMMON_WORD_MIN_FREQ:
            continue
        if tag in FUNCTION_TAGS:
            weights[word] = 0.0
        elif tag in VERB_TAGS and freq >= COMMON_VERB_MIN_FREQ:
            weights[word] = 0.5
    return weights


def _stock_dictionary() -> list[tuple[str, int, str]]:
    """jieba's own dictionary as (word, frequency, part of speech); read once per index build."""
    import os

    import jieba

    with open(os.path.join(os.path.dirname(jieba.__file__), "dict.txt"), encoding="utf-8") as fh:
        return [(w, int(f), t) for w, f, t in (line.split() for line in fh)]


def place_names(stock: list[tuple[str, int, str]] | None = None) -> frozenset[str]:
    """Cities and provinces: jieba's place words (``ns``) that end in 市 or 省, with and without
    that suffix, and those that have such a form (北京 because of 北京市).

    jieba tags many ordinary words ``ns`` (东西, 城市, 英雄); requiring an administrative form
    keeps the real places only.
    """
    places = {w for w, _f, tag in stock or _stock_dictionary() if tag == "ns" and len(w) >= 2}
    names: set[str] = set()
    for w in places:
        if len(w) >= 3 and w.endswith(("市", "省")):
            names.update((w, w[:-1]))
        elif w + "市" in places or w + "省" in places:
            names.add(w)
    return frozenset(names)


def cache_path(vocabulary: Vocabulary, policies: Path | None = None) -> Path:
    """Where the index of these sources is pickled (the name changes with any source)."""
    return paths.cache_dir() / f"policy-index-{source_digest(vocabulary, policies)}.pickle"


def build_cache_in_child(timeout: float = 600.0) -> bool:
    """Build the shipped index's cache in a child process if it is missing; True if it is there now.

    Building imports numpy and bm25s and segments every clause (about 140 MiB that a process never
    gives back to the system); loading the pickle needs neither. A long-running bot that finds the
    cache stale after an upgrade or a word-list change calls this first, so it stays at the size of
    a process that only loads the index (issue 16's memory target). Any failure just leaves the
    build to the caller's own ``load``.
    """
    import subprocess
    import sys

    target = cache_path(Vocabulary.load())
    if target.exists():
        return True
    code = "from bot.core.knowledge import Knowledge; Knowledge.load()"
    try:
        subprocess.run([sys.executable, "-c", code], check=True, timeout=timeout, capture_output=True)
    except (OSError, subprocess.SubprocessError):
        return False
    return target.exists()


def load(segmenter: Segmenter, vocabulary: Vocabulary, policies: Path | None = None) -> Index:
    """The index from the cache, or built and cached when the sources changed."""
    target = cache_path(vocabulary, policies)
    if target.exists():
        try:
            with target.open("rb") as fh:
                index = pickle.load(fh)
            if isinstance(index, Index):
                return index
        except Exception:  # a truncated or stale pickle is rebuilt, never fatal
            pass
    index = build(segmenter, vocabulary, policies)
    tmp = target.with_suffix(f".{id(index)}.tmp")
    with tmp.open("wb") as fh:
        pickle.dump(index, fh, protocol=pickle.HIGHEST_PROTOCOL)
    tmp.replace(target)
    for stale in target.parent.glob("policy-index-*.pickle"):
        if stale != target:
            stale.unlink(missing_ok=True)  # another process needing it just rebuilds it
    return index
