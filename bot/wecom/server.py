"""The HTTP side of the WeCom transport: ``/wecom/callback`` and the one-time upload pages.

Layer: WeCom adapter. Tornado, because it is already installed (python-telegram-bot's webhook
server, the ``webhooks`` extra), asyncio-native since 5.0 and maintained; aiohttp or an ASGI
server would add a second HTTP stack for two routes.

- ``GET /wecom/callback``: WeCom's URL check — answer the decrypted ``echostr``;
- ``POST /wecom/callback``: verify and decrypt, hand the message to the ``Inbox``, answer ``200``
  with an empty body at once (no passive reply: replies go out through ``message/send``);
  a bad signature, a body that does not decrypt, or one for another receiver gets ``403`` and
  nothing is queued;
- ``GET/POST /wecom/upload/<token>``: a page to upload a PDF or spreadsheet as evidence (WeCom
  lets members send images to an app, not files); see ``bot.wecom.upload``.

The access log leaves out query strings (a signed upload token is a credential while it lives).
"""

from __future__ import annotations

import logging
from typing import Any, Protocol

import tornado.httpserver
import tornado.web

from bot.wecom.crypto import EnvelopeError, WeComCrypto
from bot.wecom.events import parse_callback
from bot.wecom.inbox import Inbox

log = logging.getLogger(__name__)
access_log = logging.getLogger("bot.wecom.access")

CALLBACK_PATH = "/wecom/callback"
UPLOAD_PATH = "/wecom/upload/"
MAX_BODY = 25 * 1024 * 1024
"""Evidence uploads are at most 20 MB (``bot.services.activity.EVIDENCE_MAX_BYTES``) plus the form."""


class UploadPages(Protocol):
    """What the upload route asks of the transport (``bot.wecom.upload``)."""

    async def page(self, token: str) -> tuple[int, str]: ...

    async def receive(
        self, token: str, filename: str, content_type: str | None, data: bytes
    ) -> tuple[int, str]: ...


class CallbackHandler(tornado.web.RequestHandler):
    def initialize(self, crypto: WeComCrypto, inbox: Inbox) -> None:
        self.crypto = crypto
        self.inbox = inbox

    def _query(self, name: str) -> str:
        return self.get_query_argument(name, default="") or ""

    def get(self) -> None:
        try:
            echo = self.crypto.verify_url(
                self._query("msg_signature"),
                self._query("timestamp"),
                self._query("nonce"),
                self._query("echostr"),
            )
        except EnvelopeError as error:
            log.warning("wecom: URL check refused: %s", error)
            self.send_error(403)
            return
        self.set_header("Content-Type", "text/plain; charset=utf-8")
        self.finish(echo)

    async def post(self) -> None:
        try:
            plain = self.crypto.decrypt_callback(
                self._query("msg_signature"),
                self._query("timestamp"),
                self._query("nonce"),
                self.request.body,
            )
            incoming = parse_callback(plain)
        except (EnvelopeError, ValueError) as error:
            log.warning("wecom: callback refused: %s", error)
            self.send_error(403)
            return
        if incoming.user:
            await self.inbox.accept(incoming)  # kept in the database before WeCom hears 200
        self.set_header("Content-Type", "text/plain; charset=utf-8")
        self.finish("")

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        self.finish("forbidden" if status_code == 403 else "error")


class UploadHandler(tornado.web.RequestHandler):
    def initialize(self, pages: UploadPages) -> None:
        self.pages = pages

    async def get(self, token: str) -> None:
        status, html = await self.pages.page(token)
        self._html(status, html)

    async def post(self, token: str) -> None:
        files = self.request.files.get("file") or []
        if not files:
            status, html = await self.pages.page(token)
            self._html(400 if status == 200 else status, html)
            return
        upload = files[0]
        status, html = await self.pages.receive(
            token, upload.get("filename") or "", upload.get("content_type"), upload.get("body") or b""
        )
        self._html(status, html)

    def _html(self, status: int, html: str) -> None:
        self.set_status(status)
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        self.set_header("Referrer-Policy", "no-referrer")
        self.finish(html)

    def check_xsrf_cookie(self) -> None:
        """The signed one-time token in the path is the form's credential; no cookies are used."""


def _log_request(handler: tornado.web.RequestHandler) -> None:
    request = handler.request
    path = request.path
    if path.startswith(UPLOAD_PATH):
        path = UPLOAD_PATH + "…"
    access_log.info(
        "%d %s %s %.1fms", handler.get_status(), request.method, path, 1000.0 * request.request_time()
    )


def make_app(crypto: WeComCrypto, inbox: Inbox, pages: UploadPages | None = None) -> tornado.web.Application:
    routes: list[Any] = [(CALLBACK_PATH, CallbackHandler, {"crypto": crypto, "inbox": inbox})]
    if pages is not None:
        routes.append((UPLOAD_PATH + r"([A-Za-z0-9_\-.]+)", UploadHandler, {"pages": pages}))
    return tornado.web.Application(routes, log_function=_log_request, xsrf_cookies=False)


def listen(app: tornado.web.Application, host: str, port: int) -> tornado.httpserver.HTTPServer:
    server = tornado.httpserver.HTTPServer(app, max_body_size=MAX_BODY, xheaders=False)
    server.listen(port, address=host)
    return server
