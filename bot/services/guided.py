"""The space-separated lines of the guided dialogs and commands: ``日期 时间 主题 人数 地点``.

Layer: services (uses the intake's readers from ``bot.core.intake``; no platform).

``/train`` asks "日期、时间、主题、人数、地点" and shows ``11月20日下午3点 数据安全培训 30人 市民中心``;
people answer in exactly that shape, often without any kind word or 在 before the place, which the
free-text intake needs. Here the words are read by position instead: the date and time words and
the count go to their fields, a last word that names a place (区委党校, 市政府8楼会议室 — as the
intake's own place reader judges it) is the place, and what is left is the title. ``/schedule add``
uses the same rule for its place when no ``@`` is written.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class GuidedLine:
    title: str
    attendees: int | None
    location: str | None


def is_place(word: str) -> bool:
    """Whether ``word`` as a whole names a place (``区委党校``, ``市民中心``, ``线上``)."""
    from bot.core.intake.fields import find_location

    found, _ = find_location(f"在{word}")
    return found == word or (found is not None and found == word.removeprefix("在"))


def split_place(text: str) -> tuple[str, str | None]:
    """``第二次…交流会 市政府8楼会议室`` → (``第二次…交流会``, ``市政府8楼会议室``); no place → (text, None)."""
    words = text.split()
    if len(words) >= 2 and is_place(words[-1]):
        return " ".join(words[:-1]), words[-1]
    return text, None


def _is_when(word: str, now: datetime) -> bool:
    from bot.core.intake import parse_when

    when = parse_when(word, now)
    return hasattr(when, "date") and (not when.date_assumed or when.time is not None)


def read_guided_line(text: str, now: datetime) -> GuidedLine | None:
    """Title, count and place of ``11月5日 个人信息保护专题 45人 区委党校``; None for a single phrase."""
    from bot.core.intake.fields import find_attendees

    words = text.split()
    if len(words) < 2:
        return None
    attendees = None
    rest: list[str] = []
    for word in words:
        count, spans = find_attendees(word)
        if count is not None and spans and spans[0] == (0, len(word)) and attendees is None:
            attendees = count
        elif not _is_when(word, now):
            rest.append(word)
    location = None
    if len(rest) >= 2 and is_place(rest[-1]):
        location = rest.pop()
    title = " ".join(rest).strip()
    if not title:
        return None
    return GuidedLine(title, attendees, location)


def read_count(text: str) -> int | None:
    """A typed attendee count: ``45``, ``45人``, ``四十五``, ``大概二十来个``, ``三十多人``."""
    from bot.core.intake.fields import find_attendees
    from bot.core.intake.numbers import to_int

    value = text.strip()
    for suffix in ("人", "名", "位"):
        value = value.removesuffix(suffix)
    number = to_int(value.strip())
    if number is not None:
        return number
    for candidate in (text.strip(), f"{text.strip()}人"):
        count, _ = find_attendees(candidate)
        if count is not None:
            return count
    return None
