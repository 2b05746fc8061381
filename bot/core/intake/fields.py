"""Attendee count, location and title of an activity line.

Attendees are a number *with a people unit* (人/名/位/个人/人次/号人) or after a people label
(参加人数, 参训人员), so 3点, 2小时, 第2场, 11月16日 never count. Approximate forms keep their
number (共50余人 → 50, 约200人 → 200). Anything outside 1..100000 is not a plausible head count.

The title is the activity's subject: the clause around the kind keyword, with dates, times,
attendee counts and location blanked out, cut after the last verb before the keyword
(组织了/参加了/报送了…) and stripped of fillers (一场, 的, 下午…).
"""

from __future__ import annotations

import re
from bisect import bisect_right

from bot.core.intake.numbers import CN_DIGITS, CN_NUMERAL, to_int

MAX_ATTENDEES = 100_000
MAX_TITLE = 60

# 1,200人: a thousands separator is part of the number (tried first; and a digit run before ",ddd"
# is never a number of its own, so neither 1 nor 200 alone matches).
_NUM = rf"(?:[0-9]{{1,3}}(?:,[0-9]{{3}}){{1,2}}(?![0-9])|[0-9]{{1,7}}(?!,[0-9]{{3}}(?![0-9]))(?:\.[0-9]{{1,2}})?[万千百]?|[{CN_NUMERAL}]{{1,12}})"
# 二十几个人, 三十多人, 300+: a rough count keeps its round number.
_APPROX_AFTER = r"(?:余|多|来|几|\+)?"
_APPROX_BEFORE = r"(?:共计|总计|合计|共有|共|约有|约莫|约|近|超过|逾|达到|达|计|有|大概|大约|~)?"
_LABELLED = re.compile(
    # A bare 人数 label ("人数44", "人数：80") counts too, but not inside 人数多/人数少 remarks.
    # 参会人约80, 参会人：45 (and 参会ppl 约80 once glossed): 人 alone after an attendance word
    r"(?:(?:参加|参训|参会|出席|与会|到会|到场|培训|参与|报名)(?:的)?(?:人员|人数|学员|对象|干部|人)|人数)(?:数|数量)?"
    # 人数大概在五十左右: 在 before the number of a rough count
    rf"\s*(?:[:：=]|为|是|共|有)?\s*{_APPROX_BEFORE}\s*在?\s*(?P<n>{_NUM})\s*{_APPROX_AFTER}\s*(?:个人|人次|号人|人|名|位)?"
    rf"(?![0-9{CN_NUMERAL}])"
)
COUNT_LABELS = ("人数",)
"""Label words whose homophone typos (任数) are corrected before counting."""
_UNIT = re.compile(
    rf"(?<![第几数0-9.{CN_NUMERAL}]){_APPROX_BEFORE}\s*(?P<n>{_NUM})\s*{_APPROX_AFTER}\s*(?:个人|人次|号人|人|名|位)"
    r"(?!民|大|口|工|数|单|称|次序|专家|领导|老师|讲师|教师|嘉宾|主讲|工作人员)"
    r"(?:同志|学员|干部|代表|嘉宾)?(?:参加了|参加|参训|参会|出席|与会|到场|到会|报名)?"
)

_ESTIMATE_WORD = r"(?:也就|大概|大约|差不多|估计)"
_ESTIMATE = rf"{_ESTIMATE_WORD}?"
# 来了19个, 在线参训300+, 来了大概五六十: a count right after an attendance verb needs no people unit.
_BARE = re.compile(
    rf"(?:来了|到了|参训|参会|到场)\s*{_ESTIMATE}\s*{_APPROX_BEFORE}\s*(?P<n>{_NUM})\s*{_APPROX_AFTER}\s*个?(?=\s*(?:[,，。;；!！)）]|\s|$))"
)
# 人不多，18个 / 同事都来了，一共24个 / 学员三十来个: a bare 个 count at a clause end after a remark on how
# many people came, after a person noun (学员, 参训同事, 参会者), after a 有 that opens its clause, or
# after a total word that opens its clause or follows the activity or its people (培训总共31个,
# 到场的共20个) — not 附件共12个, a total of things.
_TALLIED = re.compile(
    rf"(?:人(?:不多|不少|很多|挺多|很少)\s*[,，]?\s*{_ESTIMATE}|没几个人\s*[,，]?\s*{_ESTIMATE}|[员事者]\s*|"
    r"(?:^|(?<=[\s,，。;；!！人们训会座课班的]))[一总]?(?:共计|合计|共)\s*|"
    # 参会的有二十来个, 签到的有四十多个, 来的大约30个: those who came, and how many
    rf"(?:参会|参加|参训|到场|签到|来)的\s*{_ESTIMATE}有?\s*|"
    # 线上zoom 有40来个, 培训办了，大概有三十来个: a clause opened by 有 tells how many came
    rf"(?:^|(?<=[\s,，。;；!！])){_ESTIMATE}有\s*)"
    rf"(?P<n>{_NUM})\s*{_APPROX_AFTER}\s*个(?:左右)?"
    r"(?=\s*(?:[,，。;；!！)）]|$))"
)
# 人很多 大概七八十, 人挺多的，五六十, 参会的大概五六十, 到场的有三十多, 来的人大概五六十: after a remark
# on how many people came, or after those who came, a bare numeral that ends its clause is their count (no unit needed;
# 人很多，9家单位 and 人很多，下午3点才散 do not end a clause with the numeral).
_UNITLESS = re.compile(
    rf"(?:人(?:不多|不少|很多|挺多|很少)的?\s*[,，]?\s*{_ESTIMATE}有?\s*|"
    rf"(?:(?:参会|参加|参训|到场|签到)的人?|来的人)\s*{_ESTIMATE}有?\s*|"
    # 参会者约80, 学员大概四五十, 听众~70: after a person noun, with a rough word or none (not 或者3)
    rf"(?<=[员者众])(?<!或者)\s*{_APPROX_BEFORE}\s*)"
    rf"(?P<n>{_NUM})\s*{_APPROX_AFTER}\s*(?:左右)?"
    r"(?=\s*(?:[,，。;；!！)）]|$))"
)
# 到场不到30人，大概二十五六个: an estimate of a bare 个 count, in the clause right after a head count
# that it makes more precise.
_REFINED = re.compile(
    rf"(?<=[,，;；])\s*{_ESTIMATE_WORD}\s*(?P<n>{_NUM})\s*{_APPROX_AFTER}\s*个"
    r"(?=\s*(?:[,，。;；!！)）]|$))"
)
# FYI 11/18 一网统管 seminar 线上 2pm，大概30+ / 数据安全培训 线上，20多 / 交流会开完了，~35: in a chat log,
# a rough numeral (a rough word before it or a rough mark after it) standing as a clause of its own at
# the end of the line, or of a clause, is the head count (with 人 it is a _UNIT count). 11/20, 2pm,
# 14:30, 第三期, 3点左右 and 约2小时 are no numeral standing alone; a quota is caught by _quota.
# (normalised text: ，；！ are ASCII here)
_ROUGH_ALONE = re.compile(
    rf"(?:^|(?<=[\s,;]))(?P<pre>{_ESTIMATE_WORD}|约|~|近)?\s*(?P<n>{_NUM})\s*(?P<post>\+|多|来|余|左右)?"
    r"(?=\s*[,;]|[。.!\u2600-\u27bf\ufe0f\U0001f000-\U0001faff]*$)"
)
# 全局15个数据专员都到了: a 个 count of people named by a person noun (专员, 同事, 首席数据官, 参会者,
# 科长, 老师) that attended — not of units (9个部门都参加了).
_PEOPLE_COUNT = re.compile(
    rf"(?P<n>{_NUM})\s*{_APPROX_AFTER}\s*个\s*[\u4e00-\u9fffA-Za-z]{{0,6}}?[员官者事师长](?:都|全|也)?(?:到了|来了|参加了?|到场|出席了?)"
)
# 每个科室派2人, 要求各区报3名学员: a quota asked for, not a head count.
_QUOTA = re.compile(r"要求|(?:每|各)[^,，。;；]*?(?:派|报|出|选|推荐)")
# 报名60人，实际到了48人: how many signed up or were expected is the head count only when no
# other count says how many came.
_EXPECTED = re.compile(r"报名|预计|计划|原定|应到|通知")
# 实际到会41人，原本通知50人 / 实到36人: a count said to be the actual one is the head count.
_ACTUAL = re.compile(r"实际|实到")
_QUOTA_LOOK_BACK = 40
_CLAUSE_START = re.compile(r"[,，。;；!！?？:：]")
_RANGE = re.compile(rf"([{CN_DIGITS[2:-1]}])([{CN_DIGITS[2:-1]}])")
"""十五六, 六七十: two neighbouring digits say "about"; the count is the lower one."""


def _count(numeral: str) -> int | None:
    # 八九个人, 三四十人: two neighbouring digits with no 十 between are "about", not 89.
    pair = _RANGE.fullmatch(numeral[:2])
    if pair and len(numeral) <= 3 and numeral[2:] in ("", "十") and _neighbours(pair[1], pair[2]):
        return _count(numeral[0] + numeral[2:])
    n = to_int(numeral)
    if n is None:
        m = _RANGE.search(numeral)
        if m is not None:
            n = to_int(numeral[: m.start(2)] + numeral[m.end(2) :])
    return n if n is not None and 0 < n <= MAX_ATTENDEES else None


# 二是多人: 是 typed for its homophone 十 between a digit and the rest of a count (same length, so
# every span holds); the homophones come from pypinyin (:mod:`typos`), asked only for a candidate.
_TEN_TYPO = re.compile(
    rf"(?<=[二三四五六七八九])(?<![第0-9{CN_NUMERAL}][二三四五六七八九])(?P<x>[^\s0-9{CN_NUMERAL}])"
    r"(?=[一二三四五六七八九余多来几](?:余|多|来)?\s*(?:个人|人|名|位)|(?:人|名|位))"
)


def _ten_typo(text: str) -> str:
    if _TEN_TYPO.search(text) is None:
        return text
    from bot.core.intake.typos import homophones

    ten = homophones(("十",)).get("十", frozenset())
    return _TEN_TYPO.sub(lambda m: "十" if m["x"] in ten else m["x"], text)


def _neighbours(a: str, b: str) -> bool:
    x, y = to_int(a), to_int(b)
    return x is not None and y is not None and y - x == 1


def _clause_head(text: str, start: int) -> str:
    head = text[max(0, start - _QUOTA_LOOK_BACK) : start]
    breaks = list(_CLAUSE_START.finditer(head))
    return head[breaks[-1].end() if breaks else 0 :].rstrip()


def _quota(text: str, start: int) -> bool:
    """Does the clause before a count ask for it (每…派, 各…报, 要求…)?"""
    return _QUOTA.search(_clause_head(text, start)) is not None


_ON_SITE = r"(?:现场|线下|会场)"
_ONLINE = r"(?:线上|网上|视频|远程|云端)"
_SPLIT = re.compile(
    # 现场30+人，线上50+人: each half may be rough
    rf"(?:{_ON_SITE}|{_ONLINE})(?:参会|参加|参训|听课)?\s*(?P<a>{_NUM})\s*{_APPROX_AFTER}\s*(?:人|名|位)\s*[、,，;；和及+]\s*"
    rf"(?:{_ON_SITE}|{_ONLINE})(?:参会|参加|参训|听课)?\s*(?P<b>{_NUM})\s*{_APPROX_AFTER}\s*(?:人|名|位)"
)


def find_attendees(text: str) -> tuple[int | None, list[tuple[int, int]]]:
    """The head count and every span that expressed one, for masking.

    A labelled count (参加人数 75) wins; otherwise the largest unit count, since a line that names
    several groups (两位领导和30名学员) usually also names the total, which is the largest.
    """
    text = _ten_typo(text)
    spans: list[tuple[int, int]] = []
    labelled: int | None = None
    unit: int | None = None
    expected: int | None = None
    refined: int | None = None
    actual: int | None = None
    covered = bytearray(len(text) + 1)
    for m in _LABELLED.finditer(text):
        spans.append((m.start(), m.end()))
        covered[m.start() : m.end()] = b"\x01" * (m.end() - m.start())
        if labelled is None:
            labelled = _count(m["n"])
    counts = [
        *_UNIT.finditer(text),
        *_BARE.finditer(text),
        *_TALLIED.finditer(text),
        *_PEOPLE_COUNT.finditer(text),
        *_UNITLESS.finditer(text),
        # (a bare numeral with no rough word or mark is no count: 座谈会，11/20)
        *(m for m in _ROUGH_ALONE.finditer(text) if m["pre"] or m["post"]),
    ]
    counts.sort(key=lambda m: m.start())
    # (sorted, so the last count that ended before each one is a bisection, not a scan: a 4096-
    # character line of counts was quadratic)
    ends = sorted([e for _s, e in spans] + [m.end() for m in counts])
    for m in counts:
        if covered[m.start("n")]:
            continue
        covered[m.start() : m.end()] = b"\x01" * (m.end() - m.start())
        spans.append((m.start(), m.end()))
        count = None if _quota(text, m.start()) else _count(m["n"])
        # 应到40人实到36人: a sign-up word governs the count it precedes, not one after another count.
        head = _clause_head(text, m.start())
        at = bisect_right(ends, m.start())
        since = ends[at - 1] if at else None
        if since is not None and not _CLAUSE_START.search(text, since, m.start()):
            head = text[since : m.start()]
        if count is not None and _ACTUAL.search(head + m[0]):
            actual = count if actual is None else actual
        if count is not None and _EXPECTED.search(head + m[0]):
            expected = count if expected is None else max(expected, count)
        elif count is not None and (unit is None or count > unit):
            unit = count  # "两位领导和30名学员", "共50人，其中3位专家": the total is the largest
    if unit is not None and spans:
        last = max(e for _s, e in spans)
        for m in _REFINED.finditer(text, last):
            # …only the clause right after the count it refines
            if not _CLAUSE_START.search(text, last, m.start() - 1) and (count := _count(m["n"])) is not None:
                spans.append((m.start(), m.end()))
                refined = count
            break
    if refined is not None:
        return refined, spans
    if actual is not None and labelled is None:
        return actual, spans
    if unit is None:
        unit = expected
    if labelled is None and (split := _SPLIT.search(text)) is not None:
        # 现场21人、线上42人: the two halves of a meeting held on site and online are its head count.
        first, second = _count(split["a"]), _count(split["b"])
        if first is not None and second is not None:
            unit = max(unit or 0, first + second)  # a total written beside them stays if larger
    return (labelled if labelled is not None else unit), spans


# ---------------------------------------------------------------------------------------------- location

ROOM_NOUNS = r"会议室|会议厅|会议中心|报告厅|多功能厅|大厅|礼堂|大楼|大厦"
"""Rooms and buildings, which a number before them names (2号会议室): also read by the date scanner,
for which such a 2号 is no day of the month."""
_PLACE_SUFFIX = (
    rf"{ROOM_NOUNS}|中心|楼|室|厅|馆|局|委|办|院|学院|学校|大学|党校|"
    r"酒店|宾馆|园区|基地|政府|广场|线上|网上|云端|腾讯会议|视频会议|现场"
)
# 终于 (finally) is no 于 of place either.
_LOCATION_START = re.compile(r"(?<![正现存所实好处在关对由至终])(?:在|于)|地点\s*[:：为是]?\s*")
_LOCATION_STOP = re.compile(
    r"[\s,，。;；!！?？、:：()（）]|在|于|组织|举办|开展|召开|举行|参加|参与|出席|进行|报送|提交|主持|办了|开了|"
    r"(?<![公召展])开(?![放发展])|的"
)
_LAST_SUFFIX = re.compile(rf".*(?:{_PLACE_SUFFIX})")
_MAX_LOCATION = 40
# A place may start with a digit only as a floor or building number (在3楼会议室, 于5号楼); otherwise a
# digit after 在/于 starts a date or a count (于11月20日, 在30人规模的…).
_FLOOR = re.compile(r"[0-9]{1,3}\s*(?:号楼|楼|层|栋|座|号|室)")


# An online venue needs no 在 ("线上组织了培训", "视频会议参加交流会", "以线上方式"); it is the place,
# not part of the subject, unless it is what the training is about (视频会议系统培训).
_ONLINE = re.compile(
    r"(?:通过|以|采用|采取|利用)?\s*(?P<p>线上线下|线上|云端|视频会议|腾讯会议|视频连线)"
    r"(?!系统|平台|软件|工具|操作|设备)(?:\s*(?:的)?(?:方式|形式))?"
)


def find_location(text: str) -> tuple[str | None, tuple[int, int] | None]:
    """``在市民中心`` / ``于XX局三楼会议室`` / ``地点：XX`` → the place and its span (with 在/于).

    Without such a place, an online venue word (线上, 视频会议…) is the place.
    """
    for m in _LOCATION_START.finditer(text):
        segment = text[m.end() : m.end() + _MAX_LOCATION]
        stop = _LOCATION_STOP.search(segment)
        if stop is not None:
            segment = segment[: stop.start()]
        place = _LAST_SUFFIX.match(segment)
        if place is None or len(place[0]) < 2 or (place[0][0].isdigit() and not _FLOOR.match(place[0])):
            continue
        return place[0], (m.start(), m.end() + place.end())
    online = _ONLINE.search(text)
    if online is not None:
        return online["p"], (online.start(), online.end())
    return None, None


# ---------------------------------------------------------------------------------------------- title

_VERB = re.compile(  # a trailing 过 is the experiential aspect (组织过, 参加过), not part of the subject
    r"(?:组织开展了?|组织召开了?|组织了?|举办了?|开展了?|召开了?|举行了?|参加了?|参与了?|出席了?|进行了?|办了|"
    r"开完了?|开了|(?<![公召展])开(?![放发展会源拓创启辟])|报送了?|提交了?|交了|交(?![流换通付叉易互办界警接汇融])|上交了?|上报了?|递交了?|报了|完成了?|"
    r"听取了?|听了|做了|主持了?|承办了?|筹备了?|搞了|弄了|(?<![参增追添])加了(?=[一两二三]?[场次期个堂])|(?<![计打预清结核换推运])算是?(?=一次|一场|一个|个)|来了|去了|发送了?|发了|报给了?)(?:过(?!程))?"
)
_FILLER = re.compile(  # single characters only where no subject word starts with them (共享, 个人, 我市)
    r"^(?:\s|[0-9一二两三四五六七八九十]{1,3}(?:场|次|期|个|堂|份|篇)|个(?!人|体|性)|场(?!景|地|馆|所|次)|了|的|把|将|是(?![否非])|一场|一次|一期|一个|一堂|一份|一篇|关于|有关|[这那本首](?:次|场|期)|[这那](?:个|份)|"
    r"上午|下午|中午|早上|晚上|傍晚|今早|今晚|昨晚|上上周|上周|本周|这周|下周|下下周|上个月|上月|本月|这个月|下个月|下月|"
    r"今年|去年|明年|我们|本单位|单位|共同|大家|全体|一起)+"
)
_HEAD_CUT = re.compile(r"把|是")
_QUOTES = re.compile(r"[“”\"'‘’《》〈〉「」『』【】]")
# (an emoji or a ✅ ends a phrase, as it ends a clause: 开完了👍 数据治理例会)
_CLAUSE = re.compile(r"[\s,，。;；!！?？、:()（）~\u2600-\u27bf\ufe0f\U0001f000-\U0001faff]")


# Chat users space words apart ("数据治理 业务交流会"); normalise() leaves one space per run, so a
# lone space between two words is the user's. Masked noise (dates, counts, periods) is at least two
# characters wide, so a wider gap still ends the subject, as punctuation does.
_CJK = r"\u3400-\u9fff\uf900-\ufaff"
_CJK_GAP = re.compile(rf"(?<=[{_CJK}]) (?=\S)|(?<=\S) (?=[{_CJK}])")


def _is_word_gap(masked: str, i: int) -> bool:
    """Is ``masked[i]`` a single space between two word characters (not noise, not punctuation)?"""
    if masked[i] != " " or i == 0 or i + 1 >= len(masked):
        return False
    before, after = masked[i - 1], masked[i + 1]
    return not _CLAUSE.match(before) and not _CLAUSE.match(after)


# 公共数据开方培训: 开 before a homophone of 放/发 is the noun 开放/开发 mistyped, not the verb 开 (which
# would cut the subject to 方培训); respelt in place (same length, so every span holds).
_OPEN_TYPO = re.compile(r"开(?P<x>[^放发展会源拓创启辟\s,，。;；!！?？:：])")


def _respell_open(masked: str) -> str:
    if "开" not in masked:
        return masked
    from bot.core.intake.typos import homophones

    alike = homophones(("开放", "开发"))

    def fix(m: re.Match[str]) -> str:
        for right in "放发":
            if m["x"] in alike.get(right, ()):
                return "开" + right
        return m[0]

    return _OPEN_TYPO.sub(fix, masked)


# DSG（数据安全治理）轮训, 数据资产入表(DAE)专题培训, MDM(主数据管理) 研讨会: an acronym and its expansion,
# one in brackets right after the other, name the subject together; the bracket is no clause break.
_ACRONYM_PAIR = re.compile(
    rf"(?:(?<=[A-Z])\((?P<cn>[{_CJK}]{{2,20}})|(?<=[{_CJK}])\((?P<latin>[A-Z][A-Za-z0-9]{{1,9}}))\) ?$"
)
_ACRONYM_BEFORE = re.compile(r"[A-Z][A-Za-z0-9]{1,9}$")
_MAX_PAIR = 24


def _past_acronym_pair(masked: str, at: int) -> int:
    """Where a bracketed acronym pairing ending at ``at`` opens (its bracket), else ``at``."""
    m = _ACRONYM_PAIR.search(masked, max(0, at - _MAX_PAIR), at)
    if m is None or (m["cn"] and _ACRONYM_BEFORE.search(masked, 0, m.start()) is None):
        return at
    return m.start()


def _phrase_start(masked: str, at: int) -> int:
    """Where the phrase ending at ``at`` starts: after the nearest clause break before it, a single
    space between two words (数据 安全) being no break."""
    start = at
    while start > 0 and not (_CLAUSE.match(masked[start - 1]) and not _is_word_gap(masked, start - 1)):
        start -= 1
    return start


def find_title(masked: str, kw_start: int, kw_end: int) -> str:
    """The subject phrase ending with the kind keyword, from a line whose noise is blanked out."""
    masked = _respell_open(masked)
    keyword = masked[kw_start:kw_end]
    start = _phrase_start(masked, kw_start)
    if start > 0 and (opened := _past_acronym_pair(masked, start)) < start:
        start = _phrase_start(masked, opened)
    head = masked[start:kw_start]
    # 大赛的组织情况总结, 年度工作的开展情况报告: a bare verb right after 的 is a noun of the subject.
    verbs = [
        m
        for m in _VERB.finditer(head)
        if not (head[m.start() - 1 : m.start()] == "的" and m[0][-1] not in "了过")
    ]
    if verbs:
        head = head[verbs[-1].end() :]
    # 总算把一网统管运行情况报告(提交了), 其实就是秒批数据支撑研讨会: what follows the object marker 把 or
    # the copula 是 is the subject; what stands before them says when or how.
    cuts = list(_HEAD_CUT.finditer(head))
    if cuts:
        head = head[cuts[-1].end() :]
    head = _FILLER.sub("", head)
    title = _CJK_GAP.sub("", _QUOTES.sub("", head + keyword).strip()).replace("(", "（").replace(")", "）")
    if len(title) > MAX_TITLE:
        title = title[-MAX_TITLE:]
    return title or keyword


_PUNCT_RUN = re.compile(r"[\s,，。;；!！?？、:：()（）]+")


def subject(masked: str) -> str:
    """Title for a line without a kind word: the text left after noise, verbs and fillers go."""
    parts = []
    for part in _PUNCT_RUN.split(masked):
        verbs = list(_VERB.finditer(part))
        if verbs and verbs[-1].end() < len(part):
            part = part[verbs[-1].end() :]
        part = _QUOTES.sub("", _FILLER.sub("", part)).strip()
        if part and not _VERB.fullmatch(part):
            parts.append(part)
    return " ".join(parts)[:MAX_TITLE]


# 关于数据共享, 聊数据共享, 交流数据治理, 主题：数据分级: the topic said outside the keyword's phrase.
_TOPIC = re.compile(
    r"(?:关于|围绕|主题(?:是|为)?|专题(?:是|为|\s*:)|内容(?:是|为)?|议题(?:是|为)?|聊|(?<!主)讲(?:的是|了)?(?![话师座解课完])|讨论了?|对接|交流(?!会)|学习了?)"
    # …not the complement of a verb (讨论得很充分, 聊得挺好); past an aspect 了 or a 的 (聊了接口标准,
    # 讲的数据分析), from a word on (not ——)
    rf"\s*[:：]?\s*[了的]?(?![得很挺])(?P<t>[{_CJK}A-Za-z0-9《][^\s,，。;；!！?？:：()（）]{{1,19}})"
)
# 讲数据分类分级的那个, 讨论授权运营的问题, 对接共享接口的事: the topic without the noun that only points at it.
_OBJECT = re.compile(rf"了?\s*(?:《(?P<book>[^《》]{{2,30}})》|(?P<run>[{_CJK}]{{2,20}}))")
"""What follows a study keyword: a document title, or (after a bare 学习) a noun phrase."""
# The object of 培训 as a verb: a run of words to the clause end, not a remark on it (培训很成功,
# 培训结束了, 培训不够).
_TAUGHT = re.compile(rf"(?P<t>[{_CJK}A-Za-z0-9]{{2,20}})(?=[\s,，。;；!！?？]|$)")
_REMARK = re.compile(r"[很挺太了不没]|反响|结束|顺利|圆满|成功")
# 培训本来定在上周二, 培训原计划下周, 培训报名截止: when the training was set for or signed up for,
# not what it taught.
_SCHEDULING = re.compile(r"本来|原定|原计划|定在|推迟|报名")
# 昨天的研讨会好累，数据目录编制那个，十几个人: a clause naming a subject and pointing back at the
# activity (X那个, X那场) gives its topic, and so does one naming it as a theme (数据安全主题, 数据治理
# topic — glossed 主题 — or a bracket beside the keyword: CDO交流会（数据开放专题）).
_THAT_ONE = re.compile(
    rf"(?:^|(?<=[\s,，。;；(]))(?P<t>[{_CJK}A-Za-z0-9]{{2,12}}?)(?:那个|那场|专题|主题)(?=[\s,，。;；!！)]|$)"
)
# …but not a filler before the pointer (就是那个, 我说的那个)
_FILLER_TOPIC = re.compile(r"就是|[的说我你他]")
# 主题 data sharing/数据共享, 主题 data security（数据安全）: a topic written in English with its Chinese
# beside it is the Chinese one.
# …and one with none is all its words (主题 data sharing), not its first.
_LATIN_ONLY = re.compile(r"[A-Za-z][A-Za-z -]*")
_CHINESE_BESIDE = re.compile(rf"[A-Za-z -]*\s*[/(]\s*(?P<cn>[{_CJK}]{{2,20}})")
# CDO培训, 首席数据官工作例会, data governance的meeting: a title whose words before the kind noun only say
# whose or what sort of activity it is (or are English chat words) names no subject; the subject the
# line gives elsewhere (a topic, a bracket, a phrase standing alone) is its title's.
_GENERIC_HEAD = re.compile(r"(?:首席数据官|工作|专题|相关|周|[A-Za-z][A-Za-z-]*|的|\s)*")
_MEETING_NOUN = re.compile(r"(?:例会|会议|会)$")
# 数据安全, 一网统管, 数字政府, 信息化项目, 公共数据开放, BI数据分析: a phrase standing alone names the
# subject only if it is about the work the log is for, and says so at once (局长讲话强调数据质量 is a
# remark that comes round to data, not a subject).
# (Q3数据归集情况, H1数据共享进展: a Latin prefix may carry a digit)
_DOMAIN = re.compile(rf"(?:[A-Za-z][A-Za-z0-9]*|[{_CJK}]{{0,2}})(?:数据|数字|信息|一网|政务)")
_STANDING = re.compile(rf"[{_CJK}A-Za-z0-9]+")
# …not a place or unit (区数据局), nor who came (各街道数据专员, 信息科负责人)
_PLACE_END = re.compile(rf"(?:{_PLACE_SUFFIX}|区)$")
_NAMED = re.compile(rf"(?<!通)(?:{_PLACE_SUFFIX}|[员官者师长人])$")
"""…(but 一网通办, 跨省通办 are programmes, not an office 办)"""
_MAX_STANDING = 12
"""A phrase standing alone is short (数据安全, BI数据分析); a longer run is a clause of its own."""
_LATIN_MORE = re.compile(rf"(?: [A-Za-z][A-Za-z-]*)+[{_CJK}]*")
_DOCUMENT = re.compile(r"的(?:要求|通知)$")
_TOPIC_TAIL = re.compile(r"的(?:那个|那场|那次|问题|事情?|内容|议题|经验|做法)$")
_HOLDING = re.compile(r"(?:召开|举行|举办|参加)了?")
"""The verbs of holding or attending that a meeting named alone may carry inside its span."""
_TYPE_NOUN = 3
"""推进会, 协调会, 交留会: a meeting noun this short names the sort of meeting, not its subject."""
_ASPECT = re.compile(r"了(?!解)")
_BRACKETED = re.compile(r"\s*[(（][^()（）]{0,20}[)）]\s*")
_ONE_SPACE = re.compile(r" ")
_SET_APART_RUN = re.compile(rf"[{_CJK}A-Za-z0-9]{{2,20}}")
"""A phrase set apart after a bare keyword (by a bracket or one space): a run of word characters."""


def described_title(masked: str, kw_start: int, kw_end: int, others: list[tuple[int, int]]) -> str:
    """The title from the best-described mention of the activity, with its topic if said apart.

    培训结束还做了小测验 names the training again without a subject: the earlier 数据技能培训 is
    its title. A subject written after the keyword (线上培训（钉钉直播）数据分类分级) or as a topic
    elsewhere (座谈会，关于数据共享; 小范围座谈…聊数据共享; 培训…主要讲数据治理) completes a title
    that lacks it.
    """
    keyword = masked[kw_start:kw_end]
    if (held := list(_HOLDING.finditer(keyword))) and kw_end - kw_start - held[-1].end() >= 2:
        # 市政数局召开会议, 我参加会议 (a meeting named alone, as kinds reads it): who held or attended it
        # and the verb stand before the meeting; the keyword is the meeting noun after them.
        kw_start += held[-1].end()
        keyword = masked[kw_start:kw_end]
    obj = _OBJECT.match(masked, kw_end)
    if obj is not None and (
        obj["book"] or keyword == "学习" or (keyword.endswith("学习") and obj[0].startswith("了"))
    ):
        # 组织局机关学习《数据安全法》, 集中学习了《个人信息保护法》, 组织全局学习数据标准化: what is
        # studied is the subject; before a bare 学习 stands only its audience (局机关, 科室人员).
        studied = obj["book"] or _VERB.split(obj["run"])[0]
        if len(studied) >= 2:
            if keyword == "学习":
                return f"{studied}{keyword}"
            title = find_title(masked, kw_start, kw_end)
            return title if studied in title else f"{title}（{studied}）"
    title = find_title(masked, kw_start, kw_end)
    taught = _TAUGHT.match(masked, kw_end) if keyword == "培训" else None
    if (
        taught is not None
        and not _VERB.search(taught["t"])
        and not _REMARK.search(taught["t"])
        and not _SCHEDULING.search(taught["t"])
        and (title == keyword or title.startswith(("给", "为")))
    ):
        # 线上培训数据质量管理, 给全区网格员培训一网统管平台操作: 培训 as a verb, its object to the
        # clause end is the subject; before it stands only its audience.
        return f"{taught['t']}{keyword}"
    if _generic(title, keyword):
        # 数据技能培训…培训结束还做了小测验, data security的training 🔥 数据安全培训: another mention
        # that names the subject gives the title.
        # (a bare keyword takes any better-described mention but one named only by a place or unit:
        # 斗门区 report 已交😂 工作总结上周五发给数管局了; a generic one only a mention naming the work)
        bare = title == keyword
        for start, end in others:
            other, named = find_title(masked, start, end), masked[start:end]
            head = other[: -len(named)] if other.endswith(named) else ""
            if bare:
                # (邀请了…专家授课: a head holding an aspect 了 is a clause of who taught, not a name)
                better = (
                    len(head) > len(title) - len(keyword)
                    and not _PLACE_END.search(head)
                    and _ASPECT.search(head) is None
                ) or (
                    # (report已submit…，工作总结: a kind word that names the thing, set apart, over
                    # the bare generic one)
                    not head and len(named) > len(keyword) and not named.endswith(keyword)
                )
            else:
                better = bool(_DOMAIN.match(head)) and not _generic(other, named)
            if better:
                title, keyword = other, named
    topic = None
    for m in [*_TOPIC.finditer(masked), *_THAT_ONE.finditer(masked)]:
        inside = any(s <= m.start() < e for s, e in [(kw_start, kw_end), *others])
        t = _TOPIC_TAIL.sub("", m["t"])
        # 围绕公共数据共享…等进行了深入讨论: the topic ends before its verb (but 报送的总结报告 is a noun)
        verb = next((v for v in _VERB.finditer(t) if not t.startswith("的", v.end())), None)
        if m.re is _TOPIC and verb is not None:
            t = t[: verb.start()]
        if _LATIN_ONLY.fullmatch(t):
            if (cn := _CHINESE_BESIDE.match(masked, m.end("t"))) is not None:
                t = cn["cn"]
            elif (more := _LATIN_MORE.match(masked, m.end("t"))) is not None:
                t += more[0]
        # 按照…关于加强交流培训的要求: what a document is about names the document, not the activity
        if (
            not inside
            and len(t) >= 2
            and t not in title
            and not _DOCUMENT.search(t)
            and not (m.re is _THAT_ONE and _FILLER_TOPIC.search(t))
        ):
            topic = t
            break
    if topic is None and _generic(title, keyword):
        if title == keyword:
            # Only a phrase set apart from the keyword (by a bracket or a space) and holding no verb.
            after = _BRACKETED.match(masked, kw_end) or _ONE_SPACE.match(masked, kw_end)
            run = _SET_APART_RUN.match(masked, after.end()) if after else None
            if run is not None and not _VERB.search(run[0]) and "了" not in run[0]:
                topic = run[0]
        if topic is None:
            topic = _standing_subject(masked, [(kw_start, kw_end), *others])
            if topic is not None and _MEETING_NOUN.search(topic):
                return topic  # 数据治理例会: the phrase names the activity itself
    if topic is None:
        return title
    # (a meeting named by its own words, 首席数据官联席会议, takes no topic before it: what was said there,
    # 会上讲了数据共享的经验, is not part of its name; a bare type noun, 推进会 or a misspelt 交留会, does)
    prefix = title == keyword and (len(keyword) <= _TYPE_NOUN or _generic(title, keyword))
    return f"{topic}{title}" if prefix else f"{title}（{topic}）"


def _generic(title: str, keyword: str) -> bool:
    """Do the title's words before its kind noun name no subject (CDO培训, 工作例会, 交流会)?"""
    from bot.core.intake.kinds import KEYWORDS  # (kinds reads dates, which reads this module)

    if not title.endswith(keyword):
        return False
    # …a meeting named by its own words (工作例会, 周一例会) is a kind noun only with them generic
    name = "" if KEYWORDS.fullmatch(keyword) else _MEETING_NOUN.sub("", keyword)
    return _GENERIC_HEAD.fullmatch(title[: -len(keyword)] + name) is not None


def _standing_subject(masked: str, spans: list[tuple[int, int]]) -> str | None:
    """A phrase standing alone in the line (between punctuation or gaps), naming the work's subject
    (数据安全 in CDO training done ✅ 上周四 数据安全 30+人) and holding no verb, remark, place or
    mention of the activity: the nearest after the keyword, else the nearest before it."""
    kw_start = spans[0][0]
    before: str | None = None
    for m in _STANDING.finditer(masked):
        phrase = _FILLER.sub("", m[0]).strip().removesuffix("的")
        if (
            any(s < m.end() and m.start() < e for s, e in spans)
            or not 2 <= len(phrase) <= _MAX_STANDING
            or _DOMAIN.match(phrase) is None
            or _VERB.search(phrase)
            or _REMARK.search(phrase)
            or _NAMED.search(phrase)
            or _LATIN_ONLY.fullmatch(phrase)
        ):
            continue
        if m.start() > kw_start:
            return phrase
        before = phrase
    return before


# (normalised: NFKC has made ；！， ASCII; a line with a question mark is no log)
_SENTENCE = re.compile(r"[。;!]")
_COMMA = re.compile(r",")


def dated_mention(
    masked: str, keyword: tuple[int, int], others: list[tuple[int, int]], day: int, elsewhere: bool
) -> tuple[int, int]:
    """The mention of the activity that the picked ``day`` belongs to.

    医保数据治理情况报告…最终于11月19日报送市政数局；今年上半年的工作总结5月份已经报过了 logs the report
    sent on the day taken, not the one the next sentence says was sent before. When the keyword's
    sentence is not the day's, a mention in the day's clause (Final report终于交了！上周四提交的首席
    数据官年度总结), else the last one before the day in its sentence, names the activity; in the same
    sentence, a mention in the day's clause does when the keyword's clause tells of another occurrence
    (``elsewhere``: 一网通办专题报告11月20日交了，上半年总结之前报过一次).
    """

    # (break positions found once and bisected: a long line of many mentions stays linear)
    stops = [m.start() for m in _SENTENCE.finditer(masked)]
    commas = [m.start() for m in _COMMA.finditer(masked)]

    def sentence(at: int) -> int:
        return bisect_right(stops, at - 1)

    def clause(at: int) -> int:
        return sentence(at) * len(masked) + bisect_right(commas, at - 1)

    if clause(keyword[0]) == clause(day):
        return keyword
    # 在…二楼培训室举办: a kind word inside a blanked span (the venue) mentions no activity
    others = [m for m in others if masked[m[0] : m[1]].strip()]
    same = [m for m in others if clause(m[0]) == clause(day)]
    if sentence(keyword[0]) == sentence(day):
        # 为了总结经验，今天我们把《…情况报告》报给了市局: a document named in 《》 in the day's clause
        # is the activity, whatever mention the keyword's clause holds.
        if same and masked.startswith("》", same[0][1]):
            return same[0]
        if not elsewhere:
            return keyword
        # 上半年的5月29日就交了，这次是下半年工作总结，今天刚提交: no mention in the day's clause, the
        # last one between the keyword's clause and the day names the activity.
        between = [m for m in others if clause(keyword[0]) < clause(m[0]) and m[0] < day]
        return same[0] if same else (between[-1] if between else keyword)
    before = [m for m in others if sentence(m[0]) == sentence(day) and m[0] < day]
    return same[0] if same else (before[-1] if before else keyword)
