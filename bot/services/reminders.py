"""Reminders from plan to chat: sync the plan into the outbox, dispatch due rows, act on their buttons.

Layer: services (imports ``bot.core`` and ``storage``; never telegram or apscheduler). The jobs
in ``bot.jobs.reminders`` only tick these functions; the Telegram notifier is passed in.

Delivery guarantees, and how they are kept:

- **Never twice.** Every planned reminder becomes one outbox row under its ``dedupe_key`` (a unique
  column, inserted with ON CONFLICT DO NOTHING). A dispatcher claims ONE row per small transaction
  (``FOR UPDATE SKIP LOCKED`` on PostgreSQL), sends it, and marks it ``sent`` only after Telegram
  accepted it. So at most one message per worker is ever in doubt: if the process dies between
  the claim and the commit after Telegram's answer, that single row is kept *in doubt* once its
  lease expires (``failed``, ``last_error`` "in doubt: …", never resent); a send that timed out
  waiting for Telegram's answer (``InDoubt``) is kept the same way. The physical minimum, stated:
  the Bot API has no idempotency key, so a message Telegram may have accepted is either risked
  twice or risked never; we choose never, for that one message per crash or time-out. On top,
  nobody is told the same rule, period and stage twice on one day (``_told_today``; the user's
  own snoozes and notices aside); every other row is either sent-and-marked or untouched.
- **Never missed.** The schedule is derived from the database at every start and every tick
  (``sync_outbox``); no job holds state. A row claimed by a crashed worker goes back to pending
  after ``lease``. After downtime, rows due within ``grace`` are sent once; older ones are
  ``dropped`` with a log line (a "report due tomorrow" from three days ago helps nobody).
- **Re-planned before sending.** Each sync cancels pending rows the plan no longer contains (the
  unit submitted, the person is away, the meeting was cancelled) and refreshes the text of the
  rest (the coordinator's list of missing units changes as units hand in). The dispatch job syncs
  right before it claims anything.
- **Failures.** ``RetryLater`` (flood control, connection errors) is retried with capped exponential
  back-off, written out below rather than borrowed from tenacity (tenacity retries a call in
  place; here a retry is a row that a later tick claims again): delay = ``min(BACKOFF_CAP,
  BACKOFF_BASE * 2 ** (attempts - 1))`` and never less than Telegram's ``retry_after``; after
  ``MAX_ATTEMPTS`` the row is ``failed`` for good. ``Unreachable`` (blocked the bot, chat gone)
  marks the member ``unreachable_since``, drops their pending rows and tells their city's
  coordinators once — itself an outbox row with its own dedupe key (PITFALLS 8).
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any, TypeVar

from bot.core.address import Address
from bot.core.cities import City
from bot.core.clock import SHANGHAI, Clock
from bot.core.ids import parse_id
from bot.core.notifier import InDoubt, Notifier, RetryLater, Unreachable
from bot.core.obligations import SUBMISSION_KINDS
from bot.core.reminder_plan import (
    DEADLINE,
    DEFAULT_HOUR,
    DIGEST,
    EVENT,
    SNOOZE_BUTTONS,
    PlannedReminder,
    Recipient,
    placeholder_recipients,
    plan_for_city,
)
from bot.core.replies import Choice, Reply
from bot.core.workdays import next_workday_after
from bot.services.reminder_state import (
    CUSTOM_PREFIX,
    DISMISS_ACTION,
    DISMISS_ENTITY,
    PLANNED_ROLES,
    load_inputs,
)
from storage.models import ReminderOutbox
from storage.uow import UnitOfWork, UnitOfWorkFactory

log = logging.getLogger(__name__)

HORIZON = timedelta(days=2)
GRACE = timedelta(hours=12)
LEASE = timedelta(minutes=2)
MAX_ATTEMPTS = 5
BACKOFF_BASE = timedelta(seconds=30)
BACKOFF_CAP = timedelta(hours=1)
CALLBACK_PREFIX = "rem"
NOTICE_RULE = "unreachable"
"""``rule_key`` of the coordinator's notice that a member cannot be reached."""
SNOOZE_2H, SNOOZE_TOMORROW = "2h", "tomorrow"
PRELOAD_MARGIN = timedelta(days=1)
"""A sync reads the rows due this far around its window at once (a moved reminder hour stays inside)."""
OPEN_STATUSES = ("pending", "failed")
"""Rows a re-plan may still change or cancel (``failed`` ones only while a retry is scheduled)."""

T = TypeVar("T")


# ----------------------------------------------------------------------------------------- plan → outbox


@dataclass
class SyncStats:
    planned: int = 0
    added: int = 0
    updated: int = 0
    cancelled: int = 0
    revived: int = 0


def outbox_kind(reminder: PlannedReminder) -> str:
    """The outbox's coarse kind (a CHECK-constrained column) for a planned reminder."""
    if reminder.category == DIGEST:
        return "digest"
    if reminder.category == EVENT:
        return "meeting"
    if reminder.category == DEADLINE:
        return "missing_list" if reminder.stage == "missing" else "deadline"
    return "quota" if reminder.kind == "training_quota" else "coordinator_prompt"


def payload_of(reminder: PlannedReminder, city: City) -> dict[str, Any]:
    return reminder.as_dict() | {"city": city.code}


def sync_outbox(
    uow_factory: UnitOfWorkFactory,
    clock: Clock,
    cities: Mapping[str, City],
    *,
    horizon: timedelta = HORIZON,
    grace: timedelta = GRACE,
    hour: int = DEFAULT_HOUR,
) -> SyncStats:
    """Write the plan for ``[now - grace, now + horizon]`` into the outbox and cancel what it dropped.

    Idempotent: running it twice, or in two processes at once, leaves the same rows.
    """
    now = clock.now()
    low, high = now - grace, now + horizon
    first, last = low.astimezone(SHANGHAI).date(), high.astimezone(SHANGHAI).date()
    stats = SyncStats()
    for city in cities.values():
        with uow_factory() as uow:
            inputs = load_inputs(uow, city, first, last)
            plan = plan_for_city(
                city,
                inputs.recipients,
                inputs.state,
                first,
                last,
                extra=inputs.extra,
                removed=inputs.removed,
                hour=hour,
            )
            planned = {p.dedupe_key: p for p in plan}
            stats.planned += len(planned)
            # One read of the rows already written; only new or changed reminders cost a statement.
            existing = {
                r.dedupe_key: r
                for r in uow.outbox.with_prefix_due_between(
                    f"{city.code}.", low - PRELOAD_MARGIN, high + PRELOAD_MARGIN
                )
            }
            for reminder in plan:
                if not low <= reminder.send_at <= high:
                    continue
                _write(
                    uow, reminder, city, inputs.chat_addresses, low, stats, existing.get(reminder.dedupe_key)
                )
            for row in _open_rows(uow, city, low, high):
                if row.dedupe_key not in planned and _guarded_update(
                    uow, row.id, OPEN_STATUSES, status="cancelled", last_error="no longer planned"
                ):
                    stats.cancelled += 1
            for row in _open_snoozes(uow, city, high):
                reason = _snooze_unwanted(row, inputs)
                if reason is not None and _guarded_update(
                    uow, row.id, ("pending",), status="cancelled", last_error=reason
                ):
                    stats.cancelled += 1
            uow.commit()
    if stats.added or stats.cancelled or stats.revived:
        log.info("outbox sync: %s", stats)
    return stats


def _write(
    uow: UnitOfWork,
    reminder: PlannedReminder,
    city: City,
    chat_addresses: Mapping[int, str],
    low: datetime,
    stats: SyncStats,
    row: ReminderOutbox | None = None,
) -> None:
    """Insert the reminder, revive it or refresh its text; ``row``: its outbox row when already read."""
    member_id = int(reminder.member_id)
    payload = payload_of(reminder, city)
    if row is None:
        inserted = uow.outbox.add_if_absent(
            dedupe_key=reminder.dedupe_key,
            rule_key=reminder.rule_key,
            period_key=reminder.period_key,
            kind=outbox_kind(reminder),
            due_at=reminder.send_at,
            member_id=member_id,
            chat_address=chat_addresses.get(member_id),
            payload=payload,
        )
        if inserted:
            stats.added += 1
            return
        row = uow.outbox.by_key(reminder.dedupe_key)
        if row is None:  # pragma: no cover - the unique key said it exists
            return
    chat_address = chat_addresses.get(member_id)
    if row.status == "cancelled" and reminder.send_at >= low:
        # Cancelled by an earlier plan (an away period withdrawn, a meeting re-instated): wanted again.
        if _guarded_update(
            uow,
            row.id,
            ("cancelled",),
            status="pending",
            attempts=0,
            next_attempt_at=None,
            last_error=None,
            payload=payload,
            due_at=reminder.send_at,
            chat_address=chat_address,
        ):
            stats.revived += 1
        return
    if row.status == "pending" and (
        row.payload != payload or row.due_at != reminder.send_at or row.chat_address != chat_address
    ):
        values: dict[str, Any] = {"payload": payload, "chat_address": chat_address}
        if row.next_attempt_at is None:
            values["due_at"] = reminder.send_at
        if _guarded_update(uow, row.id, ("pending",), **values):
            stats.updated += 1


def _guarded_update(uow: UnitOfWork, outbox_id: int, statuses: tuple[str, ...], **values: Any) -> bool:
    """Change a row only if it is still in ``statuses`` when the UPDATE runs.

    The re-plan must never overwrite what a dispatcher did meanwhile: a row read as ``pending`` may
    be ``sent`` by the time this transaction writes, and turning it ``cancelled`` (then reviving it)
    would send it twice. A conditional UPDATE re-checks the status on the row's latest committed
    version (PostgreSQL READ COMMITTED waits for the dispatcher's lock; SQLite has one writer).
    """
    return uow.outbox.update_if_status(outbox_id, statuses, **values)


def _open_rows(uow: UnitOfWork, city: City, low: datetime, high: datetime) -> list[ReminderOutbox]:
    """Planned rows of ``city`` due in the window that nobody has sent yet.

    Snoozes and notices (``payload["notice"]``: someone cannot be reached, a meeting was called off)
    are not the plan's, so the plan does not cancel them.
    """
    rows = uow.outbox.open_due_between(f"{city.code}.", low, high, OPEN_STATUSES, NOTICE_RULE)
    return [
        r
        for r in rows
        if "snooze_of" not in (r.payload or {})
        and not (r.payload or {}).get("notice")
        and (r.status == "pending" or r.next_attempt_at is not None)
    ]


def _open_snoozes(uow: UnitOfWork, city: City, high: datetime) -> list[ReminderOutbox]:
    return uow.outbox.pending_snoozes(f"{city.code}.", high)


def _snooze_unwanted(row: ReminderOutbox, inputs: Any) -> str | None:
    """Why a snoozed reminder should no longer go (its original is outside the plan's window, so the
    plan cannot say it; the same state questions are asked directly)."""
    person = next((p for p in inputs.recipients if p.member_id == row.member_id), None)
    if person is None:
        return "recipient no longer planned for"
    state = inputs.state
    if person.is_away(row.due_at.astimezone(SHANGHAI).date()):
        return "recipient away"
    if (person.unit, row.rule_key, row.period_key) in state.submitted:
        return "submitted"
    if (row.rule_key, row.period_key, person.member_id) in state.dismissed:
        return "dismissed"
    meeting_id = (row.payload or {}).get("params", {}).get("meeting_id")
    if meeting_id is not None and (
        state.rsvps.get((meeting_id, person.member_id)) is False
        or all(m.meeting_id != meeting_id for m in state.meetings)
    ):
        return "meeting declined or cancelled"
    return None


# ------------------------------------------------------------------------------------------- dispatch


@dataclass
class DispatchStats:
    sent: int = 0
    retried: int = 0
    failed: int = 0
    dropped: int = 0
    unreachable: int = 0
    released: int = 0
    """Rows a stopped worker left in ``sending``, now in doubt."""
    in_doubt: int = 0
    sent_ids: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class _Claimed:
    outbox_id: int
    chat: Address
    reply: Reply
    attempts: int


def default_worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def backoff(attempts: int, retry_after: float | None = None) -> timedelta:
    """Delay before the next attempt after ``attempts`` failed ones (1-based), honouring ``retry_after``."""
    delay = min(BACKOFF_CAP, BACKOFF_BASE * 2 ** max(attempts - 1, 0))
    if retry_after is not None:
        delay = max(delay, timedelta(seconds=float(retry_after)))
    return delay


def reply_of(row: ReminderOutbox) -> Reply:
    """The message of an outbox row, its buttons carrying the row id (``rem:<action>:<id>``, ≤ 64 bytes)."""
    payload = row.payload or {}
    choices = tuple(
        tuple(Choice(c["label"], f"{c['data']}:{row.id}") for c in button_row)
        for button_row in payload.get("buttons", [])
    )
    return Reply(str(payload.get("message", "")), dict(payload.get("params", {})), choices)


async def dispatch_due(
    uow_factory: UnitOfWorkFactory,
    clock: Clock,
    notifier: Notifier,
    *,
    worker_id: str | None = None,
    grace: timedelta = GRACE,
    lease: timedelta = LEASE,
    batch: int = 20,
    max_attempts: int = MAX_ATTEMPTS,
    offload: bool = True,
    concurrency: int = 1,
    platforms: Sequence[str] | None = None,
) -> DispatchStats:
    """Send up to ``batch`` due rows; see the module docstring for the policy.

    ``platforms``: only rows addressed to chats of these platforms (the ones ``notifier`` serves), so
    that a Telegram process and a WeCom process on one database each send their own, never the
    other's; None sends every row (one process serving every platform, the tests).

    One transaction per message: marking a message sent and claiming the next are one commit, so
    at most one message per sender is ever in doubt (sent but not yet marked) and every row not
    being sent stays claimable by another worker. ``concurrency`` senders share the batch: their
    database steps take turns (one lock, so two claims in this process never race, even on
    SQLite) while their messages are on the way at the same time — a send's round trip then no
    longer adds to every claim's, and the flood limiter, not the loop, sets the pace. Database work
    runs in a thread (``offload``) so the bot's event loop keeps answering users.
    """
    worker = worker_id or default_worker_id()
    stats = DispatchStats()
    turn = asyncio.Lock()

    async def db(fn: Callable[..., T], *args: Any) -> T:
        async with turn:
            return await asyncio.to_thread(fn, *args) if offload else fn(*args)

    stats.released = await db(_release_stale, uow_factory, clock.now() - lease)
    budget = [batch]

    async def sender() -> None:
        sent: tuple[int, str | None] | None = None
        # One session per sender (each step still commits): a unit of work per message would check a
        # connection out of the pool, and ping it on PostgreSQL, every time.
        with uow_factory() as uow:
            try:
                sent = await _send_batch(
                    uow,
                    uow_factory,
                    clock,
                    notifier,
                    worker,
                    grace,
                    budget,
                    max_attempts,
                    stats,
                    db,
                    platforms,
                )
            finally:
                if sent is not None:
                    await db(_mark_sent, uow, clock, *sent)

    await asyncio.gather(*(sender() for _ in range(max(1, concurrency))))
    return stats


async def _send_batch(
    uow: UnitOfWork,
    uow_factory: UnitOfWorkFactory,
    clock: Clock,
    notifier: Notifier,
    worker: str,
    grace: timedelta,
    budget: list[int],
    max_attempts: int,
    stats: DispatchStats,
    db: Callable[..., Any],
    platforms: Sequence[str] | None = None,
) -> tuple[int, str | None] | None:
    """Claim, send and mark rows on ``uow`` while the shared ``budget`` lasts; returns the last
    message sent, still to mark."""
    sent: tuple[int, str | None] | None = None
    while budget[0] > 0:
        budget[0] -= 1
        claimed = await db(_claim_next, uow, clock, worker, grace, stats, sent, platforms)
        sent = None
        if claimed is None:
            break
        try:
            delivered = await notifier.send(claimed.chat, claimed.reply)
        except RetryLater as error:
            await db(_retry, uow_factory, clock, claimed, error, max_attempts, stats)
            continue
        except Unreachable as error:
            await db(_unreachable, uow_factory, clock, claimed.outbox_id, error.reason, stats)
            continue
        except InDoubt as error:
            await db(_in_doubt, uow_factory, clock, claimed.outbox_id, error.reason, stats)
            continue
        except Exception as error:  # a bug: retried like a transient failure, then failed for good
            log.exception("sending outbox row %s failed", claimed.outbox_id)
            retry = RetryLater(f"{type(error).__name__}: {error}")
            await db(_retry, uow_factory, clock, claimed, retry, max_attempts, stats)
            continue
        sent = (claimed.outbox_id, delivered.message.text if delivered.message is not None else None)
        stats.sent += 1
        stats.sent_ids.append(claimed.outbox_id)
    return sent


def _release_stale(uow_factory: UnitOfWorkFactory, older_than: datetime) -> int:
    """A row a stopped worker left in ``sending`` may have gone out: it is kept in doubt, not resent."""
    with uow_factory() as uow:
        released = uow.outbox.mark_stale_in_doubt(older_than)
        uow.commit()
    if released:
        log.warning(
            "%d outbox rows left in 'sending' by a stopped worker are in doubt (not resent)", released
        )
    return released


def _in_doubt(
    uow_factory: UnitOfWorkFactory, clock: Clock, outbox_id: int, reason: str, stats: DispatchStats
) -> None:
    with uow_factory() as uow:
        uow.outbox.mark_in_doubt(outbox_id, clock.now(), reason)
        uow.commit()
    log.warning("reminder %s is in doubt (%s): not sent again", outbox_id, reason)
    stats.in_doubt += 1


def _claim_next(
    uow: UnitOfWork,
    clock: Clock,
    worker: str,
    grace: timedelta,
    stats: DispatchStats,
    sent: tuple[int, str | None] | None = None,
    platforms: Sequence[str] | None = None,
) -> _Claimed | None:
    """Mark ``sent`` (the message just delivered) and claim the next due row that can still go, in one
    transaction; drop (and log) the rows that cannot go on the way."""
    try:
        return _claim_next_in(uow, clock, worker, grace, stats, sent, platforms)
    except BaseException:
        uow.rollback()
        raise


def _claim_next_in(
    uow: UnitOfWork,
    clock: Clock,
    worker: str,
    grace: timedelta,
    stats: DispatchStats,
    sent: tuple[int, str | None] | None,
    platforms: Sequence[str] | None = None,
) -> _Claimed | None:
    if sent is not None:
        uow.outbox.mark_sent_by_id(sent[0], clock.now(), sent[1])
    while True:
        now = clock.now()
        found = uow.outbox.claim_due_with_recipients(now, 1, worker, platforms)
        if not found:
            uow.commit()
            return None
        row, member = found[0]
        chat = row.chat_address or (member.chat_address if member else None)
        reason = None
        if row.due_at < now - grace:
            reason = f"late by {now - row.due_at} (grace {grace})"
        elif member is None or not (member.active or (row.payload or {}).get("former_member")):
            reason = "recipient is no longer a member"
        elif member.unreachable_since is not None:
            reason = "recipient cannot be reached"
        elif chat is None:
            reason = "no chat address"
        elif _told_today(uow, row, now):
            reason = "the recipient was told this (rule, period, stage) today already"
        if reason is None:
            claimed = _Claimed(row.id, Address.parse(chat), reply_of(row), row.attempts)
            uow.commit()
            return claimed
        uow.outbox.mark_dropped(row, reason)
        log.warning("dropped reminder %s (%s): %s", row.id, row.dedupe_key, reason)
        stats.dropped += 1


def _told_today(uow: UnitOfWork, row: ReminderOutbox, now: datetime) -> bool:
    """Nothing twice within the same rule, period, stage and day (the user's own snoozes and notices aside)."""
    if (row.payload or {}).get("snooze_of") or (row.payload or {}).get("notice"):
        return False
    start = datetime.combine(now.astimezone(SHANGHAI).date(), time(0), tzinfo=SHANGHAI)
    return uow.outbox.told_on(row, start, start + timedelta(days=1))


def _mark_sent(uow: UnitOfWork, clock: Clock, outbox_id: int, message: str | None) -> None:
    uow.outbox.mark_sent_by_id(outbox_id, clock.now(), message)
    uow.commit()


def _retry(
    uow_factory: UnitOfWorkFactory,
    clock: Clock,
    claimed: _Claimed,
    error: RetryLater,
    max_attempts: int,
    stats: DispatchStats,
) -> None:
    with uow_factory() as uow:
        row = uow.outbox.get(claimed.outbox_id)
        if row is None:  # pragma: no cover
            return
        if row.attempts >= max_attempts:
            uow.outbox.mark_failed(row, f"gave up after {row.attempts} attempts: {error.reason}", None)
            log.error("reminder %s failed for good: %s", row.id, error.reason)
            stats.failed += 1
        else:
            retry_at = clock.now() + backoff(row.attempts, error.retry_after)
            uow.outbox.mark_failed(row, error.reason, retry_at)
            stats.retried += 1
        uow.commit()


def _unreachable(
    uow_factory: UnitOfWorkFactory, clock: Clock, outbox_id: int, reason: str, stats: DispatchStats
) -> None:
    """The recipient blocked the bot: stop writing to them and tell their coordinators, once."""
    now = clock.now()
    with uow_factory() as uow:
        row = uow.outbox.get(outbox_id)
        if row is None:  # pragma: no cover
            return
        uow.outbox.mark_dropped(row, f"unreachable: {reason}")
        stats.unreachable += 1
        member = uow.members.get(row.member_id) if row.member_id is not None else None
        if member is None:
            uow.commit()
            return
        since = member.unreachable_since or now
        member.unreachable_since = since
        dropped = uow.outbox.cancel_pending(member_id=member.id)
        uow.audit.record(
            at=now,
            action="unreachable",
            entity="member",
            entity_id=member.id,
            actor_label="reminder dispatcher",
            after={"reason": reason[:500], "cancelled": dropped},
        )
        unit = uow.units.get(member.unit_id) if member.unit_id is not None else None
        city = member.city or ""
        coordinators = (
            [
                m
                for m in uow.members.active_in_city(city, roles=("coordinator", "admin"))
                if m.id != member.id and m.chat_address is not None and m.unreachable_since is None
            ]
            if city
            else []
        )
        for coordinator in coordinators:
            period = since.astimezone(SHANGHAI).date().isoformat()
            uow.outbox.add_if_absent(
                dedupe_key=f"{city}.{NOTICE_RULE}|{member.id}|{period}|{coordinator.id}",
                rule_key=NOTICE_RULE,
                period_key=period,
                kind="coordinator_prompt",
                due_at=now,
                member_id=coordinator.id,
                chat_address=coordinator.chat_address,
                payload={
                    "city": city,
                    "message": "reminder.delivery.unreachable",
                    "params": {"name": member.display_name, "unit": unit.name if unit else ""},
                    "buttons": [],
                    "notice": True,
                    "stage": "notice",
                    "about_member": member.id,
                },
            )
        if not coordinators:
            log.warning("member %s cannot be reached and their city has no coordinator to tell", member.id)
        uow.commit()


# ------------------------------------------------------------------------------------------- buttons


@dataclass(frozen=True)
class ButtonResult:
    """What a reminder button did. ``keyboard``: the message's new buttons (``()`` removes them,
    ``None`` leaves them); ``toast``: a short answer to the press; ``reply``: a new message."""

    toast: Reply | None = None
    keyboard: tuple[tuple[Choice, ...], ...] | None = None
    reply: Reply | None = None


def parse_callback(data: str) -> tuple[str, int] | None:
    """``rem:<action…>:<outbox id>`` → (action, id), e.g. ``("snooze:2h", 42)``."""
    parts = data.split(":")
    outbox_id = parse_id(parts[-1]) if len(parts) >= 3 else None
    if outbox_id is None or parts[0] != CALLBACK_PREFIX:
        return None
    return ":".join(parts[1:-1]), outbox_id


def press_reminder_button(
    uow_factory: UnitOfWorkFactory, clock: Clock, *, member_id: int, data: str
) -> ButtonResult:
    """Act on a reminder's button for any adapter. Only the reminder's recipient (``member_id``:
    the presser's membership, on whichever platform) may press it."""
    parsed = parse_callback(data)
    if parsed is None:
        return ButtonResult(Reply("reminder.action.stale"), keyboard=())
    action, outbox_id = parsed
    now = clock.now()
    with uow_factory() as uow:
        row = uow.outbox.get(outbox_id)
        if row is None or row.member_id is None:
            return ButtonResult(Reply("reminder.action.stale"), keyboard=())
        member = uow.members.get(row.member_id)
        if member is None or not member.active or member.id != member_id:
            return ButtonResult(Reply("reminder.action.not_yours"))
        payload = dict(row.payload or {})
        params = dict(payload.get("params", {}))
        if action == "done":
            result = _done(uow, row, member, payload, now)
        elif action == "snooze":
            result = ButtonResult(
                Reply("reminder.action.snooze_choose"),
                keyboard=tuple(
                    tuple(Choice(c.label, f"{c.data}:{row.id}") for c in r) for r in SNOOZE_BUTTONS
                ),
            )
        elif action in (f"snooze:{SNOOZE_2H}", f"snooze:{SNOOZE_TOMORROW}"):
            result = _snooze(uow, row, member, payload, action.split(":", 1)[1], now)
        elif action in ("rsvp:yes", "rsvp:no") and "meeting_id" in params:
            result = _rsvp(uow, row, member, int(params["meeting_id"]), action.endswith("yes"), params, now)
        elif action == "signin" and "meeting_id" in params:
            result = _sign_in(uow, member, int(params["meeting_id"]), params, now)
        else:
            return ButtonResult(Reply("reminder.action.stale"), keyboard=())
        uow.commit()
        return result


def _series_of(dedupe_key: str) -> tuple[str, str, str, int] | None:
    """``"zhuhai.summary_report|2026-11-30|7d|5"`` → (city, rule_key, period_key, member id)."""
    head, *rest = dedupe_key.split("|")
    city, _, rule_key = head.partition(".")
    if len(rest) < 3 or not rest[2].isdigit():
        return None
    return city, rule_key, rest[0], int(rest[2])


def _dismiss(
    uow: UnitOfWork, city: str, rule_key: str, period_key: str, member_id: int, now: datetime
) -> None:
    uow.audit.record(
        at=now,
        action=DISMISS_ACTION,
        entity=DISMISS_ENTITY,
        entity_id=None,
        actor_member_id=member_id,
        after={"city": city, "rule_key": rule_key, "period_key": period_key, "member_id": member_id},
    )
    uow.outbox.cancel_pending(rule_key=rule_key, period_key=period_key, member_id=member_id)


def _done(
    uow: UnitOfWork, row: ReminderOutbox, member: Any, payload: dict[str, Any], now: datetime
) -> ButtonResult:
    city = str(payload.get("city", member.city or ""))
    params = payload.get("params", {})
    title = str(params.get("title", row.rule_key))
    if (
        payload.get("kind") in SUBMISSION_KINDS
        and member.unit_id is not None
        and member.role in ("cdo", "staff")
    ):
        unit = uow.units.get(member.unit_id)
        already = [s for s in uow.reports.for_period(row.period_key, [member.unit_id], rule_key=row.rule_key)]
        if not already:
            _record_submission(uow, row, member, title, now)
        for colleague in uow.members.active_in_unit(member.unit_id):
            uow.outbox.cancel_pending(
                rule_key=row.rule_key, period_key=row.period_key, member_id=colleague.id
            )
        key = "reminder.action.already" if already else "reminder.action.recorded"
        return ButtonResult(Reply(key, {"unit": unit.name if unit else "", "title": title}), keyboard=())
    if payload.get("kind") == "digest":
        for item in params.get("items", []):
            series = _series_of(str(item))
            if series is not None:
                _dismiss(uow, series[0], series[1], series[2], member.id, now)
    else:
        _dismiss(uow, city, row.rule_key, row.period_key, member.id, now)
    return ButtonResult(Reply("reminder.action.dismissed", {"title": title}), keyboard=())


def _record_submission(uow: UnitOfWork, row: ReminderOutbox, member: Any, title: str, now: datetime) -> None:
    """A ``report`` activity plus a ``ReportSubmission``, as ``activity.record_report_submission`` writes them.

    Written here, inside the button's unit of work, so that the record and the cancelled series
    commit together (the activity service opens its own unit of work).
    """
    from storage.models import Activity, ReportSubmission

    day = now.astimezone(SHANGHAI).date()
    deadline_id = None
    if row.rule_key.startswith(CUSTOM_PREFIX) and row.rule_key.removeprefix(CUSTOM_PREFIX).isdigit():
        deadline_id = int(row.rule_key.removeprefix(CUSTOM_PREFIX))
        if uow.deadlines.get(deadline_id) is None:
            deadline_id = None
    cdo = uow.members.active_cdo(member.unit_id) if member.role == "staff" else None
    activity = uow.activities.add(
        Activity(
            unit_id=member.unit_id,
            kind="report",
            date=day,
            title=title[:200],
            original_text="",
            entered_by=member.id,
            on_behalf_of=cdo.id if cdo else None,
            created_at=now,
            updated_at=now,
        )
    )
    submission = uow.reports.add(
        ReportSubmission(
            unit_id=member.unit_id,
            deadline_id=deadline_id,
            rule_key=row.rule_key,
            period_key=row.period_key,
            submitted_on=day,
            activity_id=activity.id,
            recorded_by=member.id,
            created_at=now,
        )
    )
    uow.audit.record(
        at=now,
        action="create",
        entity="report_submission",
        entity_id=submission.id,
        actor_member_id=member.id,
        actor_label=member.display_name,
        after={"rule_key": row.rule_key, "period_key": row.period_key, "via": f"outbox {row.id}"},
    )


def snooze_until(choice: str, now: datetime, hour: int) -> datetime:
    """``2h`` from now, or ``tomorrow``: the next working day at the person's hour."""
    local = now.astimezone(SHANGHAI)
    if choice == SNOOZE_2H:
        return local + timedelta(hours=2)
    return datetime.combine(next_workday_after(local.date()), time(hour), tzinfo=SHANGHAI)


def _snooze(
    uow: UnitOfWork, row: ReminderOutbox, member: Any, payload: dict[str, Any], choice: str, now: datetime
) -> ButtonResult:
    at = snooze_until(choice, now, member.reminder_hour if member.reminder_hour is not None else DEFAULT_HOUR)
    base = str(payload.get("snooze_of", row.dedupe_key))
    n = int(payload.get("snooze_n", 0)) + 1
    uow.outbox.add_if_absent(
        dedupe_key=f"{base}|snooze|{n}",
        rule_key=row.rule_key,
        period_key=row.period_key,
        kind=row.kind,
        due_at=at,
        member_id=row.member_id,
        chat_address=row.chat_address,
        payload=payload | {"snooze_of": base, "snooze_n": n, "send_at": at.isoformat()},
    )
    local = at.astimezone(SHANGHAI)
    return ButtonResult(
        Reply("reminder.action.snoozed", {"month": local.month, "day": local.day, "time": f"{local:%H:%M}"}),
        keyboard=(),
    )


def _rsvp(
    uow: UnitOfWork,
    row: ReminderOutbox,
    member: Any,
    meeting_id: int,
    yes: bool,
    params: dict[str, Any],
    now: datetime,
) -> ButtonResult:
    meeting = uow.meetings.get(meeting_id)
    if meeting is None or meeting.cancelled_at is not None:
        return ButtonResult(Reply("reminder.action.stale"), keyboard=())
    attendance = uow.meetings.attendance_for(meeting_id, member.id)
    attendance.rsvp, attendance.rsvp_at = ("yes" if yes else "no"), now
    if not yes:
        uow.outbox.cancel_pending(rule_key=row.rule_key, period_key=row.period_key, member_id=member.id)
    key = "reminder.action.rsvp_yes" if yes else "reminder.action.rsvp_no"
    return ButtonResult(Reply(key, {"title": meeting.title}), keyboard=())


def _sign_in(
    uow: UnitOfWork, member: Any, meeting_id: int, params: dict[str, Any], now: datetime
) -> ButtonResult:
    meeting = uow.meetings.get(meeting_id)
    if meeting is None or meeting.cancelled_at is not None:
        return ButtonResult(Reply("reminder.action.stale"), keyboard=())
    if now < meeting.starts_at:
        return ButtonResult(Reply("reminder.action.signin_early"))
    attendance = uow.meetings.attendance_for(meeting_id, member.id)
    attendance.attended, attendance.signed_in_at = True, now
    if attendance.rsvp is None:
        attendance.rsvp, attendance.rsvp_at = "yes", now
    return ButtonResult(Reply("reminder.action.signed_in", {"title": meeting.title}), keyboard=())


# ------------------------------------------------------------------------------------ listing (dry run)


@dataclass(frozen=True)
class ListedReminder:
    """A planned reminder with its recipient spelled out, for ``cdo-bot reminders``."""

    reminder: PlannedReminder
    city: str
    who: str
    role: str
    unit: str

    def as_dict(self) -> dict[str, Any]:
        return self.reminder.as_dict() | {
            "city": self.city,
            "who": self.who,
            "role": self.role,
            "unit": self.unit,
        }


def list_planned(
    uow_factory: UnitOfWorkFactory | None,
    cities: Mapping[str, City],
    start: date,
    end: date,
    *,
    unit: str | None = None,
    hour: int = DEFAULT_HOUR,
) -> list[ListedReminder]:
    """The reminders the plan holds for ``[start, end]``, sending nothing.

    With no database, or a city without members, the city's placeholder recipients (one CDO, one
    coordinator) show the shape of the plan.
    """
    listed: list[ListedReminder] = []
    for city in cities.values():
        names: dict[int | str, tuple[str, str, str]] = {}
        if uow_factory is not None:
            with uow_factory() as uow:
                inputs = load_inputs(uow, city, start, end)
                for m in uow.members.active_in_city(city.code):
                    if m.role in PLANNED_ROLES:
                        names[m.id] = (m.display_name, PLANNED_ROLES[m.role], "")
            recipients, state, extra, removed = inputs.recipients, inputs.state, inputs.extra, inputs.removed
        else:
            recipients, extra, removed = [], [], []
            from bot.core.reminder_plan import PlanState

            state = PlanState()
        if not recipients:
            recipients = placeholder_recipients(city, unit)
            if unit is None:  # the shape of the plan for every pilot unit, not for the first one only
                recipients = [
                    *(Recipient(f"cdo:{u.name}", "cdo", u.name) for u in city.pilot_units),
                    *(r for r in recipients if r.role != "cdo"),
                ]
        for person in recipients:
            label = names.get(person.member_id, (str(person.member_id), person.role, ""))[0]
            names[person.member_id] = (label, person.role, person.unit)
        plan = plan_for_city(city, recipients, state, start, end, extra=extra, removed=removed, hour=hour)
        for reminder in plan:
            who, role, unit_name = names[reminder.member_id]
            if unit is not None and unit not in (unit_name, reminder.params.get("unit")):
                continue
            listed.append(ListedReminder(reminder, city.code, who, role, unit_name))
    return listed


def due_for_member(
    uow_factory: UnitOfWorkFactory,
    clock: Clock,
    cities: Mapping[str, City],
    *,
    member_id: int,
    city: str | None,
    hour: int = DEFAULT_HOUR,
) -> list[Reply]:
    """What is due for one member now, with its buttons, without sending anything (the terminal chat's
    ``/reminders``): the plan is synced into the outbox first, exactly as the dispatcher would before
    a tick, and the member's due rows that nobody has sent are shown. The buttons carry the rows' ids,
    so 已完成 / 参加 / 签到 act as on Telegram; the rows stay for the real dispatcher."""
    wanted = {code: c for code, c in cities.items() if city is None or code == city}
    sync_outbox(uow_factory, clock, wanted, hour=hour)
    now = clock.now()
    with uow_factory() as uow:
        return [reply_of(row) for row in uow.outbox.due_for_member(member_id, now, OPEN_STATUSES)]


def has_due(uow_factory: UnitOfWorkFactory, clock: Clock) -> bool:
    """Whether a dispatch would find anything (so the job re-plans only when it is about to send)."""
    now = clock.now()
    with uow_factory() as uow:
        return uow.outbox.any_due(now)


async def drain_due(
    uow_factory: UnitOfWorkFactory,
    clock: Clock,
    notifier: Notifier,
    cities: Mapping[str, City],
    *,
    hour: int,
    platforms: Sequence[str],
    worker_id: str,
    batch: int,
    lease: timedelta,
    concurrency: int,
    replan_every: timedelta,
) -> None:
    """Send everything due, batch after batch, re-planning every ``replan_every`` while draining.

    The one drain of every transport's tick (Telegram's job, the WeCom process): the platform's rate
    limiter, not the tick, sets the pace (PITFALLS 5), and the plan is refreshed right before
    sending and then every ``replan_every``, so a unit that hands in mid-drain is not reminded.
    Returns when a batch comes back short (nothing more is due).
    """
    if not await asyncio.to_thread(has_due, uow_factory, clock):
        return
    planned_at: datetime | None = None
    while True:
        now = clock.now()
        if planned_at is None or now - planned_at >= replan_every:
            await asyncio.to_thread(sync_outbox, uow_factory, clock, cities, hour=hour)
            planned_at = now
        stats = await dispatch_due(
            uow_factory,
            clock,
            notifier,
            worker_id=worker_id,
            batch=batch,
            lease=lease,
            concurrency=concurrency,
            platforms=platforms,
        )
        if stats.sent or stats.dropped or stats.failed or stats.unreachable:
            log.info("reminders dispatched to %s: %s", "/".join(platforms), stats)
        if stats.sent + stats.retried + stats.failed + stats.unreachable + stats.dropped < batch:
            return
