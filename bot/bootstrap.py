"""The only wiring: settings → engine and unit-of-work factory, clock, catalog, knowledge → services.

Every adapter (``cdo-bot run``, ``cdo-bot chat``, ``cdo-bot invite``) calls ``build_app_context``
and then talks to ``AppContext.services`` only. Nothing is built at import time, so importing a
handler module in a test costs nothing and touches no database.

``Services`` is the one facade the adapters see: it binds the unit-of-work factory, the clock,
the knowledge base and the admin ids to the use-case functions of ``bot.services``, so that a
handler passes only what the update carries (user id, text, button data).
"""

from __future__ import annotations

import functools
import inspect
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any, TypeVar

from bot.config import Settings
from bot.core.address import Account, Address
from bot.core.clock import Clock, SystemClock
from bot.core.i18n import Translator, translator
from bot.core.replies import FileReply, Reply
from bot.core.sanitize import clean_file_name, clean_text

if TYPE_CHECKING:
    from bot.services.access import Actor

log = logging.getLogger(__name__)
T = TypeVar("T")

CARD_MARK = "act:confirm:"
"""A card's 确认 button is ``act:confirm:<draft id>`` (``bot.services.activity``); other ``act:`` buttons
carry activity ids (删除, 恢复), so only this one names a draft."""
MAX_TEXT_INPUT = 1000
"""Longer messages are neither parsed nor searched: nobody logs a training in a thousand characters."""
QUESTION_MARKERS = (
    "?",
    "？",
    "吗",
    "什么",
    "哪",
    "怎么",
    "怎样",
    "如何",
    "是否",
    "多少",
    "几",
    "谁",
    "为何",
    "为什么",
    "何时",
)
"""Words that make an out-of-scope message a question (answered "not in the plans") rather than chatter (a hint)."""


def looks_like_question(text: str) -> bool:
    return any(marker in text for marker in QUESTION_MARKERS)


def prepare_database(settings: Settings) -> None:
    """Apply migrations and make sure every unit of the city files exists (idempotent)."""
    from storage.migrate import upgrade

    upgrade(settings.database_url)
    from storage.uow import uow_factory

    factory = uow_factory(settings.database_url)
    try:
        seed_units(factory)
    finally:
        factory.dispose()


def seed_units(factory: Any) -> int:
    """Upsert the units listed in ``locale/zh_CN/cities/*.toml``; returns how many were new."""
    from bot.core.cities import load_cities
    from bot.services.access import ensure_units

    return ensure_units(factory, load_cities())


@dataclass
class AppContext:
    """What every adapter needs, built once per process."""

    settings: Settings
    clock: Clock
    translator: Translator
    uow: Any
    """A ``storage.uow.SqlUnitOfWorkFactory``: call it for a unit of work."""
    exit_code: int = 0
    """Set by the Telegram error handler when the process must stop (e.g. 409 Conflict)."""
    network_warned_at: Any = None
    """When the error handler last logged that Telegram cannot be reached (once per outage)."""
    _services: Services | None = field(default=None, repr=False)

    @property
    def services(self) -> Services:
        if self._services is None:
            self._services = Services(self)
        return self._services

    def close(self) -> None:
        self.uow.dispose()


def build_app_context(settings: Settings | None = None, *, clock: Clock | None = None) -> AppContext:
    from storage.uow import uow_factory

    settings = settings or Settings.from_env()
    return AppContext(
        settings=settings,
        clock=clock or SystemClock(settings.timezone),
        translator=translator(),
        uow=uow_factory(settings.database_url),
    )


def service_errors_as_replies(method: Callable[..., Any]) -> Callable[..., Any]:
    """Domain errors (``NotAuthorized``, ``InvalidInvite`` …) become their catalog reply; bugs still raise."""

    @functools.wraps(method)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from bot.services.errors import ServiceError

        try:
            return method(*args, **kwargs)
        except ServiceError as error:
            return error.reply()

    return wrapper


def _clean_argument(name: str | None, value: Any) -> Any:
    if not isinstance(value, str):
        return value
    return clean_file_name(value) if name == "file_name" else clean_text(value)


def clean_inputs(cls: type[T]) -> type[T]:
    """Every string an adapter passes to a public method of ``cls`` goes through ``bot.core.sanitize``.

    The edge, once: Telegram, WeCom, the terminal chat and the command line all reach the use
    cases through ``Services``, so none of them can forget to drop NUL, control characters, bidi
    overrides or lone surrogates (``file_name`` arguments get ``clean_file_name``).
    """
    for name, attribute in list(vars(cls).items()):
        if name.startswith("_") or not inspect.isfunction(attribute):
            continue

        def cleaning(method: Callable[..., Any]) -> Callable[..., Any]:
            @functools.wraps(method)
            def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
                args = tuple(_clean_argument(None, a) for a in args)
                kwargs = {k: _clean_argument(k, v) for k, v in kwargs.items()}
                return method(self, *args, **kwargs)

            return wrapper

        setattr(cls, name, cleaning(attribute))
    return cls


@clean_inputs
class Services:
    """The adapters' view of the use cases; every method returns ``Reply`` objects (or plain data)."""

    def __init__(self, app: AppContext) -> None:
        self._app = app

    @property
    def uow(self) -> Any:
        return self._app.uow

    @property
    def clock(self) -> Clock:
        return self._app.clock

    @property
    def admin_ids(self) -> frozenset[int]:
        return self._app.settings.admin_ids

    @cached_property
    def knowledge(self) -> Any:
        """Loaded on first use: building the clause index takes a moment and ``invite`` does not need it."""
        from bot.core.knowledge import Knowledge

        return Knowledge.load()

    def _today(self) -> Any:
        """The city's date now (a ``date``): duty answers mark the plan's dated targets that have passed."""
        from bot.core.clock import SHANGHAI

        return self.clock.now().astimezone(SHANGHAI).date()

    def warm_up(self) -> None:
        """Load what the first question would otherwise wait for."""
        _ = self.knowledge

    # -------------------------------------------------------------- access
    def already_handled(self, platform: str, event_id: int | str) -> bool:
        """Did this event (a Telegram update id, a WeCom MsgId) already take effect? (``storage.events``)"""
        from bot.services import events

        return events.already_handled(self.uow, platform, event_id)

    def identify(self, account: Account) -> Actor | None:
        from bot.services import access

        return access.identify(self.uow, account, self.admin_ids, clock=self.clock)

    @service_errors_as_replies
    def join(
        self,
        *,
        account: Account,
        display_name: str,
        chat: Address,
        code: str,
        private_chat: bool = True,
        private_link: str | None = None,
    ) -> Reply:
        """``/start CODE``; in a group nothing is redeemed and the reply points to ``private_link``."""
        from bot.services import access

        return access.join_with_code(
            self.uow,
            self.clock,
            code=code,
            account=account,
            display_name=display_name,
            chat=chat,
            private_chat=private_chat,
            private_link=private_link,
        ).reply

    # Member management (admins everywhere, coordinators in their city): ``bot.services.members``.
    def members(self, member: Actor, words: str) -> Reply:
        from bot.services import members

        return members.members_command(self.uow, member, words, self.admin_ids)

    def deactivate(self, member: Actor, words: str) -> Reply:
        from bot.services import members

        return members.deactivate_command(self.uow, self.clock, member, words, self.admin_ids)

    def handover(self, member: Actor, words: str) -> Reply:
        from bot.services import members

        return members.handover_command(self.uow, self.clock, member, words, self.admin_ids)

    @service_errors_as_replies
    def create_invite(self, member: Actor, *, unit: str, role: str, city: str | None = None) -> Reply:
        from bot.services import access

        return access.create_invite(
            self.uow,
            self.clock,
            city=city,
            unit_name=unit,
            role=role.lower(),
            created_by=member.account,
            admin_ids=self.admin_ids,
        ).reply

    def invite(self, member: Actor, words: str) -> Reply:
        """``/invite [城市] [单位] 角色`` in any chat: the words are read by ``bot.services.commands``."""
        from bot.services import commands

        args = commands.invite_arguments(words)
        if args is None:
            return Reply("bot.invite.usage")
        return self.create_invite(member, city=args.city, unit=args.unit or "", role=args.role)

    def create_invite_code(self, *, city: str | None, unit: str | None, role: str) -> Any:
        """For the command line (trusted): returns ``access.InviteInfo``; raises ``ServiceError``."""
        from bot.services import access

        return access.create_invite(self.uow, self.clock, city=city, unit_name=unit, role=role)

    # -------------------------------------------------------------- free text
    @service_errors_as_replies
    def respond_to_text(self, member: Actor, *, chat: Address, text: str) -> Reply:
        """An activity becomes a card, a question gets a duty answer, anything else a hint."""
        if len(text) > MAX_TEXT_INPUT:
            return Reply("error.text_too_long", {"limit": MAX_TEXT_INPUT})
        from bot.core.intake import parse_activity
        from bot.services import activity

        if activity.pending_edit(self.uow, self.clock, member, chat=chat) is not None:
            # The database says this user was asked for a field's new value (修改 → 人数): this is it,
            # even if the process restarted between the question and the answer.
            return self.finish_edit(member, chat=chat, text=text)
        parsed = parse_activity(text, self.clock.now())
        if parsed.draft is not None or parsed.error is not None:
            return self.propose_activity(member, chat=chat, text=text)
        return self.answer_question(member, text)

    @service_errors_as_replies
    def answer_question(self, member: Actor, text: str) -> Reply:
        from bot.services import duty

        reply = duty.answer_duty_question(
            self.knowledge, text, member.city, member.unit_name, member.role, today=self._today()
        )
        if reply.key == "duty.not_in_plans" and not looks_like_question(text):
            return Reply("bot.hint")
        return reply

    @service_errors_as_replies
    def list_duties(self, member: Actor) -> Reply:
        from bot.services import duty

        if not member.city:
            return duty.choose_city()
        return duty.list_duties(self.knowledge, member.city, member.unit_name, member.role)

    # -------------------------------------------------------------- buttons
    def press_button(self, member: Actor, *, chat: Address, data: str) -> ButtonOutcome:
        from bot.services import duty
        from bot.services.errors import ServiceError

        try:
            if data.startswith((duty.SUGGEST_PREFIX, duty.CLAUSE_PREFIX)):
                clause_id = data.split(":", 2)[2]
                return ButtonOutcome(
                    duty.show_clause(self.knowledge, clause_id, today=self._today()), edit=False
                )
            if data.startswith(duty.CITY_PREFIX):
                from bot.core.cities import resolve_city

                found = resolve_city(data.split(":", 2)[2])
                if found is None:  # a forged or outdated button
                    return ButtonOutcome(None, edit=False, toast=Reply("activity.button.stale"), alert=True)
                return ButtonOutcome(duty.list_duties(self.knowledge, found.code, None, member.role))
            # Settings and reminder buttons: Telegram routes them to their own handlers, the terminal here.
            from bot.services import reminders, settings

            if data.startswith(f"{settings.CALLBACK_PREFIX}:"):
                return ButtonOutcome(settings.press_settings_button(self.uow, self.clock, member, data))
            if data.startswith(f"{reminders.CALLBACK_PREFIX}:"):
                result = reminders.press_reminder_button(
                    self.uow, self.clock, member_id=member.member_id, data=data
                )
                return ButtonOutcome(result.reply, edit=False, toast=result.toast)
            return self._press_activity_button(member, chat=chat, data=data)
        except ServiceError as error:
            return ButtonOutcome(None, edit=False, toast=error.reply(), alert=True)

    def _press_activity_button(self, member: Actor, *, chat: Address, data: str) -> ButtonOutcome:
        from bot.services import activity

        result = activity.press(self.uow, self.clock, member, data=data, chat=chat)
        return ButtonOutcome(result.reply, edit=result.edit, awaits_value=result.awaits_value)

    # -------------------------------------------------------------- activities
    @service_errors_as_replies
    def propose_activity(self, member: Actor, *, chat: Address, text: str, kind: str | None = None) -> Reply:
        from bot.services import activity

        if len(text) > MAX_TEXT_INPUT:
            return Reply("error.text_too_long", {"limit": MAX_TEXT_INPUT})
        return activity.propose_activity(self.uow, self.clock, member, text=text, chat=chat, kind=kind).reply

    @service_errors_as_replies
    def finish_edit(self, member: Actor, *, chat: Address, text: str) -> Reply:
        from bot.services import activity

        return activity.finish_edit(self.uow, self.clock, member, chat=chat, text=text)

    def cancel_dialog(self, member: Actor, *, chat: Address) -> bool:
        """Forget a half-finished field edit (the guided dialogs keep no data of their own); True if there was one."""
        from bot.services import activity

        return member is not None and activity.cancel_edit(self.uow, member, chat=chat)

    @service_errors_as_replies
    def history(self, member: Actor) -> Reply:
        from bot.services import activity

        return activity.list_history(self.uow, self.clock, member).reply

    @service_errors_as_replies
    def undo(self, member: Actor, words: str = "") -> Reply:
        """``/undo`` (the last record entered) or ``/undo 3`` (record 编号 3): ``bot.services.commands``."""
        from bot.services import commands

        return commands.undo_command(self.uow, self.clock, member, words)

    @service_errors_as_replies
    def attach_evidence(
        self,
        member: Actor,
        *,
        file_id: str,
        file_unique_id: str,
        file_name: str | None,
        mime_type: str | None,
        file_size: int | None,
        caption: str | None,
        reply_to: Address | None,
    ) -> Reply:
        from bot.services import activity

        file = activity.EvidenceFile(
            telegram_file_id=file_id,
            file_unique_id=file_unique_id,
            file_name=file_name,
            mime_type=mime_type,
            file_size=file_size,
            caption=caption,
        )
        return activity.attach_evidence(self.uow, self.clock, member, file, reply_to=reply_to).reply

    def due_reminders(self, member: Actor) -> list[Reply]:
        """The terminal chat's ``/reminders``: what is due for ``member`` now, with its buttons."""
        from bot.core.cities import load_cities
        from bot.services import reminders

        hour = self._app.settings.reminder_hour
        due = reminders.due_for_member(
            self.uow, self.clock, load_cities(), member_id=member.member_id, city=member.city, hour=hour
        )
        return due or [Reply("reminder.none_due")]

    @service_errors_as_replies
    def attach_path(self, member: Actor, *, path: str) -> Reply:
        """The terminal chat's ``/attach PATH``: a local file as evidence of the member's last record."""
        from bot.services import activity
        from bot.services.local_files import evidence_from_path

        file = evidence_from_path(path)
        return activity.attach_evidence(self.uow, self.clock, member, file).reply

    # -------------------------------------------------------------- commands with arguments
    # The words after ``/settings``, ``/deadline`` … mean the same in every chat: ``bot.services.commands``.
    def settings(self, member: Actor, words: str) -> Reply:
        from bot.services import commands

        return commands.settings_command(self.uow, self.clock, member, words)

    def deadline(self, member: Actor, words: str) -> Reply:
        from bot.services import commands

        return commands.deadline_command(self.uow, self.clock, member, words)

    def meeting(self, member: Actor, words: str) -> Reply | FileReply:
        from bot.services import commands

        return commands.meeting_command(self.uow, self.clock, member, words)

    def progress(self, member: Actor, words: str) -> Reply:
        from bot.services import commands

        return commands.progress_command(self.uow, self.clock, member, words)

    def overview(self, member: Actor, words: str) -> Reply:
        from bot.services import commands

        return commands.overview_command(self.uow, self.clock, member, words)

    def export(self, member: Actor, words: str) -> Reply | FileReply:
        from bot.services import commands

        return commands.export_command(self.uow, self.clock, member, words)

    def summary(self, member: Actor, words: str) -> Reply | FileReply:
        """``/summary [单位] [2026H2]``: the work-summary draft as a ``.docx`` (``bot.services.summary``)."""
        from bot.services import summary

        return summary.summary_command(self.uow, self.clock, self.knowledge, member, words)

    def welcome(self, member: Actor) -> Reply:
        return Reply("bot.start.welcome_back", {"name": member.display_name})

    # -------------------------------------------------------------- dialogs (conversation states)
    @property
    def conversation_store(self) -> Callable[[], Any]:
        from bot.services.conversations import SqlConversationStore

        return lambda: SqlConversationStore(self.uow, self.clock)

    def card_shown(self, reply: Reply, *, message: Address) -> None:
        """Remember which message shows a draft's card, so that a reply to it can carry evidence."""
        draft_id = draft_id_of(reply)
        if draft_id is not None:
            from bot.services import activity

            activity.record_card_message(self.uow, draft_id, message=message)


@dataclass(frozen=True)
class ButtonOutcome:
    """What pressing a button did: the reply, whether it replaces the card, and what comes next."""

    reply: Reply | None
    """None when the toast says it all (a refused or stale button)."""
    edit: bool = True
    awaits_value: bool = False
    toast: Reply | None = None
    alert: bool = False
    """Show the toast as a dialog the user must dismiss (refusals), not a passing notice."""


def draft_id_of(reply: Reply) -> int | None:
    """The draft a card shows (from its 确认 button), or None when the reply is not a card."""
    for row in reply.choices:
        for choice in row:
            rest = choice.data.removeprefix(CARD_MARK)
            if rest != choice.data and rest.isdigit():
                return int(rest)
    return None
