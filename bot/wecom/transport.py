"""The WeCom transport: a callback in, the conversation core's replies out.

Layer: WeCom adapter. It only carries messages: it turns a decrypted callback into what the
conversation core understands (a line of text, a button's data, a file with its bytes) spoken by
``Account("wecom", userid)`` in ``Address("wecom", userid)``, and renders what comes back
(``bot.wecom.notifier``). Who may do what, which command means what and what a button does are
the core's (``bot.wecom.conversation``), exactly as for the terminal chat and Telegram.

What is WeCom's own and therefore here:

- **exactly once** (PITFALLS 16): each callback is handled inside the processed-events ledger's
  ``handling_event("wecom", key)``, so whatever it writes commits together with its key, and a
  retry of it — even after a restart — is skipped; a callback that wrote nothing (a question) is
  claimed once its answer went out;
- **presses**: a ``template_card_event`` carries the button's key (our button data) and a
  once-only ``response_code``, with which the pressed card is updated;
- **files**: WeCom's ``media_id`` dies after three days (PITFALLS 18), so images (and files, if
  one comes) are downloaded with ``media/get`` at once and their bytes kept with the evidence;
  PDFs and spreadsheets come through a one-time upload link (``bot.wecom.upload``) that every
  saved record's reply carries;
- **joining**: members type ``加入 CODE`` as readily as ``/start CODE``; both are the same join;
- **the menu**: ``menu/create`` with the main commands.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import re
from typing import TYPE_CHECKING, Any

from bot.core.address import Account, Address
from bot.core.replies import FileReply, Reply
from bot.services.events import already_handled, claim_event, handling_event
from bot.wecom.client import WeComApiError, WeComClient
from bot.wecom.conversation import WeComConversation
from bot.wecom.events import Incoming
from bot.wecom.notifier import WeComNotifier, WeComSender
from bot.wecom.pages import UploadPages
from bot.wecom.upload import Ticket, UploadLinks

if TYPE_CHECKING:
    from bot.bootstrap import AppContext

log = logging.getLogger(__name__)

PLATFORM = "wecom"
UPLOAD_EVENTS = "wecom-upload"
JOIN_LINE = re.compile(r"^\s*加入\s*[:：]?\s*(?P<code>[A-Za-z0-9_\-]{4,64})\s*$")
SAVED_KEY = "activity.saved"
"""The reply to a confirmed record: on WeCom it also carries the record's upload link."""
MENU = (
    {"type": "click", "name": "我的记录", "key": "/history"},
    {"type": "click", "name": "我的职责", "key": "/duty"},
    {
        "name": "更多",
        "sub_button": [
            {"type": "click", "name": "进度", "key": "/progress"},
            {"type": "click", "name": "提醒设置", "key": "/settings"},
            {"type": "click", "name": "撤销上一条", "key": "/undo"},
            {"type": "click", "name": "使用说明", "key": "/help"},
        ],
    },
)


class WeComTransport:
    def __init__(self, app: AppContext, client: WeComClient, links: UploadLinks) -> None:
        self.app = app
        self.client = client
        self.links = links
        self.sender = WeComSender(client, app.translator)
        self.notifier = WeComNotifier(self.sender)
        self.upload_pages = UploadPages(links, app.translator, self.accept_upload)
        self._conversations: dict[str, WeComConversation] = {}

    # ------------------------------------------------------------------ incoming
    async def handle(self, incoming: Incoming) -> None:
        uow = self.app.uow
        if await asyncio.to_thread(already_handled, uow, PLATFORM, incoming.key):
            log.info("wecom: a %s callback was already handled; WeCom's retry ignored", incoming.kind)
            return
        with handling_event(PLATFORM, incoming.key) as claim:
            await self._handle(incoming)
        if not claim.claimed:
            await asyncio.to_thread(claim_event, uow, self.app.clock, PLATFORM, incoming.key)

    async def _handle(self, incoming: Incoming) -> None:
        user = incoming.user
        if incoming.kind == "text":
            await self._line(user, _join_alias(incoming.text))
        elif incoming.kind == "click":
            await self._line(user, incoming.text)
        elif incoming.kind == "press":
            await self._press(incoming)
        elif incoming.kind in ("image", "file"):
            await self._file(incoming)
        else:
            log.info("wecom: %s callback ignored", incoming.raw_type or incoming.kind)

    def _conversation(self, user: str) -> WeComConversation:
        """One per member and process: the guided dialogs' step lives in it (as in the terminal chat)."""
        conversation = self._conversations.get(user)
        if conversation is None:
            conversation = WeComConversation(self.app, Account(PLATFORM, user), Address(PLATFORM, user))
            self._conversations[user] = conversation
        return conversation

    async def _line(self, user: str, text: str) -> None:
        conversation = self._conversation(user)
        results = await asyncio.to_thread(conversation.line, text)
        await self._deliver(user, results)

    async def _press(self, incoming: Incoming) -> None:
        conversation = self._conversation(incoming.user)
        outcome = await asyncio.to_thread(conversation.press, incoming.text)
        reply = self._with_upload_link(incoming.user, outcome.reply)
        if outcome.toast is not None and (outcome.reply is None or outcome.alert):
            await self.sender.send_reply(incoming.user, outcome.toast)
        if outcome.edit:
            sent = await self.sender.update_card(
                incoming.user, incoming.response_code, incoming.task_id, reply
            )
        else:  # the card stays as it is (a clause shown below a list of them); its code goes unused
            sent = await self.sender.send_reply(incoming.user, reply) if reply is not None else []
        await self._cards_shown(incoming.user, reply, sent)

    async def _file(self, incoming: Incoming) -> None:
        conversation = self._conversation(incoming.user)
        if not await asyncio.to_thread(conversation.known):
            # A stranger's file is not fetched at all (it could be 20 MB); the core answers the refusal.
            await self._deliver(incoming.user, [await asyncio.to_thread(conversation.file_refused)])
            return
        try:
            media = await self.client.get_media(incoming.media_id)
        except WeComApiError as error:
            log.warning("wecom: media/get refused the media (errcode %s)", error.errcode)
            await self.sender.send_reply(incoming.user, Reply("wecom.media.gone"))
            return
        name = incoming.file_name or media.filename
        reply = await asyncio.to_thread(
            conversation.file,
            file_id=f"{PLATFORM}:{incoming.media_id}",
            file_unique_id="sha256:" + hashlib.sha256(media.data).hexdigest(),
            file_name=name,
            mime_type=media.content_type or ("image/jpeg" if incoming.kind == "image" else None),
            file_size=len(media.data),
            content=media.data,
        )
        await self._deliver(incoming.user, [reply])

    # ------------------------------------------------------------------ outgoing
    async def _deliver(self, user: str, results: list[Reply | FileReply]) -> None:
        for result in results:
            if isinstance(result, FileReply):
                await self.sender.send_file(user, result)
                continue
            reply = self._with_upload_link(user, result)
            sent = await self.sender.send_reply(user, reply)
            await self._cards_shown(user, reply, sent)
            for file in getattr(reply, "files", ()):  # a chart under /progress or /overview
                await self.sender.send_file(user, file)

    async def _cards_shown(self, user: str, reply: Reply | None, sent: list[Any]) -> None:
        """Tell the core which card shows a draft (so a later 确认 finds it, as on Telegram)."""
        if reply is None:
            return
        for part in sent:
            if part.outgoing.task_id:
                message = Address(PLATFORM, user, part.outgoing.task_id)
                await asyncio.to_thread(self.app.services.card_shown, reply, message=message)
                return

    def _with_upload_link(self, user: str, reply: Reply | None) -> Reply | None:
        """A saved record's reply, WeCom's way: photos may just be sent, files go by the record's link."""
        if reply is None or reply.key != SAVED_KEY or "id" not in reply.params:
            return reply
        url = self.links.url(user, int(reply.params["id"]))
        return Reply(f"{SAVED_KEY}@wecom", {**reply.params, "upload_url": url}, reply.choices, reply.literal)

    # ------------------------------------------------------------------ upload link
    async def accept_upload(
        self, ticket: Ticket, filename: str, content_type: str | None, data: bytes
    ) -> tuple[bool, Reply]:
        uow = self.app.uow
        key = f"{ticket.nonce}"
        if await asyncio.to_thread(already_handled, uow, UPLOAD_EVENTS, key):
            return False, Reply("wecom.upload.used")
        conversation = self._conversation(ticket.user)
        with handling_event(UPLOAD_EVENTS, key) as claim:
            reply = await asyncio.to_thread(
                conversation.file,
                file_id=f"{PLATFORM}:upload:{ticket.nonce}",
                file_unique_id="sha256:" + hashlib.sha256(data).hexdigest(),
                file_name=filename or None,
                mime_type=content_type,
                file_size=len(data),
                content=data,
                activity_id=ticket.activity_id,
            )
        if not claim.claimed:  # refused (too big, wrong type): the link stays usable for a better file
            return True, reply
        try:
            await self.sender.send_reply(ticket.user, reply)
        except Exception:  # the page shows it anyway
            log.warning("wecom: could not tell %s in WeCom about the upload", "the member", exc_info=True)
        return True, reply

    # ------------------------------------------------------------------ menu
    async def publish_menu(self) -> None:
        try:
            await self.client.create_menu(MENU)
        except Exception as error:  # the bot works without a menu; say why there is none
            log.warning("wecom: menu/create failed: %s", error)


def _join_alias(text: str) -> str:
    """``加入 CODE`` → ``/start CODE``: WeCom members type words, not slash commands.

    Only a whole line of 加入 and one code (invite codes are URL-safe base64, ``[A-Za-z0-9_-]``): a
    sentence that starts with 加入 ("加入了数据安全培训…") stays a sentence.
    """
    match = JOIN_LINE.match(text)
    return f"/start {match['code']}" if match else text
