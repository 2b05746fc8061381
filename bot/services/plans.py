"""A future activity is a plan, not a record: what the bot offers instead of a 确认 card.

Layer: services (imports ``bot.core``, ``storage`` and ``bot.services``; never telegram).

"明天下午要组织一场数据安全培训" names something that has not happened, so it must never be saved as
held work nor count toward a quota or a report. The intake may flag such a line (``ParseResult.planned``);
whatever it says, a draft dated after today is a plan too (the safety net). A plan keeps its draft
(``payload["planned"]``) and gets a plan card instead of the confirmation card:

- 活动结束后提醒我确认: one outbox row for the day after the date, at the member's reminder hour,
  whose button (``act:held:<draft id>``) brings back the card so the CDO confirms that it took place;
- 加入会议日程 (exchange meetings, for those who may schedule the city's meetings): the meeting goes on
  the schedule with its reminders and sign-in, which is how attendance is counted;
- 不用了: the draft is dropped.

``confirm_draft`` refuses a plan until its day is over, so no path saves it early.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from bot.core.clock import SHANGHAI
from bot.core.reminder_plan import DEFAULT_HOUR
from bot.core.replies import Choice, Reply
from storage.models import PendingDraft
from storage.uow import UnitOfWork

FOLLOWUP_RULE = "activity_followup"
"""``rule_key`` of the "did it take place?" outbox row (a notice: the reminder plan never cancels it)."""
FOLLOWUP_KEEP = timedelta(days=14)
"""How long after its day a plan's card can still be confirmed from the follow-up."""


def is_planned(payload: dict[str, Any], today: date) -> bool:
    """Not yet held: flagged by the intake and not yet past, or dated after today."""
    day = date.fromisoformat(payload["date"])
    return day > today or (bool(payload.get("planned")) and day >= today)


def plan_expiry(day: date) -> datetime:
    """A plan's draft lives until well after its day, so the follow-up's card still works."""
    return datetime.combine(day + FOLLOWUP_KEEP, time(23, 59), tzinfo=SHANGHAI)


def _data(action: str, draft_id: int) -> str:
    return f"act:{action}:{draft_id}"


def plan_card(uow: UnitOfWork, draft: PendingDraft, actor: Any) -> Reply:
    """Say it is a plan and offer what can be done with it (see the module docstring)."""
    from bot.core.i18n import translator
    from bot.services.activity import format_day

    p = draft.payload
    day = date.fromisoformat(p["date"])
    t = translator()
    scheduled = _meeting_on(uow, actor, day) if p["kind"] == "exchange_meeting" else None
    note = ""
    if scheduled is not None:
        local = scheduled.starts_at.astimezone(SHANGHAI)
        note = t.format("activity.plan.on_schedule", {"title": scheduled.title, "time": f"{local:%H:%M}"})
    params = {
        "kind": t.gettext(f"activity.kind.{p['kind']}"),
        "date": format_day(day),
        "time": f" {p['time']}" if p.get("time") else "",
        "title": p.get("title") or "",
        "note": note,
    }
    buttons = [Choice("activity.plan.button.follow_up", _data("follow", draft.id))]
    if p["kind"] == "exchange_meeting" and scheduled is None:
        # Meetings are the bureau's to schedule: a coordinator does it at once, a CDO asks them to.
        action = "sched" if _may_schedule(actor) else "propose"
        buttons.append(Choice(f"activity.plan.button.{action}", _data(action, draft.id)))
    buttons.append(Choice("activity.plan.button.drop", _data("cancel", draft.id)))
    return Reply("activity.plan.card", params, (tuple(buttons),))


def _may_schedule(actor: Any) -> bool:
    return bool(getattr(actor, "is_admin", False) or getattr(actor, "role", None) == "coordinator")


def _meeting_on(uow: UnitOfWork, actor: Any, day: date) -> Any:
    city = getattr(actor, "city", None)
    if not city:
        return None
    start = datetime.combine(day, time(0), tzinfo=SHANGHAI)
    found = uow.meetings.upcoming(city, start, start + timedelta(days=1))
    return found[0] if found else None


def ask_after(uow: UnitOfWork, draft: PendingDraft, actor: Any, now: datetime) -> Reply:
    """Queue the follow-up for the day after the plan's date; pressing the button twice queues one."""
    from bot.services.activity import format_day

    p = draft.payload
    day = date.fromisoformat(p["date"])
    member = uow.members.get(draft.member_id)
    hour = member.reminder_hour if member is not None and member.reminder_hour is not None else DEFAULT_HOUR
    due = max(now, datetime.combine(day + timedelta(days=1), time(hour), tzinfo=SHANGHAI))
    city = getattr(actor, "city", None) or (member.city if member else None) or "none"
    uow.outbox.add_if_absent(
        dedupe_key=f"{city}.{FOLLOWUP_RULE}|draft-{draft.id}|notice|{draft.member_id}",
        rule_key=FOLLOWUP_RULE,
        period_key=f"draft-{draft.id}",
        kind="meeting" if p["kind"] == "exchange_meeting" else "quota",
        due_at=due,
        member_id=draft.member_id,
        chat_address=member.chat_address if member is not None else draft.chat_address,
        payload={
            "city": city,
            "message": "activity.plan.followup",
            "notice": True,
            "stage": "followup",
            "buttons": [
                [
                    {"label": "activity.plan.button.held", "data": _data("held", draft.id)},
                    {"label": "activity.plan.button.not_held", "data": _data("cancel", draft.id)},
                ]
            ],
            "params": {
                "date": format_day(day),
                "kind": _kind(p["kind"]),
                "title": p.get("title") or "",
            },
        },
        created_at=now,
    )
    draft.expires_at = max(draft.expires_at, plan_expiry(day))
    return Reply("activity.plan.followup_set", {"date": format_day(day), "title": p.get("title") or ""})


def propose_to_coordinators(uow: UnitOfWork, draft: PendingDraft, actor: Any, now: datetime) -> Reply:
    """加入会议日程 from a CDO: each coordinator of the city gets a notice whose button schedules the
    meeting (``act:csched:<draft id>``); the CDO then gets its reminders and signs in like everyone."""
    from bot.services.activity import format_day

    p = draft.payload
    city = getattr(actor, "city", None)
    coordinators = uow.members.active_in_city(city, ("coordinator",)) if city else []
    day = date.fromisoformat(p["date"])
    params = {
        "unit": getattr(actor, "unit_name", None) or "",
        "name": getattr(actor, "display_name", None) or "",
        "date": format_day(day),
        "time": p.get("time") or "",
        "title": p.get("title") or "",
    }
    for member in coordinators:
        uow.outbox.add_if_absent(
            dedupe_key=f"{city}.meeting_proposed|draft-{draft.id}|notice|{member.id}",
            rule_key="meeting_proposed",
            period_key=f"draft-{draft.id}",
            kind="meeting",
            due_at=now,
            member_id=member.id,
            chat_address=member.chat_address,
            payload={
                "city": city,
                "message": "activity.plan.proposed",
                "notice": True,
                "stage": "proposed",
                "buttons": [[{"label": "activity.plan.button.sched", "data": _data("csched", draft.id)}]],
                "params": params,
            },
            created_at=now,
        )
    if not coordinators:
        return Reply("activity.plan.no_coordinator")
    return Reply("activity.plan.proposal_sent", {"count": len(coordinators), **params})


def _kind(kind: str) -> str:
    from bot.core.i18n import translator

    return translator().gettext(f"activity.kind.{kind}")
