"""Clauses of a chat line and what each says about the activity: held, not held, planned.

A CDO's line often tells a small story (本来定在月初的培训一直没开成，昨天总算办了; 上周收到通知，
昨天参加了培训). Whether an activity happened, and on which day, is decided per clause, by the
scope of a word over the activity's own verb — never by a negative word or a date *somewhere*
in the line:

- a clause is **negative** when a negation governs an activity verb (没去成, 没派人参加, 没能如期
  举行, 交不了), or it cancels or moves the activity (取消, 推迟, 推到下周, 中断) — but not when it
  denies the cancellation (不是取消);
- it is **positive** when an activity verb is marked done (办了, 开的, 开完, 补上了, 才办, 已…报送);
- the last clause with a polarity decides the line: a delay followed by 最后还是办了 is a log, a
  plan followed by 没去成 is not. Within a clause the later word wins (拖到上周五才办);
- but after a clause that held the activity (开了研讨会), a negation over a hand-in verb (纪要还没
  报给市里) is over a by-product, the object of its own clause: it says nothing (polarity 0).

Dates are tied to the activity's verb the same way: a deadline (11月30日前报送), the day a notice
came (11月10日的通知, 11月15日接到通知) and a day the activity was moved away from (原定11月16日)
are not the activity's date, nor is a date in a clause that says the activity did not happen
when a later clause says it did; the target of a move (推迟到上周四) is.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from bot.core.intake.numbers import CN_DIGITS

# Clause ends: punctuation, line breaks, emoji used as bullets (❌…✅…), and a colon that is not
# inside a clock time (14:00).
_BREAK = re.compile(r"[,，。;；!！?？\n…]|(?<![0-9]):|:(?![0-9])|[\u2600-\u27bf\U0001f000-\U0001faff]")

_HOLD = r"组织|举办|开展|召开|举行|参加|参与|出席|办|开|搞"
_HAND_IN = r"报送|提交|上报|上交|递交|报|交"
# (报上去了, 交出去了: the 去 of a direction is no verb of its own)
_VERB = rf"(?:{_HOLD}|{_HAND_IN}|(?<![上出])去|到场)"
HAND_IN = re.compile(_HAND_IN)
_NEGATIVE = re.compile(
    # a negation over the activity verb, with at most a short adverbial between (没派人参加, 没能如期举行)
    # (交流会不会开了: 不会 over the verb says it will not be held)
    rf"(?:没有|没能|未能|没|未)[^,，。;；\s]{{0,3}}?{_VERB}|不(?:再|能|会|去|按时|如期)?{_VERB}(?!了解|流)|"
    rf"{_VERB}(?:不了|不成|不上)|(?:没有|没|未)派人|"
    # cancelled, moved or broken off — but 不是取消, 没取消, 未被取消 deny the cancellation
    r"(?<!不是)(?<!没有)(?<!没被)(?<!未被)(?<![没未])(?:取消|推迟|延期|延后|改期|顺延|暂停|暂缓|推到|挪到|中断|黄了|泡汤)"
    # 推迟了一小时, 延后半个钟头: put off by hours on the day, it was still held
    rf"(?!了?\s*(?:半|[0-9{CN_DIGITS}几]{{1,3}})\s*个?\s*(?:小时|钟头|分钟))"
)
_POSITIVE = re.compile(
    # 报上去了, 交上来的, 办起来了: a direction between the verb and its aspect
    # …but 会参加的, 要去的 say it will be done, and 不办了, 不开了 that it will not be
    rf"(?<![会要将想不])(?<!准备|打算){_VERB}(?:上去|上来|出去|起来|上)?(?:了|的|完|过|成了)|培训(?:了|完|过)|"
    # 开得很顺利, 办得不错: a complement of how it went (a degree word opens it) says it was held — not
    # one of whether it can be (开得了, 办得成)
    rf"(?<![会要将想不])(?<!准备|打算){_VERB}得(?:很|挺|非常|比较)|(?:才|照常|总算|终于|已经?)[^,，。;；]{{0,8}}?{_VERB}|补上|(?<![未没有])已?(?:完成|结束)|"
    # 就把下半年工作总结报送市局了, 把材料交给区里了: a 把 of the thing handed in, the clause closed by 了
    # (no negation in between: 把总结交不上了)
    rf"(?<![要将想会])(?<!准备|打算)把[^,，。;；不没未]{{1,16}}?(?:{_HAND_IN})[^,，。;；不没未]{{0,16}}了\s*$|"
    # 课已经讲完了, 改到上周五在会议中心上完了: a class taught or studied to its end
    r"(?:上|讲|教)完|"
    # 上了一堂项目论证专题课, 讲了一次数据安全课, 在党校上的课: a class given, whatever its measure
    # word (一堂, 一节, 个…) and topic — but 上了一个台阶 is no class: the 课 must follow in the clause
    r"(?:上|讲)(?:了|的|过)[^,，。;；!！?？]{0,24}?课(?![件题表时])|"
    # 培训没取消, 并未取消, 今天下午两点照常, 如期进行: a cancellation denied, or a clause closed by
    # "as planned", says it went ahead
    r"(?:没有?|未被?|没被)取消|(?:照常|如期)(?:进行)?了?\s*$|"
    # 派了同事参加, 安排了信息科的同事去参加: sent someone, so it was attended
    r"(?:派|安排)了[^,，。;；]{0,10}?(?:参加|出席|参会|去)"
)
# 不是/不错/不少: a 不 that negates no activity verb is caught by the verb list above; 没想到 too,
# and 没几个人参加, 没多少人到场: a 没 over a quantity says few came, not that nothing was held.
_NOT_A_NEGATION = re.compile(
    r"没想到|不少|不到|不错|没有?(?:几|多少)|"
    # 没有外单位参加, 没有领导出席: no outsider came, said of a meeting that was held — the negation
    # is over who attended, not over the activity (unlike 没有参加, 没能出席, 我们没有去)
    r"没有?(?:外|其他|其它|别的|领导|专家|嘉宾)[^,，。;；\s]{0,3}?(?:参加|出席|参与|到场)|"
    # 外单位没有参加, 其他科室都没来参加: the outsider named before the negation (but 领导没有参加 may
    # be our own leader staying away, so only the outsider words, and not 我们和其他单位都没有参加)
    r"(?<!和)(?:外|其他|其它|别的)[^,，。;；\s没未]{0,3}?(?:没有?|未)来?(?:参加|出席|参与|到场)"
)

# A date that is not the activity's: a deadline, a notice's date, a day the activity moved from.
_DEADLINE_AFTER = re.compile(r"\s*的?(?:之前|以前|前|为止|截止|底前|期限)")
_DEADLINE_BEFORE = re.compile(
    r"(?:截止|截至|最迟|最晚|不晚于|不迟于)(?:日期?|时间|期限)?\s*(?:是|为|到)?\s*$"
)
_NOTICE_AFTER = re.compile(r"\s*(?:的|发的|下发的?|印发的?|接到|收到)?\s*(?:通知|文件|来函|要求)")
_SUPERSEDED = r"原定|原计划|原本|本来|原先|原来|计划|说好"
_SUPERSEDED_BEFORE = re.compile(rf"(?:{_SUPERSEDED})[^,，。;；]{{0,4}}$")
# (提前到今天上午11点: brought forward is moved too)
MOVED_TO = r"(?:推迟|延期|延后|改期|顺延|提前|推|挪|改|拖|延|调整)(?:到|至|成|为)"
_MOVED_TO_BEFORE = re.compile(rf"{MOVED_TO}了?\s*$")
# 每年5月31日和11月30日两次报送: a day of a recurring rule, not one occurrence.
_RECURRING_BEFORE = re.compile(r"每年")
# 5月29日报过上半年的, 去年交过一次: an experiential 过 tells of an earlier occurrence (开过了 is done).
_EARLIER = re.compile(rf"{_VERB}过(?!了|程)")
# The activity's own verb, by kind: the day in the clause of 报送 (a report), or of 开/办 (a training
# or meeting: 11月13日正式开班) is its date, not the day the report was finished or a notice went out.
OWN_VERB = {
    "report": HAND_IN,
    "training": re.compile(_HOLD),
    "exchange_meeting": re.compile(_HOLD),
}

_LOOK_BACK = 12
"""Every "before the date" word above is within this many characters of it."""
NEGATIVE = -1
POSITIVE = 1


HOLDING = "hold"
HANDING_IN = "hand_in"


@dataclass(frozen=True, slots=True)
class Clause:
    start: int
    end: int
    polarity: int
    """``NEGATIVE``, ``POSITIVE`` or 0 (says nothing about whether the activity happened)."""
    verb: str = ""
    """Which verb decided the polarity: ``HOLDING`` (开了, 办完, 参加了), ``HANDING_IN`` (报送了,
    还没报, 交不了) or "" (another: a cancellation, 完成, 去). A held meeting and a report handed in
    are told apart by it (开了研讨会…纪要还没报: the negation is over the by-product's verb)."""


HEARSAY = re.compile(r"听说|据说")
# 会上讲了…, 我在会上介绍了…, 会中部署了…: a clause opening on the meeting's floor (no 上次会上: an
# earlier one) and telling what was said there as done.
_CONTENT_REPORTED = re.compile(
    r"\s*(?:我们?|大家|各[^,，。;；\s]{0,4}?)?在?(?:会上|会中|会议上)[^,，。;；]{0,16}?"
    r"(?:讲|交流|通报|部署|介绍|讨论|强调|分享)了"
)
# …after a clause that names a meeting (联席会议, 推进会，…).
_MEETING_BEFORE = re.compile(r"会议|会(?=\s*[,，。;；!！])")


def said_at_meeting(text: str, start: int, end: int) -> bool:
    """Does the clause ``text[start:end]`` tell, as done, what was said at a meeting named before
    it (…联席会议，会上讲了数据共享的经验)? Such a clause says the meeting met, and the kind words in
    it (会上部署了培训) are only what was said there."""
    return bool(_CONTENT_REPORTED.match(text, start, end) and _MEETING_BEFORE.search(text, 0, start))


def split(text: str) -> list[Clause]:
    """The clauses of a normalised line, each with its polarity."""
    out: list[Clause] = []
    start = 0
    moved = False
    held = False
    for m in [*_BREAK.finditer(text), None]:
        end = m.start() if m else len(text)
        if end > start:
            polarity, verb = _polarity(text[start:end])
            if polarity == 0 and moved and restates_held(text[start:end]):
                polarity, verb = POSITIVE, HOLDING
            if polarity == 0 and said_at_meeting(text, start, end):
                # 召开首席数据官联席会议，我代表本局参会，会上讲了数据共享的经验: what was said at the
                # meeting named before, told as done, says it met
                polarity, verb = POSITIVE, HOLDING
            if polarity == POSITIVE and HEARSAY.search(text, start, end):
                # 没去成，听说会开得挺好的: what others say was held is not what we did
                polarity, verb = 0, ""
            if polarity == NEGATIVE and verb == HANDING_IN and held:
                # 开了一个专题研讨会…会后形成了一份纪要，但还没报给市里: after a clause that held the
                # activity, a negation over a hand-in verb is over a by-product (the minutes, a
                # write-up), the object of its own clause — it says nothing of the meeting held.
                polarity = 0
            moved = moved or polarity == NEGATIVE
            held = held or (polarity == POSITIVE and verb == HOLDING)
            out.append(Clause(start, end, polarity, verb))
        start = m.end() if m else end
    return out


# 原计划上周开班，因为场地冲突推到了今天，上午9点在市民中心开班 / 没办成…11月13日下午2点半通过腾讯会议
# 开展: after a clause that moved or cancelled the activity, a clause that ends in its holding verb
# with a time of its own (a clock time, a day written, today or a day gone by) — not ahead, not
# intended (要开), not superseded (原定…) — says when it was held after all.
# (a class is held by its teaching verb too: 推迟了，上周四下午在三楼会议室上课)
# (开讲: a lecture opens by its teaching verb — 11月18日下午专家正式开讲)
_HELD_AT_END = re.compile(rf"(?:(?:{_HOLD})(?:班|课|讲)?|(?:上|讲|授)课)\s*$")
_OWN_DAY = re.compile(rf"[0-9{CN_DIGITS}]{{1,2}}月[0-9{CN_DIGITS}]{{1,3}}[日号]|今天|当天|昨|前天|上周")
_SUPERSEDED_IN = re.compile(_SUPERSEDED)


def restates_held(clause: str) -> bool:
    """Does the clause end in the activity's holding verb, on a day or at a clock time of its own,
    neither ahead nor intended nor superseded (11月9日下午2点在区委党校正式开班)?"""
    from bot.core.intake.dates import has_clock_time, plan_words

    return bool(
        _HELD_AT_END.search(clause)
        and (_OWN_DAY.search(clause) or has_clock_time(clause))
        and not (_AHEAD.search(clause) or _SUPERSEDED_IN.search(clause) or plan_words(clause))
    )


# 培训下周才开: 才 with a day still ahead says when it will be, not that it was done.
_AHEAD = re.compile(r"明天|明日|后天|下周|下个?星期|下个?月|明年")


# 在横琴新区管委会开了, 交流会开完了: a 会 that ends a name right before the holding verb marked done
# is no modal "will" (会参加的, 我会去的) — unless a subject or an adverb stands before it (不会开了,
# 我们会开的, 也会办).
_NOUN_HUI = re.compile(
    rf"(?<=[\u4e00-\u9fff])(?<![不我们你他她也都就还该能可])会(?=(?:{_HOLD})(?:了|完|过|得))"
)
# The verbs that decide a clause's polarity, by class (see ``Clause.verb``): 培训了 and 上了一堂…课
# hold an activity too.
_HOLD_IN = re.compile(rf"{_HOLD}|培训|课")


def _verb_class(match: str) -> str:
    if _HOLD_IN.search(match):
        return HOLDING
    return HANDING_IN if HAND_IN.search(match) else ""


def _polarity(clause: str) -> tuple[int, str]:
    """The clause's polarity (its last verb of holding, handing in or cancelling wins) and the
    class of that verb."""
    masked = _NOT_A_NEGATION.sub(lambda m: " " * len(m[0]), clause)
    masked = _NOUN_HUI.sub("#", masked)
    last: tuple[int, int, str] | None = None
    ahead = _AHEAD.search(masked) is not None
    for pattern, value in ((_NEGATIVE, NEGATIVE), (_POSITIVE, POSITIVE)):
        for m in pattern.finditer(masked):
            # 培训下周才开, 推到明天上完: with a day ahead, 才 and a bare 完 say when it will be
            if ahead and value == POSITIVE and (m[0].startswith("才") or m[0].endswith("完")):
                continue
            if last is None or m.end() > last[0] or (m.end() == last[0] and value == NEGATIVE):
                last = (m.end(), value, m[0])
    return (last[1], _verb_class(last[2])) if last else (0, "")


def done_in(text: str, start: int, end: int) -> bool:
    """Does ``text[start:end]`` mark an activity verb done (开了, 报上去了, 才办)?"""
    return _POSITIVE.search(text, start, end) is not None


def outcome(clauses: list[Clause]) -> int:
    """The line's verdict: the polarity of its last clause that has one (0 when none has)."""
    for c in reversed(clauses):
        if c.polarity:
            return c.polarity
    return 0


def clause_at(clauses: list[Clause], index: int) -> Clause | None:
    """The clause holding ``index`` (or ending right at it); clauses are in reading order."""
    i = bisect.bisect_right(clauses, index, key=lambda c: c.start) - 1
    if i >= 0 and index <= clauses[i].end:
        return clauses[i]
    return None


def not_the_activitys_date(text: str, start: int, end: int, clause: Clause) -> bool:
    """A deadline, a notice's date or a day the activity was moved away from."""
    before = text[max(clause.start, start - _LOOK_BACK) : start]
    if _MOVED_TO_BEFORE.search(before):
        return False
    return bool(
        _DEADLINE_AFTER.match(text, end)
        or _DEADLINE_BEFORE.search(before)
        or _NOTICE_AFTER.match(text, end)
        or _SUPERSEDED_BEFORE.search(before)
        or _RECURRING_BEFORE.search(before)
    )


def earlier(text: str, clause: Clause) -> bool:
    """Does the clause tell of an earlier occurrence (报过上半年的, 交过一次)?"""
    return _EARLIER.search(text, clause.start, clause.end) is not None


def moved_to(text: str, start: int, clause: Clause) -> bool:
    """Is the date at ``start`` where the activity was moved to (推迟到上周四)?"""
    return bool(_MOVED_TO_BEFORE.search(text[max(clause.start, start - _LOOK_BACK) : start]))
