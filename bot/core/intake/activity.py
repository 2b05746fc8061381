"""One chat line → an activity draft: kind first (cheap), then dates, counts, place and title."""

from __future__ import annotations

import re
from bisect import bisect_left
from datetime import date, datetime, time

from bot.core.intake.clauses import (
    MOVED_TO,
    NEGATIVE,
    OWN_VERB,
    POSITIVE,
    Clause,
    clause_at,
    earlier,
    moved_to,
    not_the_activitys_date,
    outcome,
    split,
)
from bot.core.intake.dates import EVENING, PERIOD, SET_FOR, Found, is_future, period_spans, plan_words, scan
from bot.core.intake.english import gloss
from bot.core.intake.fields import (
    COUNT_LABELS,
    dated_mention,
    described_title,
    find_attendees,
    find_location,
    subject,
)
from bot.core.intake.kinds import (
    KEYWORDS,
    announces_plan,
    find_kind,
    log_start,
    mentions,
    names_event,
    notice_then_held,
    spelled_out,
)
from bot.core.intake.model import KINDS, ActivityDraft, IntakeError, Kind, ParseResult
from bot.core.intake.text import mask, normalise
from bot.core.intake.typos import correct


def parse_activity(text: str, now: datetime, *, kind: Kind | None = None) -> ParseResult:
    """Parse a CDO's one-line activity log against ``now`` (aware; its zone decides "today").

    ``kind`` is for guided dialogs (/train …) that already know what is being recorded: the line
    is then parsed as that kind even without a kind word ("昨天下午，30人，数据安全"), and the
    title is whatever subject text is left once dates, counts and place are taken out.
    """
    if now.tzinfo is None:
        raise ValueError("parse_activity needs an aware datetime")
    if kind is not None and kind not in KINDS:
        raise ValueError(f"unknown activity kind {kind!r}")
    clean = gloss(normalise(text))
    clauses = split(clean)
    found = find_kind(clean, clauses)
    fixed = spelled_out(clean, clauses, found)
    if fixed is not None and (refound := find_kind(fixed, split(fixed))) is not None:
        clean, clauses, found = fixed, split(fixed), refound
    if found is None and kind is None:
        return ParseResult(text, None)
    if found is None or (kind is not None and found[0] != kind):
        # No (matching) kind word: the subject is the whole line, so the "keyword" is its empty end.
        found = (kind, len(clean), len(clean)) if found is None else (kind, found[1], found[2])  # type: ignore[assignment]
    assert found is not None
    kind, kw_start, kw_end = found
    picker = _picker(clean, clauses, kw_start, kind, log_start(clean, clauses))
    picked: list[Found] = []
    dated: list[Found] = []

    def pick(dates: list[Found], times: list[Found]) -> tuple[Found | None, Found | None]:
        day, clock = picker(dates, times)
        if day is not None:
            picked.append(day)
        dated.extend(dates)
        return day, clock

    when = scan(clean, now, future=is_future(clean), pick=pick)
    if isinstance(when.when, IntakeError):
        return ParseResult(text, None, when.when, kind)
    # 参训任数52人: a homophone of the count label, corrected like the kind words (same length).
    attendees, attendee_spans = find_attendees(correct(clean, COUNT_LABELS))
    location, location_span = find_location(clean)
    if location_span is not None and kw_start < location_span[1] and location_span[0] < kw_end:
        kw_start, kw_end = _off_the_venue(clean, clauses, kind, kw_start, kw_end, location_span)
    noise = [*when.spans, *attendee_spans, *period_spans(clean)]
    if location_span is not None:
        noise.append(location_span)
    # Keep the keyword itself even if a noise span touched it (e.g. a period word inside it); a span
    # that starts inside the keyword and runs past it (培训人数大概在五十左右, a count label holding the
    # keyword) is blanked past the keyword only.
    if not KEYWORDS.fullmatch(clean, kw_start, kw_end):
        # 今天上午CDO例会开完了: a meeting named by its own words starts after a day or time before them
        for s, e in sorted(noise):
            if s <= kw_start < e < kw_end and clean[e:kw_end].strip():
                kw_start = e + len(clean[e:kw_end]) - len(clean[e:kw_end].lstrip())
    noise = [(max(s, kw_end), e) if kw_start <= s < kw_end < e else (s, e) for s, e in noise]
    noise = [(s, e) for s, e in noise if e <= kw_start or s >= kw_end]
    masked = mask(clean, noise)
    others = mentions(clean, kind)
    day = picked[0].start if picked else None
    home = clause_at(clauses, kw_start)
    # (the keyword's clause tells of another occurrence: an earlier one, or one on a day not taken)
    elsewhere = (
        bool(picked)
        and home is not None
        and (
            _earlier_occurrence(clean, home, OWN_VERB[kind])
            or any(f is not picked[0] and clause_at(clauses, f.start) is home for f in dated)
        )
    )
    if (
        location_span is not None
        and kw_end > kw_start
        and location_span[1] <= kw_start
        and masked[location_span[1] : kw_start].strip() == ""
    ):
        # 全局数据素养线上培训: a venue written inside the subject, right before the keyword, is cut
        # out rather than blanked, so it does not split the subject from its keyword.
        s, e = location_span
        masked = masked[:s] + masked[e:]
        kw_start, kw_end = kw_start - (e - s), kw_end - (e - s)
        others = [(a - (e - s), b - (e - s)) if a >= e else (a, b) for a, b in others if not (s <= a < e)]
        day = day - (e - s) if day is not None and day >= e else day
    if day is not None and kw_end > kw_start:
        # …报送市政数局；上半年的工作总结5月份已经报过了: the title names the activity whose day was taken
        kw_start, kw_end = dated_mention(masked, (kw_start, kw_end), others, day, elsewhere)
    title = described_title(masked, kw_start, kw_end, others) if kw_end > kw_start else subject(masked)
    draft = ActivityDraft(
        kind=kind,
        date=when.when.date,
        time=when.when.time,
        attendees=attendees,
        title=title,
        location=location,
        date_assumed=when.when.date_assumed,
        date_vague=when.when.vague,
    )
    if notice_then_held(clean, clauses) and not _gone_by(draft, now):
        # 收到通知，11月27日下午2点在区委党校开班: the notice of an activity still ahead logs nothing.
        return ParseResult(text, None)
    planned = _planned(clean, clauses, kw_start) and draft.date >= now.date()
    return ParseResult(text, draft, None, kind, planned=planned)


def _gone_by(draft: ActivityDraft, now: datetime) -> bool:
    """Is the activity's day (and clock time, when given) before ``now``?"""
    today = now.date()
    if draft.date != today:
        return draft.date < today
    return draft.time is not None and draft.time <= now.time().replace(tzinfo=None)


def _off_the_venue(
    text: str, clauses: list[Clause], kind: Kind, kw_start: int, kw_end: int, venue: tuple[int, int]
) -> tuple[int, int]:
    """The keyword's span once the venue (腾讯会议, 视频会议) it overlaps is no part of it.

    CDO例会 done，腾讯会议，18人 names the meeting by 例会; the channel is its place. A keyword run that
    reaches into the venue (例会 视频会议) ends before it; a keyword that is the venue gives way to
    another kind word of the same kind outside it. A venue that is the only kind word (在培训中心)
    stays the keyword.
    """
    s, e = venue
    head = text[kw_start:s].rstrip()
    if kw_start < s and head:
        return kw_start, kw_start + len(head)
    other = find_kind(mask(text, [venue]), clauses)
    if other is not None and other[0] == kind and (other[2] <= s or other[1] >= e):
        return other[1], other[2]
    return kw_start, kw_end


def _planned(text: str, clauses: list[Clause], kw_start: int) -> bool:
    """明天要组织培训, 下周去市里开交流会: the keyword's clause says it is still to come."""
    c = clause_at(clauses, kw_start)
    if c is None or c.polarity == POSITIVE or outcome(clauses) == POSITIVE:
        return False
    # 下周三组织数据标准培训，请各科室报名: a line ahead telling others to act announces a plan (but
    # 明天上午十点开交流会，请准时参加 states a fixed schedule).
    intended = plan_words(text[c.start : c.end]) and not _moved_from_plan(text, clauses, c)
    return intended or (is_future(text) and announces_plan(text, clauses))


# 原计划本周二开, 本来计划周三开: a plan word that only says what was planned before a move.
_FORMER_PLAN = re.compile(r"(?:原|本来|原本|原先|原来)计划")
_MOVED = re.compile(MOVED_TO)


def _moved_from_plan(text: str, clauses: list[Clause], c: Clause) -> bool:
    """原计划本周二开研讨会，现提前到今天上午11点开: the keyword's clause is intended only as the former
    plan, and a later clause moves the activity to a day it states with no intent of its own — that
    later clause fixes the schedule (a plan still open, 明天要组织培训, has no such move)."""
    if plan_words(_FORMER_PLAN.sub(" ", text[c.start : c.end])) or not _FORMER_PLAN.search(
        text, c.start, c.end
    ):
        return False
    return any(
        later.start > c.start
        and later.polarity != NEGATIVE
        and _MOVED.search(text, later.start, later.end)
        and not plan_words(text[later.start : later.end])
        for later in clauses
    )


def _picker(text: str, clauses: list[Clause], kw_start: int, kind: Kind, log_start: int):
    """The activity's own date and time among all in the line (see :mod:`clauses`)."""
    verdict = outcome(clauses)
    base = clauses
    home = clause_at(clauses, kw_start)
    own = OWN_VERB[kind]

    words = [m.span() for m in KEYWORDS.finditer(text)]

    verbed: dict[int, bool] = {}

    def has_own_verb(c: Clause | None) -> bool:
        # …not inside a kind word (季度数据报告), nor in a clause still to come (11月24日要开的是下一场);
        # asked once per clause (a line may hold many dates in one clause)
        if c is None:
            return False
        if c.start not in verbed:
            verbed[c.start] = any(
                not any(s <= m.start() < e for s, e in words) for m in own.finditer(text, c.start, c.end)
            ) and not plan_words(text[c.start : c.end])
        return verbed[c.start]

    def pick(dates: list[Found], times: list[Found]) -> tuple[Found | None, Found | None]:
        """The day and clock chosen, the clock then read in its day's half-day (see
        :func:`_with_days_half`): 上周二晚上，…，7点开始 gives 7点 no half-day of its own."""
        day, clock = choose(dates, times)
        return day, _with_days_half(text, dates, day, clock)

    def other_event(c: Clause | None) -> bool:
        """Is ``c`` a clause, not the keyword's, naming an event and no activity of this kind
        (昨天上午，9点先开了个党委会，会后…报送了)? Its clock is that event's, not the activity's."""
        return (
            c is not None
            and c is not home
            and names_event(text, c.start, c.end)
            and not any(m.lastgroup == kind for m in KEYWORDS.finditer(text, c.start, c.end))
        )

    def choose(dates: list[Found], times: list[Found]) -> tuple[Found | None, Found | None]:
        """The activity's own day and clock. The clauses are re-read first, with a clause holding
        only days joined to the next (:func:`_fronted_days`), which only the dates and times
        found tell — so the closures above see those clauses too (``nonlocal``)."""
        nonlocal clauses, home
        # 上周二晚上，我们组织…开了推进会: a day written alone in a clause dates the clause after it
        clauses = _fronted_days(text, base, dates, times)
        home = clause_at(clauses, kw_start)
        kept = []
        for f in dates:
            c = clause_at(clauses, f.start)
            if c is None or not not_the_activitys_date(text, f.start, f.end, c):
                kept.append(f)
        # 座谈会纪要今天才印发，会是10月29日开的: the day a by-product of the activity (its minutes,
        # notice, slides) was issued or received gives way to a day of the activity itself.
        starts = [t.start for t in times]
        kept = [f for f in kept if not _by_product_day(text, clauses, f, times, starts)] or kept
        # 今天补登一下：…上周五办的: the day of a clause that only records the line is not the activity's.
        kept = [
            f
            for f in kept
            if (c := clause_at(clauses, f.start)) is None
            or has_own_verb(c)
            or not _RECORDS.search(text, c.start, c.end)
            or _POINTED.search(text, c.start, f.start)
            # 先把今天的记一下: the day of what is recorded, not of the recording
            or text.startswith("的", f.end)
        ] or kept
        if verdict == POSITIVE:
            held = [f for f in kept if _held(text, clauses, f)]
            kept = held or kept
        # 前天的会延到昨天开的: a day before the day it was moved to, in the same clause, is gone.
        moved = [
            (clause_at(clauses, f.start), f.start)
            for f in kept
            if (c := clause_at(clauses, f.start)) and moved_to(text, f.start, c)
        ]
        kept = [
            f for f in kept if not any(clause_at(clauses, f.start) is c and f.start < at for c, at in moved)
        ]
        # 研讨会从上周一开始筹备，本周三下午3点召开: the day preparations started gives way to a day
        # in a clause that convenes the activity or sets its day (定在).
        prep = [f for f in kept if _prepared_on(text, clauses, f, own)]
        if prep and any(
            f not in prep
            and (c := clause_at(clauses, f.start)) is not None
            and (_convenes(text, c, own) or _SET_FOR.search(text, c.start, c.end))
            for f in kept
        ):
            kept = [f for f in kept if f not in prep]
        # 周三要迎检…先把上周的事记了：上周一下午3点…: the log starts at the record colon's clause.
        kept = [f for f in kept if f.start >= log_start] or kept
        # 5月29日报过上半年的，下半年这份昨天交了: a day of an earlier occurrence gives way.
        # …but not to a later by-product of it (9月24日开过一次交流会，纪要上周二才定稿): only to a day
        # whose clause holds the activity's own verb.
        later = [
            f
            for f in kept
            if (c := clause_at(clauses, f.start)) is None or not _earlier_occurrence(text, c, own)
        ]
        if any(has_own_verb(clause_at(clauses, f.start)) for f in later):
            kept = later
        # 上周二和上周四各开了一次交流会，这次记上周四的: the day a record word points at is the one logged
        pointed = [
            f
            for f in kept
            if (c := clause_at(clauses, f.start)) is not None and _POINTED.search(text, c.start, f.start)
        ]
        if not pointed and (named := _POINTED_ORDINAL.search(text)) is not None:
            # 11月10日开了第一次，11月17日又开了第二次，这条记第二次: the day of the occurrence named.
            pointed = [
                f
                for f in kept
                if (c := clause_at(clauses, f.start)) is not None
                and c is not clause_at(clauses, named.start())
                and named["o"] in text[c.start : c.end]
            ]
        in_home = [f for f in kept if clause_at(clauses, f.start) is home]
        done = [f for f in kept if (c := clause_at(clauses, f.start)) is not None and c.polarity == POSITIVE]
        acting = [f for f in kept if has_own_verb(clause_at(clauses, f.start))]
        day = (
            pointed or (in_home if has_own_verb(home) else []) or acting or in_home or done or kept or [None]
        )[0]
        step: tuple[Found, int] | None = None
        if day is not None and (c := clause_at(clauses, day.start)) is not None:
            # 10月15日起草、11月2日审签、11月5日正式报送: of a chain of dated steps, the own verb's step
            steps = [f for f in kept if clause_at(clauses, f.start) is c]
            if (step := _own_step(text, c, steps, times, _STEP_VERB.get(kind, own), words)) is not None:
                day, step_end = step
        where = clause_at(clauses, day.start) if day is not None else home
        # (昨天上午，9点先开了个党委会，会后…报送了: the day's clause names another event, whose time
        # the clock is)
        same = [t for t in times if clause_at(clauses, t.start) is where and not other_event(where)]
        if step is not None:
            # (…、11月9日下午3点组织培训: the clock of the own verb's step)
            same = [t for t in same if day is not None and day.start <= t.start < step_end]
        if not same and day is not None:
            # 推迟到11月19日，当天下午3点开的 / …，昨天下午4点: a clock time in a clause whose days are
            # all the activity's day.
            same = [
                t
                for t in times
                if (days := [f for f in dates if clause_at(clauses, f.start) is clause_at(clauses, t.start)])
                and all(f.value == day.value for f in days)
                and not other_event(clause_at(clauses, t.start))
            ]
        if day is None and not same:
            same = times
        if not same:
            # 上午…组织了培训，…从8点半讲到9点40: a clock time in a clause with no day of its own
            # is the activity's, unless that clause says it did not happen or was superseded
            # (本来通知是3点).
            dated = {id(clause_at(clauses, f.start)) for f in dates}
            same = [
                t
                for t in times
                if (c := clause_at(clauses, t.start)) is not None
                and id(c) not in dated
                and c.polarity != NEGATIVE
                and not not_the_activitys_date(text, t.start, t.end, c)
                # 9点先开了个党组会，会后…报送了总结: a time in a clause of another event is that event's
                and (c is home or not names_event(text, c.start, c.end))
            ]
        # 原定昨天下午3点，推迟到下午5点才开 / 通知说下午2点，实际拖到3点半才开始: the clock it was moved
        # to is the one it was held at; moved on the same day, it keeps the day written before.
        moved_clock = [t for t in times if _MOVED_CLOCK.search(text, max(0, t.start - _LOOK_BACK), t.start)]
        if moved_clock:
            clock = moved_clock[-1]
            if day is None:
                day = next((f for f in reversed(dates) if f.start < clock.start), None)
            return day, clock
        clock = same[0] if same else None
        if clock is not None and _ends_at(text, clock):
            # 培训9点才结束，8点开始 / 开到12点，9点半开讲: the time of an activity is its start — a
            # clock marked as the start, elsewhere in the line, wins over the end's
            start = next(
                (
                    t
                    for t in times
                    if t is not clock
                    and _STARTS_AFTER.match(text, t.end)
                    and not _ends_at(text, t)
                    and (c := clause_at(clauses, t.start)) is not None
                    and c.polarity != NEGATIVE
                    and not other_event(c)
                ),
                None,
            )
            # (开到快11点 as the line's only clock: an end says nothing of when it began)
            clock = start or (clock if len(times) > 1 else None)
        return day, clock

    return pick


# 9点才结束, 11点散会, 5点散场: a clock marked as the end of the activity by what follows it…
_ENDS_AFTER = re.compile(r"\s*才?\s*(?:结束|散会|散场)")
# …or by what precedes it, 开到12点, 讲到下午5点 (开到快11点, 开到将近12点: a rough end is an end).
_ENDS_BEFORE = re.compile(rf"(?:开|讲)到\s*(?:快|近|将近|差不多)?\s*(?:{PERIOD})?\s*$")
# 8点开始, 9点开会, 9点半开讲: a clock marked as its start.
_STARTS_AFTER = re.compile(r"\s*(?:开始|开会|开讲)")


def _ends_at(text: str, clock: Found) -> bool:
    """Is ``clock`` marked as when the activity ended (9点才结束, 开到12点)? An activity's time is
    its start, so such a clock gives way to one marked as the start."""
    return bool(
        _ENDS_AFTER.match(text, clock.end)
        or _ENDS_BEFORE.search(text[max(0, clock.start - _LOOK_BACK) : clock.start])
    )


def _fronted_days(text: str, clauses: list[Clause], dates: list[Found], times: list[Found]) -> list[Clause]:
    """The clauses, each one that holds nothing but days, clock times and half-day words (上周二晚上，)
    joined to the clause after it: a day fronted in a clause of its own is when that clause's event
    happened, not a fact of its own — so the activity's clause is dated by it."""
    spans = sorted((f.start, f.end, isinstance(f.value, date)) for f in (*dates, *times))
    if not spans:
        return clauses
    starts = [s for s, _, _ in spans]
    out: list[Clause] = []
    fronted: Clause | None = None
    for i, c in enumerate(clauses):
        if fronted is not None:
            c = Clause(fronted.start, c.end, c.polarity, c.verb)
            fronted = None
        inside = [
            (s, e, is_day)
            for s, e, is_day in spans[bisect_left(starts, c.start) : bisect_left(starts, c.end)]
            if e <= c.end
        ]
        if (
            i + 1 < len(clauses)
            and any(is_day for _, _, is_day in inside)
            and not _ONLY_WHEN.sub(
                "", mask(text[c.start : c.end], [(s - c.start, e - c.start) for s, e, _ in inside])
            ).strip()
        ):
            fronted = c
            continue
        out.append(c)
    return out


# What may stand beside the days and clocks of a clause that only says when (上周二晚上, 11月12日 下午):
# half-day words (the masked spans are blanks already).
_ONLY_WHEN = re.compile(rf"{PERIOD}")
_OWN_HALF = re.compile(rf"(?:{PERIOD})\s*$")
_HALF_AFTER = re.compile(rf"\s*(?P<p>{PERIOD})")
_HALF_AT_END = re.compile(rf"(?P<p>{PERIOD})$")


def _with_days_half(text: str, dates: list[Found], day: Found | None, clock: Found | None) -> Found | None:
    """The clock, read in the half-day of the day mention nearest before it when it has no half-day
    of its own: 上周二晚上，…，7点开始 is 19:00 (a bare 7点 reads as the morning's)."""
    if day is None or clock is None or not isinstance(clock.value, time):
        return clock
    if _OWN_HALF.search(text, max(0, clock.start - 4), clock.start):
        return clock
    before = [f for f in dates if f.end <= clock.start]
    if not before or before[-1].value != day.value:
        return clock
    near = before[-1]
    half = _HALF_AFTER.match(text, near.end) or _HALF_AT_END.search(text, near.start, near.end)
    if half is None or half["p"] not in EVENING or clock.value.hour >= 12:
        return clock
    return Found(clock.start, clock.end, clock.value.replace(hour=clock.value.hour + 12))


# 起草, 领导审签, 正式报送: what makes the text after a day a step of its own — two Chinese characters
# in a row once its clocks and half-day words are blanked (上周二到上周四, 11月3日、11月10日 have none).
_STEP = re.compile(r"[\u4e00-\u9fff]{2}")
# 11月8日定稿、11月9日发给市政数局: a report's step of handing in may send it (发给, 发送) too.
_STEP_VERB = {"report": re.compile(rf"{OWN_VERB['report'].pattern}|发给|发送")}


def _own_step(
    text: str,
    c: Clause,
    steps: list[Found],
    times: list[Found],
    own: re.Pattern[str],
    words: list[tuple[int, int]],
) -> tuple[Found, int] | None:
    """The day, among several in one clause, whose step holds the activity's own verb, when each day
    opens a step of its own (10月15日起草、11月2日领导审签、11月5日正式报送…报告: 11月5日), with where
    its step ends; ``None`` when the days are a range or a list (上周二到上周四, 11月3日、11月10日),
    or the first step holds the own verb already. A report is dated when it was handed in, a
    training when it was held — not when it was drafted, approved or announced."""
    if len(steps) < 2:
        return None
    steps = sorted(steps, key=lambda f: f.start)
    clocks = [(t.start, t.end) for t in times]
    held: tuple[Found, int] | None = None
    for i, f in enumerate(steps):
        end = steps[i + 1].start if i + 1 < len(steps) else c.end
        inside = [(s - f.end, e - f.end) for s, e in clocks if f.end <= s and e <= end]
        step = _ONLY_WHEN.sub(" ", mask(text[f.end : end], inside))
        if i + 1 < len(steps) and not _STEP.search(step):
            return None  # a range or a list of days, not steps
        verb = any(not any(s <= m.start() < e for s, e in words) for m in own.finditer(text, f.end, end))
        if verb:
            held = held or (f, end)
    return held if held is not None and held[0] is not steps[0] else None


def _earlier_occurrence(text: str, c: Clause, own: re.Pattern[str]) -> bool:
    """Does the clause tell of an earlier occurrence than the one logged: said so (5月29日报过) or done
    by then, set against this one (see :func:`_before_this`)?"""
    return earlier(text, c) or _before_this(text, c, own)


def _before_this(text: str, c: Clause, own: re.Pattern[str]) -> bool:
    """Does the clause tell of an earlier occurrence, done by then (5月29日就交了), set against this
    occurrence (这次, 这回, 本次) in another clause? Neither alone says so: 昨天就交了 is the one logged."""
    if not any(not c.start <= m.start() < c.end for m in _THIS_TIME.finditer(text)):
        return False
    for m in _BY_THEN.finditer(text, c.start, c.end):
        verb = own.match(text, m.end())
        if verb is not None and text.startswith("了", verb.end()):
            return True
    return False


_THIS_TIME = re.compile(r"这次|这回|本次|这一次")
# 5月29日就交了, 早就报了, 6月就已经办了: done by then (the own verb follows).
_BY_THEN = re.compile(r"(?:就|早已)\s*(?:已经?)?\s*")

_LOOK_BACK = 12
# 推迟到下午5点, 拖到3点半, 改到了晚上7点, 推到下午4点, 提前至1点半, 调整为下午3点: a move to a clock
# time (the period word may sit between) — any move verb of the shared list.
_MOVED_CLOCK = re.compile(rf"(?:{MOVED_TO}了?|实际上?)\s*(?:{PERIOD})?\s*$")
# 今天补登一下, 今天记的是第三期, 今天主要是补登记一下: a clause whose only verb records the line.
_RECORDS = re.compile(r"补(?:登|记|录)|录入|记(?:一下|下来|的是)")


# 这次记上周四的, 下半年的这次11月19日已提交: a record word, or this occurrence, right before the day.
_POINTED = re.compile(r"(?:(?:记|录)(?:一下)?|这次|这份|本次)\s*$")
_POINTED_ORDINAL = re.compile(r"记(?:一下|的是)?\s*(?P<o>第[0-9一二三四五六七八九十]{1,3}[次场期])")


# 纪要今天才印发, 课件昨天上传, 简报昨天发出, 通知上周五就下发了: a day between a by-product noun and
# the verb that issued or received it; 今天才印发了会议纪要: or before the verb and its noun.
_BY_PRODUCTS = "纪要|通知|材料|简报|课件|照片"
_BY_PRODUCT_NOUN = re.compile(rf"(?:{_BY_PRODUCTS})\s*$")
_BY_PRODUCT_VERB = re.compile(
    rf"\s*(?:{PERIOD})?\s*(?:才|就|已经?|刚刚?)?\s*(?:正式)?\s*(?:印发|下发|发出|发布|收到|定稿|上传)"
)
_PERIOD_GAP = re.compile(rf"\s*(?:{PERIOD})?\s*")
_BY_PRODUCT_OBJECT = re.compile(rf"了?\s*[\u4e00-\u9fff]{{0,4}}?(?:{_BY_PRODUCTS})")


def _by_product_day(
    text: str, clauses: list[Clause], f: Found, times: list[Found], starts: list[int]
) -> bool:
    """Is the day at ``f`` when a by-product of the activity was issued, not when it was held?

    纪要昨天下午3点才印发: a clock right after the day is part of the by-product's moment."""
    c = clause_at(clauses, f.start)
    start = c.start if c is not None else 0
    i = bisect_left(starts, f.end)  # the first clock at or after the day (times are in reading order)
    end = times[i].end if i < len(times) and _PERIOD_GAP.fullmatch(text, f.end, times[i].start) else f.end
    verb = _BY_PRODUCT_VERB.match(text, end)
    return verb is not None and bool(
        _BY_PRODUCT_NOUN.search(text, max(start, f.start - _LOOK_BACK), f.start)
        or _BY_PRODUCT_OBJECT.match(text, verb.end())
    )


# 开始筹备, 协调了一个月, 着手策划: the verbs of getting an activity ready (准备 is a plan word already).
_PREPARING = re.compile(r"筹备|协调|策划")
_SET_FOR = re.compile(SET_FOR)


def _convenes(text: str, c: Clause, own: re.Pattern[str]) -> bool:
    """Does clause ``c`` hold the activity's own verb, other than the 开 of 开始 (began to)?"""
    return any(not text.startswith("开始", m.start()) for m in own.finditer(text, c.start, c.end))


def _prepared_on(text: str, clauses: list[Clause], f: Found, own: re.Pattern[str]) -> bool:
    """Is the day at ``f`` when preparations were made (从上周一开始筹备): a preparation verb after it
    in its clause, which convenes nothing itself?"""
    c = clause_at(clauses, f.start)
    return c is not None and bool(_PREPARING.search(text, f.end, c.end)) and not _convenes(text, c, own)


def _held(text: str, clauses: list[Clause], f: Found) -> bool:
    """Not in a clause saying the activity did not happen, unless it is where it was moved to."""
    c = clause_at(clauses, f.start)
    return c is None or c.polarity != NEGATIVE or moved_to(text, f.start, c)
