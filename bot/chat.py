"""The terminal transport: the bot in a terminal, over the same dispatcher and database as Telegram.

Layer: adapter (like ``bot.handlers``), without telegram. It reads a line, turns it into an
``Event`` (``/cmd words`` a command, the number of a shown button a press, anything else a
line), passes it to ``bot.services.dispatcher.Dispatcher`` and prints the ``Outcome``: buttons
become numbered choices, a toast a line of its own, a file (a workbook, an ``.ics``) is written to
``files_dir`` and its path shown. Useful for trying the bot without a token, for demos and for
support ("what would the bot say to user 42?"): the terminal speaks as that Telegram user, in
their private chat, so dialogs, drafts and records are the same as on Telegram.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.core.address import Account, Address
from bot.core.replies import Choice, FileReply, Reply
from bot.services.conversation import Event, Kind, Outcome

if TYPE_CHECKING:
    from bot.bootstrap import AppContext


class TerminalChat:
    """One user's conversation; ``handle(line)`` returns the text the bot answers with."""

    def __init__(
        self, app: AppContext, user_id: int, *, display_name: str = "终端用户", files_dir: Path | None = None
    ) -> None:
        self.app = app
        self.files_dir = files_dir or Path.cwd()
        self.account = Account.telegram(user_id)
        """The terminal speaks as Telegram user ``user_id`` (``cdo-bot chat --user 42``), in that user's chat."""
        self.chat = Address.telegram(user_id)
        self.display_name = display_name
        self.choices: list[Choice] = []
        """The buttons of the last message shown: type a number to press one."""
        self._shown: Address | None = None
        self._next_message_id = 1

    def handle(self, line: str) -> str:
        line = line.strip()
        if not line:
            return ""
        event = self._event(line)
        outcome = self.app.dispatcher.handle(event)
        shown = [self._render(outcome)]
        for data in outcome.follow_ups:  # after the text: the chart under /progress, written beside the user
            kept = self.choices
            shown.append(self._render(self.app.dispatcher.follow_up(event, data)))
            self.choices = self.choices or kept  # a picture has no buttons: the text's stay numbered
        return "\n".join(part for part in shown if part)

    def _event(self, line: str) -> Event:
        common: dict[str, Any] = {
            "account": self.account,
            "chat": self.chat,
            "display_name": self.display_name,
            "local": True,  # typed at this computer: /attach PATH may read its files
        }
        if line.isdigit() and 1 <= int(line) <= len(self.choices):
            return Event(Kind.BUTTON, data=self.choices[int(line) - 1].data, message=self._shown, **common)
        if line.startswith("/"):
            command, _, rest = line.partition(" ")
            return Event(
                Kind.COMMAND, command=command[1:].split("@", 1)[0].lower(), text=rest.strip(), **common
            )
        return Event(Kind.TEXT, text=line, **common)

    def _render(self, outcome: Outcome) -> str:
        """The outcome as text; the buttons of all its messages are numbered on through them."""
        tr = self.app.translator
        parts = [tr.render(outcome.toast)] if outcome.toast is not None else []
        choices: list[Choice] | None = None
        if outcome.buttons is not None:  # the pressed message's new buttons
            choices = [choice for row in outcome.buttons for choice in row]
            if choices:
                parts.append(self._options(choices, 1))
        for reply in (outcome.edit, *outcome.replies):
            if isinstance(reply, FileReply):  # a file of its own (a chart asked for): it has no buttons
                parts.append(self._save(reply))
                choices = choices if choices is not None else []
            elif reply is not None:
                text, choices = self._show(reply, choices or [])
                parts.append(text)
        if choices is not None:
            self.choices = choices
        return "\n".join(parts)

    def _options(self, choices: list[Choice], first: int) -> str:
        tr = self.app.translator
        return "  ".join(f"[{i}] {tr.label(c)}" for i, c in enumerate(choices, first))

    def _show(self, reply: Reply, before: list[Choice]) -> tuple[str, list[Choice]]:
        """A message of the bot with its buttons numbered after ``before``; the dispatcher hears where it went."""
        text = self.app.translator.render(reply)
        own = [choice for row in reply.choices for choice in row]
        if own:
            text = f"{text}\n{self._options(own, len(before) + 1)}"
        for file in reply.files:  # a chart after the text, written beside the user like every file
            text = f"{text}\n{self._save(file)}"
        self._shown = self.chat.at(self._next_message_id)
        self._next_message_id += 1
        self.app.dispatcher.shown(reply, self._shown)
        return text, before + own

    def _save(self, file: FileReply) -> str:
        """Write the file beside the user (never over an existing one) and say where it is."""
        self.files_dir.mkdir(parents=True, exist_ok=True)
        path = self.files_dir / Path(file.filename).name
        stem, n = path.stem, 1
        while path.exists():
            n += 1
            path = path.with_name(f"{stem}-{n}{path.suffix}")
        path.write_bytes(file.data)
        saved = self.app.translator.format("bot.chat.file_saved", {"path": path})
        return "\n".join(part for part in (file.caption, saved) if part)


def run_session(
    chat: TerminalChat, lines: Iterable[str], write: Callable[[str], None], *, echo: bool
) -> None:
    """Feed ``lines`` to the chat until ``/quit``; with ``echo`` the input is shown too (for transcripts)."""
    write(chat.app.translator.gettext("bot.chat.banner"))
    for raw in lines:
        line = raw.rstrip("\n")
        if line.strip() in ("/quit", "/exit"):
            break
        if echo:
            write(f"> {line}")
        answer = chat.handle(line)
        if answer:
            write(answer)
