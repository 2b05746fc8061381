"""Sending on WeCom: replies, files and card updates through ``message/send``; the ``Notifier`` port.

Layer: WeCom adapter. ``render`` decides the messages, the client sends them and turns WeCom's
errcodes into ``RetryLater`` / ``Unreachable`` (``bot.wecom.client``). A WeCom chat is a member's
userid (an app talks to one member at a time): ``Address("wecom", "zhangsan")``; a sent card is
``Address("wecom", "zhangsan", <task_id>)``, a sent text ``…#<msgid>``.

After a press, the card is updated once with the press's ``response_code`` (usable once, 72 h):
with the next step's card when the outcome has buttons and fits a card, otherwise its buttons are
replaced by a one-line status ("✅ 已保存…") and the outcome goes out as new messages. A code that
WeCom no longer accepts only costs the update: the outcome is sent as new messages all the same.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from bot.core.address import Address
from bot.core.i18n import Translator
from bot.core.notifier import Delivered
from bot.core.replies import FileReply, Reply
from bot.wecom.client import WeComApiError, WeComClient
from bot.wecom.render import Outgoing, done_label, render

log = logging.getLogger(__name__)

PLATFORM = "wecom"


@dataclass(frozen=True)
class SentPart:
    outgoing: Outgoing
    msgid: str | None


class WeComSender:
    def __init__(self, client: WeComClient, translator: Translator) -> None:
        self.client = client
        self.translator = translator

    async def send_outgoing(self, user: str, parts: list[Outgoing]) -> list[SentPart]:
        sent: list[SentPart] = []
        for part in parts:
            if part.msgtype == "text":
                result = await self.client.send_text(user, part.content["content"])
            elif part.msgtype == "template_card":
                result = await self.client.send_template_card(user, part.content)
            else:
                raise ValueError(f"cannot send {part.msgtype}")
            sent.append(SentPart(part, result.msgid))
        return sent

    async def send_reply(self, user: str, reply: Reply) -> list[SentPart]:
        return await self.send_outgoing(user, render(reply, self.translator))

    async def send_file(self, user: str, file: FileReply) -> None:
        """A workbook or calendar entry as a file message; a chart (PNG/JPEG) as an image message."""
        if file.caption:
            await self.client.send_text(user, file.caption)
        content_type = _content_type(file.filename)
        kind = "image" if content_type in ("image/png", "image/jpeg") else "file"
        media_id = await self.client.upload_media(kind, file.filename, file.data, content_type)
        if kind == "image":
            await self.client.send_image(user, media_id)
        else:
            await self.client.send_file(user, media_id)

    async def update_card(
        self, user: str, response_code: str, task_id: str, reply: Reply | None
    ) -> list[SentPart]:
        """Update the pressed card with ``reply`` (the press's outcome); returns what was sent anew."""
        parts = render(reply, self.translator, task_id=lambda: task_id) if reply is not None else []
        in_place = len(parts) == 1 and parts[0].msgtype == "template_card"
        if response_code:
            try:
                if in_place:
                    await self.client.update_template_card([user], response_code, card=parts[0].content)
                    return []
                label = done_label(reply, self.translator, self.translator.gettext("wecom.card.done"))
                await self.client.update_template_card([user], response_code, replace_name=label)
            except WeComApiError as error:
                log.info("wecom: card %s not updated (%s); sending the outcome anew", task_id, error.errcode)
        if reply is None:
            return []
        return await self.send_reply(user, reply)


def _content_type(filename: str) -> str:
    import mimetypes

    return mimetypes.guess_type(filename)[0] or "application/octet-stream"


class WeComNotifier:
    """The ``Notifier`` port on WeCom: what reminders and jobs send to a member's WeCom chat."""

    def __init__(self, sender: WeComSender) -> None:
        self.sender = sender

    async def send(self, chat: Address, reply: Reply) -> Delivered:
        if chat.platform != PLATFORM:
            raise ValueError(f"not a WeCom chat: {chat}")
        sent = await self.sender.send_reply(chat.chat, reply)
        last = sent[-1] if sent else None
        if last is None:
            return Delivered(None)
        ref = last.outgoing.task_id or last.msgid
        return Delivered(chat.at(ref) if ref else None)
