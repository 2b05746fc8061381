"""Activity records: one chat line → a confirmation card → a saved record, plus history, undo and evidence.

Layer: services (may import ``bot.core`` and ``storage``; never telegram).

The flow: ``propose_activity`` parses the text (``bot.core.intake``) and stores a
``PendingDraft``; the card's buttons carry the draft id (``act:confirm:<id>``), so a card shown
before a restart still works after it. ``confirm_draft`` writes exactly one ``Activity`` however
often 确认 is pressed. Records belong to the unit: staff may log for the unit's CDO
(``entered_by`` = staff, ``on_behalf_of`` = the CDO) and a new CDO inherits the history.
Every create, edit, delete and restore writes an ``AuditLog`` row.

Messages come from ``locale/zh_CN/LC_MESSAGES/activity.po``. Parts of a card that depend on
the data (a date with its weekday, an optional "on behalf of" line) are rendered from that
catalog here, so that every adapter shows the same card.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import PurePath
from typing import Any

from bot.core.address import Address
from bot.core.clock import SHANGHAI, Clock
from bot.core.i18n import Translator, translator
from bot.core.ids import parse_id
from bot.core.replies import Choice, Reply
from bot.services.access import Actor
from bot.services.errors import NotAuthorized, NotFound, ValidationFailed
from storage.models import ACTIVITY_KINDS, Activity, Evidence, PendingDraft, ReportSubmission
from storage.uow import UnitOfWork, UnitOfWorkFactory

CALLBACK_PREFIX = "act"
DRAFT_TTL = timedelta(days=2)
"""How long a card's 确认 works; long enough to confirm tomorrow, short enough that stale cards expire."""
EDIT_STATE = "activity.edit"
EDIT_TTL = timedelta(minutes=10)
EVIDENCE_MAX_BYTES = 20 * 1024 * 1024
"""Telegram's getFile limit for bots: a larger file could never be downloaded again."""
EVIDENCE_RECENT = timedelta(days=7)
EVIDENCE_MIME_TYPES = frozenset(
    {
        "application/pdf",
        "application/msword",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.ms-excel",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/vnd.ms-powerpoint",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "application/vnd.oasis.opendocument.text",
        "application/vnd.oasis.opendocument.spreadsheet",
        "application/vnd.oasis.opendocument.presentation",
        "application/wps-office.doc",
        "application/wps-office.docx",
        "application/wps-office.xls",
        "application/wps-office.xlsx",
        "application/wps-office.ppt",
        "application/wps-office.pptx",
        "application/zip",
        "application/x-zip-compressed",
    }
)
EDITABLE_FIELDS = ("date", "time", "title", "attendees", "location", "kind")
MAX_ATTENDEES = 100_000
MAX_TEXT = 200
HISTORY_BUTTONS_PER_ROW = 5

Parser = Callable[[str, datetime], Any]


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class DraftCard:
    """A card to show: ``reply`` carries the buttons; ``fields`` the draft as plain data."""

    draft_id: int
    fields: dict[str, Any]
    reply: Reply


@dataclass(frozen=True)
class IntakeFailure:
    """The text was not turned into a card. ``code``: ``not_activity``, ``impossible_date``, ``impossible_time`` …"""

    code: str
    reply: Reply


@dataclass(frozen=True)
class DraftOutcome:
    """What 确认/取消 did: ``status`` is ``saved``, ``already_saved``, ``cancelled``, ``expired``,
    ``planned`` (not yet held: the plan card) or ``duplicate`` (matches a saved record: asks first)."""

    status: str
    reply: Reply
    activity_id: int | None = None


@dataclass(frozen=True)
class ButtonResult:
    """A button press, for any adapter: replace the card (``edit``) or answer below; wait for a typed value?"""

    reply: Reply
    edit: bool = True
    awaits_value: bool = False


@dataclass(frozen=True)
class HistoryItem:
    activity_id: int
    unit_name: str
    kind: str
    date: date
    time: time | None
    title: str
    attendees: int | None
    location: str | None
    evidence_count: int
    deletable: bool


@dataclass(frozen=True)
class History:
    items: tuple[HistoryItem, ...]
    reply: Reply


@dataclass(frozen=True)
class EvidenceFile:
    """A file as its platform describes it: on Telegram the bytes stay there (``file_id``); WeCom
    forgets media after three days, so its transport downloads them and passes ``content``."""

    telegram_file_id: str
    file_unique_id: str
    file_name: str | None = None
    mime_type: str | None = None
    file_size: int | None = None
    caption: str | None = None
    content: bytes | None = field(default=None, repr=False)
    """The file's bytes, kept in ``evidence_contents``, when the platform does not keep them."""


@dataclass(frozen=True)
class EvidenceAttached:
    evidence_id: int
    activity_id: int
    reply: Reply
    duplicate: bool = False


@dataclass(frozen=True)
class ReportRecorded:
    activity_id: int
    submission_id: int
    reply: Reply
    duplicate: bool = False


# --------------------------------------------------------------------------- rendering helpers


def format_day(day: date) -> str:
    """``2026年11月23日（周一）``: the pattern and weekday names are catalog entries."""
    t = translator()
    weekday = t.gettext(f"activity.weekday.{day.weekday()}")
    return t.format(
        "activity.format.day", {"year": day.year, "month": day.month, "day": day.day, "weekday": weekday}
    )


def _kind_label(kind: str) -> str:
    return translator().gettext(f"activity.kind.{kind}")


def _or_not_given(value: Any) -> str:
    return translator().gettext("activity.card.not_given") if value in (None, "") else str(value)


def _data(action: str, *ids: int | str) -> str:
    return ":".join([CALLBACK_PREFIX, action, *(str(i) for i in ids)])


def _fields_of(draft: PendingDraft) -> dict[str, Any]:
    p = draft.payload
    return {
        "kind": p["kind"],
        "date": date.fromisoformat(p["date"]),
        "time": time.fromisoformat(p["time"]) if p.get("time") else None,
        "attendees": p.get("attendees"),
        "title": p.get("title") or "",
        "location": p.get("location"),
        "date_assumed": bool(p.get("date_assumed")),
        "date_vague": p.get("date_vague"),
        "original_text": p.get("original_text", ""),
    }


def _date_note(fields: dict[str, Any], t: Translator) -> str:
    """Why the card's day may be wrong: none written, or a period (上周末) written for it."""
    if not fields["date_assumed"]:
        return ""
    if fields.get("date_vague"):
        return t.format("activity.card.date_vague", {"period": fields["date_vague"]})
    return t.gettext("activity.card.date_assumed")


def _card(uow: UnitOfWork, draft: PendingDraft) -> DraftCard:
    f = _fields_of(draft)
    t = translator()
    on_behalf = ""
    author = uow.members.get(draft.member_id)
    if author is not None and author.role == "staff" and author.unit_id is not None:
        cdo = uow.members.active_cdo(author.unit_id)
        if cdo is not None:
            on_behalf = t.format("activity.card.on_behalf", {"name": cdo.display_name})
    params = {
        "kind": _kind_label(f["kind"]),
        "date": format_day(f["date"]),
        "date_note": _date_note(f, t),
        "time": _or_not_given(f["time"].strftime("%H:%M") if f["time"] else None),
        "title": f["title"],
        "attendees": _or_not_given(f["attendees"]),
        "location": _or_not_given(f["location"]),
        "on_behalf": on_behalf,
    }
    choices = (
        (
            Choice("button.confirm", _data("confirm", draft.id)),
            Choice("button.edit", _data("edit", draft.id)),
            Choice("button.cancel", _data("cancel", draft.id)),
        ),
    )
    return DraftCard(draft_id=draft.id, fields=f, reply=Reply(f"activity.card.{f['kind']}", params, choices))


def _activity_params(activity: Activity) -> dict[str, Any]:
    return {
        "id": activity.id,
        "kind": _kind_label(activity.kind),
        "date": format_day(activity.date),
        "title": activity.title,
    }


def _snapshot(activity: Activity) -> dict[str, Any]:
    return {
        "unit_id": activity.unit_id,
        "kind": activity.kind,
        "date": activity.date.isoformat(),
        "time": activity.time.strftime("%H:%M") if activity.time else None,
        "title": activity.title,
        "attendees": activity.attendees,
        "location": activity.location,
        "entered_by": activity.entered_by,
        "on_behalf_of": activity.on_behalf_of,
    }


def _require_unit(actor: Actor) -> int:
    if actor is None:
        raise NotAuthorized("service.not_authorized")
    if not actor.records_for_unit:
        raise NotAuthorized("activity.no_unit")
    assert actor.unit_id is not None
    return actor.unit_id


# --------------------------------------------------------------------------- propose / confirm / cancel


def _default_parser() -> Parser:
    from bot.core.intake import parse_activity

    return parse_activity


def _default_when() -> Callable[..., Any]:
    from bot.core.intake import parse_when

    return parse_when


_ATTENDEES = re.compile(r"(\d{1,6}|[零〇一二两三四五六七八九十百千万]{1,8})\s*(?:人|名|位)")


def _forced_kind_payload(text: str, kind: str, now: datetime) -> dict[str, Any] | IntakeFailure:
    """A guided dialog (/train …) already knows the kind: read what we can from the rest of the line."""
    when = _default_when()(text, now)
    if not hasattr(when, "date"):  # an IntakeError
        return IntakeFailure(when.code, Reply(f"activity.intake.{when.code}", {"detail": when.detail}))
    from bot.core.intake.numbers import to_int

    match = _ATTENDEES.search(text)
    return {
        "kind": kind,
        "date": when.date.isoformat(),
        "time": when.time.strftime("%H:%M") if when.time else None,
        "attendees": to_int(match.group(1)) if match else None,
        "title": text.strip()[:MAX_TEXT],
        "location": None,
        "date_assumed": bool(when.date_assumed),
    }


def _fill_from_guided_line(payload: dict[str, Any], text: str, now: datetime, *, parsed: bool) -> None:
    """A guided dialog's answer in the prompt's shape (``11月5日 个人信息保护专题 45人 区委党校``):
    the words by position fill what the free-text reading left empty (``bot.services.guided``)."""
    from bot.services.guided import read_guided_line

    line = read_guided_line(text, now)
    if line is None:
        return
    if not parsed or payload.get("title") in (None, "", text.strip()[:MAX_TEXT]):
        payload["title"] = line.title[:MAX_TEXT]
    if payload.get("location") is None and line.location:
        payload["location"] = line.location[:MAX_TEXT]
    if payload.get("attendees") is None and line.attendees is not None:
        payload["attendees"] = line.attendees


def propose_activity(
    uow_factory: UnitOfWorkFactory,
    clock: Clock,
    actor: Actor,
    *,
    text: str,
    chat: Address,
    kind: str | None = None,
    parser: Parser | None = None,
) -> DraftCard | IntakeFailure:
    """Turn a chat line into a stored draft and its card; nothing is recorded until 确认.

    ``kind`` comes from a guided dialog (/train, /meeting, /report) and overrides the parsed
    kind. ``parser`` defaults to ``bot.core.intake.parse_activity`` (tests may pass a stub).
    """
    unit_id = _require_unit(actor)
    if kind is not None and kind not in ACTIVITY_KINDS:
        raise ValidationFailed("activity.bad_kind", kind=kind)
    text = (text or "").strip()
    if not text:
        return IntakeFailure("empty", Reply("activity.intake.empty"))
    now = clock.now()
    result = (parser or _default_parser())(text, now)
    if result.error is not None:
        code = result.error.code
        known = code in ("impossible_date", "impossible_time")
        return IntakeFailure(
            code, Reply(f"activity.intake.{code if known else 'invalid'}", {"detail": result.error.detail})
        )
    if result.draft is not None:
        d = result.draft
        payload: dict[str, Any] = {
            "kind": kind or d.kind,
            "date": d.date.isoformat(),
            "time": d.time.strftime("%H:%M") if d.time else None,
            "attendees": d.attendees,
            "title": (d.title or "").strip()[:MAX_TEXT] or text[:MAX_TEXT],
            "location": (d.location or None) and d.location[:MAX_TEXT],
            "date_assumed": bool(d.date_assumed),
            "date_vague": d.date_vague,
        }
    elif kind is not None:
        forced = _forced_kind_payload(text, kind, now)
        if isinstance(forced, IntakeFailure):
            return forced
        payload = forced
    else:
        return IntakeFailure("not_activity", Reply("activity.intake.not_activity"))
    if kind is not None:
        _fill_from_guided_line(payload, text, now, parsed=result.draft is not None)
    payload["original_text"] = text[:4096]
    payload["unit_id"] = unit_id
    from bot.services import plans

    if getattr(result, "planned", False):
        payload["planned"] = True
    planned = plans.is_planned(payload, now.astimezone(SHANGHAI).date())
    if planned:
        payload["planned"] = True
    expires = now + DRAFT_TTL
    if planned:
        expires = max(expires, plans.plan_expiry(date.fromisoformat(payload["date"])))
    with uow_factory() as uow:
        draft = uow.conversations.add_draft(
            PendingDraft(
                kind="activity",
                member_id=actor.member_id,
                chat_address=chat.chat_address.text,
                payload=payload,
                created_at=now,
                expires_at=expires,
            )
        )
        uow.flush()
        if planned:
            card = DraftCard(draft.id, _fields_of(draft), plans.plan_card(uow, draft, actor))
        else:
            card = _card(uow, draft)
        uow.commit()
        return card


def _own_draft(uow: UnitOfWork, actor: Actor, draft_id: int) -> PendingDraft:
    draft = uow.conversations.get_draft(draft_id)
    if draft is None or draft.kind != "activity":
        raise NotFound("activity.draft.not_found")
    if actor is None or draft.member_id != actor.member_id:
        raise NotAuthorized("activity.draft.not_yours")
    return draft


def _closed_outcome(uow: UnitOfWork, draft: PendingDraft, now: datetime) -> DraftOutcome | None:
    """The answer for a card that can no longer be confirmed (saved, cancelled or expired), else None."""
    if draft.status == "confirmed":
        activity = uow.activities.get(draft.activity_id, include_deleted=True) if draft.activity_id else None
        if activity is None:
            return DraftOutcome("already_saved", Reply("activity.draft.already_confirmed"), draft.activity_id)
        return DraftOutcome(
            "already_saved", Reply("activity.already_saved", _activity_params(activity)), draft.activity_id
        )
    if draft.status == "cancelled":
        return DraftOutcome("cancelled", Reply("activity.draft.cancelled"))
    if draft.status == "expired" or draft.expires_at <= now:
        if draft.status == "pending":
            uow.conversations.resolve_draft(draft, "expired", now)
            uow.commit()
        return DraftOutcome("expired", Reply("activity.draft.expired"))
    return None


def _same_record(uow: UnitOfWork, draft: PendingDraft) -> Activity | None:
    """A live record of the unit with the draft's kind, day and title: saving again would count it twice."""
    f = _fields_of(draft)
    unit_id = int(draft.payload["unit_id"])
    title = f["title"].strip()
    for row in uow.activities.in_period([unit_id], f["date"], f["date"], kind=f["kind"]):
        if row.title.strip() == title:
            return row
    return None


def confirm_draft(
    uow_factory: UnitOfWorkFactory, clock: Clock, actor: Actor, draft_id: int, *, duplicate_ok: bool = False
) -> DraftOutcome:
    """Save the card as a record: once. A second press answers "already saved" with the same record.

    A plan (dated after today, or flagged by the intake and not yet past) is never saved: the plan
    card comes back instead. A draft that matches a saved record (same kind, day and title) asks
    first; ``duplicate_ok`` is the answer 仍然保存.
    """
    from bot.services import plans

    now = clock.now()
    with uow_factory() as uow:
        draft = _own_draft(uow, actor, draft_id)
        closed = _closed_outcome(uow, draft, now)
        if closed is not None:
            return closed
        if plans.is_planned(draft.payload, now.astimezone(SHANGHAI).date()):
            if not draft.payload.get("planned"):
                draft.payload = {**draft.payload, "planned": True}
                uow.commit()
            return DraftOutcome("planned", plans.plan_card(uow, draft, actor))
        same = None if duplicate_ok else _same_record(uow, draft)
        if same is not None:
            uow.conversations.reload_draft(draft)  # the match may be this very card, saved by a racing press
            closed = _closed_outcome(uow, draft, now)
            if closed is not None:
                return closed
            choices = (
                (
                    Choice("activity.button.save_anyway", _data("dupok", draft.id)),
                    Choice("button.cancel", _data("cancel", draft.id)),
                ),
            )
            return DraftOutcome(
                "duplicate", Reply("activity.duplicate.ask", _activity_params(same), choices), same.id
            )
        if not uow.conversations.resolve_draft(draft, "confirmed", now):  # a racing press won
            uow.rollback()
            return confirm_draft(uow_factory, clock, actor, draft_id, duplicate_ok=duplicate_ok)
        f = _fields_of(draft)
        unit_id = int(draft.payload["unit_id"])
        author = uow.members.get(actor.member_id)
        if author is None or not author.active or author.unit_id != unit_id:
            raise NotAuthorized("activity.no_unit")
        cdo = uow.members.active_cdo(unit_id) if author.role == "staff" else None
        activity = uow.activities.add(
            Activity(
                unit_id=unit_id,
                kind=f["kind"],
                date=f["date"],
                time=f["time"],
                title=f["title"],
                attendees=f["attendees"],
                location=f["location"],
                original_text=f["original_text"],
                entered_by=actor.member_id,
                on_behalf_of=cdo.id if cdo else None,
                created_at=now,
                updated_at=now,
            )
        )
        draft.activity_id = activity.id
        uow.audit.record(
            at=now,
            action="create",
            entity="activity",
            entity_id=activity.id,
            actor_member_id=actor.member_id,
            actor_label=actor.display_name,
            after={**_snapshot(activity), "draft_id": draft.id},
        )
        uow.commit()
        choices = ((Choice("activity.button.delete", _data("del", activity.id)),),)
        return DraftOutcome(
            "saved", Reply("activity.saved", _activity_params(activity), choices), activity.id
        )


def cancel_draft(uow_factory: UnitOfWorkFactory, clock: Clock, actor: Actor, draft_id: int) -> DraftOutcome:
    now = clock.now()
    with uow_factory() as uow:
        draft = _own_draft(uow, actor, draft_id)
        closed = _closed_outcome(uow, draft, now)
        if closed is not None:
            return closed
        if not uow.conversations.resolve_draft(draft, "cancelled", now):
            uow.rollback()
            return cancel_draft(uow_factory, clock, actor, draft_id)
        uow.commit()
        return DraftOutcome("cancelled", Reply("activity.draft.cancelled"))


CANCEL_WINDOW = timedelta(minutes=10)
"""``/cancel`` closes a card shown this recently (one days old, or a plan waiting for its day, stays)."""


def cancel_open_card(uow_factory: UnitOfWorkFactory, clock: Clock, actor: Actor, *, chat: Address) -> bool:
    """``/cancel`` right after a card: the card is what is in progress, so it is cancelled (and says so
    when pressed later). True if there was one."""
    now = clock.now()
    with uow_factory() as uow:
        draft = uow.conversations.latest_pending_draft(actor.member_id, now)
        if (
            draft is None
            or draft.kind != "activity"
            or draft.chat_address != chat.chat_address.text
            or draft.created_at < now - CANCEL_WINDOW
        ):
            return False
        draft_id = draft.id
    return cancel_draft(uow_factory, clock, actor, draft_id).status == "cancelled"


def show_draft(
    uow_factory: UnitOfWorkFactory, clock: Clock, actor: Actor, draft_id: int
) -> DraftCard | DraftOutcome:
    """The card again (the 返回 button), or why it can no longer be used; a plan not yet past shows its plan card."""
    from bot.services import plans

    now = clock.now()
    with uow_factory() as uow:
        draft = _own_draft(uow, actor, draft_id)
        closed = _closed_outcome(uow, draft, now)
        if closed is not None:
            return closed
        if plans.is_planned(draft.payload, now.astimezone(SHANGHAI).date()):
            return DraftCard(draft.id, _fields_of(draft), plans.plan_card(uow, draft, actor))
        return _card(uow, draft)


def _on_open_plan(
    uow_factory: UnitOfWorkFactory,
    clock: Clock,
    actor: Actor,
    draft_id: int,
    action: Callable[[UnitOfWork, PendingDraft, Actor, datetime], Reply],
) -> Reply:
    """Run ``action`` on the actor's own plan while it is still open (a closed one answers as closed)."""
    now = clock.now()
    with uow_factory() as uow:
        draft = _own_draft(uow, actor, draft_id)
        closed = _closed_outcome(uow, draft, now)
        if closed is not None:
            return closed.reply
        reply = action(uow, draft, actor, now)
        uow.commit()
        return reply


def follow_up_plan(uow_factory: UnitOfWorkFactory, clock: Clock, actor: Actor, draft_id: int) -> Reply:
    """活动结束后提醒我确认: one reminder the day after the plan's date, whose button brings back the card."""
    from bot.services import plans

    return _on_open_plan(uow_factory, clock, actor, draft_id, plans.ask_after)


def propose_plan(uow_factory: UnitOfWorkFactory, clock: Clock, actor: Actor, draft_id: int) -> Reply:
    """加入会议日程 from a CDO: ask the city's coordinators (``plans.propose_to_coordinators``)."""
    from bot.services import plans

    return _on_open_plan(uow_factory, clock, actor, draft_id, plans.propose_to_coordinators)


def schedule_proposed(uow_factory: UnitOfWorkFactory, clock: Clock, actor: Actor, draft_id: int) -> Reply:
    """A coordinator schedules the meeting a CDO proposed; the CDO's plan stays (its follow-up still works)."""
    from bot.core.cities import load_cities
    from bot.services import schedule

    with uow_factory() as uow:
        draft = uow.conversations.get_draft(draft_id)
        if draft is None or draft.kind != "activity":
            raise NotFound("activity.draft.not_found")
        author = uow.members.get(draft.member_id)
        f = _fields_of(draft)
        start = datetime.combine(f["date"], f["time"] or time(0), tzinfo=SHANGHAI)
        city_code = author.city if author is not None else None
        already = uow.meetings.upcoming(city_code, start - timedelta(hours=12), start + timedelta(hours=12))
    city = schedule.city_for(actor, city_code, load_cities())  # only this city's coordinators (or an admin)
    if already:
        return Reply("activity.plan.already_scheduled", {"title": already[0].title})
    if f["time"] is None:
        raise ValidationFailed("schedule.meeting.need_time")
    request = schedule.MeetingRequest(start, f["title"][:200], f["location"])
    return schedule.schedule_meeting(uow_factory, clock, actor, city=city, request=request).reply


def schedule_plan(uow_factory: UnitOfWorkFactory, clock: Clock, actor: Actor, draft_id: int) -> Reply:
    """加入会议日程: a coordinator's planned exchange meeting goes on the city's schedule (reminders, sign-in)."""
    from bot.core.cities import load_cities
    from bot.services import schedule

    now = clock.now()
    with uow_factory() as uow:
        draft = _own_draft(uow, actor, draft_id)
        closed = _closed_outcome(uow, draft, now)
        if closed is not None:
            return closed.reply
        f = _fields_of(draft)
    if f["time"] is None:
        raise ValidationFailed("schedule.meeting.need_time")
    city = schedule.city_for(actor, getattr(actor, "city", None), load_cities())
    request = schedule.MeetingRequest(
        datetime.combine(f["date"], f["time"], tzinfo=SHANGHAI), f["title"][:200], f["location"]
    )
    changed = schedule.schedule_meeting(uow_factory, clock, actor, city=city, request=request)
    with uow_factory() as uow:
        draft = _own_draft(uow, actor, draft_id)
        uow.conversations.resolve_draft(draft, "cancelled", now)
        uow.commit()
    return changed.reply


# --------------------------------------------------------------------------- editing a draft


def _open_draft(uow: UnitOfWork, actor: Actor, draft_id: int, now: datetime) -> PendingDraft:
    draft = _own_draft(uow, actor, draft_id)
    closed = _closed_outcome(uow, draft, now)
    if closed is not None:
        raise ValidationFailed(closed.reply.key, **closed.reply.params)
    return draft


def edit_menu(uow_factory: UnitOfWorkFactory, clock: Clock, actor: Actor, draft_id: int) -> Reply:
    """Which field to change: one button per field, and 返回 to the card."""
    with uow_factory() as uow:
        draft = _open_draft(uow, actor, draft_id, clock.now())
        rows = [
            tuple(Choice(f"activity.field.{name}", _data("field", draft.id, name)) for name in pair)
            for pair in (("date", "time"), ("title", "attendees"), ("location", "kind"))
        ]
        rows.append((Choice("activity.button.back", _data("back", draft.id)),))
        return Reply("activity.edit.choose", {}, tuple(rows))


def kind_menu(uow_factory: UnitOfWorkFactory, clock: Clock, actor: Actor, draft_id: int) -> Reply:
    with uow_factory() as uow:
        draft = _open_draft(uow, actor, draft_id, clock.now())
        row = tuple(Choice(f"activity.kind.{k}", _data("set", draft.id, "kind", k)) for k in ACTIVITY_KINDS)
        return Reply(
            "activity.edit.choose_kind", {}, (row, (Choice("activity.button.back", _data("back", draft.id)),))
        )


def _parse_time(value: str, now: datetime) -> time:
    m = re.fullmatch(r"\s*(\d{1,2})\s*[:：.]\s*(\d{2})\s*", value)
    if m and int(m.group(1)) < 24 and int(m.group(2)) < 60:
        return time(int(m.group(1)), int(m.group(2)))
    when = _default_when()(value, now)
    if hasattr(when, "time") and when.time is not None:
        return when.time
    raise ValidationFailed("activity.edit.bad_time", value=value.strip())


def _apply_field(payload: dict[str, Any], field_name: str, value_text: str, now: datetime) -> None:
    value = (value_text or "").strip()
    if field_name == "date":
        when = _default_when()(value, now)
        if not hasattr(when, "date"):
            raise ValidationFailed("activity.edit.bad_date", value=when.detail or value)
        if when.date_assumed:  # no day in what was typed
            raise ValidationFailed("activity.edit.bad_date", value=value)
        payload["date"] = when.date.isoformat()
        payload["date_assumed"] = False
        payload["date_vague"] = None
        if when.time is not None:
            payload["time"] = when.time.strftime("%H:%M")
    elif field_name == "time":
        if value in ("", "-", "—", "无"):
            payload["time"] = None
        else:
            payload["time"] = _parse_time(value, now).strftime("%H:%M")
    elif field_name == "attendees":
        from bot.services.guided import read_count

        number = read_count(value)
        if number is None or not 0 < number <= MAX_ATTENDEES:
            raise ValidationFailed("activity.edit.bad_attendees", value=value)
        payload["attendees"] = number
    elif field_name == "title":
        if not value or len(value) > MAX_TEXT:
            raise ValidationFailed("activity.edit.bad_title", limit=MAX_TEXT)
        payload["title"] = value
    elif field_name == "location":
        if len(value) > MAX_TEXT:
            raise ValidationFailed("activity.edit.bad_location", limit=MAX_TEXT)
        payload["location"] = None if value in ("", "-", "—", "无") else value
    elif field_name == "kind":
        if value not in ACTIVITY_KINDS:
            raise ValidationFailed("activity.bad_kind", kind=value)
        payload["kind"] = value
    else:
        raise ValidationFailed("activity.edit.bad_field", field=field_name)


def edit_draft_field(
    uow_factory: UnitOfWorkFactory, clock: Clock, actor: Actor, *, draft_id: int, field: str, value_text: str
) -> DraftCard:
    """Change one field of a pending draft (dates and times re-parsed by the intake) and return the new card."""
    now = clock.now()
    with uow_factory() as uow:
        draft = _open_draft(uow, actor, draft_id, now)
        payload = dict(draft.payload)
        before = {field: payload.get(field)}
        _apply_field(payload, field, value_text, now)
        draft.payload = payload  # a new dict, so the JSON column is written
        uow.audit.record(
            at=now,
            action="update",
            entity="draft",
            entity_id=draft.id,
            actor_member_id=actor.member_id,
            actor_label=actor.display_name,
            before=before,
            after={field: payload.get(field)},
        )
        uow.flush()
        card = _card(uow, draft)
        uow.commit()
        return card


def begin_edit(
    uow_factory: UnitOfWorkFactory, clock: Clock, actor: Actor, *, draft_id: int, field: str, chat: Address
) -> Reply:
    """Ask for a new value; the next text from this user in this chat is that value (``finish_edit``).

    The pending question is kept in ``conversation_states`` so it survives a restart.
    """
    if field not in EDITABLE_FIELDS:
        raise ValidationFailed("activity.edit.bad_field", field=field)
    now = clock.now()
    with uow_factory() as uow:
        _open_draft(uow, actor, draft_id, now)
        uow.conversations.set_state(
            chat.chat_address.text,
            _speaker(actor),
            EDIT_STATE,
            state="await_value",
            data={"draft_id": draft_id, "field": field},
            now=now,
            expires_at=now + EDIT_TTL,
        )
        uow.commit()
    return Reply(f"activity.edit.prompt.{field}")


def pending_edit(
    uow_factory: UnitOfWorkFactory, clock: Clock, actor: Actor, *, chat: Address
) -> tuple[int, str] | None:
    """The (draft id, field) this user was asked for in this chat, if the question is still open."""
    with uow_factory() as uow:
        state = uow.conversations.get_state(
            chat.chat_address.text, _speaker(actor), EDIT_STATE, now=clock.now()
        )
        if state is None:
            return None
        return int(state.data["draft_id"]), str(state.data["field"])


def finish_edit(
    uow_factory: UnitOfWorkFactory, clock: Clock, actor: Actor, *, chat: Address, text: str
) -> Reply:
    """Apply the typed value to the field asked for by ``begin_edit``; returns the updated card.

    An invalid value keeps the question open and says what was wrong.
    """
    asked = pending_edit(uow_factory, clock, actor, chat=chat)
    if asked is None:
        return Reply("activity.edit.nothing_pending")
    draft_id, field_name = asked
    card = edit_draft_field(uow_factory, clock, actor, draft_id=draft_id, field=field_name, value_text=text)
    cancel_edit(uow_factory, actor, chat=chat)
    return card.reply


def _speaker(actor: Actor) -> str:
    """The text of the account a dialog state belongs to."""
    if actor.account is None:
        raise ValueError("a dialog needs the account it is held with")
    return actor.account.text


def cancel_edit(uow_factory: UnitOfWorkFactory, actor: Actor, *, chat: Address) -> bool:
    with uow_factory() as uow:
        cleared = uow.conversations.clear_state(chat.chat_address.text, _speaker(actor), EDIT_STATE)
        uow.commit()
        return cleared


# --------------------------------------------------------------------------- history, delete, undo


def record_card_message(uow_factory: UnitOfWorkFactory, draft_id: int, *, message: Address) -> bool:
    """Remember which chat message shows a draft's card, so that a reply to it can carry evidence."""
    with uow_factory() as uow:
        recorded = uow.conversations.set_card_message(draft_id, message.chat_address.text, message.text)
        uow.commit()
        return recorded


def _visible_unit_ids(uow: UnitOfWork, actor: Actor) -> list[int]:
    if actor is None:
        raise NotAuthorized("service.not_authorized")
    if actor.is_admin and actor.unit_id is None:
        return [u.id for u in uow.units.all()]
    if actor.is_coordinator and actor.city:
        return [u.id for u in uow.units.in_city(actor.city)]
    if actor.unit_id is not None:
        return [actor.unit_id]
    raise NotAuthorized("activity.no_unit")


def list_history(uow_factory: UnitOfWorkFactory, clock: Clock, actor: Actor, *, limit: int = 10) -> History:
    """The newest records the actor may see: their unit's; a coordinator's whole city; an admin's all.

    Delete buttons appear only for the actor's own unit.
    """
    limit = max(1, min(limit, 50))
    with uow_factory() as uow:
        unit_ids = _visible_unit_ids(uow, actor)
        activities = uow.activities.history(unit_ids, limit=limit)
        counts = uow.activities.evidence_counts([a.id for a in activities])
        if unit_ids == [actor.unit_id] and actor.unit_name is not None:
            names = {actor.unit_id: actor.unit_name}  # a CDO's own unit: the name came with the member
        else:
            names = {u.id: u.name for u in uow.units.in_ids(unit_ids)}
    items = tuple(
        HistoryItem(
            activity_id=a.id,
            unit_name=names.get(a.unit_id) or "",
            kind=a.kind,
            date=a.date,
            time=a.time,
            title=a.title,
            attendees=a.attendees,
            location=a.location,
            evidence_count=counts.get(a.id, 0),
            deletable=a.unit_id == actor.unit_id and actor.records_for_unit,
        )
        for a in activities
    )
    if not items:
        return History(items, Reply("activity.history.empty"))
    t = translator()
    many_units = len(unit_ids) > 1
    lines = []
    for n, item in enumerate(items, start=1):
        lines.append(
            t.format(
                # A report has no attendees: its line says nothing of 人数 (not "人数：未注明").
                "activity.history.line.report" if item.kind == "report" else "activity.history.line",
                {
                    "n": n,
                    "date": format_day(item.date),
                    "kind": _kind_label(item.kind),
                    "title": item.title,
                    "attendees": _or_not_given(item.attendees),
                    "evidence": item.evidence_count,
                    "unit": t.format("activity.history.unit", {"unit": item.unit_name}) if many_units else "",
                },
            )
        )
    buttons = [
        Choice("activity.button.delete_n", _data("del", item.activity_id), {"n": n})
        for n, item in enumerate(items, start=1)
        if item.deletable
    ]
    rows = tuple(
        tuple(buttons[i : i + HISTORY_BUTTONS_PER_ROW])
        for i in range(0, len(buttons), HISTORY_BUTTONS_PER_ROW)
    )
    return History(items, Reply("activity.history", {"count": len(items), "lines": "\n".join(lines)}, rows))


def _own_unit_activity(
    uow: UnitOfWork, actor: Actor, activity_id: int, *, include_deleted: bool = False
) -> Activity:
    unit_id = _require_unit(actor)
    activity = uow.activities.get(activity_id, include_deleted=include_deleted)
    if activity is None or activity.unit_id != unit_id:
        # Another unit's record is reported as missing: its existence is not ours to reveal.
        raise NotFound("activity.not_found")
    return activity


def delete_activity(uow_factory: UnitOfWorkFactory, clock: Clock, actor: Actor, activity_id: int) -> Reply:
    """Soft-delete a record of the actor's own unit (it stays for the audit trail and can be restored)."""
    now = clock.now()
    with uow_factory() as uow:
        activity = _own_unit_activity(uow, actor, activity_id, include_deleted=True)
        if activity.deleted_at is not None:
            return Reply("activity.already_deleted", _activity_params(activity))
        uow.activities.soft_delete(activity, actor.member_id, now)
        uow.audit.record(
            at=now,
            action="delete",
            entity="activity",
            entity_id=activity.id,
            actor_member_id=actor.member_id,
            actor_label=actor.display_name,
            before=_snapshot(activity),
        )
        uow.commit()
        return Reply(
            "activity.deleted",
            _activity_params(activity),
            ((Choice("activity.button.restore", _data("restore", activity.id)),),),
        )


def restore_activity(uow_factory: UnitOfWorkFactory, clock: Clock, actor: Actor, activity_id: int) -> Reply:
    now = clock.now()
    with uow_factory() as uow:
        activity = _own_unit_activity(uow, actor, activity_id, include_deleted=True)
        if activity.deleted_at is None:
            return Reply("activity.restored", _activity_params(activity))
        uow.activities.restore(activity, now)
        uow.audit.record(
            at=now,
            action="restore",
            entity="activity",
            entity_id=activity.id,
            actor_member_id=actor.member_id,
            actor_label=actor.display_name,
            after=_snapshot(activity),
        )
        uow.commit()
        return Reply("activity.restored", _activity_params(activity))


def undo_last(uow_factory: UnitOfWorkFactory, clock: Clock, actor: Actor) -> Reply:
    """Soft-delete the record the actor entered last (/undo)."""
    _require_unit(actor)
    with uow_factory() as uow:
        last = uow.activities.last_entered_by(actor.member_id)
        if last is None or last.unit_id != actor.unit_id:
            return Reply("activity.undo.nothing")
        activity_id = last.id
    reply = delete_activity(uow_factory, clock, actor, activity_id)
    return Reply("activity.undone", reply.params, reply.choices)


# --------------------------------------------------------------------------- evidence


EVIDENCE_EXTENSIONS = {
    **{ext: "image/" + kind for ext, kind in (
        (".jpg", "jpeg"), (".jpeg", "jpeg"), (".png", "png"), (".gif", "gif"), (".webp", "webp"),
        (".heic", "heic"), (".heif", "heif"), (".bmp", "bmp"), (".tif", "tiff"), (".tiff", "tiff"))},
    ".pdf": "application/pdf",
    ".doc": "application/msword",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xls": "application/vnd.ms-excel",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".ppt": "application/vnd.ms-powerpoint",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".ods": "application/vnd.oasis.opendocument.spreadsheet",
    ".odp": "application/vnd.oasis.opendocument.presentation",
    ".wps": "application/wps-office.doc",
    ".et": "application/wps-office.xls",
    ".dps": "application/wps-office.ppt",
    ".zip": "application/zip",
}  # fmt: skip
"""What a named file may be, by its extension: the name decides, not the type the client declares
(an ``.exe`` sent as ``application/pdf`` is refused; the stored type is the extension's)."""


def _mime_of(file: EvidenceFile) -> str | None:
    if file.file_name:
        return EVIDENCE_EXTENSIONS.get(PurePath(file.file_name).suffix.lower())
    if file.mime_type:  # a photo: Telegram re-encodes it, the declared image type is Telegram's
        return file.mime_type.lower()
    return None


def _allowed(mime: str | None) -> bool:
    return mime is not None and (mime.startswith("image/") or mime in EVIDENCE_MIME_TYPES)


def attach_evidence(
    uow_factory: UnitOfWorkFactory,
    clock: Clock,
    actor: Actor,
    file: EvidenceFile,
    *,
    activity_id: int | None = None,
    reply_to: Address | None = None,
) -> EvidenceAttached:
    """Attach a file to a record: the one named, the one whose card was replied to, or else the
    actor's most recent record of the last 7 days. At most 20 MB; PDF, images, office files, zip.
    """
    unit_id = _require_unit(actor)
    if file.file_size is None or file.file_size <= 0:  # the adapter passes the size it downloaded
        raise ValidationFailed("activity.evidence.bad_size", name=file.file_name or "")
    if file.file_size > EVIDENCE_MAX_BYTES:
        raise ValidationFailed("activity.evidence.too_large", limit_mb=EVIDENCE_MAX_BYTES // (1024 * 1024))
    mime = _mime_of(file)
    if not _allowed(mime):
        raise ValidationFailed("activity.evidence.bad_type", name=file.file_name or mime or "")
    now = clock.now()
    with uow_factory() as uow:
        target: Activity | None = None
        if activity_id is not None:
            target = _own_unit_activity(uow, actor, activity_id)
        elif reply_to is not None and reply_to.message is not None:
            draft = uow.conversations.draft_by_message(reply_to.text)
            if draft is not None and draft.activity_id is not None:
                target = _own_unit_activity(uow, actor, draft.activity_id)
            elif draft is not None:
                raise ValidationFailed("activity.evidence.confirm_first")
        if target is None:
            target = uow.activities.last_entered_by(actor.member_id, since=now - EVIDENCE_RECENT)
            if target is None or target.unit_id != unit_id:
                raise ValidationFailed("activity.evidence.no_recent", days=EVIDENCE_RECENT.days)
        for existing in uow.activities.evidence_of(target.id):
            if existing.file_unique_id == file.file_unique_id:
                return EvidenceAttached(
                    existing.id,
                    target.id,
                    Reply("activity.evidence.duplicate", _activity_params(target)),
                    True,
                )
        evidence = uow.activities.add_evidence(
            Evidence(
                activity_id=target.id,
                telegram_file_id=file.telegram_file_id,
                file_unique_id=file.file_unique_id,
                file_name=file.file_name,
                mime_type=mime,
                file_size=file.file_size,
                caption=(file.caption or None) and file.caption[:1024],
                uploaded_by=actor.member_id,
                created_at=now,
            )
        )
        if file.content is not None:
            uow.activities.add_evidence_content(evidence.id, file.content, now)
        uow.audit.record(
            at=now,
            action="create",
            entity="evidence",
            entity_id=evidence.id,
            actor_member_id=actor.member_id,
            actor_label=actor.display_name,
            after={
                "activity_id": target.id,
                "file_name": file.file_name,
                "mime_type": mime,
                "file_size": file.file_size,
            },
        )
        count = len(uow.activities.evidence_of(target.id))
        uow.commit()
        return EvidenceAttached(
            evidence.id,
            target.id,
            Reply("activity.evidence.attached", {**_activity_params(target), "count": count}),
        )


# --------------------------------------------------------------------------- reports


def record_report_submission(
    uow_factory: UnitOfWorkFactory,
    clock: Clock,
    actor: Actor,
    *,
    period_key: str,
    title: str,
    rule_key: str | None = None,
    deadline_id: int | None = None,
    submitted_on: date | None = None,
    original_text: str = "",
) -> ReportRecorded:
    """The unit handed in its report for ``period_key``: a ``report`` activity plus a ``ReportSubmission``.

    Recording the same rule and period twice answers with the first submission.
    """
    unit_id = _require_unit(actor)
    if not title.strip() or len(title) > MAX_TEXT:
        raise ValidationFailed("activity.edit.bad_title", limit=MAX_TEXT)
    now = clock.now()
    day = submitted_on or now.astimezone(SHANGHAI).date()
    with uow_factory() as uow:
        if deadline_id is not None and uow.deadlines.get(deadline_id) is None:
            raise NotFound("activity.report.unknown_deadline")
        for existing in uow.reports.for_period(period_key, [unit_id], rule_key=rule_key):
            if (existing.rule_key, existing.deadline_id) == (rule_key, deadline_id):
                return ReportRecorded(
                    existing.activity_id or 0,
                    existing.id,
                    Reply("activity.report.already", {"date": format_day(existing.submitted_on)}),
                    duplicate=True,
                )
        author = uow.members.get(actor.member_id)
        cdo = uow.members.active_cdo(unit_id) if author is not None and author.role == "staff" else None
        activity = uow.activities.add(
            Activity(
                unit_id=unit_id,
                kind="report",
                date=day,
                title=title.strip(),
                original_text=original_text[:4096],
                entered_by=actor.member_id,
                on_behalf_of=cdo.id if cdo else None,
                created_at=now,
                updated_at=now,
            )
        )
        submission = uow.reports.add(
            ReportSubmission(
                unit_id=unit_id,
                deadline_id=deadline_id,
                rule_key=rule_key,
                period_key=period_key,
                submitted_on=day,
                activity_id=activity.id,
                recorded_by=actor.member_id,
                created_at=now,
            )
        )
        for entity, row, after in (
            ("activity", activity, _snapshot(activity)),
            (
                "report_submission",
                submission,
                {
                    "period_key": period_key,
                    "rule_key": rule_key,
                    "deadline_id": deadline_id,
                    "activity_id": activity.id,
                },
            ),
        ):
            uow.audit.record(
                at=now,
                action="create",
                entity=entity,
                entity_id=row.id,
                actor_member_id=actor.member_id,
                actor_label=actor.display_name,
                after=after,
            )
        uow.commit()
        return ReportRecorded(
            activity.id, submission.id, Reply("activity.report.recorded", _activity_params(activity))
        )


# --------------------------------------------------------------------------- buttons


@dataclass(frozen=True)
class _Callback:
    action: str
    target: int
    rest: Sequence[str] = field(default_factory=tuple)


def parse_callback(data: str) -> _Callback | None:
    parts = data.split(":")
    target = parse_id(parts[2]) if len(parts) >= 3 else None
    if target is None or parts[0] != CALLBACK_PREFIX:
        return None
    return _Callback(parts[1], target, tuple(parts[3:]))


def press(
    uow_factory: UnitOfWorkFactory, clock: Clock, actor: Actor, *, data: str, chat: Address
) -> ButtonResult:
    """Dispatch a button of this module (``act:<action>:<id>[:…]``) for any adapter.

    Domain errors propagate (``ServiceError``); adapters render ``error.reply()``.
    """
    cb = parse_callback(data)
    if cb is None:
        return ButtonResult(Reply("activity.button.stale"), edit=False)
    match cb.action, tuple(cb.rest):
        case "confirm", ():
            return ButtonResult(confirm_draft(uow_factory, clock, actor, cb.target).reply)
        case ("cancel", ()) | ("cancel", (_,)):
            return ButtonResult(cancel_draft(uow_factory, clock, actor, cb.target).reply)
        case "dupok", ():
            outcome = confirm_draft(uow_factory, clock, actor, cb.target, duplicate_ok=True)
            return ButtonResult(outcome.reply)
        case "follow", ():
            return ButtonResult(follow_up_plan(uow_factory, clock, actor, cb.target))
        case "sched", ():
            return ButtonResult(schedule_plan(uow_factory, clock, actor, cb.target))
        case "propose", ():
            return ButtonResult(propose_plan(uow_factory, clock, actor, cb.target), edit=False)
        case "csched", (_,):
            # A coordinator's button on a CDO's proposal (the notice appended its row id).
            return ButtonResult(schedule_proposed(uow_factory, clock, actor, cb.target), edit=False)
        case "held", (_,):
            # The follow-up's "it took place" (the reminder appended its row id): the card, to confirm.
            shown = show_draft(uow_factory, clock, actor, cb.target)
            return ButtonResult(shown.reply, edit=False)
        case "edit", ():
            return ButtonResult(edit_menu(uow_factory, clock, actor, cb.target))
        case "back", ():
            shown = show_draft(uow_factory, clock, actor, cb.target)
            return ButtonResult(shown.reply)
        case "field", ("kind",):
            return ButtonResult(kind_menu(uow_factory, clock, actor, cb.target))
        case "field", (name,):
            reply = begin_edit(uow_factory, clock, actor, draft_id=cb.target, field=name, chat=chat)
            return ButtonResult(reply, edit=False, awaits_value=True)
        case "set", ("kind", kind):
            card = edit_draft_field(
                uow_factory, clock, actor, draft_id=cb.target, field="kind", value_text=kind
            )
            return ButtonResult(card.reply)
        case "del", ():
            return ButtonResult(delete_activity(uow_factory, clock, actor, cb.target), edit=False)
        case "restore", ():
            return ButtonResult(restore_activity(uow_factory, clock, actor, cb.target))
    return ButtonResult(Reply("activity.button.stale"), edit=False)
