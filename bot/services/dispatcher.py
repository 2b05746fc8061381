"""The one conversation core every chat platform feeds: an ``Event`` in, an ``Outcome`` out.

Layer: services (no telegram, no SQL: storage only through the unit of work and the services).
Like errbot's ``process_message``, this is the only place that decides what a message means;
the transports (``bot.handlers`` for Telegram, ``bot.chat`` for the terminal, ``bot.wecom``) only
carry messages. In order, ``handle``:

1. **exactly once**: an event with a platform id (Telegram ``update_id``, WeCom ``MsgId``) that
   already took effect is answered "already handled"; otherwise every commit made while
   handling it records the id in the same transaction (``bot.services.events``);
2. **access**: the account must belong to an active member (``bot.services.access``); a stranger
   may only join with an invite code (``/start CODE``) and gets a polite refusal otherwise;
3. **commands** come from ``bot.services.command_table`` (argument rule, roles, group chats);
4. **buttons** go to the service that made them, by the first part of their data (each
   service's ``CALLBACK_PREFIX``);
5. **lines** are, in this order: the answer a guided dialog (``/train``) waits for, the new value
   of a field being edited (修改 → 人数), an activity (a card), a question (a duty answer), or
   chatter (the usage hint). Whether a line is a question is ``bot.core.questions.is_question``.

Dialog state lives in the database (``conversation_states``) for every platform, so a restart or
a second process loses nothing; a dialog ends with ``/cancel``, with its answer, with a button
press, or ``dialog_timeout`` after it began.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from functools import cached_property
from typing import Any

from bot.core.address import Account, Address
from bot.core.clock import SHANGHAI, Clock
from bot.core.i18n import translator
from bot.core.questions import is_question
from bot.core.replies import FileReply, Reply
from bot.core.sanitize import clean_file_name, clean_text
from bot.services import access, activity, duty, events, reminders, settings
from bot.services.access import Actor
from bot.services.command_table import CHART_PREFIX, COMMANDS, COMMANDS_BY_NAME, Command
from bot.services.conversation import Event, Kind, Outcome, say
from bot.services.conversations import DialogStore
from bot.services.errors import ServiceError
from storage.uow import UnitOfWorkFactory

DIALOG_TIMEOUT = timedelta(minutes=10)
MAX_TEXT_INPUT = 1000
"""Longer messages are neither parsed nor searched: nobody logs a training in a thousand characters."""
REFUSAL = Reply("bot.access.refused")
CARD_MARK = f"{activity.CALLBACK_PREFIX}:confirm:"
"""A card's 确认 button is ``act:confirm:<draft id>``; other ``act:`` buttons carry activity ids."""


def clean_event(event: Event) -> Event:
    """Every string a transport hands over goes through ``bot.core.sanitize`` here, once: no
    platform can forget to drop NUL, control characters, bidi overrides or lone surrogates."""
    file = event.file
    if file is not None:
        file = replace(
            file,
            file_name=clean_file_name(file.file_name),
            caption=clean_text(file.caption) if file.caption is not None else None,
        )
    return replace(
        event,
        text=clean_text(event.text),
        display_name=clean_text(event.display_name),
        data=clean_text(event.data) if event.data is not None else None,
        file=file,
    )


def draft_id_of(reply: Reply) -> int | None:
    """The draft a card shows (from its 确认 button), or None when the reply is not a card."""
    for row in reply.choices:
        for choice in row:
            rest = choice.data.removeprefix(CARD_MARK)
            if rest != choice.data and rest.isdigit():
                return int(rest)
    return None


class Dispatcher:
    """The conversation rules, bound to the database, the clock and the admins of one process."""

    def __init__(
        self,
        uow: UnitOfWorkFactory,
        clock: Clock,
        admin_ids: Iterable[int | str | Account] = (),
        *,
        dialog_timeout: timedelta = DIALOG_TIMEOUT,
        reminder_hour: int = 9,
    ) -> None:
        self.uow = uow
        self.clock = clock
        self.reminder_hour = reminder_hour
        self.admin_ids = frozenset(admin_ids)
        self.dialogs = DialogStore(uow, clock, dialog_timeout)

    @cached_property
    def knowledge(self) -> Any:
        """Loaded on first use: building the clause index takes a moment and ``invite`` does not need it."""
        from bot.core.knowledge import Knowledge

        return Knowledge.load()

    def warm_up(self) -> None:
        """Load what the first question would otherwise wait for.

        A stale index cache is rebuilt in a child process first (``build_cache_in_child``): the
        bot then only loads the pickle and never carries the builder's memory.
        """
        from bot.core.knowledge.index import build_cache_in_child

        build_cache_in_child()
        _ = self.knowledge

    def today(self) -> date:
        return self.clock.now().astimezone(SHANGHAI).date()

    # ------------------------------------------------------------------------------ the entry point
    def handle(self, event: Event) -> Outcome:
        """One incoming event, in one session (``UnitOfWorkFactory.one_session``: the ledger check,
        the member and the use case share a connection), except for the slow commands, whose
        transaction would stay open while a workbook or a chart is built."""
        one_session = getattr(self.uow, "one_session", None)
        if one_session is None or self.is_slow(event):
            return self._handle_once(event)
        with one_session():
            return self._handle_once(event)

    @staticmethod
    def is_slow(event: Event) -> bool:
        """A slow command of the table or a chart button: seconds of work, a longer deadline, and
        transports with an event loop let other users' updates through meanwhile."""
        if event.kind is Kind.BUTTON:
            return (event.data or "").startswith(f"{CHART_PREFIX}:")
        command = COMMANDS_BY_NAME.get(event.command or "") if event.kind is Kind.COMMAND else None
        return command is not None and command.slow

    def _handle_once(self, event: Event) -> Outcome:
        event = clean_event(event)
        if event.event_id is None:
            return self._handle(event, self._identify(event)[1])
        claim = events.current_event()
        if claim is not None and (claim.platform, claim.event_id) == (event.platform, event.event_id):
            return self._handle_new(event)  # the transport already handles it as this event
        with events.handling_event(event.platform, event.event_id):
            return self._handle_new(event)

    def _handle_new(self, event: Event) -> Outcome:
        """An event with a platform id: the ledger is asked in the statement that identifies the sender."""
        assert event.event_id is not None
        seen, actor = self._identify(
            event, (event.platform, str(event.event_id), datetime.now(UTC) - events.REDELIVERY_WINDOW)
        )
        if seen:
            # A redelivery of an event whose effect committed (the process died before the reply):
            # say so instead of removing a second record or making a second meeting.
            return self._refuse(event, Reply("bot.already_handled"))
        return self._handle(event, actor)

    def follow_up(self, event: Event, data: str) -> Outcome:
        """What a shown outcome asked for next (``Outcome.follow_ups``): a press of ``data`` by the
        same member in the same chat, with every check a press gets (the chart under ``/progress``)."""
        return self.handle(
            replace(event, kind=Kind.BUTTON, data=data, command=None, text="", event_id=None, file=None)
        )

    def _identify(
        self, event: Event, ledger: tuple[str, str, datetime] | None = None
    ) -> tuple[bool, Actor | None]:
        return access.identify_event(
            self.uow, event.account, self.admin_ids, clock=self.clock, chat=event.chat, event=ledger
        )

    def _handle(self, event: Event, actor: Actor | None) -> Outcome:
        try:
            if actor is None:
                return self._stranger(event)
            match event.kind:
                case Kind.COMMAND:
                    return self._command(actor, event)
                case Kind.BUTTON:
                    return self._button(actor, event)
                case Kind.TEXT:
                    return say(self._text(actor, event))
                case Kind.FILE:
                    return say(self._file(actor, event))
                case Kind.JOIN:
                    return say(self.join(event, event.text) if event.text else self._welcome(actor))
                case _:
                    return say(Reply("bot.hint"))
        except ServiceError as error:
            return self._refuse(event, error.reply())

    def _refuse(self, event: Event, reply: Reply) -> Outcome:
        """A refusal: a dialog to dismiss under a pressed button, a message otherwise."""
        if event.kind is Kind.BUTTON:
            return Outcome(toast=reply, alert=True)
        return say(reply)

    # ------------------------------------------------------------------------------ access
    def _stranger(self, event: Event) -> Outcome:
        """Joining is the only thing a stranger may do; nothing else they sent is passed on or kept."""
        joining = (
            event.kind is Kind.COMMAND and event.command in ("start", "link")
        ) or event.kind is Kind.JOIN
        if joining and event.text.strip():
            return say(self.join(event, event.text.strip().split()[0]))
        return self._refuse(event, REFUSAL)

    def join(self, event: Event, code: str) -> Reply:
        return access.join_with_code(
            self.uow,
            self.clock,
            code=code,
            account=event.account,
            display_name=event.display_name,
            chat=event.chat,
            # Joining makes this chat the member's delivery address: only a private chat will do.
            private_chat=event.private,
            private_link=event.private_link,
        ).reply

    @staticmethod
    def _welcome(actor: Actor) -> Reply:
        return Reply("bot.start.welcome_back", {"name": actor.display_name})

    # ------------------------------------------------------------------------------ commands
    def _command(self, actor: Actor, event: Event) -> Outcome:
        command = COMMANDS_BY_NAME.get(event.command or "")
        if command is None:
            return say(Reply("bot.unknown_command"))
        if command.local_only and not event.local:
            return say(Reply("bot.unknown_command"))
        if command.private_only and not event.private:
            return say(Reply("access.group.private_only"))
        arguments = command.arguments(event.text)
        if arguments is None and command.usage is not None:
            return say(Reply(command.usage))
        if not command.allows(actor):
            return say(Reply(command.refusal))
        result = command.run(self, actor, event, arguments)
        return result if isinstance(result, Outcome) else say(result)

    def commands(self) -> tuple[Command, ...]:
        """The menu, in order: what ``set_my_commands`` and ``/help`` list."""
        return tuple(c for c in COMMANDS if c.menu)

    def help_reply(self, actor: Actor | None = None) -> Reply:
        """The menu's lines; for a member only the commands they may use (a CDO sees no /overview)."""
        tr = translator()
        shown = [c for c in self.commands() if actor is None or c.allows(actor)]
        lines = [f"/{c.name} {tr.gettext(c.help_key)}" for c in shown]
        return Reply("bot.help", literal="\n".join(lines))

    def time_out(self, chat: Address, account: Account) -> Reply | None:
        """A transport's timer, ``Outcome.check_after`` after a dialog began: end it if nobody answered."""
        if not self.dialogs.time_out(chat, account):
            return None
        actor = access.identify(self.uow, account, self.admin_ids, clock=self.clock)
        if actor is not None:
            activity.cancel_edit(self.uow, actor, chat=chat)
        return Reply("bot.dialog.timeout")

    def cancel(self, actor: Actor, event: Event) -> bool:
        """End whatever is open in this chat: a guided dialog, a field edit, the card not yet confirmed."""
        had_dialog = self.dialogs.end(event.chat, event.account)
        had_edit = activity.cancel_edit(self.uow, actor, chat=event.chat)
        had_card = activity.cancel_open_card(self.uow, self.clock, actor, chat=event.chat)
        return had_dialog or had_edit or had_card

    # ------------------------------------------------------------------------------ buttons
    def _button(self, actor: Actor, event: Event) -> Outcome:
        data = event.data or ""
        if actor.may_have_state(event.chat):
            self.dialogs.end(
                event.chat, event.account
            )  # a button starts afresh, as a dialog's answer never is one
        prefix = data.split(":", 1)[0]
        if prefix == duty.CALLBACK_PREFIX:
            return self._duty_button(actor, data)
        if prefix == settings.CALLBACK_PREFIX:
            return Outcome(edit=settings.press_settings_button(self.uow, self.clock, actor, data))
        if prefix == CHART_PREFIX:
            from bot.services import commands

            return Outcome(replies=(commands.press_chart_button(self.uow, self.clock, actor, data),))
        if prefix == reminders.CALLBACK_PREFIX:
            result = reminders.press_reminder_button(
                self.uow, self.clock, member_id=actor.member_id, data=data
            )
            return Outcome(
                replies=(result.reply,) if result.reply is not None else (),
                buttons=result.keyboard,
                toast=result.toast,
                alert=result.keyboard is None,
            )
        # Cards and history (``act:``), and anything stale or unknown, which activity answers.
        result = activity.press(self.uow, self.clock, actor, data=data, chat=event.chat)
        return Outcome(edit=result.reply) if result.edit else say(result.reply)

    def _duty_button(self, actor: Actor, data: str) -> Outcome:
        if data.startswith((duty.SUGGEST_PREFIX, duty.CLAUSE_PREFIX)):
            return say(duty.show_clause(self.knowledge, data.split(":", 2)[2], today=self.today()))
        if data.startswith(duty.CITY_PREFIX):
            from bot.core.cities import resolve_city

            found = resolve_city(data.split(":", 2)[2])
            if found is not None:  # else a forged or outdated button
                return Outcome(edit=duty.list_duties(self.knowledge, found.code, None, actor.role))
        return Outcome(toast=Reply("activity.button.stale"), alert=True)

    # ------------------------------------------------------------------------------ lines and files
    def _text(self, actor: Actor, event: Event) -> Reply:
        text = event.text.strip()
        if len(text) > MAX_TEXT_INPUT:
            return Reply("error.text_too_long", {"limit": MAX_TEXT_INPUT})
        may_wait = actor.may_have_state(event.chat)  # else no dialog and no field edit waits here
        kind = self.dialogs.waiting_for(event.chat, event.account) if may_wait else None
        if kind is not None:
            self.dialogs.end(event.chat, event.account)
            return self._propose(actor, event, text, kind)
        if may_wait and activity.pending_edit(self.uow, self.clock, actor, chat=event.chat) is not None:
            # The database says this user was asked for a field's new value (修改 → 人数): this is it,
            # even if the process restarted between the question and the answer.
            return activity.finish_edit(self.uow, self.clock, actor, chat=event.chat, text=text)
        from bot.core.intake import parse_activity

        parsed = parse_activity(text, self.clock.now())
        if parsed.draft is not None or parsed.error is not None:
            return self._propose(actor, event, text, None)
        return self._answer(actor, text)

    def _propose(self, actor: Actor, event: Event, text: str, kind: str | None) -> Reply:
        return activity.propose_activity(
            self.uow, self.clock, actor, text=text, chat=event.chat, kind=kind
        ).reply

    def _answer(self, actor: Actor, text: str) -> Reply:
        if text.isdigit():
            return Reply("bot.hint")  # a choice typed where no button is shown, never a clause number
        reply = duty.answer_duty_question(
            self.knowledge, text, actor.city, actor.unit_name, actor.role, today=self.today()
        )
        if reply.key == "duty.not_in_plans" and not is_question(text):
            return Reply("bot.hint")
        return reply

    def _file(self, actor: Actor, event: Event) -> Reply:
        if (
            actor.may_have_state(event.chat)
            and self.dialogs.waiting_for(event.chat, event.account) is not None
        ):
            return Reply("bot.guided.need_text")
        assert event.file is not None, "a FILE event carries its file"
        return activity.attach_evidence(self.uow, self.clock, actor, event.file, reply_to=event.message).reply

    # ------------------------------------------------------------------------------ after rendering
    @staticmethod
    def remembers(reply: Reply | FileReply) -> bool:
        """Whether ``shown`` wants to hear where ``reply`` went (a card): other replies need no call."""
        return isinstance(reply, Reply) and draft_id_of(reply) is not None

    def shown(self, reply: Reply | FileReply, message: Address) -> None:
        """The transport sent ``reply`` as ``message``: remember a card's message (evidence replies to it)."""
        if isinstance(reply, Reply) and (draft_id := draft_id_of(reply)) is not None:
            activity.record_card_message(self.uow, draft_id, message=message)
