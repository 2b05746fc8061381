"""The upload page behind a one-time link: a form for one PDF or spreadsheet, and what became of it.

Layer: WeCom adapter. The link's token is checked here (``bot.wecom.upload``); the file itself is
handed to ``accept`` (the transport: the member behind the link, evidence of the linked record,
the same size and type rules as on Telegram) and its reply is shown on the page and sent to the
member's WeCom chat too. Every text comes from the catalog; everything shown is escaped.
"""

from __future__ import annotations

import html
from collections.abc import Awaitable, Callable

from bot.core.i18n import Translator
from bot.core.replies import Reply
from bot.wecom.upload import InvalidLink, Ticket, UploadLinks

Accept = Callable[[Ticket, str, str | None, bytes], Awaitable[tuple[bool, Reply]]]
"""(ticket, file name, content type, bytes) → (accepted, the reply to show): False if the link was used."""

GONE = 410


class UploadPages:
    def __init__(self, links: UploadLinks, translator: Translator, accept: Accept) -> None:
        self.links = links
        self.t = translator
        self.accept = accept

    def _page(self, body: str) -> str:
        title = html.escape(self.t.gettext("wecom.upload.title"))
        return (
            "<!doctype html><html lang=zh-CN><head><meta charset=utf-8>"
            '<meta name=viewport content="width=device-width,initial-scale=1">'
            f"<title>{title}</title></head><body><h1>{title}</h1>{body}</body></html>"
        )

    def _message(self, text: str) -> str:
        return self._page("".join(f"<p>{html.escape(line)}</p>" for line in text.split("\n") if line))

    def _refusal(self, error: InvalidLink) -> tuple[int, str]:
        key = "wecom.upload.expired" if error.reason == "expired" else "wecom.upload.invalid"
        return (GONE if error.reason == "expired" else 403), self._message(self.t.gettext(key))

    async def page(self, token: str) -> tuple[int, str]:
        try:
            self.links.open(token)
        except InvalidLink as error:
            return self._refusal(error)
        hint = html.escape(self.t.gettext("wecom.upload.hint"))
        button = html.escape(self.t.gettext("wecom.upload.button"))
        form = (
            f"<p>{hint}</p><form method=post enctype=multipart/form-data>"
            '<input type=file name=file required accept=".pdf,.xls,.xlsx,.doc,.docx,.ppt,.pptx,.csv,.zip,image/*">'
            f"<button type=submit>{button}</button></form>"
        )
        return 200, self._page(form)

    async def receive(
        self, token: str, filename: str, content_type: str | None, data: bytes
    ) -> tuple[int, str]:
        try:
            ticket = self.links.open(token)
        except InvalidLink as error:
            return self._refusal(error)
        accepted, reply = await self.accept(ticket, filename, content_type, data)
        if not accepted:
            return GONE, self._message(self.t.gettext("wecom.upload.used"))
        return 200, self._message(self.t.render(reply))
