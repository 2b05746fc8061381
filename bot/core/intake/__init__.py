"""Activity intake: a CDO's one-line chat message → a draft activity record. Pure core.

Public API::

    parse_activity(text: str, now: datetime, *, kind: Kind | None = None) -> ParseResult
    parse_when(text: str, now: datetime, *, future: bool | None = None) -> When | IntakeError

    ParseResult(text, draft: ActivityDraft | None, error: IntakeError | None, kind: Kind | None,
                planned: bool)
        # planned: a future activity (明天要组织培训); to_json() then says "kind": null, "planned_kind"
        .to_json() -> {"text", "kind", "date", "time", "attendees", "title", "location",
                       "date_assumed", "error"}     # error: null or {"code", "detail"}
    ActivityDraft(kind, date, time | None, attendees | None, title, location | None, date_assumed)
    When(date, time | None, date_assumed)
    IntakeError(code, detail)       # codes: "impossible_date", "impossible_time"
    Kind = Literal["training", "exchange_meeting", "report"]

All dataclasses are frozen. ``now`` must be aware (Asia/Shanghai in practice). Nothing here raises
on user text: arbitrary Unicode, emoji, control characters and number soup yield either
``draft=None`` (not an activity) or a well-formed draft; the input is cut at 4,096 characters.
A line without a date is dated today with ``date_assumed=True`` so the bot can ask "是今天吗？".
``kind=`` forces the kind (guided dialogs); the title may then be "" when nothing is left of the line.
Reusable pieces: ``numbers.to_int`` (Chinese numerals), ``fields.find_attendees`` / ``find_location``.
How dates are resolved and why dateparser is only a fallback: see :mod:`bot.core.intake.dates`.
"""

from bot.core.intake.activity import parse_activity
from bot.core.intake.dates import parse_when
from bot.core.intake.model import KINDS, ActivityDraft, IntakeError, Kind, ParseResult, When

__all__ = [
    "KINDS",
    "ActivityDraft",
    "IntakeError",
    "Kind",
    "ParseResult",
    "When",
    "parse_activity",
    "parse_when",
]
