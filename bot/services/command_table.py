"""The one table of commands: name, argument rule, who may use it, group chats, help line.

Layer: services. Every transport routes ``/name words`` through ``Dispatcher.handle``, which looks
the command up here; Telegram's command menu (``set_my_commands``) and ``/help`` are generated
from it. To add a command, write its ``run`` function and add a ``Command`` row to ``COMMANDS``
(its menu line is the catalog entry ``bot.command.<name>``). Fields:

- ``arguments``: turns the words after the command into what ``run`` needs, or None when they
  are wrong, in which case ``usage`` (a msgid) is the answer;
- ``roles``: who may use it (admins always may); anyone else gets ``refusal``. None: every member.
  The services still check what only they can know (which city, which unit);
- ``private_only``: it shows a unit's or a city's data (or a code), so in a group chat, where
  members of other units read along, it answers ``access.group.private_only`` instead;
- ``local_only``: only the terminal chat may use it (it reads this computer's files);
- ``dialog``: it starts a guided dialog (``/train``): the next line is its answer;
- ``slow``: it builds a file or a chart, so it must not hold up other users' messages;
- ``menu``: listed in the command menu and ``/help`` (``/start`` is, the aliases are not).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from bot.core.replies import FileReply, Reply
from bot.services.access import Actor
from bot.services.conversation import Event, Outcome, say

if TYPE_CHECKING:
    from bot.services.dispatcher import Dispatcher

Run = Callable[["Dispatcher", Actor, Event, Any], Outcome | Reply | FileReply]
CHART_PREFIX = "chart"
"""The button under ``/progress`` (``chart:progress:2026``) and ``/overview`` (``chart:overview:zhuhai:2026``)
that draws the picture of what the text says (``bot.services.commands.press_chart_button``); slow
like the commands that build files (``Dispatcher.is_slow``)."""


def words(text: str) -> str:
    """The words as typed: the service parses them (``bot.services.commands``)."""
    return text.strip()


def ignored(text: str) -> None:
    """The command takes no arguments; words after it are ignored."""
    return None


def invite_arguments(text: str) -> Any:
    """``[城市] [单位] 角色`` (``bot.services.commands.invite_arguments``), or None without a role."""
    from bot.services import commands

    return commands.invite_arguments(text)


@dataclass(frozen=True)
class Command:
    name: str
    run: Run
    arguments: Callable[[str], Any] = ignored
    usage: str | None = None
    roles: frozenset[str] | None = None
    refusal: str = "bot.not_allowed"
    private_only: bool = False
    local_only: bool = False
    """Only for someone at this computer (the terminal chat): it reads local files."""
    dialog: str | None = None
    """The activity kind a guided dialog asks for (``/train`` → ``training``)."""
    slow: bool = False
    """It builds a file or a chart (seconds): transports with an event loop let other users' updates
    through meanwhile and give it a longer deadline (``bot.services.blocking.LONG_CALLS``)."""
    menu: bool = True

    def allows(self, actor: Actor) -> bool:
        return self.roles is None or actor.is_admin or actor.role in self.roles

    @property
    def help_key(self) -> str:
        return f"bot.command.{self.name}"


# ------------------------------------------------------------------------------------ run functions
# Each takes the dispatcher, the member, the event and the parsed arguments; the dispatcher has
# already checked access, roles, group chats and the argument rule.


def _help(d: Dispatcher, actor: Actor, event: Event, _: None) -> Outcome:
    return say(d.help_reply(actor))


def _start(d: Dispatcher, actor: Actor, event: Event, code: str) -> Reply:
    if code:
        return d.join(event, code)
    return Reply("bot.start.welcome_back", {"name": actor.display_name})


def _link(d: Dispatcher, actor: Actor, event: Event, code: str) -> Reply:
    """``/link``: a code to type on the other platform; ``/link CODE`` from a member's account refuses
    (the code is for an account that is not a member yet)."""
    from bot.services import access

    if code:
        return d.join(event, code)
    return access.create_link_code(d.uow, d.clock, actor)


def _guided(d: Dispatcher, actor: Actor, event: Event, _: None) -> Outcome:
    kind = COMMANDS_BY_NAME[event.command or ""].dialog
    assert kind is not None
    d.dialogs.begin(event.chat, event.account, kind)
    return Outcome(replies=(Reply(f"bot.guided.{kind}"),), check_after=d.dialogs.timeout)


def _cancel(d: Dispatcher, actor: Actor, event: Event, _: None) -> Reply:
    return Reply("bot.cancelled" if d.cancel(actor, event) else "bot.nothing_to_cancel")


def _history(d: Dispatcher, actor: Actor, event: Event, _: None) -> Reply:
    from bot.services import activity

    return activity.list_history(d.uow, d.clock, actor).reply


def _undo(d: Dispatcher, actor: Actor, event: Event, text: str) -> Reply:
    """``/undo`` (the record entered last) or ``/undo 3`` (record 编号 3)."""
    from bot.services import commands

    return commands.undo_command(d.uow, d.clock, actor, text)


def _duty(d: Dispatcher, actor: Actor, event: Event, _: None) -> Reply:
    from bot.services import duty

    if not actor.city:
        return duty.choose_city()
    return duty.list_duties(d.knowledge, actor.city, actor.unit_name, actor.role)


def _invite(d: Dispatcher, actor: Actor, event: Event, args: Any) -> Reply:
    from bot.services import access

    return access.create_invite(
        d.uow,
        d.clock,
        city=args.city,
        unit_name=args.unit or "",
        role=args.role.lower(),
        created_by=actor.account,
        admin_ids=d.admin_ids,
    ).reply


def _members(name: str) -> Run:
    """``bot.services.members.<name>_command``: admins everywhere, coordinators in their city."""

    def run(d: Dispatcher, actor: Actor, event: Event, text: str) -> Reply:
        from bot.services import members

        if name == "members":
            return members.members_command(d.uow, actor, text, d.admin_ids)
        command: Callable[..., Reply] = getattr(members, f"{name}_command")
        return command(d.uow, d.clock, actor, text, d.admin_ids)

    return run


def _due_reminders(d: Dispatcher, actor: Actor, event: Event, _: None) -> Outcome:
    """The terminal's ``/reminders``: what Telegram would have sent by now, with its buttons."""
    from bot.core.cities import load_cities
    from bot.services import reminders

    due = reminders.due_for_member(
        d.uow, d.clock, load_cities(), member_id=actor.member_id, city=actor.city, hour=d.reminder_hour
    )
    return Outcome(replies=tuple(due) or (Reply("reminder.none_due"),))


def _attach(d: Dispatcher, actor: Actor, event: Event, path: str) -> Reply:
    """The terminal's ``/attach PATH``: a file on this computer as evidence of the member's last record."""
    from bot.services import activity
    from bot.services.local_files import evidence_from_path

    return activity.attach_evidence(d.uow, d.clock, actor, evidence_from_path(path)).reply


def _with_words(name: str) -> Run:
    """``bot.services.commands.<name>_command(uow, clock, actor, words)``."""

    def run(d: Dispatcher, actor: Actor, event: Event, text: str) -> Reply | FileReply:
        from bot.services import commands

        command: Callable[..., Reply | FileReply] = getattr(commands, f"{name}_command")
        return command(d.uow, d.clock, actor, text)

    return run


def _summary(d: Dispatcher, actor: Actor, event: Event, text: str) -> Reply | FileReply:
    from bot.services import summary

    return summary.summary_command(d.uow, d.clock, d.knowledge, actor, text)


# ------------------------------------------------------------------------------------ the table

UNIT_VIEWERS = frozenset({"coordinator"})
"""Roles that see every unit of their city (admins always do)."""

COMMANDS: tuple[Command, ...] = (
    Command("help", _help),
    Command("train", _guided, dialog="training"),
    Command("meeting", _guided, dialog="exchange_meeting"),
    Command("report", _guided, dialog="report"),
    Command("history", _history, private_only=True),
    Command("undo", _undo, arguments=words, private_only=True),
    Command("progress", _with_words("progress"), arguments=words, private_only=True, slow=True),
    Command("duty", _duty),
    Command("settings", _with_words("settings"), arguments=words),
    Command("deadline", _with_words("deadline"), arguments=words),
    Command("schedule", _with_words("meeting"), arguments=words),
    Command(
        "overview",
        _with_words("overview"),
        arguments=words,
        roles=UNIT_VIEWERS,
        refusal="progress.overview.not_allowed",
        private_only=True,
        slow=True,
    ),
    Command("export", _with_words("export"), arguments=words, private_only=True, slow=True),
    Command("summary", _summary, arguments=words, private_only=True, slow=True),
    Command(
        "invite",
        _invite,
        arguments=invite_arguments,
        usage="bot.invite.usage",
        roles=UNIT_VIEWERS,
        refusal="access.invite.not_allowed",
        private_only=True,
    ),
    Command("cancel", _cancel),
    Command("start", _start, arguments=words),
    Command("link", _link, arguments=words, private_only=True),
    Command(
        "members",
        _members("members"),
        arguments=words,
        roles=UNIT_VIEWERS,
        refusal="members.not_allowed",
        private_only=True,
        menu=False,
    ),
    Command(
        "deactivate",
        _members("deactivate"),
        arguments=words,
        roles=UNIT_VIEWERS,
        refusal="members.not_allowed",
        private_only=True,
        menu=False,
    ),
    Command(
        "handover",
        _members("handover"),
        arguments=words,
        roles=UNIT_VIEWERS,
        refusal="members.not_allowed",
        private_only=True,
        menu=False,
    ),
    Command("reminders", _due_reminders, local_only=True, menu=False),
    Command("attach", _attach, arguments=words, local_only=True, menu=False),
)
"""In the order of the command menu."""

COMMANDS_BY_NAME = {command.name: command for command in COMMANDS}
