"""The conversation the WeCom transport feeds: the terminal chat's, with replies kept as ``Reply`` objects.

Layer: WeCom adapter. The WeCom transport must not route commands, check access or parse
arguments of its own; today the one platform-neutral conversation outside Telegram's handlers
is the terminal chat's (``bot.chat.TerminalChat``: the command table, the access check, the
guided dialogs). This subclass speaks as a WeCom account in its WeCom chat and, instead of
turning replies into terminal text, hands them back as ``Reply`` / ``FileReply`` objects for the
WeCom renderer. When the one dispatcher of issue 12 lands, this module is replaced by a call to
it; nothing else in ``bot.wecom`` changes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bot.chat import TerminalChat
from bot.core.address import Account, Address
from bot.core.replies import FileReply, Reply

if TYPE_CHECKING:
    from bot.bootstrap import AppContext, ButtonOutcome


TERMINAL_ONLY = frozenset({"/attach", "/reminders"})
"""The terminal's own commands: ``/attach PATH`` reads a file of the machine the bot runs on, and
``/reminders`` stands in for the reminders a chat platform delivers. Neither exists on WeCom."""


class WeComConversation(TerminalChat):
    def __init__(self, app: AppContext, account: Account, chat: Address) -> None:
        super().__init__(app, 0, display_name=account.external_id)
        self.account = account
        self.chat = chat
        self._out: list[Reply | FileReply] = []

    # Replies are collected, not printed; which message shows a card is told by the transport
    # once WeCom answered with the card's task id.
    def _render(self, reply: Reply) -> str:
        self._out.append(reply)
        return ""

    def _save(self, file: FileReply) -> str:
        self._out.append(file)
        return ""

    def _command(self, member: Any, command: str, rest: str) -> str:
        if command in TERMINAL_ONLY:
            return self._render(Reply("bot.unknown_command"))
        return str(super()._command(member, command, rest))

    def line(self, text: str) -> list[Reply | FileReply]:
        self._out = []
        self.handle(text)
        return self._out

    def press(self, data: str) -> ButtonOutcome:
        from bot.bootstrap import ButtonOutcome

        member = self.services.identify(self.account)
        if member is None:
            return ButtonOutcome(None, edit=False, toast=Reply("bot.access.refused"), alert=True)
        outcome = self.services.press_button(member, chat=self.chat, data=data)
        self.waiting_for = "value" if outcome.awaits_value else None
        return outcome

    def known(self) -> bool:
        return self.services.identify(self.account) is not None

    def file_refused(self) -> Reply:
        return Reply("bot.access.refused")

    def file(self, **file: Any) -> Reply:
        member = self.services.identify(self.account)
        if member is None:
            return self.file_refused()
        return self.services.attach_evidence(member, caption=None, reply_to=None, **file)
