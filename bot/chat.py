"""The terminal adapter: the bot in a terminal, over the same services and database as Telegram.

Layer: adapter (like ``bot.handlers``), without telegram. Buttons become numbered choices: type
the number to press one. Useful for trying the bot without a token, for demos and for support
("what would the bot say to user 42?").

The dialog state (which guided command is waiting for its description, which field is being
edited) lives in this object for the session; drafts and records are in the database, so a
card shown here can also be confirmed later. Commands with arguments (``/settings``,
``/deadline``, ``/schedule``, ``/progress``, ``/overview``, ``/export``) go through the same
``Services`` methods as Telegram's handlers; a file (a workbook, an ``.ics``) is written to
``files_dir`` and its path is shown.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.core.address import Account, Address
from bot.core.replies import Choice, FileReply, Reply

if TYPE_CHECKING:
    from bot.bootstrap import AppContext

GUIDED = {"/train": "training", "/meeting": "exchange_meeting", "/report": "report"}


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
        self.waiting_for: str | None = None
        """``describe:<kind>`` after /train …, ``value`` after 修改 → a field."""
        self._next_message_id = 1

    @property
    def services(self) -> Any:
        return self.app.services

    def _render(self, reply: Reply) -> str:
        tr = self.app.translator
        text = tr.render(reply)
        self.choices = [choice for row in reply.choices for choice in row]
        if self.choices:
            options = "  ".join(f"[{i}] {tr.label(c)}" for i, c in enumerate(self.choices, 1))
            text = f"{text}\n{options}"
        for file in reply.files:  # a chart after the text, written beside the user like every file
            text = f"{text}\n{self._save(file)}"
        message_id = self._next_message_id
        self._next_message_id += 1
        self.services.card_shown(reply, message=self.chat.at(message_id))
        return text

    def _render_all(self, replies: list[Reply]) -> str:
        """Several messages at once (due reminders); their buttons are numbered on through all of them."""
        tr = self.app.translator
        texts: list[str] = []
        choices: list[Choice] = []
        for reply in replies:
            own = [choice for row in reply.choices for choice in row]
            text = tr.render(reply)
            if own:
                first = len(choices) + 1
                text += "\n" + "  ".join(f"[{i}] {tr.label(c)}" for i, c in enumerate(own, first))
            choices += own
            texts.append(text)
        self.choices = choices
        self._next_message_id += 1
        return "\n\n".join(texts)

    def handle(self, line: str) -> str:
        line = line.strip()
        if not line:
            return ""
        member = self.services.identify(self.account)
        command, _, rest = line.partition(" ")
        if member is None:
            if command == "/start" and rest.strip():
                return self._render(
                    self.services.join(
                        account=self.account,
                        display_name=self.display_name,
                        chat=self.chat,
                        code=rest.strip(),
                    )
                )
            return self._render(Reply("bot.access.refused"))
        if line.isdigit() and self.choices and 1 <= int(line) <= len(self.choices):
            return self._press(member, self.choices[int(line) - 1].data)
        if command.startswith("/"):
            return self._command(member, command, rest.strip())
        return self._text(member, line)

    def _press(self, member: Any, data: str) -> str:
        outcome = self.services.press_button(member, chat=self.chat, data=data)
        self.waiting_for = "value" if outcome.awaits_value else None
        parts = [self.app.translator.render(outcome.toast)] if outcome.toast else []
        if outcome.reply is not None:
            parts.append(self._render(outcome.reply))
        return "\n".join(parts)

    def _text(self, member: Any, text: str) -> str:
        waiting, self.waiting_for = self.waiting_for, None
        if waiting == "value":
            return self._render(self.services.finish_edit(member, chat=self.chat, text=text))
        if waiting and waiting.startswith("describe:"):
            kind = waiting.split(":", 1)[1]
            return self._render(self.services.propose_activity(member, chat=self.chat, text=text, kind=kind))
        return self._render(self.services.respond_to_text(member, chat=self.chat, text=text))

    def _command(self, member: Any, command: str, rest: str) -> str:
        s = self.services
        simple: dict[str, Callable[[], Reply]] = {
            "/help": lambda: Reply("bot.help"),
            "/history": lambda: s.history(member),
            "/duty": lambda: s.list_duties(member),
            "/start": lambda: s.welcome(member),
        }
        with_words: dict[str, Callable[[Any, str], Reply | FileReply]] = {
            "/undo": s.undo,
            "/settings": s.settings,
            "/deadline": s.deadline,
            "/schedule": s.meeting,
            "/progress": s.progress,
            "/overview": s.overview,
            "/export": s.export,
            "/summary": s.summary,
            "/members": s.members,
            "/deactivate": s.deactivate,
            "/handover": s.handover,
        }
        if command in simple:
            return self._render(simple[command]())
        if command in with_words:
            result = with_words[command](member, rest)
            return self._save(result) if isinstance(result, FileReply) else self._render(result)
        if command in GUIDED:
            self.waiting_for = f"describe:{GUIDED[command]}"
            return self._render(Reply(f"bot.guided.{GUIDED[command]}"))
        if command == "/cancel":
            had = self.waiting_for is not None
            self.waiting_for = None
            had = s.cancel_dialog(member, chat=self.chat) or had
            return self._render(Reply("bot.cancelled" if had else "bot.nothing_to_cancel"))
        if command == "/invite":
            return self._render(s.invite(member, rest))
        if command == "/reminders":  # what Telegram would have sent by now, with its buttons
            return self._render_all(s.due_reminders(member))
        if command == "/attach":  # a local file as evidence of the last record
            return self._render(s.attach_path(member, path=rest))
        return self._render(Reply("bot.unknown_command"))

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
