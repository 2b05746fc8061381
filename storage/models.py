"""SQLAlchemy 2.0 typed models: the tables of cdo-bot.

Layer: storage. Imports only SQLAlchemy and ``storage.types``.

Conventions:
- ids are integer autoincrement; every datetime column is ``AwareDateTime`` (UTC in, aware out).
- enumerations are plain strings guarded by CHECK constraints (the allowed values are the
  tuples below), so migrations stay the same on SQLite and PostgreSQL.
- records belong to a *unit*, not to a person: a new CDO inherits the unit's history.
- nothing is hard-deleted that a user created: ``deleted_at`` marks a soft delete.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    Time,
    UniqueConstraint,
    false,
    text,
    true,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from storage.types import AwareDateTime

CITIES = ("zhuhai", "shenzhen")
UNIT_KINDS = ("city", "government", "district", "department", "bureau")
ROLES = ("admin", "coordinator", "cdo", "staff")
ACTIVITY_KINDS = ("training", "exchange_meeting", "report")
RSVPS = ("yes", "no", "maybe")
DEADLINE_KINDS = (
    "summary_report",
    "annual_evaluation",
    "training_quota",
    "exchange_meeting_cadence",
    "custom",
)
OUTBOX_KINDS = ("deadline", "meeting", "quota", "digest", "coordinator_prompt", "missing_list")
OUTBOX_STATUSES = ("pending", "sending", "sent", "dropped", "failed", "cancelled", "snoozed")
DRAFT_STATUSES = ("pending", "confirmed", "cancelled", "expired")
ADDRESS_LENGTH = 255
"""Room for the text of a ``bot.core.address.Address`` or ``Account`` (``wecom:<chat id>#<msg id>``)."""

# Named constraints: Alembic's batch mode on SQLite can only drop what has a name.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


def one_of(column: str, values: tuple[str, ...], name: str | None = None) -> CheckConstraint:
    listed = ", ".join(f"'{v}'" for v in values)
    return CheckConstraint(f"{column} IN ({listed})", name=name or column)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {datetime: AwareDateTime(), dict[str, Any]: JSON()}  # noqa: RUF012


class Unit(Base):
    """A pilot unit: the city itself, a district, a department or a bureau."""

    __tablename__ = "units"
    __table_args__ = (
        UniqueConstraint("city", "name"),
        one_of("kind", UNIT_KINDS),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    city: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20))
    is_pilot: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Member(Base):
    """A person's membership: one unit and role. Left members stay for history.

    The person is reached through their ``accounts`` (one per platform they use: Telegram, WeCom …)
    and is sent reminders at ``chat_address``, the text of a ``bot.core.address.Address``.
    """

    __tablename__ = "members"
    __table_args__ = (
        one_of("role", ROLES),
        CheckConstraint(
            "reminder_hour IS NULL OR (reminder_hour >= 0 AND reminder_hour <= 23)", name="reminder_hour"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    display_name: Mapped[str] = mapped_column(String(200))
    city: Mapped[str | None] = mapped_column(String(32))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), index=True)
    role: Mapped[str] = mapped_column(String(20))
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    joined_at: Mapped[datetime] = mapped_column(default=utcnow)
    left_at: Mapped[datetime | None]
    reminder_hour: Mapped[int | None] = mapped_column(Integer)
    away_from: Mapped[date | None] = mapped_column(Date)
    away_until: Mapped[date | None] = mapped_column(Date)
    mute_nudges: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    unreachable_since: Mapped[datetime | None]
    chat_address: Mapped[str | None] = mapped_column(String(ADDRESS_LENGTH))
    """The private chat reminders go to (``telegram:42``)."""
    accounts: Mapped[list[MemberAccount]] = relationship(
        back_populates="member", cascade="all, delete-orphan", order_by="MemberAccount.id"
    )


class MemberAccount(Base):
    """One login of a member on one platform (``telegram`` + ``42``, ``wecom`` + ``zhangsan``).

    ``active`` follows the membership, so that an account belongs to at most one *active*
    member (a partial unique index) while former memberships keep theirs for history.
    """

    __tablename__ = "member_accounts"
    __table_args__ = (
        Index(
            "uq_member_accounts_active_platform_external_id",
            "platform",
            "external_id",
            unique=True,
            sqlite_where=text("active"),
            postgresql_where=text("active"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    platform: Mapped[str] = mapped_column(String(32))
    external_id: Mapped[str] = mapped_column(String(128))
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    member: Mapped[Member] = relationship(back_populates="accounts")


class Invite(Base):
    """A one-time code for ``t.me/<bot>?start=CODE``: whoever redeems it joins with this city, unit and role."""

    __tablename__ = "invites"
    __table_args__ = (one_of("role", ROLES),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    """SHA-256 (hex) of the code: the code itself is shown once and never stored (``access.hash_code``)."""
    city: Mapped[str | None] = mapped_column(String(32))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    role: Mapped[str] = mapped_column(String(20))
    created_by: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    used_by: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    used_at: Mapped[datetime | None]
    link_member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    """Set on a link code (``/link``): whoever redeems it becomes another account of this member
    (the same person on a second platform) instead of a new member."""


class Activity(Base):
    """A training, exchange meeting or report of a unit (the 佐证 of the plans' duties)."""

    __tablename__ = "activities"
    __table_args__ = (
        one_of("kind", ACTIVITY_KINDS),
        CheckConstraint("attendees IS NULL OR attendees >= 0", name="attendees"),
        Index("ix_activities_unit_id_date", "unit_id", "date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    kind: Mapped[str] = mapped_column(String(20))
    date: Mapped[date] = mapped_column(Date)
    time: Mapped[time | None] = mapped_column(Time)
    title: Mapped[str] = mapped_column(String(200))
    attendees: Mapped[int | None] = mapped_column(Integer)
    location: Mapped[str | None] = mapped_column(String(200))
    original_text: Mapped[str] = mapped_column(Text, default="")
    entered_by: Mapped[int] = mapped_column(ForeignKey("members.id"))
    """Who typed it (a CDO, or staff logging for the CDO)."""
    on_behalf_of: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    """The unit's CDO when staff logs for them."""
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    deleted_at: Mapped[datetime | None]
    deleted_by: Mapped[int | None] = mapped_column(ForeignKey("members.id"))


class Evidence(Base):
    """A file (佐证材料) attached to an activity; the bytes stay on Telegram, we keep the file id."""

    __tablename__ = "evidence"

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("activities.id"), index=True)
    telegram_file_id: Mapped[str] = mapped_column(String(255))
    file_unique_id: Mapped[str] = mapped_column(String(128))
    file_name: Mapped[str | None] = mapped_column(String(255))
    mime_type: Mapped[str | None] = mapped_column(String(128))
    file_size: Mapped[int | None] = mapped_column(BigInteger)
    caption: Mapped[str | None] = mapped_column(Text)
    uploaded_by: Mapped[int] = mapped_column(ForeignKey("members.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    deleted_at: Mapped[datetime | None]


class EvidenceContent(Base):
    """The bytes of an evidence file that its platform does not keep (WeCom's ``media_id`` dies in 3 days).

    Telegram keeps a file for good behind its ``file_id``, so Telegram evidence has no row here;
    WeCom deletes media after three days (PITFALLS 18), so the WeCom transport downloads the file
    with ``media/get`` and its bytes live here, one row per evidence, at most the evidence limit.
    """

    __tablename__ = "evidence_contents"

    id: Mapped[int] = mapped_column(primary_key=True)
    evidence_id: Mapped[int] = mapped_column(ForeignKey("evidence.id"), unique=True)
    data: Mapped[bytes] = mapped_column(LargeBinary)
    sha256: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Meeting(Base):
    """A scheduled meeting (e.g. a 沟通交流会) members are reminded of and sign in to."""

    __tablename__ = "meetings"

    id: Mapped[int] = mapped_column(primary_key=True)
    city: Mapped[str] = mapped_column(String(32))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    title: Mapped[str] = mapped_column(String(200))
    starts_at: Mapped[datetime] = mapped_column(index=True)
    location: Mapped[str | None] = mapped_column(String(200))
    created_by: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    cancelled_at: Mapped[datetime | None]


class MeetingAttendance(Base):
    __tablename__ = "meeting_attendance"
    __table_args__ = (
        UniqueConstraint("meeting_id", "member_id"),
        CheckConstraint("rsvp IS NULL OR rsvp IN ('yes', 'no', 'maybe')", name="rsvp"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    rsvp: Mapped[str | None] = mapped_column(String(8))
    rsvp_at: Mapped[datetime | None]
    attended: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    signed_in_at: Mapped[datetime | None]


class Deadline(Base):
    """A deadline set at runtime by a coordinator, or an override of a rule of the city file.

    ``rule_key`` names the rule (``zhuhai.summary_report.h1``) or ``custom.<id>`` for a new one;
    ``period_key`` (e.g. ``2026-11-30``) pins an override to one occurrence of a recurring rule.
    """

    __tablename__ = "deadlines"
    __table_args__ = (
        one_of("kind", DEADLINE_KINDS),
        Index("ix_deadlines_city_rule_key", "city", "rule_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    city: Mapped[str] = mapped_column(String(32))
    rule_key: Mapped[str] = mapped_column(String(128))
    period_key: Mapped[str | None] = mapped_column(String(32))
    title: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(32))
    due_date: Mapped[date] = mapped_column(Date)
    clause: Mapped[str | None] = mapped_column(Text)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    deleted_at: Mapped[datetime | None]


class ReportSubmission(Base):
    """A unit handed in a report for one period of a deadline (a city-file rule or a ``Deadline`` row)."""

    __tablename__ = "report_submissions"
    __table_args__ = (Index("ix_report_submissions_unit_id_period_key", "unit_id", "period_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    deadline_id: Mapped[int | None] = mapped_column(ForeignKey("deadlines.id"))
    rule_key: Mapped[str | None] = mapped_column(String(128))
    period_key: Mapped[str] = mapped_column(String(32))
    submitted_on: Mapped[date] = mapped_column(Date)
    activity_id: Mapped[int | None] = mapped_column(ForeignKey("activities.id"))
    recorded_by: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ReminderOutbox(Base):
    """The sent-ledger of reminders (PITFALLS 2): one row per rule + period + recipient, enforced by a unique key.

    Planners insert with ``add_if_absent`` (insert-ignore); dispatchers claim due rows, send,
    and mark them. A reload, a restart or a second process cannot send the same reminder twice.
    """

    __tablename__ = "reminder_outbox"
    __table_args__ = (
        one_of("kind", OUTBOX_KINDS),
        one_of("status", OUTBOX_STATUSES),
        Index("ix_reminder_outbox_status_due_at", "status", "due_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    dedupe_key: Mapped[str] = mapped_column(String(255), unique=True)
    member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"), index=True)
    chat_address: Mapped[str | None] = mapped_column(String(ADDRESS_LENGTH))
    rule_key: Mapped[str] = mapped_column(String(128))
    period_key: Mapped[str] = mapped_column(String(32))
    kind: Mapped[str] = mapped_column(String(32))
    due_at: Mapped[datetime]
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(String(16), default="pending", server_default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    next_attempt_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)
    sent_at: Mapped[datetime | None]
    message_address: Mapped[str | None] = mapped_column(String(ADDRESS_LENGTH))
    """The message that was sent (``telegram:42#77``)."""
    locked_by: Mapped[str | None] = mapped_column(String(64))
    locked_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class AuditLog(Base):
    """Append-only trail of who changed what: every create, edit, delete, join and invite."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_entity_entity_id", "entity", "entity_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    actor_member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    actor_label: Mapped[str] = mapped_column(String(200), default="")
    action: Mapped[str] = mapped_column(String(32))
    entity: Mapped[str] = mapped_column(String(64))
    entity_id: Mapped[str | None] = mapped_column(String(64))
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class ConversationState(Base):
    """Where a multi-step conversation stands, kept in the database so it survives a restart."""

    __tablename__ = "conversation_states"
    __table_args__ = (UniqueConstraint("chat_address", "account", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    chat_address: Mapped[str] = mapped_column(String(ADDRESS_LENGTH))
    account: Mapped[str] = mapped_column(String(ADDRESS_LENGTH))
    """The text of the speaker's ``bot.core.address.Account`` (``telegram:42``)."""
    name: Mapped[str] = mapped_column(String(64))
    state: Mapped[str] = mapped_column(String(64))
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    message_address: Mapped[str | None] = mapped_column(String(ADDRESS_LENGTH))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime | None]


class PendingDraft(Base):
    """A confirmation card waiting for 确认/修改/取消; callback data carries its id, so it outlives a restart."""

    __tablename__ = "pending_drafts"
    __table_args__ = (one_of("status", DRAFT_STATUSES),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(32), default="activity", server_default="activity")
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    chat_address: Mapped[str] = mapped_column(String(ADDRESS_LENGTH))
    message_address: Mapped[str | None] = mapped_column(String(ADDRESS_LENGTH))
    """The message showing the card (``telegram:42#77``): a reply to it carries evidence."""
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(String(16), default="pending", server_default="pending")
    activity_id: Mapped[int | None] = mapped_column(ForeignKey("activities.id"))
    """The record written on confirmation: a second 确认 answers "already saved" with it."""
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    resolved_at: Mapped[datetime | None]


class ProcessedEvent(Base):
    """The processed-events ledger: one row per (platform, event id) whose effect was committed.

    Chat platforms deliver an update again when the reply did not get through (Telegram after a
    crash between commit and reply, WeCom after 5 s without an answer): the row is written in the
    same transaction as the update's effect, so a redelivery finds it and is skipped. ``event_id``
    is a string: Telegram's ``update_id`` is a number, WeCom's ``MsgId`` a 64-bit one, an event
    callback a composite key.
    """

    __tablename__ = "processed_events"
    __table_args__ = (UniqueConstraint("platform", "event_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform: Mapped[str] = mapped_column(String(16))
    event_id: Mapped[str] = mapped_column(String(128))
    processed_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class InboundEvent(Base):
    """A callback accepted but not yet handled: the durable half of the WeCom inbox.

    WeCom sends a callback once more only while it has no answer; once the bot answered 200 the
    message is ours alone. The row is written before that answer and deleted after the message was
    handled, so a crash in between leaves it here and the next start handles it (the ledger still
    says whether its effect already committed). ``payload`` is the decrypted callback's fields.
    """

    __tablename__ = "inbound_events"
    __table_args__ = (UniqueConstraint("platform", "event_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform: Mapped[str] = mapped_column(String(16))
    event_key: Mapped[str] = mapped_column(String(128))
    payload: Mapped[dict[str, Any]]
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
