"""The WeCom transport: a callback in, the conversation core's replies out.

Layer: WeCom adapter. It only carries messages: it turns a decrypted callback into what the
conversation core understands (a line of text, a button's data, a file with its bytes) spoken by
``Account("wecom", userid)`` in ``Address("wecom", userid)``, and renders what comes back
(``bot.wecom.notifier``). Who may do what, which command means what and what a button does are
the core's (``bot.services.dispatcher``), exactly as for the terminal chat and Telegram.

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
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from bot.core.address import Account, Address
from bot.core.replies import FileReply, Reply
from bot.services.activity import EvidenceFile
from bot.services.conversation import Event, Kind, Outcome
from bot.services.events import already_handled, claim_event, handling_event
from bot.wecom.client import WeComApiError, WeComClient
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

    @property
    def dispatcher(self) -> Any:
        return self.app.dispatcher

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

    def _event(self, user: str, kind: Kind, **fields: Any) -> Event:
        return Event(
            kind,
            account=Account(PLATFORM, user),
            chat=Address(PLATFORM, user),
            display_name=user,  # WeCom tells a self-built app no names any more, only userids
            event_id=fields.pop("event_id", None),
            **fields,
        )

    def _line_event(self, user: str, line: str, event_id: str | None) -> Event:
        line = _join_alias(line).strip()
        if line.startswith("/"):
            command, _, rest = line.partition(" ")
            return self._event(
                user, Kind.COMMAND, command=command[1:].lower(), text=rest.strip(), event_id=event_id
            )
        return self._event(user, Kind.TEXT, text=line, event_id=event_id)

    async def _handle(self, incoming: Incoming) -> None:
        user = incoming.user
        if incoming.kind in ("text", "click"):
            event = self._line_event(user, incoming.text, incoming.key)
        elif incoming.kind == "press":
            event = self._event(
                user,
                Kind.BUTTON,
                data=incoming.text,
                message=Address(PLATFORM, user, incoming.task_id) if incoming.task_id else None,
                event_id=incoming.key,
            )
        elif incoming.kind in ("image", "file"):
            event = await self._file_event(incoming)
            if event is None:
                return
        else:
            log.info("wecom: %s callback ignored", incoming.raw_type or incoming.kind)
            return
        outcome = await asyncio.to_thread(self.dispatcher.handle, event)
        await self._render(user, outcome, incoming if incoming.kind == "press" else None)
        for data in outcome.follow_ups:  # after the text: the chart under /progress
            await self._render(user, await asyncio.to_thread(self.dispatcher.follow_up, event, data), None)

    async def _file_event(self, incoming: Incoming) -> Event | None:
        user = incoming.user
        if not await asyncio.to_thread(self._known, user):
            # A stranger's file is not even fetched (it could be 20 MB); the core answers the refusal.
            outcome = await asyncio.to_thread(self.dispatcher.handle, self._event(user, Kind.OTHER))
            await self._render(user, outcome, None)
            return None
        try:
            media = await self.client.get_media(incoming.media_id)
        except WeComApiError as error:
            log.warning("wecom: media/get refused the media (errcode %s)", error.errcode)
            await self.sender.send_reply(user, Reply("wecom.media.gone"))
            return None
        file = EvidenceFile(
            telegram_file_id=f"{PLATFORM}:{incoming.media_id}",
            file_unique_id="sha256:" + hashlib.sha256(media.data).hexdigest(),
            file_name=incoming.file_name or media.filename,
            mime_type=media.content_type or ("image/jpeg" if incoming.kind == "image" else None),
            file_size=len(media.data),
            content=media.data,
        )
        return self._event(user, Kind.FILE, file=file, event_id=incoming.key)

    def _known(self, user: str) -> bool:
        from bot.services import access

        account = Account(PLATFORM, user)
        return (
            access.identify(self.app.uow, account, self.app.settings.admin_ids, clock=self.app.clock)
            is not None
        )

    # ------------------------------------------------------------------ outgoing
    async def _render(self, user: str, outcome: Outcome, press: Incoming | None) -> None:
        card_ref = press.task_id if press is not None else None
        if outcome.toast is not None and (outcome.alert or (outcome.edit is None and not outcome.replies)):
            await self.sender.send_reply(user, outcome.toast)
        if press is not None and (outcome.edit is not None or outcome.buttons is not None):
            edit = outcome.edit
            if edit is None and outcome.buttons:  # only the buttons change: a card with the new ones
                edit = Reply("wecom.card.choose", choices=outcome.buttons)
            edit = self._with_upload_link(user, edit, card_ref)
            sent = await self.sender.update_card(user, press.response_code, press.task_id, edit)
            await self._shown(user, edit, sent, fallback=press.task_id)
        elif outcome.edit is not None:
            await self._send(user, outcome.edit, card_ref)
        for reply in outcome.replies:
            await self._send(user, reply, card_ref)
        if outcome.check_after is not None:
            asyncio.get_running_loop().call_later(
                outcome.check_after.total_seconds(), lambda: asyncio.ensure_future(self._time_out(user))
            )

    async def _send(self, user: str, reply: Reply | FileReply, card_ref: str | None) -> None:
        if isinstance(reply, FileReply):
            await self.sender.send_file(user, reply)
            return
        reply = self._with_upload_link(user, reply, card_ref)
        assert reply is not None
        sent = await self.sender.send_reply(user, reply)
        await self._shown(user, reply, sent)
        for file in reply.files:  # a chart under /progress or /overview
            await self.sender.send_file(user, file)

    async def _shown(
        self, user: str, reply: Reply | None, sent: list[Any], fallback: str | None = None
    ) -> None:
        """Tell the core which message shows a reply (a card's ``task_id``): a later press names it."""
        if reply is None:
            return
        ref = next((p.outgoing.task_id for p in sent if p.outgoing.task_id), None) or fallback
        if ref is None:
            ref = next((p.msgid for p in sent if p.msgid), None)
        if ref:
            await asyncio.to_thread(self.dispatcher.shown, reply, Address(PLATFORM, user, ref))

    async def _time_out(self, user: str) -> None:
        reply = await asyncio.to_thread(
            self.dispatcher.time_out, Address(PLATFORM, user), Account(PLATFORM, user)
        )
        if reply is not None:
            await self.sender.send_reply(user, reply)

    def _with_upload_link(self, user: str, reply: Reply | None, card_ref: str | None) -> Reply | None:
        """A saved record's reply, WeCom's way: photos may just be sent, files go by the record's link."""
        if reply is None or reply.key != SAVED_KEY or card_ref is None:
            return reply
        url = self.links.url(user, card_ref)
        return replace(reply, key=f"{SAVED_KEY}@wecom", params={**reply.params, "upload_url": url})

    # ------------------------------------------------------------------ upload link
    async def accept_upload(
        self, ticket: Ticket, filename: str, content_type: str | None, data: bytes
    ) -> tuple[bool, Reply]:
        uow = self.app.uow
        if await asyncio.to_thread(already_handled, uow, UPLOAD_EVENTS, ticket.nonce):
            return False, Reply("wecom.upload.used")
        file = EvidenceFile(
            telegram_file_id=f"{PLATFORM}:upload:{ticket.nonce}",
            file_unique_id="sha256:" + hashlib.sha256(data).hexdigest(),
            file_name=filename or None,
            mime_type=content_type,
            file_size=len(data),
            content=data,
        )
        # The link names the card of the saved record: the file is evidence "in reply to" it.
        event = self._event(
            ticket.user, Kind.FILE, file=file, message=Address(PLATFORM, ticket.user, ticket.card)
        )
        with handling_event(UPLOAD_EVENTS, ticket.nonce) as claim:
            outcome = await asyncio.to_thread(self.dispatcher.handle, event)
        replies = [r for r in (outcome.edit, *outcome.replies) if isinstance(r, Reply)]
        reply = replies[0] if replies else Reply("wecom.upload.used")
        if claim.claimed:
            try:
                await self.sender.send_reply(ticket.user, reply)
            except Exception:  # the page shows it anyway
                log.warning("wecom: could not tell the member in WeCom about the upload", exc_info=True)
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
