"""Answering a question from the plans: intent, query expansion, ranking, the scope gate.

Layer: core (pure).

The order of decisions:

0. **City.** A city named in the question (珠海的交流会…), or a pilot district of one (福田区的
   重点任务), is the plan searched, whatever the asker's own city; otherwise the asker's.
1. **Intent.** A request that opens with a task verb (帮我写…, 翻译…, 预订…) is not a question
   about the plans: out of scope — unless the sentence also asks something (写总结需要准备什么
   材料). A question made only of subject words (我, 首席数据官, CDO), duty words (职责, 负责,
   干什么, 工作), filler and at most a unit name asks for *the list* of duties, which no single
   clause answers: the items of the plan's 职责范围 section are returned, with a pilot district's
   own focus sentence when the unit is one (named in the question: its item first). A question
   asking who (首席数据官归谁管) or addressing the bot (你能做什么) is never that list.
2. **Concepts.** Every other word the user said that is neither a stopword nor a question word
   is a concept; it is expanded with its synonyms and its dictionary sub-words (each with its
   own synonyms: 违规行为 → 违规 → 违反). Question words (什么时候, 几次, 谁) only add the words
   or markers of the kind of answer they want; adjacent content words add a phrase bigram
   (首席数据官+办公室), which a question word between them breaks (每个部门几个首席数据官 does
   not ask about the plan's 各部门首席数据官).
3. **Ranking.** BM25 over sentences (see ``index``); a clause scores as its best sentence plus
   a small share of its second best, restricted to the city; the cover notice and the
   preamble count less. The head of that list is reranked by coverage (step 4), squared, so a
   clause that addresses all of the question beats one that repeats one of its words (评价工作
   在谁的业务指导下开展: the clause saying 业务指导 of 评价 beats the one saying 指导开展…评价工作).
4. **Scope gate.** Ranking always finds *something*, so the best clause must also *cover* the
   question: the share of the concepts' weight it contains (a synonym counts fully, sub-words in
   proportion to the characters they cover, squared). A concept weighs its IDF over clauses (a
   word the plans never use: the highest, less the commoner it is in general Chinese — 级别,
   关系 are everyday wording around a question, 彩票 is its topic) times its topic weight by
   jieba's part of speech (function words 0, common verbs and adjectives ½), so 预订会议室 or
   股票涨了 fail even when one generic word matches, while 什么时候开始试点 does not fail on
   开始. Coverage of at least ``CONFIDENT`` answers, of at least ``WEAK`` offers suggestions,
   below that: not in the plans. A question naming another city or province (上海, 广州), or a
   topic the plans never address (工资, 编制, 年假), is at most a suggestion.

The thresholds were set on our own questions (tests/unit/test_knowledge_*.py): in-scope
questions cover ≥ 0.58, off-topic ones ≤ 0.13 (帮我写个工作总结: 0.38, a suggestion). The
blind set (tests/data/qa_blind.jsonl, test_knowledge_blind) measures how the word lists and
these rules generalise to wording nobody tuned for.
"""

from __future__ import annotations

import dataclasses
import math
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from bot.core import paths
from bot.core.knowledge.clauses import META_CHAPTERS, NOTICE, Clause, normalize
from bot.core.knowledge.index import COUNT, DISTRICT, DOC_NUMBER, TIME, Index, bigrams, count_bigrams
from bot.core.knowledge.model import CITIES, Answer, AskResult, DutyItem, city_code, city_in_words
from bot.core.knowledge.outline import LIST_CUE, Outlines, asks_for_list, residue
from bot.core.knowledge.vocabulary import Segmenter, Vocabulary

CONFIDENT = 0.55
WEAK = 0.35
SECOND_SENTENCE_SHARE = 0.25
RERANK_DEPTH = 10
SUGGESTION_MIN_SHARE = 0.3
BIGRAM_QUERY_REPEAT = 2
SINGLE_CHARACTER_WEIGHT = 0.5
COVERAGE_FLOOR = 0.25
COVERAGE_POWER = 2.0
"""Rerank score: BM25 × (COVERAGE_FLOOR + coverage) ** COVERAGE_POWER. Squared rather than linear
since batch 10 of the blind set: one more top-1 there, none lost on the nine batches before."""
MODIFIER_ONLY_CREDIT = 0.25
FRAME_MIN_WEIGHT = 1.0
FRAME_CONCEPT = "<frame>"
"""An answer frame made only of function words (得到什么) still weighs as a topic word would."""
DUTY_SECTION_MARK = "职责范围"
META_CLAUSE_WEIGHT = 0.6
_THIS_PLAN = re.compile(r"(?:这个|这份|本|该|此)(?:实施)?方案")
"""这个方案, 本方案: the question is about the plan document itself (its basis, date, number)."""
_NAMED_PLAN = re.compile(r"(?:我们的?|(?:深圳|珠海)市?的?(?:首席数据官|cdo)?(?:制度)?(?:试点)?(?:实施)?)方案")
_PLAN_WORD = re.compile(r"(?:试点)?(?:实施)?方案")
_ANY_PLAN = re.compile(
    r"(?:咱们|我们)?(?:深圳|珠海)?市?(?:这个|这份|那个|的)?(?:首席数据官|cdo)?(?:制度)?(?:试点)?(?:实施)?方案"
)
_CURRENT_HOLDER = re.compile(r"(?:现在|目前|如今)[^，。？！,.?!]{0,8}?是谁")
"""珠海市的首席数据官现在是谁担任, 目前深圳CDO是哪位: a person holding the post now, by name — the
plans set who may serve (任职条件), never who does, so such a question is out of scope. 由谁 (who
is to do it, 现在由谁牵头) stays a question about the plans."""
_DOCUMENT_CUE = re.compile(r"文件|发布")
"""珠海方案, 我们的方案, 深圳的实施方案 named with a word about the document (依据哪些上级文件,
什么时候发布的): the plan itself, as 这个方案 is; 珠海方案里试点的区 asks what the plan says."""
"""The cover notice and the preamble repeat the plan's title words; they answer only when
nothing in the body does as well."""
_CITY_WORDS = frozenset(CITIES.values()) | {n + "市" for n in CITIES.values()}
HOME_PLACES = frozenset({"广东", "广东省"})
"""The province both plans belong to: naming it is not asking about somewhere else."""
COMMON_FROM = 100
COMMONNESS_SLOPE = 0.25
COMMONNESS_MIN = 0.4
GIST_MAX_CHARS = 48
DUTY_POST_CHARS = "职责任"
"""Duty words built on these (职责, 职能, 负责, 任务) name a post's duties, unlike 做, 干, 工作."""
VERB_WEIGHT = 0.5
POST_CHARS = "官员长师"
"""A word ending in one of these names a post (首席隐私官, 安全员): the topic of a duty question."""
"""``Index.general_weight`` of common verbs and adjectives (see ``index.general_weights``)."""
_CITY_PREFIX = re.compile(r"^(?:深圳|珠海)市?")
COPULA = "是"
UNIT_CATEGORY = "部门"
_SELF_UNIT = re.compile(
    r"(?:我们|咱们|我们单位|我|作为)(?:是|在|这个|这边|)(?P<unit>[\u4e00-\u9fff]{2,16}?[局区委])(?:政府)?"
)
"""我们是X局 / 我们X委 / 作为X局的… / 我在X区(政府)…: the asker's own unit (see
``Knowledge._own_unit_as_category``); a district's 政府 after it is still the introduction."""
TOPIC_MAX_CLAUSE_SHARE = 0.25
"""A word in at most this share of the clauses is a topic of its own (see ``_shares_topic``)."""
ACTOR_MIN_CLAUSES = 5
"""A body named in at least this many clauses is one the plans give work to (政务服务数据管理局: 12),
not a unit only listed among the pilots (市场监管局 1, 医保局 2, 南山区 2)."""
COMPLETIONS_MAX = 4
"""A head word stands for the plans' compounds it begins only if they are this few (see ``_completions``)."""
GLUED_WORD_FREQ = 50
"""A pair of characters jieba knows this well is a word (指责), never a typo to correct."""
RARE_WORD_FREQ = 20
"""A word jieba's dictionary holds this rarely (数句, 15) is as good as unknown in a chat question:
where it sounds exactly like a plan word (数据), it is that word misspelt. Only a pair of characters:
a rare longer entry is a real term (副区长, 3), no typo of 市区."""
_PILOT_UNITS = re.compile(
    r"(?:(?:首席数据官|cdo)(?:制度)?)?(?:试点|纳入)[^,，。?？]{0,6}?哪些单位|哪些单位[^,，。?？]{0,6}?试点"
)
"""试点都覆盖了哪些单位, 哪些单位参加了试点: all the pilot units, which is the plan's scope section
(Shenzhen's 试点范围: 市政府, the departments, the districts) — its outline, as if it were named."""
SCOPE_HEADING_ASKED = "试点范围有哪些"
_DEPARTMENT_LEVEL = r"(?:市直|市属|市级|直属|市)?(?:部门|机关|局)|(?:市直|市属|市级|直属)单位"
_DISTRICT_LEVEL = r"区(?![别域分])"
_WHICH = r"(?:哪些|哪几个)"
_PILOT_LEVEL = re.compile(
    rf"(?:试点|纳入)[^,，。?？]{{0,6}}?{_WHICH}(?P<level>{_DEPARTMENT_LEVEL}|{_DISTRICT_LEVEL})"
    rf"|{_WHICH}(?P<level_first>{_DEPARTMENT_LEVEL}|{_DISTRICT_LEVEL})[^,，。?？]{{0,6}}?(?:纳入了?(?:试点)?|试点)"
    rf"|(?:试点|纳入)[^,，。?？]{{0,4}}?的(?P<level_named>{_DEPARTMENT_LEVEL}|{_DISTRICT_LEVEL})都?[有是]?{_WHICH}"
    r"(?=[,，。?？!！]|$|呢)"
)
"""纳入试点的市直部门有哪些, 哪几个区参加了试点, 试点都覆盖了哪些区: one level of the pilot units
asked for, which is the scope section's clause of that level (Shenzhen's 试点范围 lists 市政府, the
departments and the districts apart; Zhuhai's one clause lists them all). Asked as the section's
name with the plan's word for the level (部门, 区): 市直 and 市属 are no words of the plans."""
_LEVEL = r"(?:市|部门|区)"
_LEVELS_LISTED = re.compile(rf"{_LEVEL}(?:[、和]{_LEVEL}){{1,2}}")
"""市级、部门、区: the plans' levels listed in a question for the pilot units (all of them, say)."""
_OUR_CITY = re.compile(r"(?:我们|咱们|我|本)市")
"""我们市这次试点…: the asker's own city, which the plan searched already is."""
_QUESTION_CLAUSE = re.compile(r"[,，。;；!！?？]")
_VERB_COMPLEMENT = re.compile(r"(?P<verb>[\u4e00-\u9fff])(?:过来|进|来)")
"""招进, 挖过来: a verb with a directional complement (into, over here), glued by jieba's HMM."""
_POSSESSED = re.compile(r"\s*的(?P<tail>[\u4e00-\u9fff].*)")
"""…哪些单位的食堂: what follows the units asked for, when they own it (的)."""
_REDUPLICATED = re.compile(r"一([条项件])\1")
"""一条条, 一项项, 一件件: a measure word doubled after 一, one by one (逐条, 逐项)."""
_LOOK_ALIKE = str.maketrans({"列": "例"})
"""A character typed for one of the same shape and nearly the same sound (列 for 例: 数据条列 is
the plans' 条例), respelled only inside a word jieba cut that is no plan word while its respelling
is one — 逐条列出, 一条一条列出来 cut 列 apart and keep it a request to list."""
UBIQUITOUS_SHARE = 0.5
"""A plan word in at least this share of the clauses (试点, 首席数据官) picks out no clause: in an
enumeration of a post's duties (深圳试点里首席数据官的职责一共有几条) it is framing."""
# 是不是第一批试点, 在不在试点名单里, 试点范围有没有我们局: whether a unit is among the pilots.
_MEMBERSHIP = re.compile(
    r"(?:是不是|是否|在不在|算不算|列入)[^,，。;；!！?？]{0,8}(?:试点|名单)"
    r"|(?:试点|名单)[^,，。;；!！?？]{0,8}(?:有没有|吗)"
)
PLACE_MIN_COVERAGE = 0.3
"""An activity serves a duty item when that item covers at least this share of the title's
distinguishing words (``Knowledge.duty_for``): 数据治理培训 covers 0.33 of Zhuhai's item 1,
数据安全培训 only 0.03 of any (Zhuhai's items never say 安全), so it is listed apart."""
PLACE_CACHE_SIZE = 20_000
PLACE_MIN_WEIGHT = 0.8
"""…and the words it covers must weigh this much together: 数据工作 shares only 工作 (0.29) with
an item, however large a share of its few distinguishing words that is; 数字政府 alone weighs 0.9."""
_GIST_END = re.compile(r"[。；;]")
PHRASE_MAX_TOKENS = 4
_PLAN_SPELLING = re.compile(r"[\u4e00-\u9fff]{2,6}")


@dataclass(frozen=True)
class _Concept:
    word: str
    forms: frozenset[str]
    """The word and its synonyms: finding any of them covers the concept."""
    parts: tuple[str, ...]
    part_forms: tuple[frozenset[str], ...]
    """Each dictionary sub-word with its synonyms (违规行为 → 违规 → 违反)."""
    weight: float


class Knowledge:
    """The two plans, searchable. Build with ``Knowledge.load()``; safe to share between threads."""

    def __init__(self, index: Index, segmenter: Segmenter, vocabulary: Vocabulary) -> None:
        self._index = index
        self._seg = segmenter
        self._vocab = vocabulary
        _answer_frames()  # read and compiled with the knowledge, not at the first question
        self._by_id = {c.clause_id: n for n, c in enumerate(index.clauses)}
        self._districts = frozenset(w for w, _f, tag in vocabulary.user_words if tag == "ns")
        self._home_places = HOME_PLACES | _CITY_WORDS | self._districts
        # 坪山, 香洲, 横琴: a district as people name it, without 区 / 新区 (never a single character).
        self._district_short = {
            d.removesuffix("新区").removesuffix("区"): d
            for d in self._districts
            if len(d.removesuffix("新区").removesuffix("区")) >= 2
        }
        self._district_city = _district_cities(index.clauses, self._districts)
        # 福田区, 横琴新区: a clause naming one holds an answer to 哪几个区 (the "districts" type).
        self._district_names = re.compile(
            "|".join(map(re.escape, sorted(self._districts, key=len, reverse=True))) or "(?!)"
        )
        self._duty_spellings = tuple(
            sorted(
                (
                    w
                    for w in vocabulary.duty_words | vocabulary.subject_words
                    if len(w) >= 2 and not w.isascii()
                ),
                key=len,
                reverse=True,
            )
        )
        # The plans' own topic words, as spellings a homophone typo is corrected to (陪训 → 培训).
        self._plan_spellings = tuple(
            sorted(
                (
                    w
                    for w in index.clause_df
                    if _PLAN_SPELLING.fullmatch(w)
                    and segmenter.frequency(w) > 0
                    and index.general_weight.get(w, 1.0) > 0
                    and w not in vocabulary.stopwords
                ),
                key=len,
                reverse=True,
            )
        )
        self._spellings: dict[str, str] = {}
        self._completed: dict[str, frozenset[str]] = {}
        self._actors: dict[str, bool] = {}
        self._as_phrase: dict[str, str] = {}
        self._spellers: dict[tuple[str, ...], object] = {}
        self._count_words = frozenset(w for w, wanted in vocabulary.question_words.items() if COUNT in wanted)
        self._outlines = Outlines(index.clauses, vocabulary.same_heading)
        # 年假, 工资: topics the plans never address, as written (the plans hold 编制 in another
        # sense, so it is matched only as a word).
        plan_text = "".join(c.text for c in index.clauses)
        self._unplanned_spelled = tuple(
            w for w in sorted(vocabulary.unplanned_words) if len(w) >= 2 and w not in plan_text
        )
        # Clause headings by name (工作目标): a question frame may name one (样子 → 工作目标).
        self._titled: dict[str, list[int]] = {}
        for n, c in enumerate(index.clauses):
            self._titled.setdefault(c.title, []).append(n)
        # The plan's own chapters that are one clause each (前言, 试点背景, 工作目标): a question
        # frame that names one by a word of its heading (为什么 → 背景, 达到什么效果 → 目标) asks for
        # that chapter, whatever the question's topic words are — in both plans, whose headings differ.
        self._chapter_heads = tuple(
            (c.title, n)
            for n, c in enumerate(index.clauses)
            if c.item_no is None
            and not c.section_no
            and c.chapter != NOTICE  # the cover notice is no chapter
        )
        self._placed: dict[tuple[str, str], DutyItem | None] = {}
        """``duty_for``'s answers: a unit's titles repeat (数据安全培训) from one summary to the next."""

    @classmethod
    def load(cls) -> Knowledge:
        """The shipped plans and word lists; built once per process (the index is also cached on disk)."""
        return _shipped()

    @classmethod
    def build(cls, vocabulary: Vocabulary | None = None) -> Knowledge:
        """A fresh instance (tests with their own word lists use this, not ``load``)."""
        from bot.core.knowledge import index as index_module

        vocabulary = vocabulary or Vocabulary.load()
        segmenter = Segmenter(vocabulary)
        return cls(index_module.load(segmenter, vocabulary), segmenter, vocabulary)

    # -- look-ups ------------------------------------------------------------------------------

    @property
    def clauses(self) -> list[Clause]:
        return list(self._index.clauses)

    def clause(self, clause_id: str) -> Clause:
        """KeyError for an unknown id (e.g. a stale button)."""
        return self._index.clauses[self._by_id[clause_id]]

    def answer_for(self, clause_id: str, score: float = 0.0) -> Answer:
        c = self.clause(clause_id)
        return Answer(c.text, c.source, c.label, score, c.clause_id, c.title)

    def duties(self, city: str, unit: str | None = None) -> list[DutyItem]:
        """The CDO duty items of a city's plan (its 职责范围 section), in order."""
        code = city_code(city)
        items = []
        for c in self._index.clauses:
            if c.city == code and DUTY_SECTION_MARK in c.section_title and c.item_no is not None:
                body = c.text.split("。", 1)[1] if "。" in c.text else c.text
                gist = _GIST_END.split(body.strip(), 1)[0]
                if len(gist) > GIST_MAX_CHARS:
                    gist = gist[: GIST_MAX_CHARS - 1] + "…"
                items.append(DutyItem(c.city, c.item_no, c.title, gist, c.clause_id, c.label, c.text))
        return items

    def focus(self, city: str, unit: str | None) -> str | None:
        """A pilot district's own sentence among the duty items (深圳 item 6: 福田区重点依托…)."""
        if not unit:
            return None
        names = {normalize(unit).removesuffix("政府").removesuffix("人民")}
        names |= {n + "区" for n in names if not n.endswith("区")}
        for item in self.duties(city):
            for part in re.split(r"(?<=[；;。])", item.text):
                stripped = part.strip()
                if any(normalize(stripped).startswith(n) for n in names if len(n) >= 2):
                    return stripped.rstrip("；;")
        return None

    def duty_for(self, text: str, city: str) -> DutyItem | None:
        """The duty item of ``city``'s plan that an activity titled ``text`` serves, or None.

        The same words, weights, BM25 ranking and coverage as ``ask``, restricted to the duty
        items: the work summary places each record under the item it serves this way, never by a
        hand-kept table. A word every duty item has (首席数据官, 数据) tells them apart in no way,
        so it counts neither for nor against; the best item must cover ``PLACE_MIN_COVERAGE`` of
        the rest, and at least ``PLACE_MIN_WEIGHT`` of topic weight.
        """
        code = city_code(city)
        key = (text, code or city)
        if key in self._placed:
            return self._placed[key]
        if len(self._placed) >= PLACE_CACHE_SIZE:
            self._placed.clear()
        self._placed[key] = found = self._duty_for(text, code, self.duties(code or city))
        return found

    def _duty_for(self, text: str, code: str | None, duties: list[DutyItem]) -> DutyItem | None:
        items = {self._by_id[d.clause_id]: d for d in duties}
        concepts, _extra = self._concepts(self._seg.words(text))
        tokens = self._index.clause_tokens
        telling = [c for c in concepts if not all(c.forms & tokens[n] for n in items)]
        if not items or not telling:
            return None
        total = sum(c.weight for c in telling)
        best: tuple[float, int] | None = None
        for n, score in self._rank(telling, [], code):
            if n not in items:
                continue
            coverage = self._coverage(telling, n)
            if coverage < PLACE_MIN_COVERAGE or coverage * total < PLACE_MIN_WEIGHT:
                continue
            value = _reranked(score, coverage)
            if best is None or value > best[0]:
                best = (value, n)
        return items[best[1]] if best else None

    # -- questions -----------------------------------------------------------------------------

    def ask(
        self,
        question: str,
        city: str | None = None,
        unit: str | None = None,
        role: str | None = None,
        k: int = 3,
    ) -> AskResult:
        """Answer one question; ``role`` does not change what is found, only how services word it."""
        del role  # part of the signature so adapters pass it uniformly; wording is the service's job
        asked = normalize(question)
        scoped = _PILOT_UNITS.sub(SCOPE_HEADING_ASKED, asked)
        if scoped == asked:
            return self._one_level(question, asked, city, unit, k)
        # 试点都覆盖了哪些单位，市级、部门、区都列一下: the pilot units asked for, all of them, are
        # the plan's scope section; the levels listed only say "all of them".
        # Only when nothing else is asked: 试点包括哪些单位，它们的首席数据官由谁任免 asks something
        # of them. In a plan without that heading (Zhuhai's pilot units are one clause) the
        # section's name still finds the clause.
        scoped = _LEVELS_LISTED.sub("", _OUR_CITY.sub("", scoped))
        rest = scoped.replace(SCOPE_HEADING_ASKED, " ")
        return self._as_scope(question, scoped, rest, city, unit, k)

    def _as_scope(
        self, question: str, scoped: str, rest: str, city: str | None, unit: str | None, k: int
    ) -> AskResult:
        """The question asked as ``scoped`` (the scope section), when ``rest`` — the question but
        for the pilot units asked for — asks nothing else; else the question as written."""
        rest = _ANY_PLAN.sub(" ", rest)
        if _OWNER.search(rest) or not self._points_only(rest) or self._possessed_elsewhere(rest):
            return self._ask(question, city, unit, k)
        return dataclasses.replace(self._ask(scoped, city, unit, k), question=question)

    def _possessed_elsewhere(self, rest: str) -> bool:
        """试点覆盖哪些单位的食堂: the pilot units asked for are only whose — the thing asked
        about is the noun they own, and one no plan holds (食堂) is not what the scope lists."""
        m = _POSSESSED.match(rest)
        if m is None:
            return False
        words = self._seg.words(m["tail"])
        noun = words[0] if words else ""
        return (
            len(noun) >= 2
            and self._index.clause_df.get(noun, 0) == 0
            and not self._topic_spellings(noun)
            and noun not in self._vocab.outline_framing
            and noun not in self._vocab.framing_words
        )

    def _one_level(self, question: str, asked: str, city: str | None, unit: str | None, k: int) -> AskResult:
        """纳入试点的市直部门有哪些: one level of the pilot units, asked as the scope section's
        clause of that level — only when nothing else is asked (试点涉及哪些部门的经费 asks of
        them)."""
        m = _PILOT_LEVEL.search(_OUR_CITY.sub("", asked))
        if m is None:
            return self._ask(question, city, unit, k)
        level = m["level"] or m["level_first"] or m["level_named"]
        noun = level if level.endswith("区") else UNIT_CATEGORY
        scoped = _OUR_CITY.sub("", asked)
        rest = scoped[: m.start()] + " " + scoped[m.end() :]
        # In place: the rest may name the city asked about (珠海那边试点了哪几个区).
        in_place = scoped[: m.start()] + SCOPE_HEADING_ASKED + noun + scoped[m.end() :]
        return self._as_scope(question, in_place, rest, city, unit, k)

    def _ask(self, question: str, city: str | None, unit: str | None, k: int) -> AskResult:
        words = self._phrased(self._seg.words(self._spelled(question)))
        # A city named in the question (珠海的交流会…), or a district of one (福田区的重点任务), is
        # what the user asks about, even when their own city is the other one.
        named = {self._district_city[w] for w in words if w in self._district_city}
        # 深圳市政府 is one word to jieba: a city is named by a compound's parts too.
        with_parts = words + [p for w in words if len(w) > 3 for p in self._seg.parts(w)]
        code = (
            city_in_words(with_parts)
            or _asked_city(normalize(question))
            or (named.pop() if len(named) == 1 else None)
            or city_code(city)
        )
        asked_unit = next((w for w in words if w in self._districts), None)
        # A district named in the question (福田区首席数据官负责什么) is the one asked about, even when
        # the asker belongs to another unit: its focus is the one to show.
        unit = asked_unit or unit

        if self._is_task(words):
            return AskResult(question, code, False, "out_of_scope")
        # Before the duty list: 主要任务 and 工作要求 are built of duty words (任务, 工作), but the
        # plan's chapter asked for by its name is its outline, not the CDO's duties.
        outline = self._outline(question, code)
        if outline is not None:
            return outline
        framed_text = normalize(self._spelled(question))
        asked_frames = _frames_asked(framed_text)
        if self._names_elsewhere(with_parts) and (
            self._is_duty_list([w for w in words if w not in self._index.place_names])
        ):
            # 上海的首席数据官负责什么: the duties of a CDO elsewhere are no plan's list.
            return AskResult(question, code, False, "out_of_scope")
        # 首席数据官一任干几年: a fact of a kind asked (a term's length) is no list of duties.
        typed_fact = any(p.search(framed_text) for t, p in _ASKS_FOR.items() if t not in RANKING_TYPES)
        if (
            not asked_frames
            and not typed_fact
            and (
                self._is_duty_list(words, self._clause_starts(question, words))
                or self._is_duty_list(self._asking_clause(question))
            )
        ):
            return self._duty_list(question, code, unit, lead_with_focus=asked_unit is not None)
        introduced = self._introduced(question)
        if introduced is not None and self._is_duty_list(introduced[1]):
            # 我是市医保局的，我要做哪些事: the asker's introduction is who asks, not a topic.
            own = introduced[0] if introduced[0] in self._districts else unit
            return self._duty_list(question, code, own, lead_with_focus=own in self._districts)

        words = self._in_city(question, words, code)
        asked = normalize(question)
        named = _NAMED_PLAN.search(asked) or _THIS_PLAN.search(asked)
        about_plan = bool(_THIS_PLAN.search(asked) or (named and _DOCUMENT_CUE.search(asked)))
        raw_text = question
        if named and not about_plan:
            # 珠海方案里试点的区都有哪些: the plan named is where to look, not a topic — else the
            # clause that says 实施方案 twice (各区…制定本区的实施方案) wins. So is all of its name:
            # 深圳的首席数据官试点方案里，试点部门有哪些 asks for 试点部门, not for the clauses
            # that name the plan (首席数据官, 试点, 方案 together: the background, the notice).
            located = asked[: named.start()] + " " + asked[named.end() :]
            rest = self._in_city(located, self._phrased(self._seg.words(self._spelled(located))), code)
            if named.re is _NAMED_PLAN and any(not self._is_filler(w) for w in rest):
                words, raw_text = rest, located
            else:
                words = [w for w in words if not _PLAN_WORD.fullmatch(w)] or words
        concepts, extra = self._concepts(words)
        concepts, frame_words = self._answer_frames(asked_frames, framed_text, concepts)
        extra = extra + frame_words
        if not concepts:
            return self._framed(question, words, code)
        question_words = set(self._vocab.question_words)
        skip = self._vocab.stopwords | question_words
        # A phrase the plan also has (首席数据官办公室) is strong evidence: its bigram counts twice.
        raw = self._seg.raw_words(raw_text)
        extra = extra + bigrams(raw, skip, question_words) * BIGRAM_QUERY_REPEAT
        # 几个首席数据官, 两个首席数据官: the count asks about that noun (一名首席数据官), not any number.
        counted = count_bigrams(raw, self._vocab.stopwords, self._count_words, numbers=False)
        extra = extra + counted * BIGRAM_QUERY_REPEAT
        ranked = self._rank(concepts, extra, code, about_plan=about_plan)
        if not ranked:
            return AskResult(question, code, False, "out_of_scope")
        # Rerank the head of the BM25 list by how much of the question each clause covers: BM25
        # rewards repeating one word, the user wants all of their words addressed.
        head = [(n, s, self._coverage(concepts, n)) for n, s in ranked[:RERANK_DEPTH]]
        head.sort(key=lambda t: (-_reranked(t[1], t[2]), t[0]))
        holds = {"districts": self._district_names}
        typed = [holds[t] for t in RANKING_TYPES if _ASKS_FOR[t].search(asked)]
        if typed:
            # A clause holding the type, and close enough to the best to be offered at all, comes
            # first; otherwise the order stays.
            close = _close_to(head[0])
            _lift(head, lambda t: close(t) and all(h.search(self._index.clauses[t[0]].text) for h in typed))
        framed = self._frame_heads(words, code)
        chapters = {n for _, n in self._chapter_heads}
        if framed and head[0][0] not in chapters:
            # 搞这个试点到底图什么: when a chapter already leads (试点背景, by its 旨在), the text
            # has chosen among the chapters; the frame only lifts a chapter over a task clause.
            # 这次试点最后想达到一个什么样的效果: the frame asks for 工作目标, which the topic words
            # (试点) alone rank below a clause that repeats them; close enough to the best, the
            # chapter the frame names comes first — also when it covers the topic words as fully
            # as the best clause does, however often that one repeats them.
            close, top_coverage = _close_to(head[0]), head[0][2]
            _lift(head, lambda t: t[0] in framed and (t[2] >= top_coverage or close(t)))
        head = self._district_focus_first(head, concepts, asked, asked_unit, code)
        coverage = head[0][2]
        answers = tuple(self._answer(n, _reranked(s, c)) for n, s, c in head[:k])
        top = self._index.clauses[head[0][0]]
        if (
            coverage >= CONFIDENT
            and not self._names_elsewhere(words)
            and not self._unplanned(words, asked)
            and _holds_answer(question, top.text, holds)
            and not self._framed_off_topic(concepts)
        ):
            return AskResult(question, code, True, "clause", answers, coverage=coverage)
        # The chapter a frame lifted is offered when it holds some topic word of the question;
        # with none (为什么今天食堂不开门: only the frame's own words found it) it is chat.
        lifted = head[0][0] in framed and coverage > 0.0
        if coverage >= WEAK or self._shares_topic(concepts, head[0][0]) or lifted:
            # Suggest only what is close to the best: a clause that shares one common word is noise.
            floor = answers[0].score * SUGGESTION_MIN_SHARE
            suggestions = tuple(a for a in answers if a.score >= floor)
            return AskResult(question, code, False, "weak", suggestions=suggestions, coverage=coverage)
        if coverage == 0.0 and all(
            len(c.word) == 1 or self._index.general_weight.get(c.word, 1.0) <= VERB_WEIGHT for c in concepts
        ):
            # 上面有啥说法, 搞成: what is left is everyday wording (common verbs, single characters),
            # no topic of its own (减肥 would be one)
            return self._framed(question, words, code)
        return AskResult(question, code, False, "out_of_scope", coverage=coverage)

    def _answer_frames(
        self, frames: list[_AnswerFrame], text: str, concepts: list[_Concept]
    ) -> tuple[list[_Concept], list[str]]:
        """The question's concepts with each frame's words replaced by the frame's own concept,
        spelled in the plans' wording (see ``_AnswerFrame``), and that wording for ranking."""
        extra: list[str] = []
        for frame in frames:
            spans = [m.span() for m in frame.asks.finditer(text) if m.end() > m.start()]
            inside = [c for c in concepts if self._in_frame(c, frame, text, spans)]
            forms = frozenset(self._indexed(a) for a in frame.answers)
            weight = max(sum(c.weight for c in inside), FRAME_MIN_WEIGHT)
            concepts = [c for c in concepts if c not in inside]
            concepts.append(_Concept(FRAME_CONCEPT, forms, (), (), weight))
            extra.extend(sorted(forms))
        return concepts, extra

    def _framed_off_topic(self, concepts: list[_Concept]) -> bool:
        """An answer frame says what kind of answer is wanted, not what about: when the heaviest
        word left besides it is one no plan holds (停车遇到困难找谁, 股票干得好能捞到什么), the frame
        alone must not make the question answered."""
        if all(c.word != FRAME_CONCEPT for c in concepts):
            return False
        # Topic words only: not a common verb (碰到) nor a single character (这些活哪家出人).
        rest = [
            c
            for c in concepts
            if c.word != FRAME_CONCEPT
            and len(c.word) > 1
            and self._index.general_weight.get(c.word, 1.0) >= 1.0
        ]
        if not rest:
            return False
        heaviest = max(rest, key=lambda c: c.weight)
        if any(f in self._index.clause_df for f in heaviest.forms):
            return False
        # 分管领导 is one word to jieba but two of the plans' (分管, 领导): a compound of plan words
        # is on topic (可以出任首席数据官吗 is asked of it).
        parts = [p for p in self._seg.parts(heaviest.word) if len(p) > 1]
        covered = sum(len(p) for p in parts if p in self._index.clause_df) >= len(heaviest.word)
        return not (len(heaviest.word) > 3 and covered)

    def _in_frame(self, c: _Concept, frame: _AnswerFrame, text: str, spans: list[tuple[int, int]]) -> bool:
        """Is a concept the frame's wording rather than a topic? One of its keys, or a common verb,
        adjective or function word, where it meets the span; or a word no plan holds (遇到困难,
        解决不了: jieba's phrases) found wholly inside it."""
        if c.word in frame.keys or self._index.general_weight.get(c.word, 1.0) < 1.0:
            return _overlaps(c.word, text, spans, whole=False)
        unknown = not any(f in self._index.clause_df for f in c.forms)
        return unknown and _overlaps(c.word, text, spans, whole=True)

    def _framed(self, question: str, words: list[str], city: str | None) -> AskResult:
        """搞这一套最后是想弄成个啥样子: nothing but a question frame (样子, 弄成, 名堂) and words the
        plans never use — but the frame names a heading of the plan (工作目标), so that clause is
        offered (never asserted: the question names no topic of its own to check it by)."""
        v = self._vocab
        unplanned = self._unplanned(words, normalize(question))
        if self._names_elsewhere(words) or unplanned or _ADDRESSED.intersection(words):
            return AskResult(question, city, False, "out_of_scope")  # 你最后想变成什么样子: chat
        found = dict.fromkeys(
            n
            for w in words
            for t in v.question_words.get(w, ())
            for n in self._titled.get(t, ())
            if city is None or self._index.clauses[n].city == city
        )
        suggestions = tuple(self._answer(n, 0.0) for n in found)
        return AskResult(question, city, False, "weak" if found else "out_of_scope", suggestions=suggestions)

    def _district_focus_first(
        self,
        head: list[tuple[int, float, float]],
        concepts: list[_Concept],
        asked: str,
        district: str | None,
        city: str | None,
    ) -> list[tuple[int, float, float]]:
        """南山这次要重点推什么: when the best clause holds nothing of the question but the district
        named (the scope list 福田区、南山区…), what is asked about that district is its own sentence
        in the plan (南山区重点推广…), whose clause then comes first. Asking whether it is in the
        pilot (南山区在不在试点) keeps the list; a topic another clause holds (南山区首席数据官由谁任免)
        keeps that clause."""
        if district is None or city is None or _asks_membership(asked):
            return head
        sentence = self.focus(city, district)
        if sentence is None:
            return head
        # 我在南山区政府这边，…: the words of the asker's introduction say who asks, not what.
        intro = _SELF_UNIT.search(asked)
        said = intro[0] if intro is not None and intro["unit"].endswith(district) else ""
        rest = [
            c for c in concepts if DISTRICT not in c.forms and district not in c.forms and c.word not in said
        ]
        if rest and self._coverage(rest, head[0][0]) > 0.0:
            return head
        found = [t for t in head if sentence in self._index.clauses[t[0]].text]
        return found + [t for t in head if t not in found] if found else head

    def _frame_heads(self, words: list[str], city: str | None) -> dict[int, None]:
        """The one-clause chapters a question frame names: a question word expands (directly or
        by one synonym) to a word of 2+ characters inside the chapter's heading (为什么 → 背景 →
        试点背景; 什么效果 → 目标 → 工作目标; 照着…来的 → 依据 → 前言)."""
        v = self._vocab
        wanted = {t for w in words for t in v.question_words.get(w, ())}
        wanted |= {s for t in wanted for s in v.synonyms.get(t, ())}
        wanted = {t for t in wanted if len(t) >= 2}
        return dict.fromkeys(
            n
            for title, n in self._chapter_heads
            if (city is None or self._index.clauses[n].city == city) and any(t in title for t in wanted)
        )

    def _phrased(self, words: list[str]) -> list[str]:
        """The words as the word lists know them. A token jieba's HMM made up of a content word and
        a function word glued after it (成个, 图个: 个 is a measure word; not 每级, 每 is a common
        adjective) is those two words — made up, it would weigh as a rare topic of its own; so is
        a longer made-up token with a function word inside (发的文 → 发 / 的 / 文), cut by the
        dictionary alone. A run of up to ``PHRASE_MAX_TOKENS`` tokens that spells
        a listed synonym or question word (干/得/好 → 干得好, 什么/效果 → 什么效果) is that one
        word: the lists name phrases that jieba cuts apart. A district named without its 区 that
        jieba cuts apart (坪/山) is the district (坪山区); one it keeps whole (福田, 横琴) already
        matches the plans' 福田区 by its sub-word."""
        v = self._vocab
        split: list[str] = []
        for w in words:
            if self._function_pair(w):
                split += list(w)  # 是从: 是 / 从
                continue
            if (
                len(w) == 2
                and self._seg.frequency(w) == 0
                and w not in v.synonyms
                and w not in v.question_words
            ):
                head, tail = w[0], w[1]
                weight = self._index.general_weight
                if (
                    self._seg.frequency(head)
                    and weight.get(head, 1.0) > VERB_WEIGHT
                    and weight.get(tail) == 0.0
                ):
                    split += [head, tail]
                    continue
            if len(w) >= 3 and self._seg.frequency(w) == 0 and w not in self._index.clause_df:
                pieces = self._seg.dictionary_words(w)
                if len(pieces) > 1 and any(self._index.general_weight.get(p) == 0.0 for p in pieces):
                    split += pieces  # 发的文 → 发 / 的 / 文: the HMM glued a particle in
                    continue
            split.append(w)
        out: list[str] = []
        i = 0
        while i < len(split):
            for n in range(min(PHRASE_MAX_TOKENS, len(split) - i), 1, -1):
                joined = "".join(split[i : i + n])
                if n > 1 and joined in self._district_short:  # 坪/山: the district without its 区
                    out.append(self._district_short[joined])
                    i += n
                    break
                if joined in v.synonyms or joined in v.question_words:
                    out.append(joined)
                    i += n
                    break
            else:
                out.append(split[i])
                i += 1
        return out

    def _function_pair(self, w: str) -> bool:
        """The copula with a function word glued after it (是从: jieba lists it as a verb; 是在,
        是由 as its HMM may make them up), as a word the plans never write: it says no more than
        its two characters do, yet as a word it would weigh as a topic (试点是从什么时候开始的
        failed on it). Only the copula: with other stopword heads the pair is often a word of
        its own (出自, 有用, 上级)."""
        v = self._vocab
        weight = self._index.general_weight
        return (
            len(w) == 2
            and w[0] == COPULA
            and weight.get(w[1]) == 0.0
            and weight.get(w) != 0.0
            and w not in self._index.clause_df
            and w not in v.synonyms
            and w not in v.question_words
        )

    def _is_filler(self, w: str) -> bool:
        v = self._vocab
        return (
            w in v.stopwords
            or w in v.question_words
            or w in _CITY_WORDS
            or self._index.general_weight.get(w) == 0.0
        )

    def _names_elsewhere(self, words: list[str]) -> bool:
        """上海的首席数据官由谁任免: the plans answer for Shenzhen and Zhuhai only, so a question
        about another city or province is at best a suggestion, however well its other words match."""
        return any(w in self._index.place_names and w not in self._home_places for w in words)

    def _unplanned(self, words: list[str], text: str = "") -> bool:
        """首席信息官的工资: pay, staffing and leave are not what the plans are about, so however
        well the other words match (首席信息官 is in the Shenzhen plan), it is at most a suggestion.
        A compound counts by its parts too (工资标准 → 工资), and a word jieba cut apart counts as
        written in ``text`` (一年年假 → 一年 / 年 / 假), when no plan spells it in any sense."""
        unplanned = self._vocab.unplanned_words
        if any(u in text for u in self._unplanned_spelled) or _CURRENT_HOLDER.search(text):
            return True
        return any(w in unplanned or any(p in unplanned for p in self._seg.parts(w)) for w in words)

    def _introduced(self, question: str) -> tuple[str, list[str]] | None:
        """我是市医保局的…, 我们香洲区…: the unit the asker introduces themselves with, and the words
        of the question without that introduction — or None when the question holds none."""
        asked = normalize(question)
        m = _SELF_UNIT.search(asked)
        if m is None or self._is_actor(m["unit"]):
            return None
        rest = asked[: m.start()] + asked[m.end() :]
        return m["unit"], self._phrased(self._seg.words(self._spelled(rest)))

    def _is_actor(self, unit: str) -> bool:
        """市政数局 (the coordinating bureau) is named by the plans in many clauses, as the body that
        builds the mechanisms: introducing oneself as it makes it the topic. A pilot unit (市医保局,
        南山区) is named only where the pilot units are listed."""
        found = self._actors.get(unit)
        if found is None:  # asked twice per question (the introduction, then the unit as category)
            core = _CITY_PREFIX.sub("", unit).removeprefix("市")
            # The name as written and what the word lists spell it out as (政数局 → 政务服务数据管理局);
            # never its parts: 市场 of 市场监管局 is in many clauses, the bureau in one.
            names = {core, *self._vocab.synonyms.get(core, ())} - {""}
            found = (
                sum(1 for c in self._index.clauses if any(n in c.text for n in names)) >= ACTOR_MIN_CLAUSES
            )
            if len(self._actors) < PLACE_CACHE_SIZE:
                self._actors[unit] = found
        return found

    def _in_city(self, question: str, words: list[str], code: str | None) -> list[str]:
        """The words as topics once the plan's city is chosen: the asker's own unit read as its
        category (:meth:`_own_unit_as_category`), and the city's name inside a compound (深圳市政府,
        珠海市公安局) no topic — the same for the whole question and for it with the plan's name
        cut out."""
        words = self._own_unit_as_category(question, words, code)
        return [_CITY_PREFIX.sub("市", w) if len(_CITY_PREFIX.sub("", w)) >= 2 else w for w in words]

    def _own_unit_as_category(self, question: str, words: list[str], city: str | None = None) -> list[str]:
        """我们是市规划和自然资源局，本局首席数据官由谁任免: a department the asker says they belong
        to is the asker, not the topic. Its name would match the plan's list of pilot departments;
        what the question is about is the rules for *a department* (试点部门), so the name stands
        in as 部门 — and a district's (我们香洲区…) as 区, unless the plan gives that district a
        sentence of its own (福田区重点依托…), which is then what it asks about."""
        asked = normalize(question)
        if _asks_membership(asked):
            return words  # 我是香洲区政数局的，我们区是不是第一批试点: the unit is what is asked about
        for m in _SELF_UNIT.finditer(asked):
            unit = m["unit"]
            if unit.endswith("区") and (city is None or self.focus(city, unit) is not None):
                continue
            if self._is_actor(unit):
                continue  # 我是市政数局的，我们局要牵头做什么: the bureau's own tasks are asked for
            unit_words = self._seg.words(unit)
            if any(w in self._vocab.interrogatives or w in self._vocab.question_words for w in unit_words):
                continue  # 我们要在哪些方面给试点区…: a question, not a unit's name
            category = "区" if unit.endswith("区") else UNIT_CATEGORY
            words = [
                category if w in unit and len(w) > 1 and w not in self._vocab.subject_words else w
                for w in words
            ]
        return words

    def _shares_topic(self, concepts: list[_Concept], clause_number: int) -> bool:
        """Did-you-mean rather than nothing: the best clause holds one of the question's own topic
        words, a word the plans use in few clauses (管运分离, 一票否决权, 试点), not one of those on
        every page (首席数据官, 数据, 工作)."""
        present = self._index.clause_tokens[clause_number]
        limit = len(self._index.clauses) * TOPIC_MAX_CLAUSE_SHARE
        for c in concepts:
            for form in c.forms:
                if form in present and 0 < self._index.clause_df.get(form, 0) <= limit and len(form) > 1:
                    return True
        return False

    def _is_task(self, words: list[str]) -> bool:
        """帮我写一首诗, 写一份方案: the first content word is a task verb, a request to do something
        — unless the sentence also asks something (写总结需要准备什么材料, 订票的流程是什么)."""
        v = self._vocab
        first = next((w for w in words if not self._is_filler(w)), None)
        if first is None or first not in v.task_words:
            return False
        return not any(w in v.interrogatives or w in v.question_words for w in words)

    def _spelled(self, question: str) -> str:
        """职则, 值责 → 职责: a homophone typo of a duty word (pinyin, :mod:`bot.core.intake.typos`),
        where the misspelt form is no word of jieba's dictionary (指责 stays 指责); then 陪训 → 培训,
        保告 → 报告, 认免 → 任免: a homophone typo of any topic word of the plans, where moreover the
        typed characters are no word jieba knows in the question as segmented (its HMM made them
        up), so a real word that sounds like a plan word (事实, 实事) is never touched."""
        if question in self._spellings:
            return self._spellings[question]
        if len(self._spellings) >= PLACE_CACHE_SIZE:
            self._spellings.clear()
        text = self._respelled(question, self._duty_spellings)
        text = self._respelled(text, self._plan_spellings, unknown_only=True)
        # 一条条列给我: jieba cuts the doubled measure word as 一条 / 条例 (a plan topic); it means
        # one by one, 逐条 — set apart by a space, else 逐 / 条例 again.
        text = _REDUPLICATED.sub(r"逐\1 ", text)
        text = self._look_alike_respelled(text)
        self._spellings[question] = text
        return text

    def _look_alike_respelled(self, text: str) -> str:
        """条列出来 → 条例出来: see ``_LOOK_ALIKE``; before a list request is looked for, which 列
        alone would be."""
        if "列" not in text:
            return text
        df = self._index.clause_df
        for w in dict.fromkeys(self._seg.words(text)):
            fixed = w.translate(_LOOK_ALIKE)
            if fixed != w and w not in df and fixed in df:
                text = text.replace(w, fixed)
        return text

    def _respelled(self, question: str, spellings: tuple[str, ...], unknown_only: bool = False) -> str:
        spans: list[tuple[int, int]] = []
        fixed = self._speller(spellings).correct(question, spans)
        if fixed == question:
            return question
        tokens = self._tk_words(question)
        starts = {sum(map(len, tokens[:n])) for n in range(len(tokens))}
        fillers = set()  # 是个啥: 个 is a measure word of its own, no typo of 干 (it reads gàn too)
        made_up: set[int] = set()  # characters of tokens jieba's HMM made up (市审 / 记局)
        for n, token in enumerate(tokens):
            at = sum(map(len, tokens[:n]))
            if len(token) == 1 and self._is_filler(normalize(token)):
                fillers.add(at)
            if len(token) > 1 and self._seg.frequency(normalize(token)) == 0:
                made_up.update(range(at, at + len(token)))
        # A run of single-character tokens that together are no word jieba knows (备 / 按 for 备案:
        # its dictionary split the typo into characters rather than making a word up). Such a run
        # may respell a filler character (按) when the characters it keeps are none (备).
        loose: set[int] = set()
        if unknown_only:
            for start, end in spans:
                inside = [n for n in range(len(tokens)) if start <= sum(map(len, tokens[:n])) < end]
                kept = [question[i] for i in range(start, end) if question[i] == fixed[i]]
                if (
                    end - start > 1
                    and all(len(tokens[n]) == 1 for n in inside)
                    and len(inside) == end - start
                    and self._seg.frequency(normalize(question[start:end])) == 0
                    and kept
                    and not any(self._is_filler(normalize(ch)) for ch in kept)
                ):
                    loose.update(range(start, end))
        out = list(question)
        for start, end in spans:
            # A word begins where a token does: 弄成个什么样子 holds no 干什么 (个 reads gàn too),
            # since 个 ends the token 成个 — unless the HMM made up every token around it, which
            # then marks no word boundary at all (市审记局: 市审 / 记局 holds 审计局).
            inside_made_up = all(i in made_up for i in range(start, end))
            if (start in starts or inside_made_up) and (
                start in loose or not any(i in fillers and question[i] != fixed[i] for i in range(start, end))
            ):
                out[start:end] = fixed[start:end]
        # Keep a replacement only where the original pair of characters is not itself a word.
        for i in range(len(question) - 1):
            pair = question[i : i + 2]
            if fixed[i : i + 2] != pair and self._seg.frequency(pair) >= GLUED_WORD_FREQ:
                out[i : i + 2] = pair
        if unknown_only:
            # Only inside a run of characters jieba's dictionary does not know (its HMM made the
            # token up: 陪训, 保告, 认免), never a single character (副区长: 副 → 市 would make 市区)
            # nor characters that already spell a word of the plans (聘任制 is no typo of 任职).
            spelled = set()
            for word in spellings:
                for m in re.finditer(re.escape(word), question):
                    spelled.update(range(m.start(), m.end()))
            start = 0
            for token in tokens:  # the same tokens as above
                end = start + len(token)
                freq = self._seg.frequency(normalize(token))
                made_up = len(token) > 1 and (freq == 0 or (len(token) == 2 and freq < RARE_WORD_FREQ))
                made_up = made_up or (len(token) == 1 and start in loose)
                if not made_up:
                    out[start:end] = question[start:end]
                start = end
            for i in spelled:
                out[i] = question[i]
        return "".join(out)

    def _speller(self, spellings: tuple[str, ...]):  # -> bot.core.intake.typos.Speller
        found = self._spellers.get(spellings)
        if found is None:
            from bot.core.intake.typos import Speller

            self._spellers[spellings] = found = Speller(spellings)
        return found

    def _tk_words(self, text: str) -> list[str]:
        """The question's jieba tokens, in its own (unnormalised) characters, with a particle the
        HMM glued on split off (能列 → 能 / 列, 中要 → 中 / 要: see ``Segmenter.words``)."""
        out, start = [], 0
        for token in self._seg.raw_words(text):
            pieces = self._seg.unglued(token)
            for piece in pieces if sum(map(len, pieces)) == len(token) else [token]:
                out.append(text[start : start + len(piece)])
                start += len(piece)
        return out

    def _asking_clause(self, question: str) -> list[str]:
        """我们要写半年总结，说要参照职责范围梳理，那职责一共是哪几条: the clause that asks is the
        question and the clauses before it only set the scene — when it names a post's duties
        itself (职责, 任务: built on 职/责/任), or when the scene holds no topic of the plans
        (刚接手…还摸不着头脑，该做哪些). 有单位违规操作、可能造成大损失，我能出手管吗 asks about
        the loss, not for the list."""
        clauses = [c for c in _QUESTION_CLAUSE.split(self._spelled(question)) if c.strip()]
        v = self._vocab
        for n in range(len(clauses) - 1, 0, -1):
            words = self._seg.words(clauses[n])
            # …要负责的任务逐件给我列出来: a request to enumerate asks as an interrogative does.
            if not any(w in v.interrogatives or w in v.question_words for w in words) and not (
                LIST_CUE.search(clauses[n])
            ):
                continue
            if any(any(ch in w for ch in DUTY_POST_CHARS) for w in words if w in v.duty_words):
                return words
            scene = [w for c in clauses[:n] for w in self._seg.words(c)]
            if not any(self._is_plan_topic(w) for w in scene):
                return words
            return []
        return []

    def _is_plan_topic(self, w: str) -> bool:
        """A word of the plans, or one the synonym lists spell as such (发现有人违规: 违规 → 违反)."""
        v = self._vocab
        if w in v.duty_words or w in v.subject_words or self._is_filler(w):
            return False
        if self._index.general_weight.get(w, 1.0) <= VERB_WEIGHT:
            return False
        return any(self._index.clause_df.get(p, 0) > 0 for p in [w, *self._topic_spellings(w)])

    def _clause_starts(self, question: str, words: list[str]) -> frozenset[int]:
        """Where in ``words`` (the question's words) each clause of the question begins, when
        the clauses segmented one by one give the same words; else none (one clause)."""
        clauses = [c for c in _QUESTION_CLAUSE.split(self._spelled(question)) if c.strip()]
        if len(clauses) < 2:
            return frozenset()
        starts, at, joined = set(), 0, []
        for c in clauses:
            starts.add(at)
            cw = self._phrased(self._seg.words(c))
            joined.extend(cw)
            at += len(cw)
        return frozenset(starts) if joined == words else frozenset()

    def _is_duty_list(self, words: list[str], starts: frozenset[int] = frozenset()) -> bool:
        """Only subject, duty, filler words and unit names — with at least one duty word, and no
        word asking who or addressing the bot (首席数据官对谁负责 asks for a body, not for the list).

        A word jieba glued together (主要职责) counts when its dictionary parts cover all of its
        characters with such words.
        """
        v = self._vocab
        if any(w in v.not_duty_words for w in words):
            return False

        def kinds(w: str) -> set[str] | None:
            if w in v.duty_words:
                return {"duty"}
            if w in v.subject_words or w in v.framing_words or w in self._districts or self._is_filler(w):
                return {"other"}
            covered: set[int] = set()
            found: set[str] = set()
            for part in self._seg.parts(w):
                part_kind = kinds(part) if len(part) < len(w) else None
                if part_kind:
                    start = w.find(part)
                    covered.update(range(start, start + len(part)))
                    found |= part_kind
            return found if found and len(covered) == len(w) else None

        found: set[str] = set()
        unknown: list[str] = []
        clause_start = 0
        for i, w in enumerate(words):
            if i in starts:
                clause_start = i
            if w in v.subject_words and i > 0 and words[i - 1] in self._count_words:
                return False  # 一个单位设几个首席数据官: the posts are counted, not their duties
            if w in v.duty_words:  # 做, 干 are also stopwords: in a duty question they are the point
                found.add("duty")
                continue
            if self._is_filler(w):
                continue
            if len(w) == 1 and i > 0 and words[i - 1].endswith("几"):
                continue  # 哪几摊事, 几样活: the measure word after 几 counts, it names nothing
            if _asked_of_the_bot(words, i) or any(x in v.task_words for x in words[clause_start:i]):
                # 帮我梳理一下…职责, 请汇总…: what the bot is to do with the list frames it, and so
                # does what the asker will do with it (…清单，要写进述职材料) — within its own
                # clause: 要给党组写一份材料，…方案说要达到什么目标 asks the clause after it.
                continue
            k = kinds(w)
            if k is None:
                unknown.append(w)
                continue
            found |= k
        if "duty" not in found:
            return False
        if LIST_CUE.search("".join(words)):
            # An enumeration asked for (几条, 列一下, 哪些) of duties: a word on most pages of the
            # plans (试点 in 深圳试点里) names where, not which part.
            common = len(self._index.clauses) * UBIQUITOUS_SHARE
            unknown = [w for w in unknown if self._index.clause_df.get(w, 0) < common]
        # Words that are no topic — common verbs and adjectives (列, 定, 完整, 说), function words — are
        # the asker's own framing (列一下, 定了几项, 完整的, 能说说吗), and so are words no plan clause
        # holds (梳理, 述职材料, 涵盖, 岗位, job description) unless they name a post (首席隐私官) or are
        # a single character (开展这些工作的钱从哪里来 asks about 钱):
        # they cannot be what the plan is asked about. Any other word is a topic.
        return all(self._is_framing(w) for w in unknown)

    def _is_framing(self, w: str) -> bool:
        if self._index.general_weight.get(w, 1.0) <= VERB_WEIGHT:
            return True
        if len(w) < 2 or w.endswith(tuple(POST_CHARS)):  # 钱, 人: too short to tell framing from topic
            return False
        # 有没有甜头: a chat word the synonym lists spell as the plans' terms (甜头 → 激励, 加分)
        # names that topic, though the plans never write it — unless what it is spelled as is a
        # place or a unit (区里 → 区, 各区; 本单位 → 部门): where the duties are, not a topic.
        # …and so does a compound jieba knows whole whose part they spell so (违规操作: 违规 → 违反).
        parts = self._seg.parts(w)
        spelled = self._topic_spellings(w) + [s for part in parts for s in self._topic_spellings(part)]
        return all(self._index.clause_df.get(p, 0) == 0 for p in [w, *parts, *spelled])

    def _topic_spellings(self, w: str) -> list[str]:
        """What the synonym lists spell ``w`` as (违规 → 违反, 甜头 → 激励), leaving out places and
        units (区里 → 区, 各区; 本单位 → 部门): those say where, not what about."""
        return [
            p
            for p in self._vocab.synonyms.get(w, ())
            if not p.startswith("<") and not p.endswith("区") and p not in self._vocab.subject_words
        ]

    def _duty_list(
        self, question: str, city: str | None, unit: str | None, lead_with_focus: bool = False
    ) -> AskResult:
        """All duty items; a district named in the question (南山区的职责) asks above all for its
        own focus, so the item holding it comes first."""
        cities = [city] if city else list(CITIES)
        answers = [
            Answer(d.text, self.clause(d.clause_id).source, d.section, 1.0, d.clause_id, d.title)
            for c in cities
            for d in self.duties(c)
        ]
        focus = next((f for c in cities if (f := self.focus(c, unit))), None)
        if focus and lead_with_focus:
            answers.sort(key=lambda a: focus not in a.text)
        return AskResult(question, city, True, "duties", tuple(answers), unit=unit, focus=focus, coverage=1.0)

    def _outline(self, question: str, city: str | None) -> AskResult | None:
        """主要任务分哪几块, 工作要求有哪几条, 试点范围: a question that names a chapter or section
        of the plan and asks what is in it — nothing else — gets its outline (``outline``), since
        no clause answers it. Any word left besides the heading and the list cue must be framing
        (方案最后那部分, 帮我列一下): 主要任务里人才方面有什么要求 asks about 人才, a clause's job."""
        found = self._outlines.find(self._spelled(question), city)
        if found is None:
            return None
        heading, key = found
        spelled = self._spelled(question)
        if not asks_for_list(spelled, key):
            return None
        # 试点方案的主要任务, 咱们珠海这个试点方案主要任务: the plan named is where the heading is.
        rest = _ANY_PLAN.sub(" ", residue(spelled, key))
        if _OWNER.search(rest):
            return None  # 首席数据官的主要任务, 我的工作要求: a post's duties, the duty list's job
        if not self._points_only(rest):
            return None
        answers = []
        for p in heading.parts:
            c = self.clause(p.clause_id)
            answers.append(Answer(p.text, c.source, f"{c.document} {p.position}", 1.0, p.clause_id, p.title))
        return AskResult(
            question, heading.city, True, "outline", tuple(answers), heading=heading.name, coverage=1.0
        )

    def _points_only(self, text: str) -> bool:
        """Is ``text`` (a question less its heading) only words that point at a part of the plan
        (方案最后那部分, 帮我列一下) — no topic of its own?"""
        v = self._vocab
        return all(
            self._is_filler(w)
            or w in v.framing_words
            or w in v.outline_framing
            or w in v.interrogatives
            or self._is_framing(w)
            for w in self._seg.words(text)
        )

    def _concepts(self, words: list[str]) -> tuple[list[_Concept], list[str]]:
        v = self._vocab
        index = self._index
        concepts: list[_Concept] = []
        extra: list[str] = []
        asks_when = any(TIME in v.question_words.get(w, ()) for w in words)
        seen: set[str] = set()
        for w in words:
            if w in v.stopwords or w in _CITY_WORDS:
                continue
            if len(w) == 1 and w in seen and w not in index.clause_df:
                # 懂数据的人太少…把人招进来: a single character no plan uses, said twice (人, 事), is
                # a general noun standing in for one thing, not twice the topic (a repeated 任命,
                # or 区 for 南山区 and 南山, may be).
                continue
            seen.add(w)
            if asks_when and w in v.start_words:
                continue  # 试点什么时候启动: the start is the date asked, no topic of its own
            if w in v.question_words:
                extra.extend(self._indexed(t) for t in v.question_words[w])
                continue
            forms = frozenset({w, *v.synonyms.get(w, ())})
            moved = _VERB_COMPLEMENT.fullmatch(w)
            if moved and moved["verb"] in v.synonyms and not any(f in index.clause_df for f in forms):
                # 招进(来), 挖过来: a one-character verb with where it moves the thing, which jieba
                # glues; the verb is the word (招 → 引进), the complement adds no topic.
                forms = forms | {moved["verb"], *v.synonyms[moved["verb"]]}
            if len(w) >= 2 and w not in index.clause_df and not any(f in index.clause_df for f in forms):
                forms = forms | self._completions(w)  # 三个一网: 一网 is 一网通办 / 一网统管 / 一网协同
            parts = tuple(p for p in self._seg.parts(w) if p not in v.stopwords)
            part_forms = tuple(frozenset({p, *v.synonyms.get(p, ())}) for p in parts)
            kin = self._kin(w, forms)
            if kin:
                # 比赛 ~ 大赛: the head character, with the plans' words it ends, as a part — it
                # covers half of the word, so a quarter of its weight (see ``_coverage``).
                parts, part_forms = (*parts, w[-1]), (*part_forms, kin)
                extra.extend(kin)
            # A concept weighs as its commonest spelling in the plans (CDO is rare there, 首席数据官
            # is everywhere: the concept is as specific as 首席数据官). A word the plans never use
            # weighs most, unless it is a common function word, verb or single character.
            known = [index.idf(f) for f in forms if f in index.clause_df]
            topic = index.general_weight.get(w, 1.0)
            if w in v.synonyms:  # listed in our synonyms: we declared it meaningful here
                topic = max(topic, 0.5)
            weight = (min(known) if known else index.idf("") * self._commonness(w)) * topic
            if len(w) == 1 and not known:
                weight *= SINGLE_CHARACTER_WEIGHT
            if weight > 0:
                concepts.append(_Concept(w, forms, parts, part_forms, weight))
        return concepts, extra

    def _kin(self, word: str, forms: frozenset[str]) -> frozenset[str]:
        """The plans' words of the same kind as ``word``, a word of everyday Chinese they never
        use in any listed sense (比赛 for their 大赛): same thesaurus class and same head, the
        last character, on which Chinese builds a kind of thing (``tools/derive_kin.py``)."""
        if any(f in self._index.clause_df for f in forms):
            return frozenset()
        return frozenset(t for t in self._vocab.kin.get(word, ()) if t in self._index.clause_df)

    def _completions(self, word: str) -> frozenset[str]:
        """The plans' words that ``word`` begins, when it is no word of theirs itself: a CDO names a
        family of terms by its shared head (一网 for 一网通办, 一网统管, 一网协同). At most
        ``COMPLETIONS_MAX`` of them, else the head is too general to stand for any."""
        found = self._completed.get(word)
        if found is None:
            hits = [
                t for t in self._index.clause_df if len(t) > len(word) and t.startswith(word) and "+" not in t
            ]
            found = frozenset(hits) if len(hits) <= COMPLETIONS_MAX else frozenset()
            if len(self._completed) < PLACE_CACHE_SIZE:
                self._completed[word] = found
        return found

    def _indexed(self, word: str) -> str:
        """A word of the lists as the index holds it. 工作目标 is no token of the plans: jieba cuts
        it into 工作 / 目标, and the heading 工作目标 is indexed as the phrase 工作+目标 (see
        ``index.bigrams``), so a synonym or answer word 工作目标 is that phrase."""
        if word in self._index.vocab:
            return word
        found = self._as_phrase.get(word)
        if found is None:
            phrase = "+".join(self._seg.words(word))
            found = phrase if phrase in self._index.vocab else word
            self._as_phrase[word] = found
        return found

    def _commonness(self, word: str) -> float:
        """The share of the top weight a word the plans never use keeps, by how common it is in
        general Chinese (jieba's dictionary frequency). 级别 or 关系 in 什么级别的领导 / 跟我有关系吗
        is everyday wording around a question the plans answer; a rare word (彩票, 打印机) is
        more likely the topic itself. One decade of frequency above ``COMMON_FROM`` costs
        ``COMMONNESS_SLOPE``, down to ``COMMONNESS_MIN``."""
        freq = self._seg.frequency(word)
        if freq <= COMMON_FROM:
            return 1.0
        return max(COMMONNESS_MIN, 1.0 - COMMONNESS_SLOPE * math.log10(freq / COMMON_FROM))

    def _rank(
        self, concepts: list[_Concept], extra: list[str], city: str | None, about_plan: bool = False
    ) -> list[tuple[int, float]]:
        # 这个方案是根据哪些文件制定的: a question about the plan itself is answered by its cover
        # notice or preamble as readily as by any clause.
        tokens: list[str] = []
        for c in concepts:
            tokens.extend(c.forms)
            tokens.extend(c.parts)
        tokens.extend(extra)
        scores = self._index.sentence_scores(tokens)
        if scores is None:
            return []
        best: dict[int, list[float]] = {}
        for sentence, score in enumerate(scores):
            if score <= 0:
                continue
            n = self._index.sentence_clause[sentence]
            if city and self._index.clauses[n].city != city:
                continue
            best.setdefault(n, []).append(score)
        ranked = []
        for n, values in best.items():
            values.sort(reverse=True)
            second = values[1] if len(values) > 1 else 0.0
            score = values[0] + SECOND_SENTENCE_SHARE * second
            if self._index.clauses[n].chapter in META_CHAPTERS and not about_plan:
                score *= META_CLAUSE_WEIGHT
            ranked.append((n, score))
        ranked.sort(key=lambda pair: (-pair[1], pair[0]))
        return ranked

    def _coverage(self, concepts: list[_Concept], clause_number: int) -> float:
        present = self._index.clause_tokens[clause_number]
        total = covered = 0.0
        for c in concepts:
            total += c.weight
            if c.forms & present or (DISTRICT in c.forms and DISTRICT in present):
                covered += c.weight
                continue
            chars = set()
            for part, forms in zip(c.parts, c.part_forms, strict=True):
                if forms & present:
                    start = c.word.find(part)
                    chars.update(range(start, start + len(part)))
            if chars:
                # 违规操作, 违规行为: a head that is an everyday verb or noun (操作, 行为: a light
                # word, see ``VERB_WEIGHT``) names no kind of its own; the modifier is the topic.
                for part in c.parts:
                    if len(part) > 1 and self._index.general_weight.get(part, 1.0) <= VERB_WEIGHT:
                        start = c.word.find(part)
                        chars.update(range(start, start + len(part)))
            credit = (len(chars) / len(c.word)) ** 2
            if len(c.word) - 1 not in chars:
                # The head of a Chinese compound is its end (数据线 is a 线, 执行官 an 官): a part
                # that misses it only shares a modifier with the plans.
                credit *= MODIFIER_ONLY_CREDIT
            covered += c.weight * credit
        return covered / total if total else 0.0

    def _answer(self, clause_number: int, score: float) -> Answer:
        c = self._index.clauses[clause_number]
        return Answer(c.text, c.source, c.label, score, c.clause_id, c.title)


_PAST_ROUND = r"(?:去年|前年|往年|历年|上一年|上届|上一届|往届|上一?[轮次回])"
"""A past round of something (去年, 上一轮, 上次): what happened in it is a result, no rule."""
_AWARDED = r"(?:(?:拿|评上|得)[了过]|被评)"
"""A grade won, done (拿了, 评上了, 得过, 被评为): not 能评上, which asks about the rule."""

_ASKS_FOR = {
    # …什么时候截止 / 截止日期: a deadline asked is a day, which the clause must hold.
    "date": re.compile(
        r"几号|哪天|哪一天|几月几[号日]|具体日期|哪个日子|几点|(?:什么时候|何时|几时)截止|截止(?:到)?(?:什么时候|何时|日期|时间)"
    ),
    # 评分细则, 分值, 权重: the points behind a score, which the plans never give.
    # …and money: 多少万, 几百万, a fund asked how much (多少经费, 拨了多少首席数据官试点经费: the fund
    # may come a few words after 多少; 费用…多少), a tariff (收费标准,
    # 怎么收费). 经费从哪来 asks for a source, which the plans give (财政).
    "amount": re.compile(
        r"几分|多少分|多少钱|多少元|金额|分值|评分(?:细则|标准)|打分(?:细则|标准)"
        r"|(?:多少|几[十百千]?)万|多少[^,，。?？]{0,10}?(?:资金|经费|预算)"
        r"|(?:费|费用|资金|经费|预算)[^,，。?？]{0,6}(?:多少|几)|收费标准|怎么收(?:费|钱|取)?(?=[,，。?？!！呢啊]|$)"
    ),
    # 第几条: a law's article number; the plans cite laws by name only.
    "article": re.compile(r"第几[条款章]"),
    # 什么情况下会被免职: the circumstances of a removal or a sanction, which the plans do not state
    # (they say who appoints and removes, 任免, never when).
    "condition": re.compile(r"什么(?:情况|情形)|免职的?条件"),
    # 王局长是不是…, 李某某: a person named; …是谁 / 谁是…: the person holding a post (the plans
    # name posts and bodies, never people, nor any 局长/主任/书记: 由谁任免 asks for a body and
    # stays answerable). 哪家机构的老师, 讲师是谁: the teacher of a training, a person again.
    "name": re.compile(
        r"(?:哪家|哪个|哪所|什么)[^,，。?？]{0,6}的(?:老师|讲师)|(?:老师|讲师)[^,，。?？]{0,4}(?:是谁|是哪|来自哪)|"
        r"哪位|名字|姓名|叫什么|(?:官|cdo|领导|负责人|长|主任|书记|主席)是谁[啊呀呢吗?？。!！\s]*$|谁是[^,，。?？]*(?:官|cdo|长|主任)|某某|(?:^|[^\u4e00-\u9fff])[\u4e00-\u9fff](?:局长|处长|科长|主任|部长|书记)"
    ),
    # …not 意义在哪: "where is the point" asks what the point is
    "place": re.compile(r"地址|(?<!意义)在哪(?!些|方面)|会议室|什么地方"),
    # 优秀的比例, 多少字, 开多长时间: a share, a length, a duration — none of which the plans give.
    "ratio": re.compile(r"比例"),
    "length": re.compile(r"多少字"),
    # …but 多长时间开一次 asks how often
    "duration": re.compile(r"多长时间(?![^,，。?？]*一[次回])|(?:开|讲)多久"),
    # 哪个区得分最高, 排名, 第几名: a ranking of results, which a plan written before them never holds
    # — a place in it as a class: 排第一 / 排到第几, 名次, 名列 / 位列前茅, 第一名 / 前三名, 倒数第二.
    "ranking": re.compile(
        r"(?:哪|谁)[^,，。?？]{0,12}最(?:高|低|好|差)|排名|第几名"
        r"|排[在到]?第[一二三几](?!批)|名次|[名位]列(?:第|前)|(?:第[一二三]|前[二三四五六七八九十几])名|倒数第"
    ),
    # 不合格会怎么处理, 有什么后果, 会扣分吗: a consequence of failing, which the plans do not state
    # (发现违规怎么处理 asks what the CDO does, and stays answerable).
    "consequence": re.compile(
        r"(?:不合格|不达标|没完成)[^,，。?？]{0,8}(?:怎么处理|会怎样|怎么办)|后果|扣[^,，。?？]{0,3}分"
    ),
    # 团队配几个人, 多少人, 几名: a head count, which the clause must state (一名首席数据官).
    "headcount": re.compile(r"几个人|多少人|几名"),
    # 怎么申请, 报名流程: how to apply for or register something; the plans set duties, not forms.
    # …and the steps of one (具体流程, 走几道审批): the plans name who decides, never the steps.
    "procedure": re.compile(
        r"(?:怎么|如何)(?:申请|报名|办理)|(?:申请|报名)的?(?:流程|步骤)|具体的?(?:流程|步骤)|几道(?:审批|手续)"
    ),
    # 评价结果什么时候公布: when a result is published, which the plans never say.
    # …or whether it is out yet (评价结果出来了吗).
    "publication": re.compile(r"(?:结果|名单)[^,，。?？]{0,8}(?:公布|公示|出来)"),
    # 用过几次, 办了几届: the history of what was done, which a plan does not record.
    "history": re.compile(r"[\u4e00-\u9fff]过几[次回届]|几届"),
    # 实际开了几次, 到现在已经开了多少次, 去年评优秀的是哪几个区, 评上优秀的单位有哪些: what was
    # actually done or achieved after the plan was written, which a plan holds no record of — in
    # the clause that asks (我们区去年评价不错，有哪些激励 asks about the rule). 结合实际 is no 实际.
    # A past round (上一轮, 上次, 上回: a class of past-time words) and which unit won a grade
    # (哪个区拿了优秀, 谁评上了优秀, 获得过优秀: an award verb done, 了/过/被评): results again.
    "outcome": re.compile(
        r"(?:(?<!结合)(?<!根据)(?<!从)实际(?![的情需出业])|到现在|到目前|目前为止|截至目前|迄今|至今|累计)"
        r"[^,，。?？]{0,12}?[了过][^,，。?？]{0,12}(?:几|多少|哪些|哪几|什么)"
        r"|已经[^,，。?？]{0,10}?[了过][^,，。?？]{0,10}(?:几|多少)"
        rf"|{_PAST_ROUND}[^,，。?？]{{0,16}}(?:几|多少|哪些|哪几|哪个|谁)"
        rf"|(?:哪|谁)[^,，。?？]{{0,12}}{_AWARDED}[^,，。?？]{{0,3}}优秀"
        r"|优秀的(?:单位|区|部门|首席数据官|是|有)*(?:哪些|哪几|哪个|哪家|几个|多少|谁)[区个家位单部门]*[呢啊呀吗]?(?=[,，。?？!！]|$)"
    ),
    # 报名时间, 什么时候报名: the day to register, a date the clause must hold.
    "registration": re.compile(r"报名的?时间|(?:什么时候|何时)[^,，。?？]{0,4}报名"),
    # 报名网址, 官网链接, 联系电话, 邮箱是多少: a way to reach or visit something, which the plans
    # (duties and rules, no contact sheet) never print.
    "contact": re.compile(r"网址|网站|官网|链接|邮箱|电话|联系方式|二维码"),
    # 试点选了哪几个区, 哪些区: the districts themselves, which the clause must list.
    "districts": re.compile(r"哪(?:几个?|些)区|几个区"),
    # 一任干几年, 首席数据官要干多久, 当CDO能当几年: the length of a term of office, which the plans
    # never set. The post, a term word (一任, 一届, 任期) or 当 + the post must be there: 这个试点要
    # 干多久 and 数据普查要做多久 ask how long a piece of work runs, not a term.
    "term": re.compile(
        r"(?:一[任届]|任期)[^,，。?？]{0,4}?(?:(?:几|多少)年|多久)"
        r"|(?:数据官|cdo)[^,，。?？]{0,6}?(?:当|干|做)[^,，。?？]{0,2}?(?:(?:几|多少)年|多久)"
        r"|当(?:这个)?(?:首席)?(?:数据官|cdo)[^,，。?？]{0,3}?(?:(?:几|多少)年|多久)"
    ),
}
_HOLDS = {
    "date": re.compile(r"\d{4}年|\d{1,2}月\d{1,2}日|\d{1,2}月底"),
    "amount": re.compile(r"\d+(?:\.\d+)?\s*(?:分|元|万元|%)"),
    "article": re.compile(r"第[一二三四五六七八九十百0-9]+[条款章]"),
    "condition": re.compile(r"情形|情况下|如果|若(?!干)|一旦"),
    "name": re.compile(r"同志|先生|女士"),
    "place": re.compile(r"地址|号楼|会议室|大厦|[路街]\d+号"),
    "ratio": re.compile(r"\d+(?:\.\d+)?\s*%|百分之"),
    "length": re.compile(r"\d+\s*字"),
    "duration": re.compile(r"\d+\s*个?(?:小时|分钟|天)|半天"),
    "ranking": re.compile(r"排名|名次"),
    "consequence": re.compile(r"扣分|追究|予以"),
    "headcount": re.compile(r"[一两二三四五六七八九十百\d]+\s*(?:名|位|个?人)(?!员|才)"),
    "procedure": re.compile(r"流程|步骤|提出申请"),
    "publication": re.compile(r"公布|公示"),
    "history": re.compile(r"累计|历届"),
    "registration": re.compile(r"\d{4}年|\d{1,2}月\d{1,2}日|\d{1,2}月底"),
    "outcome": re.compile(r"累计|已(?:经)?(?:完成|开展|召开|组织|举办)"),
    "contact": re.compile(r"https?://|www\.|[\w.]+@[\w.]+|\d{3,4}-?\d{7,8}|1\d{10}"),
    "districts": re.compile(r"[\u4e00-\u9fff]{2}区、[\u4e00-\u9fff]{2,3}区"),  # the engine's: any named
    "term": re.compile(r"任期"),
}
RANKING_TYPES = ("districts",)
"""Answer types that also order the best clauses: a clause listing districts (福田区、南山区…)
answers 选了哪几个区 before the background that names the selection (选取…) but no district."""
"""What a question asks for when it wants a fact of a kind — a day, an amount, a person's name, a
place — and what a clause must hold to answer it: 下一次交流会定在几号 is on topic for the clause
saying 每半年组织一次, but that clause holds no day, so it is offered, not asserted."""


# 首席隐私官有哪些职责, 数据专员的岗位职责: the duties of a post other than the CDO's.
_OTHER_POST = re.compile(r"首席(?!数据官)[\u4e00-\u9fff]{2,3}官|[\u4e00-\u9fff]{2}专员")
# …and how such a post is filled (数据专员怎么选拔, 首席隐私官由谁任命).
_DUTY_ASKED = re.compile(r"职责|职能|负责|干什么|做什么|干啥|做啥|任务|工作内容|选拔")
_DUTY_HELD = r"[^。；;]{0,8}?(?:负责|职责|承担|履行|主要|牵头|统筹|选拔)"


def _holds_answer(question: str, clause_text: str, holds: dict[str, re.Pattern[str]] | None = None) -> bool:
    """``holds`` replaces a type's pattern with the plans' own (the districts they name)."""
    q = normalize(question)
    patterns = {**_HOLDS, **(holds or {})}
    if not all(patterns[kind].search(clause_text) for kind, asks in _ASKS_FOR.items() if asks.search(q)):
        return False
    # The duties of another post (坪山区…推广首席信息官和首席隐私官经验 names the post, not its
    # duties): the clause must give that post a duty verb.
    if _DUTY_ASKED.search(q):
        for post in {m[0] for m in _OTHER_POST.finditer(q)}:
            if not re.search(re.escape(post) + _DUTY_HELD, clause_text):
                return False
    return True


@dataclass(frozen=True)
class _AnswerFrame:
    """A way of asking for a kind of answer, and the plans' own wording that gives it.

    CDOs ask for a benefit, a contact or a source of staff in chat words the plans never use (干得
    出色的话能得到什么好处, 碰到搞不定的问题找谁说, 团队谁来出人); the plans answer in theirs
    (成效突出…加分鼓励, 请径向…反映, 组建数据运营团队). The frame's words in the question are
    replaced by one concept spelled in the plans' wording, weighing what they weighed: the clause
    that holds that wording covers what was asked. Only words of the matched span that are no
    topic of their own are replaced — common verbs and adjectives, function words, the frame's
    own ``keys``, a phrase no plan holds lying wholly inside the span — so 电脑出问题了找谁 keeps
    电脑, which no clause holds; nor does a frame answer alone for such a topic
    (``Knowledge._framed_off_topic``). The frames themselves are data (``FRAMES_FILE``)."""

    asks: re.Pattern[str]
    """Matched on the normalised, respelled question."""
    answers: tuple[str, ...]
    """The plans' wording for the answer (index tokens or phrases of them)."""
    keys: frozenset[str] = frozenset()
    """Nouns of the frame itself (好处, 问题, 人手): replaced although they weigh as topics."""
    within: str | None = None
    """A frame that only qualifies another (干得出色 → the benefit asked for) counts only with it:
    评出了几个优秀 asks for a count of results, no benefit."""


FRAMES_FILE = "answer_frames.toml"
"""The frames and the named pieces of their patterns, in ``locale/zh_CN/jieba/``: data, like the
word lists, so a way of asking is added without touching code."""
_FRAME_KEYS = frozenset({"name", "asks", "answers", "keys", "within"})
_PLACEHOLDER = re.compile(r"\{([A-Z][A-Z_]*)\}")
"""{BRING_IN}: a macro in a frame's pattern, an index marker in its answers ({0,8} is a quantifier)."""
_MARKERS = {"DOC_NUMBER": DOC_NUMBER, "TIME": TIME, "COUNT": COUNT, "DISTRICT": DISTRICT}
"""The index's own markers, which a frame's answers may name: they are the code's, not the file's."""


def _filled(text: str, values: dict[str, str], where: str) -> str:
    """``text`` with each {NAME} replaced by its value; an unknown name is an error in the file."""

    def value(m: re.Match[str]) -> str:
        if m[1] not in values:
            raise ValueError(f"{where}: unknown placeholder {{{m[1]}}} (known: {', '.join(sorted(values))})")
        return values[m[1]]

    return _PLACEHOLDER.sub(value, text)


def _strings(value: object, where: str) -> list[str]:
    """``value`` as a list of strings, else an error naming ``where``: a bare string in the file
    would otherwise be iterated character by character."""
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"{where}: expected a list of strings, got {value!r}")
    return value


def load_answer_frames(path: Path) -> dict[str, _AnswerFrame]:
    """The frames of ``path``, compiled, in the file's order (the order they are tried and returned in).

    Strict, as the city files are: a misspelt key, a missing one, an unknown placeholder, a
    ``within`` naming no frame or a pattern that does not compile is an error naming the file and
    the frame, since otherwise a way of asking would silently stop being recognised."""
    raw = path.read_bytes()
    if raw.startswith(b"\xef\xbb\xbf"):
        raise ValueError(f"{path} starts with a BOM; save it as UTF-8 without BOM")
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(f"{path.name}: {exc}") from exc
    if unknown := set(data) - {"macros", "frames"}:
        raise ValueError(f"{path.name}: unknown table(s) {sorted(unknown)} (allowed: frames, macros)")
    macros = data.get("macros", {})
    if not all(isinstance(v, str) for v in macros.values()):
        raise ValueError(f"{path.name}: [macros]: every macro is a string")
    frames: dict[str, _AnswerFrame] = {}
    for n, entry in enumerate(data.get("frames", [])):
        where = f"{path.name}: frames[{n}] ({entry.get('name', '?')})"
        if unknown := set(entry) - _FRAME_KEYS:
            raise ValueError(
                f"{where}: unknown key(s) {sorted(unknown)} (allowed: {', '.join(sorted(_FRAME_KEYS))})"
            )
        if missing := {"name", "asks", "answers"} - set(entry):
            raise ValueError(f"{where}: missing key(s) {sorted(missing)}")
        name, asks, within = entry["name"], entry["asks"], entry.get("within")
        if name in frames:
            raise ValueError(f"{where}: a second frame named {name!r}")
        pattern = asks if isinstance(asks, str) else "".join(_strings(asks, f"{where}: asks"))
        try:
            compiled = re.compile(_filled(pattern, macros, where))
        except re.error as exc:
            raise ValueError(f"{where}: asks: {exc}") from exc
        frames[name] = _AnswerFrame(
            compiled,
            tuple(_filled(a, _MARKERS, where) for a in _strings(entry["answers"], f"{where}: answers")),
            frozenset(_strings(entry.get("keys", []), f"{where}: keys")),
            within,
        )
    for name, f in frames.items():
        if f.within is not None and f.within not in frames:
            raise ValueError(f"{path.name}: frame {name!r}: within {f.within!r} names no frame")
    return frames


@cache
def _answer_frames() -> dict[str, _AnswerFrame]:
    """The shipped frames (``CDO_LOCALE_DIR`` applies, as to every data file), read and compiled once."""
    return load_answer_frames(paths.jieba_dir() / FRAMES_FILE)


_OWNER = re.compile(
    r"(?<![帮给请让替对向])(?:我|咱)(?:们|的)|(?<![帮给请让替对向])我(?!们)|本人|自己|首席数据官|cdo|数据官"
)
"""Whose 主要任务 or 工作要求: a post's or the asker's own (我的, 首席数据官的) are the CDO's duties;
帮我列一下 is a request, not an owner, and 方案对我们提了哪些工作要求 names whom the plan's
requirements are put to (对/向 us), still the chapter."""


_Ranked = tuple[int, float, float]
"""A ranked clause: its index, BM25 score and coverage of the question."""


def _reranked(score: float, coverage: float) -> float:
    """A clause's BM25 score reranked by its coverage of the question (see ``COVERAGE_POWER``)."""
    return score * (COVERAGE_FLOOR + coverage) ** COVERAGE_POWER


def _close_to(best: _Ranked) -> Callable[[_Ranked], bool]:
    """Is a ranked clause close enough to ``best`` to be offered at all (``SUGGESTION_MIN_SHARE``)?"""
    floor = _reranked(best[1], best[2]) * SUGGESTION_MIN_SHARE
    return lambda t: _reranked(t[1], t[2]) >= floor


def _lift(head: list[_Ranked], wanted: Callable[[_Ranked], bool]) -> None:
    """Move the ranked clauses ``wanted`` picks to the front, each group keeping its order (stable)."""
    head.sort(key=lambda t: not wanted(t))


def _frames_asked(text: str) -> list[_AnswerFrame]:
    """The answer frames a question asks by (a qualifying frame only with the one it qualifies)."""
    frames = _answer_frames()
    found = {name for name, f in frames.items() if f.asks.search(text)}
    return [f for name, f in frames.items() if name in found and (f.within is None or f.within in found)]


def _overlaps(word: str, text: str, spans: list[tuple[int, int]], whole: bool) -> bool:
    """Does an occurrence of ``word`` in ``text`` share a character with one of ``spans`` (lie
    wholly inside one, when ``whole``)?"""
    return any(
        (start <= m.start() and m.end() <= end) if whole else (m.start() < end and start < m.end())
        for m in re.finditer(re.escape(word), text)
        for start, end in spans
    )


def _asks_membership(asked: str) -> bool:
    """Does a clause of the question ask whether a unit is among the pilots (是不是第一批试点)?"""
    return any(_MEMBERSHIP.search(part) for part in _QUESTION_CLAUSE.split(asked))


_ADDRESSED = frozenset({"你", "你们", "您"})
"""Words addressing the bot itself (你最后想变成什么样子 is chat, not a question on the plans)."""

_REQUEST_OPENERS = frozenset({"帮我", "帮", "请", "麻烦", "给我", "给"})


def _asked_of_the_bot(words: list[str], i: int) -> bool:
    """Is ``words[i]`` the verb of a request to the bot (帮我 梳理, 请 整理, 麻烦 汇总)?"""
    j = i - 1
    if j >= 0 and words[j] == "我":
        j -= 1
    return j >= 0 and words[j] in _REQUEST_OPENERS


_OWN_CITY = re.compile(r"(?:我们|咱们|咱|我)(?:这边|这里|那边|是|在|的)?(?:深圳|珠海)")


def _asked_city(question: str) -> str | None:
    """我们深圳是立项和验收，珠海的否决权在哪个环节用: with both cities named, the one the asker
    calls their own (我们深圳, 咱珠海) is where they stand, the other the one asked about."""
    rest = _OWN_CITY.sub(" ", question)
    if rest == question:
        return None
    return city_in_words([n for n in CITIES.values() if n in rest])


def _district_cities(clauses: list[Clause], districts: frozenset[str]) -> dict[str, str]:
    """District → the city whose plan names it (福田区 → shenzhen); a name in both plans is neither's."""
    cities: dict[str, set[str]] = {}
    for c in clauses:
        for d in districts:
            if d in c.text:
                cities.setdefault(d, set()).add(c.city)
    return {d: next(iter(found)) for d, found in cities.items() if len(found) == 1}


@cache
def _shipped() -> Knowledge:
    return Knowledge.build()
